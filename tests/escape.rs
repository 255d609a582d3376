//! Content that tries to break out of its place: markup in wiki-link labels, characters
//! XML does not allow, braces in BibTeX, look-alike note names, a `base_url` with a line
//! break in it, images from other hosts. Each case builds a small site around the sample
//! cable `03BANGKOK7790`.

mod common;

use cablepress::check::wellformed;
use common::TestSite;

const CABLE: (&str, &str) = (
    "content/cables/2003/03BANGKOK7790.txt",
    include_str!("../content/cables/2003/03BANGKOK7790.txt"),
);
const PAGE: &str = "cable/2003/12/03BANGKOK7790.html";

fn note(name: &str, fields: &str, body: &str) -> (String, String) {
    (
        format!("content/annotations/{name}"),
        format!(
            "---\ncable: 03BANGKOK7790\nauthor: Jane Editor\ndate: 2026-11-20\n{fields}---\n{body}"
        ),
    )
}

fn build(files: &[(String, String)]) -> TestSite {
    let mut all: Vec<(&str, &str)> = vec![CABLE];
    all.extend(files.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    TestSite::build(&all)
}

/// Markup a wiki-link label must not be able to write.
const EVIL_LABELS: &str = "See [[03BANGKOK7790|<img src=x onerror=alert(document.domain)>]] and \
[[03BANGKOK7790|<javascript:alert(2)>]] and [[NOPE|<img src=y onerror=alert(3)>]] and \
[[03BANGKOK7790|![i](javascript:alert(1))]] and [[03BANGKOK7790|[x](javascript:alert(4)) <https://example.org/>]] end.";

/// No event handler, no scripting URL, no `<a>` inside an `<a>`, no element the label
/// wrote itself.
fn assert_no_injection(what: &str, html: &str) {
    let mut open_a = 0;
    for t in wellformed::tags(html) {
        for (a, v) in &t.attrs {
            assert!(!a.starts_with("on"), "{what}: {a}= on <{}>", t.name);
            assert!(
                !v.to_ascii_lowercase().contains("javascript"),
                "{what}: javascript in {a}={v}"
            );
        }
        if t.name == "a" {
            if t.closing {
                open_a -= 1;
            } else {
                assert_eq!(open_a, 0, "{what}: an <a> inside an <a> at {}", t.offset);
                open_a += 1;
            }
        }
        assert!(
            !(t.name == "img" && t.attrs.iter().any(|(a, v)| a == "src" && *v != "#")),
            "{what}: an <img> the label wrote: {t:?}"
        );
    }
    assert!(
        !html.contains("<img src=x") && !html.contains("<img src=y"),
        "{what}"
    );
}

#[test]
fn markup_in_a_wiki_link_label_is_text_and_its_urls_are_checked() {
    let (np, nt) = note("evil.md", "title: Labels\n", &format!("{EVIL_LABELS}\n"));
    let files = vec![
        (np, nt),
        (
            "content/people/evil.yaml".to_string(),
            format!("name: Evil Person\ndescription: \"{EVIL_LABELS}\"\n"),
        ),
        (
            "content/pages/evil.md".to_string(),
            format!("---\ntitle: Evil\n---\n{EVIL_LABELS}\n"),
        ),
    ];
    let s = build(&files);
    for page in [
        PAGE,
        "annotations/index.html",
        "person/evil/index.html",
        "evil/index.html",
    ] {
        let html = s.page(page);
        assert_no_injection(page, &html);
        assert!(
            html.contains("&lt;img src=x onerror=alert(document.domain)&gt;</a>"),
            "{page}: the label is not shown as text"
        );
        assert!(
            html.contains("&lt;img src=y onerror=alert(3)&gt;</span>"),
            "{page}: the broken link's label is not shown as text"
        );
    }
    // The feed carries the note's HTML as text: that HTML has no markup from the label.
    let feed = s.page("feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is XML");
    let content = doc
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .and_then(|n| n.text())
        .expect("an entry's content");
    assert_no_injection("feed.xml", content);
    assert!(content.contains("&lt;img src=x"), "{content}");
}

#[test]
fn trusted_html_in_a_wiki_link_label_is_still_sanitised() {
    let (np, nt) = note(
        "evil.md",
        "title: Labels\n",
        &format!("{EVIL_LABELS}\n\n[[03BANGKOK7790|<b onclick=x()>bold</b>]]\n"),
    );
    let s = build(&[
        (np, nt),
        ("site.yaml".to_string(), "trusted_html: true\n".to_string()),
    ]);
    let html = s.page(PAGE);
    for t in wellformed::tags(&html) {
        for (a, v) in &t.attrs {
            assert!(!a.starts_with("on"), "{a}= on <{}>", t.name);
            assert!(!v.to_ascii_lowercase().contains("javascript"), "{a}={v}");
        }
    }
    assert!(html.contains("<b>bold</b>"), "trusted HTML is kept");
}

/// Characters XML 1.0 does not allow (and HTML does not either).
const BAD_CHARS: [char; 6] = ['\u{1}', '\u{b}', '\u{1b}', '\u{8}', '\u{fffe}', '\u{ffff}'];

#[test]
fn characters_xml_does_not_allow_are_not_written_into_xml_or_html() {
    // In a note's title (a YAML escape) and body, and in a cable's SUBJECT line.
    let (np, nt) = note(
        "ctl.md",
        "title: \"T\\x01i\\x0bt\\x1bl\\x08e\\uFFFE \\uFFFF\"\n",
        "Body \u{1} with \u{b} controls \u{1b}[31m and \u{8} \u{fffe} \u{ffff} end.\n",
    );
    let cable = "---\nid: 03BANGKOK7791\ndate: 2003-12-06 10:00\n---\nUNCLASSIFIED\n\nTAGS: PREL, TH\nSUBJECT: BAD \u{1}\u{b}\u{1b}\u{8}\u{fffe}\u{ffff} SUBJECT\n\n1. Text \u{1} with \u{1b} controls.\n";
    let (mp, mt) = (
        "content/annotations/ctl2.md".to_string(),
        "---\ncable: 03BANGKOK7791\nauthor: Jane Editor\ndate: 2026-11-21\n---\nOn the subject.\n"
            .to_string(),
    );
    let s = build(&[
        (np, nt),
        (mp, mt),
        (
            "content/cables/03BANGKOK7791.txt".to_string(),
            cable.to_string(),
        ),
        (
            "site.yaml".to_string(),
            "title: \"Site \\x01 title\"\nbase_url: https://example.org/archive/\n".to_string(),
        ),
    ]);
    let feed = s.page("feed.xml");
    roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("feed.xml: {e}\n{feed}"));
    assert!(feed.contains("BAD"), "the cable's note is in the feed");
    let sitemap = s.page("sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml: {e}"));
    for page in [
        PAGE,
        "cable/2003/12/03BANGKOK7791.html",
        "annotations/index.html",
        "index.html",
        "feed.xml",
    ] {
        let text = s.page(page);
        for c in BAD_CHARS {
            assert!(!text.contains(c), "{page} has {c:?}");
        }
    }
    assert!(
        s.page(PAGE).contains("Body \u{fffd} with"),
        "replaced, not dropped"
    );
}

