//! The core site: a small archive built into a temp dir, checked the way a reader sees it.

mod common;
use common::{squash, TestSite};

const PP_1969: &str = "---\nid: 03PHNOMPENH1969\ndate: 2003-11-20 09:00\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\nR 200900Z NOV 03\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC 1100\n\nC O N F I D E N T I A L PHNOM PENH 001969 \n\nE.O. 12958: DECL: 11/20/2013 \nTAGS: PREL, CB \nSUBJECT: FIRST CABLE \n\n1. (C) First paragraph. \n\n2. (U) Second paragraph. \n";

/// No front matter: everything comes from the telegram itself.
const PP_1990: &str = "O 020222Z DEC 03\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC IMMEDIATE 1172\nINFO ASEAN COLLECTIVE\n\nC O N F I D E N T I A L  PHNOM PENH 001990 \n \nSIPDIS\n\nE.O. 12958: DECL: 12/01/2013 \nTAGS: PREL, PTER, CB, Human Trafficking \nSUBJECT: AMBASSADOR'S MEETING WITH CAMBODIAN FOREIGN \nMINISTER \n \nREF: A. STATE 329077 \n     B. PHNOM PENH 1969 \n \nClassified By: Ambassador.  Reason: 1.4 (b) (d). \n \n1.  (C) Summary.  The Ambassador briefed the \nForeign Minister.  End summary. \n \n2.  (C) A list follows:\n-- first item\n-- second item\n\n3.  (SBU) A <script>alert(1)</script> and \"><img src=x onerror=alert(1)> in the text. \n\nRAY \n";

const BKK: &str = "---\nid: 04BANGKOK100\ndate: 2004-01-05 10:00\norigin: Embassy Bangkok\nclassification: UNCLASSIFIED\nreferences: [03PHNOMPENH1990, 03STATE1]\n---\nUNCLAS BANGKOK 000100 \n\nTAGS: PREL, TH, CB \nSUBJECT: REPLY \n\nREF: PHNOM PENH 1990 \n\n1. Text. \n";

fn site() -> TestSite {
    TestSite::build(&[
        ("site.yaml", "title: Test archive\npaginate_by: 2\n"),
        ("content/cables/2003/03PHNOMPENH1969.txt", PP_1969),
        (
            "content/cables/2003/nested/deeper/03PHNOMPENH1990.txt",
            PP_1990,
        ),
        ("content/cables/04BANGKOK100.txt", BKK),
    ])
}

#[test]
fn cable_page_has_metadata_paragraph_anchors_and_escaped_text() {
    let s = site();
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let html = s.page("cable/2003/12/03PHNOMPENH1990.html");
    // Metadata from the telegram itself.
    assert!(
        html.contains("<time>2003-12-02 02:22</time>"),
        "date from the DTG"
    );
    assert!(
        html.contains(">Embassy Phnom Penh</a>") || html.contains("Embassy Phnom Penh"),
        "origin from FM line"
    );
    assert!(html.contains(">CONFIDENTIAL</a>"));
    assert!(html.contains("<span class=\"caveat\">SIPDIS</span>"));
    assert!(
        squash(&html).contains("AMBASSADOR&#39;S MEETING WITH CAMBODIAN FOREIGN MINISTER"),
        "wrapped subject joined"
    );
    // Paragraphs with permalinks and markings.
    for n in 1..=3 {
        assert!(html.contains(&format!("id=\"par{n}\"")), "par{n}");
        assert!(html.contains(&format!("href=\"#par{n}\"")));
    }
    assert!(html.contains("<span class=\"marking\">(SBU)</span>"));
    // Wrapped lines joined, list lines kept on their own.
    assert!(squash(&html).contains("The Ambassador briefed the Foreign Minister."));
    assert!(html.contains("<br>-- first item<br>-- second item"));
    // Hostile text shows as text.
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    // The signature is kept.
    assert!(html.contains("RAY"));
    // Tags spelled out and linked; a free-text tag kept as such.
    assert!(html.contains("href=\"../../../tag/PREL/index.html\""));
    assert!(html.contains("Human Trafficking"));
    assert!(html.contains("href=\"../../../tag/human-trafficking/index.html\""));
}

