//! Search in a real browser: Debian's chromium, headless, on a site built from the real
//! corpus (../shared, 5,294 cables), opened from `file://` and from a local HTTP server.
//! `search/index.html?q=...` must list what a scan of the corpus says it should: a
//! person's name in the text, a phrase, a phrase across a stopword, a prefix, an id, a
//! filter and date order. And that each filter's option says what its page says and what
//! it lists (cables, and people by their countries).
//!
//! Skipped with a notice when ../shared or the browser is missing, unless
//! `CABLEPRESS_REQUIRE_BROWSER=1` (CI sets it), which makes a missing browser a failure.
//! `CABLEPRESS_BROWSER` names the browser binary (default: chromium on the PATH).

mod common;
use cablepress::archive::Archive;
use cablepress::diagnostics::Diagnostics;
use cablepress::render::search::{cable_doc, tokenize};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn browser() -> Option<PathBuf> {
    let required = std::env::var("CABLEPRESS_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    if let Ok(b) = std::env::var("CABLEPRESS_BROWSER") {
        return Some(PathBuf::from(b));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if dir.join(name).is_file() {
                return Some(dir.join(name));
            }
        }
    }
    assert!(
        !required,
        "CABLEPRESS_REQUIRE_BROWSER=1 but no chromium on the PATH (apt-get install chromium)"
    );
    eprintln!("skipped: no headless browser (install Debian's chromium)");
    None
}

/// The page's DOM once its scripts have run.
fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=30000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the browser");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            panic!("the browser did not finish {url} in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// What the results list shows.
#[derive(Debug, PartialEq)]
struct Shown {
    total: usize,
    ids: Vec<String>,
    hrefs: Vec<String>,
    dates: Vec<String>,
    ms: u64,
}

fn attr(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(html[at..at + html[at..].find('"')?].to_string())
}

fn shown(html: &str) -> Shown {
    let list = &html[html
        .find("<ol id=\"search-results\"")
        .expect("results list")..];
    let open = &list[..list.find('>').unwrap()];
    assert!(
        open.contains("data-done"),
        "the search did not finish: {open}"
    );
    let mut s = Shown {
        total: attr(open, "data-total").unwrap().parse().unwrap(),
        ids: Vec::new(),
        hrefs: Vec::new(),
        dates: Vec::new(),
        ms: attr(open, "data-ms").unwrap().parse().unwrap(),
    };
    let end = list.find("</ol>").unwrap();
    for li in list[..end].split("<li class=\"result").skip(1) {
        s.ids.push(attr(li, "data-id").unwrap());
        s.hrefs.push(attr(li, "href").unwrap());
        let meta = li.split("<p class=\"result-meta\">").nth(1).unwrap_or("");
        s.dates.push(meta.get(..10).unwrap_or("").to_string());
    }
    s
}

/// The requests a [`serve`] server answered: (path, status), in order.
type Requests = std::sync::Arc<std::sync::Mutex<Vec<(String, u16)>>>;

/// A static file server for `dir` on a free local port (a thread per connection).
fn serve(dir: PathBuf) -> u16 {
    serve_logged(dir).0
}

/// [`serve`], keeping each request's path and status.
fn serve_logged(dir: PathBuf) -> (u16, Requests) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Requests::default();
    let requests = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut r = BufReader::new(&stream);
                // A connection the browser opens ahead and closes unused asks for nothing.
                if !matches!(r.read_line(&mut line), Ok(n) if n > 0) {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h.trim().is_empty() {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let path = path
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .trim_start_matches('/');
                let file = dir.join(path);
                let mut w = &stream;
                let status = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => {
                        let ty = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css",
                            Some("svg") => "image/svg+xml",
                            _ => "application/octet-stream",
                        };
                        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                        w.write_all(head.as_bytes()).ok();
                        w.write_all(&body).ok();
                        200
                    }
                    _ => {
                        w.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ok();
                        404
                    }
                };
                if let Ok(mut l) = log.lock() {
                    l.push((format!("/{path}"), status));
                }
            });
        }
    });
    (port, requests)
}

/// The corpus as the index sees it: per cable, its id, date and the words of each field.
struct Truth {
    ids: Vec<String>,
    dates: Vec<String>,
    fields: Vec<Vec<Vec<String>>>,
    words: Vec<HashSet<String>>,
}

