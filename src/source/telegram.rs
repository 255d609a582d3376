//! Telegram text → the structure of a [`Cable`](crate::cable::Cable): routing block, head fields (classification,
//! caveats, TAGS, SUBJECT, REF), numbered paragraphs with their markings.
//!
//! The parser is lossless: it only records where things are (byte ranges into the text),
//! so whatever it does not recognise stays in the page as text. What it cannot make sense
//! of is returned as a [`ParseNote`] for the caller to report as a warning.

use crate::archive::codes;
use crate::cable::{CableDate, Paragraph, RefItem};
use once_cell::sync::Lazy;
use regex::Regex;
use std::ops::Range;

/// What the parser found in a telegram's text.
#[derive(Debug, Default, Clone)]
pub struct ParsedTelegram {
    pub date: Option<CableDate>,
    /// The `FM` line's addressee, as written (`AMEMBASSY PHNOM PENH`).
    pub from: Option<String>,
    pub classification: Option<String>,
    pub caveats: Vec<String>,
    pub tags: Vec<String>,
    pub tags_range: Option<Range<usize>>,
    pub subject: String,
    /// REF items as found (ids not yet resolved).
    pub ref_items: Vec<RefCandidate>,
    /// The whole REF block, for the "not understood" check.
    pub ref_block: Option<Range<usize>>,
    pub routing: Range<usize>,
    pub head: Range<usize>,
    pub paragraphs: Vec<Paragraph>,
}

/// A telegram reference found on a REF line: `[YY] POST NUMBER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefCandidate {
    pub letter: Option<char>,
    pub range: Range<usize>,
    /// The year if written, in two digits (`98 HANOI 3498`; `2005 MOSCOW 11807` → 5).
    pub year: Option<u16>,
    /// The post as written, upper case, spaces kept (`PHNOM PENH`).
    pub post: String,
    pub number: u64,
}

impl RefCandidate {
    pub fn into_item(self, id: Option<String>, guessed: bool) -> RefItem {
        RefItem {
            letter: self.letter,
            range: self.range,
            id,
            guessed,
        }
    }
}

/// Something the parser could not make sense of; the text is kept regardless.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNote {
    /// 0-based line within the text.
    pub line: usize,
    pub kind: &'static str,
    pub message: String,
}

struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    // Counted first so the vector is allocated once: a telegram has hundreds of lines.
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let mut out = Vec::with_capacity(newlines + 1);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(Line {
            start,
            end: i,
            text: &text[start..i],
        });
        start = i + 1;
    }
    if start < text.len() {
        out.push(Line {
            start,
            end: text.len(),
            text: &text[start..],
        });
    }
    out
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

static DTG: Lazy<Regex> = Lazy::new(|| {
    // `O 070849Z OCT 04`, `R 171307Z DEC 09`, `OO 280652Z MAR 92`, `291359Z Nov 00`; two
    // precedences, for the action and the info addressees (`O R 292049Z JAN 10`); a zero
    // typed for the letter O (`0 241208Z OCT 79`).
    Regex::new(r"^(?:[OPRZ0]{1,2}\s+){0,2}(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\b")
        .unwrap()
});
static ROUTING_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(VZCZC|DE [A-Z]{4,}|ZNY\b|ZNR\b|FM\s|TO\s|INFO\s|BT$|[A-Z]{2} [A-Z]{5,}$|This record is a partial extract)").unwrap()
});
static PARA_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s{0,6}(¶\s?)?(\d{1,3})\s?\.(\s*)(\(([A-Z][A-Za-z/ -]{0,10})\))?").unwrap()
});
/// A classification marking written before the paragraph number: `(SBU) 1. Text`.
static LEADING_MARKING: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s{0,6}\(((?:U|C|S|TS|SBU|LOU)(?:/[A-Z]{1,6}){0,2})\)\s*").unwrap());
/// `TAGS: PREL`, `TAGS PREL`, `Tags: prel` (in other than capitals, only with the colon).
static FIELD_TAGS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s{0,3}(?:TAGS\s*:?|(?i:tags)\s*:)\s*").unwrap());
static FIELD_SUBJECT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s{0,3}(?i:SUBJECT|SUBJ)\s*:\s*").unwrap());
static FIELD_REF: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s{0,3}(REFTELS?|REFS?|REFERENCES?)\b\s*:?").unwrap());
static FIELD_CLASSIFIED_BY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s{0,3}(CLASSIFIED\s+BY|DERIVED\s+FROM)\b").unwrap());
static FIELD_EO: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s{0,3}E\.?\s?O\.?\s?1\d{4}").unwrap());
/// `[YY] POST NUMBER`: the year in two digits or four (`98 HANOI 3498`, `2005 MOSCOW
/// 11807`); a post's first word is not a letter marker (`A.`), so `A. 99 PRETORIA 12315`
/// keeps its year.
static REF_CANDIDATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"\b(?:(19\d{2}|20\d{2}|\d{2})\s*)?([A-Z](?:[A-Za-z'-][A-Za-z.'-]*)?(?: [A-Z][A-Za-z.'-]*){0,3})\s+0*(\d{2,7})\b",
    )
    .unwrap()
});
/// The letter marker before a REF item (`B. `, `(C) `, `¶B. `: the 2010 release puts a ¶
/// before lettered references).
static REF_LETTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^|[\s;,¶])\(?([A-Z])[.)]\s*(?:[A-Z][.)]\s*)?$").unwrap());
/// [`REF_CANDIDATE`] and [`REF_LETTER`] for a REF block where they find nothing: posts in
/// any case (`london 4212`, `a) vienna 350`), one-digit numbers (`RANGOON 4`), a number
/// run into its post (`ASHGABAT687`). Only posts the code tables know are taken from it.
static REF_CANDIDATE_LENIENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"\b(?:(19\d{2}|20\d{2}|\d{2})\s*)?([A-Za-z](?:[A-Za-z'-][A-Za-z.'-]*)?(?: [A-Za-z][A-Za-z.'-]*){0,3})\s*0*(\d{1,7})\b",
    )
    .unwrap()
});
static REF_LETTER_LENIENT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^|[\s;,¶])\(?([A-Za-z])[.)]\s*(?:[A-Za-z][.)]\s*)?$").unwrap());

const CLASSIFICATIONS: [(&str, &str); 8] = [
    ("TOPSECRET", "TOP SECRET"),
    ("SECRET", "SECRET"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("UNCLAS", "UNCLASSIFIED"),
    ("UUNCLAS", "UNCLASSIFIED"),
    ("LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE"),
    ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
];

pub const CAVEATS: [&str; 9] = [
    "NOFORN",
    "SIPDIS",
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "STADIS",
    "SENSITIVE",
    "ORCON",
    "NOCONTRACT",
];

/// Collapses a letter-spaced line (`C O N F I D E N T I A L  SECTION 01`) to `CONFIDENTIAL  SECTION 01`.
fn despace(line: &str) -> std::borrow::Cow<'_, str> {
    let t = line.trim_start();
    let b = t.as_bytes();
    // Not letter-spaced (most lines): no copy.
    if !(b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b' ') {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut out = String::new();
    let mut i = 0;
    // Consume `X ` pairs while the pattern holds.
    while i < b.len() && b[i].is_ascii_alphabetic() && (i + 1 == b.len() || b[i + 1] == b' ') {
        out.push(b[i].to_ascii_uppercase() as char);
        i += 2;
        if i < b.len() && b[i] == b' ' {
            break;
        }
    }
    if out.len() >= 5 {
        out.push(' ');
        out.push_str(t.get(i.min(t.len())..).unwrap_or("").trim_start());
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

pub fn classification_of_line(line: &str) -> Option<&'static str> {
    // The line (letter-spaced or not) must begin with the first letter of a marking.
    let first = line.trim_start().bytes().next()?.to_ascii_uppercase();
    if !CLASSIFICATIONS
        .iter()
        .any(|(p, _)| p.as_bytes()[0] == first)
    {
        return None;
    }
    let d = despace(line);
    let d = d.trim_start();
    // Classification lines are upper case, or letter-spaced in any case.
    if !d.starts_with(|c: char| c.is_ascii_uppercase())
        || d.get(..4)
            .is_some_and(|w| w.chars().any(|c| c.is_ascii_lowercase()))
    {
        return None;
    }
    for (prefix, name) in CLASSIFICATIONS {
        if let Some(rest) = d.strip_prefix(prefix) {
            if rest.is_empty() || rest.starts_with([' ', '/', '\t']) {
                return Some(name);
            }
        }
    }
    None
}

/// The start of a numbered paragraph: `1.  (C) Text`, `¶2. Text`, `3.(SBU) Text`.
struct ParaStart<'a> {
    /// Written with a `¶` before the number (the 2010 release's HTML).
    pilcrow: bool,
    number: u32,
    /// The marking in brackets right after the number (or right before it), without them.
    marking: Option<&'a str>,
}

/// Whether `line` starts a numbered paragraph, and how. A cheap test first rules out most
/// lines: a paragraph number comes after at most some spaces and a `¶`, so the line must
/// have a digit there (the regex's `\d` and `\s` are Unicode, and so is this test). The
/// number's full stop is followed by white space, a marking (`4.(C)`), or the end of the
/// line, never by more of a word (`1.5 (B)`, `2.4 MILLION`). The marking may also stand
/// before the number (`(SBU) 1. Text`).
fn para_start(line: &str) -> Option<ParaStart<'_>> {
    if line.trim_start().starts_with('(') {
        let c = LEADING_MARKING.captures(line)?;
        let (whole, marking) = (c.get(0)?, c.get(1)?);
        let rest = &line[whole.end()..];
        // A number and its full stop, then text: no second marking, no `¶`.
        let ps = para_start(rest).filter(|ps| !ps.pilcrow && ps.marking.is_none())?;
        return Some(ParaStart {
            marking: Some(marking.as_str()),
            ..ps
        });
    }
    let t = line.trim_start();
    let t = t.strip_prefix('¶').map(str::trim_start).unwrap_or(t);
    if !t.starts_with(char::is_numeric) {
        return None;
    }
    // The number is followed by a full stop, at most one space apart ("12." or "3 .").
    let after = t.trim_start_matches(char::is_numeric);
    let after = after.strip_prefix(char::is_whitespace).unwrap_or(after);
    if !after.starts_with('.') {
        return None;
    }
    let c = PARA_START.captures(line)?;
    let spaced = c.get(3).is_some_and(|m| !m.as_str().is_empty());
    let marking = c.get(5).map(|m| m.as_str().trim());
    let at_end = line[c.get(0).map_or(0, |m| m.end())..].trim().is_empty();
    if !(spaced || marking.is_some() || at_end) {
        return None;
    }
    Some(ParaStart {
        pilcrow: c.get(1).is_some(),
        number: c[2].parse().unwrap_or(0),
        marking,
    })
}

