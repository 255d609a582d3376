//! The offline search: an inverted index written as JavaScript files that
//! `static/search.js` loads with `<script>` elements, so search works on any host, under
//! any sub-path and from `file://` (where browsers refuse `fetch()`), with no server.
//!
//! What is searched is a list of [`SearchDoc`]s: every cable (id, subject, full text),
//! and whatever else the site adds with [`SearchIndex::add_document`] (people, notes).
//! The index is split so a query loads only what its words need:
//!
//! - `search/meta.js`: document count, stopwords, facets, the first word of each shard;
//! - `search/t/N.js`: a slice of the sorted vocabulary with each word's document
//!   frequency and, for short lists, its postings (long lists: `t/N-K.js`);
//! - `search/p/N.js`, `p/N-K.js`: which words follow which, loaded for phrases only;
//! - `search/d/N.js`: the documents' display records (id, date, origin, subject,
//!   snippet), `files::DOCS_PER_SHARD` to a file, loaded for the results shown;
//! - `search/f/FACET-I.js`: the documents of one country, year or classification.
//!
//! See `postings` for the encoding and `files` for the layout.

mod files;
mod postings;
pub mod tokenize;
pub mod vlq;

use super::annotations::RenderedNotes;
use super::pages;
use super::people;
use super::telegram::{paragraph_plain_start, reads_as_prose};
use crate::archive::{codes, Archive};
use crate::cable::Cable;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use serde::Serialize;
use std::borrow::Cow;
use std::path::Path;

pub use files::{FacetCount, SearchStats};

/// How much a word counts where it is found (BM25F-style field weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// An identifier: a cable id, a person's name.
    Id,
    /// A title: a cable's subject, an alias.
    Title,
    /// Running text.
    Text,
}

impl Weight {
    pub fn factor(self) -> f32 {
        match self {
            Weight::Id => 8.0,
            Weight::Title => 4.0,
            Weight::Text => 1.0,
        }
    }
}

/// A piece of a document's text.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub weight: Weight,
    /// The paragraph number a hit here links to (`#parN`); 0 for none.
    pub anchor: u32,
    pub text: Cow<'a, str>,
}

/// A value a reader can filter by: `country` / `CB` / `Cambodia`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet<'a> {
    pub name: &'static str,
    pub key: Cow<'a, str>,
    pub label: Cow<'a, str>,
}

/// One searchable thing: a cable, a person, a note.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    /// `cable`, `person`, `note`: shown on results that are not cables.
    pub kind: &'static str,
    /// What identifies it: a cable id, a person's name.
    pub label: Cow<'a, str>,
    /// Site-relative URL of its page.
    pub url: String,
    pub title: Cow<'a, str>,
    /// `YYYY-MM-DD HH:MM` (sorts by date); empty when undated.
    pub date: String,
    pub origin: Cow<'a, str>,
    pub classification: Cow<'a, str>,
    /// A short text shown under the result (the search marks the query's words in it).
    pub snippet: String,
    pub facets: Vec<Facet<'a>>,
    /// What is searched: the label and title (added by [`SearchDoc::new`]), then the rest.
    pub fields: Vec<Field<'a>>,
    /// What a reader types to mean this very page: a person's name and aliases, a note's
    /// title. A query whose words, folded, are all the words of one of these lists this
    /// document first (under relevance order). Each is one term of the index (see
    /// [`tokenize::name_term`]), so it costs a vocabulary entry, not a word per document.
    pub names: Vec<Cow<'a, str>>,
    /// A cable whose head and paragraphs are searched after `fields`, with its text. They
    /// are made into fields only while the index reads this document: made for every cable
    /// at once, the 251,287 cables' documents took 352 MiB instead of 263 MiB. The text is
    /// borrowed from the archive, or owned when a build has taken the texts out of it
    /// ([`SearchIndex::from_cable_texts`]): then it is freed as soon as the document's words
    /// are read.
    pub text_of: Option<(&'a Cable, Cow<'a, str>)>,
}

