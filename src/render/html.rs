//! HTML escaping and relative URLs: everything from content goes through here.

/// A count as a reader reads it: `251,287`, `1,500`, `999`.
pub fn thousands(n: u64) -> String {
    let mut out = String::new();
    push_thousands(&mut out, n);
    out
}

/// [`thousands`], appended to `out`.
pub fn push_thousands(out: &mut String, n: u64) {
    let digits = n.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_into(&mut out, s);
    out
}

/// The bytes HTML escaping replaces (see [`entity`]).
const SPECIALS: [u8; 5] = *b"&<>\"'";

/// Whether `c` is a control character neither XML 1.0 nor HTML allows in a document:
/// C0 but tab, line feed and carriage return.
const fn is_bad_control(c: u8) -> bool {
    c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')
}

/// The first byte of U+FFFE and U+FFFF (and of every character from U+F000 on), which XML
/// does not allow either: looked at, replaced only when it starts one of those two.
const LEAD_EF: u8 = 0xEF;

/// The bytes [`escape_into`] looks at: [`SPECIALS`], the controls of [`is_bad_control`]
/// and [`LEAD_EF`], as a table.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < SPECIALS.len() {
        t[SPECIALS[k] as usize] = true;
        k += 1;
    }
    let mut c = 0;
    while c < 0x20 {
        t[c as usize] = is_bad_control(c);
        c += 1;
    }
    t[LEAD_EF as usize] = true;
    t
};

/// Which of the 16 bytes are ones [`escape_into`] looks at, as bits (byte `i`: bit `i`).
#[cfg(target_arch = "x86_64")]
fn special_mask(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of every x86_64 target; the load is unaligned and reads the
    // 16 bytes borrowed.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr() as *const __m128i);
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let any = SPECIALS
            .iter()
            .fold(eq(LEAD_EF), |any, &c| _mm_or_si128(any, eq(c)));
        // Below 0x20 (unsigned: v == min(v, 0x1f)), less tab, line feed and return.
        let low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let space = _mm_or_si128(_mm_or_si128(eq(b'\t'), eq(b'\n')), eq(b'\r'));
        let any = _mm_or_si128(any, _mm_andnot_si128(space, low));
        _mm_movemask_epi8(any) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn special_mask(block: &[u8; 16]) -> u32 {
    special_mask_portable(block)
}

/// [`special_mask`] a byte at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn special_mask_portable(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (i, &c)| m | (SPECIAL[c as usize] as u32) << i)
}

/// What `c` (one of [`SPECIALS`]) is written as.
fn entity(c: u8) -> &'static str {
    match c {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// Writes what comes before byte `i` of `s` (one [`SPECIAL`] marks) and what it stands
/// for: an entity, U+FFFD for a character XML does not allow, or nothing yet (a 0xEF
/// that starts another character, copied with the run it is in).
#[inline(always)]
fn replace_at(out: &mut String, s: &str, last: &mut usize, i: usize) {
    let b = s.as_bytes();
    let c = b[i];
    let len = if c == LEAD_EF {
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) {
            3
        } else {
            return;
        }
    } else {
        1
    };
    if i < *last {
        return;
    }
    out.push_str(&s[*last..i]);
    out.push_str(if len == 1 && !is_bad_control(c) {
        entity(c)
    } else {
        "\u{FFFD}"
    });
    *last = i + len;
}

/// Escapes `s` into `out` for HTML and XML element content and quoted attribute values:
/// `& < > " '` as entities, and the characters XML 1.0 does not allow (C0 controls but
/// tab, line feed and return; U+FFFE, U+FFFF) as U+FFFD, so no document is invalid
/// whatever the content holds.
pub fn escape_into(out: &mut String, s: &str) {
    // The characters looked at are ASCII or start with 0xEF, so the runs between them
    // are whole UTF-8 sequences and are copied in one go. Sixteen bytes at a time, as a
    // mask of the special ones.
    /// Writes what comes before each byte of `mask` (of the block at `at`), then its entity.
    #[inline(always)]
    fn replace(out: &mut String, s: &str, last: &mut usize, at: usize, mut mask: u32) {
        while mask != 0 {
            replace_at(out, s, last, at + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
    }
    let b = s.as_bytes();
    let mut last = 0;
    let mut blocks = b.chunks_exact(16);
    for (k, block) in (&mut blocks).enumerate() {
        let mask = special_mask(block.try_into().unwrap_or(&[0; 16]));
        replace(out, s, &mut last, k * 16, mask);
    }
    let done = b.len() - blocks.remainder().len();
    if b.len() >= 16 {
        // The last sixteen bytes, less those the blocks above have seen (all of them when
        // the blocks reached the end).
        let at = b.len() - 16;
        let mask = special_mask(b[at..].try_into().unwrap_or(&[0; 16]));
        replace(out, s, &mut last, at, mask & !((1u32 << (done - at)) - 1));
    } else {
        // A short string (a name, an id): byte by byte.
        for (i, &c) in b.iter().enumerate() {
            if SPECIAL[c as usize] {
                replace_at(out, s, &mut last, i);
            }
        }
    }
    out.push_str(&s[last..]);
}

/// `s` with the characters XML 1.0 does not allow (see [`escape_into`]) replaced by
/// U+FFFD, for HTML that was written by something else (pulldown-cmark).
pub fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if !s.contains(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.replace(bad, "\u{FFFD}"))
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
    fn thousands_are_marked_with_commas() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (12_345, "12,345"),
            (251_287, "251,287"),
            (1_234_567, "1,234,567"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(thousands(n), s);
        }
    }

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
                    '\u{fffe}' | '\u{ffff}' => "\u{fffd}".to_string(),
                    c if c < ' ' && !matches!(c, '\t' | '\n' | '\r') => "\u{fffd}".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let pieces = [
            "a", "é", "&", "<", ">", "\"", "'", "xyzxyzx", "“”", " ", "\u{80}", "\u{ff}", "\u{1}",
            "\n", "\t", "\u{1b}", "\u{fffe}", "\u{ffff}", "\u{fffd}", "\u{ff21}", "\u{1f}",
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
        for n in 0..40 {
            let plain = "p".repeat(n);
            assert_eq!(escape(&plain), plain);
            assert_eq!(escape(&format!("{plain}&")), format!("{plain}&amp;"));
            // One of each at every place of one or more blocks, and all of them at once.
            for c in [
                "&", "<", ">", "\"", "'", "é", "\u{0}", "\u{b}", "\r", "\u{ffff}", "\u{fffe}",
                "\u{fefe}",
            ] {
                let t = format!("{plain}{c}{plain}");
                assert_eq!(escape(&t), by_char(&t), "{t:?}");
            }
            let every = "&<>\"'".repeat(n);
            assert_eq!(escape(&every), by_char(&every));
        }
    }

    #[test]
    fn the_masks_of_special_bytes_agree() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let specials = b"&<>\"'";
        for _ in 0..20_000 {
            let mut block = [0u8; 16];
            for b in &mut block {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = match seed % 5 {
                    0 => specials[(seed >> 8) as usize % specials.len()],
                    1 => (seed >> 8) as u8 % 0x21,
                    _ => (seed >> 16) as u8,
                };
            }
            let looked_at =
                |c: u8| specials.contains(&c) || c == 0xEF || (c < 0x20 && !b"\t\n\r".contains(&c));
            let want = block
                .iter()
                .enumerate()
                .fold(0u32, |m, (i, &c)| m | (looked_at(c) as u32) << i);
            assert_eq!(special_mask(&block), want, "{block:?}");
            assert_eq!(special_mask_portable(&block), want, "{block:?}");
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
