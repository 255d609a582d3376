//! Finding names (and other fixed phrases) in text: one Aho-Corasick automaton, built once,
//! run once over each text.
//!
//! Cables wrap lines anywhere, so `HOR\nNAMHONG` is a mention of Hor Namhong. The automaton
//! (a DFA) is therefore stepped byte by byte over the text as if every run of whitespace
//! were a single space, without copying the text; positions map back to byte ranges of the
//! original text through a small ring of offsets. A blank line (paragraph break) is never
//! part of a name.
//!
//! A match counts only on word boundaries (`Sen` is not found in `Senate`), and where
//! several phrases overlap the leftmost, then longest, wins (`Hor Namhong` over `Namhong`).

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa, Anchored, MatchKind, StartKind};
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
    automaton: Option<Compiled>,
    /// The phrases' first words (as matched: up to the first space), for small sets:
    /// every match begins where one of them does, so only there is the automaton run.
    first_words: Option<FirstWords>,
    /// Per phrase: its length as matched (whitespace runs as one space), in bytes.
    lens: Vec<usize>,
    /// A power of two at least as long as the longest phrase.
    window: usize,
    /// Per phrase: does it have an upper-case letter?
    has_upper: Vec<bool>,
    opts: MatchOptions,
}

/// Finds where the phrases' first words begin, for sets of up to [`PACKED_GROUPS`] × 64
/// of them: a SIMD searcher (Teddy) per 64 words, run over the text (ASCII-lower-cased
/// first when case is ignored: Teddy knows no case). Measured on 5,294 cables: 6.6× as
/// fast as the automaton over every byte for 20 names, 2.1× for 64, 1.5× for 100, and
/// slower from three groups on (0.7× for 150), where [`PhraseSet::scan`] is used instead.
struct FirstWords {
    groups: Vec<aho_corasick::packed::Searcher>,
    lower: bool,
}

const PACKED_GROUPS: usize = 2;

impl FirstWords {
    /// `None` for more words than that, or where there is no SIMD searcher.
    fn new(firsts: &[&str], ignore_case: bool) -> Option<FirstWords> {
        if firsts.is_empty() || firsts.len() > 64 * PACKED_GROUPS {
            return None;
        }
        let groups: Option<Vec<_>> = firsts
            .chunks(64)
            .map(|group| {
                aho_corasick::packed::Config::new()
                    .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(group)
                    .build()
            })
            .collect();
        Some(FirstWords {
            groups: groups?,
            lower: ignore_case,
        })
    }