/// Whether the next numbered line in `rest` (if any) goes on from `num`: the check that a
/// jump in the numbering is the source's and not a number out of place (`7.`, `10.`, `9.`,
/// `10.`, `11.` is a misnumbered 8, not a jump to 10).
fn continues_from(rest: &[Line<'_>], num: u32) -> bool {
    rest.iter()
        .find_map(|l| para_start(paragraph_text(l.text).1))
        .is_none_or(|next| next.number == num + 1)
}

/// Words a subject line does not end with; all but the articles may start a line that
/// goes on from one.
const JOINING: [&str; 17] = [
    "A", "AN", "THE", "OF", "IN", "ON", "FOR", "TO", "AND", "OR", "WITH", "AT", "BY", "FROM", "AS",
    "INTO", "ABOUT",
];

/// The line at `k`, when the subject (`parts` so far) goes on there after a blank line
/// (`SUBJECT: PRESIDENTIAL DECREE PUTS GOAM ON THE HUNT FOR` / blank / `REFUGEE MONEY`):
/// the subject is left hanging (on a word such as `FOR` or `THE`, a possessive, a comma,
/// colon or dash) or the line starts with such a word (`TO LONDON`), and the line is not
/// a field, a marker or a paragraph, is written in capitals if the subject is, and stands
/// alone (a blank line, a field or the head's end after it).
fn subject_goes_on<'a>(lines: &[Line<'a>], parts: &[String], k: usize) -> Option<&'a str> {
    let t = lines.get(k)?.text;
    let last = parts.iter().rev().find(|x| !x.is_empty())?;
    let last_word = last.rsplit(char::is_whitespace).next().unwrap_or("");
    let hanging = JOINING.iter().any(|w| last_word.eq_ignore_ascii_case(w))
        || last.ends_with([',', ':', '-', '&', '/'])
        || last.ends_with("'S")
        || last.ends_with("\u{2019}S");
    let first_word = t.split_whitespace().next().unwrap_or("");
    let joins = JOINING[3..].contains(&first_word);
    if !(hanging || joins) || is_blank(t) {
        return None;
    }
    let is_field = |x: &str| {
        FIELD_REF.is_match(x)
            || FIELD_CLASSIFIED_BY.is_match(x)
            || FIELD_TAGS.is_match(x)
            || FIELD_EO.is_match(x)
            || FIELD_SUBJECT.is_match(x)
    };
    if is_field(t)
        || is_marker_line(t)
        || is_rule(t)
        || para_start(t).is_some()
        || classification_of_line(t).is_some()
    {
        return None;
    }
    let upper = |x: &str| !x.chars().any(char::is_lowercase);
    if upper(last) && !upper(t) {
        return None;
    }
    match lines.get(k + 1) {
        None => Some(t),
        Some(n) if is_blank(n.text) || is_field(n.text) => Some(t),
        _ => None,
    }
}

/// A line that underlines a heading or divides the text: `-----`, `=====`, `* * *`.
fn is_rule(s: &str) -> bool {
    let t = s.trim();
    t.bytes()
        .all(|b| matches!(b, b'-' | b'=' | b'_' | b'*' | b'~' | b' ' | b'\t'))
        && t.bytes().filter(|b| !b.is_ascii_whitespace()).count() >= 3
}

/// Whether line `j` is a heading of its own: a short line with a blank line or a rule
/// (or nothing) before it, as in `\nSTRONG ECONOMIC GROWTH\n2.  CAN THO PROVINCE...`.
fn is_heading(lines: &[Line<'_>], j: usize, from: usize) -> bool {
    reads_as_heading(lines[j].text)
        && (j == from || is_blank(lines[j - 1].text) || is_rule(lines[j - 1].text))
}

/// A line short enough to be a heading, and not one that a sentence goes on from or a
/// numbered paragraph's first line.
fn reads_as_heading(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !is_rule(t)
        && t.chars().count() <= 60
        && !t.ends_with([',', ';', '-'])
        && para_start(line).is_none()
}

/// A mid-text marker: page or section headers that the telegram system inserted
/// (`PAGE 02 HARARE 06677 01 OF 03 291400Z`, `C O N F I D E N T I A L SECTION 02 OF 05 PHNOM PENH 0664`).
pub fn is_marker_line(line: &str) -> bool {
    static PAGE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*PAGE \d{2,3}\s+[A-Z]").unwrap());
    static SECTION: Lazy<Regex> = Lazy::new(|| Regex::new(r"SECTION \d{1,2} OF \d{1,2}").unwrap());
    // The 2010 release's page headers: `BAKU 00000478  001.2 OF 003`.
    static PAGE_2010: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[A-Z][A-Z .'-]* \d{8} +\d{3}(?:\.\d)? OF \d{3}$").unwrap());
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if t.starts_with("PAGE ") && PAGE.is_match(t) {
        return true;
    }
    if t.ends_with(|c: char| c.is_ascii_digit()) && t.contains(" OF ") && PAGE_2010.is_match(t) {
        return true;
    }
    let spaced =
        t.starts_with(|c: char| c.is_ascii_uppercase()) && t.as_bytes().get(1) == Some(&b' ');
    if let Some(c) = classification_of_line(t) {
        let d = despace(t);
        // A bare classification line mid-text, or one with a section marker.
        return d.trim() == c || SECTION.is_match(&d) || spaced;
    }
    false
}

/// Where the page header ends on a line that goes on with cable text after it
/// (`PAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT: ...`): only the header is a
/// marker, the rest is text. `None` when the line has no page header or nothing after it.
pub fn page_marker_end(line: &str) -> Option<usize> {
    static PAGE_HEADER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"^\s*PAGE \d{2,3}\s+[A-Z][A-Z .'-]*?\s+\d{3,6}(?:\s+\d{2} OF \d{2})?\s+\d{6}Z\s+\S",
        )
        .unwrap()
    });
    if !line.trim_start().starts_with("PAGE ") {
        return None;
    }
    let m = PAGE_HEADER.find(line)?;
    // The match ends on the first character of the text after the header.
    let text_start = m.end()
        - line[..m.end()]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
    Some(line[..text_start].trim_end().len())
}

/// The text of a line that can start a paragraph, and its column: after a page header
/// when one stands first on the line ([`page_marker_end`]).
fn paragraph_text(line: &str) -> (usize, &str) {
    match page_marker_end(line) {
        Some(end) => {
            let rest = &line[end..];
            let col = end + (rest.len() - rest.trim_start().len());
            (col, &line[col..])
        }
        None => (0, line),
    }
}

fn month_number(m: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let up = m.to_ascii_uppercase();
    MONTHS.iter().position(|x| *x == up).map(|i| i as u8 + 1)
}

/// Two-digit years in cables run from 1966 to 2010.
pub fn expand_year(yy: u16) -> u16 {
    if yy >= 100 {
        yy
    } else if yy >= 50 {
        1900 + yy
    } else {
        2000 + yy
    }
}

/// The date-time group of a routing line, as a date.
pub fn parse_dtg(line: &str) -> Option<CableDate> {
    let c = DTG.captures(line.trim())?;
    let day: u8 = c[1].parse().ok()?;
    let hour: u8 = c[2].parse().ok()?;
    let minute: u8 = c[3].parse().ok()?;
    let month = month_number(&c[4])?;
    let year = expand_year(c[5].parse().ok()?);
    CableDate::new(year, month, day, hour, minute)
}

