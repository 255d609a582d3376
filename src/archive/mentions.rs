//! Finding names (and other fixed phrases) in text: one Aho-Corasick automaton, built once,
//! run once over each text.
//!
//! Cables wrap lines anywhere, so `HOR\nNAMHONG` is a mention of Hor Namhong. The automaton
//! therefore runs over a normalised copy of the text in which every run of whitespace is a
//! single space (and, when matching ignores case, ASCII letters are lower-cased); a sparse
//! offset map turns positions in the copy back into byte ranges of the original text.
//!
//! A match counts only on word boundaries (`Sen` is not found in `Senate`), and where
//! several phrases overlap the leftmost, then longest, wins (`Hor Namhong` over `Namhong`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

/// How phrases are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    /// ASCII case is ignored (`HOR NAMHONG` = `Hor Namhong`).
    pub ignore_case: bool,
    /// A phrase written with capitals does not match a run of text that has none: names
    /// are written capitalised or in the telegrams' upper case, and `green light` is not
    /// Marshall Green.
    pub skip_all_lowercase: bool,
}

impl MatchOptions {
    /// Person names: case-insensitive, but not all-lower-case runs.
    pub const NAMES: MatchOptions = MatchOptions {
        ignore_case: true,
        skip_all_lowercase: true,
    };
    /// Abbreviations: exact case.
    pub const EXACT: MatchOptions = MatchOptions {
        ignore_case: false,
        skip_all_lowercase: false,
    };
}

/// A set of phrases compiled into one automaton.
pub struct PhraseSet {
    ac: Option<AhoCorasick>,
    /// Per phrase: does it have an upper-case letter?
    has_upper: Vec<bool>,
    opts: MatchOptions,
}

impl std::fmt::Debug for PhraseSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseSet")
            .field("phrases", &self.has_upper.len())
            .field("opts", &self.opts)
            .finish()
    }
}

impl Default for PhraseSet {
    fn default() -> Self {
        PhraseSet::new(&[], MatchOptions::NAMES)
    }
}

/// A phrase found: its index in the set and its byte range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub phrase: usize,
    pub range: Range<usize>,
}

/// The form a phrase is matched in: whitespace runs as one space, trimmed, and lower-cased
/// when case is ignored.
pub fn normalise_phrase(p: &str, ignore_case: bool) -> String {
    let s = p.split_whitespace().collect::<Vec<_>>().join(" ");
    if ignore_case {
        s.to_ascii_lowercase()
    } else {
        s
    }
}

impl PhraseSet {
    /// Compiles the phrases. Empty phrases never match.
    pub fn new(phrases: &[String], opts: MatchOptions) -> PhraseSet {
        let normal: Vec<String> = phrases
            .iter()
            .map(|p| normalise_phrase(p, opts.ignore_case))
            .collect();
        let has_upper = phrases
            .iter()
            .map(|p| p.chars().any(char::is_uppercase))
            .collect();
        let ac = if normal.iter().all(String::is_empty) {
            None
        } else {
            // An empty pattern would match everywhere: give it one that cannot occur.
            let patterns: Vec<&str> = normal
                .iter()
                .map(|p| {
                    if p.is_empty() {
                        "\u{0}\u{0}"
                    } else {
                        p.as_str()
                    }
                })
                .collect();
            // Standard semantics so that every overlapping candidate is seen: the word
            // boundary check may reject the longest and leave a shorter one standing.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        PhraseSet {
            ac,
            has_upper,
            opts,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// Every phrase in `text` on word boundaries, leftmost-longest, non-overlapping, in
    /// text order.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let norm = Normalised::new(text, self.opts.ignore_case);
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(norm.text.as_str()) {
            let (s, e) = (m.start(), m.end());
            if !is_boundary(&norm.text, s, e) {
                continue;
            }
            let (os, oe) = (norm.original(s), norm.original(e - 1) + 1);
            let oe = next_char_boundary(text, oe);
            if self.opts.skip_all_lowercase
                && self.has_upper[m.pattern().as_usize()]
                && !text[os..oe].chars().any(char::is_uppercase)
            {
                continue;
            }
            cands.push((os, oe, m.pattern().as_usize()));
        }
        // Leftmost, then longest; drop what overlaps an earlier pick.
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<Found> = Vec::new();
        let mut end = 0;
        for (s, e, p) in cands {
            if s < end {
                continue;
            }
            out.push(Found {
                phrase: p,
                range: s..e,
            });
            end = e;
        }
        out
    }
}

fn next_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// Letters, digits and `_` make words (as for `grep -w`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    let first = text[s..e].chars().next();
    let last = text[s..e].chars().next_back();
    // A phrase that itself starts or ends with punctuation (`U.S.`) needs no boundary there.
    let ok_before =
        before.is_none_or(|c| !is_word_char(c)) || first.is_some_and(|c| !is_word_char(c));
    let ok_after = after.is_none_or(|c| !is_word_char(c)) || last.is_some_and(|c| !is_word_char(c));
    ok_before && ok_after
}

/// A copy of a text with whitespace runs collapsed, and the way back to original offsets.
struct Normalised {
    text: String,
    /// `(position in the copy, position in the original)` after each collapsed run; the
    /// offset between the two is constant until the next entry.
    shifts: Vec<(usize, usize)>,
}