impl<'a> SearchDoc<'a> {
    /// A document whose label (weighted as an id) and title are searchable.
    pub fn new(
        kind: &'static str,
        label: impl Into<Cow<'a, str>>,
        url: impl Into<String>,
        title: impl Into<Cow<'a, str>>,
    ) -> Self {
        let (label, title): (Cow<'a, str>, Cow<'a, str>) = (label.into(), title.into());
        let mut fields = vec![Field {
            weight: Weight::Id,
            anchor: 0,
            text: label.clone(),
        }];
        if !title.is_empty() && title != label {
            fields.push(Field {
                weight: Weight::Title,
                anchor: 0,
                text: title.clone(),
            });
        }
        SearchDoc {
            kind,
            label,
            url: url.into(),
            title,
            date: String::new(),
            origin: Cow::Borrowed(""),
            classification: Cow::Borrowed(""),
            snippet: String::new(),
            facets: Vec::new(),
            fields,
            names: Vec::new(),
            text_of: None,
        }
    }

    /// Everything searched, in order, as (weight, paragraph, text): `fields`, then the
    /// head and the paragraphs of the cable in `text_of`.
    pub fn all_fields(&self) -> impl Iterator<Item = (Weight, u32, &str)> {
        let given = self
            .fields
            .iter()
            .map(|f| (f.weight, f.anchor, f.text.as_ref()));
        let cable = self.text_of.iter().flat_map(|(c, text)| {
            let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("");
            std::iter::once((Weight::Text, 0, slice(&c.head))).chain(
                c.paragraphs
                    .iter()
                    .map(move |p| (Weight::Text, p.number.unwrap_or(0), slice(&p.range))),
            )
        });
        given.chain(cable)
    }

    /// Drops what only the display records need (written before the words are indexed).
    fn forget_display(&mut self) {
        self.label = Cow::Borrowed("");
        self.url = String::new();
        self.title = Cow::Borrowed("");
        self.date = String::new();
        self.origin = Cow::Borrowed("");
        self.classification = Cow::Borrowed("");
        self.snippet = String::new();
        self.facets = Vec::new();
    }

    /// Adds text to search, linking hits to paragraph `anchor` (0: the page).
    pub fn field(mut self, weight: Weight, anchor: u32, text: impl Into<Cow<'a, str>>) -> Self {
        self.fields.push(Field {
            weight,
            anchor,
            text: text.into(),
        });
        self
    }

    /// Adds a name a reader may type to mean this document (see [`SearchDoc::names`]).
    pub fn name(mut self, name: impl Into<Cow<'a, str>>) -> Self {
        self.names.push(name.into());
        self
    }

    pub fn facet(
        mut self,
        name: &'static str,
        key: impl Into<Cow<'a, str>>,
        label: impl Into<Cow<'a, str>>,
    ) -> Self {
        self.facets.push(Facet {
            name,
            key: key.into(),
            label: label.into(),
        });
        self
    }

    pub fn snippet(mut self, text: &str) -> Self {
        self.snippet = truncate_words(text, SNIPPET_CHARS);
        self
    }
}

/// Characters of snippet kept per document.
pub const SNIPPET_CHARS: usize = 160;

/// The facets the search page offers, in this order.
pub const FACETS: &[(&str, &str)] = &[
    ("country", "Country"),
    ("year", "Year"),
    ("class", "Classification"),
];

/// The documents to index. Cables first (in the archive's order, by date), then anything
/// added; [`SearchIndex::write`] orders them by date, undated last.
#[derive(Default)]
pub struct SearchIndex<'a> {
    pub docs: Vec<SearchDoc<'a>>,
}

impl<'a> SearchIndex<'a> {
    /// Every cable of the archive.
    pub fn from_archive(archive: &'a Archive) -> Self {
        Self::from_archive_unless(archive, &|| false).unwrap_or_default()
    }

    /// [`SearchIndex::from_archive`], given up (`None`) when `stop` says so (asked
    /// before each few thousand cables).
    pub fn from_archive_unless(
        archive: &'a Archive,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Self> {
        use rayon::prelude::*;
        const STEP: usize = 4096;
        let n = archive.cables.len();
        let mut docs = Vec::with_capacity(n);
        for start in (0..n).step_by(STEP) {
            if stop() {
                return None;
            }
            docs.par_extend(
                (start..n.min(start + STEP))
                    .into_par_iter()
                    .map(|i| cable_doc(archive, i)),
            );
        }
        Some(SearchIndex { docs })
    }

    /// Every cable of the archive, with the texts a build has taken out of it
    /// ([`crate::archive::Archive::take_texts`]; `texts[i]` is cable `i`'s) and each
    /// cable's snippet ([`cable_snippet`], worked out before the texts were taken). The
    /// index owns the texts and frees each once it has read its words, so their memory
    /// goes to the postings instead of adding to them.
    pub fn from_cable_texts(
        archive: &'a Archive,
        snippets: Vec<String>,
        texts: Vec<String>,
    ) -> Self {
        use rayon::prelude::*;
        let docs = snippets
            .into_par_iter()
            .zip(texts)
            .enumerate()
            .map(|(i, (snippet, text))| cable_doc_with(archive, i, snippet, Cow::Owned(text)))
            .collect();
        SearchIndex { docs }
    }