/// Parses a telegram's text. Never fails: at worst everything is an unnumbered block.
pub fn parse(text: &str) -> (ParsedTelegram, Vec<ParseNote>) {
    let lines = lines_of(text);
    let mut p = ParsedTelegram::default();
    let mut notes = Vec::new();
    let n = lines.len();

    // 1. Routing block.
    let mut i = 0;
    while i < n && is_blank(lines[i].text) {
        i += 1;
    }
    let routing_start = lines.get(i).map(|l| l.start).unwrap_or(text.len());
    let mut routing_end_line = i;
    if i < n
        && (ROUTING_START.is_match(lines[i].text.trim_start())
            || DTG.is_match(lines[i].text.trim()))
    {
        let mut j = i;
        while j < n {
            let t = lines[j].text;
            if is_blank(t) {
                // Blank lines inside the routing block are allowed when routing continues.
                let mut k = j;
                while k < n && is_blank(lines[k].text) {
                    k += 1;
                }
                let next = lines.get(k).map(|l| l.text.trim()).unwrap_or("");
                let continues = !next.is_empty()
                    && (ROUTING_START.is_match(next) || DTG.is_match(next))
                    && classification_of_line(next).is_none();
                if continues {
                    j = k;
                    continue;
                }
                break;
            }
            // A classification line ends the routing block even without a blank line before it.
            if j > i && classification_of_line(t).is_some() && !t.trim_start().starts_with("FM") {
                break;
            }
            let tt = t.trim();
            if p.date.is_none() {
                if let Some(d) = parse_dtg(tt) {
                    p.date = Some(d);
                }
            }
            if p.from.is_none() {
                if let Some(rest) = tt.strip_prefix("FM ") {
                    p.from = Some(strip_routing_indicator(rest).to_string());
                }
            }
            j += 1;
        }
        routing_end_line = j;
    }
    let routing_end = if routing_end_line > i {
        lines[routing_end_line - 1].end
    } else {
        routing_start
    };
    p.routing = routing_start..routing_end;

    // 2. Head: find the first numbered paragraph; head fields are looked for before it.
    let body_first = routing_end_line;
    let mut first_para = None;
    for (k, l) in lines.iter().enumerate().skip(body_first) {
        if let Some(ps) = para_start(l.text) {
            let num = ps.number;
            let prev_blank = k == 0
                || is_blank(lines[k - 1].text)
                || is_rule(lines[k - 1].text)
                || ps.pilcrow
                || ps.marking.is_some()
                || (num == 1 && k > body_first && is_heading(&lines, k - 1, body_first));
            if (1..=3).contains(&num) && prev_blank && !FIELD_CLASSIFIED_BY.is_match(l.text) {
                first_para = Some(k);
                break;
            }
        }
    }
    // A partial extract (or a later section) may begin past paragraph 3: then the first
    // number with its marking after a blank line, when the numbering goes on from it.
    if first_para.is_none() {
        first_para = (body_first..n).find(|&k| {
            para_start(lines[k].text).is_some_and(|ps| {
                ps.marking.is_some()
                    && (k == 0 || is_blank(lines[k - 1].text))
                    && continues_from(&lines[k + 1..], ps.number)
            })
        });
    }
    let head_limit = first_para.unwrap_or(n);
    if p.date.is_none() || p.from.is_none() {
        let (date, from) = routing_lines_below_the_top(&lines[..head_limit], false);
        p.date = p.date.or(date);
        p.from = p.from.or(from);
    }
    // A printed copy repeats the routing lines at the head of each section, in the text.
    if (p.date.is_none() || p.from.is_none()) && head_limit < n {
        let (date, from) = routing_lines_below_the_top(&lines[head_limit..], true);
        p.date = p.date.or(date);
        p.from = p.from.or(from);
    }
    let mut last_field_line: Option<usize> = None;
    let mut k = body_first;
    let mut seen_tags = false;
    let mut seen_subject = false;
    let mut seen_ref = false;
    while k < head_limit {
        let t = lines[k].text;
        if p.classification.is_none() {
            if let Some(c) = classification_of_line(t) {
                p.classification = Some(c.to_string());
                last_field_line = Some(k);
            }
        }
        for word in t.split(|c: char| !c.is_ascii_alphanumeric()) {
            if CAVEATS.contains(&word) && !p.caveats.iter().any(|c| c == word) {
                p.caveats.push(word.to_string());
            }
        }
        if !seen_tags && FIELD_TAGS.is_match(t) {
            seen_tags = true;
            let m = FIELD_TAGS.find(t).map(|m| m.end()).unwrap_or(0);
            let mut end = k;
            // TAGS continue on following lines until SUBJECT, a blank line or another field.
            while end + 1 < head_limit {
                let nt = lines[end + 1].text;
                if is_blank(nt)
                    || FIELD_SUBJECT.is_match(nt)
                    || FIELD_REF.is_match(nt)
                    || FIELD_CLASSIFIED_BY.is_match(nt)
                    || nt
                        .trim_start()
                        .get(..4)
                        .is_some_and(|w| w.eq_ignore_ascii_case("SUBJ"))
                    || is_marker_line(nt)
                {
                    break;
                }
                end += 1;
            }
            let start = lines[k].start + m;
            let stop = lines[end].end;
            // Codes are capitals; a field written all in lower case (`Tags: parm, prel`)
            // names the same ones.
            let field = &text[start..stop];
            p.tags = if field.chars().any(char::is_uppercase) {
                split_tags(field)
            } else {
                split_tags(&field.to_uppercase())
            };
            p.tags_range = Some(start..stop);
            last_field_line = Some(end);
            k = end + 1;
            continue;
        }
        if !seen_subject && FIELD_SUBJECT.is_match(t) {
            seen_subject = true;
            let m = FIELD_SUBJECT.find(t).map(|m| m.end()).unwrap_or(0);
            let mut parts = vec![t[m..].trim().to_string()];
            let mut end = k;
            // It ends at a blank line, a field, a marker, a rule, or a heading (a line
            // with a rule under it).
            let stops = |j: usize| {
                let nt = lines[j].text;
                is_blank(nt)
                    || FIELD_REF.is_match(nt)
                    || FIELD_CLASSIFIED_BY.is_match(nt)
                    || is_marker_line(nt)
                    || is_rule(nt)
                    || lines.get(j + 1).is_some_and(|l| is_rule(l.text))
            };
            while end + 1 < head_limit && !stops(end + 1) {
                parts.push(lines[end + 1].text.trim().to_string());
                end += 1;
            }
            // A subject that goes on after a blank line, and the lines that one wraps onto.
            if end + 1 < head_limit && is_blank(lines[end + 1].text) {
                if let Some(more) = subject_goes_on(&lines[..head_limit], &parts, end + 2) {
                    parts.push(more.trim().to_string());
                    end += 2;
                    while end + 1 < head_limit && !stops(end + 1) {
                        parts.push(lines[end + 1].text.trim().to_string());
                        end += 1;
                    }
                }
            }
            p.subject = parts
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            last_field_line = Some(end);
            k = end + 1;
            continue;
        }
        if !seen_ref
            && FIELD_REF.is_match(t)
            && !t.trim_start().to_ascii_uppercase().starts_with("REFER TO")
        {
            seen_ref = true;
            let m = FIELD_REF.find(t).map(|m| m.end()).unwrap_or(0);
            let mut end = k;
            while end + 1 < head_limit {
                let nt = lines[end + 1].text;
                if is_blank(nt) || FIELD_CLASSIFIED_BY.is_match(nt) || FIELD_SUBJECT.is_match(nt) {
                    break;
                }
                end += 1;
            }
            let start = lines[k].start + m;
            let stop = lines[end].end;
            p.ref_block = Some(start..stop);
            p.ref_items = find_ref_candidates(text, start..stop, false);
            if p.ref_items.is_empty() {
                p.ref_items = find_ref_candidates(text, start..stop, true);
            }
            last_field_line = Some(end);
            k = end + 1;
            continue;
        }
        if FIELD_CLASSIFIED_BY.is_match(t) || FIELD_EO.is_match(t) {
            let mut end = k;
            while end + 1 < head_limit
                && !is_blank(lines[end + 1].text)
                && FIELD_CLASSIFIED_BY.is_match(t)
            {
                if FIELD_SUBJECT.is_match(lines[end + 1].text)
                    || FIELD_TAGS.is_match(lines[end + 1].text)
                {
                    break;
                }
                end += 1;
            }
            last_field_line = Some(end);
            k = end + 1;
            continue;
        }
        k += 1;
    }
    // The head runs to the first paragraph, or (with no numbered paragraphs) to the end of
    // the block that holds the last head field.
    let head_end_line = match first_para {
        Some(fp) => fp,
        None => match last_field_line {
            Some(l) => {
                let mut e = l + 1;
                while e < n && !is_blank(lines[e].text) {
                    e += 1;
                }
                e
            }
            None => body_first,
        },
    };
    let head_start = if body_first < n {
        lines[body_first].start.max(routing_end)
    } else {
        text.len()
    };
    let head_stop = if head_end_line > body_first && head_end_line <= n {
        lines[head_end_line - 1].end
    } else {
        head_start
    };
    p.head = head_start..head_stop.max(head_start);

    // 3. Paragraphs.
    // (line, column where the paragraph starts on it, number, marking)
    let mut starts: Vec<(usize, usize, u32, Option<String>)> = Vec::new();
    if let Some(fp) = first_para {
        let mut expected = 0u32;
        for (k, l) in lines.iter().enumerate().skip(fp) {
            let (col, body) = paragraph_text(l.text);
            if let Some(ps) = para_start(body) {
                let num = ps.number;
                // Set apart from the line before: by a blank line, a page or section
                // marker (also one before it on its line), a heading's underline, a `¶`,
                // or the number's marking.
                let prev_blank = k == fp
                    || col > 0
                    || is_blank(lines[k - 1].text)
                    || is_marker_line(lines[k - 1].text)
                    || is_rule(lines[k - 1].text)
                    || ps.pilcrow
                    || ps.marking.is_some();
                // The next number; one more after a blank line (a paragraph lost in the
                // release); a few more when the number also has its marking, which only
                // a paragraph's does.
                let ok = if starts.is_empty() {
                    k == fp
                } else {
                    num == expected + 1
                        || (num == expected + 2 && prev_blank)
                        || (num > expected
                            && num <= expected + 5
                            && ps.marking.is_some()
                            && is_blank(lines[k - 1].text)
                            && continues_from(&lines[k + 1..], num))
                };
                // The next number in sequence may also follow a heading of its own, or a
                // line that ends a sentence.
                let in_sequence = !starts.is_empty()
                    && num == expected + 1
                    && (is_heading(&lines, k - 1, fp + 1)
                        || lines[k - 1].text.trim_end().ends_with(['.', ':', '"', ')']));
                if ok && (prev_blank || in_sequence) {
                    starts.push((k, col, num, ps.marking.map(str::to_string)));
                    expected = num;
                }
            }
        }
    }
    // Unnumbered blocks between the head and the first paragraph (and the whole body when
    // there are no numbered paragraphs).
    let first_numbered = starts.first().map(|s| s.0).unwrap_or(n);
    push_unnumbered_blocks(&lines, head_end_line, first_numbered, &mut p.paragraphs);
    for (idx, (line_no, col, num, marking)) in starts.iter().enumerate() {
        let (next_line, next_col) = starts.get(idx + 1).map_or((n, 0), |s| (s.0, s.1));
        // A paragraph that starts after a page header on its line leaves the header to
        // this one.
        let mut end_line = next_line + usize::from(next_col > 0);
        let is_last = idx + 1 == starts.len();
        let mut trailer_from = None;
        if is_last {
            trailer_from = find_trailer(&lines, *line_no, end_line);
            if let Some(t) = trailer_from {
                end_line = t;
            }
        }
        // Trim trailing blank lines from the paragraph.
        let trim = |mut last: usize| {
            while last > *line_no + 1 && is_blank(lines[last - 1].text) {
                last -= 1;
            }
            last
        };
        let mut last = trim(end_line);
        // The heading of the next paragraph, when it ends this one after a blank line:
        // underlined (`STRONG ECONOMIC GROWTH` over `-----`), or right above the next
        // number. It stands as a block of its own between the two.
        let mut heading = None;
        if !is_last && next_col == 0 {
            let mut b = last;
            while b > *line_no + 1 && !is_blank(lines[b - 1].text) {
                b -= 1;
            }
            let underlined =
                last - b == 2 && reads_as_heading(lines[b].text) && is_rule(lines[b + 1].text);
            let bare = last - b == 1 && last == end_line && reads_as_heading(lines[b].text);
            if b > *line_no + 1 && (underlined || bare) {
                heading = Some((b, last));
                last = trim(b);
            }
        }
        let end = if next_col > 0 && last == end_line {
            lines[next_line].start + page_marker_end(lines[next_line].text).unwrap_or(0)
        } else {
            lines[last - 1].end
        };
        p.paragraphs.push(Paragraph {
            number: Some(*num),
            marking: marking.clone(),
            range: lines[*line_no].start + col..end,
            line: *line_no,
        });
        if let Some((from, to)) = heading {
            push_unnumbered_blocks(&lines, from, to, &mut p.paragraphs);
        }
        if let Some(t) = trailer_from {
            push_unnumbered_blocks(&lines, t, n, &mut p.paragraphs);
        }
    }

    if p.classification.is_none() && !text.trim().is_empty() {
        notes.push(ParseNote {
            line: body_first,
            kind: "no-classification",
            message: "no classification line found in the text".into(),
        });
    }
    if let Some(r) = &p.ref_block {
        static FREE_TEXT_REF: Lazy<Regex> = Lazy::new(|| {
            Regex::new(r"(?i)E-?MAILS?|TELCONS?|MEMCONS?|FAX|LETTER|MEETING|CONVERSATION|FBIS|PHONE|DISCUSSIONS?|WEBSITE|HTTP|REPORT|SEPTEL|IIR|TODAY").unwrap()
        });
        let block = &text[r.clone()];
        // Digits on a page header or classification line in the block name no reference.
        let digits = block
            .split('\n')
            .any(|l| l.bytes().any(|b| b.is_ascii_digit()) && !is_marker_line(l));
        let free_text = FREE_TEXT_REF.is_match(block) || !digits;
        if p.ref_items.is_empty() && !free_text {
            let line = lines
                .iter()
                .position(|l| l.start <= r.start && r.start <= l.end)
                .unwrap_or(0);
            notes.push(ParseNote {
                line,
                kind: "ref-not-understood",
                message: format!(
                    "REF line names no telegram this parser understands: `{}`; kept as text",
                    one_line(&text[r.clone()], 80)
                ),
            });
        }
    }
    (p, notes)
}

