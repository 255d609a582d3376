//! Streaming reader of Cablegate dumps (`cables.csv`): 8 columns, no header row,
//! backslash-escaped quotes, raw newlines inside fields, `M/D/YYYY H:MM` dates.
//!
//! Rows are read one at a time and parsed in parallel; a broken row is an error for that
//! row only. Each row's telegram text is `header.trim_end() + "\n\n" + content`, the same
//! text the released `.txt` cables hold.

use super::cable_file::{self, CableMeta};
use crate::cable::Cable;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::iter::{ParallelBridge, ParallelIterator};
use std::io::Read;
use std::path::Path;

/// One row of a dump, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line of the row's first line in the file (1-based).
    pub line: usize,
    pub row_number: String,
    pub date: String,
    pub id: String,
    pub origin: String,
    pub classification: String,
    pub references: String,
    pub header: String,
    /// The telegram text as released: `header.trim_end() + "\n\n" + content`, built as
    /// the row is read (the content is appended to it, not copied afterwards).
    text: String,
    /// Where the content begins in `text`.
    content_start: usize,
}

impl Row {
    /// The telegram text as released.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The telegram text, without a copy.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The content column.
    pub fn content(&self) -> &str {
        &self.text[self.content_start..]
    }

    pub fn meta(&self) -> CableMeta {
        CableMeta {
            id: Some(self.id.trim().to_string()),
            date: Some(self.date.clone()),
            origin: Some(self.origin.clone()),
            classification: Some(self.classification.clone()),
            references: Some(
                self.references
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            released: None,
            subject: None,
            tags: None,
            field_lines: Vec::new(),
        }
    }
}

/// Parser state between physical lines.
#[derive(Default)]
struct RowBuilder {
    line: usize,
    fields: Vec<String>,
    field: String,
    in_quotes: bool,
    field_started: bool,
    escaped: bool,
    non_utf8: bool,
    /// Bytes at the start of `field` that are not the field's own: the content column is
    /// read into a string that already holds the telegram's header (see [`Row::text`]).
    prefix: usize,
}

impl RowBuilder {
    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.field.is_empty() && !self.field_started
    }
}

/// Does this physical line begin a Cablegate record (`"123","3/28/1992 6:52","`)?
fn starts_record(line: &str) -> bool {
    if !line.starts_with('"') {
        return false; // most lines, checked before the regex
    }
    static START: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r#"^"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",""#).unwrap()
    });
    START.is_match(line)
}

