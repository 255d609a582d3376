//! HTML escaping and relative URLs: everything from content goes through here.

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_into(&mut out, s);
    out
}

/// The bytes HTML escaping replaces.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Whether any of the eight bytes in `x` is one [`escape_into`] replaces (the usual
/// zero-byte test, once per character, on the word XOR that character).
fn has_special(x: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |c: u8| {
        let y = x ^ (LO * c as u64);
        y.wrapping_sub(LO) & !y & HI
    };
    (zero(b'&') | zero(b'<') | zero(b'>') | zero(b'"') | zero(b'\'')) != 0
}

pub fn escape_into(out: &mut String, s: &str) {
    // The five characters are ASCII, so the runs between them are whole UTF-8 sequences
    // and are copied in one go. Eight bytes at a time while none is special.
    let b = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !has_special(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(b.len());
        while i < end {
            if SPECIAL[b[i] as usize] {
                out.push_str(&s[last..i]);
                out.push_str(match b[i] {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    _ => "&#39;",
                });
                last = i + 1;
            }
            i += 1;
        }
    }
    out.push_str(&s[last..]);
}

/// The relative prefix from a page at `page_path` (`cable/2003/12/X.html`) back to the
/// site root (`../../../`).
pub fn root_of(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// The scheme of a URL, lower case (`https`, `mailto`, `javascript`), or `None` for a
/// relative URL. Read the way browsers do: leading spaces and control characters are
/// ignored and tabs and newlines inside the URL are removed, so `java\tscript:` is
/// `javascript`.
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| !matches!(c, '/' | '?' | '#' | '\\'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Anything before a `:` that is not a scheme makes browsers treat the URL as relative,
    // but no content URL needs that; call it a scheme so it is refused.
    Some(if valid {
        scheme.to_ascii_lowercase()
    } else {
        scheme.to_string()
    })
}

/// A URL from content, if it may be linked: http, https, mailto, or relative (no
/// scheme). `javascript:`, `data:`, `file:` and everything else give `None`. The caller
/// still escapes the result into the attribute.
pub fn safe_url(url: &str) -> Option<&str> {
    let trimmed = url.trim();
    if trimmed.chars().any(|c| c.is_control()) {
        return None;
    }
    match url_scheme(trimmed).as_deref() {
        None | Some("http" | "https" | "mailto") => Some(trimmed),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_by_words_agrees_with_escaping_by_characters() {
        let by_char = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let pieces = [
            "a", "é", "&", "<", ">", "\"", "'", "xyzxyzx", "“”", " ", "\u{80}", "\u{ff}",
        ];
        let mut s = String::new();
        for k in 0..400usize {
            s.push_str(pieces[(k * 7 + k / 3) % pieces.len()]);
            assert_eq!(escape(&s), by_char(&s), "{s:?}");
        }
        // Every alignment of the eight-byte words.
        for (i, _) in s.char_indices().take(64) {
            assert_eq!(escape(&s[i..]), by_char(&s[i..]));
        }
        for n in 0..20 {
            let plain = "p".repeat(n);
            assert_eq!(escape(&plain), plain);
            assert_eq!(escape(&format!("{plain}&")), format!("{plain}&amp;"));
        }
    }

    #[test]
    fn escapes_and_roots() {
        assert_eq!(
            escape(r#"<script>"a"&'b'"#),
            "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;"
        );
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("cable/2003/12/X.html"), "../../../");
        assert_eq!(root_of("tag/PREL/index.html"), "../../");
    }

    #[test]
    fn content_urls_are_limited_to_http_https_mailto_and_relative() {
        for ok in [
            "https://example.org/a?b#c",
            "http://x",
            "mailto:a@b.org",
            "../cable/2003/12/X.html",
            "#par3",
            "a/b:c",
            "?q=a:b",
        ] {
            assert_eq!(safe_url(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "x\0y",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
        assert_eq!(url_scheme("HTTPS://X"), Some("https".into()));
        assert_eq!(url_scheme("//cdn.example/x.js"), None);
    }
}
