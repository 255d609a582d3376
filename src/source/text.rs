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
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
            (
                cow.into_owned(),
                Some(
                    Diagnostic::warning(
                        "encoding",
                        path,
                        Some(line),
                        "not valid UTF-8; read as Windows-1252",
                    )
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
            .starts_with("warning: x.txt:1: not valid UTF-8"));
    }
}