/// Reads rows from any reader, calling `on_row` for each good row and `on_error` for each
/// broken one. Reading goes on after a broken row: a row whose quote never closes ends
/// where the next record visibly begins.
pub fn read_rows<R: Read>(
    reader: R,
    path: &Path,
    mut on_row: impl FnMut(Row),
    mut on_error: impl FnMut(Diagnostic),
) {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let mut raw = Vec::new();
    let mut line_no = 0usize;
    let mut b = RowBuilder::default();
    let finish =
        |b: &mut RowBuilder, on_row: &mut dyn FnMut(Row), on_error: &mut dyn FnMut(Diagnostic)| {
            let mut done = std::mem::take(b);
            if done.is_empty() {
                return;
            }
            done.fields.push(done.field.as_str().to_owned());
            // The buffer fields are read into is kept from row to row.
            b.field = std::mem::take(&mut done.field);
            b.field.clear();
            if done.non_utf8 {
                on_error(Diagnostic::warning(
                    "encoding",
                    path,
                    Some(done.line),
                    "row is not valid UTF-8; read as Windows-1252",
                ));
            }
            if done.fields.len() != 8 {
                on_error(
                Diagnostic::error(
                    "csv-row",
                    path,
                    Some(done.line),
                    format!(
                        "row has {} columns; a Cablegate row has 8",
                        done.fields.len()
                    ),
                )
                .with_hint(
                    "columns: row, date, id, origin, classification, references, header, content",
                ),
            );
                return;
            }
            let content_start = done.prefix;
            let mut f = done.fields.into_iter();
            let mut next = || f.next().unwrap_or_default();
            on_row(Row {
                line: done.line,
                row_number: next(),
                date: next(),
                id: next(),
                origin: next(),
                classification: next(),
                references: next(),
                header: next(),
                text: next(),
                content_start,
            });
        };
    loop {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                on_error(Diagnostic::error(
                    "io",
                    path,
                    Some(line_no + 1),
                    format!("cannot read: {e}"),
                ));
                break;
            }
        }
        line_no += 1;
        let (line, non_utf8) = match std::str::from_utf8(&raw) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), false),
            Err(_) => (encoding_rs::WINDOWS_1252.decode(&raw).0, true),
        };
        if b.in_quotes && starts_record(&line) {
            on_error(
                Diagnostic::error(
                    "csv-row",
                    path,
                    Some(b.line),
                    "row has a quote that is never closed; row skipped",
                )
                .with_hint(format!("the next record starts on line {line_no}")),
            );
            b = RowBuilder::default();
        }
        if b.is_empty() && !b.in_quotes {
            if line.trim().is_empty() {
                continue;
            }
            b.line = line_no;
        }
        b.non_utf8 |= non_utf8;
        // Inside quotes, the text up to the next backslash or quote is copied in one go
        // (a dump is gigabytes of quoted text); the few bytes outside quotes go one
        // character at a time. Every byte that matters is ASCII, so the runs between them
        // are whole UTF-8 sequences.
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if b.in_quotes {
                if b.escaped {
                    let c = line[i..].chars().next().unwrap_or('\\');
                    b.field.push(c);
                    b.escaped = false;
                    i += c.len_utf8();
                    continue;
                }
                let Some(k) = memchr::memchr2(b'\\', b'"', &bytes[i..]) else {
                    b.field.push_str(&line[i..]);
                    break;
                };
                b.field.push_str(&line[i..i + k]);
                i += k;
                if bytes[i] == b'\\' {
                    b.escaped = true;
                } else {
                    // A quote ends the field only before a delimiter or the end of the line;
                    // a stray quote inside text is kept as text.
                    match bytes.get(i + 1) {
                        None | Some(b',') | Some(b'\n') | Some(b'\r') => b.in_quotes = false,
                        Some(_) => b.field.push('"'),
                    }
                }
                i += 1;
            } else {
                let c = line[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                match c {
                    ',' => {
                        // A copy the field's size: a field is read into a buffer kept
                        // from field to field, and a cable's text stays in memory.
                        b.fields.push(b.field.as_str().to_owned());
                        b.field.clear();
                        b.field_started = true;
                        b.prefix = 0;
                        if b.fields.len() == 7 {
                            // The next column is the content: start the telegram's text.
                            let header = b.fields[6].trim_end();
                            b.field.push_str(header);
                            b.field.push_str("\n\n");
                            b.prefix = b.field.len();
                        }
                    }
                    '"' if b.field.len() == b.prefix => {
                        b.in_quotes = true;
                        b.field_started = true;
                    }
                    '\n' | '\r' => {
                        finish(&mut b, &mut on_row, &mut on_error);
                        break;
                    }
                    _ => {
                        b.field.push(c);
                        b.field_started = true;
                    }
                }
            }
        }
    }
    if b.in_quotes {
        on_error(Diagnostic::error(
            "csv-row",
            path,
            Some(b.line),
            "row has a quote that is never closed before the end of the file; row skipped",
        ));
    } else {
        finish(&mut b, &mut on_row, &mut on_error);
    }
}

