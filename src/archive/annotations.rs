//! Attaching editorial notes to cables: the cable must be in the archive, the paragraph
//! must exist, and the quoted passage must be found in the cable's text, whatever its line
//! wrapping, runs of spaces, case or kind of quote marks. The passage is kept as a byte
//! range of the original text, so the cable page can highlight exactly those characters.

use super::Archive;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::annotation::Annotation;
use std::collections::BTreeMap;
use std::ops::Range;

/// A note placed on its cable.
#[derive(Debug, Clone)]
pub struct Note {
    pub annotation: Annotation,
    /// Index of the cable in `Archive::cables`.
    pub cable: usize,
    /// The numbered paragraph it stands beside: the one given, or the one its quote is in.
    pub paragraph: Option<u32>,
    /// The quoted passage in the cable's text, when it is highlighted.
    pub quote_range: Option<Range<usize>>,
    /// Its number on the cable's page (`#note-N`), from 1, in reading order.
    pub number: usize,
}

/// Every note, newest first (date, then file path), and the notes of each cable.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub notes: Vec<Note>,
    /// Cable index → its notes (indexes into `notes`) by number.
    pub by_cable: BTreeMap<usize, Vec<usize>>,
}

impl Notes {
    /// What the people registry needs of each note: who it is about, where it is.
    pub fn person_refs(&self, archive: &super::Archive) -> Vec<super::people::NoteRef> {
        self.notes
            .iter()
            .map(|n| {
                let a = &n.annotation;
                let cable = &archive.cables[n.cable];
                super::people::NoteRef {
                    title: a
                        .title
                        .clone()
                        .unwrap_or_else(|| format!("Note {} on {}", n.number, cable.id)),
                    url: format!("{}#note-{}", cable.page_path(), n.number),
                    cable: Some(n.cable),
                    date: a.date.ymd(),
                    author: a.author.clone(),
                    people: a.people.clone(),
                    text: a.body_md.clone(),
                    path: a.file.clone(),
                    line: if a.people.is_empty() {
                        a.line
                    } else {
                        a.people_line
                    },
                }
            })
            .collect()
    }

    pub fn of_cable(&self, cable: usize) -> &[usize] {
        self.by_cable.get(&cable).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }
}

/// Checks each annotation against the archive and places it. An annotation that does not
/// fit (unknown cable, missing paragraph, quote not found) is an error naming its file and
/// line, and is left out; the others go on.
pub fn attach(archive: &Archive, annotations: Vec<Annotation>, diags: &Diagnostics) -> Notes {
    let mut notes: Vec<Note> = Vec::with_capacity(annotations.len());
    for a in annotations {
        if let Some(n) = place(archive, a, diags) {
            notes.push(n);
        }
    }
    // Number each cable's notes in reading order: top notes first, then by paragraph and
    // position of the quote.
    let mut per_cable: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, n) in notes.iter().enumerate() {
        per_cable.entry(n.cable).or_default().push(i);
    }
    for (&cable, idx) in per_cable.iter_mut() {
        let c = &archive.cables[cable];
        let key = |n: &Note| {
            let par_pos = n
                .paragraph
                .and_then(|p| c.paragraphs.iter().position(|x| x.number == Some(p)));
            let at = n.quote_range.as_ref().map(|r| r.start).unwrap_or(0);
            (par_pos, at, n.annotation.date, n.annotation.rel.clone())
        };
        idx.sort_by_key(|&i| key(&notes[i]));
        let mut highlighted: Vec<(Range<usize>, usize)> = Vec::new();
        for (k, &i) in idx.iter().enumerate() {
            notes[i].number = k + 1;
            if let Some(r) = notes[i].quote_range.clone() {
                // Highlights may not overlap: the page could not nest them. Notes on the
                // very same passage nest (two notes at one mark).
                if let Some((_, other)) = highlighted
                    .iter()
                    .find(|(h, _)| h.start < r.end && r.start < h.end && *h != r)
                {
                    let a = &notes[i].annotation;
                    diags.push(Diagnostic::warning(
                        "annotation",
                        &a.file,
                        Some(a.quote_line),
                        format!("the quote overlaps the one of note {other} on {}; it is not highlighted", a.cable),
                    ));
                    notes[i].quote_range = None;
                } else {
                    highlighted.push((r, k + 1));
                }
            }
        }
    }
    // Newest first; the cable lists are re-pointed at the sorted positions.
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&notes[x].annotation, &notes[y].annotation);
        b.date.cmp(&a.date).then_with(|| a.rel.cmp(&b.rel))
    });
    let mut new_pos = vec![0; notes.len()];
    for (pos, &old) in order.iter().enumerate() {
        new_pos[old] = pos;
    }
    let mut slots: Vec<Option<Note>> = notes.into_iter().map(Some).collect();
    let notes: Vec<Note> = order.iter().filter_map(|&old| slots[old].take()).collect();
    let by_cable = per_cable
        .into_iter()
        .map(|(c, idx)| (c, idx.into_iter().map(|i| new_pos[i]).collect()))
        .collect();
    Notes { notes, by_cable }
}

