//! `serve`: an editor changes an annotation and the server serves the new text; a broken
//! file keeps the last good page and shows the error; nothing outside the output is served.

mod common;

use cablepress::serve::{self, ServeOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const CABLE: &str = "---\nid: 03PHNOMPENH1990\ndate: 2003-12-02 02:22\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\n\
SUBJECT: A MEETING\n\n1.  (C) The Ambassador met the Foreign Minister.\n\n2.  (C) The case remained open.\n";

fn annotation(body: &str) -> String {
    format!("---\ncable: 03PHNOMPENH1990\nparagraph: 2\nauthor: Jane Editor\ndate: 2026-11-20\n---\n{body}\n")
}

/// A raw HTTP GET (the path is sent as is, `..` included): status and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `path` until its body satisfies `ok`, for up to 20 s.
fn wait_for(addr: SocketAddr, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(addr, path);
        if ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting on {path}; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `serve` on `site` into `site/public`, on a free port of 127.0.0.1.
fn serve_site(site: &std::path::Path) -> serve::ServeHandle {
    let opts = ServeOptions {
        site: site.to_path_buf(),
        output: site.join("public"),
        bind: "127.0.0.1".into(),
        port: 0,
    };
    serve::start(opts, Box::new(|_, _| {})).expect("serve starts")
}

#[test]
fn serve_rebuilds_on_change_keeps_the_last_good_site_and_stays_inside_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::write_files(
        &site,
        &[
            ("content/cables/03PHNOMPENH1990.txt", CABLE),
            (
                "content/annotations/note.md",
                &annotation("First version of the note."),
            ),
        ],
    );
    std::fs::write(tmp.path().join("secret.txt"), "do not serve me").unwrap();
    let handle = serve_site(&site);
    let addr = handle.addr;
    assert!(addr.ip().is_loopback());
    let page = "/cable/2003/12/03PHNOMPENH1990.html";

    let (status, body) = get(addr, page);
    assert_eq!(status, 200);
    assert!(body.contains("First version of the note."));
    // The server adds the reload script; the file on disk has none.
    assert!(body.contains(serve::RELOAD_PATH));
    let on_disk = std::fs::read_to_string(site.join("public").join(&page[1..])).unwrap();
    assert!(!on_disk.contains(serve::RELOAD_PATH) && !on_disk.contains("<script"));
    let (_, generation) = get(addr, serve::RELOAD_PATH);
    assert_eq!(generation, "1");

    // An editor changes the note: the new text is served, and open pages learn of it.
    // Only annotations changed, so the served site is updated in place (the output
    // folder is not swapped for a new one) and pages without notes are not rewritten.
    let inode =
        |p: &std::path::Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let public_before = inode(&site.join("public"));
    let browse = site.join("public/browse/index.html");
    let browse_before = std::fs::metadata(&browse).unwrap().modified().unwrap();
    std::fs::write(
        site.join("content/annotations/note.md"),
        annotation("Second version, after review."),
    )
    .unwrap();
    let body = wait_for(addr, page, |b| b.contains("Second version, after review."));
    assert!(!body.contains("First version"));
    assert_eq!(
        inode(&site.join("public")),
        public_before,
        "updated in place"
    );
    assert_eq!(
        std::fs::metadata(&browse).unwrap().modified().unwrap(),
        browse_before
    );
    let feed = std::fs::read_to_string(site.join("public/feed.xml")).unwrap();
    assert!(
        feed.contains("Second version, after review."),
        "the feed is updated too"
    );
    wait_for(addr, serve::RELOAD_PATH, |g| g != "1");
    // Once the edits pause, the search index is made again and finds the new words.
    let index_has = |word: &str| {
        walkdir::WalkDir::new(site.join("public/search"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(word)))
    };
    let (_, search_page) = get(addr, "/search/index.html");
    assert!(search_page.contains(&format!("{}?search", serve::RELOAD_PATH)));
    let start = Instant::now();
    while !index_has("\"review\"") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the search index never caught up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The open search page is told (`builds.search`, the search part no longer 0); the
    // others watch the builds only, which did not change for it.
    let (_, generation) = get(addr, serve::RELOAD_PATH);
    let version = wait_for(addr, &format!("{}?search", serve::RELOAD_PATH), |v| {
        !v.ends_with(".0")
    });
    assert_eq!(version, format!("{generation}.1"));

    // A change that breaks the file: the last good page stays, with the error on it.
    std::fs::write(
        site.join("content/annotations/note.md"),
        "---\ncable: 03PHNOMPENH1990\nauthor: [oops\n---\nBroken\n",
    )
    .unwrap();
    let body = wait_for(addr, page, |b| b.contains("cablepress-errors"));
    assert!(
        body.contains("Second version, after review."),
        "the last good page is served"
    );
    assert!(
        body.contains("content/annotations/note.md:"),
        "the error names the file: {body}"
    );
    assert!(body.contains("front matter is not valid YAML"));

    // Fixed again: the error goes away.
    std::fs::write(
        site.join("content/annotations/note.md"),
        annotation("Third version."),
    )
    .unwrap();
    // (The new page can be on disk a moment before the build's report is in.)
    wait_for(addr, page, |b| {
        b.contains("Third version.") && !b.contains("cablepress-errors")
    });

    // A word corrected in the cable itself: updated in place too.
    std::fs::write(
        site.join("content/cables/03PHNOMPENH1990.txt"),
        CABLE.replace("the Foreign Minister.", "the Foreign Minister twice."),
    )
    .unwrap();
    wait_for(addr, page, |b| b.contains("Foreign Minister twice."));
    assert_eq!(
        inode(&site.join("public")),
        public_before,
        "updated in place"
    );

    // Another cable broken: its error shows on every page, and an edit of a note that
    // is applied in place meanwhile does not hide it; fixed, it goes.
    let other = site.join("content/cables/03PHNOMPENH2000.txt");
    let other_cable = CABLE
        .replace("03PHNOMPENH1990", "03PHNOMPENH2000")
        .replace("2003-12-02", "2003-12-09");
    std::fs::write(&other, &other_cable).unwrap();
    wait_for(addr, "/cable/2003/12/03PHNOMPENH2000.html", |b| {
        b.contains("A MEETING")
    });
    std::fs::write(
        &other,
        other_cable.replace("date: 2003-12-09 02:22", "date: [oops"),
    )
    .unwrap();
    wait_for(addr, page, |b| b.contains("cablepress-errors"));
    std::fs::write(
        site.join("content/annotations/note.md"),
        annotation("Fourth version."),
    )
    .unwrap();
    let body = wait_for(addr, page, |b| b.contains("Fourth version."));
    assert!(
        body.contains("cablepress-errors") && body.contains("03PHNOMPENH2000.txt"),
        "the broken cable's error still shows: {body}"
    );
    std::fs::write(&other, &other_cable).unwrap();
    wait_for(addr, page, |b| !b.contains("cablepress-errors"));

    // Nothing outside the output folder.
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/static/..%2f..%2f..%2fsecret.txt",
    ] {
        let (status, body) = get(addr, path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(!body.contains("do not serve me"), "{path}");
    }
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), site.join("public/leak.txt"))
        .unwrap();
    let (status, body) = get(addr, "/leak.txt");
    assert_eq!(status, 403);
    assert!(!body.contains("do not serve me"));
    assert_eq!(get(addr, "/missing.html").0, 404);
    handle.stop();
}

