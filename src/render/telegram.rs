//! A cable's text → HTML: the routing block and head as preformatted text with TAGS and
//! REF items linked, then paragraphs with permalinks (`#parN`), wrapped lines joined for
//! reading, intentional breaks and mid-text section markers kept.
//!
//! Other features decorate the text without touching this module's logic: a
//! [`Decoration`] wraps a byte range (a person mention, an annotated quote), and
//! `after` HTML is placed after a paragraph (margin notes).

use super::html::{escape, escape_into};
use crate::archive::{codes, index::tag_key, Archive, CodeTables};
use crate::cable::{Cable, Paragraph};
use crate::source::telegram::{is_marker_line, page_marker_end};
use once_cell::sync::Lazy;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// HTML to wrap around a byte range of the cable text.
#[derive(Debug, Clone)]
pub struct Decoration {
    pub range: Range<usize>,
    pub open: String,
    pub close: String,
    /// Never dropped for crossing another decoration (other parts of the page link to it).
    pub keep: bool,
}

/// What other features add to a cable's text.
#[derive(Debug, Default)]
pub struct Extras {
    /// Non-overlapping, any order.
    pub decorations: Vec<Decoration>,
    /// HTML placed after the paragraph with this number.
    pub after: HashMap<u32, String>,
}

impl Extras {
    /// Adds another feature's decorations and after-paragraph HTML to these.
    pub fn merge(&mut self, other: Extras) {
        self.decorations.extend(other.decorations);
        for (par, html) in other.after {
            self.after.entry(par).or_default().push_str(&html);
        }
    }
}

static PARA_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s{0,6}(\((?:U|C|S|TS|SBU|LOU)(?:/[A-Z]{1,6}){0,2}\)\s*)?(¶\s?)?(\d{1,3})\s?\.\s*(\(([A-Z][A-Za-z/ -]{0,10})\)\s*)?").unwrap()
});
static LIST_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(-{1,2}|\*|o |•|\(?[a-zA-Z0-9]{1,2}\)|[A-Z]\.\s|\d{1,2}\)|[A-Z ]{3,}:)")
        .unwrap()
});

/// Renders the routing block and the head. Of `extras`, the decorations that are kept
/// (annotated quotes, which notes link to) apply in the head too: a note whose mark is in
/// the text before the first paragraph (`Ref: Bangkok 125.`) is highlighted there.
pub fn head_html(c: &Cable, archive: &Archive, root: &str, extras: &Extras) -> (String, String) {
    let routing = escape(c.slice(&c.routing).trim_end());
    let mut decos: Vec<Decoration> = Vec::new();
    if let Some(r) = &c.tags_range {
        let s = c.slice(r);
        for t in &c.tags {
            // A tag read from a field in lower case is in capitals (`parm` is `PARM`).
            let found = find_token(s, t).or_else(|| find_token(&s.to_ascii_uppercase(), t));
            if let Some(pos) = found {
                let title = tag_title(&archive.codes, t);
                decos.push(Decoration {
                    range: r.start + pos..r.start + pos + t.len(),
                    open: format!(
                        "<a class=\"tag\" href=\"{root}tag/{}/index.html\" title=\"{}\">",
                        escape(&tag_key(t)),
                        escape(&title),
                    ),
                    close: "</a>".into(),
                    keep: false,
                });
            }
        }
    }
    for item in &c.ref_items {
        let (open, close) = match item.id.as_deref().and_then(|id| archive.get(id)) {
            Some(target) => (
                format!(
                    "<a class=\"ref\" href=\"{root}{}\">",
                    escape(&target.page_path())
                ),
                "</a>",
            ),
            None => match &item.id {
                Some(id) => (
                    format!(
                        "<span class=\"ref missing\" title=\"{} is not in this archive\">",
                        escape(id)
                    ),
                    "</span>",
                ),
                None => continue,
            },
        };
        decos.push(Decoration {
            range: item.range.clone(),
            open,
            close: close.into(),
            keep: false,
        });
    }
    let head = c.head.clone();
    let inside = |r: &Range<usize>| head.start <= r.start && r.end <= head.end;
    decos.retain(|d| inside(&d.range));
    decos.extend(
        extras
            .decorations
            .iter()
            .filter(|d| d.keep && inside(&d.range))
            .cloned(),
    );
    // Tags and REF items do not overlap one another; kept decorations win over any they
    // cross.
    let decos = nested(&decos);
    let mut events: Vec<(usize, bool, isize, &str)> = Vec::new();
    for (k, d) in decos.iter().enumerate() {
        events.push((d.range.start, true, k as isize, &d.open));
        events.push((d.range.end, false, -(k as isize), &d.close));
    }
    // As in [`inline_text`]: closes before opens, inner ones close first.
    events.sort_by_key(|e| (e.0, e.1, e.2));
    let mut out = String::new();
    let mut pos = head.start;
    for (at, _, _, html) in events {
        escape_into(&mut out, c.slice(&(pos..at)));
        out.push_str(html);
        pos = at;
    }
    escape_into(&mut out, c.slice(&(pos..head.end)));
    (routing, collapse_blank_lines(out.trim_end()))
}

