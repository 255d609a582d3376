/* cablepress offline search.
 *
 * Runs in the browser with no server: the index (written by src/render/search/) is a set of
 * JavaScript files, each calling CP_SEARCH.add(key, data), loaded on demand with <script>
 * elements. That works from file:// (where fetch() of local files is refused), on any host
 * and under any sub-path: file URLs are relative to the search page.
 *
 * A query is a list of clauses, all of which must match: words (matched by their
 * beginning) and "quoted phrases" (each word followed by the next, checked against the
 * index's next-word hashes).
 * Words are folded as the indexer folds them: lower case, accents removed, split on
 * anything that is not a letter or digit, one-character words and stopwords dropped.
 * Results are ranked by BM25 (the index stores each posting's term-frequency part,
 * already length-normalised; idf comes from the document frequencies), or by date. Under
 * relevance, a page one of whose names (a person's name or alias, a note's title) is the
 * whole query comes first: the index holds each such name as one term, its words each
 * followed by a space (`than shwe `), which no word can be (see nameTerm).
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const INDEX = (script && script.getAttribute("data-index")) || "";
  const ROOT = (script && script.getAttribute("data-root")) || "";
  const PAGE = 20;
  const MIN_PREFIX = 2; // shorter words match exactly
  const MAX_EXPANSIONS = 30; // words a prefix stands for, most frequent first
  const MAX_PREFIX_SHARDS = 4;
  const PREFIX_WEIGHT = 0.6; // a word that only starts with the query word counts less
  const EXPANSION_BYTES = 1500000;
  const K1 = 1.2;

  const store = Object.create(null);
  const pending = Object.create(null);
  const loadedKeys = [];

  const api = (window.CP_SEARCH = window.CP_SEARCH || {});
  api.add = function (key, data) {
    store[key] = data;
  };
  api.loaded = loadedKeys;

  /* Loads the index file `key` (once) with a <script> element. */
  function load(key) {
    if (store[key] !== undefined) return Promise.resolve(store[key]);
    if (pending[key]) return pending[key];
    pending[key] = new Promise(function (resolve, reject) {
      const s = document.createElement("script");
      s.src = INDEX + key + ".js";
      s.async = true;
      s.onload = function () {
        s.remove();
        if (store[key] === undefined) {
          delete pending[key];
          reject(new Error("index file " + key + ".js did not register"));
        } else {
          loadedKeys.push(key);
          resolve(store[key]);
        }
      };
      s.onerror = function () {
        s.remove();
        delete pending[key];
        reject(new Error("cannot load " + s.src + " (rebuild the site?)"));
      };
      document.head.appendChild(s);
    });
    return pending[key];
  }

  /* ---- numbers as text (see src/render/search/vlq.rs) ---- */
  const ALPHABET = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  const BASE = 46;
  const DIGIT = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

  /* A reader over one encoded string. */
  function Reader(s) {
    this.s = s;
    this.i = 0;
  }
  Reader.prototype.more = function () {
    return this.i < this.s.length;
  };
  Reader.prototype.next = function () {
    let v = 0;
    let m = 1;
    const s = this.s;
    while (this.i < s.length) {
      const d = DIGIT[s.charCodeAt(this.i++)];
      if (d >= BASE) {
        v += (d - BASE) * m;
        m *= BASE;
      } else {
        return v + d * m;
      }
    }
    return v;
  };

  /* Postings → arrays (see src/render/search/postings.rs): per document the gap, the
   * weight packed with the number of distinct next words, more of that count when it is
   * 2 or more, and for words that are not common, the paragraph. */
  const S_PACKED = 3;
  function decodePostings(s, df) {
    const docs = new Int32Array(df);
    const q = new Uint8Array(df);
    const succ = new Uint32Array(df);
    const par = new Uint32Array(df);
    const withPar = df <= meta.parMaxDf;
    const r = new Reader(s);
    let next = 0;
    for (let i = 0; i < df && r.more(); i++) {
      const d = next + r.next();
      docs[i] = d;
      const v = r.next();
      q[i] = Math.floor(v / S_PACKED) + 1;
      succ[i] = v % S_PACKED;
      if (succ[i] === S_PACKED - 1) succ[i] += r.next();
      if (withPar) par[i] = r.next();
      next = d + 1;
    }
    return { docs: docs, q: q, succ: succ, par: par };
  }

  /* The character standing for `word` as a next word: FNV-1a over UTF-16 code units. */
  function successorHash(word) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
    return ALPHABET[h % ALPHABET.length];
  }

  function decodeDocList(s) {
    const out = [];
    const r = new Reader(s);
    let next = 0;
    while (r.more()) {
      const d = next + r.next();
      out.push(d);
      next = d + 1;
    }
    return Int32Array.from(out);
  }

  /* ---- words, as src/render/search/tokenize.rs makes them ---- */
  let WORD;
  try {
    WORD = new RegExp("[\\p{Alphabetic}\\p{N}]+", "gu");
  } catch (e) {
    WORD = /[A-Za-z0-9\u00C0-\u024F]+/g; // browsers without Unicode property escapes
  }
  let STOP = new Set();

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function codePoints(w) {
    let n = 0;
    for (const _ of w) n++; // eslint-disable-line no-unused-vars
    return n;
  }
  function indexable(w) {
    const n = codePoints(w);
    return n >= 2 && n <= 32 && !STOP.has(w);
  }
  /* Folded words of `text`, with the ones the index does not hold listed apart. */
  function words(text) {
    const kept = [];
    const dropped = [];
    const m = fold(text).match(WORD) || [];
    for (const w of m) (indexable(w) ? kept : dropped).push(w);
    return { kept: kept, dropped: dropped };
  }

  /* `hor namhong "foreign minister"` → clauses. A chunk that folds to several words
   * (`counter-terrorism`, `U.S.-Cambodia`) is a phrase. An unclosed quote runs to the end. */
  function parseQuery(q) {
    const clauses = [];
    const ignored = [];
    const re = /"([^"]*)"?|([^\s"]+)/g;
    let m;
    while ((m = re.exec(q))) {
      const quoted = m[1] !== undefined;
      const w = words(quoted ? m[1] : m[2]);
      ignored.push.apply(ignored, w.dropped);
      if (w.kept.length === 0) continue;
      if (w.kept.length === 1) {
        const word = w.kept[0];
        clauses.push({ words: [word], phrase: false, prefix: !quoted && codePoints(word) >= MIN_PREFIX });
      } else {
        clauses.push({ words: w.kept, phrase: true, prefix: false });
      }
    }
    return { clauses: clauses, ignored: ignored };
  }

  /* ---- the vocabulary ---- */
  let meta = null;

  /* The shard whose first word is the last one <= w. */
  function shardOf(w) {
    const dir = meta.dir;
    let lo = 0;
    let hi = dir.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (dir[mid] <= w) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /* Terms of a loaded shard that equal `w` (or start with it, for a prefix). */
  function termsIn(n, shard, w, prefix) {
    const out = [];
    const count = shard.length / 3;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shard[mid * 3] < w) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < count; k++) {
      const word = shard[k * 3];
      if (prefix ? !word.startsWith(w) : word !== w) break;
      if (prefix && word.indexOf(" ") >= 0) continue; // a whole name, not a word
      const post = shard[k * 3 + 2];
      out.push({
        word: word,
        df: shard[k * 3 + 1],
        shard: n,
        k: k,
        post: post,
        bytes: typeof post === "string" ? post.length : -post,
      });
    }
    return out;
  }

  /* The terms a query word stands for: itself, or for a prefix, the most frequent words
   * that start with it (`partial` is set on the list when there are more than it takes). */
  async function expand(word, prefix) {
    if (!meta.dir.length) return [];
    const first = shardOf(word);
    let last = prefix ? shardOf(word + "\uffff") : first;
    let partial = last > first + MAX_PREFIX_SHARDS - 1;
    last = Math.min(last, first + MAX_PREFIX_SHARDS - 1);
    const keys = [];
    for (let n = first; n <= last; n++) keys.push(n);
    const shards = await Promise.all(keys.map((n) => load("t/" + n)));
    let terms = [];
    keys.forEach(function (n, i) {
      terms = terms.concat(termsIn(n, shards[i], word, prefix));
    });
    if (!prefix) return terms;
    const exact = terms.filter((t) => t.word === word);
    const others = terms.filter((t) => t.word !== word).sort((a, b) => b.df - a.df || (a.word < b.word ? -1 : 1));
    const chosen = exact.slice();
    let bytes = 0;
    for (const t of others) {
      if (chosen.length >= MAX_EXPANSIONS || bytes + t.bytes > EXPANSION_BYTES) {
        partial = true;
        break;
      }
      chosen.push(t);
      bytes += t.bytes;
    }
    chosen.partial = partial;
    return chosen;
  }

  async function postingsOf(t) {
    if (t.list) return t.list;
    const s = typeof t.post === "string" ? t.post : await load("t/" + t.shard + "-" + t.k);
    t.list = decodePostings(s, t.df);
    return t.list;
  }

  function idf(df) {
    const n = meta.docs;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /* A clause's matches: ascending documents, each with a score and a paragraph. */
  function Matches(docs, score, par) {
    this.docs = docs;
    this.score = score;
    this.par = par;
  }

  /* Documents with any of `terms` (a word and its expansions): best score per document. */
  function unionOf(terms, exactWord) {
    const n = meta.docs;
    const best = new Float32Array(n);
    const par = new Uint32Array(n);
    const seen = new Uint8Array(n);
    const touched = [];
    const scale = (K1 + 1) / meta.qmax;
    for (const t of terms) {
      const w = idf(t.df) * scale * (t.word === exactWord ? 1 : PREFIX_WEIGHT);
      const l = t.list;
      for (let i = 0; i < l.docs.length; i++) {
        const d = l.docs[i];
        const s = w * l.q[i];
        if (!seen[d]) {
          seen[d] = 1;
          touched.push(d);
        }
        if (s > best[d]) {
          best[d] = s;
          if (l.par[i]) par[d] = l.par[i];
        } else if (!par[d] && l.par[i]) par[d] = l.par[i];
      }
    }
    const docs = Int32Array.from(touched).sort();
    const sc = new Float32Array(docs.length);
    const pa = new Uint32Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      sc[i] = best[docs[i]];
      pa[i] = par[docs[i]];
    }
    return new Matches(docs, sc, pa);
  }

  /* Documents in all of `lists` (each ascending): scores add up, the paragraph comes
   * from the first list that has one (lists come rarest first). */
  function intersect(lists) {
    if (lists.length === 0) return new Matches(new Int32Array(0), new Float32Array(0), new Uint32Array(0));
    lists = lists.slice().sort((a, b) => a.docs.length - b.docs.length);
    let cur = lists[0];
    for (let j = 1; j < lists.length; j++) {
      const o = lists[j];
      const docs = [];
      const score = [];
      const par = [];
      let a = 0;
      let b = 0;
      while (a < cur.docs.length && b < o.docs.length) {
        const x = cur.docs[a];
        const y = o.docs[b];
        if (x < y) a++;
        else if (y < x) b++;
        else {
          docs.push(x);
          score.push((cur.score ? cur.score[a] : 0) + (o.score ? o.score[b] : 0));
          par.push((cur.par ? cur.par[a] : 0) || (o.par ? o.par[b] : 0));
          a++;
          b++;
        }
      }
      cur = new Matches(Int32Array.from(docs), Float32Array.from(score), Uint32Array.from(par));
    }
    return cur;
  }

  /* For the documents marked in `want`: the hashes of the words that follow `t` there. */
  async function successorsOf(t, want) {
    const shard = await load("p/" + t.shard);
    let s = shard[t.k];
    if (typeof t.post !== "string") s = await load("p/" + t.shard + "-" + t.k);
    const l = await postingsOf(t);
    const out = new Map();
    let at = 0;
    for (let i = 0; i < l.docs.length; i++) {
      const c = l.succ[i];
      if (want[l.docs[i]]) out.set(l.docs[i], s.slice(at, at + c));
      at += c;
    }
    return out;
  }

  /* Keeps the candidates where each word of the phrase is followed by the next one. */
  async function verifyPhrase(clause, cand) {
    const want = new Uint8Array(meta.docs);
    for (let i = 0; i < cand.docs.length; i++) want[cand.docs[i]] = 1;
    const links = clause.terms.slice(0, -1);
    const next = await Promise.all(links.map((t) => successorsOf(t, want)));
    const keep = new Uint8Array(meta.docs);
    for (let i = 0; i < cand.docs.length; i++) {
      const d = cand.docs[i];
      let ok = true;
      for (let j = 0; j < links.length && ok; j++) {
        const hs = next[j].get(d);
        ok = hs !== undefined && hs.indexOf(successorHash(clause.terms[j + 1].word)) >= 0;
      }
      if (ok) keep[d] = 1;
    }
    return keep;
  }

  /* The term of a whole name, made of every word of the query, stopwords and one-letter
   * words too (src/render/search/tokenize.rs name_term makes it of each name). */
  function nameTerm(q) {
    let term = "";
    for (const w of fold(q).match(WORD) || []) if (codePoints(w) <= 32) term += w + " ";
    return term;
  }

  /* The documents one of whose names is the whole query (an empty set when none). */
  async function namedDocs(q) {
    const term = nameTerm(q);
    if (!term) return new Set();
    const found = await expand(term, false);
    if (!found.length) return new Set();
    return new Set((await postingsOf(found[0])).docs);
  }

  /* A query that is one cable id, whole or without its two-digit year: the cables with
   * that id (03RANGOON43 and 05RANGOON43 for `rangoon43`), found among the few documents
   * that hold the word itself, so that they come before notes that name the id in their
   * title and before longer ids that begin with it. */
  const ID_LIKE = /^[0-9]{0,2}[a-z]+[0-9]+$/;
  /* A folded cable id without its two-digit year (as the index holds it too: see
   * id_without_year in src/render/search/mod.rs), or null. */
  function withoutYear(id) {
    return /^[0-9]{2}[a-z]/.test(id) ? id.slice(2) : null;
  }
  async function sameIdDocs(clauses) {
    if (clauses.length !== 1 || clauses[0].phrase) return [];
    const w = clauses[0].words[0];
    if (!ID_LIKE.test(w)) return [];
    const exact = clauses[0].terms.find((t) => t.word === w);
    if (!exact || exact.df > 50) return [];
    const docs = (await postingsOf(exact)).docs;
    const recs = await Promise.all(Array.from(docs, record));
    const out = [];
    docs.forEach(function (d, i) {
      const rec = recs[i];
      if (!rec || meta.kinds[rec[0]] !== "cable") return;
      const id = fold(rec[1]);
      if (id === w || withoutYear(id) === w) out.push(d);
    });
    return out;
  }

  /* ---- the search ---- */
  async function run(params) {
    const parsed = parseQuery(params.q);
    const clauses = parsed.clauses;
    const byDate = params.sort === "new" || params.sort === "old" || !clauses.length;
    // Looked up beside the clauses' words: its shard is most often the first word's.
    const named = byDate ? Promise.resolve(new Set()) : namedDocs(params.q);
    const facetLists = [];
    for (const f of Object.keys(meta.facets)) {
      const v = params[f];
      if (!v) continue;
      const i = meta.facets[f].findIndex((x) => x[0] === v);
      if (i < 0) facetLists.push(new Matches(new Int32Array(0), null, null));
      else facetLists.push(load("f/" + f + "-" + i).then((s) => new Matches(decodeDocList(s), null, null)));
    }
    // Each clause's terms (all clauses at once: the shards load in parallel), then their
    // postings.
    await Promise.all(
      clauses.map(async function (c) {
        if (c.phrase) {
          c.terms = [];
          const found = await Promise.all(c.words.map((w) => expand(w, false)));
          for (const f of found) if (f.length) c.terms.push(f[0]);
          c.missing = c.terms.length < c.words.length;
        } else {
          c.terms = await expand(c.words[0], c.prefix);
          c.missing = c.terms.length === 0;
          c.partial = !!c.terms.partial;
        }
      }),
    );
    const facets = await Promise.all(facetLists);
    const first = await named;
    if (!byDate) for (const d of await sameIdDocs(clauses)) first.add(d);
    if (clauses.some((c) => c.missing)) return { ranked: [], parsed: parsed, total: 0 };
    await Promise.all(clauses.map((c) => Promise.all(c.terms.map(postingsOf))));
    let lists = clauses.map(function (c) {
      if (!c.phrase) return unionOf(c.terms, c.words[0]);
      return intersect(c.terms.map((t) => unionOf([t], t.word)));
    });
    let all;
    if (lists.length) all = intersect(lists.concat(facets));
    else if (facets.length) {
      all = intersect(facets);
      all.score = new Float32Array(all.docs.length);
      all.par = new Uint32Array(all.docs.length);
    } else return { ranked: [], parsed: parsed, total: 0 };
    // Phrases last, on what is left.
    for (const c of clauses) {
      if (!c.phrase || all.docs.length === 0) continue;
      const keep = await verifyPhrase(c, all);
      const idx = [];
      for (let i = 0; i < all.docs.length; i++) if (keep[all.docs[i]]) idx.push(i);
      all = new Matches(
        Int32Array.from(idx.map((i) => all.docs[i])),
        Float32Array.from(idx.map((i) => all.score[i])),
        Uint32Array.from(idx.map((i) => all.par[i])),
      );
    }
    const order = Array.from(all.docs.keys());
    const dated = meta.dated;
    if (byDate) {
      const sign = params.sort === "old" ? 1 : -1;
      order.sort(function (a, b) {
        const da = all.docs[a] < dated;
        const db = all.docs[b] < dated;
        if (da !== db) return da ? -1 : 1;
        return sign * (all.docs[a] - all.docs[b]);
      });
    } else {
      const named = (i) => (first.has(all.docs[i]) ? 1 : 0);
      order.sort((a, b) => named(b) - named(a) || all.score[b] - all.score[a] || all.docs[b] - all.docs[a]);
    }
    return {
      ranked: order.map((i) => ({ doc: all.docs[i], par: all.par[i] })),
      parsed: parsed,
      total: order.length,
    };
  }

  /* ---- showing results ---- */
  const el = {};
  let current = null; // the ranked results shown
  let shown = 0;
  let ignoredFilters = []; // filters in the link that the page does not offer
  let generation = 0;

  async function record(doc) {
    const shard = await load("d/" + Math.floor(doc / meta.docShard));
    return shard[doc % meta.docShard];
  }

  /* Appends `text` to `parent`, with the query's words marked; in a cable id (`isId`), also
   * where the query holds the id without its two-digit year (PHNOMPENH1990). */
  function marked(parent, text, matchers, isId) {
    let last = 0;
    WORD.lastIndex = 0;
    let m;
    while ((m = WORD.exec(text))) {
      const w = fold(m[0]);
      const rest = isId ? withoutYear(w) : null;
      const forms = rest ? [w, rest] : [w];
      const hit = (x) => forms.some((f) => (x.prefix ? f.startsWith(x.word) : f === x.word));
      if (matchers.some(hit)) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        const mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function node(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  async function showMore(gen) {
    // The batch is taken before the records load: a second click meanwhile takes the next.
    const batch = current.ranked.slice(shown, shown + PAGE);
    shown += batch.length;
    el.more.hidden = shown >= current.total;
    const recs = await Promise.all(batch.map((r) => record(r.doc)));
    if (gen !== generation) return;
    const matchers = [];
    for (const c of current.parsed.clauses) for (const w of c.words) matchers.push({ word: w, prefix: c.prefix });
    batch.forEach(function (r, i) {
      const rec = recs[i];
      if (!rec) return;
      const kind = meta.kinds[rec[0]] || "";
      const anchored = r.par && rec[2].indexOf("#") < 0;
      const href = ROOT + rec[2] + (anchored ? "#par" + r.par : "");
      const li = node("li", "result result-" + kind);
      li.setAttribute("data-id", rec[1]);
      const head = node("p", "result-head");
      const a = node("a");
      a.href = href;
      const id = node("span", "result-id");
      marked(id, rec[1], matchers, kind === "cable");
      a.appendChild(id);
      head.appendChild(a);
      if (kind !== "cable") head.appendChild(node("span", "result-kind", kind));
      if (rec[5] && rec[5] !== rec[1]) {
        const t = node("span", "result-title");
        marked(t, rec[5], matchers);
        head.appendChild(document.createTextNode(" "));
        head.appendChild(t);
      }
      li.appendChild(head);
      const facts = [rec[3], rec[4], meta.classes[rec[6]] || ""].filter(Boolean);
      if (facts.length) li.appendChild(node("p", "result-meta", facts.join(" · ")));
      if (rec[7]) {
        const p = node("p", "result-snippet");
        marked(p, rec[7], matchers);
        li.appendChild(p);
      }
      if (anchored) {
        const w = node("p", "result-where");
        const pa = node("a", null, "Match in paragraph " + r.par);
        pa.href = href;
        w.appendChild(pa);
        li.appendChild(w);
      }
      el.results.appendChild(li);
    });
  }

  function paramsFromForm() {
    const p = { q: el.q.value };
    for (const s of el.form.querySelectorAll("select")) p[s.name] = s.value;
    return p;
  }

  function updateUrl(p) {
    const u = new URLSearchParams();
    for (const k of Object.keys(p)) if (p[k]) u.set(k, p[k]);
    try {
      history.replaceState(null, "", "?" + u.toString());
    } catch (e) {
      /* some browsers refuse this on file:// */
    }
  }

  async function search() {
    const gen = ++generation;
    const t0 = performance.now();
    const before = loadedKeys.length;
    const p = paramsFromForm();
    updateUrl(p);
    if (!p.q.trim() && !Object.keys(meta.facets).some((f) => p[f])) {
      el.results.textContent = "";
      el.status.textContent = ignoredFilters.length
        ? "Not in this archive, so not applied: " + ignoredFilters.join(", ") + "."
        : "";
      el.more.hidden = true;
      return;
    }
    let res;
    try {
      res = await run(p);
    } catch (e) {
      if (gen === generation) el.status.textContent = "The search index could not be read: " + e.message;
      return;
    }
    if (gen !== generation) return;
    current = res;
    shown = 0;
    el.results.textContent = "";
    await showMore(gen);
    if (gen !== generation) return;
    const ms = Math.round(performance.now() - t0);
    let msg = res.total === 0 ? "No results" : res.total === 1 ? "1 result" : res.total.toLocaleString("en") + " results";
    if (res.parsed.ignored.length) msg += " (ignored: " + res.parsed.ignored.join(", ") + ")";
    const partial = res.parsed.clauses.filter((c) => c.partial).map((c) => c.words[0] + "…");
    if (partial.length)
      msg +=
        " (" +
        partial.join(", ") +
        ": only the " +
        MAX_EXPANSIONS +
        " most frequent words beginning so are searched; type more letters for the others)";
    if (ignoredFilters.length) msg += " (not in this archive, so not applied: " + ignoredFilters.join(", ") + ")";
    el.status.textContent = msg + ".";
    el.results.setAttribute("data-total", String(res.total));
    el.results.setAttribute("data-ms", String(ms));
    el.results.setAttribute("data-loaded", loadedKeys.slice(before).join(" "));
    el.results.setAttribute("data-done", String(gen));
  }

  async function start() {
    el.form = document.getElementById("search-form");
    el.q = document.getElementById("q");
    el.status = document.getElementById("search-status");
    el.results = document.getElementById("search-results");
    el.more = document.getElementById("search-more");
    if (!el.form || !el.q || !el.results) return;
    try {
      meta = await load("meta");
    } catch (e) {
      el.status.textContent = "The search index could not be loaded: " + e.message;
      return;
    }
    STOP = new Set(meta.stop);
    const params = new URLSearchParams(location.search);
    el.q.value = params.get("q") || "";
    for (const s of el.form.querySelectorAll("select")) {
      const v = params.get(s.name);
      if (v && Array.from(s.options).some((o) => o.value === v)) s.value = v;
      else if (v) ignoredFilters.push(s.name + " " + v);
    }
    let timer = 0;
    el.q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    for (const s of el.form.querySelectorAll("select"))
      s.addEventListener("change", function () {
        ignoredFilters = [];
        search();
      });
    el.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      search();
    });
    // One batch at a time, in order: clicks while one loads wait for it.
    let more = Promise.resolve();
    el.more.addEventListener("click", function () {
      const gen = generation;
      more = more.then(() => (gen === generation ? showMore(gen) : undefined));
    });
    await search();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
