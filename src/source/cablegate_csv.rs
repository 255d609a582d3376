//! Streaming reader of Cablegate dumps (`cables.csv`): 8 columns, no header row,
//! backslash-escaped quotes, raw newlines inside fields, `M/D/YYYY H:MM` dates.
//!
//! The dump is cut into pieces of whole rows, which are read in parallel; a broken row is
//! an error for that row only. Each row's telegram text is
//! `header.trim_end() + "\n\n" + content`, the same text the released `.txt` cables hold.

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
    /// The file lines where the header and the content columns begin.
    pub header_line: usize,
    pub content_line: usize,
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

    /// Where the lines of [`Row::text`] are in the file (the header is trimmed and a blank
    /// line put after it).
    pub fn lines(&self) -> crate::source::cable_file::RowLines {
        crate::source::cable_file::RowLines {
            header: self.header_line,
            content_from: memchr::memchr_iter(b'\n', &self.text.as_bytes()[..self.content_start])
                .count(),
            content: self.content_line,
        }
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
    /// The file lines where the header and the content columns begin.
    header_line: usize,
    content_line: usize,
}

impl RowBuilder {
    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.field.is_empty() && !self.field_started
    }
}

/// Does this physical line begin a Cablegate record (`"123","3/28/1992 6:52","`)? Asked
/// of the line's bytes as read (the pattern is ASCII), so the pieces [`split_pieces`] cuts
/// begin where the row-by-row reader would start a record.
fn starts_record(line: &[u8]) -> bool {
    if line.first() != Some(&b'"') {
        return false; // most lines, checked before the regex
    }
    static START: once_cell::sync::Lazy<regex::bytes::Regex> = once_cell::sync::Lazy::new(|| {
        regex::bytes::Regex::new(r#"^"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",""#).unwrap()
    });
    START.is_match(line)
}

/// A row whose quote never closes: it ends where the next record begins (`next`), or at
/// the end of the file.
fn unclosed_quote(path: &Path, line: usize, next: Option<usize>) -> Diagnostic {
    match next {
        Some(next) => Diagnostic::error(
            "csv-row",
            path,
            Some(line),
            "row has a quote that is never closed; row skipped",
        )
        .with_hint(format!("the next record starts on line {next}")),
        None => Diagnostic::error(
            "csv-row",
            path,
            Some(line),
            "row has a quote that is never closed before the end of the file; row skipped",
        ),
    }
}

fn read_error(path: &Path, line: usize, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path, Some(line), format!("cannot read: {e}"))
}

/// The row-by-row state of a reader: line by line, in order.
struct RowParser<'p> {
    path: &'p Path,
    /// The line last fed (1-based).
    line_no: usize,
    b: RowBuilder,
}

