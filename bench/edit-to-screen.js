// Time from saving a file to the open page showing it, in Chromium, under
// `cablepress serve` (run by bench/edit-to-screen.sh, which starts the server).
//
//   node edit-to-screen.js PAGE_URL FILE [RUNS] [note|cable]
//
// Opens PAGE_URL, then RUNS times rewrites FILE and polls the page (every 5 ms, through
// each reload) until its text shows the new word: an annotation (`note`) gets one new
// line; a cable (`cable`) gets one word at the end of its last line, inside its last
// paragraph. Puts the file back as it was at the end.
const { chromium } = require('playwright-core');
const fs = require('fs');
const [url, note, runs, mode] = [process.argv[2], process.argv[3], +(process.argv[4] || 3), process.argv[5] || 'note'];
(async () => {
  const original = fs.readFileSync(note, 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // Between edits: serve makes the search index again once edits pause for 1 s, so a
  // pause longer than that times the edit that gives it up.
  const pause = Number(process.env.PAUSE_MS || 1500);
  const times = [];
  try {
    for (let i = 1; i <= runs; i++) {
      await new Promise((r) => setTimeout(r, pause));
      const marker = `Marker${i}x${Date.now()}`;
      const t0 = Date.now();
      const edited = mode === 'cable'
        ? original.replace(/\s*$/, ` ${marker}\n`)
        : original + `\nEdited: ${marker}\n`;
      fs.writeFileSync(note, edited);
      for (;;) {
        let seen = false;
        try { seen = await page.evaluate((m) => !!document.body && document.body.innerText.includes(m), marker); } catch (e) {}
        if (seen) break;
        if (Date.now() - t0 > 20000) throw new Error('not shown after 20 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(Date.now() - t0);
      console.log(`edit ${i}: shown in the browser ${times[times.length - 1]} ms after the save`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`median ${sorted[Math.floor(sorted.length / 2)]} ms, slowest ${sorted[sorted.length - 1]} ms over ${times.length} edits`);
  } finally {
    fs.writeFileSync(note, original);
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