fn one_line(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > max {
        let t: String = s.chars().take(max).collect();
        format!("{t}…")
    } else {
        s
    }
}

/// The date-time group and `FM` line where they do not open the text (under a
/// classification line, a printed copy's distribution block, an e-mail's header). Only
/// lines that read as routing count: a date-time line right above an `FM` line, and an
/// `FM` line right above a `TO` line or under a date-time line (`FM` in prose is the
/// foreign minister). `strict` (for the body, where prose is): an `FM` line with both.
fn routing_lines_below_the_top(
    lines: &[Line<'_>],
    strict: bool,
) -> (Option<CableDate>, Option<String>) {
    let next_text = |k: usize| {
        lines[k + 1..]
            .iter()
            .map(|l| l.text.trim())
            .find(|t| !t.is_empty())
    };
    let (mut date, mut from) = (None, None);
    // The last line that was not blank: the date-time line, when an `FM` line follows.
    let mut prev = "";
    for (k, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(rest) = t.strip_prefix("FM ") {
            let to_follows = next_text(k).is_some_and(|x| x.starts_with("TO "));
            let prev_date = parse_dtg(prev);
            // An address: capitals, no sentence.
            let address = !rest.chars().any(char::is_lowercase) && !rest.trim_end().ends_with('.');
            let routing = if strict {
                to_follows && prev_date.is_some()
            } else {
                to_follows || prev_date.is_some()
            };
            if address && routing {
                date = date.or(prev_date);
                from = from.or_else(|| Some(strip_routing_indicator(rest).to_string()));
                if date.is_some() {
                    break;
                }
            }
        }
        prev = t;
    }
    (date, from)
}

/// `RUEHC/SECSTATE WASHDC` → `SECSTATE WASHDC`
fn strip_routing_indicator(s: &str) -> &str {
    let s = s.trim();
    match s.split_once('/') {
        Some((ri, rest)) if ri.len() <= 8 && ri.chars().all(|c| c.is_ascii_uppercase()) => {
            rest.trim()
        }
        _ => s,
    }
}

/// After the last numbered paragraph: signature and trailer lines (`RAY`, `NNNN`, `BT`)
/// separated by a blank line become their own block.
fn find_trailer(lines: &[Line<'_>], para_line: usize, end: usize) -> Option<usize> {
    let mut k = end;
    let mut candidate = None;
    while k > para_line + 1 {
        // Walk back over trailing short blocks.
        let mut b = k;
        while b > para_line + 1 && is_blank(lines[b - 1].text) {
            b -= 1;
        }
        let block_end = b;
        while b > para_line + 1 && !is_blank(lines[b - 1].text) {
            b -= 1;
        }
        if b <= para_line + 1 || block_end == b {
            break;
        }
        let short = lines[b..block_end].iter().all(|l| {
            let t = l.text.trim();
            t.len() <= 30 && !t.ends_with('.')
        });
        if short && block_end - b <= 3 {
            candidate = Some(b);
            k = b;
        } else {
            break;
        }
    }
    candidate
}

fn push_unnumbered_blocks(lines: &[Line<'_>], from: usize, to: usize, out: &mut Vec<Paragraph>) {
    let mut k = from;
    while k < to {
        while k < to && is_blank(lines[k].text) {
            k += 1;
        }
        if k >= to {
            break;
        }
        let s = k;
        while k < to && !is_blank(lines[k].text) {
            k += 1;
        }
        out.push(Paragraph {
            number: None,
            marking: None,
            range: lines[s].start..lines[k - 1].end,
            line: s,
        });
    }
}

/// Splits a TAGS field: commas if there are any, else whitespace. Free-text tags
/// (`Human Trafficking`) are kept whole.
pub fn split_tags(s: &str) -> Vec<String> {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        if !t.is_empty() && !out.iter().any(|x| x == t) {
            out.push(t.to_string());
        }
    };
    // A code the tables know (`PREL`, `FR`, `NATO`).
    let known = |w: &str| codes::subject_tag(w).is_some() || codes::country_by_tag(w).is_some();
    let pieces: Vec<&str> = if flat.contains([',', ';']) {
        flat.split([',', ';']).collect()
    } else {
        flat.split(' ').collect()
    };
    // Inside brackets (`OVIP (CLINTON, HILLARY)`, `SP (EL FATMI, NOURIDDINE ET AL)`) words
    // are a name, whatever codes they look like (`ET`, `AL`).
    let mut depth = 0i32;
    for piece in pieces {
        let t = piece.trim_matches(|c: char| c == '.' || c == ';' || c == ':' || c.is_whitespace());
        if t.is_empty() {
            continue;
        }
        let opened = depth > 0;
        depth = (depth + t.matches('(').count() as i32 - t.matches(')').count() as i32).max(0);
        if opened || t.contains('(') {
            // The codes before a bracket stand alone; the bracket and what follows stay one.
            let (head, rest) = match t.find('(') {
                Some(i) if !opened => t.split_at(i),
                _ => ("", t),
            };
            let head_words: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
            if head_words.iter().all(|w| known(w)) {
                head_words.iter().for_each(|w| add(w));
                add(rest.trim());
            } else {
                add(t);
            }
            continue;
        }
        let words: Vec<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
        let capitals = !t.chars().any(char::is_lowercase);
        // `ECON PGOV` inside a comma list (a missing comma) is two codes, but a free-text
        // tag with lower-case letters stays whole.
        if words.len() > 1
            && words
                .iter()
                .all(|w| w.len() <= 6 && w.chars().all(|c| c.is_ascii_uppercase()))
        {
            words.iter().for_each(|w| add(w));
        } else if words.len() > 1 && capitals && words.iter().any(|w| known(w)) {
            // A list that lost its commas around a name: the codes stand alone and the
            // words between them stay together (`OVIP CLINTON HILLARY PREL` is `OVIP`,
            // `CLINTON HILLARY`, `PREL`).
            let mut run: Vec<&str> = Vec::new();
            for w in words {
                let w = w.trim_matches('.');
                if known(w) {
                    add(&run.join(" "));
                    run.clear();
                    add(w);
                } else {
                    run.push(w);
                }
            }
            add(&run.join(" "));
        } else if !t.contains(' ') && t.contains('.') && t.split('.').all(known) {
            // Codes run together with full stops: `TW.PREL`.
            t.split('.').for_each(&mut add);
        } else {
            add(t);
        }
    }
    out
}

/// Telegram references on a REF block: `[YY] POST NUMBER`, each with its letter if lettered.
/// `lenient`: with [`REF_CANDIDATE_LENIENT`], for a block where the strict pattern finds
/// nothing; a post must then be one the code tables know.
fn find_ref_candidates(text: &str, block: Range<usize>, lenient: bool) -> Vec<RefCandidate> {
    let s = &text[block.clone()];
    let mut out = Vec::new();
    let (candidate, letter_re) = if lenient {
        (&*REF_CANDIDATE_LENIENT, &*REF_LETTER_LENIENT)
    } else {
        (&*REF_CANDIDATE, &*REF_LETTER)
    };
    // A word as written against one in capitals: in any case when lenient.
    let same = |w: &str, capitals: &str| {
        if lenient {
            w.eq_ignore_ascii_case(capitals)
        } else {
            w == capitals
        }
    };
    let is_letter = |ch: char| {
        if lenient {
            ch.is_ascii_alphabetic()
        } else {
            ch.is_ascii_uppercase()
        }
    };
    // Page headers and classification lines that run into the block (`LONDON 00002598
    // 001.2 OF 002`, `C O N F I D E N T I A L ABU DHABI 02641`) name the cable itself.
    let mut markers = Vec::new();
    let mut at = 0;
    for line in s.split('\n') {
        if is_marker_line(line) {
            markers.push(at..at + line.len());
        }
        at += line.len() + 1;
    }
    let mut markers = markers.into_iter().peekable();
    for c in candidate.captures_iter(s) {
        let (Some(whole), Some(post), Some(num)) = (c.get(0), c.get(2), c.get(3)) else {
            continue;
        };
        // Candidates come in order, so the markers before this one are done with.
        while markers.next_if(|m| m.end <= whole.start()).is_some() {}
        if markers
            .peek()
            .is_some_and(|m| m.start < whole.end() && whole.start() < m.end)
        {
            continue;
        }
        // A number followed by `/` or `-` and a digit is a date (`3/4`, `12-3`), not a
        // telegram number; one followed by `--` and its date is (`KIGALI 00830--05/DEC/2008`).
        let after = &s[whole.end()..];
        if after.starts_with('/')
            || (after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        let mut post_s = post.as_str().to_string();
        let mut post_start = post.start();
        // Drop a leading letter marker swallowed into the post (`A. STATE` → handled by
        // the regex; `A)STATE` → `STATE`).
        if let Some(rest) = post_s
            .strip_prefix(is_letter)
            .and_then(|r| r.strip_prefix(')'))
        {
            post_start += post_s.len() - rest.len();
            post_s = rest.to_string();
        }
        // Leading letter markers (`A.`, `B)`) and words such as `AND`, `SEPTEL` are not
        // part of the post.
        let words: Vec<&str> = post_s.split(' ').collect();
        let mut skip = 0;
        let mut marker_letter = None;
        for w in &words {
            let b = w.as_bytes();
            if b.len() == 2
                && is_letter(b[0] as char)
                && (b[1] == b'.' || b[1] == b')')
                && words.len() > skip + 1
            {
                marker_letter = Some(b[0].to_ascii_uppercase() as char);
                skip += 1;
                post_start += w.len() + 1;
                continue;
            }
            if [
                "AND", "ALSO", "SEE", "AS", "IN", "OF", "THE", "REF", "REFTEL", "SEPTEL", "TEL",
                "PARA", "PARAS",
            ]
            .iter()
            .any(|k| same(w, k))
                && words.len() > skip + 1
                && !(same(w, "THE") && words.get(skip + 1).is_some_and(|n| same(n, "HAGUE")))
            {
                skip += 1;
                post_start += w.len() + 1;
            } else {
                break;
            }
        }
        let post_s = words[skip..].join(" ").to_ascii_uppercase();
        if post_s.len() < 2 || post_s.chars().all(|c| !c.is_ascii_alphabetic()) {
            continue;
        }
        if lenient && codes::reference_post(&post_s).is_none() {
            continue;
        }
        let number: u64 = match num.as_str().parse() {
            Ok(v) => v,
            Err(_) => continue,
        };
        // A four-digit year is kept in two, as ids write it (`2005` → 05).
        let year = c
            .get(1)
            .and_then(|y| y.as_str().parse::<u16>().ok())
            .map(|y| y % 100);
        let range_start = if year.is_some() {
            c.get(1).map(|m| m.start()).unwrap_or(post_start)
        } else {
            post_start
        };
        // The letter marker sits just before the item (`B. `, `(C) `): look at a few bytes
        // only, so a huge REF block stays linear.
        let mut from = range_start.saturating_sub(64);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        // A window that starts mid-text must not let `^` match there.
        let before = if from == 0 {
            s[..range_start].to_string()
        } else {
            format!("\u{1}{}", &s[from..range_start])
        };
        let letter = marker_letter.or_else(|| {
            letter_re
                .captures(&before)
                .and_then(|m| m[1].chars().next())
                .map(|l| l.to_ascii_uppercase())
        });
        out.push(RefCandidate {
            letter,
            range: block.start + range_start..block.start + num.end(),
            year,
            post: post_s,
            number,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each REF item as read: letter, year, post, number.
    type RefRead<'a> = (Option<char>, Option<u16>, &'a str, u64);

    fn refs_read(p: &ParsedTelegram) -> Vec<RefRead<'_>> {
        p.ref_items
            .iter()
            .map(|r| (r.letter, r.year, r.post.as_str(), r.number))
            .collect()
    }

    const PHNOM_PENH: &str = "O 020222Z DEC 03\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC IMMEDIATE 1172\nINFO ASEAN COLLECTIVE\n\nC O N F I D E N T I A L  PHNOM PENH 001990 \n \nSIPDIS\n \nDEPARTMENT FOR EAP/BCLTV \n \nE.O. 12958: DECL: 12/01/2013 \nTAGS: PREL, PTER, CB \nSUBJECT: AMBASSADOR'S MEETING WITH CAMBODIAN FOREIGN \nMINISTER HOR NAMHONG \n \nREF: A. STATE 329077 \n     B. PHNOM PENH 1969 \n \nClassified By: Ambassador Charles A. Ray.  Reason: 1.4 (b) (d). \n \n1.  (C) Summary.  The Ambassador briefed the Minister. \nEnd summary. \n \n2.  (C) On December 1, the Ambassador met. \n \n3.  (SBU) Third. \n1. not a paragraph \n \nRAY \n";

    #[test]
    fn reads_routing_head_and_paragraphs() {
        let (p, notes) = parse(PHNOM_PENH);
        assert_eq!(p.date.unwrap().display(), "2003-12-02 02:22");
        assert_eq!(p.from.as_deref(), Some("AMEMBASSY PHNOM PENH"));
        assert_eq!(p.classification.as_deref(), Some("CONFIDENTIAL"));
        assert_eq!(p.caveats, vec!["SIPDIS"]);
        assert_eq!(p.tags, vec!["PREL", "PTER", "CB"]);
        assert_eq!(
            p.subject,
            "AMBASSADOR'S MEETING WITH CAMBODIAN FOREIGN MINISTER HOR NAMHONG"
        );
        assert_eq!(p.ref_items.len(), 2);
        assert_eq!(p.ref_items[0].letter, Some('A'));
        assert_eq!(p.ref_items[0].post, "STATE");
        assert_eq!(p.ref_items[0].number, 329077);
        assert_eq!(p.ref_items[1].letter, Some('B'));
        assert_eq!(p.ref_items[1].post, "PHNOM PENH");
        let numbered: Vec<_> = p.paragraphs.iter().filter_map(|x| x.number).collect();
        assert_eq!(numbered, vec![1, 2, 3]);
        assert_eq!(p.paragraphs[0].marking.as_deref(), Some("C"));
        assert_eq!(p.paragraphs[2].marking.as_deref(), Some("SBU"));
        // `1. not a paragraph` stays inside paragraph 3; the signature is its own block.
        assert!(PHNOM_PENH[p.paragraphs[2].range.clone()].contains("not a paragraph"));
        let last = p.paragraphs.last().unwrap();
        assert_eq!(last.number, None);
        assert_eq!(PHNOM_PENH[last.range.clone()].trim(), "RAY");
        assert!(notes.is_empty(), "{notes:?}");
        assert!(PHNOM_PENH[p.routing.clone()].starts_with("O 020222Z"));
        assert!(PHNOM_PENH[p.head.clone()].contains("Classified By"));
    }

    #[test]
    fn vzczc_header_with_blank_line_and_pilcrow_paragraphs() {
        let t = "VZCZCXYZ0000\nRR RUEHWEB\n\nDE RUEHAD #1151/01 3511307\nZNY SSSSS ZZH\nR 171307Z DEC 09\nFM AMEMBASSY ABU DHABI\nTO RUEHC/SECSTATE WASHDC 0042\n\nS E C R E T ABU DHABI 001151 \n \nNOFORN \nSIPDIS \n \nE.O. 12958: DECL: 2019/12/17 \nTAGS: PGOV PREL PARM ENRG IR YM AE\nSUBJECT: CROWN PRINCE WARNS \n \n¶1. (S/NF) Summary: one.\n\n¶2. (S/NF) two.\n";
        let (p, _) = parse(t);
        assert_eq!(p.date.unwrap().display(), "2009-12-17 13:07");
        assert_eq!(p.classification.as_deref(), Some("SECRET"));
        assert_eq!(p.caveats, vec!["NOFORN", "SIPDIS"]);
        assert_eq!(
            p.tags,
            vec!["PGOV", "PREL", "PARM", "ENRG", "IR", "YM", "AE"]
        );
        assert_eq!(
            p.paragraphs
                .iter()
                .filter_map(|x| x.number)
                .collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(p.paragraphs[0].marking.as_deref(), Some("S/NF"));
        assert!(t[p.routing.clone()].contains("DE RUEHAD"));
    }

    #[test]
    fn section_markers_and_free_text_tags_and_refs() {
        let t = "UNCLAS SECTION 01 OF 02 BANGKOK 001234 \n\nTAGS: PHUM, KTIP, TH, Human Trafficking\nSUBJECT: TRAFFICKING \n\nREF: EMBASSY EMAIL OF 3/4 \n\n1. First part of a long \nUNCLAS SECTION 02 OF 02 BANGKOK 001234 \nparagraph continues. \n\n2. Second.\n";
        let (p, notes) = parse(t);
        assert_eq!(p.classification.as_deref(), Some("UNCLASSIFIED"));
        assert_eq!(p.tags, vec!["PHUM", "KTIP", "TH", "Human Trafficking"]);
        assert!(
            p.ref_items.iter().all(|r| r.post != "OF"),
            "{:?}",
            p.ref_items
        );
        // An e-mail reference is a free-text reference: kept, not a telegram, no warning.
        assert!(p.ref_items.is_empty());
        assert!(notes.iter().all(|n| n.kind != "ref-not-understood"));
        // A document number is not a telegram: kept as text, with a warning.
        let (_, notes) = parse("UNCLAS\n\nREF: A. GMP20040305000091\n\n1. X.\n");
        assert_eq!(
            notes
                .iter()
                .filter(|n| n.kind == "ref-not-understood")
                .count(),
            1
        );
        assert_eq!(
            p.paragraphs
                .iter()
                .filter_map(|x| x.number)
                .collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(t[p.paragraphs[0].range.clone()].contains("continues"));
        assert!(is_marker_line("UNCLAS SECTION 02 OF 02 BANGKOK 001234 "));
        assert!(is_marker_line(
            "C O N F I D E N T I A L SECTION 02 OF 05 PHNOM PENH 0664"
        ));
        assert!(is_marker_line("PAGE 02 HARARE 06677 01 OF 03 291400Z"));
        assert!(!is_marker_line("CONFIDENTIAL SOURCES TOLD US THAT"));
    }

    #[test]
    fn lettered_refs_in_every_style() {
        let t = "CONFIDENTIAL\n\nREF: 09 STATE 96625; A. A)STATE 70789; B. B) SEOUL 1144 \nC. (C) THE HAGUE 4750; 98 HANOI 3498 (98 HCMC 242)\n\n1. Text.\n";
        let (p, _) = parse(t);
        let got = refs_read(&p);
        assert_eq!(
            got,
            vec![
                (None, Some(9), "STATE", 96625),
                (Some('A'), None, "STATE", 70789),
                (Some('B'), None, "SEOUL", 1144),
                (Some('C'), None, "THE HAGUE", 4750),
                (None, Some(98), "HANOI", 3498),
                (None, Some(98), "HCMC", 242),
            ]
        );
    }

    /// A year before the post, in two digits or four, after a letter marker or not (forms
    /// from the real corpus: `(B) 2005 MOSCOW 11807`, `A. 99 PRETORIA 12315`).
    #[test]
    fn the_year_before_the_post_in_two_digits_or_four() {
        let t = "CONFIDENTIAL\n\nREF: (A) 2005 MADRID 3528 (B) 2005 MOSCOW 11807\n     C. 99 PRETORIA 12315 D) 01 VATICAN 4030\n     1999 STATE 7070; E. STATE 1234 OF 12/3/2004\n\n1. Text.\n";
        let (p, _) = parse(t);
        // (letter, year, post, number, the item's text)
        type Item<'a> = (Option<char>, Option<u16>, &'a str, u64, &'a str);
        let got: Vec<Item> = p
            .ref_items
            .iter()
            .map(|r| {
                (
                    r.letter,
                    r.year,
                    r.post.as_str(),
                    r.number,
                    &t[r.range.clone()],
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some('A'), Some(5), "MADRID", 3528, "2005 MADRID 3528"),
                (Some('B'), Some(5), "MOSCOW", 11807, "2005 MOSCOW 11807"),
                (Some('C'), Some(99), "PRETORIA", 12315, "99 PRETORIA 12315"),
                (Some('D'), Some(1), "VATICAN", 4030, "01 VATICAN 4030"),
                (None, Some(99), "STATE", 7070, "1999 STATE 7070"),
                (Some('E'), None, "STATE", 1234, "STATE 1234"),
            ]
        );
        // A date after the number, `--` between them.
        let (p, _) = parse("SECRET\n\nREF: A. 08 KIGALI 00830--05/DEC/2008 \n     ¶B. 08 STATE 122706--19/NOV/2008 \n\n1. Text.\n");
        let got = refs_read(&p);
        assert_eq!(
            got,
            vec![
                (Some('A'), Some(8), "KIGALI", 830),
                (Some('B'), Some(8), "STATE", 122706)
            ]
        );
        // The lenient reading too.
        let (p, _) = parse("UNCLAS\n\nREF: a) 2005 vienna 350\n\n1. Text.\n");
        let got = refs_read(&p);
        assert_eq!(got, vec![(Some('A'), Some(5), "VIENNA", 350)]);
    }

    /// A page header or a classification line that runs into the REF block is no reference
    /// (the cable would cite itself); the block may go on after it.
    #[test]
    fn page_headers_in_a_ref_block_are_not_references() {
        let t = "UNCLAS SECTION 01 OF 02 LONDON 002598 \n\nTAGS ECON, UK \nSUBJECT:  QUEEN'S SPEECH\n\nREF: A. LONDON 02582\nLONDON 00002598 001.2 OF 002\nB. LONDON 2001\n\n1. (U) Text.\n";
        let (p, _) = parse(t);
        let got: Vec<(Option<char>, &str, u64)> = p
            .ref_items
            .iter()
            .map(|r| (r.letter, r.post.as_str(), r.number))
            .collect();
        assert_eq!(
            got,
            vec![(Some('A'), "LONDON", 2582), (Some('B'), "LONDON", 2001)]
        );
        let t = "CONFIDENTIAL\n\nSubject:  UAE TO SUPPORT JORDAN\n\nRef:      None \n____________\nC O N F I D E N T I A L        ABU DHABI 02641\n\n1. (U) Text.\n";
        let (p, notes) = parse(t);
        assert!(p.ref_items.is_empty(), "{:?}", p.ref_items);
        assert!(notes.iter().all(|n| n.kind != "ref-not-understood"));
    }

    /// Where the usual pattern finds nothing on a REF line: posts in any case, one-digit
    /// numbers and numbers run into their post, for posts the code tables know only
    /// (these forms are from the real corpus).
    #[test]
    fn refs_in_lower_case_short_or_run_together() {
        // (REF line, the references read as (letter, year, post, number), warned?)
        let cases: [(&str, &[RefRead], bool); 7] = [
            ("Ref: london 4212", &[(None, None, "LONDON", 4212)], false),
            (
                "Ref: a) vienna 350 b) vienna 309 c) 05 vienna 1760 d) 05 state\n220738",
                &[
                    (Some('A'), None, "VIENNA", 350),
                    (Some('B'), None, "VIENNA", 309),
                    (Some('C'), Some(5), "VIENNA", 1760),
                    (Some('D'), Some(5), "STATE", 220738),
                ],
                false,
            ),
            ("REF: RANGOON 4", &[(None, None, "RANGOON", 4)], false),
            (
                "REF: A. ASHGABAT687 ¶B. ASHGABAT733",
                &[
                    (Some('A'), None, "ASHGABAT", 687),
                    (Some('B'), None, "ASHGABAT", 733),
                ],
                false,
            ),
            // Words that are not posts stay text, with the warning.
            ("REF: our 1234", &[], true),
            ("REF: IMSWM-0028-2010", &[], true),
            // Where the usual pattern finds a reference, it alone is used.
            (
                "REF: STATE 12345, london 4212",
                &[(None, None, "STATE", 12345)],
                false,
            ),
        ];
        for (line, want, warns) in cases {
            let (p, notes) = parse(&format!("SECRET\n\n{line}\n\n1. X.\n"));
            let got = refs_read(&p);
            assert_eq!(got, want, "{line}");
            let warned = notes.iter().any(|n| n.kind == "ref-not-understood");
            assert_eq!(warned, warns, "{line}");
        }
    }

    /// The numbers of the numbered paragraphs, and each paragraph's first line.
    fn numbered(t: &str) -> Vec<(u32, String)> {
        let (p, _) = parse(t);
        p.paragraphs
            .iter()
            .filter_map(|x| {
                let first = t[x.range.clone()].lines().next().unwrap_or("").trim();
                x.number.map(|n| (n, first.to_string()))
            })
            .collect()
    }

    #[test]
    fn paragraphs_under_underlined_headings_are_found_and_headings_stand_apart() {
        let t = "UNCLAS HO CHI MINH CITY 000154\n\nSUBJECT: STATE ENTERPRISES GROW\n\n\
                 1.  SUMMARY: CAN THO IS HUNGRY FOR INVESTMENT.\n\n\
                 STRONG ECONOMIC GROWTH\n----------------------\n\
                 2.  CAN THO PROVINCE HAS A THRIVING SEAFOOD INDUSTRY.\n\n\
                 BUT ALMOST NO FOREIGN INVESTMENT\n-------------------------------- \n\
                 3.  THIS GROWTH HAS NOT BEEN DUE TO FDI.\n\n\
                 COMMENT\n4.  A HEADING WITH NO RULE UNDER IT.\n";
        let nums: Vec<u32> = numbered(t).iter().map(|x| x.0).collect();
        assert_eq!(nums, vec![1, 2, 3, 4]);
        let (p, _) = parse(t);
        let texts: Vec<(Option<u32>, &str)> = p
            .paragraphs
            .iter()
            .map(|x| (x.number, t[x.range.clone()].trim()))
            .collect();
        // Paragraph 1 ends before the heading of paragraph 2, which is a block of its own.
        assert_eq!(
            texts[0],
            (Some(1), "1.  SUMMARY: CAN THO IS HUNGRY FOR INVESTMENT.")
        );
        assert_eq!(
            texts[1],
            (None, "STRONG ECONOMIC GROWTH\n----------------------")
        );
        assert_eq!(texts[2].0, Some(2));
        assert_eq!(texts[3].0, None);
        assert!(texts[3].1.starts_with("BUT ALMOST NO FOREIGN INVESTMENT"));
        assert_eq!(texts[5], (None, "COMMENT"));
        assert_eq!(texts[6].0, Some(4));
    }

    #[test]
    fn markings_right_after_the_number_and_after_unblank_lines() {
        // `4.(C)` with no space; paragraph 1 right under the classified-by line; an
        // indented number; a number out of place in the source (10 for 8) keeps 9 and 10.
        let t = "CONFIDENTIAL VATICAN 002531\n\nSUBJECT: TEST\n\n\
                 CLASSIFIED BY CHARGE JOSEPH MERANTE. REASONS 1.5 (B) AND (D).\n\
                 1.  (S) POLOFF DELIVERED REFTEL POINTS.\n\n\
                 2. (C) SECOND.\n\n     3. (C) INDENTED THIRD.\n\n\
                 4.(C) NO SPACE.\n\n5. (C) FIFTH.\n\n6. (C) SIXTH.\n\n7. (C) SEVENTH.\n\n\
                 10. (C) MISNUMBERED EIGHTH.\n\n9. (C) NINTH.\n\n10. (C) TENTH.\n\n\
                 11. (C) ELEVENTH, WHICH CITES PARA\n12.5 PERCENT AND 1.5 (B).\n";
        let nums: Vec<u32> = numbered(t).iter().map(|x| x.0).collect();
        assert_eq!(nums, vec![1, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
        let all = numbered(t);
        assert_eq!(all[3].1, "4.(C) NO SPACE.");
        let (p, _) = parse(t);
        let four = p.paragraphs.iter().find(|x| x.number == Some(4)).unwrap();
        assert_eq!(four.marking.as_deref(), Some("C"));
    }

    #[test]
    fn a_jump_in_the_numbering_is_followed_when_the_source_goes_on_from_it() {
        // Paragraphs 3 and 4 are missing from the release; 5 has its marking and 6 follows.
        let t = "UNCLASSIFIED\n\nSUBJECT: TEST\n\n1.  (U) ONE.\n\n2.  (U) TWO.\n\n\
                 5.  (SBU) FIVE.\n\n6.  (SBU) SIX.\n";
        let nums: Vec<u32> = numbered(t).iter().map(|x| x.0).collect();
        assert_eq!(nums, vec![1, 2, 5, 6]);
        // Without a marking, or without a number after it to go on, it is text.
        let t = "UNCLASSIFIED\n\nSUBJECT: TEST\n\n1.  ONE.\n\n2.  TWO.\n\n\
                 6.  A LIST ITEM.\n\n7.  ANOTHER.\n";
        let nums: Vec<u32> = numbered(t).iter().map(|x| x.0).collect();
        assert_eq!(nums, vec![1, 2]);
        // A number in sequence after a line that ends a sentence starts a paragraph; one
        // after a line that runs on does not.
        let t = "UNCLASSIFIED\n\nSUBJECT: TEST\n\n1. One.\n\n2. Two ends here.\n\
                 3. Three.\n\n4. Four runs on to\n5. percent of it.\n";
        let nums: Vec<u32> = numbered(t).iter().map(|x| x.0).collect();
        assert_eq!(nums, vec![1, 2, 3, 4]);
    }

    #[test]
    fn a_subject_that_goes_on_after_a_blank_line() {
        for (t, want) in [
            (
                "UNCLAS YEREVAN 001411\n\nSUBJECT: PRESIDENTIAL DECREE PUTS GOAM ON THE HUNT FOR \n \nREFUGEE MONEY \n \n1. (U) Text.\n",
                "PRESIDENTIAL DECREE PUTS GOAM ON THE HUNT FOR REFUGEE MONEY",
            ),
            (
                "CONFIDENTIAL LONDON 004472\n\nSUBJECT: SCENESETTER FOR SECRETARY PETERS\u{2019} DECEMBER 7 VISIT \n\nTO LONDON\n\nClassified By: AMBASSADOR\n\n1. (C) Text.\n",
                "SCENESETTER FOR SECRETARY PETERS\u{2019} DECEMBER 7 VISIT TO LONDON",
            ),
            (
                "CONFIDENTIAL LONDON 002765\n\nSUBJECT: PARTY CAUGHT FLAT-FOOTED BY BROWN\u{2019}S \n\nQUICK MANEUVERS, SAYS MP\nREF: A. LONDON 2666\n\n1. (C) Text.\n",
                "PARTY CAUGHT FLAT-FOOTED BY BROWN\u{2019}S QUICK MANEUVERS, SAYS MP",
            ),
            // Not a subject going on: a complete subject, then a line of its own.
            (
                "UNCLAS HARARE 000888\n\nSUBJECT: ZIM NOTES 11-09-2009\n-----------\n\nSUMMARY\n\n1. Text.\n",
                "ZIM NOTES 11-09-2009",
            ),
            (
                "UNCLAS PARIS 000001\n\nSUBJECT: A COMPLETE SUBJECT\n\nSIPDIS\n\n1. Text.\n",
                "A COMPLETE SUBJECT",
            ),
            (
                "UNCLAS PARIS 000002\n\nSUBJECT: HANGING ON THE\n\nE.O. 12958: N/A\n\n1. Text.\n",
                "HANGING ON THE",
            ),
        ] {
            let (p, _) = parse(t);
            assert_eq!(p.subject, want, "{t}");
        }
    }

    #[test]
    fn subject_wraps_and_no_text_is_lost() {
        let t = "SUBJECT: A LONG SUBJECT THAT\n WRAPS ONTO A SECOND LINE\n\nSome unnumbered text.\n\nMore text.";
        let (p, notes) = parse(t);
        assert_eq!(p.subject, "A LONG SUBJECT THAT WRAPS ONTO A SECOND LINE");
        assert_eq!(p.paragraphs.len(), 2);
        assert!(notes.iter().any(|n| n.kind == "no-classification"));
        // Every non-blank line is inside the routing, the head or a paragraph.
        for (off, line) in t.split('\n').scan(0usize, |o, l| {
            let s = *o;
            *o += l.len() + 1;
            Some((s, l))
        }) {
            if line.trim().is_empty() {
                continue;
            }
            let inside = p.routing.contains(&off)
                || p.head.contains(&off)
                || p.paragraphs.iter().any(|x| x.range.contains(&off));
            assert!(inside, "line lost: {line}");
        }
    }

    #[test]
    fn bt_and_nnnn_trailer_is_kept_after_the_last_paragraph() {
        let t = "R 011200Z JAN 79\nFM AMEMBASSY BANGKOK\nTO SECSTATE WASHDC 0001\nBT\nC O N F I D E N T I A L BANGKOK 21455\n\nTAGS: PREL, TH\nSUBJ: BORDER CAMP\n\n1. (C) ONE.\n\n2. (C) TWO.\n\nABRAMOWITZ\nBT\n#1455\n\nNNNN\n";
        let (p, _) = parse(t);
        assert_eq!(p.subject, "BORDER CAMP");
        assert_eq!(p.classification.as_deref(), Some("CONFIDENTIAL"));
        let texts: Vec<&str> = p
            .paragraphs
            .iter()
            .map(|x| t[x.range.clone()].trim())
            .collect();
        assert_eq!(texts[1], "2. (C) TWO.");
        assert!(texts[2..].join("\n").contains("ABRAMOWITZ"));
        assert!(texts.last().unwrap().contains("NNNN"));
        assert!(p.paragraphs[2..].iter().all(|x| x.number.is_none()));
    }

    #[test]
    fn lower_case_spaced_classification_and_typos() {
        assert_eq!(
            classification_of_line("C o n f i d e n t i a l section 01 of 04 ankara 000348"),
            Some("CONFIDENTIAL")
        );
        assert_eq!(
            classification_of_line("UUNCLAS MANAGUA 001002"),
            Some("UNCLASSIFIED")
        );
        assert_eq!(
            classification_of_line("S E C R E T SECTION 01 OF 02 STATE 123"),
            Some("SECRET")
        );
        assert_eq!(
            classification_of_line("LIMITED OFFICIAL USE ROME 1234"),
            Some("LIMITED OFFICIAL USE")
        );
        assert_eq!(classification_of_line("Secretary Powell said"), None);
        assert_eq!(classification_of_line("SECRETARY POWELL SAID"), None);
    }

    #[test]
    fn tags_are_never_empty() {
        // Found by fuzzing: `PREL,; VM` gave an empty tag, and linking it never ended.
        assert_eq!(
            split_tags("PTER, PREL,; VM, CB "),
            vec!["PTER", "PREL", "VM", "CB"]
        );
        assert_eq!(split_tags(" ; , .: "), Vec::<String>::new());
        // Lists that lost their commas, or use semicolons or full stops.
        assert_eq!(
            split_tags("OVIP CLINTON HILLARY PREL KPAL FR IR RS\nNATO, UK, CN"),
            vec![
                "OVIP",
                "CLINTON HILLARY",
                "PREL",
                "KPAL",
                "FR",
                "IR",
                "RS",
                "NATO",
                "UK",
                "CN"
            ]
        );
        assert_eq!(
            split_tags("PREL;PGOV;KCOR;HU;HR"),
            vec!["PREL", "PGOV", "KCOR", "HU", "HR"]
        );
        assert_eq!(split_tags("TW.PREL, PGOV"), vec!["TW", "PREL", "PGOV"]);
        assert_eq!(split_tags("PGOV, PHUM. SF"), vec!["PGOV", "PHUM", "SF"]);
        // A bracketed name keeps its words, whatever codes they look like (`ET`, `AL`).
        assert_eq!(
            split_tags("PREL, SP (EL FATMI, NOURIDDINE ET AL)"),
            vec!["PREL", "SP", "(EL FATMI", "NOURIDDINE ET AL)"]
        );
        // Free text stays whole.
        assert_eq!(
            split_tags("PHUM, KTIP, TH, Human Trafficking"),
            vec!["PHUM", "KTIP", "TH", "Human Trafficking"]
        );
        assert_eq!(split_tags("SOCI, U.S."), vec!["SOCI", "U.S"]);
    }

    #[test]
    fn a_page_header_of_the_2010_release_ends_the_tags() {
        let t = "CONFIDENTIAL BAKU 000478\n\nTAGS PREL, PTER, TX, IR\nBAKU 00000478  001.2 OF 003\nSUBJECT: IRAN VIEW FROM BAKU\n\n1. (C) Text.\n";
        let (p, _) = parse(t);
        assert_eq!(p.tags, vec!["PREL", "PTER", "TX", "IR"]);
        assert_eq!(p.subject, "IRAN VIEW FROM BAKU");
        assert!(is_marker_line("ZAGREB 00002259  002.1 OF 003 "));
        assert!(!is_marker_line("THE 12345678 FIGURE IS 001 OF 002"));
    }

    /// Date-time lines with two precedence letters (`O R`, `P R`, `O P`), or a zero
    /// for the letter O, are read like those with one.
    #[test]
    fn date_time_lines_with_two_precedences_or_a_zero() {
        for (line, want) in [
            ("O R 292049Z JAN 10", "2010-01-29 20:49"),
            ("P R 281848Z DEC 66", "1966-12-28 18:48"),
            ("O P 032217Z NOV 94", "1994-11-03 22:17"),
            ("O R 181205Z NOV 75 ZFF4", "1975-11-18 12:05"),
            ("0 241208Z OCT 79", "1979-10-24 12:08"),
            ("OO 280652Z MAR 92", "1992-03-28 06:52"),
        ] {
            assert_eq!(
                parse_dtg(line).map(|d| d.display()).as_deref(),
                Some(want),
                "{line}"
            );
        }
        assert_eq!(parse_dtg("B. 123456Z JAN 05"), None);
        let t = "VZCZCXRO1882\nOO RUEHCD RUEHHO\nDE RUEHME #0083/01 0292049\nZNY SSSSS ZZH\nO R 292049Z JAN 10\nFM AMEMBASSY MEXICO\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0250\n\nC O N F I D E N T I A L MEXICO 000083\n\nSUBJECT: TEST\n\n1. (C) Text.\n";
        let (p, _) = parse(t);
        assert_eq!(
            p.date.map(|d| d.display()).as_deref(),
            Some("2010-01-29 20:49")
        );
        assert_eq!(p.from.as_deref(), Some("AMEMBASSY MEXICO"));
        let t = "0 241208Z OCT 79\nFM AMEMBASSY TEHRAN\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 4442\n\nC O N F I D E N T I A L TEHRAN 11260\n\n1. (C) Text.\n";
        let (p, _) = parse(t);
        assert_eq!(
            p.date.map(|d| d.display()).as_deref(),
            Some("1979-10-24 12:08")
        );
        assert_eq!(p.from.as_deref(), Some("AMEMBASSY TEHRAN"));
        assert!(t[p.routing.clone()].contains("FM AMEMBASSY TEHRAN"));
    }

    /// The date-time and `FM` lines are found where they stand, not only at the top: under
    /// a classification line, under the distribution block of a printed copy, after an
    /// e-mail's header. Where the date-time line is not one this parser reads, the `FM`
    /// line still gives the origin when a `TO` line follows it.
    #[test]
    fn date_time_and_fm_lines_below_the_first_line() {
        let cases: [(&str, Option<&str>, Option<&str>); 5] = [
            (
                "UNCLASSIFIED   STATE   00100153 \nO 251814Z SEP 09\nFM SECSTATE WASHDC\nTO ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE IMMEDIATE\n\nUNCLAS SECTION 01 OF 02 STATE 100153\n\nSUBJECT: TEST\n\n1. Text.\n",
                Some("2009-09-25 18:14"),
                Some("SECSTATE WASHDC"),
            ),
            (
                " CONFIDENTIAL\n\nPAGE 01        CAPE T  00097  01 OF 03  182017Z\nACTION AF-00\n\nINFO  LOG-00   ADS-00   INR-05\n------------------3A6B21  182018Z /38\nR 171512Z JAN 90\nFM AMCONSUL CAPE TOWN\nTO SECSTATE WASHDC 1234\n\nC O N F I D E N T I A L SECTION 01 OF 03 CAPE TOWN 00097\n\nSUBJECT: TEST\n\n1. (C) Text.\n",
                Some("1990-01-17 15:12"),
                Some("AMCONSUL CAPE TOWN"),
            ),
            // The date from the top, the origin from a FM line with a TO line under it.
            (
                "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\n291359Z Nov 00\n\n    CONFIDENTIAL     PTQ1859\n\nACTION AF-00\n                  ------------------A54E38  291401Z /38    \nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7738\n\nC O N F I D E N T I A L HARARE 006677\n\n1. (C) Text.\n",
                Some("2000-11-29 13:59"),
                Some("AMEMBASSY HARARE"),
            ),
            // A date-time line this parser does not read: the FM line still counts.
            (
                "X 241208Z OCT 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 4442\n\nCONFIDENTIAL TEHRAN 11260\n\n1. (C) Text.\n",
                None,
                Some("AMEMBASSY TEHRAN"),
            ),
            // `FM` in prose is the foreign minister, not an origin.
            (
                "CONFIDENTIAL PARIS 001234\n\nSUBJECT: TEST\n\n1. (C) The FM said\nFM HOR NAMHONG WENT ON\nTO SAY IT.\n",
                None,
                None,
            ),
        ];
        for (t, date, from) in cases {
            let (p, _) = parse(t);
            assert_eq!(p.date.map(|d| d.display()).as_deref(), date, "{t}");
            assert_eq!(p.from.as_deref(), from, "{t}");
        }
    }

    /// A page header with cable text after it on the same line: only the header is a
    /// marker, and the text after it may start a numbered paragraph.
    #[test]
    fn a_page_header_followed_by_text_on_its_line() {
        let line = "PAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT: TEXT.";
        assert_eq!(
            page_marker_end(line),
            Some("PAGE 03 HARARE 06677 03 OF 03 291401Z".len())
        );
        assert_eq!(
            page_marker_end("PAGE 02        HARARE  06677  01 OF 03  291400Z "),
            None
        );
        assert_eq!(page_marker_end("PAGE 02 RUEHFRA0170 S E C R E T "), None);
        let t = "CONFIDENTIAL HARARE 006677\n\nSUBJECT: TEST\n\n\
                 10. (C) THE ASSISTANT SECRETARY STRESSED IT.\n CONFIDENTIAL\n\
                 PAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT: TSVANGIRAI WAS FRANK.\n\
                 12. (U) A/S RICE HAS CLEARED THIS MESSAGE.\n";
        let (p, _) = parse(t);
        let got: Vec<(Option<u32>, &str)> = p
            .paragraphs
            .iter()
            .map(|x| (x.number, t[x.range.clone()].trim()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some(10),
                    "10. (C) THE ASSISTANT SECRETARY STRESSED IT.\n CONFIDENTIAL\nPAGE 03 HARARE 06677 03 OF 03 291401Z"
                ),
                (Some(11), "11. (C) COMMENT: TSVANGIRAI WAS FRANK."),
                (Some(12), "12. (U) A/S RICE HAS CLEARED THIS MESSAGE."),
            ]
        );
        assert_eq!(p.paragraphs[1].marking.as_deref(), Some("C"));
    }

    #[test]
    fn subject_and_tags_in_mixed_case() {
        let t = "SECRET STATE 068250\n\nSIPDIS\nE.O. 12958: DECL: 07/01/2019\nTags: mtcre, parm, prel, ettc, ir, gm, ch\nSubject: german test chamber sold by chinese subsidiary to\niranian firm\n\nClassified By: ISN/MTR Director.\n\n1. (S) Text.\n";
        let (p, _) = parse(t);
        assert_eq!(
            p.subject,
            "german test chamber sold by chinese subsidiary to iranian firm"
        );
        assert_eq!(
            p.tags,
            vec!["MTCRE", "PARM", "PREL", "ETTC", "IR", "GM", "CH"]
        );
        let r = p.tags_range.clone().unwrap();
        assert_eq!(&t[r], "mtcre, parm, prel, ettc, ir, gm, ch");
        // Codes in capitals under a label in mixed case keep their case; free text too.
        let (p, _) =
            parse("UNCLAS X 1\n\nTags: PREL, PGOV, Human Trafficking\nSubject: A\n\n1. Text.\n");
        assert_eq!(p.tags, vec!["PREL", "PGOV", "Human Trafficking"]);
        assert_eq!(p.subject, "A");
        // A sentence that begins with the word is not a field.
        let (p, _) = parse("UNCLAS X 1\n\ntags were discussed\n\n1. Text.\n");
        assert!(p.tags.is_empty());
    }

    /// `(SBU) 1. Text`: the marking before the number.
    #[test]
    fn markings_before_the_number() {
        let t = "UNCLAS LAGOS 002200\n\nSUBJECT: TEST\n\n(SBU) 1. The Labor and Civil Society Coalition held a\nrally.\n\n(SBU) 2.  Bamidele Aturu spoke.\n\n(C/NF)  3. Third.\n\n(A) 4. not a marking.\n";
        let (p, _) = parse(t);
        let got: Vec<(u32, Option<&str>)> = p
            .paragraphs
            .iter()
            .filter_map(|x| x.number.map(|n| (n, x.marking.as_deref())))
            .collect();
        assert_eq!(
            got,
            vec![(1, Some("SBU")), (2, Some("SBU")), (3, Some("C/NF"))]
        );
        assert!(t[p.paragraphs[0].range.clone()].starts_with("(SBU) 1. The"));
    }

    /// A partial extract that begins in a later paragraph: a number with its marking after
    /// a blank line starts the numbering there.
    #[test]
    fn numbering_that_begins_after_three() {
        let t = "C O N F I D E N T I A L SECTION 02 OF 02 VATICAN 005629 \n \nTAGS: PREL, VT\nSUBJECT: VATICAN PLAYS CHINA GAMBIT.\n \n \nPRESIDENT HAD DELIVERED A STRONG MESSAGE.\n \n7.  (C) ACTION REQUEST: EMBASSY REQUESTS GUIDANCE AND \nTALKING POINTS.\nNICHOLSON \n";
        let nums: Vec<u32> = numbered(t).iter().map(|x| x.0).collect();
        assert_eq!(nums, vec![7]);
        // Without a marking, a number after three is a list item, not a paragraph.
        let t = "UNCLAS X 1\n\nSUBJECT: TEST\n\nSOME TEXT.\n\n7. A LIST ITEM.\n";
        assert!(numbered(t).is_empty());
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        for t in [
            "",
            "\n\n",
            "¶",
            "1.",
            "TAGS:",
            "REF:",
            "SUBJECT:",
            "O 999999Z XXX 99",
            "C O N F",
            "\u{feff}x",
        ] {
            let _ = parse(t);
        }
    }
}
