//! People in the real corpus: a registry of 68 officials (tests/fixtures/people-real) over
//! the 5,294 real cables. The mention counts of five of them are checked against an
//! independent count made with regular expressions (case-insensitive, whole words, any
//! whitespace between the words of a name, all-lower-case runs not counted). Skipped
//! without ../shared.

mod common;
use cablepress::diagnostics::Diagnostics;
use regex::Regex;
use std::path::Path;

/// A site of the real cables (front matter from metadata.csv) with the fixture registry.
fn corpus_site(shared: &Path, site: &Path) {
    let dir = site.join("content/cables");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rdr = csv::Reader::from_path(shared.join("corpus/metadata.csv")).expect("metadata.csv");
    for r in rdr.records() {
        let r = r.expect("row");
        let text = std::fs::read_to_string(shared.join(format!("corpus/cables/{}.txt", &r[0])))
            .expect("cable");
        let fm = format!(
            "---\nid: {}\ndate: {}\norigin: {:?}\nclassification: {:?}\n---\n",
            &r[0], &r[1], &r[2], &r[3]
        );
        std::fs::write(dir.join(format!("{}.txt", &r[0])), fm + &text).unwrap();
    }
    common::copy_people_real(site);
}

/// Mentions of one person counted with a regex over every cable text.
fn regex_count(shared: &Path, forms: &[&str]) -> usize {
    let mut forms: Vec<&str> = forms.to_vec();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let alts: Vec<String> = forms
        .iter()
        .map(|f| {
            f.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    let re = Regex::new(&format!(r"(?i)\b(?:{})\b", alts.join("|"))).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(shared.join("corpus/cables"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        n += re
            .find_iter(&text)
            .filter(|m| m.as_str().chars().any(char::is_uppercase))
            .count();
    }
    n
}

#[test]
fn mention_counts_on_the_real_corpus_match_an_independent_count() {
    let Some(shared) = common::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    corpus_site(&shared, &site);
    let diags = Diagnostics::default();
    let archive = cablepress::load(&site, &diags, &mut Vec::new());
    assert_eq!(archive.cables.len(), 5294);
    let people = &archive.people;
    assert!(people.persons.len() >= 50);
    let unknown: Vec<String> = diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.kind.starts_with("person") || d.kind == "shared-alias")
        .map(|d| d.to_string())
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    for (id, forms) in [
        ("hun-sen", &["Hun Sen"][..]),
        ("thaksin-shinawatra", &["Thaksin Shinawatra", "Thaksin"][..]),
        ("khin-nyunt", &["Khin Nyunt"][..]),
        (
            "colin-powell",
            &["Colin Powell", "Powell", "Secretary Powell"][..],
        ),
        ("hamid-karzai", &["Hamid Karzai", "Karzai"][..]),
    ] {
        let p = people.by_id[id];
        let ours = people.mention_count[p];
        assert_eq!(ours, regex_count(&shared, forms), "{id}");
        assert!(ours > 10, "{id}: {ours}");
    }
    // Every person of the registry is named somewhere in the corpus.
    let never: Vec<&str> = people
        .persons
        .iter()
        .enumerate()
        .filter(|(i, _)| people.mention_count[*i] == 0)
        .map(|(_, p)| p.id.as_str())
        .collect();
    assert!(never.is_empty(), "never named: {never:?}");
}
