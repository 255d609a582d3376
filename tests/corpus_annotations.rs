//! The real corpus (5,294 cables) with 1,000 generated annotations: every note is placed,
//! its quote found, and the pages hold them. Skipped without ../shared (or
//! $CABLEPRESS_SHARED).

mod common;
#[path = "common/corpus_site.rs"]
mod corpus_site;

#[test]
fn the_real_corpus_takes_a_thousand_annotations() {
    // CABLEPRESS_SHARED points at a shared/ folder elsewhere (e.g. from a git worktree).
    let Some(shared) = std::env::var_os("CABLEPRESS_SHARED")
        .map(std::path::PathBuf::from)
        .or_else(common::shared)
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let made = corpus_site::make(&shared, tmp.path(), 1000).expect("corpus site");
    assert_eq!(made.cables, 5294);
    assert_eq!(made.annotations, 1000);
    let report = cablepress::build(tmp.path(), &tmp.path().join("public"), &Default::default())
        .expect("build");
    let prefix = format!("{}/", tmp.path().display());
    let note_problems: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.path.to_string_lossy().contains("annotations"))
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect();
    assert!(note_problems.is_empty(), "{note_problems:#?}");
    assert!(report.committed);
    let list = std::fs::read_to_string(tmp.path().join("public/annotations/index.html")).unwrap();
    assert!(
        list.contains("1,000 annotations, newest first"),
        "listing counts every note"
    );
    let feed = std::fs::read_to_string(tmp.path().join("public/feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).expect("the feed parses");
    assert_eq!(
        doc.root_element()
            .children()
            .filter(|c| c.has_tag_name("entry"))
            .count(),
        50
    );
    // Every highlighted quote made it into its page.
    let mut marks = 0;
    for e in walkdir::WalkDir::new(tmp.path().join("public/cable"))
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            marks += std::fs::read_to_string(e.path())
                .unwrap()
                .matches("<mark class=\"quote\"")
                .count();
        }
    }
    assert_eq!(marks, made.with_quote);
}
