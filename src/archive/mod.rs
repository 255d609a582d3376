//! ASSEMBLE: the whole archive in memory, cross-linked: cables by id, references in both
//! directions, neighbours within a post, and the groupings the browse pages show.

pub mod annotations;
pub mod codes;
pub mod country_overrides;
pub mod index;
pub mod mentions;
pub mod named_after;
pub mod people;
pub mod references;
pub mod terms;

use crate::cable::Cable;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

pub use country_overrides::CodeTables;
pub use index::{Indexes, Taxonomy, Term};
pub use people::People;

/// A reference from one cable to another, resolved against the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefLink {
    pub id: String,
    /// Index of the cited cable when it is in the archive.
    pub target: Option<usize>,
}

/// What a cable links to and what links to it.
#[derive(Debug, Clone, Default)]
pub struct CableLinks {
    pub refs_out: Vec<RefLink>,
    pub cited_by: Vec<usize>,
    /// Previous and next cable by date from the same post.
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// FIPS codes of the countries the cable belongs to: its post's, then its TAGS'.
    pub countries: Vec<String>,
}

#[derive(Debug)]
pub struct Archive {
    pub config: Config,
    /// Sorted by date (undated last), then id.
    pub cables: Vec<Cable>,
    pub by_id: HashMap<String, usize>,
    pub links: Vec<CableLinks>,
    pub index: Indexes,
    /// Editorial notes placed on their cables (see [`annotations::attach`]).
    pub notes: annotations::Notes,
    /// Free pages (`content/pages/*.md`).
    pub pages: Vec<crate::source::page::Page>,
    /// Country and post tables: built-in plus `content/countries.yaml`.
    pub codes: CodeTables,
    /// Each post name the cables give, with its country code from `codes`: worked out once
    /// (reading a post's name is not cheap, and 251,287 cables come from a few hundred).
    pub post_countries: HashMap<String, Option<String>>,
    /// The people registry and every mention of each person.
    pub people: People,
    /// Abbreviations spelled out on hover (`content/terms.yaml`).
    pub terms: terms::Terms,
}

/// The site-wide tables read beside the cables.
#[derive(Debug, Default)]
pub struct Registry {
    pub codes: CodeTables,
    pub persons: Vec<crate::source::person::Person>,
    pub terms: terms::Terms,
}

impl Archive {
    pub fn get(&self, id: &str) -> Option<&Cable> {
        self.by_id.get(id).map(|&i| &self.cables[i])
    }

    /// Takes every cable's text out of the archive (`texts[i]` is cable `i`'s), leaving
    /// each empty: for a build's last use of them, which then frees each as it goes. Every
    /// range into a text (head, paragraphs, REF items) is left in place and holds for the
    /// text taken; nothing that reads a cable's text may run on the archive afterwards.
    pub fn take_texts(&mut self) -> Vec<String> {
        self.cables
            .iter_mut()
            .map(|c| std::mem::take(&mut c.text))
            .collect()
    }

    /// Assembles the archive with the built-in code tables and no people.
    pub fn assemble(config: Config, cables: Vec<Cable>, diags: &Diagnostics) -> Archive {
        Self::assemble_with(config, cables, Registry::default(), diags)
    }

    /// Assembles the archive from the cables read, reporting duplicates, unknown posts and
    /// unknown TAGS, and finds the registry's people in the cables.
    pub fn assemble_with(
        config: Config,
        cables: Vec<Cable>,
        registry: Registry,
        diags: &Diagnostics,
    ) -> Archive {
        let Registry {
            codes,
            persons,
            terms,
        } = registry;
        let mut cables = drop_duplicates(cables, diags);
        cables.sort_by(|a, b| {
            (a.date.is_none(), a.date, &a.id).cmp(&(b.date.is_none(), b.date, &b.id))
        });
        let by_id: HashMap<String, usize> = cables
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        references::resolve(&mut cables, &by_id);
        let mut links = references::link(&cables, &by_id);
        let post_countries = post_countries(&cables, &codes);
        let countries: Vec<Vec<String>> = cables
            .par_iter()
            .map(|c| countries_of(c, &post_countries, &codes))
            .collect();
        for (link, countries) in links.iter_mut().zip(countries) {
            link.countries = countries;
        }
        report_unknown_codes(&cables, &post_countries, &codes, diags);
        let index = Indexes::build(&cables, &links, &codes, diags);
        for term in &index.origins.terms {
            for w in term.cables.windows(2) {
                links[w[0]].next = Some(w[1]);
                links[w[1]].prev = Some(w[0]);
            }
        }
        let people = People::build(persons, &cables, &codes, diags);
        Archive {
            config,
            cables,
            by_id,
            links,
            index,
            notes: Default::default(),
            pages: Vec::new(),
            codes,
            post_countries,
            people,
            terms,
        }
    }
}