/// Runs of blank (or whitespace-only) lines become one blank line: the released texts
/// pad their heads with them, and they carry nothing.
fn collapse_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in s.split('\n') {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.trim_matches('\n').to_string()
}

/// `PREL — External Political Relations`, `CB — Cambodia`
pub fn tag_title(code_tables: &CodeTables, t: &str) -> String {
    if let Some(c) = code_tables.country_by_tag(t) {
        return c.name.to_string();
    }
    codes::subject_tag(t)
        .map(str::to_string)
        .unwrap_or_default()
}

fn find_token(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None; // it would be found everywhere, and never advance
    }
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before_ok = s == 0 || !hay.as_bytes()[s - 1].is_ascii_alphanumeric();
        let after_ok = e == hay.len() || !hay.as_bytes()[e].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return Some(s);
        }
        from = e;
    }
    None
}

/// The decorations, outer before inner, nested: the HTML stays well formed. A decoration
/// marked `keep` (an annotated quote, which notes link to) wins over any that crosses it:
/// another that crosses it (a person's name half inside the quote) is cut where the kept
/// one begins or ends, each piece with the same markup (two links to the same page), so
/// that neither is lost; of others that cross, the one that starts first is kept.
pub fn nested(decorations: &[Decoration]) -> Vec<Cow<'_, Decoration>> {
    let crosses = |a: &Decoration, b: &Decoration| {
        (a.range.start < b.range.start && b.range.start < a.range.end && a.range.end < b.range.end)
            || (b.range.start < a.range.start
                && a.range.start < b.range.end
                && b.range.end < a.range.end)
    };
    let kept_first: Vec<&Decoration> = decorations.iter().filter(|d| d.keep).collect();
    let mut sorted: Vec<Cow<'_, Decoration>> = Vec::with_capacity(decorations.len());
    for d in decorations.iter().filter(|d| d.range.start < d.range.end) {
        if d.keep || !kept_first.iter().any(|k| crosses(k, d)) {
            sorted.push(Cow::Borrowed(d));
            continue;
        }
        let mut cuts: Vec<usize> = kept_first
            .iter()
            .flat_map(|k| [k.range.start, k.range.end])
            .filter(|&at| d.range.start < at && at < d.range.end)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = d.range.start;
        for at in cuts.into_iter().chain([d.range.end]) {
            sorted.push(Cow::Owned(Decoration {
                range: from..at,
                ..d.clone()
            }));
            from = at;
        }
    }
    sorted.sort_by_key(|d| (d.range.start, std::cmp::Reverse(d.range.end), !d.keep));
    let mut kept: Vec<Cow<'_, Decoration>> = Vec::with_capacity(sorted.len());
    // Ends of the kept decorations that enclose the current position.
    let mut open: Vec<usize> = Vec::new();
    for d in sorted {
        while open.last().is_some_and(|&end| end <= d.range.start) {
            open.pop();
        }
        if open.last().is_some_and(|&end| d.range.end > end) {
            continue;
        }
        open.push(d.range.end);
        kept.push(d);
    }
    kept
}

