//! Editorial annotations as a reader gets them: in place on the cable page, on the
//! listing pages, on the home page and in the Atom feed; and the errors an editor gets.

mod common;

use common::{squash, TestSite};

/// A short telegram with three numbered paragraphs, the second wrapping "Cambodian
/// Freedom Fighters" over two lines.
fn cable(id: &str, date: &str) -> String {
    format!(
        "---\nid: {id}\ndate: {date}\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\n\
C O N F I D E N T I A L  PHNOM PENH 001990\n\
\n\
E.O. 12958: DECL: 12/01/2013\n\
TAGS: PREL, CB\n\
SUBJECT: AMBASSADOR'S MEETING WITH THE FOREIGN MINISTER\n\
\n\
1.  (C) Summary.  The Ambassador briefed Foreign Minister\n\
Hor Namhong on his recent meetings in Washington.  End summary.\n\
\n\
2.  (C) The Minister asked about the investigation into the activities of the Cambodian\n\
Freedom   Fighters (CFF).  The Ambassador said the case remained open.\n\
\n\
3.  (C) Hor Namhong thanked the Ambassador for the prompt response.\n"
    )
}

const PAGE: &str = "cable/2003/12/03PHNOMPENH1990.html";

fn note(fields: &str, body: &str) -> String {
    format!("---\n{fields}\n---\n{body}")
}

fn site(extra: &[(&str, &str)]) -> TestSite {
    let c1 = cable("03PHNOMPENH1990", "2003-12-02 02:22");
    let c2 = cable("03PHNOMPENH1969", "2003-11-20 10:00");
    let mut files: Vec<(&str, &str)> = vec![
        ("content/cables/03PHNOMPENH1990.txt", &c1),
        ("content/cables/03PHNOMPENH1969.txt", &c2),
    ];
    files.extend_from_slice(extra);
    TestSite::build(&files)
}