/// Each distinct post name's country (see [`Archive::post_countries`]).
fn post_countries(cables: &[Cable], codes: &CodeTables) -> HashMap<String, Option<String>> {
    let mut posts = HashMap::new();
    for c in cables {
        if !posts.contains_key(&c.origin) {
            let country = codes.country_for_post(&c.origin).map(String::from);
            posts.insert(c.origin.clone(), country);
        }
    }
    posts
}

/// The countries a cable belongs to: its post's country, then every geographic TAGS code.
fn countries_of(
    c: &Cable,
    post_countries: &HashMap<String, Option<String>>,
    codes: &CodeTables,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(Some(code)) = post_countries.get(&c.origin) {
        out.push(code.clone());
    }
    for t in &c.tags {
        if let Some(country) = codes.country_by_tag(t) {
            if !out.iter().any(|x| x == country.code) {
                out.push(country.code.to_string());
            }
        }
    }
    out
}

/// Keeps the first cable read for each id (`.txt` files before CSV dumps, each in path
/// order) and warns naming both files.
fn drop_duplicates(mut cables: Vec<Cable>, diags: &Diagnostics) -> Vec<Cable> {
    // The first index of each id, by borrowed id: nothing is copied for the (nearly
    // always) unique ones. `dropped` is made at the first repeat.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(cables.len());
    let mut dropped: Vec<bool> = Vec::new();
    for (i, c) in cables.iter().enumerate() {
        let f = *first.entry(c.id.as_str()).or_insert(i);
        if f == i {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                "duplicate-id",
                &c.source,
                Some(c.text_line),
                format!(
                    "cable {} is also in {}:{}; the first one read is kept",
                    c.id,
                    cables[f].source.display(),
                    cables[f].text_line
                ),
            )
            .with_hint("remove one of the two, or give them different ids"),
        );
        dropped.resize(cables.len(), false);
        dropped[i] = true;
    }
    drop(first);
    if !dropped.is_empty() {
        let mut dropped = dropped.into_iter();
        cables.retain(|_| !dropped.next().unwrap_or(false));
    }
    cables
}

/// One warning per unknown post and per unknown TAGS code, naming the first file it is in
/// and how many cables share it.
fn report_unknown_codes(
    cables: &[Cable],
    post_countries: &HashMap<String, Option<String>>,
    codes: &CodeTables,
    diags: &Diagnostics,
) {
    // Looked up in parallel, counted in cable order (each report names the first cable).
    let unknown: Vec<(bool, Vec<&str>)> = cables
        .par_iter()
        .map(|c| {
            let post = !c.origin.is_empty() && post_countries.get(&c.origin) == Some(&None);
            let tags = c
                .tags
                .iter()
                .filter(|t| {
                    is_code_like(t)
                        && codes.country_by_tag(t).is_none()
                        && codes::subject_tag(t).is_none()
                })
                .map(String::as_str)
                .collect();
            (post, tags)
        })
        .collect();
    let mut posts: BTreeMap<&str, (usize, &Cable)> = BTreeMap::new();
    let mut tags: BTreeMap<&str, (usize, &Cable)> = BTreeMap::new();
    for (c, (post, unknown_tags)) in cables.iter().zip(unknown) {
        if post {
            posts.entry(&c.origin).or_insert((0, c)).0 += 1;
        }
        for t in unknown_tags {
            tags.entry(t).or_insert((0, c)).0 += 1;
        }
    }
    for (post, (n, c)) in posts {
        diags.push(
            Diagnostic::warning(
                "unknown-post",
                &c.source,
                Some(c.text_line),
                format!(
                    "unknown post `{post}` (in {n} cable{}); its cables have no country",
                    if n == 1 { "" } else { "s" }
                ),
            )
            .with_hint("map it to a country in content/countries.yaml under `posts:`"),
        );
    }
    for (tag, (n, c)) in tags {
        diags.push(Diagnostic::warning(
            "unknown-tag",
            &c.source,
            Some(c.text_line),
            format!(
                "unknown TAGS code `{tag}` (in {n} cable{})",
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
}

/// TAGS codes are upper-case letters (and sometimes digits); free-text tags are kept as
/// such and not checked.
fn is_code_like(t: &str) -> bool {
    (2..=8).contains(&t.len())
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}