impl Truth {
    fn of(archive: &Archive) -> Truth {
        let mut t = Truth {
            ids: Vec::new(),
            dates: Vec::new(),
            fields: Vec::new(),
            words: Vec::new(),
        };
        for (i, c) in archive.cables.iter().enumerate() {
            let doc = cable_doc(archive, i);
            let fields: Vec<Vec<String>> = doc
                .all_fields()
                .map(|(_, _, text)| tokenize::words(text))
                .collect();
            t.words.push(fields.iter().flatten().cloned().collect());
            t.fields.push(fields);
            t.ids.push(c.id.clone());
            t.dates.push(c.date.map(|d| d.ymd()).unwrap_or_default());
        }
        t
    }

    /// Cables with a word starting with each of `prefixes`.
    fn with_prefixes(&self, prefixes: &[&str]) -> HashSet<&str> {
        (0..self.ids.len())
            .filter(|&i| {
                prefixes
                    .iter()
                    .all(|p| self.words[i].iter().any(|w| w.starts_with(p)))
            })
            .map(|i| self.ids[i].as_str())
            .collect()
    }

    /// Cables where the phrase's indexed words stand next to each other in one field.
    fn with_phrase(&self, phrase: &str) -> HashSet<&str> {
        let p = tokenize::words(phrase);
        (0..self.ids.len())
            .filter(|&i| {
                self.fields[i]
                    .iter()
                    .any(|f| f.windows(p.len()).any(|w| w == p.as_slice()))
            })
            .map(|i| self.ids[i].as_str())
            .collect()
    }
}

fn set(s: &Shown) -> HashSet<&str> {
    s.ids.iter().map(String::as_str).collect()
}