/// Renders the paragraphs.
pub fn paragraphs_html(c: &Cable, extras: &Extras) -> String {
    let mut out = String::with_capacity(c.text.len() * 5 / 4);
    let decorations = nested(&extras.decorations);
    for p in &c.paragraphs {
        match p.number {
            Some(n) => {
                // Written in place: a format! per paragraph allocated a string each time.
                let _ = write!(
                    out,
                    "<div class=\"par\" id=\"par{n}\"><a class=\"parnum\" href=\"#par{n}\" title=\"Link to paragraph {n}\">{n}.</a> "
                );
                let text = c.slice(&p.range);
                let prefix_len = PARA_PREFIX.find(text).map(|m| m.end()).unwrap_or(0);
                if let Some(m) = &p.marking {
                    out.push_str("<span class=\"marking\">(");
                    escape_into(&mut out, m);
                    out.push_str(")</span> ");
                }
                out.push_str("<p>");
                inline_text(
                    &mut out,
                    c,
                    p.range.start + prefix_len..p.range.end,
                    &decorations,
                );
                out.push_str("</p></div>\n");
                if let Some(after) = extras.after.get(&n) {
                    out.push_str(after);
                }
            }
            None => {
                out.push_str("<div class=\"block\"><p>");
                inline_text(&mut out, c, p.range.clone(), &decorations);
                out.push_str("</p></div>\n");
            }
        }
    }
    out
}

/// One line of a paragraph, with what the joining rules ask of it.
struct Line<'t> {
    /// Byte offset in the cable text.
    start: usize,
    text: &'t str,
    /// `text` without the blanks at its end.
    trimmed: &'t str,
    /// Characters up to the last non-blank one (the first line: from the start of its
    /// line in the cable).
    width: usize,
    blank: bool,
    marker: bool,
}

/// Whether a line starts a list item ([`LIST_START`]). Most lines cannot, and a look at
/// their first characters says so without running the regex.
fn list_start(line: &str) -> bool {
    let t = line.trim_start();
    let b = t.as_bytes();
    let Some(&c) = b.first() else {
        return false;
    };
    let may = match c {
        b'-' | b'*' | b'(' | b'o' | b':' => true,
        c if c.is_ascii_alphanumeric() => match b.get(1) {
            None => c.is_ascii_uppercase(),
            Some(b')') => true,
            Some(&d) if d >= 0x80 => true,
            Some(&d) if d.is_ascii_alphanumeric() && b.get(2) == Some(&b')') => true,
            Some(b'.') => c.is_ascii_uppercase(),
            Some(_) => {
                c.is_ascii_uppercase() && {
                    let run = b
                        .iter()
                        .position(|&x| !(x.is_ascii_uppercase() || x == b' '))
                        .unwrap_or(b.len());
                    b.get(run) == Some(&b':')
                }
            }
        },
        c if c >= 0x80 => true,
        _ => false,
    };
    may && LIST_START.is_match(line)
}

