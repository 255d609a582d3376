//! Groupings of cables by country, post (origin), TAGS code, year and classification:
//! each built once, as lists of cable indexes in date order, for the browse pages.

use super::{codes, CableLinks, CodeTables};
use crate::cable::Cable;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::HashMap;

/// One value of a grouping (a country, a post, a tag ...) and its cables in date order.
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// The URL segment: a slug or a code, always safe as a file name.
    pub key: String,
    pub name: String,
    /// A code shown beside the name (FIPS code, TAGS code), if any.
    pub code: Option<String>,
    pub cables: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    /// Sorted by name (years by number).
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn find(&self, key: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.key == key)
    }

    /// Terms (each key once) sorted by name, then key.
    fn by_name(mut terms: Vec<Term>) -> Taxonomy {
        terms.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.key.cmp(&b.key))
        });
        Taxonomy { terms }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Indexes {
    pub countries: Taxonomy,
    pub origins: Taxonomy,
    pub tags: Taxonomy,
    pub years: Taxonomy,
    pub classifications: Taxonomy,
}

/// A URL segment for a TAGS code: the code itself when it is plain letters and digits,
/// else a slug of the free text.
pub fn tag_key(tag: &str) -> String {
    if tag.chars().all(|c| c.is_ascii_alphanumeric()) && !tag.is_empty() {
        tag.to_string()
    } else {
        codes::slug(tag)
    }
}

/// The terms of one grouping as they are found. Each distinct raw value (a country code,
/// a post name, a TAGS code ...) is made into a term once and then found by a hash
/// lookup: at 251,287 cables, slugging and allocating a key for every cable's every
/// value took most of a second on one core.
struct Grouping<K> {
    by_raw: HashMap<K, usize>,
    by_key: HashMap<String, usize>,
    terms: Vec<Term>,
    /// Values that came to a term already made under another name: (term, the other
    /// name, the cable it was first seen in).
    shared: Vec<(usize, String, usize)>,
}

impl<K: std::hash::Hash + Eq> Grouping<K> {
    fn new() -> Self {
        Grouping {
            by_raw: HashMap::new(),
            by_key: HashMap::new(),
            terms: Vec::new(),
            shared: Vec::new(),
        }
    }

    /// The term for `raw`, made by `make` the first time (a term already made under the
    /// same key is kept, with the name it was first seen under; the other name is noted
    /// in `shared`, with `cable`, where it was seen).
    fn term(&mut self, raw: K, cable: usize, make: impl FnOnce() -> Term) -> &mut Term {
        let at = match self.by_raw.get(&raw) {
            Some(&at) => at,
            None => {
                let term = make();
                let at = match self.by_key.get(&term.key) {
                    Some(&at) => {
                        if self.terms[at].name != term.name {
                            self.shared.push((at, term.name, cable));
                        }
                        at
                    }
                    None => {
                        self.by_key.insert(term.key.clone(), self.terms.len());
                        self.terms.push(term);
                        self.terms.len() - 1
                    }
                };
                self.by_raw.insert(raw, at);
                at
            }
        };
        &mut self.terms[at]
    }
}

impl Indexes {
    /// Groups the cables; a post or a classification spelled otherwise than the page it
    /// shares (`Embassy Phnom-Penh` on `origin/embassy-phnom-penh/`) is a warning.
    pub fn build(
        cables: &[Cable],
        links: &[CableLinks],
        code_tables: &CodeTables,
        diags: &Diagnostics,
    ) -> Indexes {
        let mut countries = Grouping::new();
        let mut origins = Grouping::new();
        let mut tags = Grouping::new();
        let mut years = Grouping::new();
        let mut classes = Grouping::new();
        for (i, c) in cables.iter().enumerate() {
            for code in &links[i].countries {
                countries
                    .term(code.as_str(), i, || {
                        let name = code_tables
                            .country_by_code(code)
                            .map(|x| x.name)
                            .unwrap_or(code.as_str());
                        Term {
                            key: codes::slug(name),
                            name: name.to_string(),
                            code: Some(code.clone()),
                            cables: vec![],
                        }
                    })
                    .cables
                    .push(i);
            }
            if !c.origin.is_empty() {
                origins
                    .term(c.origin.as_str(), i, || Term {
                        key: codes::slug(&c.origin),
                        name: c.origin.clone(),
                        code: None,
                        cables: vec![],
                    })
                    .cables
                    .push(i);
            }
            for t in &c.tags {
                let term = tags.term(t.as_str(), i, || Term {
                    key: tag_key(t),
                    name: t.clone(),
                    code: None,
                    cables: vec![],
                });
                if term.cables.last() != Some(&i) {
                    term.cables.push(i);
                }
            }
            years
                .term(c.date.map(|d| d.year), i, || {
                    let (key, name) = match c.date {
                        Some(d) => (format!("{:04}", d.year), format!("{:04}", d.year)),
                        None => ("undated".to_string(), "Undated".to_string()),
                    };
                    Term {
                        key,
                        name,
                        code: None,
                        cables: vec![],
                    }
                })
                .cables
                .push(i);
            classes
                .term(c.classification.as_str(), i, || {
                    let name = if c.classification.is_empty() {
                        "Unmarked".to_string()
                    } else {
                        c.classification.clone()
                    };
                    Term {
                        key: codes::slug(&name),
                        name,
                        code: None,
                        cables: vec![],
                    }
                })
                .cables
                .push(i);
        }
        report_shared_pages(cables, ("origin-page", "post", "origin"), &origins, diags);
        report_shared_pages(
            cables,
            ("classification-page", "classification", "classification"),
            &classes,
            diags,
        );
        let mut years = Taxonomy { terms: years.terms };
        years.terms.sort_by(|a, b| a.key.cmp(&b.key));
        Indexes {
            countries: Taxonomy::by_name(countries.terms),
            origins: Taxonomy::by_name(origins.terms),
            tags: Taxonomy::by_name(tags.terms),
            years,
            classifications: Taxonomy::by_name(classes.terms),
        }
    }
}

/// Warns of each name that shares a page with the one the page is headed with (as authors
/// of notes are: `render::annotations`), at the cable it was first seen in.
fn report_shared_pages<K>(
    cables: &[Cable],
    (kind, what, folder): (&'static str, &str, &str),
    grouping: &Grouping<K>,
    diags: &Diagnostics,
) {
    for (at, name, cable) in &grouping.shared {
        let term = &grouping.terms[*at];
        let c = &cables[*cable];
        diags.push(
            Diagnostic::warning(
                kind,
                &c.source,
                Some(c.text_line),
                format!(
                    "{what} `{name}` (cable {}) shares the page {folder}/{}/ with `{}`, the name it is headed with",
                    c.id, term.key, term.name
                ),
            )
            .with_hint(format!(
                "spell the {what} the same way in every cable; two {what}s need names that differ in more than case, accents or punctuation"
            )),
        );
    }
}