/// Reads a dump into cables, parsing rows in parallel.
pub fn read(path: &Path, diags: &Diagnostics) -> Vec<Cable> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::error(
                "io",
                path,
                None,
                format!("cannot open: {e}"),
            ));
            return Vec::new();
        }
    };
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    // Rows go to the parsing threads in batches: one message per row kept the threads
    // waking each other up.
    const BATCH: usize = 32;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(128);
    let path_buf = path.to_path_buf();
    let mut cables: Vec<(usize, Cable)> = std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut errors = Vec::new();
            let mut batch = Vec::with_capacity(BATCH);
            read_rows(
                reader,
                &path_buf,
                |row| {
                    batch.push(row);
                    if batch.len() == BATCH {
                        let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                },
                |d| errors.push(d),
            );
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            errors
        });
        let out: Vec<(usize, Cable)> = rx
            .into_iter()
            .par_bridge()
            .flat_map_iter(|batch| {
                batch.into_iter().filter_map(|row| {
                    let line = row.line;
                    let meta = row.meta();
                    let text = row.into_text();
                    cable_file::assemble(meta, text, path, line, diags).map(|c| (line, c))
                })
            })
            .collect();
        match producer.join() {
            Ok(errors) => diags.extend(errors),
            Err(_) => diags.push(Diagnostic::error(
                "csv-row",
                path,
                None,
                "the CSV reader stopped unexpectedly",
            )),
        }
        out
    });
    cables.sort_by_key(|(line, _)| *line);
    cables.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "\"1\",\"3/28/1992 6:52\",\"92PHNOMPENH664\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"\",\"O 280652Z MAR 92\nFM USMISSION PHNOM PENH\n\",\"C O N F I D E N T I A L PHNOM PENH 0664 \n\nSUBJECT: \\\"QUOTED\\\" AND PRESIDENT BUSH\\'S Z:\\\\econ\n\n1. (C) TEXT, WITH \\\"QUOTES\\\".\n\"\n\"2\",\"12/2/2003 2:22\",\"03PHNOMPENH1990\",\"American Institute Taiwan, Taipei\",\"SECRET\",\"03PHNOMPENH1969|03STATE329077\",\"This record is a partial extract of the original cable. The full text of the original cable is not available.\",\"S E C R E T\n\n1. (S) X.\n\"\n";

    #[test]
    fn reads_backslash_escapes_raw_newlines_and_commas_in_fields() {
        let mut rows = Vec::new();
        let mut errs = Vec::new();
        read_rows(
            DUMP.as_bytes(),
            Path::new("d.csv"),
            |r| rows.push(r),
            |e| errs.push(e),
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, "92PHNOMPENH664");
        assert!(rows[0]
            .content()
            .contains("\"QUOTED\" AND PRESIDENT BUSH'S Z:\\econ"));
        assert_eq!(rows[1].origin, "American Institute Taiwan, Taipei");
        assert_eq!(rows[1].line, 9);
        assert_eq!(
            rows[1].meta().references.unwrap(),
            vec!["03PHNOMPENH1969", "03STATE329077"]
        );
        let t = rows[0].text();
        assert!(t.starts_with("O 280652Z MAR 92\nFM USMISSION PHNOM PENH\n\nC O N F"));
    }

    #[test]
    fn escapes_next_to_multibyte_text_stray_quotes_and_crlf() {
        let dump = "\"1\",\"1/2/2000 3:04\",\"00STATE1\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"caf\\é \\\"x\\\" a\"b c\\\\d\r\nnext line ü\"\r\n\"2\",\"1/2/2000 3:05\",\"00STATE2\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"second\"\r\n";
        let mut rows = Vec::new();
        let mut errs = Vec::new();
        read_rows(
            dump.as_bytes(),
            Path::new("d.csv"),
            |r| rows.push(r),
            |e| errs.push(e),
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].content(), "café \"x\" a\"b c\\d\r\nnext line ü");
        assert_eq!(
            (rows[1].id.as_str(), rows[1].content(), rows[1].line),
            ("00STATE2", "second", 3)
        );
    }

    #[test]
    fn the_text_is_the_trimmed_header_a_blank_line_and_the_content() {
        // Header with trailing blanks, an empty header, an unquoted empty content, a
        // content that starts with an escaped quote; and a row with a ninth column
        // between them, which must not leak into the next row's text.
        let dump = "\"1\",\"1/2/2000 3:04\",\"00STATE1\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H1 \n \n\",\"\\\"Q\\\" body\"\n\"2\",\"1/2/2000 3:05\",\"00STATE2\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H2\",\"x\",\"extra\"\n\"3\",\"1/2/2000 3:06\",\"00STATE3\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"\",\n\"4\",\"1/2/2000 3:07\",\"00STATE4\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H4\",\"four\"\n";
        let mut rows = Vec::new();
        let mut errs = Vec::new();
        read_rows(
            dump.as_bytes(),
            Path::new("d.csv"),
            |r| rows.push(r),
            |e| errs.push(e),
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, Some(4)); // the first row has three lines
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.id.as_str(), r.text(), r.content()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("00STATE1", "H1\n\n\"Q\" body", "\"Q\" body"),
                ("00STATE3", "\n\n", ""),
                ("00STATE4", "H4\n\nfour", "four"),
            ]
        );
        for r in &rows {
            assert_eq!(
                r.text(),
                format!("{}\n\n{}", r.header.trim_end(), r.content())
            );
        }
        assert_eq!(rows[2].clone().into_text(), "H4\n\nfour");
    }

    #[test]
    fn a_broken_row_is_an_error_for_that_row_only() {
        let bad = "\"1\",\"x\",\"A1\"\n\"2\",\"1/1/2000 0:00\",\"00STATE1\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"\",\"UNCLAS\n\n1. X.\"\n\"3\",\"1/1/2000 0:00\",\"00STATE2\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"\",\"never closed\n";
        let mut rows = Vec::new();
        let mut errs = Vec::new();
        read_rows(
            bad.as_bytes(),
            Path::new("d.csv"),
            |r| rows.push(r),
            |e| errs.push(e),
        );
        assert_eq!(
            rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            vec!["00STATE1"]
        );
        assert!(
            errs[0]
                .to_string()
                .starts_with("error: d.csv:1: row has 3 columns"),
            "{}",
            errs[0]
        );
        assert_eq!(errs.len(), 2, "{errs:?}");
    }
}
