//! Finding names (and other fixed phrases) in text: one Aho-Corasick automaton, built once,
//! run over each text from the places where a phrase may begin (found first, by a SIMD
//! search for the phrases' first words or by their prefixes at word starts).
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
    /// Where a phrase may begin (see [`Starts`]): only there is the automaton run.
    starts: Option<Starts>,
    /// Per phrase: its length as matched (whitespace runs as one space), in bytes.
    lens: Vec<usize>,
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

/// How the places where a phrase may begin are found: for small sets, where the phrases'
/// first words are ([`FirstWords`]); for larger ones, word starts that begin like one
/// ([`Prefixes`]).
enum Starts {
    FirstWords(FirstWords),
    Prefixes(Box<Prefixes>),
}

impl Starts {
    fn find(&self, text: &str) -> Vec<usize> {
        match self {
            Starts::FirstWords(f) => f.starts(text),
            Starts::Prefixes(p) => p.starts(text),
        }
    }
}

/// Letters, digits and `_` in ASCII: the bytes that continue a word.
const fn ascii_word_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
}
static ASCII_WORD: [bool; 256] = ascii_word_bytes();

/// Where a phrase may begin, found with small tables whatever the number of phrases (the
/// SIMD search of [`FirstWords`] slows down past a few dozen first words, and a registry
/// of a few hundred people, or a volume's glossary, has more). Over a registry of 251
/// names and 50,000 cables: 650 MB/s, against 375 MB/s for the automaton over every byte.
///
/// A phrase that begins with a word character matches only at a word start (see
/// [`is_boundary`]): a place whose byte before is not an ASCII letter, digit or `_`
/// (a non-ASCII byte before lets it through: the boundary check decides later). There,
/// the text's first bytes (ASCII-folded when case is ignored) must be those of some
/// phrase's first word, up to four of them: looked up in a bit table per length, by hash
/// (a false hit only costs an anchored run). Two letters alone would let through more
/// than half the words of the telegrams for a registry of 250 names; four let through
/// 1.5 %. A phrase that begins with anything else (`.`, `-`) may begin wherever its
/// first byte is. Every place where a phrase is found is among these, and the anchored
/// run from each decides.
struct Prefixes {
    /// Per state (0: the byte before is not an ASCII word byte, 1: it is) and byte: 0 if
    /// no phrase begins here, [`ANYWHERE`] if one may (a phrase that begins with a
    /// character that is not a word character), 1 if a first word does when its prefix
    /// is in the tables.
    class: [[u8; 256]; 2],
    /// Does any phrase begin with a character that is not a word character?
    anywhere: bool,
    ignore_case: bool,
    /// Per prefix length 1 to 4 (a first word's length, at most 4), the hashes of the
    /// first words' prefixes of that length; `None` where no first word is that short.
    tables: [Option<Box<[u64; PREFIX_TABLE_WORDS]>>; 4],
}

/// 65,536 bits: a few hundred prefixes set under 1 % of them.
const PREFIX_TABLE_WORDS: usize = 1024;

