//! A small HTML tokenizer and well-formedness check for the pages cablepress writes.
//!
//! Not a full HTML5 parser: it reads tags and their attributes the way a browser does
//! (quoted and unquoted values, comments, `<script>`/`<style>` raw text) so the checker
//! and the fuzz harness can see what elements and attributes a page really has, and
//! report tags that are never closed or closed without being opened. Elements whose end
//! tag HTML lets you omit (`p`, `li`, `td`, ...) are closed implicitly, as browsers do.

/// One start or end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Lower-case element name.
    pub name: String,
    pub closing: bool,
    /// `<br/>`-style self-closing syntax.
    pub self_closing: bool,
    /// Attribute names (lower case) and raw values (entities not decoded).
    pub attrs: Vec<(String, &'a str)>,
    /// Byte offset of the `<`.
    pub offset: usize,
}

/// Elements with no end tag.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose end tag may be omitted; an unclosed one is not a problem.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rt",
    "rp", "colgroup", "caption", "html", "head", "body",
];

fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    i
}

/// Every tag in `html`, in order. Comments, doctypes and the contents of `<script>`,
/// `<style>` and `<textarea>` are skipped. Never panics, whatever the input.
pub fn tags(html: &str) -> Vec<Tag<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = memchr::memchr(b'<', &b[i..]) {
        let start = i + rel;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = match html[start + 4..].find("-->") {
                Some(e) => start + 4 + e + 3,
                None => b.len(),
            };
            continue;
        }
        if b.get(i) == Some(&b'!') || b.get(i) == Some(&b'?') {
            i = memchr::memchr(b'>', &b[i..])
                .map(|e| i + e + 1)
                .unwrap_or(b.len());
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        if !b.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
            continue; // a `<` that starts no tag is text
        }
        let ne = name_end(b, i);
        let name = html[i..ne].to_ascii_lowercase();
        i = ne;
        let mut attrs = Vec::new();
        let mut self_closing = false;
        // Attributes.
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            match b[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    self_closing = b.get(i + 1) == Some(&b'>');
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let ns = i;
            let ends_name = |c: u8, at: usize| {
                c.is_ascii_whitespace() || matches!(c, b'=' | b'>') || (c == b'/' && at > ns)
            };
            while i < b.len() && !ends_name(b[i], i) {
                i += 1;
            }
            if i == ns {
                i += 1; // a stray `=`: skip it
                continue;
            }
            let attr = html[ns..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let vs = i + 1;
                        let ve = memchr::memchr(q, &b[vs..])
                            .map(|e| vs + e)
                            .unwrap_or(b.len());
                        value = &html[vs..ve];
                        i = (ve + 1).min(b.len());
                    }
                    _ => {
                        let vs = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = &html[vs..i];
                    }
                }
            }
            attrs.push((attr, value));
        }
        let raw_text =
            !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title");
        out.push(Tag {
            name: name.clone(),
            closing,
            self_closing,
            attrs,
            offset: start,
        });
        if raw_text {
            // Skip to the matching end tag (case-insensitive).
            let close = format!("</{name}");
            let rest = &html[i..];
            let found = rest.char_indices().find(|(k, _)| {
                rest.get(*k..*k + close.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(&close))
            });
            i = match found {
                Some((k, _)) => i + k,
                None => b.len(),
            };
        }
    }
    out
}

/// The line (1-based) of a byte offset.
pub fn line_of(html: &str, offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &html.as_bytes()[..offset.min(html.len())]).count() + 1
}

/// Tags that are closed without being opened, or opened and never closed.
pub fn problems(html: &str) -> Vec<String> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    for t in tags(html) {
        if VOID.contains(&t.name.as_str()) || t.self_closing && !t.closing {
            continue;
        }
        if !t.closing {
            stack.push((t.name, t.offset));
            continue;
        }
        match stack.iter().rposition(|(n, _)| *n == t.name) {
            Some(pos) => {
                for (n, off) in stack.drain(pos..).skip(1) {
                    if !OPTIONAL_END.contains(&n.as_str()) {
                        out.push(format!(
                            "line {}: <{n}> is never closed (</{}> on line {} closes its parent)",
                            line_of(html, off),
                            t.name,
                            line_of(html, t.offset)
                        ));
                    }
                }
                stack.truncate(pos);
            }
            None => out.push(format!(
                "line {}: </{}> closes nothing",
                line_of(html, t.offset),
                t.name
            )),
        }
        if out.len() >= 20 {
            break;
        }
    }
    for (n, off) in stack {
        if !OPTIONAL_END.contains(&n.as_str()) && out.len() < 20 {
            out.push(format!(
                "line {}: <{n}> is never closed",
                line_of(html, off)
            ));
        }
    }
    out
}

/// The elements the built-in theme writes. A page built from content holding markup has
/// none but these: anything else would have come from the content (tests and the fuzz
/// harness check this).
pub const THEME_TAGS: &[&str] = &[
    "a",
    "article",
    "body",
    "br",
    "button",
    "code",
    "details",
    "div",
    "figcaption",
    "figure",
    "footer",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "head",
    "header",
    "html",
    "input",
    "label",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "p",
    "pre",
    "rect",
    "section",
    "small",
    "span",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "text",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "ul",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_like_a_browser() {
        let t = tags(
            r#"<a href="x.html" title='a "b"' data-x=1 hidden><!-- <b> --><script>if (a<b) {}</script></a>"#,
        );
        let names: Vec<(&str, bool)> = t.iter().map(|t| (t.name.as_str(), t.closing)).collect();
        assert_eq!(
            names,
            vec![
                ("a", false),
                ("script", false),
                ("script", true),
                ("a", true)
            ]
        );
        assert_eq!(
            t[0].attrs,
            vec![
                ("href".into(), "x.html"),
                ("title".into(), "a \"b\""),
                ("data-x".into(), "1"),
                ("hidden".into(), "")
            ]
        );
        // An escaped quote inside a value cannot start an attribute.
        let t = tags(r#"<p title="&quot; onmouseover=alert(1)">x</p>"#);
        assert_eq!(t[0].attrs.len(), 1);
        // A `<` that is text.
        assert!(tags("1 < 2 and a<-b").is_empty());
    }

    #[test]
    fn finds_unbalanced_tags_but_allows_optional_end_tags() {
        assert!(problems("<!DOCTYPE html><html><body><ul><li>a<li>b</ul><p>x<div>y</div><br><img src=x.png></body></html>").is_empty());
        let p = problems("<div><span>x</div></em>");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("<span> is never closed"));
        assert!(p[1].contains("</em> closes nothing"));
        assert_eq!(
            problems("<section>")[0],
            "line 1: <section> is never closed"
        );
    }

    #[test]
    fn hostile_markup_does_not_panic() {
        for s in [
            "<",
            "</",
            "<a",
            "<a b=",
            "<a b=\"",
            "<!--",
            "<script>",
            "<a/",
            "<é>",
            "<a\u{0}b>",
            "<<>>",
            "</ >",
        ] {
            let _ = problems(s);
        }
    }
}
