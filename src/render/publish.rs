//! What publishers and readers' tools expect besides the pages: `sitemap.xml` and
//! `robots.txt` for search engines, and for each cable its original text
//! (`cable/YYYY/MM/<ID>.txt`) and a citation that reference managers read: BibTeX
//! (`.bib`) and CSL-JSON (`.json`, Zotero, Mendeley, pandoc).
//!
//! `base_url` from `site.yaml` is used only here and in the page head, where a URL must
//! be absolute; pages keep relative links. Without it there is no sitemap (a sitemap of
//! relative URLs is invalid) and citations carry no URL.

use super::html::escape;
use crate::archive::Archive;
use crate::cable::Cable;
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use std::fmt::Write as _;

/// The sitemap protocol's limit of URLs per file.
pub const SITEMAP_MAX_URLS: usize = 50_000;

use super::write_file as write;

/// `cable/2003/12/X.html` → `cable/2003/12/X.bib`
fn sibling(page_path: &str, ext: &str) -> String {
    let stem = page_path.strip_suffix(".html").unwrap_or(page_path);
    format!("{stem}.{ext}")
}

/// One cable's `.txt`, `.bib` and `.json`.
pub fn write_files_of(archive: &Archive, c: &Cable, out: &Output, diags: &Diagnostics) {
    let site = &archive.config;
    let page = c.page_path();
    let url = if site.base_url.is_empty() {
        String::new()
    } else {
        format!("{}{}", site.base_url, page)
    };
    let text = if c.text.ends_with('\n') {
        std::borrow::Cow::Borrowed(c.text.as_str())
    } else {
        let mut t = String::with_capacity(c.text.len() + 1);
        t.push_str(&c.text);
        t.push('\n');
        std::borrow::Cow::Owned(t)
    };
    write(out, &sibling(&page, "txt"), text.as_bytes(), diags);
    write(
        out,
        &sibling(&page, "bib"),
        bibtex(c, &url).as_bytes(),
        diags,
    );
    write(
        out,
        &sibling(&page, "json"),
        csl_json(c, &url, &site.title).as_bytes(),
        diags,
    );
}