/// The text of a paragraph: wrapped lines joined with a space, intentional breaks (lists,
/// short lines, blank lines) kept, markers set apart, decorations applied.
fn inline_text(
    out: &mut String,
    c: &Cable,
    range: Range<usize>,
    decorations: &[Cow<'_, Decoration>],
) {
    let text = c.slice(&range);
    let base = range.start;
    // The first line's width counts from the start of its line in the cable, before the
    // paragraph number was cut off.
    let col0 = range.start
        - memchr::memrchr(b'\n', &c.text.as_bytes()[..range.start])
            .map(|i| i + 1)
            .unwrap_or(0);
    let lines: Vec<Line> = {
        let mut v = Vec::new();
        let mut off = 0;
        // The pieces of `text.split('\n')`.
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
        for end in ends {
            let l = &text[off..end];
            // A page header with text after it on its line (`PAGE 04 HARARE 06677 01 OF 03
            // 291400Z COALITION GOVERNMENT. ...`): the header is a marker line of its own,
            // the text after it a line of text.
            let (first, after) = match page_marker_end(l) {
                Some(m) => {
                    let rest = &l[m..];
                    let skip = m + (rest.len() - rest.trim_start().len());
                    ((&l[..m], Some(true)), Some((off + skip, &l[skip..])))
                }
                None => ((l, None), None),
            };
            let pieces = [(off, first.0, first.1)]
                .into_iter()
                .chain(after.map(|(at, piece)| (at, piece, Some(false))));
            for (at, piece, marker) in pieces {
                let trimmed = piece.trim_end();
                let blank = trimmed.trim_start().is_empty();
                let chars = if trimmed.is_ascii() {
                    trimmed.len()
                } else {
                    trimmed.chars().count()
                };
                v.push(Line {
                    start: base + at,
                    text: piece,
                    trimmed,
                    width: chars + if v.is_empty() { col0 } else { 0 },
                    blank,
                    marker: marker.unwrap_or_else(|| !blank && is_marker_line(piece)),
                });
            }
            off = end + 1;
        }
        v
    };
    // The wrap width of this paragraph: lines much shorter than it end on purpose (lists,
    // headings, addresses) and keep their break.
    let wrap = lines.iter().map(|l| l.width).max().unwrap_or(0).max(50);
    // Decoration events relevant to this range.
    let mut events: Vec<(usize, bool, isize, &str)> = Vec::new();
    for (k, d) in decorations.iter().enumerate() {
        // A decoration that begins in the paragraph number cut off above (a quote that
        // includes `7.`) is clipped to the text shown.
        if d.range.start < range.end && d.range.end > range.start && d.range.start < d.range.end {
            events.push((d.range.start.max(range.start), true, k as isize, &d.open));
            events.push((d.range.end.min(range.end), false, -(k as isize), &d.close));
        }
    }
    // Closes before opens at the same position; inner ones close first, outer ones open
    // first (decorations are outer-first).
    events.sort_by_key(|e| (e.0, e.1, e.2));
    let mut ev = 0;
    let mut pending_blank = false;
    // The last line that was not blank.
    let mut prev: Option<&Line> = None;
    for l in &lines {
        let (start, line, trimmed) = (&l.start, l.text, l.trimmed);
        if l.blank {
            pending_blank = true;
            continue;
        }
        if let Some(p) = prev {
            if pending_blank {
                out.push_str("<br><br>");
            } else {
                // A short line that ends a sentence or a heading ends on purpose; a short
                // line in mid-sentence (a name wrapped early) is joined.
                let short = p.width * 10 < wrap * 7;
                let ends = p.trimmed.ends_with(['.', ':', ';', '!', '?', ')', '"']);
                let keep_break = (short && ends) || list_start(line) || p.marker;
                out.push_str(if keep_break { "<br>" } else { " " });
            }
        }
        pending_blank = false;
        let marker = l.marker;
        if marker {
            out.push_str("<span class=\"marker\">");
        }
        let end = start + trimmed.len();
        let mut pos = *start;
        let line_text = &text[start - base..end - base];
        let mut seg_start = 0;
        while ev < events.len() && events[ev].0 <= end {
            let p = events[ev].0.max(pos);
            let rel = p - start;
            if rel > seg_start {
                escape_into(out, &line_text[seg_start..rel]);
            }
            seg_start = rel.max(seg_start);
            out.push_str(events[ev].3);
            pos = p;
            ev += 1;
        }
        escape_into(out, &line_text[seg_start..]);
        if marker {
            out.push_str("</span>");
        }
        prev = Some(l);
    }
    // Close anything still open (a decoration ending in trailing whitespace).
    while ev < events.len() {
        if !events[ev].1 {
            out.push_str(events[ev].3);
        }
        ev += 1;
    }
}

/// Where a paragraph's text starts once its number and marking are set apart.
pub fn paragraph_body_start(c: &Cable, p: &Paragraph) -> usize {
    let text = c.slice(&p.range);
    let skip = if p.number.is_some() {
        PARA_PREFIX.find(text).map(|m| m.end()).unwrap_or(0)
    } else {
        0
    };
    p.range.start + skip
}

/// A paragraph's plain text with the number and marking removed and lines joined (for
/// snippets and the search index).
pub fn paragraph_plain(c: &Cable, p: &Paragraph) -> String {
    plain_text(c, p)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The start of [`paragraph_plain`]: whole words, at least `chars` characters of it (or
/// all of it, if shorter).
pub fn paragraph_plain_start(c: &Cable, p: &Paragraph, chars: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for w in plain_text(c, p).split_whitespace() {
        if n >= chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            n += 1;
        }
        out.push_str(w);
        n += if w.is_ascii() {
            w.len()
        } else {
            w.chars().count()
        };
    }
    out
}

/// The text of [`paragraph_plain`] before its white space is made single spaces.
fn plain_text<'c>(c: &'c Cable, p: &Paragraph) -> &'c str {
    let text = c.slice(&p.range);
    let skip = if p.number.is_some() {
        PARA_PREFIX.find(text).map(|m| m.end()).unwrap_or(0)
    } else {
        0
    };
    &text[skip..]
}