    /// Every place in `text` where a first word begins, in order: the leftmost from
    /// `pos` on, then again from just after where it begins, so also those inside
    /// another.
    fn starts(&self, text: &str) -> Vec<usize> {
        thread_local! {
            static LOWER: std::cell::RefCell<Vec<u8>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut starts: Vec<usize> = Vec::new();
        LOWER.with_borrow_mut(|buf| {
            let hay: &[u8] = if self.lower {
                buf.clear();
                buf.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
                buf
            } else {
                text.as_bytes()
            };
            for searcher in &self.groups {
                let mut pos = 0;
                while pos < hay.len() {
                    let span = aho_corasick::Span::from(pos..hay.len());
                    match searcher.find_in(hay, span) {
                        Some(m) => {
                            starts.push(m.start());
                            pos = m.start() + 1;
                        }
                        None => break,
                    }
                }
            }
        });
        if self.groups.len() > 1 {
            starts.sort_unstable();
            starts.dedup();
        }
        starts
    }
}

/// The automaton: a DFA, or for very large sets the NFA (smaller, slower).
enum Compiled {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
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

/// What the automaton is fed for a paragraph break: never part of a phrase, so a name
/// does not run on from one paragraph into the next.
const BREAK: u8 = b'\n';

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
        // An empty pattern would match everywhere: give it one that cannot occur.
        let patterns: Vec<&str> = normal
            .iter()
            .map(|p| if p.is_empty() { "\n\n" } else { p.as_str() })
            .collect();
        let lens: Vec<usize> = patterns.iter().map(|p| p.len()).collect();
        let window = lens.iter().copied().max().unwrap_or(1).next_power_of_two();
        let mut firsts: Vec<&str> = normal
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.split(' ').next().unwrap_or(p))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        // Anchored runs (from first words) only where they are searched for.
        let small = !firsts.is_empty() && firsts.len() <= 64 * PACKED_GROUPS;
        let automaton = if normal.iter().all(String::is_empty) {
            None
        } else {
            // Standard semantics so that every overlapping candidate is seen: the word
            // boundary check may reject the longest and leave a shorter one standing.
            dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(opts.ignore_case)
                .start_kind(if small {
                    StartKind::Both
                } else {
                    StartKind::Unanchored
                })
                .build(&patterns)
                .map(Compiled::Dfa)
                .or_else(|_| {
                    nfa::contiguous::Builder::new()
                        .match_kind(MatchKind::Standard)
                        .ascii_case_insensitive(opts.ignore_case)
                        .build(&patterns)
                        .map(Compiled::Nfa)
                })
                .ok()
        };
        let first_words = if automaton.is_some() && small {
            FirstWords::new(&firsts, opts.ignore_case)
        } else {
            None
        };
        PhraseSet {
            automaton,
            first_words,
            lens,
            window,
            has_upper,
            opts,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Every phrase in `text` on word boundaries, leftmost-longest, non-overlapping, in
    /// text order.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let mut cands: Vec<(usize, usize, usize)> = match (&self.automaton, &self.first_words) {
            (None, _) => return Vec::new(),
            (Some(Compiled::Dfa(a)), Some(f)) => self.scan_from_first_words(a, f, text),
            (Some(Compiled::Nfa(a)), Some(f)) => self.scan_from_first_words(a, f, text),
            (Some(Compiled::Dfa(a)), None) => self.scan(a, text),
            (Some(Compiled::Nfa(a)), None) => self.scan(a, text),
        };
        if cands.is_empty() {
            return Vec::new();
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

    /// Runs the automaton over the text as if its whitespace runs were single spaces
    /// (paragraph breaks a [`BREAK`]), without copying it: a ring of the original offsets
    /// of the last bytes fed turns a match's length back into where it starts. Returns
    /// `(start, end, phrase)` of every candidate that passes the word and case checks.
    fn scan<A: Automaton>(&self, a: &A, text: &str) -> Vec<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        let mask = self.window - 1;
        let mut ring = vec![0usize; self.window];
        let mut fed = 0usize;
        let mut out = Vec::new();
        let Ok(mut sid) = a.start_state(Anchored::No) else {
            return out;
        };
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (byte, next) = if b.is_ascii_whitespace() {
                let mut j = i + 1;
                let mut newlines = usize::from(b == b'\n');
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    newlines += usize::from(bytes[j] == b'\n');
                    j += 1;
                }
                (if newlines >= 2 { BREAK } else { b' ' }, j)
            } else {
                (b, i + 1)
            };
            ring[fed & mask] = i;
            fed += 1;
            sid = a.next_state(Anchored::No, sid, byte);
            if a.is_special(sid) && a.is_match(sid) {
                for k in 0..a.match_len(sid) {
                    let pid = a.match_pattern(sid, k).as_usize();
                    let len = self.lens[pid];
                    if len == 0 || len > fed {
                        continue;
                    }
                    let s = ring[(fed - len) & mask];
                    let e = next_char_boundary(text, i + 1);
                    if self.accept(text, s, e, pid) {
                        out.push((s, e, pid));
                    }
                }
            }
            i = next;
        }
        out
    }

    /// What [`PhraseSet::scan`] returns, found faster for small sets: wherever a phrase's
    /// first word begins in the text (see [`FirstWords`]), the automaton is run anchored
    /// there, over the text as `scan` feeds it, until no phrase can match any more. A
    /// first word has no whitespace, so it is in the text as it is; every candidate `scan`
    /// reports begins at one of these places, and each is reported once.
    fn scan_from_first_words<A: Automaton>(
        &self,
        a: &A,
        first_words: &FirstWords,
        text: &str,
    ) -> Vec<(usize, usize, usize)> {
        let starts = first_words.starts(text);
        let mut out = Vec::new();
        if starts.is_empty() {
            return out;
        }
        let Ok(start_sid) = a.start_state(Anchored::Yes) else {
            return out;
        };
        let bytes = text.as_bytes();
        for s in starts {
            let mut sid = start_sid;
            let mut i = s;
            let mut fed = 0;
            while i < bytes.len() {
                let b = bytes[i];
                let (byte, next) = if b.is_ascii_whitespace() {
                    let mut j = i + 1;
                    let mut newlines = usize::from(b == b'\n');
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        newlines += usize::from(bytes[j] == b'\n');
                        j += 1;
                    }
                    (if newlines >= 2 { BREAK } else { b' ' }, j)
                } else {
                    (b, i + 1)
                };
                sid = a.next_state(Anchored::Yes, sid, byte);
                fed += 1;
                if a.is_special(sid) {
                    if a.is_dead(sid) {
                        break;
                    }
                    if a.is_match(sid) {
                        let e = next_char_boundary(text, i + 1);
                        for k in 0..a.match_len(sid) {
                            // A state's matches include the phrases that end here but
                            // begin later (suffixes): only those from `s` are this run's.
                            let pid = a.match_pattern(sid, k).as_usize();
                            if self.lens[pid] == fed && self.accept(text, s, e, pid) {
                                out.push((s, e, pid));
                            }
                        }
                    }
                }
                i = next;
            }
        }
        out
    }

    fn accept(&self, text: &str, s: usize, e: usize, pid: usize) -> bool {
        if !text.is_char_boundary(s) || !is_boundary(text, s, e) {
            return false;
        }
        !(self.opts.skip_all_lowercase
            && self.has_upper[pid]
            && !text[s..e].chars().any(char::is_uppercase))
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
    fn a_blank_line_ends_a_name() {
        let s = set(&["Hor Namhong"]);
        assert_eq!(found(&s, "MET HOR\n\nNAMHONG"), vec![]);
        assert_eq!(
            found(&s, "MET HOR\n  \n  NAMHONG; HOR \n NAMHONG"),
            vec![(0, "HOR \n NAMHONG")]
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

    /// Candidates found from the first words are exactly those of the full scan, on texts
    /// made of pieces of the phrases, overlapping first words, punctuation, wraps and
    /// blank lines, in both matching modes.
    #[test]
    fn first_word_starts_find_what_the_full_scan_finds() {
        let phrases: Vec<String> = [
            "Hor Namhong",
            "Namhong",
            "Hun Sen",
            "Sen",
            "Hun Senate",
            "ab",
            "bc",
            "abc d",
            "U.S.",
            "S. Korea",
            "Lt. Gen. Sawaeng",
            "Chargé",
            "de gaulle",
            "Hor",
            "e e e",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let pieces = [
            "HOR", "Hor", "hor", "NAMHONG", "namhong", "HUN", "SEN", "Sen", "SENATE", "ab", "AB",
            "abc", "bc", "d", "U.S.", "S.", "KOREA", "LT.", "GEN.", "SAWAENG", "chargé", "CHARGÉ",
            "DE", "gaulle", "e", "E", " ", "  ", "\n", "\n\n", " \n ", "\r\n", ",", ".", "-", "_",
            "x", "é", "QZ1", "qz29", "Qz149", "QZ77 HUN", "qz299",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // One SIMD group, two (Teddy takes a one-letter first word only in a group of at
        // most 16), and more first words than that: no first-word search at all.
        for extra in [0, 100, 300] {
            let mut phrases = phrases.clone();
            if extra > 0 {
                phrases.retain(|p| p != "e e e");
            }
            phrases.extend((0..extra).map(|k| format!("Qz{k} Hun")));
            for opts in [MatchOptions::NAMES, MatchOptions::EXACT] {
                let set = PhraseSet::new(&phrases, opts);
                // (Teddy needs SSSE3 or NEON: without it, always the full scan.)
                let simd = cfg!(target_arch = "x86_64") && std::is_x86_feature_detected!("ssse3");
                if simd || extra >= 300 {
                    assert_eq!(set.first_words.is_some(), extra < 300, "{extra}");
                }
                let Some(first) = set.first_words.as_ref() else {
                    continue;
                };
                for _ in 0..3000 {
                    let n = (next() % 24) as usize;
                    let text: String = (0..n)
                        .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                        .collect();
                    let (mut full, mut fast) = match &set.automaton {
                        Some(Compiled::Dfa(a)) => (
                            set.scan(a, &text),
                            set.scan_from_first_words(a, first, &text),
                        ),
                        _ => panic!("expected a DFA"),
                    };
                    full.sort_unstable();
                    fast.sort_unstable();
                    assert_eq!(full, fast, "{text:?}");
                }
            }
        }
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