    /// Adds a person, a note, or anything else with a page: e.g.
    /// `SearchDoc::new("person", name, "person/x/index.html", name).field(Weight::Title, 0, aliases)`.
    pub fn add_document(&mut self, doc: SearchDoc<'a>) {
        self.docs.push(doc);
    }

    /// Writes the index under `search/`.
    pub fn write(self, out: &Output) -> anyhow::Result<SearchStats> {
        self.write_unless(out, &|| false)
            .map(Option::unwrap_or_default)
    }

    /// [`SearchIndex::write`], given up (`Ok(None)`) when `stop` says so, asked as it
    /// goes (before each file and each chunk of documents). What was written by then is
    /// part of the new index: write into a folder of its own when the old one must stay
    /// whole.
    pub fn write_unless(
        mut self,
        out: &Output,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> anyhow::Result<Option<SearchStats>> {
        let timings = crate::render::timings_on();
        if timings {
            eprintln!(
                "timing:   search: {} documents ({})",
                self.docs.len(),
                crate::render::memory_figures()
            );
        }
        // Stable: cables keep the archive's order (date, then id).
        self.docs
            .sort_by(|a, b| (a.date.is_empty(), &a.date).cmp(&(b.date.is_empty(), &b.date)));
        // The display records and facet lists first: what they need is then let go
        // before the postings grow.
        let t = std::time::Instant::now();
        let records = match files::write_records(&self.docs, out, stop) {
            Err(e) if e.is::<files::Stopped>() => return Ok(None),
            r => r?,
        };
        for d in &mut self.docs {
            d.forget_display();
        }
        if timings {
            eprintln!(
                "timing:   search: display records and facets in {:.2}s",
                t.elapsed().as_secs_f64()
            );
        }
        let t = std::time::Instant::now();
        let Some(inverted) = postings::invert_unless(&mut self.docs, stop) else {
            return Ok(None);
        };
        if timings {
            eprintln!(
                "timing:   search: inverted in {:.2}s ({})",
                t.elapsed().as_secs_f64(),
                crate::render::memory_figures()
            );
        }
        let t = std::time::Instant::now();
        let stats = match files::write_terms(inverted, records, out, stop) {
            Err(e) if e.is::<files::Stopped>() => return Ok(None),
            r => r,
        };
        if timings {
            eprintln!(
                "timing:   search: files in {:.2}s",
                t.elapsed().as_secs_f64()
            );
        }
        stats.map(Some)
    }
}

/// A cable as a search document: id, subject, the text by paragraph.
pub fn cable_doc(archive: &Archive, i: usize) -> SearchDoc<'_> {
    let c = &archive.cables[i];
    cable_doc_with(archive, i, cable_snippet(c), Cow::Borrowed(&c.text))
}

/// The snippet a cable's result shows: the start of its first paragraph that reads as
/// prose (not a "BEGIN TEXT" line or a rule).
pub fn cable_snippet(c: &Cable) -> String {
    let lead = c
        .paragraphs
        .iter()
        .find(|p| reads_as_prose(c, p))
        // More than the snippet keeps: it ends with "…" exactly when the paragraph is longer.
        .map(|p| paragraph_plain_start(c, p, SNIPPET_CHARS + 1))
        .unwrap_or_default();
    truncate_words(&lead, SNIPPET_CHARS)
}

/// Every cable's [`cable_snippet`], in the archive's order.
pub fn cable_snippets(archive: &Archive) -> Vec<String> {
    use rayon::prelude::*;
    archive.cables.par_iter().map(cable_snippet).collect()
}

