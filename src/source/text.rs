//! Reading a content file as text: UTF-8 with or without BOM, CRLF or LF, and the
//! Windows-1252 files that old exports produce (decoded with a warning, never dropped).

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Decodes bytes as a content file. Returns the text (LF line ends, no BOM) and a warning
/// when the bytes were not UTF-8.
pub fn decode(bytes: Vec<u8>, path: &Path) -> (String, Option<Diagnostic>) {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let (text, warning) = match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            // A UTF-16 byte-order mark (what Notepad calls "Unicode"): UTF-16. Anything
            // else: Windows-1252, byte for byte, whatever its first bytes look like.
            let (text, message) = match encoding_rs::Encoding::for_bom(&bytes) {
                Some((enc, _)) if enc != encoding_rs::UTF_8 => (
                    enc.decode_with_bom_removal(&bytes).0,
                    format!(
                        "not valid UTF-8: starts with a {} byte-order mark; read as {}",
                        enc.name(),
                        enc.name()
                    ),
                ),
                _ => (
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&bytes)
                        .0,
                    "not valid UTF-8; read as Windows-1252".to_string(),
                ),
            };
            (
                text.into_owned(),
                Some(
                    Diagnostic::warning("encoding", path, Some(line), message)
                        .with_hint("save the file as UTF-8 to silence this"),
                ),
            )
        }
    };
    (normalize_newlines(text), warning)
}

/// CRLF and lone CR become LF; NUL bytes (never meaningful in a telegram) are dropped.
pub fn normalize_newlines(text: String) -> String {
    if memchr::memchr2(b'\r', b'\0', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "")
}

/// Reads and decodes a file.
pub fn read(path: &Path) -> Result<(String, Option<Diagnostic>), Box<Diagnostic>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(decode(bytes, path)),
        Err(e) => Err(Box::new(Diagnostic::error(
            "io",
            path,
            None,
            format!("cannot read file: {e}"),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_latin1() {
        let p = Path::new("x.txt");
        let (t, w) = decode(b"\xEF\xBB\xBFa\r\nb\rc".to_vec(), p);
        assert_eq!(t, "a\nb\nc");
        assert!(w.is_none());
        let (t, w) = decode(b"caf\xe9 \x93quoted\x94\n".to_vec(), p);
        assert_eq!(t, "café \u{201c}quoted\u{201d}\n");
        let w = w.unwrap();
        assert_eq!(w.line, Some(1));
        assert!(w
            .to_string()
            .starts_with("warning: x.txt:1: not valid UTF-8; read as Windows-1252"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_as_utf16_and_said_so() {
        let p = Path::new("x.txt");
        // A byte-order mark, then `text` as UTF-16 units made bytes by `bytes`.
        let utf16 = |mark: &[u8], text: &str, bytes: fn(u16) -> [u8; 2]| -> Vec<u8> {
            let units = text.encode_utf16().flat_map(bytes);
            mark.iter().copied().chain(units).collect()
        };
        let (t, w) = decode(utf16(b"\xFF\xFE", "é\r\nb", u16::to_le_bytes), p);
        assert_eq!(t, "é\nb");
        assert!(w.unwrap().to_string().contains("read as UTF-16LE"));
        let (t, w) = decode(utf16(b"\xFE\xFF", "a\nb", u16::to_be_bytes), p);
        assert_eq!(t, "a\nb");
        assert!(w.unwrap().to_string().contains("read as UTF-16BE"));
        // Without a mark, Windows-1252 byte for byte.
        let (t, _) = decode(b"\xFE\xE9t\xE9".to_vec(), p);
        assert_eq!(t, "\u{fe}\u{e9}t\u{e9}");
    }
}
