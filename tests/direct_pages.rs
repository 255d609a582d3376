//! Cable pages and list pages of the built-in theme are written directly, not by Tera (see
//! `src/render/direct.rs`). A site that puts the built-in `cable.html` and `list.html` in
//! its own `templates/` gets them from Tera instead; both builds must give the same bytes,
//! file for file: on the sample archive, on awkward fixtures and on the real corpus.

mod common;
#[path = "common/corpus_site.rs"]
mod corpus_site;
use common::{snapshot, write_files, TestSite};
use std::path::Path;

const BUILTIN_CABLE_HTML: &str = include_str!("../templates/cable.html");
const BUILTIN_LIST_HTML: &str = include_str!("../templates/list.html");

/// The pages of one site written directly, by kind.
#[derive(Default)]
struct Pages {
    cables: Vec<String>,
    lists: Vec<String>,
}

/// Builds the site in `dir` as it is and again with copies of the built-in `cable.html`
/// and `list.html` as site templates (which Tera renders); checks that the two sites are
/// the same and returns the cable and list pages.
fn both_ways(dir: tempfile::TempDir) -> Pages {
    let direct = TestSite::at(dir);
    assert_eq!(direct.report.errors(), 0, "{:?}", direct.messages());
    let tera_dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in snapshot(direct.dir.path()) {
        if !rel.starts_with("public") && !rel.starts_with(".public") {
            let p = tera_dir.path().join(&rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    // An exact copy of a built-in template does not count as an override; a comment
    // makes the cable page's differ without changing what it renders. The list page's
    // copy leaves out the rows written in Rust, so `cable_table`'s own loop writes them
    // and the rows are compared with the template too.
    let cable_html = format!("{BUILTIN_CABLE_HTML}{{# a site's copy #}}");
    let list_html = BUILTIN_LIST_HTML.replace(", rows_html=cable_rows", "");
    assert_ne!(list_html, BUILTIN_LIST_HTML, "list.html passes the rows");
    write_files(
        tera_dir.path(),
        &[
            ("templates/cable.html", &cable_html),
            ("templates/list.html", &list_html),
        ],
    );
    let tera = TestSite::at(tera_dir);
    assert_eq!(tera.messages(), direct.messages());
    let (a, b) = (snapshot(&direct.out()), snapshot(&tera.out()));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let mut pages = Pages::default();
    for (rel, bytes) in &a {
        let (mine, teras) = (
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[rel]),
        );
        if mine != teras {
            let at = mine
                .bytes()
                .zip(teras.bytes())
                .take_while(|(x, y)| x == y)
                .count();
            let from = at.saturating_sub(200);
            panic!(
                "{rel} differs at byte {at}:\n--- written directly:\n{}\n--- by Tera:\n{}",
                mine.get(from..(at + 200).min(mine.len())).unwrap_or(&mine),
                teras
                    .get(from..(at + 200).min(teras.len()))
                    .unwrap_or(&teras),
            );
        }
        if rel.starts_with("cable/") && rel.ends_with(".html") {
            pages.cables.push(mine.into_owned());
        } else if mine.contains("<body class=\"list-page\">") {
            pages.lists.push(mine.into_owned());
        }
    }
    pages
}

fn count(pages: &[String], needle: &str) -> usize {
    pages.iter().filter(|p| p.contains(needle)).count()
}

/// What the comparison covered: each needle is on at least one of `pages`.
fn assert_each_on_some(pages: &[String], what: &str, needles: &[&str]) {
    for needle in needles {
        assert!(count(pages, needle) > 0, "no {what} page has {needle}");
    }
}

#[test]
fn the_sample_archive_gets_the_same_pages_as_from_the_templates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).unwrap();
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), p).unwrap();
        }
    }
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let pages = both_ways(dir);
    assert!(
        pages.cables.len() > 30,
        "{} cable pages",
        pages.cables.len()
    );
    assert!(pages.lists.len() > 30, "{} list pages", pages.lists.len());
    assert_each_on_some(
        &pages.lists,
        "list",
        &[
            "<p class=\"lede\">",
            "class=\"chart-figure\"",
            "rel=\"canonical\"",
        ],
    );
    // What the comparison covered: notes, people, release dates, caveats, references in
    // both directions and a site URL in the citation.
    assert_each_on_some(
        &pages.cables,
        "cable",
        &[
            "has-notes",
            "class=\"notes-top\"",
            "id=\"people\"",
            ">Released</th>",
            "class=\"caveat\"",
            "rel=\"canonical\"",
            "class=\"ref missing\"",
            "<section class=\"cited-by\" id=\"cited-by\">\n<h2>Cited by <span class=\"count\">1</span>",
        ],
    );
}

