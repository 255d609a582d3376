//! `feed.xml`: an Atom feed (RFC 4287) of the newest editorial notes.
//!
//! Deterministic: the feed's `updated` is the newest note's date, never the build time.
//! Links are absolute when `site.yaml` sets `base_url` (feed readers need that);
//! otherwise relative to the feed, which sits at the site root.

use super::annotations::{display_title, RenderedNotes};
use super::html::escape;
use crate::archive::Archive;

/// How many notes the feed carries.
pub const FEED_LEN: usize = 50;

pub fn atom(archive: &Archive, notes: &RenderedNotes<'_>) -> String {
    let base = archive.config.base_url.as_str();
    let site_id = if base.is_empty() {
        format!("urn:cablepress:{}", id_part(&archive.config.title))
    } else {
        base.to_string()
    };
    let updated = archive
        .notes
        .notes
        .first()
        .map(|n| n.annotation.date.rfc3339())
        .or_else(|| {
            archive
                .cables
                .iter()
                .rev()
                .find_map(|c| c.date)
                .map(|d| d.rfc3339())
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&archive.config.language)
    ));
    x.push_str(&format!(
        "<title>{} · annotations</title>\n",
        escape(&archive.config.title)
    ));
    if !archive.config.description.is_empty() {
        x.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            escape(&archive.config.description)
        ));
    }
    x.push_str(&format!(
        "<id>{}</id>\n",
        escape(&format!(
            "{site_id}{}feed.xml",
            if base.is_empty() { ":" } else { "" }
        ))
    ));
    x.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n",
        escape(base)
    ));
    x.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}annotations/index.html\"/>\n",
        escape(base)
    ));
    x.push_str(&format!("<updated>{updated}</updated>\n"));
    x.push_str("<generator>cablepress</generator>\n");
    for i in 0..archive.notes.notes.len().min(FEED_LEN) {
        let n = &archive.notes.notes[i];
        let v = notes.view(i, base);
        let entry_id = if base.is_empty() {
            format!(
                "urn:cablepress:{}:note:{}",
                id_part(&archive.config.title),
                path_id(&n.annotation.rel)
            )
        } else {
            format!("{base}annotations/{}", path_id(&n.annotation.rel))
        };
        let date = n.annotation.date.rfc3339();
        x.push_str("<entry>\n");
        x.push_str(&format!(
            "  <title>{}</title>\n",
            escape(&display_title(&v))
        ));
        x.push_str(&format!("  <id>{}</id>\n", escape(&entry_id)));
        x.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n",
            escape(base),
            escape(&v.url)
        ));
        x.push_str(&format!(
            "  <published>{date}</published>\n  <updated>{date}</updated>\n"
        ));
        x.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(&v.author)
        ));
        x.push_str(&format!(
            "  <category term=\"{}\" label=\"{}\"/>\n",
            escape(&v.cable_id),
            escape(format!("{} {}", v.cable_id, v.cable_subject).trim())
        ));
        let mut html = String::new();
        if let Some(q) = &v.quote {
            html.push_str(&format!("<blockquote>{}</blockquote>", escape(q)));
        }
        html.push_str(&v.body_html);
        x.push_str(&format!("  <summary>{}</summary>\n", escape(&v.excerpt)));
        x.push_str(&format!(
            "  <content type=\"html\">{}</content>\n",
            escape(&html)
        ));
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// A note's path inside a URN or URL path, one for each path: letters, digits, `-`, `.`,
/// `_` and `/` as they are, every other byte (of the name in NFC, as file systems differ)
/// percent-encoded: `x y.md` is `x%20y.md`, `é.md` is `%C3%A9.md`.
fn path_id(rel: &str) -> String {
    use std::fmt::Write as _;
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = rel.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for b in nfc.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A fragment usable inside a URN or URL path: letters, digits, `-`, `.`, `_`, `/`.
fn id_part(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        "site".into()
    } else {
        out
    }
}