/// Escapes text for a BibTeX field in braces: LaTeX's special characters, and braces as
/// `\textbraceleft{}` / `\textbraceright{}` (BibTeX counts every brace, backslash or
/// not, so `\{` alone could unbalance the entry or end the field early).
fn bib_escape_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A URL for BibTeX's `url` field, which styles read verbatim (`\url`): as it is, but
/// braces, backslashes, spaces and control characters percent-encoded, so the entry
/// stays balanced whatever the address holds.
fn bib_url_into(out: &mut String, url: &str) {
    for ch in url.chars() {
        match ch {
            '{' | '}' | '\\' | ' ' => {
                let _ = write!(out, "%{:02X}", ch as u32);
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A `@misc` entry (BibTeX and biblatex both read it). The subject is wrapped in a second
/// pair of braces so styles keep its case; the post is a corporate author, likewise.
pub fn bibtex(c: &Cable, url: &str) -> String {
    // Written into one string (a format! per field allocated each time; 251,287 entries).
    let mut b = String::with_capacity(512);
    let _ = writeln!(b, "@misc{{{},", c.id);
    let title = if c.subject.is_empty() {
        c.id.as_str()
    } else {
        c.subject.as_str()
    };
    b.push_str("  title = {{");
    bib_escape_into(&mut b, title);
    b.push_str("}},\n");
    if !c.origin.is_empty() {
        b.push_str("  author = {{");
        bib_escape_into(&mut b, &c.origin);
        b.push_str("}},\n");
    }
    if let Some(d) = c.date {
        let _ = writeln!(b, "  year = {{{}}},", d.year);
        let _ = writeln!(
            b,
            "  month = {},",
            MONTHS[(d.month as usize).clamp(1, 12) - 1]
        );
        let _ = writeln!(b, "  date = {{{:04}-{:02}-{:02}}},", d.year, d.month, d.day);
    }
    // Ids are letters, digits, `-` and `_` (the key takes them as they are).
    b.push_str("  number = {");
    bib_escape_into(&mut b, &c.id);
    b.push_str("},\n");
    b.push_str("  type = {Diplomatic cable},\n");
    b.push_str("  howpublished = {Diplomatic cable ");
    bib_escape_into(&mut b, &c.id);
    b.push_str("},\n");
    if !c.classification.is_empty() {
        b.push_str("  note = {Classification: ");
        bib_escape_into(&mut b, &c.classification);
        b.push_str("},\n");
    }
    if !url.is_empty() {
        b.push_str("  url = {");
        bib_url_into(&mut b, url);
        b.push_str("},\n");
    }
    b.push_str("}\n");
    b
}

/// A one-item CSL-JSON array.
pub fn csl_json(c: &Cable, url: &str, archive_title: &str) -> String {
    /// The item, its fields in the order of their names (as they have always been
    /// written), the optional ones left out when empty.
    #[derive(serde::Serialize)]
    struct Item<'a> {
        #[serde(rename = "URL", skip_serializing_if = "str::is_empty")]
        url: &'a str,
        archive: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        author: Option<[Literal<'a>; 1]>,
        genre: &'a str,
        id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        issued: Option<Issued>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        number: &'a str,
        title: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Literal<'a> {
        literal: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Issued {
        #[serde(rename = "date-parts")]
        date_parts: [[u32; 3]; 1],
    }
    let item = Item {
        url,
        archive: archive_title,
        author: (!c.origin.is_empty()).then(|| [Literal { literal: &c.origin }]),
        genre: "Diplomatic cable",
        id: &c.id,
        issued: c.date.map(|d| Issued {
            date_parts: [[d.year as u32, d.month as u32, d.day as u32]],
        }),
        note: (!c.classification.is_empty())
            .then(|| format!("Classification: {}", c.classification)),
        number: &c.id,
        title: if c.subject.is_empty() {
            &c.id
        } else {
            &c.subject
        },
        kind: "document",
    };
    let mut s = serde_json::to_string_pretty(&[item]).unwrap_or_default();
    s.push('\n');
    s
}

/// `robots.txt`, and when `base_url` is set, `sitemap.xml` listing every page written so
/// far (call it last). Over [`SITEMAP_MAX_URLS`] pages, `sitemap.xml` is an index of
/// `sitemaps/N.xml`.
pub fn write_sitemap(archive: &Archive, out: &Output, diags: &Diagnostics) {
    let base = &archive.config.base_url;
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if !base.is_empty() {
        robots.push_str(&format!("\nSitemap: {base}sitemap.xml\n"));
    }
    write(out, "robots.txt", robots.as_bytes(), diags);
    if base.is_empty() {
        return;
    }
    write_sitemap_of(archive, &out.paths_ending(".html"), out, diags);
}

/// How many `sitemaps/N.xml` a sitemap of `pages` pages has (none while `sitemap.xml`
/// holds them all).
pub fn sitemap_parts(pages: usize) -> usize {
    if pages <= SITEMAP_MAX_URLS {
        0
    } else {
        pages.div_ceil(SITEMAP_MAX_URLS)
    }
}

/// `sitemap.xml` (and `sitemaps/N.xml` over [`SITEMAP_MAX_URLS`]) listing `pages`
/// (site-relative, sorted), when `base_url` is set.
pub fn write_sitemap_of(archive: &Archive, pages: &[String], out: &Output, diags: &Diagnostics) {
    let base = &archive.config.base_url;
    if base.is_empty() {
        return;
    }
    let urlset = |pages: &[String]| {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for p in pages {
            x.push_str(&format!(
                "<url><loc>{}</loc></url>\n",
                escape(&format!("{base}{p}"))
            ));
        }
        x.push_str("</urlset>\n");
        x
    };
    if sitemap_parts(pages.len()) == 0 {
        write(out, "sitemap.xml", urlset(pages).as_bytes(), diags);
        return;
    }
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in pages.chunks(SITEMAP_MAX_URLS).enumerate() {
        let path = format!("sitemaps/{}.xml", i + 1);
        write(out, &path, urlset(chunk).as_bytes(), diags);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&format!("{base}{path}"))
        ));
    }
    index.push_str("</sitemapindex>\n");
    write(out, "sitemap.xml", index.as_bytes(), diags);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_fifty_thousand_pages_the_sitemap_is_an_index() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Output::begin(&tmp.path().join("public")).unwrap();
        for i in 0..SITEMAP_MAX_URLS + 1 {
            out.write(&format!("p/{i:06}.html"), b"x").unwrap();
        }
        out.write("p/not-a-page.js", b"x").unwrap();
        let config = crate::config::Config {
            base_url: "https://example.org/".into(),
            ..Default::default()
        };
        let diags = Diagnostics::default();
        let archive = Archive::assemble(config, Vec::new(), &diags);
        write_sitemap(&archive, &out, &diags);
        let dest = out.commit().unwrap();
        let index = std::fs::read_to_string(dest.join("sitemap.xml")).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://example.org/sitemaps/1.xml</loc>"));
        assert!(index.contains("<loc>https://example.org/sitemaps/2.xml</loc>"));
        let first = std::fs::read_to_string(dest.join("sitemaps/1.xml")).unwrap();
        assert_eq!(first.matches("<url>").count(), SITEMAP_MAX_URLS);
        let second = std::fs::read_to_string(dest.join("sitemaps/2.xml")).unwrap();
        assert_eq!(second.matches("<url>").count(), 1);
        assert!(second.contains("<loc>https://example.org/p/050000.html</loc>"));
        assert!(!first.contains(".js<") && !second.contains(".js<"));
    }

    #[test]
    fn csl_json_has_the_fields_a_cable_has_in_name_order() {
        // The same item built as a JSON map (whose keys are kept in name order).
        let reference = |c: &Cable, url: &str, title: &str| {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), c.id.clone().into());
            item.insert("type".into(), "document".into());
            let t = if c.subject.is_empty() {
                &c.id
            } else {
                &c.subject
            };
            item.insert("title".into(), t.clone().into());
            if !c.origin.is_empty() {
                item.insert(
                    "author".into(),
                    serde_json::json!([{ "literal": c.origin }]),
                );
            }
            if let Some(d) = c.date {
                item.insert(
                    "issued".into(),
                    serde_json::json!({ "date-parts": [[d.year, d.month, d.day]] }),
                );
            }
            item.insert("number".into(), c.id.clone().into());
            item.insert("genre".into(), "Diplomatic cable".into());
            item.insert("archive".into(), title.into());
            if !c.classification.is_empty() {
                let note = format!("Classification: {}", c.classification);
                item.insert("note".into(), note.into());
            }
            if !url.is_empty() {
                item.insert("URL".into(), url.into());
            }
            let v = serde_json::Value::Array(vec![item.into()]);
            serde_json::to_string_pretty(&v).unwrap() + "\n"
        };
        let full = Cable {
            id: "09PHNOMPENH611".into(),
            date: crate::cable::CableDate::new(2009, 6, 12, 10, 30),
            origin: "Embassy \"Phnom\" Penh".into(),
            classification: "SECRET//NOFORN".into(),
            subject: "BORDER TALK \\ <b>é</b>".into(),
            ..Default::default()
        };
        let bare = Cable {
            id: "75X1".into(),
            ..Default::default()
        };
        for c in [&full, &bare] {
            for url in ["", "https://example.org/cable/2009/06/09PHNOMPENH611.html"] {
                assert_eq!(csl_json(c, url, "Archive"), reference(c, url, "Archive"));
            }
        }
    }

    #[test]
    fn bibtex_escapes_what_latex_would_read() {
        let mut escaped = String::new();
        bib_escape_into(&mut escaped, r"50% of {x} & $5 #1 a_b \ ~^");
        assert_eq!(
            escaped,
            r"50\% of \textbraceleft{}x\textbraceright{} \& \$5 \#1 a\_b \textbackslash{} \textasciitilde{}\textasciicircum{}"
        );
        let mut url = String::new();
        bib_url_into(&mut url, "https://x.org/~a_b/{c}\\d e\u{1}%41");
        assert_eq!(url, "https://x.org/~a_b/%7Bc%7D%5Cd%20e%01%41");
        assert_eq!(
            sibling("cable/2003/12/X.html", "bib"),
            "cable/2003/12/X.bib"
        );
    }
}