#[test]
fn awkward_cables_get_the_same_pages_as_from_the_templates() {
    // The second title is that of cable 05X2 (no subject), whose page then does not repeat it.
    for site in [
        "title: \"Cables & <Co> 'quoted'\"\nlanguage: en-GB\npaginate_by: 1\n",
        "title: 05X2\ndescription: \"A <site> & its 'cables'\"\n",
    ] {
        awkward_cables(site);
    }
}

fn awkward_cables(site_yaml: &str) {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("site.yaml", site_yaml),
            // Markup characters everywhere, no classification, a reference not in the archive.
            (
                "content/cables/05X1.txt",
                "---\nid: 05X1\ndate: 2005-02-03 04:05\norigin: Embassy \"Q\" & <Co>\nreferences: [05X2, 05STATE9]\n---\nTAGS: PREL, A&B, <X> \nSUBJECT: <b>BOLD</b> & \"QUOTED\" 'SINGLE' \n\n1. (C) Text & more <text>. \n",
            ),
            // No subject, no origin, no date.
            (
                "content/cables/05X2.txt",
                "---\nid: 05X2\nclassification: SECRET//NOFORN\n---\nS E C R E T \n\n1. (S) Only a paragraph. \n",
            ),
            (
                "content/cables/05X3.txt",
                "---\nid: 05X3\ndate: 2005-03-04 05:06\norigin: Embassy Bangkok\nclassification: UNCLASSIFIED\nreferences: [05X1]\n---\nUNCLAS \n\nTAGS: TH \nSUBJECT: CABLES & <CO> 'QUOTED' \n\n1. Text. \n",
            ),
            // Notes: one on a paragraph with code (the highlight stylesheet), one at the top.
            (
                "content/annotations/code.md",
                "---\ncable: 05X1\nparagraph: 1\nauthor: An Editor\ndate: 2026-01-02\n---\nSee:\n\n```rust\nfn main() {}\n```\n",
            ),
            (
                "content/annotations/top.md",
                "---\ncable: 05X1\nauthor: Another & Editor\ndate: 2026-01-03\n---\nA note on the <whole> cable.\n",
            ),
        ],
    );
    let pages = both_ways(dir);
    assert_eq!(pages.cables.len(), 3);
    if site_yaml.starts_with("title: 05X2\n") {
        assert_eq!(count(&pages.cables, "<title>05X2</title>"), 1);
        assert!(count(&pages.lists, "A &lt;site&gt; &amp; its &#39;cables&#39;") > 0);
    } else {
        // One cable per page: pagination with and without previous and next pages.
        assert!(count(&pages.lists, "class=\"pagination\"") > 0);
        assert!(count(&pages.lists, "rel=\"prev\"") > 0);
        assert!(count(&pages.lists, "rel=\"next\"") > 0);
    }
    assert_each_on_some(
        &pages.cables,
        "cable",
        &[
            "static/highlight.css",
            "Show the 2 annotations",
            "<span class=\"muted\">unknown</span>",
            ">Unmarked</a>",
            "&lt;b&gt;BOLD&lt;/b&gt; &amp; &quot;QUOTED&quot; &#39;SINGLE&#39;",
        ],
    );
}

#[test]
fn the_real_corpus_gets_the_same_pages_as_from_the_templates() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let made = corpus_site::make(&shared, dir.path(), 300).unwrap();
    let pages = both_ways(dir);
    assert_eq!(pages.cables.len(), made.cables);
    assert!(count(&pages.cables, "has-notes") > 100);
    assert!(count(&pages.lists, "class=\"pagination\"") > 10);
}