/// Every brace of a BibTeX entry balanced, whatever backslashes come before it (BibTeX
/// counts them all), the entry closed only by its last character.
fn assert_balanced(bib: &str) {
    let body = bib.trim_end();
    let mut depth = 0i32;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "closed too often at {i}: {bib}");
                if depth == 0 {
                    assert_eq!(i, body.len() - 1, "the entry ends early at {i}: {bib}");
                }
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced: {bib}");
}

fn cable_with(id: &str, subject: &str) -> (String, String) {
    (
        format!("content/cables/{id}.txt"),
        format!("---\nid: {id}\ndate: 2003-12-06 10:00\norigin: 'Embassy {{Bangkok'\nclassification: 'SECRET}}'\nsubject: '{subject}'\n---\nUNCLASSIFIED\n\n1. Text.\n"),
    )
}

#[test]
fn bibtex_entries_are_balanced_and_the_url_is_verbatim() {
    let s = build(&[
        cable_with("03BANGKOK7792", "EMOTICON :-{ SEEN"),
        cable_with("03BANGKOK7793", "EMOTICON :-} SEEN {{ }}} \\} \\"),
        cable_with("03BANG_KOK7794", "A_B 50% & $5 #1 ~^"),
        (
            "site.yaml".to_string(),
            "base_url: \"https://example.edu/~jane/my_cables/\"\n".to_string(),
        ),
    ]);
    for (id, fields) in [
        (
            "03BANGKOK7792",
            ["title = {{EMOTICON :-\\textbraceleft{} SEEN}}"].as_slice(),
        ),
        ("03BANGKOK7793", [].as_slice()),
        (
            "03BANG_KOK7794",
            [
                "number = {03BANG\\_KOK7794}",
                "howpublished = {Diplomatic cable 03BANG\\_KOK7794}",
                "url = {https://example.edu/~jane/my_cables/cable/2003/12/03BANG_KOK7794.html}",
                "title = {{A\\_B 50\\% \\& \\$5 \\#1 \\textasciitilde{}\\textasciicircum{}}}",
            ]
            .as_slice(),
        ),
    ] {
        let bib = s.page(&format!("cable/2003/12/{id}.bib"));
        assert_balanced(&bib);
        assert!(bib.starts_with(&format!("@misc{{{id},\n")), "{bib}");
        for f in [
            "title",
            "author",
            "year",
            "month",
            "date",
            "number",
            "type",
            "howpublished",
            "note",
            "url",
        ] {
            assert!(bib.contains(&format!("\n  {f} = ")), "no {f}: {bib}");
        }
        assert!(
            bib.contains("author = {{Embassy \\textbraceleft{}Bangkok}}"),
            "{bib}"
        );
        assert!(
            bib.contains("note = {Classification: SECRET\\textbraceright{}}"),
            "{bib}"
        );
        for f in fields {
            assert!(bib.contains(f), "no {f:?} in {bib}");
        }
    }
}