/// Every entry under `root`: folders by name, files with their bytes.
fn tree(root: &std::path::Path) -> std::collections::BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .into_owned();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            Some((rel, bytes))
        })
        .collect()
}

/// Brings the search index of `live` up to date, as `serve` does once the edits pause,
/// and checks what that changed: only files whose bytes differ are rewritten (the others
/// keep their modification times), and nothing is left beside the output.
fn update_search(live: &mut cablepress::live::LiveSite, served: &std::path::Path) {
    use std::collections::BTreeMap;
    let search_files = || -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
        common::files_under(&served.join("search"), served, |p, m| {
            (std::fs::read(p).unwrap(), m.modified().unwrap())
        })
    };
    assert!(
        live.search_is_stale(),
        "an update in place leaves the index behind"
    );
    let before = search_files();
    let update = live
        .update_search(&|| false)
        .unwrap()
        .expect("not given up");
    assert!(update.diagnostics.is_empty(), "{:#?}", update.diagnostics);
    assert!(!live.search_is_stale());
    let after = search_files();
    let rewritten = after
        .iter()
        .filter(|(rel, (bytes, _))| before.get(*rel).is_none_or(|(b, _)| b != bytes))
        .count();
    assert!(rewritten > 0, "a changed note or text changes the index");
    assert_eq!(update.written, rewritten);
    assert_eq!(
        update.removed,
        before.keys().filter(|k| !after.contains_key(*k)).count()
    );
    for (rel, (bytes, modified)) in &after {
        if let Some((b, m)) = before.get(rel) {
            if b == bytes {
                assert_eq!(m, modified, "{rel} has the same bytes and keeps its time");
            }
        }
    }
    let parent = served.parent().unwrap();
    for e in std::fs::read_dir(parent).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".building-"),
            "left beside the output: {name}"
        );
    }
}