/// Whether [`paragraph_plain`] of the paragraph reads as prose (the search's snippet):
/// longer than 60 bytes, and more than seven in ten of its characters letters. Worked
/// out without making the string.
pub fn reads_as_prose(c: &Cable, p: &Paragraph) -> bool {
    let (len, letters) = plain_measure(plain_text(c, p));
    len > 60 && letters * 10 > len * 7
}

/// The length in bytes and the letters of `text` with its white space made single spaces
/// and trimmed.
fn plain_measure(text: &str) -> (usize, usize) {
    let (mut bytes, mut words, mut letters) = (0usize, 0usize, 0usize);
    if text.is_ascii() {
        // Byte by byte: the ASCII characters that are white space are 9 to 13 and 32.
        let mut in_word = false;
        for &b in text.as_bytes() {
            let space = b == b' ' || (9..=13).contains(&b);
            if !space {
                bytes += 1;
                letters += b.is_ascii_alphabetic() as usize;
                words += !in_word as usize;
            }
            in_word = !space;
        }
    } else {
        for w in text.split_whitespace() {
            bytes += w.len();
            words += 1;
            letters += w.chars().filter(|ch| ch.is_alphabetic()).count();
        }
    }
    (bytes + words.saturating_sub(1), letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_snippet_starts_agree_with_the_whole_plain_text() {
        use crate::render::search::truncate_words;
        let texts = [
            "1. (C) The minister said the talks would resume in March, after the elections.",
            "2. (SBU) SHORT.",
            "3. ---------------------------------------------------------------------",
            "4. (U) 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56",
            "Zürich’s  banks\t\x0bsaid\u{a0}nothing   about the accounts opened by the delegation in 2009 and 2010.",
            "  \n  ",
            "",
            "The\x0bvertical\x0btab\x0bsplits\x0bwords\x0bin\x0bthis\x0bsentence,\x0bwhich\x0bis\x0blong\x0benough.",
            "A plain paragraph with no number at all, long enough to be a snippet on its own, and then some more words to pass one hundred and sixty characters easily.",
            "5. (C) Word\r\nwrapped\nacross   lines, with a very-long-hyphenated-compound-word-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on near the cut.",
        ];
        for t in texts {
            for number in [None, Some(1)] {
                let c = Cable {
                    text: t.to_string(),
                    ..Cable::default()
                };
                let p = Paragraph {
                    number,
                    marking: None,
                    range: 0..t.len(),
                    line: 1,
                };
                let plain = paragraph_plain(&c, &p);
                let letters = plain.chars().filter(|ch| ch.is_alphabetic()).count();
                assert_eq!(
                    plain_measure(plain_text(&c, &p)),
                    (plain.len(), letters),
                    "{t:?}"
                );
                let prose = plain.len() > 60 && letters * 10 > plain.len() * 7;
                assert_eq!(reads_as_prose(&c, &p), prose, "{t:?}");
                for n in [0, 1, 10, 80, 160] {
                    assert_eq!(
                        truncate_words(&paragraph_plain_start(&c, &p, n + 1), n),
                        truncate_words(&plain, n),
                        "{t:?} {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_list_start_precheck_agrees_with_the_regex() {
        let mut lines: Vec<String> = [
            "",
            "   ",
            "A",
            "a",
            "A)",
            "a)",
            "(a)",
            "12)",
            "123)",
            "1٣)",
            "٣)",
            "o item",
            "o)",
            "ok then",
            "-- rule",
            "- item",
            "* star",
            "• bullet",
            "A. Heading",
            "a. no",
            "B.\tTab",
            "SUMMARY: text",
            "  SUMMARY:",
            " AB:",
            "   :",
            "A B C: spaced",
            "REF A: 09 STATE 1",
            "THE AMBASSADOR MET WITH THE MINISTER.",
            "Shell EVP met",
            "Ann Pickard said",
            "\u{a0}\u{a0}A)",
            "Éclair)",
            "É:",
            "\"quoted\"",
            "#5 here",
            "1.5 million",
            "US-EU: talks",
            "EU:",
            "X1)",
            "XY)",
            "XYZ)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet = ['A', 'b', '1', ' ', ')', '.', ':', '(', '-', 'o', '٣', '\t'];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in [' ', 'Z', ':', ')'] {
                        lines.push(format!("{a}{b}{c}{d}"));
                        lines.push(format!("  {a}{b}{c}{d}x"));
                    }
                }
            }
        }
        for l in &lines {
            assert_eq!(list_start(l), LIST_START.is_match(l), "{l:?}");
        }
    }
}