/// [`cable_doc`] with the cable's snippet and text given.
fn cable_doc_with<'a>(
    archive: &'a Archive,
    i: usize,
    snippet: String,
    text: Cow<'a, str>,
) -> SearchDoc<'a> {
    let c = &archive.cables[i];
    let mut doc = SearchDoc::new("cable", c.id.as_str(), c.page_path(), c.subject.as_str());
    if let Some(rest) = id_without_year(&c.id) {
        doc = doc.field(Weight::Id, 0, rest);
    }
    doc.date = c.date.map(|d| d.display()).unwrap_or_default();
    doc.origin = Cow::Borrowed(&c.origin);
    doc.classification = Cow::Borrowed(&c.classification);
    doc.text_of = Some((c, text));
    doc.snippet = snippet;
    for code in &archive.links[i].countries {
        if let Some(country) = archive.codes.country_by_code(code) {
            doc = doc.facet("country", code.as_str(), country.name);
        }
    }
    if let Some(y) = c.year() {
        doc = doc.facet("year", format!("{y:04}"), format!("{y:04}"));
    }
    let class = if c.classification.is_empty() {
        "Unmarked"
    } else {
        c.classification.as_str()
    };
    doc.facet("class", codes::slug(class), class)
}

/// A cable id without its two-digit year, as readers often write it (`PHNOMPENH1990` for
/// 03PHNOMPENH1990): searched too, so either form finds the cable. `None` for an id that
/// does not begin with two digits and a letter (`7575LIBREVILLE1895`).
pub fn id_without_year(id: &str) -> Option<&str> {
    let b = id.as_bytes();
    (b.len() > 3 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2].is_ascii_alphabetic())
        .then(|| &id[2..])
}

/// What the site's search finds beside the cables: the people (by name and alias, each
/// linking to their page) and the annotations (linking to the note in place), owning all
/// they hold (so the archive may change once they are made).
pub fn other_docs(archive: &Archive, notes: &RenderedNotes<'_>) -> Vec<SearchDoc<'static>> {
    let mut docs = Vec::new();
    for p in &archive.people.persons {
        let mut doc = person_doc(
            people::person_url(&p.id, 1),
            &p.name,
            &p.aliases,
            &markdown_plain(&p.description),
            &[],
        );
        for code in &p.countries {
            if let Some(country) = archive.codes.country_by_code(code) {
                doc = doc.facet("country", code.clone(), country.name.to_string());
            }
        }
        docs.push(doc);
    }
    for (i, n) in archive.notes.notes.iter().enumerate() {
        let v = notes.view(i, "");
        let title = match &v.title {
            Some(t) if !t.trim().is_empty() => t.clone(),
            _ => format!("Note on {}", v.cable_id),
        };
        let mut doc = note_doc(
            v.url.clone(),
            &title,
            &markdown_plain(&n.annotation.body_md),
            &n.annotation.date.display(),
        );
        if let Some(q) = &v.quote {
            doc = doc.field(Weight::Text, 0, q.clone());
        }
        // Found by who wrote it, as the byline shows it.
        doc = doc.field(Weight::Text, 0, v.author.clone());
        doc.origin = format!("on {} · {}", v.cable_id, v.author).into();
        doc.snippet = truncate_words(&v.excerpt, SNIPPET_CHARS);
        docs.push(doc);
    }
    for p in &archive.pages {
        docs.push(page_doc(
            p.page_path(),
            &p.title,
            &markdown_plain(&p.body_md),
        ));
    }
    docs
}

/// A free page (`content/pages/`) as a search document: found by its title (a query
/// that is the whole title lists it first) and its text.
pub fn page_doc<'a>(url: impl Into<String>, title: &str, text: &str) -> SearchDoc<'a> {
    SearchDoc::new("page", title.to_string(), url, title.to_string())
        .field(Weight::Text, 0, text.to_string())
        .snippet(text)
        .name(title.to_string())
}

/// The text of Markdown, for indexing and snippets: what a reader sees, without link
/// targets; an unlabelled wiki-link (`[[person:sok-vanna]]`) shows its target's last part.
fn markdown_plain(md: &str) -> String {
    crate::render::markdown::plain_text(md, &|t: &str| {
        t.rsplit(':').next().unwrap_or(t).replace('-', " ")
    })
}

/// A person as a search document: found by name and aliases (weighted as ids; a query
/// that is the whole name or an alias lists the person's page first), and by the
/// description.
pub fn person_doc<'a>(
    url: impl Into<String>,
    name: &str,
    aliases: &[String],
    description: &str,
    countries: &[String],
) -> SearchDoc<'a> {
    let mut doc = SearchDoc::new("person", name.to_string(), url, name.to_string())
        .snippet(description)
        .name(name.to_string());
    for a in aliases {
        doc = doc.field(Weight::Id, 0, a.clone()).name(a.clone());
    }
    doc = doc.field(Weight::Text, 0, description.to_string());
    for code in countries {
        if let Some(country) = codes::country_by_code(code) {
            doc = doc.facet("country", code.clone(), country.name);
        }
    }
    doc
}

