//! The syntax definitions are loaded only when a page has a fenced code block with a
//! language (its own test binary: the check is about this process's state).

mod common;

use common::TestSite;

const CABLE: &str =
    "---\nid: 03PHNOMPENH1990\ndate: 2003-12-02 02:22\nclassification: SECRET\n---\nSUBJECT: X\n\n1.  (C) Text.\n";

#[test]
fn syntaxes_are_loaded_only_when_a_page_has_code() {
    let note = "---\ncable: 03PHNOMPENH1990\nauthor: A\ndate: 2026-01-01\n---\nNo code, `inline` only.\n\n    indented, not highlighted\n";
    let s = TestSite::build(&[
        ("content/cables/x.txt", CABLE),
        ("content/annotations/a.md", note),
    ]);
    assert!(s.messages().is_empty(), "{:?}", s.messages());
    assert!(!cablepress::render::markdown::syntaxes_loaded());
    let note =
        "---\ncable: 03PHNOMPENH1990\nauthor: A\ndate: 2026-01-01\n---\n```rust\nfn x() {}\n```\n";
    let _s = TestSite::build(&[
        ("content/cables/x.txt", CABLE),
        ("content/annotations/a.md", note),
    ]);
    assert!(cablepress::render::markdown::syntaxes_loaded());
}