#[test]
fn references_link_both_ways_and_missing_ones_are_shown_as_such() {
    let s = site();
    let html = s.page("cable/2003/12/03PHNOMPENH1990.html");
    // REF B resolves to a cable in the archive (built from the REF line and the year).
    assert!(html.contains("<a class=\"ref\" href=\"../../../cable/2003/11/03PHNOMPENH1969.html\">PHNOM PENH 1969</a>"), "{html}");
    // REF A is not in the archive.
    assert!(html.contains("03STATE329077 is not in this archive"));
    // Cited by the Bangkok cable (metadata references).
    let cited = html.split("id=\"cited-by\"").nth(1).unwrap_or("");
    assert!(cited.contains("04BANGKOK100"), "cited by");
    let bkk = s.page("cable/2004/01/04BANGKOK100.html");
    let refs = bkk.split("id=\"references\"").nth(1).unwrap_or("");
    assert!(refs.contains("href=\"../../../cable/2003/12/03PHNOMPENH1990.html\""));
    assert!(refs.contains("03STATE1</span> <span class=\"muted\">not in this archive"));
    let first = s.page("cable/2003/11/03PHNOMPENH1969.html");
    assert!(first
        .split("id=\"cited-by\"")
        .nth(1)
        .unwrap_or("")
        .contains("03PHNOMPENH1990"));
}

#[test]
fn prev_next_within_the_same_post() {
    let s = site();
    let first = s.page("cable/2003/11/03PHNOMPENH1969.html");
    assert!(first.contains("rel=\"next\" href=\"../../../cable/2003/12/03PHNOMPENH1990.html\""));
    assert!(!first.contains("rel=\"prev\""));
    let bkk = s.page("cable/2004/01/04BANGKOK100.html");
    assert!(
        !bkk.contains("rel=\"prev\"") && !bkk.contains("rel=\"next\""),
        "Bangkok has no neighbours from Phnom Penh"
    );
}

#[test]
fn browse_pages_group_and_paginate() {
    let s = site();
    // Cambodia: two cables from the post, one more tagged CB → 3 cables, 2 pages of 2.
    let p1 = s.page("country/cambodia/index.html");
    assert!(p1.contains("3 cables, page 1 of 2"), "{p1}");
    assert!(p1.contains("03PHNOMPENH1969") && p1.contains("03PHNOMPENH1990"));
    assert!(p1.contains("href=\"../../country/cambodia/page/2/index.html\""));
    let p2 = s.page("country/cambodia/page/2/index.html");
    assert!(p2.contains("04BANGKOK100"));
    assert!(!p2.contains("<svg"), "chart only on the first page");
    assert!(p1.contains("<svg class=\"chart\""));
    assert!(s
        .page("origin/embassy-phnom-penh/index.html")
        .contains("03PHNOMPENH1990"));
    assert!(s.page("tag/PTER/index.html").contains("03PHNOMPENH1990"));
    assert!(s.page("date/2004/index.html").contains("04BANGKOK100"));
    assert!(s
        .page("classification/unclassified/index.html")
        .contains("04BANGKOK100"));
    let browse = s.page("browse/index.html");
    for link in [
        "country/cambodia/index.html",
        "origin/embassy-bangkok/index.html",
        "tag/PREL/index.html",
        "date/2003/index.html",
        "classification/confidential/index.html",
    ] {
        assert!(browse.contains(link), "{link}");
    }
    let home = s.page("index.html");
    assert!(home.contains("<h1>Test archive</h1>"));
    assert!(home.contains("3 cables from 2003 to 2004"));
}