#[test]
fn notes_whose_names_slug_alike_get_ids_of_their_own() {
    let fields = "title: Same\n";
    let files = vec![
        note("x y.md", fields, "First[^1].\n\n[^1]: first note.\n"),
        note("x-y.md", fields, "Second[^1].\n\n[^1]: second note.\n"),
        note("X-Y.md", fields, "Third[^1].\n\n[^1]: third note.\n"),
        note("é.md", fields, "Fourth.\n"),
        note("ü.md", fields, "Fifth.\n"),
    ];
    let check = |s: &TestSite| {
        let html = s.page(PAGE);
        let mut ids: Vec<String> = html
            .split(" id=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .map(str::to_string)
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate ids on the cable page: {ids:?}");
        let fn_ids = ids.iter().filter(|i| i.contains("fn-1")).count();
        assert_eq!(fn_ids, 3, "{ids:?}");
        let feed = s.page("feed.xml");
        let doc = roxmltree::Document::parse(&feed).expect("feed.xml is XML");
        let mut entry_ids: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| e.children().find(|c| c.has_tag_name("id")))
            .filter_map(|i| i.text().map(str::to_string))
            .collect();
        assert_eq!(entry_ids.len(), 5, "{feed}");
        entry_ids.sort();
        entry_ids.dedup();
        assert_eq!(entry_ids.len(), 5, "duplicate entry ids: {entry_ids:?}");
        (ids, entry_ids)
    };
    let a = check(&build(&files));
    // The same ids from another build: they do not depend on the order files are read.
    let mut reversed = files.clone();
    reversed.reverse();
    assert_eq!(check(&build(&reversed)), a);
    // A note whose name is already an id keeps the id it always had.
    assert!(a.0.iter().any(|i| i == "x-y-fn-1"), "{:?}", a.0);
}

#[test]
fn a_base_url_that_is_not_a_plain_address_is_refused() {
    for bad in [
        "https://example.org/\\nDisallow: /\\n",
        "https://example.org/a b/",
        "https:///no-host/",
        "https://example.org/?q=1",
        "https://example.org/#top",
        "https://exa\\tmple.org/",
    ] {
        let s = build(&[(
            "site.yaml".to_string(),
            format!("title: T\nbase_url: \"{bad}\"\n"),
        )]);
        let msgs = s.messages();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("error: site.yaml:2: base_url `")),
            "{bad}: {msgs:?}"
        );
        let robots = s.page("robots.txt");
        assert_eq!(robots, "User-agent: *\nAllow: /\n", "{bad}");
        assert!(!s.exists("sitemap.xml"), "{bad}");
        assert!(s.page("index.html").contains("<title>T</title>"));
    }
    let s = build(&[(
        "site.yaml".to_string(),
        "base_url: \"https://example.org/archive\"\n".to_string(),
    )]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    assert!(s
        .page("robots.txt")
        .contains("Sitemap: https://example.org/archive/sitemap.xml"));
}

#[test]
fn an_image_from_another_host_is_a_link_with_a_warning() {
    let (np, nt) = note(
        "img.md",
        "",
        "Before.\n\n![the photo](https://tracker.example/p.png) and ![proto](//tracker.example/q.png)\n\n[[03BANGKOK7790|![in label](https://tracker.example/r.png)]]\n",
    );
    let s = build(&[(np, nt)]);
    let msgs = s.messages();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("warning: content/annotations/img.md:8: ")
                && m.contains("https://tracker.example/p.png")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("//tracker.example/q.png")),
        "{msgs:?}"
    );
    let html = s.page(PAGE);
    assert!(
        html.contains("<a href=\"https://tracker.example/p.png\">the photo</a>"),
        "the image is not a link"
    );
    assert!(!html.contains("<img"), "an image is still loaded");
    assert_no_injection(PAGE, &html);
    let report = cablepress::check::check_site(&s.out());
    let loads: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.message.contains("another host"))
        .collect();
    assert!(loads.is_empty(), "{loads:?}");

    // Raw HTML in a trusted site: the image loses its address.
    let (np, nt) = note(
        "img.md",
        "",
        "<img src=\"https://tracker.example/t.png\" alt=\"t\"> <img src=\"//tracker.example/u.png\">\n",
    );
    let s = build(&[
        (np, nt),
        ("site.yaml".to_string(), "trusted_html: true\n".to_string()),
    ]);
    let html = s.page(PAGE);
    assert!(
        !html.contains("tracker.example"),
        "an image is still loaded"
    );
}