fn place(archive: &Archive, a: Annotation, diags: &Diagnostics) -> Option<Note> {
    let Some(&cable) = archive.by_id.get(&a.cable) else {
        diags.push(
            Diagnostic::error(
                "annotation",
                &a.file,
                Some(a.cable_line),
                format!("cable {} is not in the archive", a.cable),
            )
            .with_hint("check the id: it is the cable's reference id, e.g. 03PHNOMPENH1990"),
        );
        return None;
    };
    let c = &archive.cables[cable];
    let numbered = || {
        c.paragraphs
            .iter()
            .filter_map(|p| p.number)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
    };
    let par = match a.paragraph {
        Some(n) => match c.paragraphs.iter().find(|p| p.number == Some(n)) {
            Some(p) => Some(p),
            None => {
                let have = numbered();
                let hint = if have.is_empty() {
                    "this cable has no numbered paragraphs; leave `paragraph` out".to_string()
                } else {
                    format!("its paragraphs are {}", have.join(", "))
                };
                diags.push(
                    Diagnostic::error(
                        "annotation",
                        &a.file,
                        Some(a.paragraph_line),
                        format!("cable {} has no paragraph {n}", a.cable),
                    )
                    .with_hint(hint),
                );
                return None;
            }
        },
        None => None,
    };
    let mut paragraph = a.paragraph;
    let mut quote_range = None;
    if let Some(q) = a.quote.as_deref() {
        let found = match par {
            Some(p) => find_quote(&c.text, p.range.clone(), q),
            None => c
                .paragraphs
                .iter()
                .find_map(|p| find_quote(&c.text, p.range.clone(), q).map(|r| (r, p.number)))
                .map(|(r, n)| {
                    paragraph = n;
                    r
                }),
        };
        // Not in a paragraph: in the head (the text before the first paragraph: SUBJECT,
        // REF, a preamble), highlighted there as in a paragraph.
        let found = match found {
            None if par.is_none() => find_quote(&c.text, c.head.clone(), q),
            found => found,
        };
        match found {
            Some(r) => quote_range = Some(r),
            // A passage of the routing block is found but not highlighted.
            None if par.is_none() && find_quote(&c.text, 0..c.text.len(), q).is_some() => {}
            None => {
                let where_ = match a.paragraph {
                    Some(n) => format!("paragraph {n} of {}", a.cable),
                    None => format!("cable {}", a.cable),
                };
                let mut d = Diagnostic::error(
                    "annotation",
                    &a.file,
                    Some(a.quote_line),
                    format!("quote not found in {where_}: \"{q}\""),
                );
                if let (Some(_), Some(other)) = (
                    par,
                    c.paragraphs
                        .iter()
                        .find(|p| find_quote(&c.text, p.range.clone(), q).is_some()),
                ) {
                    if let Some(n) = other.number {
                        d = d.with_hint(format!("it is in paragraph {n}"));
                    }
                } else {
                    d = d.with_hint("copy the passage from the cable; line breaks, spacing and case do not matter");
                }
                diags.push(d);
                return None;
            }
        }
    }
    Some(Note {
        annotation: a,
        cable,
        paragraph,
        quote_range,
        number: 0,
    })
}

/// Where `quote` is in `text[range]`, matched with whitespace runs as one space, case
/// folded and curly quotes as straight ones; the byte range in `text`.
pub fn find_quote(text: &str, range: Range<usize>, quote: &str) -> Option<Range<usize>> {
    let hay_text = text.get(range.clone())?;
    let (needle, _) = normalize(quote.trim(), 0);
    if needle.is_empty() {
        return None;
    }
    let (hay, map) = normalize(hay_text, range.start);
    let at = hay.find(&needle)?;
    let last = at + needle.len() - 1;
    Some(map[at].0..map[last].1)
}

/// The normalised text and, for each of its bytes, the byte range in the original of the
/// character it came from.
fn normalize(s: &str, base: usize) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut pending_space: Option<(usize, usize)> = None;
    for (i, ch) in s.char_indices() {
        let span = (base + i, base + i + ch.len_utf8());
        if ch.is_whitespace() {
            if !out.is_empty() && pending_space.is_none() {
                pending_space = Some(span);
            }
            continue;
        }
        if let Some(sp) = pending_space.take() {
            out.push(' ');
            map.push(sp);
        }
        let folded = match ch {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        for lc in folded.to_lowercase() {
            let mut buf = [0u8; 4];
            let enc = lc.encode_utf8(&mut buf);
            out.push_str(enc);
            for _ in 0..enc.len() {
                map.push(span);
            }
        }
    }
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quotes_across_wrapping_spacing_and_case() {
        let text = "1. (C) The CAMBODIAN\n  FREEDOM   FIGHTERS (CFF) said “no”.";
        let r = find_quote(text, 0..text.len(), "Cambodian Freedom Fighters").unwrap();
        assert_eq!(&text[r], "CAMBODIAN\n  FREEDOM   FIGHTERS");
        let r = find_quote(text, 0..text.len(), "said \"no\"").unwrap();
        assert_eq!(&text[r], "said “no”");
        assert!(find_quote(text, 0..text.len(), "Khmer Rouge").is_none());
        assert!(find_quote(text, 0..text.len(), "  ").is_none());
        // Only within the range given.
        assert!(find_quote(text, 0..10, "Cambodian").is_none());
    }
}