/// An annotation as a search document (a query that is its whole title lists it first).
/// `url` may carry its own `#anchor`; `date` is `YYYY-MM-DD` or empty.
pub fn note_doc<'a>(url: impl Into<String>, title: &str, text: &str, date: &str) -> SearchDoc<'a> {
    let mut doc = SearchDoc::new("note", title.to_string(), url, title.to_string())
        .field(Weight::Text, 0, text.to_string())
        .snippet(text)
        .name(title.to_string());
    doc.date = date.to_string();
    doc
}

/// `text` cut at a word boundary to at most about `max` characters, with `…` if cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

#[derive(Serialize)]
struct FacetView {
    name: &'static str,
    label: &'static str,
    values: Vec<FacetValueView>,
}

#[derive(Serialize)]
struct FacetValueView {
    key: String,
    label: String,
    /// What filtering by it returns, by kind: `31 cables, 6 people`.
    counts: String,
}

/// `31 cables, 6 people`: a facet value's documents by kind, as its option says them. A
/// country's people carry its facet too, so a bare number would not be the country page's
/// count of cables (Cambodia: 37 against 31); the results the filter lists are all of them.
pub fn facet_counts(value: &FacetCount) -> String {
    value
        .kinds
        .iter()
        .map(|&(kind, n)| {
            let shown = super::html::thousands(n as u64);
            let word = match (kind, n) {
                ("person", 1) => "person",
                ("person", _) => "people",
                (k, 1) => k,
                ("cable", _) => "cables",
                ("note", _) => "notes",
                _ => return format!("{shown} {kind}"),
            };
            format!("{shown} {word}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the index and the search page; returns what the index holds.
pub fn render(
    index: SearchIndex,
    archive: &Archive,
    tera: &tera::Tera,
    out: &Output,
    diags: &Diagnostics,
) -> SearchStats {
    render_unless(index, archive, tera, out, diags, &|| false).unwrap_or_default()
}

/// [`render`], given up (`None`, the search page not written) when `stop` says so while
/// the index is being made (see [`SearchIndex::write_unless`]).
pub fn render_unless(
    index: SearchIndex,
    archive: &Archive,
    tera: &tera::Tera,
    out: &Output,
    diags: &Diagnostics,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<SearchStats> {
    let stats = match index.write_unless(out, stop) {
        Ok(Some(s)) => s,
        Ok(None) => return None,
        Err(e) => {
            diags.push(Diagnostic::error(
                "write",
                Path::new("search"),
                None,
                format!("search index: {e:#}"),
            ));
            SearchStats::default()
        }
    };
    let path = "search/index.html";
    let mut ctx = pages::base_context(archive, path, "Search");
    let views: Vec<FacetView> = FACETS
        .iter()
        .map(|(name, label)| FacetView {
            name,
            label,
            values: stats
                .facets
                .get(name)
                .map(|vs| {
                    vs.iter()
                        .map(|v| FacetValueView {
                            key: v.key.clone(),
                            label: v.label.clone(),
                            counts: facet_counts(v),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    ctx.insert("facets", &views);
    super::render_to(tera, "search.html", &ctx, out, path, diags);
    Some(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_lose_a_two_digit_year_only() {
        assert_eq!(id_without_year("03PHNOMPENH1990"), Some("PHNOMPENH1990"));
        assert_eq!(id_without_year("09state12"), Some("state12"));
        assert_eq!(id_without_year("7575LIBREVILLE1895"), None);
        assert_eq!(id_without_year("1990"), None);
        assert_eq!(id_without_year("03"), None);
        assert_eq!(id_without_year("FRUS-1"), None);
    }

    #[test]
    fn snippets_end_at_a_word() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(
            truncate_words("The Ambassador briefed Foreign Minister", 25),
            "The Ambassador briefed…"
        );
    }

    #[test]
    fn facet_counts_name_each_kind() {
        let v = |kinds: Vec<(&'static str, usize)>| FacetCount {
            key: "CB".into(),
            label: "Cambodia".into(),
            kinds,
        };
        assert_eq!(
            facet_counts(&v(vec![("cable", 31), ("person", 6)])),
            "31 cables, 6 people"
        );
        assert_eq!(
            facet_counts(&v(vec![("cable", 1), ("person", 1), ("note", 1)])),
            "1 cable, 1 person, 1 note"
        );
        assert_eq!(facet_counts(&v(vec![("note", 2)])), "2 notes");
    }
}