#[test]
fn every_internal_link_resolves_and_none_is_absolute() {
    let s = site();
    let rep = cablepress::check::check_site(&s.out());
    let problems: Vec<_> = rep
        .problems
        .iter()
        .filter(|p| !p.message.contains("search/index.html"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(rep.external_links.is_empty(), "{:?}", rep.external_links);
    assert!(rep.links > 50);
}

#[test]
fn a_broken_file_is_reported_and_the_rest_is_built() {
    let s = TestSite::build(&[
        ("content/cables/ok.txt", PP_1969),
        ("content/cables/bad-yaml.txt", "---\nid: [unclosed\n---\ntext\n"),
        ("content/cables/unclosed.txt", "---\nid: X\ntext without a closing line\n"),
        ("content/cables/bad-date.txt", "---\nid: 09STATE1\ndate: 13/45/2009 25:61\n---\nUNCLAS\n\n1. Text.\n"),
        ("content/cables/dump.csv", "\"1\",\"1/2/2004 3:04\",\"04STATE5\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"\",\"UNCLAS\n\n1. Hello.\n\"\n\"2\",\"x\"\n"),
        ("content/cables/evil.txt", "---\nid: ../../etc/passwd\n---\nx\n"),
    ]);
    let msgs = s.messages();
    let has = |prefix: &str| msgs.iter().any(|m| m.starts_with(prefix));
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("error: content/cables/bad-yaml.txt:")
                && m.contains("invalid front matter")),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/cables/unclosed.txt:1: front matter opened"),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/cables/bad-date.txt:3: date `13/45/2009 25:61` is not a valid date"),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/cables/dump.csv:5: row has 2 columns"),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/cables/evil.txt:2: cable id `../../etc/passwd` is not usable"),
        "{msgs:#?}"
    );
    // The good ones are built, the traversal id is not written anywhere.
    assert!(s.exists("cable/2003/11/03PHNOMPENH1969.html"));
    assert!(s.exists("cable/2004/01/04STATE5.html"));
    assert!(
        s.exists("cable/undated/09STATE1.html")
            || s.exists("cable/2009/01/09STATE1.html")
            || !s.exists("cable/undated")
    );
    assert!(!s.dir.path().join("etc").exists());
    assert!(s.report.errors() >= 5);
}

#[test]
fn site_templates_and_static_files_override_the_built_in_ones() {
    let s = TestSite::build(&[
        ("content/cables/a.txt", PP_1969),
        ("templates/index.html", "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">Custom home for {{ site.title }}</p>{% endblock content %}"),
        ("static/style.css", "body { color: red }"),
        ("static/extra/logo.svg", "<svg/>"),
    ]);
    assert!(s
        .page("index.html")
        .contains("<p id=\"custom\">Custom home for Cable archive</p>"));
    assert_eq!(s.page("static/style.css"), "body { color: red }");
    assert!(s.exists("static/extra/logo.svg"));
}

#[test]
fn a_template_that_does_not_compile_is_reported_with_its_line() {
    let s = TestSite::build(&[
        ("content/cables/a.txt", PP_1969),
        ("templates/index.html", "<p>\n{% if %}\n</p>"),
    ]);
    let msgs = s.messages();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("error: templates/index.html:2:")),
        "{msgs:#?}"
    );
    // The built-in home page is used instead.
    assert!(s.page("index.html").contains("Latest cables"));
}

