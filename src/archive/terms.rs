//! Abbreviations a site spells out: `content/terms.yaml` maps a term as written in the
//! cables to its expansion (`RTG: Royal Thai Government`). Each occurrence in a cable's
//! paragraphs is wrapped in `<abbr title="...">`, so a reader sees the expansion on hover.
//! Terms match with their exact case (`US` is not `us`), across line wraps, with the same
//! one-pass automaton as person names, as whole tokens only: not next to a letter, a digit,
//! `/`, `-` or `–`, nor to a `.` that joins it to more of a word (`S` is not found in
//! `U.S.`, `C` not in `C–130s` or `C/S`; `NSC.` at the end of a sentence is the term), and
//! never inside a paragraph marking such as `(C)` or `(S/NF)`.
//!
//! A term of one character (`S`, `C`) is too ambiguous to spell out wherever it stands
//! alone (a list item `C.`, `ref C`): it is spelled out only at the places the entry lists (an importer
//! that knows them, such as `import frus-tei`, writes them), in this form:
//!
//! ```yaml
//! S:
//!   expansion: Office of the Secretary of State
//!   at:
//!     FRUS1969-76v20d12: [1834]   # byte offsets in the cable's text
//! ```
//!
//! A place whose text is not the term (the cable was edited since) is skipped.

use super::mentions::{Found, MatchOptions, PhraseSet};
use crate::diagnostics::{Diagnostic, Diagnostics};
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Terms this short (in characters) are spelled out only at the places listed for them.
pub const SHORT_TERM: usize = 1;

/// The site's terms and their automaton.
#[derive(Debug, Default)]
pub struct Terms {
    /// `(term, expansion)`, sorted by term.
    pub entries: Vec<(String, String)>,
    /// Cable id → `(byte offset, entry)` of the places listed for terms.
    places: HashMap<String, Vec<(usize, usize)>>,
    /// The automaton, over the terms longer than [`SHORT_TERM`] (`phrase` indexes `long`).
    set: PhraseSet,
    /// For each phrase of `set`, its index in `entries`.
    long: Vec<usize>,
}

/// Is this term short enough to be spelled out only where it is listed?
pub fn is_short(term: &str) -> bool {
    term.chars().count() <= SHORT_TERM
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
        let mut places: Vec<(String, usize, usize)> = Vec::new();
        for (term, v) in map {
            let line = || Some(crate::source::person::key_line(text, &term));
            let (expansion, at) = match &v {
                serde_yaml::Value::Mapping(m) => (
                    m.get("expansion")
                        .and_then(crate::source::yaml::value_to_string),
                    m.get("at"),
                ),
                v => (crate::source::yaml::value_to_string(v), None),
            };
            match expansion
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                Some(exp) if !term.trim().is_empty() => {
                    let k = entries.len();
                    entries.push((term.trim().to_string(), exp));
                    if let Some(at) = at {
                        match serde_yaml::from_value::<BTreeMap<String, Vec<usize>>>(at.clone()) {
                            Ok(at) => {
                                for (cable, offsets) in at {
                                    places
                                        .extend(offsets.into_iter().map(|o| (cable.clone(), o, k)));
                                }
                            }
                            Err(_) => diags.push(
                                Diagnostic::warning(
                                    "terms",
                                    path,
                                    line(),
                                    format!(
                                        "the places of term `{term}` are not understood; ignored"
                                    ),
                                )
                                .with_hint(
                                    "write `at:` as a map of cable ids to lists of byte offsets",
                                ),
                            ),
                        }
                    }
                }
                _ => diags.push(Diagnostic::warning(
                    "terms",
                    path,
                    line(),
                    format!("term `{term}` has no expansion; ignored"),
                )),
            }
        }
        let mut t = Terms::new(entries);
        for (cable, at, k) in places {
            t.places.entry(cable).or_default().push((at, k));
        }
        for v in t.places.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        t
    }

    pub fn new(entries: Vec<(String, String)>) -> Terms {
        let long: Vec<usize> = (0..entries.len())
            .filter(|&k| !is_short(&entries[k].0))
            .collect();
        let set = PhraseSet::new(
            &long
                .iter()
                .map(|&k| entries[k].0.clone())
                .collect::<Vec<_>>(),
            MatchOptions::EXACT,
        );
        Terms {
            entries,
            places: HashMap::new(),
            set,
            long,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The terms in the text of cable `cable`, in order; `Found::phrase` indexes
    /// [`Terms::entries`]. Terms longer than [`SHORT_TERM`] wherever they occur as whole
    /// tokens, the others at their listed places; none inside a paragraph marking.
    pub fn find(&self, cable: &str, text: &str) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        if let Some(places) = self.places.get(cable) {
            for &(at, k) in places {
                let term = &self.entries[k].0;
                let end = at + term.len();
                if text.get(at..end) == Some(term.as_str())
                    && is_token(text, at, end)
                    && !in_marking(text, at, end)
                    && out.last().is_none_or(|f| f.range.end <= at)
                {
                    out.push(Found {
                        phrase: k,
                        range: at..end,
                    });
                }
            }
        }
        if self.set.is_empty() {
            return out;
        }
        let placed = out.len();
        for f in self.set.find(text) {
            let r = f.range;
            if !is_token(text, r.start, r.end)
                || in_marking(text, r.start, r.end)
                || out[..placed]
                    .iter()
                    .any(|p| p.range.start < r.end && r.start < p.range.end)
            {
                continue;
            }
            out.push(Found {
                phrase: self.long[f.phrase],
                range: r,
            });
        }
        out.sort_by_key(|f| f.range.start);
        out
    }
}

