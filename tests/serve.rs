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
    let opts = ServeOptions {
        site: site.clone(),
        output: site.join("public"),
        bind: "127.0.0.1".into(),
        port: 0,
    };
    let handle = serve::start(opts, Box::new(|_, _| {})).expect("serve starts");
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