/// The 5,294 real cables, with front matter from metadata.csv (the texts of many lack a
/// routing header, so their date and post come from there).
fn write_corpus(shared: &Path, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rdr = csv::Reader::from_path(shared.join("corpus/metadata.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let text =
            std::fs::read_to_string(shared.join(format!("corpus/cables/{}.txt", &r[0]))).unwrap();
        let front = format!(
            "---\nid: {}\ndate: {}\norigin: {:?}\nclassification: {:?}\n---\n",
            &r[0], &r[1], &r[2], &r[3]
        );
        std::fs::write(dir.join(format!("{}.txt", &r[0])), front + &text).unwrap();
    }
}

fn search_url(base: &str, query: &str) -> String {
    format!("{base}search/index.html?{query}")
}

#[test]
fn the_real_corpus_is_searchable_in_a_headless_browser_from_file_and_http() {
    let Some(shared) = common::shared() else {
        return;
    };
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_corpus(&shared, &site.join("content/cables"));
    let out = site.join("public");
    let report = cablepress::build(&site, &out, &Default::default()).unwrap();
    assert_eq!(report.errors(), 0);
    assert_eq!(report.cables, 5294);

    let diags = Diagnostics::default();
    let cables = cablepress::source::read_cables(&site, &diags);
    let archive = Archive::assemble(Default::default(), cables, &diags);
    let truth = Truth::of(&archive);

    let file_base = format!("file://{}/", out.display());
    let http_base = format!("http://127.0.0.1:{}/", serve(out.clone()));
    let mut by_file = Vec::new();
    for base in [&file_base, &http_base] {
        let run = |q: &str| {
            let s = shown(&dump_dom(&browser, &search_url(base, q)));
            eprintln!("{base} ?{q}: {} results in {} ms", s.total, s.ms);
            s
        };

        // A person's name that occurs in the text.
        let s = run("q=hor+namhong");
        let expected = truth.with_prefixes(&["hor", "namhong"]);
        assert!(expected.contains("03PHNOMPENH1990"));
        assert_eq!(s.total, expected.len(), "hor namhong: {:?}", s.ids);
        assert!(set(&s).is_subset(&expected));
        assert!(set(&s).contains("03PHNOMPENH1990"));
        let i = s.ids.iter().position(|x| x == "03PHNOMPENH1990").unwrap();
        assert!(
            s.hrefs[i].ends_with("cable/2003/12/03PHNOMPENH1990.html#par1"),
            "{}",
            s.hrefs[i]
        );
        by_file.push(s);

        // A phrase: only where the words stand in this order.
        let s = run("q=%22foreign+minister+hor+namhong%22");
        let expected = truth.with_phrase("foreign minister hor namhong");
        assert!(
            expected.len()
                < truth
                    .with_prefixes(&["foreign", "minister", "hor", "namhong"])
                    .len()
        );
        assert_eq!(set(&s), expected, "the phrase");
        assert_eq!(s.total, expected.len());
        by_file.push(s);

        // A phrase across a stopword ("of" is not indexed).
        let s = run("q=%22ministry+of+foreign+affairs%22+rangoon");
        let expected: HashSet<&str> = truth
            .with_phrase("ministry of foreign affairs")
            .intersection(&truth.with_prefixes(&["rangoon"]))
            .copied()
            .collect();
        assert_eq!(s.total, expected.len(), "ministry of foreign affairs");
        assert!(set(&s).is_subset(&expected));
        by_file.push(s);

        // A prefix while typing.
        let s = run("q=namh");
        assert_eq!(s.total, truth.with_prefixes(&["namh"]).len());
        by_file.push(s);

        // Case and accents fold as the indexer folds them ("NÀMHONG" is "namhong").
        let s = run("q=N%C3%80MHONG");
        assert_eq!(s.total, truth.with_prefixes(&["namhong"]).len());
        by_file.push(s);

        // An id: that cable first.
        let s = run("q=03PHNOMPENH1990");
        assert_eq!(s.ids.first().map(String::as_str), Some("03PHNOMPENH1990"));
        by_file.push(s);

        // A filter, and date order.
        let s = run("q=namhong&year=2003&sort=old");
        let expected: HashSet<&str> = truth
            .with_prefixes(&["namhong"])
            .into_iter()
            .filter(|id| {
                truth.dates[truth.ids.iter().position(|x| x == id).unwrap()].starts_with("2003")
            })
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(set(&s), expected);
        assert!(
            s.dates.iter().all(|d| d.starts_with("2003-")),
            "{:?}",
            s.dates
        );
        assert!(
            s.dates.windows(2).all(|w| w[0] <= w[1]),
            "oldest first: {:?}",
            s.dates
        );
        by_file.push(s);

        // Nothing for a word the archive lacks.
        let s = run("q=zzyzxq");
        assert_eq!((s.total, s.ids.len()), (0, 0));
        by_file.push(s);
    }
    // The same results over HTTP as from the folder.
    let n = by_file.len() / 2;
    for (a, b) in by_file[..n].iter().zip(&by_file[n..]) {
        assert_eq!((a.total, &a.ids, &a.hrefs), (b.total, &b.ids, &b.hrefs));
    }
}

/// Counts shown on a page of the built site: the `<p class="stats">N cables` line, and
/// the `People N` heading of a country page.
fn page_counts(page: &str) -> (usize, usize) {
    let number = |after: &str| -> Option<usize> {
        let at = page.find(after)? + after.len();
        // `2,420`: the page marks thousands.
        let digits: String = page[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    (
        number("<p class=\"stats\">").expect("a count of cables"),
        number("<h2>People <span class=\"count\">").unwrap_or(0),
    )
}

/// `(value, text)` of each option of the page's `<select name="NAME">`, "Any" left out.
fn options(html: &str, name: &str) -> Vec<(String, String)> {
    let at = html
        .find(&format!("<select name=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name} filter"));
    let select = &html[at..at + html[at..].find("</select>").unwrap()];
    select
        .split("<option")
        .skip(1)
        .filter_map(|o| {
            let value = attr(o, "value")?;
            let text = o[o.find('>')? + 1..o.find("</option>")?].replace("&amp;", "&");
            (!value.is_empty()).then_some((value, text))
        })
        .collect()
}

/// What the option of a value with these counts must say: `Cambodia (31 cables, 6 people)`.
fn option_text(name: &str, cables: usize, people: usize) -> String {
    // Thousands marked, as on the pages: `2004 (2,420 cables)`.
    let marked = |n: usize| {
        let d = n.to_string();
        d.chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let comma = i > 0 && (d.len() - i).is_multiple_of(3);
                comma.then_some(',').into_iter().chain([c])
            })
            .collect::<String>()
    };
    let mut s = format!(
        "{name} ({} cable{}",
        marked(cables),
        if cables == 1 { "" } else { "s" }
    );
    if people > 0 {
        s += &format!(
            ", {} {}",
            marked(people),
            if people == 1 { "person" } else { "people" }
        );
    }
    s + ")"
}

/// The real corpus with the registry of 68 people (tests/fixtures/people-real), whose
/// countries are country facets too: every filter's option must say what the page of that
/// country, year or classification says (Cambodia: 31 cables, and its 6 people), and the
/// filter must list that many results, people included.
#[test]
fn filter_counts_match_the_pages_they_describe() {
    let Some(shared) = common::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_corpus(&shared, &site.join("content/cables"));
    common::copy_people_real(&site);
    let out = site.join("public");
    let report = cablepress::build(&site, &out, &Default::default()).unwrap();
    assert_eq!(report.errors(), 0);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let search = read("search/index.html");

    // Country pages, by TAGS code: (name, cables, people).
    let mut countries = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(out.join("country")).unwrap().flatten() {
        let Ok(page) = std::fs::read_to_string(e.path().join("index.html")) else {
            continue;
        };
        let code = page.split("TAGS code <code>").nth(1).unwrap();
        let code = &code[..code.find('<').unwrap()];
        let name = page.split("<h1>").nth(1).unwrap();
        // `Cambodia (CB)`: the name, then the code.
        let name = name[..name.find("</h1>").unwrap()].replace("&amp;", "&");
        let name = name
            .strip_suffix(&format!(" ({code})"))
            .unwrap_or(&name)
            .to_string();
        let (cables, people) = page_counts(&page);
        countries.insert(code.to_string(), (name, cables, people));
    }
    let offered = options(&search, "country");
    assert_eq!(
        offered.len(),
        countries.len(),
        "a country filter per country page"
    );
    let mut with_people = 0;
    for (code, text) in &offered {
        let (name, cables, people) = &countries[code];
        with_people += usize::from(*people > 0);
        assert_eq!(text, &option_text(name, *cables, *people), "country {code}");
    }
    assert!(with_people >= 30, "{with_people} countries with people");
    assert_eq!(
        countries["CB"],
        ("Cambodia".to_string(), 31, 6),
        "country/cambodia"
    );
    // Years and classifications: cables only, as on their pages.
    for (facet, dir) in [("year", "date"), ("class", "classification")] {
        let offered = options(&search, facet);
        assert!(!offered.is_empty());
        for (key, text) in &offered {
            let page = read(&format!("{dir}/{key}/index.html"));
            let name = page.split("<h1>").nth(1).unwrap();
            let name = &name[..name.find("</h1>").unwrap()];
            let (cables, _) = page_counts(&page);
            assert_eq!(text, &option_text(name, cables, 0), "{facet} {key}");
        }
    }

    // In the browser: the option the page shows selected, and what the filter lists.
    let Some(browser) = browser() else { return };
    let base = format!("file://{}/", out.display());
    for (code, cables, people) in [("CB", 31, 6), ("BM", 505, 10), ("RP", 11, 1)] {
        let html = dump_dom(&browser, &search_url(&base, &format!("q=&country={code}")));
        let picked = options(&html, "country")
            .into_iter()
            .find(|(k, _)| k == code)
            .unwrap();
        assert_eq!(
            picked.1,
            option_text(&countries[code].0, cables, people),
            "{code}"
        );
        let s = shown(&html);
        assert_eq!(s.total, cables + people, "{code}: {:?}", s.ids);
        if s.total <= 20 {
            // All on the first page: the cables (dated) first, then the people.
            let kinds: Vec<&str> = html
                .split("<li class=\"result result-")
                .skip(1)
                .map(|li| &li[..li.find('"').unwrap()])
                .collect();
            let expected: Vec<&str> = std::iter::repeat_n("cable", cables)
                .chain(std::iter::repeat_n("person", people))
                .collect();
            assert_eq!(kinds, expected, "{code}");
        }
    }
}

/// What a reader does on the page beyond a query in the link: "More results" clicked twice
/// at once shows each result once, in rank order; a prefix that stands for more words
/// than are searched says so; a filter value the archive does not have is named, not
/// silently dropped. A small invented site, so it runs without ../shared.
#[test]
fn more_results_clicked_twice_prefixes_cut_short_and_unknown_filters_are_told() {
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    // 70 cables that hold "harvest", each with its own word beginning "pre" (more than
    // the 30 a prefix stands for).
    let mut files = Vec::new();
    for i in 0..70 {
        files.push((
            format!("content/cables/03PHNOMPENH{}.txt", 1000 + i),
            format!(
                "---\nid: 03PHNOMPENH{}\ndate: 2003-12-{:02} 02:22\norigin: Embassy Phnom Penh\nclassification: UNCLASSIFIED\n---\n\
                 SUBJECT: REPORT {i}\n\n1.  (U) The harvest was reported, pre{}.\n",
                1000 + i,
                1 + i % 28,
                (b'a' + (i % 26) as u8) as char,
            ) + &format!("{}\n", "pre".to_string() + &"x".repeat(i + 1)),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (&a[..], &b[..])).collect();
    common::write_files(&site, &files);
    let out = site.join("public");
    let report = cablepress::build(&site, &out, &Default::default()).unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);

    // The search page, with a script that clicks "More results" twice in one go once the
    // first results are in, then marks the list when nothing more is loading.
    let page = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    let clicker = r#"<script>
(function () {
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var clicked = false, seen = -1, still = 0;
  var iv = setInterval(function () {
    if (!clicked && list.getAttribute("data-done")) {
      clicked = true;
      more.click();
      more.click();
    } else if (clicked) {
      still = list.children.length === seen ? still + 1 : 0;
      seen = list.children.length;
      if (still > 20) { clearInterval(iv); list.setAttribute("data-clicked", "1"); }
    }
  }, 50);
})();
</script></body>"#;
    std::fs::write(
        out.join("search/clicks.html"),
        page.replacen("</body>", clicker, 1),
    )
    .unwrap();
    let html = dump_dom(
        &browser,
        &format!("file://{}/search/clicks.html?q=harvest", out.display()),
    );
    assert!(
        html.contains("data-clicked=\"1\""),
        "the clicks did not settle"
    );
    let s = shown(&html);
    assert_eq!(s.total, 70);
    assert_eq!(s.ids.len(), 60, "three batches of 20: {:?}", s.ids);
    let distinct: HashSet<&String> = s.ids.iter().collect();
    assert_eq!(distinct.len(), 60, "a batch shown twice: {:?}", s.ids);
    // The same order as three batches loaded one after another.
    let one_by_one = shown(&dump_dom(
        &browser,
        &format!("file://{}/search/index.html?q=harvest", out.display()),
    ));
    assert_eq!(s.ids[..20], one_by_one.ids[..]);

    // A prefix that stands for more words than are searched says so.
    let html = dump_dom(
        &browser,
        &format!("file://{}/search/index.html?q=pre", out.display()),
    );
    let status = html.split("id=\"search-status\"").nth(1).unwrap();
    let status = &status[..status.find("</").unwrap()];
    assert!(
        status.contains("pre…: only the 30 most frequent words beginning so are searched"),
        "{status}"
    );
    let html = dump_dom(
        &browser,
        &format!("file://{}/search/index.html?q=harvest", out.display()),
    );
    let status = html.split("id=\"search-status\"").nth(1).unwrap();
    assert!(!status[..status.find("</").unwrap()].contains("most frequent"));

    // A filter the archive does not have is named.
    let html = dump_dom(
        &browser,
        &format!(
            "file://{}/search/index.html?q=harvest&year=1900",
            out.display()
        ),
    );
    let status = html.split("id=\"search-status\"").nth(1).unwrap();
    let status = &status[..status.find("</").unwrap()];
    assert!(
        status.contains("not in this archive, so not applied: year 1900"),
        "{status}"
    );
}

/// Builds a small invented site from `files` (paths under the site) into `site/public`.
fn small_site(tmp: &Path, files: &[(String, String)]) -> PathBuf {
    let site = tmp.join("site");
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (&a[..], &b[..])).collect();
    common::write_files(&site, &files);
    let out = site.join("public");
    let report = cablepress::build(&site, &out, &Default::default()).unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    out
}

/// A cable file of an invented site: `(path, text)`.
fn invented_cable(id: &str, date: &str, subject: &str, body: &str) -> (String, String) {
    (
        format!("content/cables/{id}.txt"),
        format!(
            "---\nid: {id}\ndate: {date} 10:00\norigin: Embassy Rangoon\nclassification: UNCLASSIFIED\n---\n\
             SUBJECT: {subject}\n\n1.  (U) {body}\n"
        ),
    )
}

/// A reader who searches for a person's name, or for a note's title, gets that page first
/// under relevance order, however many cables name them more often (folded as the search
/// folds: case, accents); by date, the dated cables come first as before.
#[test]
fn a_page_whose_title_is_the_query_comes_first() {
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..6 {
        files.push(invented_cable(
            &format!("08RANGOON{}", 100 + i),
            &format!("2008-03-{:02}", 1 + i),
            "SENIOR GENERAL THAN SHWE AND THE RICE HARVEST",
            &"Than Shwe spoke of the rice harvest. Than Shwe again. ".repeat(1 + i % 3),
        ));
    }
    // Long texts about them, so their own words weigh little in the pages about them.
    let long = "The regime's record is documented at length in the reporting of the period, \
                with details of appointments, meetings, travel and statements. "
        .repeat(12);
    files.push((
        "content/people/than-shwe.yaml".to_string(),
        format!(
            "name: Than Shwe\naliases: [\"Senior General Than Shwe\"]\ncountries: [BM]\ndescription: \"{long}\"\n"
        ),
    ));
    files.push((
        "content/annotations/harvest.md".to_string(),
        format!(
            "---\ncable: 08RANGOON100\ntitle: Rice harvest\nauthor: A. Editor\ndate: 2010-12-01\n---\n{long}\n"
        ),
    ));
    files.push((
        "content/annotations/the-harvest.md".to_string(),
        format!(
            "---\ncable: 08RANGOON101\ntitle: The harvest\nauthor: A. Editor\ndate: 2010-12-02\n---\n{long}\n"
        ),
    ));
    // Named in cables more often than the person's own page says it.
    files.push((
        "content/people/sok-an.yaml".to_string(),
        format!("name: Sok An\ndescription: \"{long}\"\n"),
    ));
    files.push(invented_cable(
        "08PHNOMPENH100",
        "2008-04-01",
        "SOK AN AND THE HARVEST",
        &"Sok An spoke. Sok An again. Sok. ".repeat(4),
    ));
    let out = small_site(tmp.path(), &files);
    let base = format!("file://{}/", out.display());
    let run = |q: &str| shown(&dump_dom(&browser, &search_url(&base, q)));

    for q in [
        "q=than+shwe",
        "q=THAN+SHWE",
        "q=Th%C3%A0n+Shw%C3%A9",
        "q=senior+general+than+shwe",
    ] {
        let s = run(q);
        assert_eq!(s.ids[0], "Than Shwe", "{q}: {:?}", s.ids);
        assert!(
            s.hrefs[0].ends_with("person/than-shwe/index.html"),
            "{}",
            s.hrefs[0]
        );
    }
    let s = run("q=rice+harvest");
    assert_eq!(s.ids[0], "Rice harvest", "{:?}", s.ids);
    // A title's stopwords and one-letter words are part of it: `The harvest` is first for
    // itself, not for every search of `harvest`; `Sok An` not for `sok`.
    let s = run("q=the+harvest");
    assert_eq!(s.ids[0], "The harvest", "{:?}", s.ids);
    let s = run("q=harvest");
    assert_ne!(s.ids[0], "The harvest", "{:?}", s.ids);
    let s = run("q=sok+an");
    assert_eq!(s.ids[0], "Sok An", "{:?}", s.ids);
    let s = run("q=sok");
    assert_ne!(s.ids[0], "Sok An", "{:?}", s.ids);
    // Only the whole name: a part of it, or more than it, ranks as before.
    let s = run("q=than+shwe+harvest");
    assert!(!s.ids.contains(&"Than Shwe".to_string()), "{:?}", s.ids);
    // By date: newest first, the person (undated) last.
    let s = run("q=than+shwe&sort=new");
    assert_eq!(
        s.ids.last().map(String::as_str),
        Some("Than Shwe"),
        "{:?}",
        s.ids
    );
    assert_eq!(s.ids[0], "08RANGOON105");
}

/// A cable id is found without its two-digit year, as people often write it
/// (`PHNOMPENH1990` for 03PHNOMPENH1990), in any case; the whole id still finds it first.
#[test]
fn a_cable_id_is_found_without_its_year() {
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let files = vec![
        invented_cable(
            "03PHNOMPENH1990",
            "2003-12-02",
            "MEETING",
            "The minister spoke.",
        ),
        invented_cable(
            "04PHNOMPENH1990",
            "2004-12-02",
            "OTHER MEETING",
            "The minister left.",
        ),
        invented_cable(
            "03PHNOMPENH1991",
            "2003-12-03",
            "THIRD",
            "Nothing was said.",
        ),
        invented_cable(
            "03STATE1990",
            "2003-12-04",
            "FOURTH",
            "The Department replied.",
        ),
        // The same number in two years, one cable long; and a longer id that begins so.
        invented_cable("03RANGOON43", "2003-01-05", "SHORT", "Brief."),
        invented_cable(
            "05RANGOON43",
            "2005-01-05",
            "LONG",
            &"A long report on many things, at great length. ".repeat(60),
        ),
        invented_cable("04RANGOON438", "2004-03-05", "RANGOON43 AGAIN", "Brief."),
        invented_cable("03RANGOON439", "2003-03-05", "ALSO", "Brief."),
    ];
    let mut files = files;
    // Notes whose titles name the id: short documents that outrank the cable by weight.
    for i in 0..3 {
        files.push((
            format!("content/annotations/n{i}.md"),
            format!("---\ncable: 03PHNOMPENH1990\ntitle: Note {i} on 03PHNOMPENH1990\nauthor: A. Editor\ndate: 2010-12-0{}\n---\nOn 03PHNOMPENH1990.\n", i + 1),
        ));
    }
    let out = small_site(tmp.path(), &files);
    let base = format!("file://{}/", out.display());
    let run = |q: &str| shown(&dump_dom(&browser, &search_url(&base, q)));

    for q in ["q=PHNOMPENH1990", "q=phnompenh1990", "q=PhnomPenh1990"] {
        let s = run(q);
        let got: HashSet<&str> = set(&s);
        assert_eq!(
            got,
            HashSet::from(["03PHNOMPENH1990", "04PHNOMPENH1990"]),
            "{q}"
        );
    }
    for q in ["q=03PHNOMPENH1990", "q=03phnompenh1990"] {
        let s = run(q);
        assert_eq!(
            s.ids.first().map(String::as_str),
            Some("03PHNOMPENH1990"),
            "{q}: {:?}",
            s.ids
        );
        assert!(s.hrefs[0].ends_with("cable/2003/12/03PHNOMPENH1990.html"));
    }
    // Both cables of that number first, however long, then the ids that begin so.
    let s = run("q=RANGOON43");
    let top: HashSet<&str> = s.ids.iter().take(2).map(String::as_str).collect();
    assert_eq!(
        top,
        HashSet::from(["03RANGOON43", "05RANGOON43"]),
        "{:?}",
        s.ids
    );
    // Typed in part: every cable whose id, without its year, begins so.
    let s = run("q=phnompenh199");
    assert_eq!(s.total, 3, "{:?}", s.ids);
    let s = run("q=STATE1990");
    assert_eq!(s.ids, ["03STATE1990"]);
}

/// Served over HTTP, at the root or under a sub-path, no page makes a request that fails:
/// the site names its own icon (the browser otherwise asks for /favicon.ico, a 404).
#[test]
fn no_request_fails_over_http_not_even_for_the_icon() {
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut files = vec![
        invented_cable(
            "03PHNOMPENH1990",
            "2003-12-02",
            "MEETING",
            "Hor Namhong spoke.",
        ),
        (
            "content/people/hor-namhong.yaml".to_string(),
            "name: Hor Namhong\ncountries: [CB]\ndescription: Foreign minister.\n".to_string(),
        ),
    ];
    files.push((
        "content/annotations/n.md".to_string(),
        "---\ncable: 03PHNOMPENH1990\ntitle: A note\nauthor: A. Editor\ndate: 2010-12-01\n---\nText.\n"
            .to_string(),
    ));
    let out = small_site(tmp.path(), &files);
    let pages = [
        "index.html",
        "cable/2003/12/03PHNOMPENH1990.html",
        "person/hor-namhong/index.html",
        "date/2003/index.html",
        "search/index.html?q=namhong",
    ];
    // At the root of the host, and under a sub-path (the site is `public/`).
    for (dir, prefix) in [
        (out.clone(), ""),
        (out.parent().unwrap().to_path_buf(), "public/"),
    ] {
        let (port, requests) = serve_logged(dir);
        for page in pages {
            dump_dom(&browser, &format!("http://127.0.0.1:{port}/{prefix}{page}"));
        }
        // The server logs a request once it has answered it.
        std::thread::sleep(Duration::from_millis(300));
        let requests = requests.lock().unwrap().clone();
        let failed: Vec<&(String, u16)> = requests.iter().filter(|r| r.1 != 200).collect();
        assert!(failed.is_empty(), "under /{prefix}: {failed:?}");
        let icon = format!("/{prefix}static/favicon.svg");
        assert!(
            requests.iter().any(|r| r.0 == icon),
            "under /{prefix}: {requests:?}"
        );
    }
}