/// Builds `site` from scratch into `cold` and checks that `served` (updated in place,
/// its search index too) has the same folders and files, byte for byte.
fn assert_same_as_a_full_build(
    step: &str,
    site: &std::path::Path,
    served: &std::path::Path,
    cold: &std::path::Path,
) {
    let opts = cablepress::BuildOptions {
        force: true,
        ..Default::default()
    };
    let report = cablepress::build(site, cold, &opts).unwrap();
    assert_eq!(report.errors(), 0, "{step}: {:#?}", report.diagnostics);
    let (now, want) = (tree(served), tree(cold));
    let differ: std::collections::BTreeSet<&String> = now
        .keys()
        .chain(want.keys())
        .filter(|k| now.get(*k) != want.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{step}: differs from a full build: {differ:?}"
    );
}

#[test]
fn an_annotation_update_in_place_removes_the_pages_it_no_longer_has_and_redoes_the_sitemap() {
    use cablepress::{build_keeping, live::LiveSite, BuildOptions};
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let note = |author: &str, day: u32, body: &str| {
        format!("---\ncable: 03PHNOMPENH1990\nparagraph: 2\nauthor: {author}\ndate: 2026-11-{day:02}\n---\n{body}\n")
    };
    let mut files = vec![
        (
            "site.yaml".to_string(),
            "title: T\nbase_url: https://example.org/\npaginate_by: 2\n".to_string(),
        ),
        ("content/cables/03PHNOMPENH1990.txt".into(), CABLE.into()),
        (
            "content/annotations/other.md".into(),
            note("Ann Other", 1, "A note by another editor."),
        ),
        (
            "content/annotations/code.md".into(),
            note("Jane Editor", 2, "```rust\nfn main() {}\n```"),
        ),
    ];
    for day in 3..=7 {
        files.push((
            format!("content/annotations/jane-{day}.md"),
            note("Jane Editor", day, &format!("Note of the {day}th.")),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (&a[..], &b[..])).collect();
    common::write_files(&site, &files);
    let served = tmp.path().join("public");
    let (report, built) = build_keeping(&site, &served, &BuildOptions::default()).unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let mut live = LiveSite::new(&site, &served, built.expect("built"));
    for p in [
        "annotations/by/ann-other/index.html",
        "annotations/by/jane-editor/page/3/index.html",
        "annotations/page/4/index.html",
        "static/highlight.css",
    ] {
        assert!(served.join(p).is_file(), "{p}");
    }

    // After each update in place, the served folder is what a full build would make.
    let cold = tmp.path().join("cold");
    let mut same_as_a_full_build = |step: &str| {
        let update = live.update_notes().unwrap();
        assert!(update.applied, "{step}: {:#?}", update.diagnostics);
        update_search(&mut live, &served);
        assert_same_as_a_full_build(step, &site, &served, &cold);
        update
    };

    // Another author: the old one's page goes, the new one's comes, and the sitemap says so.
    std::fs::write(
        site.join("content/annotations/other.md"),
        note("Zed Newauthor", 1, "A note by another editor."),
    )
    .unwrap();
    let update = same_as_a_full_build("author renamed");
    assert_eq!(update.removed, 1);
    assert!(!served.join("annotations/by/ann-other").exists());
    let sitemap = std::fs::read_to_string(served.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("annotations/by/zed-newauthor/index.html"));
    assert!(!sitemap.contains("ann-other"));

    // Fewer notes: the pages past the new last ones go, and the highlight stylesheet with
    // the last note that had code.
    for f in ["code.md", "jane-3.md", "jane-4.md"] {
        std::fs::remove_file(site.join("content/annotations").join(f)).unwrap();
    }
    let update = same_as_a_full_build("notes removed");
    assert!(update.removed >= 3, "{update:?}");
    for p in [
        "annotations/by/jane-editor/page/3",
        "annotations/page/4",
        "static/highlight.css",
    ] {
        assert!(!served.join(p).exists(), "{p}");
    }

    // An edit that keeps the same pages leaves the sitemap alone.
    let stamp = std::fs::metadata(served.join("sitemap.xml"))
        .unwrap()
        .modified()
        .unwrap();
    std::fs::write(
        site.join("content/annotations/jane-5.md"),
        note("Jane Editor", 5, "Reworded."),
    )
    .unwrap();
    let update = same_as_a_full_build("note edited");
    assert_eq!(update.removed, 0);
    let after = std::fs::metadata(served.join("sitemap.xml"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(stamp, after);
}

#[test]
fn a_cable_edit_no_other_page_shows_is_applied_in_place_as_a_full_build_would() {
    use cablepress::{build_keeping, live::LiveSite, BuildOptions};
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cable = |first: &str, second: &str, subject: &str| {
        format!(
            "---\nid: 03PHNOMPENH1990\ndate: 2003-12-02 02:22\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\n\
             SUBJECT: {subject}\n\n1.  (C) {first}\n\n2.  (C) {second}\n"
        )
    };
    let path = site.join("content/cables/03PHNOMPENH1990.txt");
    common::write_files(
        &site,
        &[
            ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
            (
                "content/cables/03PHNOMPENH1990.txt",
                &cable(
                    "The Ambassador met Hun Sen.",
                    "The case remained open.",
                    "A MEETING",
                ),
            ),
            (
                "content/cables/03PHNOMPENH2000.txt",
                "---\nid: 03PHNOMPENH2000\ndate: 2003-12-09 10:00\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\nreferences: [03PHNOMPENH1990]\n---\nSUBJECT: FOLLOW-UP\n\n1.  (C) Hun Sen said no more.\n",
            ),
            ("content/people/hun-sen.yaml", "name: Hun Sen\ncountries: [CB]\n"),
            (
                "content/annotations/note.md",
                "---\ncable: 03PHNOMPENH1990\nparagraph: 2\nquote: case remained open\nauthor: Jane Editor\ndate: 2026-11-20\n---\nStill open in 2004.\n",
            ),
        ],
    );
    let served = tmp.path().join("public");
    let (report, built) = build_keeping(&site, &served, &BuildOptions::default()).unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let mut live = LiveSite::new(&site, &served, built.expect("built"));
    let page = served.join("cable/2003/12/03PHNOMPENH1990.html");
    let text = served.join("cable/2003/12/03PHNOMPENH1990.txt");
    let person = served.join("person/hun-sen/index.html");
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    let cold = tmp.path().join("cold");
    let full_build = |live: &mut LiveSite, step: &str| {
        update_search(live, &served);
        assert_same_as_a_full_build(step, &site, &served, &cold);
    };
    let browse = served.join("browse/index.html");
    let browse_before = std::fs::metadata(&browse).unwrap().modified().unwrap();

    // Words corrected in both paragraphs (the quote and the mention kept), and an
    // editor's backup file beside it: the page, the download and the person's excerpt
    // show the new words, nothing else is rewritten, and the site is what a full build
    // of the edited files makes.
    std::fs::write(
        &path,
        cable(
            "The Ambassador met Hun Sen at noon.",
            "The case remained open for now.",
            "A MEETING",
        ),
    )
    .unwrap();
    let backup = site.join("content/cables/03PHNOMPENH1990.txt~");
    std::fs::write(&backup, "old").unwrap();
    let update = live
        .update_cables(&[path.clone(), backup.clone()])
        .unwrap()
        .expect("updated in place");
    assert!(update.applied, "{:#?}", update.diagnostics);
    assert_eq!((update.edited, update.cables), (1, 1));
    let html = read(&page);
    assert!(
        html.contains("case remained open</mark>") && html.contains("</sup> for now.</p>"),
        "the note still marks its quote: {html}"
    );
    assert!(read(&page).contains("at noon."));
    assert!(read(&text).contains("The case remained open for now."));
    assert!(read(&person).contains("at noon"), "{}", read(&person));
    assert_eq!(
        std::fs::metadata(&browse).unwrap().modified().unwrap(),
        browse_before
    );
    std::fs::remove_file(&backup).unwrap();
    // Given up before it is whole, the index in the output is as it was.
    let index_before = tree(&served.join("search"));
    assert!(live.update_search(&|| true).unwrap().is_none());
    assert!(live.search_is_stale());
    assert_eq!(tree(&served.join("search")), index_before);
    full_build(&mut live, "words corrected");

    // The quote gone from the text: an error naming the note, nothing written, and the
    // kept archive as it was (the same edit fixed later is applied).
    let edit = |live: &mut LiveSite, first: &str, second: &str, subject: &str| {
        std::fs::write(&path, cable(first, second, subject)).unwrap();
        live.update_cables(std::slice::from_ref(&path)).unwrap()
    };
    let update = edit(
        &mut live,
        "The Ambassador met Hun Sen at noon.",
        "The file was closed.",
        "A MEETING",
    )
    .expect("an edit in place, with an error");
    assert!(!update.applied);
    assert!(
        update
            .diagnostics
            .iter()
            .any(|d| d.to_string().contains("note.md") && d.to_string().contains("quote not found")),
        "{:#?}",
        update.diagnostics
    );
    assert!(read(&page).contains("for now."), "the last good page stays");
    let update = edit(
        &mut live,
        "The Ambassador met Hun Sen at noon.",
        "The case remained open until May.",
        "A MEETING",
    )
    .expect("an edit in place");
    assert!(update.applied, "{:#?}", update.diagnostics);
    assert!(read(&page).contains("until May."));
    full_build(&mut live, "quote restored");

    // What other pages show changed: a full build is needed.
    for (first, second, subject, why) in [
        (
            "The Ambassador met Hun Sen at noon.",
            "The case remained open.",
            "A LUNCH",
            "subject",
        ),
        (
            "The Ambassador met Hun Sen and Hun Sen.",
            "The case remained open.",
            "A MEETING",
            "a mention",
        ),
        (
            "The Ambassador met Hun Sen at noon.",
            "The case remained open.\n\n3.  (C) More.",
            "A MEETING",
            "a paragraph",
        ),
    ] {
        assert!(edit(&mut live, first, second, subject).is_none(), "{why}");
    }
    // A new file, or a dump, is not an edit of a cable read before.
    let new = site.join("content/cables/03PHNOMPENH3000.txt");
    std::fs::write(&new, "SUBJECT: NEW\n\n1. New.\n").unwrap();
    assert!(live
        .update_cables(std::slice::from_ref(&new))
        .unwrap()
        .is_none());
    let dump = site.join("content/cables/dump.csv");
    std::fs::write(&dump, "").unwrap();
    assert!(live
        .update_cables(std::slice::from_ref(&dump))
        .unwrap()
        .is_none());
}

#[test]
fn source_folders_made_or_replaced_after_start_are_watched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::write_files(
        &site,
        &[
            ("content/cables/03PHNOMPENH1990.txt", CABLE),
            ("content/annotations/note.md", &annotation("First.")),
        ],
    );
    let handle = serve_site(&site);
    let addr = handle.addr;
    let page = "/cable/2003/12/03PHNOMPENH1990.html";
    wait_for(addr, page, |b| b.contains("First."));

    // `static/` did not exist at the start.
    common::write_files(&site, &[("static/extra.css", "body { color: red }")]);
    wait_for(addr, "/static/extra.css", |b| b.contains("color: red"));
    std::fs::write(site.join("static/extra.css"), "body { color: blue }").unwrap();
    wait_for(addr, "/static/extra.css", |b| b.contains("color: blue"));

    // `content/` replaced by another folder (as a checkout of another branch might).
    let new = tmp.path().join("new-content");
    common::write_files(
        &new,
        &[
            ("cables/03PHNOMPENH1990.txt", CABLE),
            ("annotations/note.md", &annotation("Second.")),
        ],
    );
    std::fs::rename(site.join("content"), tmp.path().join("old-content")).unwrap();
    std::fs::rename(&new, site.join("content")).unwrap();
    wait_for(addr, page, |b| b.contains("Second."));
    // Its files are watched: an edit in the new folder shows.
    std::fs::write(
        site.join("content/annotations/note.md"),
        annotation("Third."),
    )
    .unwrap();
    wait_for(addr, page, |b| b.contains("Third."));
    handle.stop();
}