/// Every internal link and anchor of the built site resolves (the search page is
/// another feature's, not built here).
fn assert_links_resolve(s: &TestSite) {
    let report = cablepress::check::check_site(&s.out());
    let problems: Vec<_> = report
        .problems
        .iter()
        .filter(|p| !p.message.contains("search/index.html"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
}

/// The part of `html` between the first `from` and the next `to` after it.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in page"));
    let rest = &html[start..];
    let end = rest[from.len()..]
        .find(to)
        .map(|i| i + from.len())
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn a_note_stands_beside_its_paragraph_with_number_author_date_and_permalink() {
    let n = note(
        "cable: 03PHNOMPENH1990\nparagraph: 2\ntitle: Who were the CFF?\nauthor: Jane Editor\ndate: 2026-11-20",
        "An armed group based in **California**.\n",
    );
    let s = site(&[("content/annotations/cff.md", &n)]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    let html = s.page(PAGE);
    // Between paragraph 2 and paragraph 3, in the notes column.
    let after_par2 = between(&html, "id=\"par2\"", "id=\"par3\"");
    assert!(after_par2.contains("<div class=\"notes\">"), "{after_par2}");
    let aside = between(
        after_par2,
        "<aside class=\"note\" id=\"note-1\"",
        "</aside>",
    );
    assert!(
        aside.contains("<a class=\"note-num\" href=\"#note-1\""),
        "{aside}"
    );
    assert!(aside.contains("<strong class=\"note-title\">Who were the CFF?</strong>"));
    assert!(aside.contains("An armed group based in <strong>California</strong>."));
    assert!(
        aside.contains("Jane Editor</a> · <time datetime=\"2026-11-20\">2026-11-20</time>"),
        "{aside}"
    );
    assert!(aside.contains("href=\"../../../annotations/by/jane-editor/index.html\""));
    // Not beside another paragraph, and the toggle is there, on by default.
    assert!(!between(&html, "id=\"par1\"", "id=\"par2\"").contains("class=\"note\""));
    assert!(html
        .contains("<input class=\"notes-toggle\" type=\"checkbox\" id=\"notes-toggle\" checked>"));
    assert!(html.contains(
        "<label class=\"notes-toggle-label\" for=\"notes-toggle\">Show the 1 annotation</label>"
    ));
    // A cable without notes has no toggle.
    assert!(!s
        .page("cable/2003/11/03PHNOMPENH1969.html")
        .contains("notes-toggle"));
}

#[test]
fn the_quoted_passage_is_highlighted_and_linked_both_ways() {
    // Different case, one space where the cable wraps a line and repeats spaces.
    let n = note(
        "cable: 03PHNOMPENH1990\nparagraph: 2\nquote: \"cambodian freedom fighters\"\nauthor: Jane Editor\ndate: 2026-11-20",
        "The CFF.\n",
    );
    let s = site(&[("content/annotations/cff.md", &n)]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    let html = s.page(PAGE);
    let par2 = squash(between(&html, "id=\"par2\"", "</div>"));
    assert!(
        par2.contains("activities of the <mark class=\"quote\" id=\"q-1\">Cambodian Freedom Fighters</mark><sup class=\"note-ref\"><a href=\"#note-1\""),
        "{par2}"
    );
    let aside = between(&html, "<aside class=\"note\" id=\"note-1\"", "</aside>");
    assert!(
        aside.contains("<blockquote class=\"note-quote\"><a href=\"#q-1\""),
        "{aside}"
    );
    assert_links_resolve(&s);
}

#[test]
fn a_note_without_paragraph_stands_at_the_top_and_a_quote_finds_its_paragraph() {
    let top = note(
        "cable: 03PHNOMPENH1990\nauthor: A. Editor\ndate: 2026-01-02",
        "About the whole cable.\n",
    );
    let quoted = note(
        "cable: 03PHNOMPENH1990\nquote: prompt response\nauthor: A. Editor\ndate: 2026-01-03",
        "Quickly.\n",
    );
    let s = site(&[
        ("content/annotations/a-top.md", &top),
        ("content/annotations/b-quoted.md", &quoted),
    ]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    let html = s.page(PAGE);
    let top_html = between(
        &html,
        "<div class=\"notes-top\">",
        "<div class=\"telegram-body",
    );
    assert!(
        top_html.contains("id=\"note-1\"") && top_html.contains("About the whole cable."),
        "{top_html}"
    );
    // The quote is in paragraph 3: the note stands there and is numbered after the top one.
    let par3 = between(&html, "id=\"par3\"", "</aside>");
    assert!(
        par3.contains("<mark class=\"quote\" id=\"q-2\">prompt response</mark>"),
        "{par3}"
    );
    assert!(par3.contains("id=\"note-2\"") && par3.contains("Quickly."));
}

#[test]
fn wiki_links_resolve_relative_to_each_page() {
    let n = note(
        "cable: 03PHNOMPENH1990\nparagraph: 1\nauthor: Jane Editor\ndate: 2026-11-20\npeople: [hor-namhong]",
        "See [[03PHNOMPENH1969]], [[03PHNOMPENH1969#par2|its second paragraph]], [[country:CB]] and [[person:hor-namhong]].\n\nBroken: [[04NOWHERE1]].\n",
    );
    let s = site(&[
        ("content/annotations/links.md", &n),
        ("content/people/hor-namhong.yaml", "name: Hor Namhong\n"),
    ]);
    let html = s.page(PAGE);
    let body = between(&html, "<div class=\"note-body\">", "</div>");
    assert!(
        body.contains(
            "<a href=\"../../../cable/2003/11/03PHNOMPENH1969.html\">03PHNOMPENH1969</a>"
        ),
        "{body}"
    );
    assert!(body.contains(
        "<a href=\"../../../cable/2003/11/03PHNOMPENH1969.html#par2\">its second paragraph</a>"
    ));
    assert!(body.contains("<a href=\"../../../country/cambodia/index.html\">Cambodia</a>"));
    assert!(body.contains("<a href=\"../../../person/hor-namhong/index.html\">Hor Namhong</a>"));
    assert!(body.contains("<span class=\"broken-link\""));
    // The same note on the listing (one folder deep) and the home page (at the root).
    let list = s.page("annotations/index.html");
    assert!(list.contains("<a href=\"../cable/2003/11/03PHNOMPENH1969.html\">03PHNOMPENH1969</a>"));
    assert!(
        list.contains("about <a href=\"../person/hor-namhong/index.html\">Hor Namhong</a>"),
        "{list}"
    );
    let by = s.page("annotations/by/jane-editor/index.html");
    assert!(
        by.contains("<a href=\"../../../cable/2003/11/03PHNOMPENH1969.html\">03PHNOMPENH1969</a>")
    );
    // The broken target is a warning with file and line (the body starts at line 8).
    assert_eq!(
        s.messages(),
        vec!["warning: content/annotations/links.md:10: [[04NOWHERE1]] points nowhere: no cable `04NOWHERE1` in the archive\n  hint: link as [[CABLEID]], [[CABLEID#par4]], [[person:id]] or [[country:CB]]"]
    );
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_one_stylesheet() {
    let n = note(
        "cable: 03PHNOMPENH1990\nparagraph: 1\nauthor: Jane Editor\ndate: 2026-11-20",
        "How we matched it:\n\n```python\ndef match(q):\n    return q.lower()  # fold case\n```\n",
    );
    let s = site(&[("content/annotations/code.md", &n)]);
    let html = s.page(PAGE);
    assert!(html.contains("<pre class=\"hl-code\" data-lang=\"python\"><code><span class=\"hl-source hl-python\">"), "{html}");
    assert!(html.contains("<span class=\"hl-keyword"));
    let code = between(&html, "<pre class=\"hl-code\"", "</pre>");
    assert!(!code.contains("style="), "inline styles: {code}");
    assert!(html.contains("<link rel=\"stylesheet\" href=\"../../../static/highlight.css\">"));
    let css = s.page("static/highlight.css");
    assert!(css.contains(".hl-code") && css.contains("prefers-color-scheme: dark"));
    // A page without code does not load it; a site without code has no such file.
    assert!(!s
        .page("cable/2003/11/03PHNOMPENH1969.html")
        .contains("highlight.css"));
    let plain = site(&[]);
    assert!(!plain.exists("static/highlight.css"));
    assert!(!plain.page(PAGE).contains("highlight.css"));
}

#[test]
fn raw_html_is_escaped_and_even_trusted_html_loses_its_scripts() {
    let body = "<em>raw</em> <script>alert('x')</script> <img src=x onerror=\"alert(1)\"> [click](javascript:alert(2))\n";
    let n = note(
        "cable: 03PHNOMPENH1990\nparagraph: 1\nauthor: Jane Editor\ndate: 2026-11-20",
        body,
    );
    let s = site(&[("content/annotations/x.md", &n)]);
    let aside = s.page(PAGE);
    let aside = between(&aside, "<div class=\"note-body\">", "</div>");
    assert!(
        aside.contains("&lt;em&gt;raw&lt;/em&gt; &lt;script&gt;"),
        "{aside}"
    );
    assert!(
        !aside.contains("<script") && !aside.contains("<em>") && !aside.contains("javascript:"),
        "{aside}"
    );

    let s = site(&[
        ("site.yaml", "trusted_html: true\n"),
        ("content/annotations/x.md", &n),
    ]);
    let html = s.page(PAGE);
    let aside = between(&html, "<div class=\"note-body\">", "</div>");
    assert!(aside.contains("<em>raw</em>"), "{aside}");
    assert!(
        !aside.contains("<script") && !aside.contains("alert"),
        "{aside}"
    );
    assert!(
        !aside.contains("onerror") && !aside.contains("javascript:"),
        "{aside}"
    );
    // Escaped inside the feed's content too.
    assert!(!s.page("feed.xml").contains("<script"));
}

#[test]
fn trusted_html_keeps_wiki_links_relative() {
    let n = note(
        "cable: 03PHNOMPENH1990\nparagraph: 1\nauthor: J\ndate: 2026-11-20",
        "See [[03PHNOMPENH1969]] <b>now</b>.\n",
    );
    let s = site(&[
        ("site.yaml", "trusted_html: true\n"),
        ("content/annotations/x.md", &n),
    ]);
    let html = s.page(PAGE);
    assert!(html.contains("<a href=\"../../../cable/2003/11/03PHNOMPENH1969.html\">03PHNOMPENH1969</a> <b>now</b>"), "{html}");
}

#[test]
fn listings_home_page_and_free_pages() {
    let older = note(
        "cable: 03PHNOMPENH1969\nauthor: Bob Archivist\ndate: 2025-05-01\ntitle: Older note",
        "Old.\n",
    );
    let newer = note("cable: 03PHNOMPENH1990\nparagraph: 3\nauthor: Jane Editor\ndate: 2026-11-20\ntitle: Newer note", "New.\n");
    let about = "---\ntitle: About this archive\n---\nWe annotate [[03PHNOMPENH1990]].\n";
    let s = site(&[
        ("content/annotations/z-older.md", &older),
        ("content/annotations/sub/a-newer.md", &newer),
        ("content/pages/about.md", about),
    ]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    let list = s.page("annotations/index.html");
    let (i_new, i_old) = (
        list.find("Newer note").unwrap(),
        list.find("Older note").unwrap(),
    );
    assert!(i_new < i_old, "newest first");
    assert!(
        list.contains(
            "on <a href=\"../cable/2003/12/03PHNOMPENH1990.html#note-1\">03PHNOMPENH1990</a>"
        ),
        "{list}"
    );
    assert!(list.contains("<a href=\"../annotations/by/bob-archivist/index.html\">Bob Archivist</a> <span class=\"count\">1</span>"));
    let bob = s.page("annotations/by/bob-archivist/index.html");
    assert!(bob.contains("Older note") && !bob.contains("Newer note"));
    let home = s.page("index.html");
    let latest = between(&home, "Latest annotations", "</section>");
    assert!(
        latest.contains("<a href=\"cable/2003/12/03PHNOMPENH1990.html#note-1\">Newer note</a>"),
        "{latest}"
    );
    assert!(latest.find("Newer note") < latest.find("Older note"));
    assert!(home.contains("<a href=\"about/index.html\">About this archive</a>"));
    let about = s.page("about/index.html");
    assert!(about.contains("<h1>About this archive</h1>"));
    assert!(about.contains("<a href=\"../cable/2003/12/03PHNOMPENH1990.html\">03PHNOMPENH1990</a>"));
    assert_links_resolve(&s);
}

#[test]
fn the_feed_is_valid_atom_newest_first_with_absolute_links() {
    let a = note(
        "cable: 03PHNOMPENH1969\nauthor: Bob\ndate: 2025-05-01\ntitle: First & <older>",
        "Old.\n",
    );
    let b = note("cable: 03PHNOMPENH1990\nparagraph: 2\nquote: case remained open\nauthor: Jane\ndate: 2026-11-20", "See [[03PHNOMPENH1969]].\n");
    let s = site(&[
        (
            "site.yaml",
            "title: Cables\nbase_url: https://example.org/archive\n",
        ),
        ("content/annotations/a.md", &a),
        ("content/annotations/b.md", &b),
    ]);
    let xml = s.page("feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    assert_eq!(feed.tag_name().name(), "feed");
    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        n.children()
            .find(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", name)))
    }
    let text = |n: roxmltree::Node<'_, '_>, name: &str| {
        child(n, name)
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    // Required feed elements; `updated` is the newest note's date, not the build time.
    assert!(!text(feed, "id").is_empty());
    assert_eq!(text(feed, "title"), "Cables · annotations");
    assert_eq!(text(feed, "updated"), "2026-11-20T00:00:00Z");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        for required in ["id", "title", "updated"] {
            assert!(!text(*e, required).is_empty(), "entry without {required}");
        }
        assert!(child(*e, "author").and_then(|a| child(a, "name")).is_some());
    }
    assert_eq!(text(entries[0], "title"), "On 03PHNOMPENH1990 ¶2");
    assert_eq!(text(entries[1], "title"), "First & <older>");
    let link = child(entries[0], "link")
        .and_then(|l| l.attribute("href"))
        .unwrap();
    assert_eq!(
        link,
        "https://example.org/archive/cable/2003/12/03PHNOMPENH1990.html#note-1"
    );
    let content = text(entries[0], "content");
    assert!(
        content.contains(
            "<a href=\"https://example.org/archive/cable/2003/11/03PHNOMPENH1969.html\">"
        ),
        "{content}"
    );
    assert!(content.contains("<blockquote>case remained open</blockquote>"));
    // Rebuilding gives the same bytes.
    let again = site(&[
        (
            "site.yaml",
            "title: Cables\nbase_url: https://example.org/archive\n",
        ),
        ("content/annotations/a.md", &a),
        ("content/annotations/b.md", &b),
    ]);
    assert_eq!(again.page("feed.xml"), xml);
}

#[test]
fn each_bad_annotation_is_an_error_with_file_and_line_and_the_rest_is_built() {
    let good = note(
        "cable: 03PHNOMPENH1990\nparagraph: 1\nauthor: Jane\ndate: 2026-11-20",
        "Still here.\n",
    );
    let unknown_cable = note("author: Jane\ndate: 2026-11-20\ncable: 99NOWHERE1", "x\n");
    let no_paragraph = note(
        "cable: 03PHNOMPENH1990\nauthor: Jane\ndate: 2026-11-20\nparagraph: 9",
        "x\n",
    );
    let no_quote = note(
        "cable: 03PHNOMPENH1990\nparagraph: 1\nquote: Khmer Rouge\nauthor: Jane\ndate: 2026-11-20",
        "x\n",
    );
    let wrong_par = note("cable: 03PHNOMPENH1990\nparagraph: 1\nquote: prompt response\nauthor: Jane\ndate: 2026-11-20", "x\n");
    let bad_yaml =
        "---\ncable: 03PHNOMPENH1990\nauthor: Jane\ntitle: [unclosed\ndate: 2026-11-20\n---\nx\n";
    let missing = note("cable: 03PHNOMPENH1990\ntitle: No author", "x\n");
    let s = site(&[
        ("content/annotations/good.md", &good),
        ("content/annotations/unknown-cable.md", &unknown_cable),
        ("content/annotations/no-paragraph.md", &no_paragraph),
        ("content/annotations/no-quote.md", &no_quote),
        ("content/annotations/wrong-par.md", &wrong_par),
        ("content/annotations/bad-yaml.md", bad_yaml),
        ("content/annotations/missing.md", &missing),
    ]);
    let msgs = s.messages();
    let has = |prefix: &str| msgs.iter().any(|m| m.starts_with(prefix));
    assert!(
        has(
            "error: content/annotations/unknown-cable.md:4: cable 99NOWHERE1 is not in the archive"
        ),
        "{msgs:#?}"
    );
    assert!(has("error: content/annotations/no-paragraph.md:5: cable 03PHNOMPENH1990 has no paragraph 9"), "{msgs:#?}");
    assert!(has("error: content/annotations/no-quote.md:4: quote not found in paragraph 1 of 03PHNOMPENH1990: \"Khmer Rouge\""), "{msgs:#?}");
    assert!(
        msgs.iter().any(|m| m
            .starts_with("error: content/annotations/wrong-par.md:4: quote not found")
            && m.contains("hint: it is in paragraph 3")),
        "{msgs:#?}"
    );
    // serde_yaml notices the unclosed list on the next line; both are named in file lines.
    assert!(
        has("error: content/annotations/bad-yaml.md:5: front matter is not valid YAML: did not find expected ',' or ']' at line 5 column 5, while parsing a flow sequence at line 4 column 8"),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/annotations/missing.md:4: required field `author` is missing or empty"),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/annotations/missing.md:4: required field `date` is missing or empty"),
        "{msgs:#?}"
    );
    assert_eq!(s.report.errors(), 7, "{msgs:#?}");
    // The rest of the site is built, with the good note.
    assert!(s.report.committed);
    let html = s.page(PAGE);
    assert!(html.contains("Still here."));
    assert_eq!(html.matches("<aside class=\"note\"").count(), 1);
    assert!(s.exists("cable/2003/11/03PHNOMPENH1969.html"));
    assert!(s.page("annotations/index.html").contains("1 annotation,"));
}

#[test]
fn a_site_without_annotations_still_has_an_empty_listing_and_feed() {
    let s = site(&[]);
    assert!(s
        .page("annotations/index.html")
        .contains("No annotations yet."));
    let xml = s.page("feed.xml");
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "feed");
    assert!(!s.page("index.html").contains("Latest annotations"));
    assert_links_resolve(&s);
}

#[test]
fn a_person_page_shows_notes_about_them_as_text_with_wiki_links_spelled_out() {
    let s = TestSite::build(&[
        ("content/cables/03PHNOMPENH1.txt", "---\nid: 03PHNOMPENH1\ndate: 2003-01-02 03:04\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\nCONFIDENTIAL\n\nSUBJECT: MEETING\n\n1. (C) Foreign Minister Sok Vanna met the Ambassador.\n"),
        ("content/people/sok-vanna.yaml", "name: Sok Vanna\naliases: [\"SOK VANNA\"]\ncountries: [CB]\ndescription: \"Met the envoy in [[03PHNOMPENH1#par1]]; [a file](file:///etc/passwd), [data](data:text/html,x), [web](https://example.org/).\"\n"),
        ("content/annotations/n1.md", "---\ncable: 03PHNOMPENH1\nparagraph: 1\nauthor: Jane Editor\ndate: 2026-11-20\npeople: [sok-vanna]\n---\nHere [[person:sok-vanna]] meets the envoy ([[03PHNOMPENH1#par1]]); see [[country:CB|the country page]].\n"),
    ]);
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let html = s.page("person/sok-vanna/index.html");
    assert!(
        html.contains("Here Sok Vanna meets the envoy (03PHNOMPENH1 ¶1); see the country page."),
        "{html}"
    );
    assert!(!html.contains("[["));
    // The description is Markdown like the notes: wiki-links resolve relative to the page,
    // only http(s), mailto and relative URLs survive.
    assert!(
        html.contains("href=\"../../cable/2003/01/03PHNOMPENH1.html#par1\""),
        "{html}"
    );
    assert!(html.contains("href=\"https://example.org/\""));
    assert!(!html.contains("file:///etc") && !html.contains("data:text"));
}

#[test]
fn excerpts_of_a_note_with_a_table_and_a_footnote_read_as_words() {
    let body = "Filed in Phnom Penh.\n\n| field | value |\n|---|---|\n| id | `03PHNOMPENH1990` |\n\nSee the note.[^src]\n\n[^src]: From the 2011 release.\n";
    let n = note(
        "cable: 03PHNOMPENH1990\nauthor: Jane Editor\ndate: 2026-11-20\ntitle: Tabled note\npeople: [hor-namhong]",
        body,
    );
    let s = site(&[
        ("content/annotations/n.md", &n),
        (
            "content/people/hor-namhong.yaml",
            "name: Hor Namhong\ncountries: [CB]\n",
        ),
    ]);
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let words =
        "Filed in Phnom Penh. field value id 03PHNOMPENH1990 See the note. From the 2011 release.";
    let home = s.page("index.html");
    let latest = squash(between(&home, "Latest annotations", "</section>"));
    assert!(latest.contains(words), "{latest}");
    let person = squash(&s.page("person/hor-namhong/index.html"));
    assert!(person.contains(words), "{person}");
    // (The annotations list shows each note whole, table and all.)
    for page in [&latest, &person] {
        assert!(
            !page.contains("|---|") && !page.contains("[^src]"),
            "{page}"
        );
    }
}

#[test]
fn numbers_in_a_note_s_text_fields_keep_the_text_as_written() {
    // An id YAML would read as a number, a title and an author too.
    let c = cable("0123", "2003-12-02 02:22");
    let n = note(
        "cable: 0123\nparagraph: 2\ntitle: 1.10\nauthor: 007 # a pen name\ndate: 2026-11-20",
        "Placed on the cable whose id is written 0123.\n",
    );
    let s = TestSite::build(&[
        ("content/cables/0123.txt", &c),
        ("content/annotations/n.md", &n),
    ]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    let html = s.page("cable/2003/12/0123.html");
    let aside = between(&html, "<aside class=\"note\" id=\"note-1\"", "</aside>");
    assert!(aside.contains("1.10") && aside.contains("007"), "{aside}");
    assert!(aside.contains("Placed on the cable"), "{aside}");
}