impl Normalised {
    fn new(text: &str, lower: bool) -> Normalised {
        let bytes = text.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut shifts = vec![(0usize, 0usize)];
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                out.push(b' ');
                if j - i > 1 {
                    shifts.push((out.len(), j));
                }
                i = j;
            } else {
                out.push(if lower { b.to_ascii_lowercase() } else { b });
                i += 1;
            }
        }
        // Only ASCII bytes were replaced by ASCII bytes, so the copy is still UTF-8.
        let text = String::from_utf8(out).unwrap_or_default();
        Normalised { text, shifts }
    }

    /// The original offset of the byte at `pos` in the copy.
    fn original(&self, pos: usize) -> usize {
        let k = self.shifts.partition_point(|&(n, _)| n <= pos);
        let (n, o) = self.shifts[k.saturating_sub(1)];
        o + (pos - n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(phrases: &[&str]) -> PhraseSet {
        PhraseSet::new(
            &phrases.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            MatchOptions::NAMES,
        )
    }

    fn found<'a>(s: &PhraseSet, text: &'a str) -> Vec<(usize, &'a str)> {
        s.find(text)
            .into_iter()
            .map(|f| (f.phrase, &text[f.range]))
            .collect()
    }

    #[test]
    fn across_line_wraps_and_runs_of_spaces() {
        let s = set(&["Hor Namhong"]);
        assert_eq!(found(&s, "FM HOR\nNAMHONG SAID"), vec![(0, "HOR\nNAMHONG")]);
        assert_eq!(
            found(&s, "FM HOR  \n   NAMHONG"),
            vec![(0, "HOR  \n   NAMHONG")]
        );
        assert_eq!(
            found(&s, "x\r\nHor\r\nNamhong."),
            vec![(0, "Hor\r\nNamhong")]
        );
        // Offsets stay right after earlier collapsed runs.
        let t = "A  \n\n  B   C\n\n\n1. HOR    NAMHONG and\tHor Namhong";
        assert_eq!(
            found(&s, t),
            vec![(0, "HOR    NAMHONG"), (0, "Hor Namhong")]
        );
    }

    #[test]
    fn case_is_ignored_but_not_for_lower_case_runs() {
        let s = set(&["Hor Namhong", "Green"]);
        assert_eq!(
            found(&s, "HOR NAMHONG, Hor Namhong, Hor NAMHONG"),
            vec![(0, "HOR NAMHONG"), (0, "Hor Namhong"), (0, "Hor NAMHONG")]
        );
        assert_eq!(
            found(&s, "a green light from GREEN and Green"),
            vec![(1, "GREEN"), (1, "Green")]
        );
        assert_eq!(found(&s, "hor namhong"), vec![]);
        // A phrase written in lower case matches any case.
        let lower = set(&["de gaulle"]);
        assert_eq!(
            found(&lower, "said de gaulle and DE GAULLE"),
            vec![(0, "de gaulle"), (0, "DE GAULLE")]
        );
    }

    #[test]
    fn only_on_word_boundaries() {
        let s = set(&["Sen", "Hun Sen"]);
        assert_eq!(
            found(&s, "SENATE, ASSENT, HUN SENS, Hun Sen's, (SEN)"),
            vec![(1, "Hun Sen"), (0, "SEN")]
        );
        assert_eq!(found(&s, "SEN2 _SEN X-SEN"), vec![(0, "SEN")]);
        let dots = set(&["Lt. Gen. Sawaeng"]);
        assert_eq!(
            found(&dots, "LT. GEN. SAWAENG."),
            vec![(0, "LT. GEN. SAWAENG")]
        );
    }

    #[test]
    fn leftmost_longest_and_fallback_to_shorter() {
        let s = set(&["Namhong", "Hor Namhong", "FM Hor Namhong"]);
        assert_eq!(
            found(&s, "FM HOR NAMHONG; NAMHONG"),
            vec![(2, "FM HOR NAMHONG"), (0, "NAMHONG")]
        );
        // The longest candidate fails its boundary: the shorter one still counts.
        let s = set(&["Hun Sen", "Hun Senate"]);
        assert_eq!(found(&s, "HUN SENATES? HUN SEN."), vec![(0, "HUN SEN")]);
        let s = set(&["Sen", "Sen Hun"]);
        assert_eq!(found(&s, "SEN HUNT"), vec![(0, "SEN")]);
    }

    #[test]
    fn non_ascii_text_and_names() {
        let s = set(&["Thanat Khoman", "Chargé"]);
        let t = "Le chargé — Thanat\nKhoman — Chargé d'affaires, naïve";
        assert_eq!(found(&s, t), vec![(0, "Thanat\nKhoman"), (1, "Chargé")]);
        let exact = PhraseSet::new(&["RTG".to_string(), "US".to_string()], MatchOptions::EXACT);
        assert_eq!(exact.find("the RTG and us and US, rtg, USA").len(), 2);
        assert!(PhraseSet::new(&[], MatchOptions::NAMES)
            .find("x")
            .is_empty());
    }
}
