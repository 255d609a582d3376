//! Groupings of cables by country, post (origin), TAGS code, year and classification:
//! each built once, as lists of cable indexes in date order, for the browse pages.

use super::{codes, CableLinks, CodeTables};
use crate::cable::Cable;
use std::collections::BTreeMap;

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

    fn from_map(map: BTreeMap<String, Term>) -> Taxonomy {
        let mut terms: Vec<Term> = map.into_values().collect();
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

impl Indexes {
    pub fn build(cables: &[Cable], links: &[CableLinks], code_tables: &CodeTables) -> Indexes {
        let mut countries: BTreeMap<String, Term> = BTreeMap::new();
        let mut origins: BTreeMap<String, Term> = BTreeMap::new();
        let mut tags: BTreeMap<String, Term> = BTreeMap::new();
        let mut years: BTreeMap<String, Term> = BTreeMap::new();
        let mut classes: BTreeMap<String, Term> = BTreeMap::new();
        for (i, c) in cables.iter().enumerate() {
            for code in &links[i].countries {
                let name = code_tables
                    .country_by_code(code)
                    .map(|x| x.name)
                    .unwrap_or(code.as_str());
                let key = codes::slug(name);
                countries
                    .entry(key.clone())
                    .or_insert_with(|| Term {
                        key,
                        name: name.to_string(),
                        code: Some(code.clone()),
                        cables: vec![],
                    })
                    .cables
                    .push(i);
            }
            if !c.origin.is_empty() {
                let key = codes::slug(&c.origin);
                origins
                    .entry(key.clone())
                    .or_insert_with(|| Term {
                        key,
                        name: c.origin.clone(),
                        code: None,
                        cables: vec![],
                    })
                    .cables
                    .push(i);
            }
            for t in &c.tags {
                let key = tag_key(t);
                let term = tags.entry(key.clone()).or_insert_with(|| Term {
                    key,
                    name: t.clone(),
                    code: None,
                    cables: vec![],
                });
                if term.cables.last() != Some(&i) {
                    term.cables.push(i);
                }
            }
            let (ykey, yname) = match c.date {
                Some(d) => (format!("{:04}", d.year), format!("{:04}", d.year)),
                None => ("undated".to_string(), "Undated".to_string()),
            };
            years
                .entry(ykey.clone())
                .or_insert_with(|| Term {
                    key: ykey,
                    name: yname,
                    code: None,
                    cables: vec![],
                })
                .cables
                .push(i);
            let cname = if c.classification.is_empty() {
                "Unmarked".to_string()
            } else {
                c.classification.clone()
            };
            let ckey = codes::slug(&cname);
            classes
                .entry(ckey.clone())
                .or_insert_with(|| Term {
                    key: ckey,
                    name: cname,
                    code: None,
                    cables: vec![],
                })
                .cables
                .push(i);
        }
        let mut years = Taxonomy {
            terms: years.into_values().collect(),
        };
        years.terms.sort_by(|a, b| a.key.cmp(&b.key));
        Indexes {
            countries: Taxonomy::from_map(countries),
            origins: Taxonomy::from_map(origins),
            tags: Taxonomy::from_map(tags),
            years,
            classifications: Taxonomy::from_map(classes),
        }
    }
}