/// The bit of a prefix (up to four bytes, little-endian, the rest zero) in a table.
#[inline(always)]
fn prefix_bit(key: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

impl Prefixes {
    /// From the phrases as [`normalise_phrase`] makes them (lower case when case is
    /// ignored).
    fn new(normal: &[String], ignore_case: bool) -> Prefixes {
        let mut p = Prefixes {
            class: [[0; 256]; 2],
            anywhere: false,
            ignore_case,
            tables: [None, None, None, None],
        };
        for phrase in normal.iter().filter(|p| !p.is_empty()) {
            let bytes = phrase.as_bytes();
            if !phrase.chars().next().is_some_and(is_word_char) {
                // Not a letter, so the same in either case.
                p.anywhere = true;
                for state in &mut p.class {
                    state[bytes[0] as usize] = ANYWHERE;
                }
                continue;
            }
            let word = phrase.split(' ').next().unwrap_or(phrase).as_bytes();
            let len = word.len().min(4);
            let mut key = [0u8; 4];
            key[..len].copy_from_slice(&word[..len]);
            for b in [
                key[0],
                if ignore_case {
                    key[0].to_ascii_uppercase()
                } else {
                    key[0]
                },
            ] {
                if p.class[0][b as usize] == 0 {
                    p.class[0][b as usize] = 1;
                }
            }
            let bit = prefix_bit(u32::from_le_bytes(key));
            let table = p.tables[len - 1].get_or_insert_with(|| Box::new([0; PREFIX_TABLE_WORDS]));
            table[bit / 64] |= 1 << (bit % 64);
        }
        p
    }

    /// Every place in `text` where a phrase may begin, in order.
    fn starts(&self, text: &str) -> Vec<usize> {
        if self.anywhere {
            self.starts_bytewise(text.as_bytes(), 0, false, Vec::new())
        } else {
            self.starts_by_words(text.as_bytes())
        }
    }

    /// [`Prefixes::starts`] a byte at a time from `from` (`after_word`: the byte before
    /// is an ASCII word byte), adding to `out`.
    fn starts_bytewise(
        &self,
        bytes: &[u8],
        from: usize,
        after_word: bool,
        mut out: Vec<usize>,
    ) -> Vec<usize> {
        // After a word byte only `ANYWHERE` bytes can begin a phrase; after anything else,
        // also a first word's first byte: one table lookup per byte, by that state.
        let mut after_word = after_word as usize;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            let class = self.class[after_word][b as usize];
            if class != 0 && (class == ANYWHERE || self.word_start(bytes, i)) {
                out.push(i);
            }
            after_word = ASCII_WORD[b as usize] as usize;
        }
        out
    }

    /// [`Prefixes::starts`] when every phrase begins with a word character: eight bytes
    /// at a time, the word starts found with bit operations (a word or non-ASCII byte
    /// whose byte before is not a word byte), and only those looked at.
    fn starts_by_words(&self, bytes: &[u8]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut carry = 0u64; // 0x80 if the last byte of the chunk before is a word byte
        let chunks = bytes.chunks_exact(8);
        let tail = chunks.len() * 8;
        for (k, chunk) in chunks.enumerate() {
            let x = u64::from_le_bytes([
                chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
            ]);
            let word = ascii_word_mask8(x);
            let mut start = (word | (x & HIGH_BITS)) & !((word << 8) | carry);
            carry = word >> 56;
            while start != 0 {
                let i = k * 8 + (start.trailing_zeros() / 8) as usize;
                start &= start - 1;
                if self.class[0][bytes[i] as usize] != 0 && self.word_start(bytes, i) {
                    out.push(i);
                }
            }
        }
        self.starts_bytewise(bytes, tail, carry != 0, out)
    }

    /// Does the text at `i` begin like a first word?
    #[inline(always)]
    fn word_start(&self, bytes: &[u8], i: usize) -> bool {
        // The next four bytes, or those left, the rest zero.
        let x = match bytes.get(i..i + 4) {
            Some(four) => u32::from_le_bytes([four[0], four[1], four[2], four[3]]),
            None => {
                let mut key = [0u8; 4];
                key[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                u32::from_le_bytes(key)
            }
        };
        let key = if self.ignore_case { ascii_lower4(x) } else { x };
        self.tables.iter().zip(PREFIX_MASKS).any(|(table, mask)| {
            table.as_ref().is_some_and(|t| {
                let bit = prefix_bit(key & mask);
                t[bit / 64] & (1 << (bit % 64)) != 0
            })
        })
    }
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (little-endian) that is an ASCII letter, digit or `_`.
#[inline(always)]
fn ascii_word_mask8(x: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    let low7 = x & !HIGH_BITS;
    // High bit where the low seven bits are at least `lo` and at most `hi` (no carries
    // between bytes: each sum stays under 0x100).
    let within =
        |lo: u8, hi: u8| low7.wrapping_add(each(0x80 - lo)) & !low7.wrapping_add(each(0x7f - hi));
    (within(b'0', b'9') | within(b'A', b'Z') | within(b'a', b'z') | within(b'_', b'_'))
        & !x
        & HIGH_BITS
}

/// The bytes of a prefix of 1, 2, 3 and 4 bytes in a little-endian `u32`.
const PREFIX_MASKS: [u32; 4] = [0xff, 0xffff, 0xff_ffff, 0xffff_ffff];
/// [`Prefixes::class`]: a byte that may begin a phrase anywhere.
const ANYWHERE: u8 = 2;

/// Four bytes' ASCII capitals in lower case (other bytes as they are), at once.
#[inline(always)]
fn ascii_lower4(x: u32) -> u32 {
    let low7 = x & 0x7f7f_7f7f;
    // High bit of each byte: at least `A`, and above `Z` (of the low seven bits).
    let at_least_a = low7.wrapping_add(0x3f3f_3f3f);
    let above_z = low7.wrapping_add(0x2525_2525);
    let upper = (at_least_a & !above_z) & !x & 0x8080_8080;
    x | (upper >> 2)
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
        let mut firsts: Vec<&str> = normal
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.split(' ').next().unwrap_or(p))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let automaton = if normal.iter().all(String::is_empty) {
            None
        } else {
            // Standard semantics so that every overlapping candidate is seen: the word
            // boundary check may reject the longest and leave a shorter one standing.
            dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(opts.ignore_case)
                .start_kind(StartKind::Both)
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
        let starts = if automaton.is_none() {
            None
        } else if let Some(f) = FirstWords::new(&firsts, opts.ignore_case) {
            Some(Starts::FirstWords(f))
        } else {
            Some(Starts::Prefixes(Box::new(Prefixes::new(
                &normal,
                opts.ignore_case,
            ))))
        };
        PhraseSet {
            automaton,
            starts,
            lens,
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
        let (Some(automaton), Some(starts)) = (&self.automaton, &self.starts) else {
            return Vec::new();
        };
        let mut cands: Vec<(usize, usize, usize)> = match automaton {
            Compiled::Dfa(a) => self.scan_from(a, &starts.find(text), text),
            Compiled::Nfa(a) => self.scan_from(a, &starts.find(text), text),
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
    ///
    /// The tests' reference: [`PhraseSet::scan_from`] must find what this does.
    #[cfg(test)]
    fn scan<A: Automaton>(&self, a: &A, text: &str) -> Vec<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        // A power of two at least as long as the longest phrase.
        let window = self
            .lens
            .iter()
            .copied()
            .max()
            .unwrap_or(1)
            .next_power_of_two();
        let mask = window - 1;
        let mut ring = vec![0usize; window];
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

    /// What [`PhraseSet::scan`] returns, found faster: from each place where a phrase may
    /// begin (see [`Starts`]), the automaton is run anchored, over the text as `scan` feeds
    /// it, until no phrase can match any more. Every candidate `scan` reports begins at
    /// one of these places, and each is reported once.
    fn scan_from<A: Automaton>(
        &self,
        a: &A,
        starts: &[usize],
        text: &str,
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if starts.is_empty() {
            return out;
        }
        let Ok(start_sid) = a.start_state(Anchored::Yes) else {
            return out;
        };
        let bytes = text.as_bytes();
        for &s in starts {
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

    /// Candidates found from the places a phrase may begin (first words for small sets,
    /// word-start prefixes for large ones, and prefixes for the small sets too) are exactly
    /// those of the full scan, on texts made of pieces of the phrases, overlapping first
    /// words, punctuation (phrases that begin with it too), wraps and blank lines, in both
    /// matching modes.
    #[test]
    fn starts_find_what_the_full_scan_finds() {
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
            "-ab",
            "(a)",
            "éé",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let pieces = [
            "HOR", "Hor", "hor", "NAMHONG", "namhong", "HUN", "SEN", "Sen", "SENATE", "ab", "AB",
            "abc", "bc", "d", "U.S.", "S.", "KOREA", "LT.", "GEN.", "SAWAENG", "chargé", "CHARGÉ",
            "DE", "gaulle", "e", "E", " ", "  ", "\n", "\n\n", " \n ", "\r\n", ",", ".", "-", "_",
            "x", "é", "QZ1", "qz29", "Qz149", "QZ77 HUN", "qz299", "(A)", "_x", "ÉÉ", "-ab",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // One SIMD group, two (Teddy takes a one-letter first word only in a group of at
        // most 16), and more first words than that: prefixes.
        for extra in [0, 100, 300] {
            let mut phrases = phrases.clone();
            if extra > 0 {
                phrases.retain(|p| p != "e e e");
            }
            phrases.extend((0..extra).map(|k| format!("Qz{k} Hun")));
            if extra >= 300 {
                // A one-letter first word, too many for Teddy's groups.
                phrases.push("x".to_string());
            }
            // With phrases that begin with punctuation (found a byte at a time), and
            // without (found from word starts, eight bytes at a time).
            let word_first: Vec<String> = phrases
                .iter()
                .filter(|p| p.chars().next().is_some_and(is_word_char))
                .cloned()
                .collect();
            assert!(word_first.len() < phrases.len());
            for (phrases, opts) in [
                (&phrases, MatchOptions::NAMES),
                (&phrases, MatchOptions::EXACT),
                (&word_first, MatchOptions::NAMES),
                (&word_first, MatchOptions::EXACT),
            ] {
                let set = PhraseSet::new(phrases, opts);
                // (Teddy needs SSSE3 or NEON: without it, always prefixes.)
                let simd = cfg!(target_arch = "x86_64") && std::is_x86_feature_detected!("ssse3");
                let teddy = matches!(set.starts, Some(Starts::FirstWords(_)));
                if simd || extra >= 300 {
                    assert_eq!(teddy, extra < 300, "{extra}");
                }
                let normal: Vec<String> = phrases
                    .iter()
                    .map(|p| normalise_phrase(p, opts.ignore_case))
                    .collect();
                let prefixes = Prefixes::new(&normal, opts.ignore_case);
                assert_eq!(prefixes.anywhere, phrases.len() > word_first.len());
                let Some(Compiled::Dfa(a)) = &set.automaton else {
                    panic!("expected a DFA");
                };
                for _ in 0..3000 {
                    let n = (next() % 40) as usize;
                    let text: String = (0..n)
                        .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                        .collect();
                    let mut full = set.scan(a, &text);
                    full.sort_unstable();
                    let mut by_set =
                        set.scan_from(a, &set.starts.as_ref().unwrap().find(&text), &text);
                    by_set.sort_unstable();
                    assert_eq!(full, by_set, "{text:?}");
                    let mut by_prefixes = set.scan_from(a, &prefixes.starts(&text), &text);
                    by_prefixes.sort_unstable();
                    assert_eq!(full, by_prefixes, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn word_bytes_eight_at_a_time() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let x = (b as u64) << (8 * at) | 0x2020_2020_2020_2020 & !(0xff << (8 * at));
                let want = if ASCII_WORD[b as usize] {
                    0x80 << (8 * at)
                } else {
                    0
                };
                assert_eq!(ascii_word_mask8(x), want, "{b:#x} at {at}");
            }
        }
        assert_eq!(
            ascii_lower4(u32::from_le_bytes(*b"AZ@[")),
            u32::from_le_bytes(*b"az@[")
        );
        assert_eq!(
            ascii_lower4(u32::from_le_bytes([0xc1, b'`', b'{', b'Q'])),
            u32::from_le_bytes([0xc1, b'`', b'{', b'q'])
        );
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