/// Characters that join a term to more of a token: `U.S.`, `C–130s`, `C/S`.
fn joins(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '/' | '-' | '\u{2013}' | '\u{2011}')
}

/// Is `text[s..e]` a whole token? Nothing that `joins` words next to it, and no `.`
/// before it; a `.` after it only where the sentence ends there (`the NSC.`), not where it
/// joins more (`U.S`).
pub fn is_token(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let mut after = text[e..].chars();
    let ok_before = before.is_none_or(|c| !joins(c) && c != '.');
    let ok_after = match after.next() {
        None => true,
        Some('.') => after.next().is_none_or(|c| !joins(c) && c != '.'),
        Some(c) => !joins(c),
    };
    ok_before && ok_after
}

/// Is `text[s..e]` inside a paragraph marking: `(C)`, `(S/NF)`, `(LOU)`, `(SBU)`?
pub fn in_marking(text: &str, s: usize, e: usize) -> bool {
    static MARKING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^\((?:U|C|S|TS|SBU|LOU|FOUO|CUI)(?:\s?/{1,2}\s?[A-Z]{1,8}){0,3}\)$").unwrap()
    });
    // The parenthesis before the term, and the one after it, within a few characters.
    let Some(open) = text[..s].rfind(['(', ')', '\n']).filter(|&o| s - o <= 8) else {
        return false;
    };
    let Some(close) = text[e..]
        .find([')', '(', '\n'])
        .map(|c| e + c)
        .filter(|&c| c - e <= 16)
    else {
        return false;
    };
    text.as_bytes()[open] == b'('
        && text.as_bytes()[close] == b')'
        && MARKING.is_match(&text[open..=close])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(t: &'a Terms, cable: &str, text: &'a str) -> Vec<(&'a str, &'a str)> {
        t.find(cable, text)
            .into_iter()
            .map(|f| (&text[f.range], t.entries[f.phrase].1.as_str()))
            .collect()
    }

    #[test]
    fn reads_and_finds_exact_case() {
        let diags = Diagnostics::default();
        let t = Terms::from_yaml(
            "RTG: Royal Thai Government\nUSG: United States Government\nEmpty: ''\n",
            Path::new("terms.yaml"),
            &diags,
        );
        let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec!["warning: terms.yaml:3: term `Empty` has no expansion; ignored"]
        );
        let text = "the RTG told usg the USG\nRTG line; USGX";
        let got: Vec<&str> = found(&t, "X", text).iter().map(|f| f.0).collect();
        assert_eq!(got, vec!["RTG", "USG", "RTG"]);
        assert_eq!(
            t.entries[t.find("X", text)[0].phrase].1,
            "Royal Thai Government"
        );
    }

    #[test]
    fn whole_tokens_only() {
        let t = Terms::new(vec![
            ("NSC".into(), "National Security Council".into()),
            ("C–130".into(), "transport aircraft".into()),
            ("JCS".into(), "Joint Chiefs of Staff".into()),
        ]);
        let text = "NSC/JCS views; NSC-JCS; the NSC. Then JCS, (NSC) and “NSC”; NSCs, \
                    U.NSC.x, NSC.5, C–130s and C–130.";
        let got: Vec<&str> = found(&t, "X", text).iter().map(|f| f.0).collect();
        assert_eq!(got, vec!["NSC", "JCS", "NSC", "NSC", "C–130"]);
        assert!(is_token("a NSC b", 2, 5));
        assert!(!is_token("a.NSC b", 2, 5));
        assert!(!is_token("a NSC–b", 2, 5));
        assert!(is_token("a NSC.", 2, 5));
        assert!(!is_token("a NSC.b", 2, 5));
    }

    #[test]
    fn never_in_a_paragraph_marking() {
        let t = Terms::new(vec![
            ("LOU".into(), "Limited Official Use".into()),
            ("SBU".into(), "Sensitive But Unclassified".into()),
        ]);
        let text = "(LOU) The LOU text. (SBU) and (SBU/NF) but (see SBU) is.";
        let found: Vec<usize> = t.find("X", text).iter().map(|f| f.range.start).collect();
        assert_eq!(found, vec![10, text.find("see SBU").unwrap() + 4]);
        assert!(in_marking("1. (C) x", 4, 5));
        assert!(in_marking("(S/NF) x", 1, 2));
        assert!(!in_marking("(C–130s) x", 1, 2));
        assert!(!in_marking("(US) x", 1, 3));
    }

    #[test]
    fn short_terms_only_where_listed() {
        let diags = Diagnostics::default();
        let yaml = "C: Office of the Counselor\nS:\n  expansion: Office of the Secretary of State\n  at:\n    D1: [0, 9, 17, 24, 47, 999]\nUS:\n  expansion: United States\n  at: {D1: [11]}\nRTG: Royal Thai Government\n";
        let t = Terms::from_yaml(yaml, Path::new("terms.yaml"), &diags);
        assert!(diags.into_sorted().is_empty());
        let text = "S met S at US, U.S. and S/S; C–130s, (C) and S (RTG).";
        // Listed: 0 and 47 (whole tokens), 9 (not the term: the text changed), 17 (the `S`
        // of `U.S.`) and 24 (`S/S`): not tokens; 999 is past the end. `C` is listed
        // nowhere, so `(C)` (byte 40) and `C–130s` are left alone.
        assert_eq!(
            found(&t, "D1", text),
            vec![
                ("S", "Office of the Secretary of State"),
                ("US", "United States"),
                ("S", "Office of the Secretary of State"),
                ("RTG", "Royal Thai Government")
            ]
        );
        // In another cable only the terms of more than one character, wherever they stand
        // as whole tokens (`US`, not the `U.S.`), whatever places they list.
        assert_eq!(
            found(&t, "D2", text),
            vec![("US", "United States"), ("RTG", "Royal Thai Government")]
        );
        let bad = Diagnostics::default();
        Terms::from_yaml(
            "S:\n  expansion: x\n  at: [1, 2]\n",
            Path::new("terms.yaml"),
            &bad,
        );
        let msgs: Vec<String> = bad.into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 1);
        assert!(
            msgs[0].starts_with(
                "warning: terms.yaml:1: the places of term `S` are not understood; ignored"
            ),
            "{msgs:#?}"
        );
    }
}
