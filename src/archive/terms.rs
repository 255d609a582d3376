//! Abbreviations a site spells out: `content/terms.yaml` maps a term as written in the
//! cables to its expansion (`RTG: Royal Thai Government`). Each occurrence in a cable's
//! paragraphs is wrapped in `<abbr title="...">`, so a reader sees the expansion on hover.
//! Terms match with their exact case (`US` is not `us`), on word boundaries, across line
//! wraps, with the same one-pass automaton as person names.

use super::mentions::{Found, MatchOptions, PhraseSet};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

/// The site's terms and their automaton.
#[derive(Debug, Default)]
pub struct Terms {
    /// `(term, expansion)`, sorted by term.
    pub entries: Vec<(String, String)>,
    set: PhraseSet,
}

impl Terms {
    /// Reads `content/terms.yaml` when there is one.
    pub fn load(site_dir: &Path, diags: &Diagnostics) -> Terms {
        let path = site_dir.join("content").join("terms.yaml");
        match std::fs::read_to_string(&path) {
            Ok(text) => Terms::from_yaml(&text, &path, diags),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Terms::default(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "terms",
                    &path,
                    None,
                    format!("cannot read: {e}"),
                ));
                Terms::default()
            }
        }
    }

    pub fn from_yaml(text: &str, path: &Path, diags: &Diagnostics) -> Terms {
        if text.trim().is_empty() {
            return Terms::default();
        }
        let map: BTreeMap<String, serde_yaml::Value> = match serde_yaml::from_str(text) {
            Ok(m) => m,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "terms",
                        path,
                        Some(crate::source::yaml::error_line(&e, 1)),
                        format!("invalid terms.yaml: {e}"),
                    )
                    .with_hint("write one `TERM: expansion` per line"),
                );
                return Terms::default();
            }
        };
        let mut entries = Vec::new();
        for (term, v) in map {
            match crate::source::yaml::value_to_string(&v)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                Some(exp) if !term.trim().is_empty() => {
                    entries.push((term.trim().to_string(), exp))
                }
                _ => diags.push(Diagnostic::warning(
                    "terms",
                    path,
                    Some(crate::source::person::key_line(text, &term)),
                    format!("term `{term}` has no expansion; ignored"),
                )),
            }
        }
        Terms::new(entries)
    }

    pub fn new(entries: Vec<(String, String)>) -> Terms {
        let set = PhraseSet::new(
            &entries.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
            MatchOptions::EXACT,
        );
        Terms { entries, set }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The terms in a text; `Found::phrase` indexes [`Terms::entries`].
    pub fn find(&self, text: &str) -> Vec<Found> {
        if self.set.is_empty() {
            return Vec::new();
        }
        self.set.find(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_finds_exact_case() {
        let diags = Diagnostics::default();
        let t = Terms::from_yaml(
            "RTG: Royal Thai Government\nUS: United States\nEmpty: ''\n",
            Path::new("terms.yaml"),
            &diags,
        );
        let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec!["warning: terms.yaml:3: term `Empty` has no expansion; ignored"]
        );
        let text = "the RTG told us the US\nRTG line; USA";
        let found: Vec<&str> = t
            .find(text)
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect();
        assert_eq!(found, vec!["RTG", "US", "RTG"]);
        assert_eq!(t.entries[t.find(text)[0].phrase].1, "Royal Thai Government");
    }
}
