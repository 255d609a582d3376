//! What publishers and reference managers get: sitemap, robots.txt, Open Graph tags, and
//! per cable its original text, a BibTeX entry, CSL-JSON and a citation on the page.

mod common;
use common::{squash, TestSite};

const PP_1990: &str = "---\nid: 03PHNOMPENH1990\ndate: 2003-12-02 02:22\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\nC O N F I D E N T I A L  PHNOM PENH 001990 \n\nTAGS: PREL, CB \nSUBJECT: AMBASSADOR'S MEETING WITH FOREIGN MINISTER & 50% {OF} HOR NAMHONG \n\n1.  (C) Summary.  The Ambassador briefed Foreign Minister Hor Namhong. \n";

fn site(base_url: &str) -> TestSite {
    let yaml = if base_url.is_empty() {
        "title: Test archive\n".to_string()
    } else {
        format!("title: Test archive\nbase_url: {base_url}\n")
    };
    TestSite::build(&[
        ("site.yaml", yaml.as_str()),
        ("content/cables/03PHNOMPENH1990.txt", PP_1990),
    ])
}

const PAGE: &str = "cable/2003/12/03PHNOMPENH1990.html";

#[test]
fn with_a_base_url_absolute_urls_appear_only_where_required() {
    let s = site("https://example.org/cables");
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let sitemap = s.page("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    assert!(sitemap.contains(&format!("<loc>https://example.org/cables/{PAGE}</loc>")));
    assert!(sitemap.contains("<loc>https://example.org/cables/index.html</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/cables/search/index.html</loc>"));
    assert!(!sitemap.contains(".js<"), "only pages");
    assert!(s
        .page("robots.txt")
        .contains("Sitemap: https://example.org/cables/sitemap.xml"));
    let html = s.page(PAGE);
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"https://example.org/cables/{PAGE}\">"
    )));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(html.contains(
        "<meta property=\"og:title\" content=\"03PHNOMPENH1990: AMBASSADOR&#39;S MEETING"
    ));
    // Links in the page stay relative.
    assert!(html.contains("href=\"../../../index.html\""));
    // The citation, ready to copy.
    assert!(squash(&html).contains(&format!(
        "Embassy Phnom Penh, “AMBASSADOR&#39;S MEETING WITH FOREIGN MINISTER &amp; 50% {{OF}} HOR NAMHONG,” cable 03PHNOMPENH1990, 2003-12-02, CONFIDENTIAL. Test archive, https://example.org/cables/{PAGE}."
    )));
    assert!(
        html.contains("href=\"../../../cable/2003/12/03PHNOMPENH1990.bib\" download>BibTeX</a>")
    );
    assert!(
        html.contains("href=\"../../../cable/2003/12/03PHNOMPENH1990.json\" download>CSL-JSON</a>")
    );
    assert!(html.contains("href=\"../../../cable/2003/12/03PHNOMPENH1990.txt\">original text</a>"));
    let bib = s.page("cable/2003/12/03PHNOMPENH1990.bib");
    assert!(bib.starts_with("@misc{03PHNOMPENH1990,\n"), "{bib}");
    assert!(bib.contains("  title = {{AMBASSADOR'S MEETING WITH FOREIGN MINISTER \\& 50\\% \\textbraceleft{}OF\\textbraceright{} HOR NAMHONG}},\n"), "{bib}");
    assert!(bib.contains("  author = {{Embassy Phnom Penh}},\n"));
    assert!(bib.contains("  year = {2003},\n  month = dec,\n  date = {2003-12-02},\n"));
    assert!(bib.contains(&format!("  url = {{https://example.org/cables/{PAGE}}},\n")));
    let csl: serde_json::Value =
        serde_json::from_str(&s.page("cable/2003/12/03PHNOMPENH1990.json")).unwrap();
    let item = &csl[0];
    assert_eq!(item["id"], "03PHNOMPENH1990");
    assert_eq!(item["type"], "document");
    assert_eq!(item["author"][0]["literal"], "Embassy Phnom Penh");
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2003, 12, 2]])
    );
    assert_eq!(item["URL"], format!("https://example.org/cables/{PAGE}"));
    let check = cablepress::check::check_site(&s.out());
    assert!(check.problems.is_empty(), "{:?}", check.problems);
}

#[test]
fn the_original_text_is_published_as_is() {
    let s = site("");
    let txt = s.page("cable/2003/12/03PHNOMPENH1990.txt");
    assert!(
        txt.starts_with("C O N F I D E N T I A L  PHNOM PENH 001990 \n"),
        "front matter removed: {txt}"
    );
    assert!(txt
        .contains("SUBJECT: AMBASSADOR'S MEETING WITH FOREIGN MINISTER & 50% {OF} HOR NAMHONG \n"));
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_no_absolute_url() {
    let s = site("");
    assert!(!s.exists("sitemap.xml"), "a sitemap needs absolute URLs");
    let robots = s.page("robots.txt");
    assert!(robots.contains("User-agent: *") && !robots.contains("Sitemap"));
    let html = s.page(PAGE);
    assert!(!html.contains("og:url") && !html.contains("rel=\"canonical\""));
    assert!(html.contains("<meta property=\"og:site_name\" content=\"Test archive\">"));
    assert!(squash(&html)
        .contains("cable 03PHNOMPENH1990, 2003-12-02, CONFIDENTIAL. Test archive.</p>"));
    assert!(!s
        .page("cable/2003/12/03PHNOMPENH1990.bib")
        .contains("url ="));
    assert!(!s
        .page("cable/2003/12/03PHNOMPENH1990.json")
        .contains("\"URL\""));
}