impl<'p> RowParser<'p> {
    /// A parser whose first line is line `first_line` of the file.
    fn new(path: &'p Path, first_line: usize) -> RowParser<'p> {
        RowParser {
            path,
            line_no: first_line.saturating_sub(1),
            b: RowBuilder::default(),
        }
    }

    /// Feeds one physical line, with its line end.
    fn line(
        &mut self,
        raw: &[u8],
        on_row: &mut dyn FnMut(Row),
        on_error: &mut dyn FnMut(Diagnostic),
    ) {
        match std::str::from_utf8(raw) {
            Ok(s) => self.text_line(raw, s, false, on_row, on_error),
            // One line of a file: no byte-order mark to sniff (`decode` would read a line
            // starting with FE FF as UTF-16, and lose its line end).
            Err(_) => {
                let line = encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0;
                self.text_line(raw, &line, true, on_row, on_error)
            }
        }
    }

    /// [`RowParser::line`] once the line is text: `line` is `raw` read as UTF-8, or
    /// (`non_utf8`) as Windows-1252.
    fn text_line(
        &mut self,
        raw: &[u8],
        line: &str,
        non_utf8: bool,
        on_row: &mut dyn FnMut(Row),
        on_error: &mut dyn FnMut(Diagnostic),
    ) {
        self.line_no += 1;
        let line_no = self.line_no;
        if self.b.in_quotes && starts_record(raw) {
            on_error(unclosed_quote(self.path, self.b.line, Some(line_no)));
            self.b = RowBuilder::default();
        }
        let b = &mut self.b;
        if b.is_empty() && !b.in_quotes {
            if line.trim().is_empty() {
                return;
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
                        if b.fields.len() == 6 {
                            b.header_line = line_no;
                        }
                        if b.fields.len() == 7 {
                            b.content_line = line_no;
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
                        self.finish_row(on_row, on_error);
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

    /// The end of the input. `next_record`: the line the next piece of the same file
    /// begins on (a record), when this parser had only a piece of it.
    fn end(
        mut self,
        next_record: Option<usize>,
        on_row: &mut dyn FnMut(Row),
        on_error: &mut dyn FnMut(Diagnostic),
    ) {
        if self.b.in_quotes {
            // What reading on into the next piece's first line would report.
            on_error(unclosed_quote(self.path, self.b.line, next_record));
        } else {
            self.finish_row(on_row, on_error);
        }
    }

    fn finish_row(&mut self, on_row: &mut dyn FnMut(Row), on_error: &mut dyn FnMut(Diagnostic)) {
        let path = self.path;
        let b = &mut self.b;
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
            header_line: done.header_line,
            content_line: done.content_line,
        });
    }
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
    let mut p = RowParser::new(path, 1);
    loop {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => p.line(&raw, &mut on_row, &mut on_error),
            Err(e) => {
                on_error(read_error(path, p.line_no + 1, e));
                break;
            }
        }
    }
    p.end(None, &mut on_row, &mut on_error);
}

/// A run of whole lines of a dump that begins with a record (or the file's start), so
/// that it reads the same on its own as within the file.
struct Piece {
    bytes: Vec<u8>,
    /// Line number of its first line.
    first_line: usize,
    /// Line number of the next piece's first line; `None` for the last piece.
    next: Option<usize>,
}

/// About how many bytes a piece holds: enough rows to be worth a thread's while.
const PIECE: usize = 2 << 20;

/// Cuts a dump into [`Piece`]s at lines that begin a record. Reading a record-start line
/// is where the row-by-row reader ends a row whose quote never closed, and otherwise a row
/// has always ended before it, so the pieces read on their own as the whole file does.
/// An I/O error is returned after the piece before it.
fn split_pieces<R: Read>(
    reader: R,
    size: usize,
    on_piece: impl FnMut(Piece),
) -> Result<(), (usize, std::io::Error)> {
    split_pieces_into(reader, size, Vec::new, on_piece)
}

/// [`split_pieces`], reading into buffers from `new_buf` (empty, of any capacity): the
/// reader of a dump hands back the buffers of pieces it has read, so that a dump of
/// gigabytes is read through a few buffers instead of into new memory all along (new
/// memory is zeroed by the kernel, and on virtual machines costs a fault to the host).
fn split_pieces_into<R: Read>(
    mut reader: R,
    size: usize,
    mut new_buf: impl FnMut() -> Vec<u8>,
    mut on_piece: impl FnMut(Piece),
) -> Result<(), (usize, std::io::Error)> {
    let size = size.max(64);
    let mut buf: Vec<u8> = new_buf();
    let mut first_line = 1;
    // Line starts before this have been looked at (all but the last line start, which may
    // not have had its whole prefix in the buffer yet).
    let mut scanned = 0;
    loop {
        buf.reserve(size);
        let (eof, error) = match (&mut reader).take(size as u64).read_to_end(&mut buf) {
            Ok(n) => (n < size, None),
            Err(e) => (false, Some(e)),
        };
        if eof || error.is_some() {
            // The line the error came on: after the last piece's lines.
            let error = error.map(|e| (first_line + memchr::memchr_iter(b'\n', &buf).count(), e));
            if !buf.is_empty() {
                on_piece(Piece {
                    bytes: buf,
                    first_line,
                    next: None,
                });
            }
            return error.map_or(Ok(()), Err);
        }
        // The last line start that begins a record (not the first line: a piece begins
        // with one).
        let cut = memchr::memrchr_iter(b'\n', &buf[scanned..])
            .map(|nl| scanned + nl + 1)
            .filter(|&s| s < buf.len())
            .find(|&s| starts_record(&buf[s..]));
        match cut {
            Some(cut) => {
                let mut tail = new_buf();
                tail.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                let next = first_line + memchr::memchr_iter(b'\n', &buf).count();
                on_piece(Piece {
                    bytes: std::mem::replace(&mut buf, tail),
                    first_line,
                    next: Some(next),
                });
                first_line = next;
                scanned = 0;
            }
            // One row longer than a piece: read on, looking again only from the last line
            // start on.
            None => scanned = memchr::memrchr(b'\n', &buf).unwrap_or(0),
        }
    }
}

/// Reads the rows of one piece.
fn read_piece(
    piece: &Piece,
    path: &Path,
    on_row: &mut dyn FnMut(Row),
    on_error: &mut dyn FnMut(Diagnostic),
) {
    let mut p = RowParser::new(path, piece.first_line);
    let bytes = &piece.bytes;
    let mut start = 0;
    // A piece that is all UTF-8 (nearly always) is checked once, not line by line; its
    // lines end at `\n`, which is a whole character.
    let text = std::str::from_utf8(bytes).ok();
    let ends = memchr::memchr_iter(b'\n', bytes).map(|nl| nl + 1);
    for end in ends.chain([bytes.len()]) {
        if start == end {
            break;
        }
        let raw = &bytes[start..end];
        match text {
            Some(text) => p.text_line(raw, &text[start..end], false, on_row, on_error),
            None => p.line(raw, on_row, on_error),
        }
        start = end;
    }
    p.end(piece.next, on_row, on_error);
}

/// [`read_rows`] the way [`read`] reads a dump: cut into pieces of about `piece_size`
/// bytes, each read on its own (here one after the other). For tests and fuzzing, which
/// check that it reports what [`read_rows`] does.
#[doc(hidden)]
pub fn read_rows_in_pieces<R: Read>(
    reader: R,
    piece_size: usize,
    path: &Path,
    mut on_row: impl FnMut(Row),
    mut on_error: impl FnMut(Diagnostic),
) {
    let result = split_pieces(reader, piece_size, |piece| {
        read_piece(&piece, path, &mut on_row, &mut on_error)
    });
    if let Err((line, e)) = result {
        on_error(read_error(path, line, e));
    }
}

/// Reads a dump into cables: one thread cuts it into pieces, the others read them.
pub fn read(path: &Path, diags: &Diagnostics) -> Vec<Cable> {
    let file = match super::uncached::open(path) {
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
    let (tx, rx) = std::sync::mpsc::sync_channel::<Piece>(4);
    // Buffers of pieces read, back to the thread that fills them.
    let (back_tx, back_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
    let mut cables: Vec<(usize, Cable)> = std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let new_buf = || match back_rx.try_recv() {
                Ok(mut b) => {
                    b.clear();
                    b
                }
                Err(_) => Vec::with_capacity(2 * PIECE),
            };
            split_pieces_into(file, PIECE, new_buf, |piece| {
                let _ = tx.send(piece);
            })
        });
        let out: Vec<(usize, Cable)> = rx
            .into_iter()
            .par_bridge()
            .flat_map_iter(|piece| {
                // Each row is made into a cable as soon as it is read. Cablegate's rows
                // average about 7 KB: room for rows of 4 KB on average, so the list is
                // seldom grown (and copied into new memory) while the piece is read.
                let mut cables = Vec::with_capacity(piece.bytes.len() / 4096 + 16);
                read_piece(
                    &piece,
                    path,
                    &mut |row| {
                        let (line, lines) = (row.line, row.lines());
                        let meta = row.meta();
                        let text = row.into_text();
                        if let Some(c) =
                            cable_file::assemble(meta, text, path, line, Some(lines), diags)
                        {
                            cables.push((line, c));
                        }
                    },
                    &mut |d| diags.push(d),
                );
                // Full: the buffer is dropped (the reader has enough).
                let _ = back_tx.try_send(piece.bytes);
                cables
            })
            .collect();
        match producer.join() {
            Ok(Ok(())) => {}
            Ok(Err((line, e))) => diags.push(read_error(path, line, e)),
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

    /// The rows and reports of reading `dump` row by row.
    fn rows_of(dump: impl AsRef<[u8]>) -> (Vec<Row>, Vec<Diagnostic>) {
        let (mut rows, mut errs) = (Vec::new(), Vec::new());
        read_rows(
            dump.as_ref(),
            Path::new("d.csv"),
            |r| rows.push(r),
            |e| errs.push(e),
        );
        (rows, errs)
    }

    const DUMP: &str = "\"1\",\"3/28/1992 6:52\",\"92PHNOMPENH664\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"\",\"O 280652Z MAR 92\nFM USMISSION PHNOM PENH\n\",\"C O N F I D E N T I A L PHNOM PENH 0664 \n\nSUBJECT: \\\"QUOTED\\\" AND PRESIDENT BUSH\\'S Z:\\\\econ\n\n1. (C) TEXT, WITH \\\"QUOTES\\\".\n\"\n\"2\",\"12/2/2003 2:22\",\"03PHNOMPENH1990\",\"American Institute Taiwan, Taipei\",\"SECRET\",\"03PHNOMPENH1969|03STATE329077\",\"This record is a partial extract of the original cable. The full text of the original cable is not available.\",\"S E C R E T\n\n1. (S) X.\n\"\n";

    #[test]
    fn reads_backslash_escapes_raw_newlines_and_commas_in_fields() {
        let (rows, errs) = rows_of(DUMP.as_bytes());
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
        let (rows, errs) = rows_of(dump.as_bytes());
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
        let (rows, errs) = rows_of(dump.as_bytes());
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

    /// Rows and reports of reading `dump` row by row, and of reading it in pieces of
    /// about `size` bytes.
    fn both_ways(dump: &[u8], size: usize) -> (String, String) {
        let mut covered = 0;
        let mut pieces = Vec::new();
        split_pieces(dump, size, |p| {
            covered += p.bytes.len();
            pieces.push((p.bytes, p.first_line, p.next));
        })
        .unwrap();
        assert_eq!(covered, dump.len(), "pieces cover the dump");
        // Into recycled buffers (as `read` does: used, of any capacity), the same pieces.
        let mut pool: Vec<Vec<u8>> = (0..64).map(|k| vec![b'x'; k * 3]).collect();
        let mut again = Vec::new();
        split_pieces_into(
            dump,
            size,
            || {
                let mut b = pool.pop().unwrap_or_default();
                b.clear();
                b
            },
            |p| again.push((p.bytes, p.first_line, p.next)),
        )
        .unwrap();
        assert_eq!(pieces, again, "pieces read into recycled buffers");
        let (rows, mut errs) = rows_of(dump);
        errs.sort_by_key(|d| format!("{d:?}"));
        let (mut prows, mut perrs) = (Vec::new(), Vec::new());
        read_rows_in_pieces(
            dump,
            size,
            Path::new("d.csv"),
            |r| prows.push(r),
            |e| perrs.push(e),
        );
        perrs.sort_by_key(|d| format!("{d:?}"));
        (
            format!("{rows:?}\n{errs:?}"),
            format!("{prows:?}\n{perrs:?}"),
        )
    }

    #[test]
    fn read_in_pieces_a_dump_gives_the_rows_and_reports_of_reading_it_whole() {
        let good = "\"1\",\"1/2/2000 3:04\",\"00STATE1\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"body \\\"q\\\"\n\"2\",\"3/4/2001 5:06\",\"x\",\"\n\nnext\"\n";
        let unclosed = "\"3\",\"1/2/2000 3:04\",\"00STATE3\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"never closed\nstill\n";
        let columns = "\"4\",\"1/2/2000 3:04\",\"00STATE4\"\n";
        let crlf = "\"5\",\"1/2/2000 3:04\",\"00STATE5\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"crlf\r\nline\"\r\n\r\n";
        let long = format!("\"6\",\"1/2/2000 3:04\",\"00STATE6\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"{}\"\n", "LONG LINE OF TEXT\n".repeat(200));
        let mut cases: Vec<Vec<u8>> = vec![
            DUMP.as_bytes().to_vec(),
            format!("{good}{unclosed}{good}{columns}{crlf}{long}{unclosed}").into_bytes(),
            format!("\n\n{long}{good}{unclosed}").into_bytes(),
            format!("{good}{good}").trim_end().as_bytes().to_vec(),
        ];
        // Not UTF-8 (Windows-1252), inside a row and on a line that starts one.
        let mut latin = good.as_bytes().to_vec();
        latin.extend_from_slice(b"\"7\",\"1/2/2000 3:04\",\"00STATE7\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"caf\xe9\"\n");
        latin.extend_from_slice(unclosed.as_bytes());
        latin.extend_from_slice(b"\"8\",\"1/2/2000 3:04\",\"\xe9\"\n");
        cases.push(latin);
        // A line that begins with bytes that look like a UTF-16 byte-order mark is still
        // one line of Windows-1252 (found by fuzzing: it was read as UTF-16 and lost its
        // line end, so the row ran on into the next record).
        let mut bom = b"\"9\",\"1/2/2000 3:04\",\"00STATE9\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"H\",\"first\n".to_vec();
        bom.extend_from_slice(b"\xfe\xff line\"\n");
        bom.extend_from_slice(b"\xfe\xff,\"x\"\n");
        bom.extend_from_slice(good.as_bytes());
        let (rows, _) = rows_of(&bom);
        assert_eq!(rows[0].content(), "first\n\u{fe}\u{ff} line");
        cases.push(bom);
        for dump in &cases {
            for size in [1, 64, 100, 333, 1000, 1 << 20] {
                let (whole, pieces) = both_ways(dump, size);
                assert_eq!(whole, pieces, "piece size {size}");
            }
        }
        // The reports that matter here, by line.
        let (whole, _) = both_ways(&cases[1], 64);
        assert!(whole.contains("never closed; row skipped"), "{whole}");
        // The row of `unclosed` (lines 5-6) ends where the next `good` begins.
        assert!(
            whole.contains("the next record starts on line 7"),
            "{whole}"
        );
        assert!(whole.contains("row has 3 columns"), "{whole}");
        assert!(
            whole.contains("never closed before the end of the file"),
            "{whole}"
        );
    }

    #[test]
    fn a_broken_row_is_an_error_for_that_row_only() {
        let bad = "\"1\",\"x\",\"A1\"\n\"2\",\"1/1/2000 0:00\",\"00STATE1\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"\",\"UNCLAS\n\n1. X.\"\n\"3\",\"1/1/2000 0:00\",\"00STATE2\",\"Secretary of State\",\"UNCLASSIFIED\",\"\",\"\",\"never closed\n";
        let (rows, errs) = rows_of(bad.as_bytes());
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