#[test]
fn import_cablegate_csv_writes_one_file_per_row_with_front_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("d.csv");
    std::fs::write(&dump, "\"1\",\"12/2/2003 2:22\",\"03PHNOMPENH1990\",\"American Institute Taiwan, Taipei\",\"CONFIDENTIAL\",\"03PHNOMPENH1969|03STATE329077\",\"O 020222Z DEC 03\nFM AMEMBASSY PHNOM PENH\",\"C O N F I D E N T I A L\n\nSUBJECT: PRESIDENT BUSH\\'S \\\"VISIT\\\"\n\n1. (C) Text.\n\"\n").unwrap();
    let into = tmp.path().join("site/content/cables");
    let diags = cablepress::diagnostics::Diagnostics::default();
    let n = cablepress::import::cablegate::import(&dump, &into, &diags).unwrap();
    assert_eq!(n, 1);
    let text = std::fs::read_to_string(into.join("2003/03PHNOMPENH1990.txt")).unwrap();
    assert!(text.starts_with("---\nid: 03PHNOMPENH1990\ndate: 2003-12-02 02:22\norigin: \"American Institute Taiwan, Taipei\"\n"), "{text}");
    assert!(text.contains("references: [\"03PHNOMPENH1969\", \"03STATE329077\"]"));
    assert!(text.contains("SUBJECT: PRESIDENT BUSH'S \"VISIT\""));
    // The imported file builds to the same cable.
    let report = cablepress::build(
        &tmp.path().join("site"),
        &tmp.path().join("out"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let html =
        std::fs::read_to_string(tmp.path().join("out/cable/2003/12/03PHNOMPENH1990.html")).unwrap();
    assert!(html.contains("PRESIDENT BUSH&#39;S &quot;VISIT&quot;"));
}

/// A free page named like a page cablepress makes (or like another free page, whatever
/// the case) is one error naming its file; the rest of the site is built and committed.
#[test]
fn a_free_page_whose_name_is_taken_is_skipped_and_the_site_still_built() {
    let page = |title: &str| format!("---\ntitle: {title}\n---\nText of {title}.\n");
    let site = TestSite::build(&[
        ("content/cables/2003/03PHNOMPENH1969.txt", PP_1969),
        ("content/pages/people.md", &page("My people")),
        ("content/pages/countries.md", &page("My countries")),
        ("content/pages/Notes.md", &page("Upper notes")),
        ("content/pages/notes.md", &page("Lower notes")),
        ("content/pages/about.md", &page("About")),
    ]);
    let msgs = site.messages();
    let errors: Vec<&String> = msgs.iter().filter(|m| m.starts_with("error")).collect();
    assert_eq!(errors.len(), 3, "{msgs:#?}");
    for (file, what) in [
        ("content/pages/people.md:1:", "reserved"),
        ("content/pages/countries.md:1:", "reserved"),
        ("content/pages/notes.md:1:", "taken by"),
    ] {
        assert!(
            errors.iter().any(|e| e.contains(file) && e.contains(what)),
            "{file} {what}: {msgs:#?}"
        );
    }
    assert!(site.report.committed, "{msgs:#?}");
    assert!(site.page("about/index.html").contains("Text of About"));
    assert!(site
        .page("notes/index.html")
        .contains("Text of Upper notes"));
    assert!(!site.page("people/index.html").contains("Text of My people"));
    assert!(!site.page("countries/index.html").contains("My countries"));
    assert!(site.exists("cable/2003/11/03PHNOMPENH1969.html"));
}

/// A site of Phnom Penh cables given as `(id, date)`, all tagged PREL and CB,
/// `paginate_by` to a list page; checks that it builds without errors.
fn site_of_dated(cables: &[(String, String)], paginate_by: usize) -> TestSite {
    let mut files: Vec<(String, String)> = cables
        .iter()
        .map(|(id, date)| {
            (
                format!("content/cables/{id}.txt"),
                format!("---\nid: {id}\ndate: {date} 09:00\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\nC O N F I D E N T I A L PHNOM PENH\n\nTAGS: PREL, CB\nSUBJECT: CABLE {id}\n\n1. (C) Text.\n"),
            )
        })
        .collect();
    files.push((
        "site.yaml".into(),
        format!("title: Test archive\npaginate_by: {paginate_by}\n"),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let s = TestSite::build(&files);
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    s
}

#[test]
fn counts_of_a_thousand_and_more_are_marked_in_thousands() {
    // 1,234 cables from one post under one tag, paginated by one: 1,234 list pages.
    let cables: Vec<(String, String)> = (1..=1234)
        .map(|n| (format!("03PHNOMPENH{n}"), "2003-11-20".to_string()))
        .collect();
    let s = site_of_dated(&cables, 1);
    let home = squash(&s.page("index.html"));
    assert!(home.contains("1,234 cables from 2003 to 2003"), "{home}");
    assert!(
        home.contains("<span class=\"count\">1,234</span>"),
        "{home}"
    );
    let tag = squash(&s.page("tag/PREL/index.html"));
    assert!(tag.contains("1,234 cables, page 1 of 1,234"), "{tag}");
    let country = squash(&s.page("country/cambodia/index.html"));
    assert!(
        country.contains("1,234 cables, page 1 of 1,234"),
        "{country}"
    );
    // Below a thousand, nothing changes; page numbers in the page list stay plain.
    let last = squash(&s.page("tag/PREL/page/1234/index.html"));
    assert!(last.contains("page 1,234 of 1,234"), "{last}");
    assert!(
        last.contains(">1234</span>") || last.contains(">1234</a>"),
        "{last}"
    );
}

#[test]
fn a_years_list_shows_its_months_and_links_each_to_where_it_begins() {
    // 2004: three cables in January, none in February, two in March, one in December;
    // three to a page, so March begins on page 2 and December on page 2 too.
    let dated = [
        ("04PHNOMPENH1", "2004-01-05"),
        ("04PHNOMPENH2", "2004-01-09"),
        ("04PHNOMPENH3", "2004-01-30"),
        ("04PHNOMPENH4", "2004-03-02"),
        ("04PHNOMPENH5", "2004-03-31"),
        ("04PHNOMPENH6", "2004-12-24"),
        ("05PHNOMPENH1", "2005-06-01"),
    ];
    let dated: Vec<(String, String)> = dated
        .iter()
        .map(|(id, date)| (id.to_string(), date.to_string()))
        .collect();
    let s = site_of_dated(&dated, 3);
    let first = squash(&s.page("date/2004/index.html"));
    let second = squash(&s.page("date/2004/page/2/index.html"));
    for (page, root) in [(&first, "../../"), (&second, "../../../../")] {
        // Every page of the year lists the months, with counts, linking to where each
        // begins; a month without cables is named but not linked.
        for (url, month, n) in [
            ("date/2004/index.html#month-01", "January", 3),
            ("date/2004/page/2/index.html#month-03", "March", 2),
            ("date/2004/page/2/index.html#month-12", "December", 1),
        ] {
            let link =
                format!("<a href=\"{root}{url}\">{month}</a> <span class=\"count\">{n}</span>");
            assert!(page.contains(&link), "{link} in {page}");
        }
        assert!(
            page.contains("<span class=\"muted\">February</span>"),
            "{page}"
        );
        assert_eq!(page.matches("<span class=\"muted\">").count(), 9, "{page}");
    }
    // The years on either side: 2004 is the first, so only the next one.
    assert!(
        first.contains(
            "<p class=\"years-around\"><a href=\"../../date/2005/index.html\">2005 →</a></p>"
        ),
        "{first}"
    );
    assert!(!first.contains("← "));
    let y2005 = squash(&s.page("date/2005/index.html"));
    assert!(
        y2005.contains(
            "<p class=\"years-around\"><a href=\"../../date/2004/index.html\">← 2004</a></p>"
        ),
        "{y2005}"
    );
    // The rows the links lead to.
    assert!(first.contains("<tr id=\"month-01\">"), "{first}");
    assert!(first.matches("<tr id=").count() == 1, "{first}");
    assert!(
        second.contains("<tr id=\"month-03\"> <td class=\"id\"><a href=\"../../../../cable/2004/03/04PHNOMPENH4.html\">"),
        "{second}"
    );
    assert!(
        second.contains("<tr id=\"month-12\"> <td class=\"id\"><a href=\"../../../../cable/2004/12/04PHNOMPENH6.html\">"),
        "{second}"
    );
    // The first page's chart is by month; other lists keep theirs by year.
    assert!(
        first.contains("aria-label=\"Cables per month in 2004: 6 in all\""),
        "{first}"
    );
    assert!(first.contains("<title>March 2004: 2</title>"), "{first}");
    assert!(first.contains("<figcaption>Cables per month</figcaption>"));
    assert_eq!(first.matches("class=\"bar\"").count(), 12);
    assert!(!second.contains("<svg"));
    let country = squash(&s.page("country/cambodia/index.html"));
    assert!(country.contains("<figcaption>Cables per year</figcaption>"));
    assert!(!country.contains("class=\"months\"") && !country.contains("<tr id="));
    // The years page has a table of every year's months, linking the same way.
    let years = squash(&s.page("date/index.html"));
    let row = |year: &str| {
        let at = years
            .find(&format!(
                "<th scope=\"row\"><a href=\"../date/{year}/index.html\">{year}</a>"
            ))
            .unwrap_or_else(|| panic!("no row for {year}: {years}"));
        years[at..at + years[at..].find("</tr>").unwrap()].to_string()
    };
    let y2004 = row("2004");
    assert!(y2004.contains("<span class=\"count\">6</span>"), "{y2004}");
    assert_eq!(y2004.matches("<td>").count(), 12, "{y2004}");
    assert!(y2004.contains("<td><a href=\"../date/2004/index.html#month-01\" title=\"January 2004\">3</a></td><td></td><td><a href=\"../date/2004/page/2/index.html#month-03\" title=\"March 2004\">2</a></td>"), "{y2004}");
    // The row ends with December (the slice stops before `</tr>`).
    assert!(
        y2004.ends_with("#month-12\" title=\"December 2004\">1</a></td>"),
        "{y2004}"
    );
    let y2005 = row("2005");
    assert_eq!(y2005.matches("<a href=").count(), 2, "{y2005}");
    assert!(y2005.contains("../date/2005/index.html#month-06\" title=\"June 2005\">1</a>"));
}

/// Posts and classifications spelled differently but making the same slug share one page;
/// each other spelling is a warning naming both and the cable it comes from.
#[test]
fn posts_and_classifications_that_share_a_page_are_warned_about() {
    let cable = |id: &str, day: u8, origin: &str, class: &str| {
        format!("---\nid: {id}\ndate: 2004-01-{day:02} 10:00\norigin: {origin}\nclassification: {class}\n---\nSUBJECT: CABLE {id}\n\n1. Text.\n")
    };
    let a = cable("04PHNOMPENH1", 1, "Embassy Phnom Penh", "SECRET//NOFORN");
    let b = cable("04PHNOMPENH2", 2, "Embassy Phnom-Penh", "Secret NoForn");
    let c = cable("04PHNOMPENH3", 3, "Embassy Phnom Penh", "SECRET//NOFORN");
    let s = TestSite::build(&[
        ("content/cables/a.txt", &a),
        ("content/cables/b.txt", &b),
        ("content/cables/c.txt", &c),
    ]);
    let post = s.page("origin/embassy-phnom-penh/index.html");
    for id in ["04PHNOMPENH1", "04PHNOMPENH2", "04PHNOMPENH3"] {
        assert!(post.contains(id), "{post}");
    }
    let msgs = s.messages();
    let warned: Vec<&String> = msgs
        .iter()
        .filter(|m| m.contains("shares the page"))
        .collect();
    assert_eq!(warned.len(), 2, "{msgs:#?}");
    assert!(
        warned.iter().any(|m| m.starts_with("warning: content/cables/b.txt:")
            && m.contains("post `Embassy Phnom-Penh` (cable 04PHNOMPENH2) shares the page origin/embassy-phnom-penh/ with `Embassy Phnom Penh`")),
        "{msgs:#?}"
    );
    assert!(
        warned.iter().any(|m| m.starts_with("warning: content/cables/b.txt:")
            && m.contains("classification `Secret NoForn` (cable 04PHNOMPENH2) shares the page classification/secret-noforn/ with `SECRET//NOFORN`")),
        "{msgs:#?}"
    );
}
