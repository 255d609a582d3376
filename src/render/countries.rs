//! Country pages: the first page of `country/<slug>/` also shows the country's posts, the
//! people of the registry who belong to it and its most frequent subject tags; and
//! `countries/index.html` lists every country with cables, grouped by region.

use super::pages::{self, Link};
use super::people::person_url;
use super::render_to;
use crate::archive::{codes, index::tag_key, Archive, Term};
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use serde::Serialize;
use std::collections::HashMap;
use tera::{Context, Tera};

pub const COUNTRIES_INDEX: &str = "countries/index.html";

/// How many subject tags a country page shows.
const TOP_TAGS: usize = 20;

/// Adds what the first page of a country's list shows beyond the list itself.
pub fn extend_country_page(archive: &Archive, term: &Term, ctx: &mut Context) {
    let code = term.code.as_deref().unwrap_or("");
    let mut posts: Vec<Link> = archive
        .index
        .origins
        .terms
        .iter()
        .filter(|o| {
            archive
                .post_countries
                .get(&o.name)
                .and_then(|c| c.as_deref())
                == Some(code)
        })
        .map(|o| Link {
            label: o.name.clone(),
            url: pages::term_url(pages::ORIGIN, &o.key, 1),
            title: String::new(),
            count: o.cables.len(),
        })
        .collect();
    posts.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let people: Vec<Link> = archive
        .people
        .persons
        .iter()
        .enumerate()
        .filter(|(_, p)| p.countries.iter().any(|c| c == code))
        .map(|(i, p)| Link {
            label: p.name.clone(),
            url: person_url(&p.id, 1),
            title: String::new(),
            count: archive.people.mention_count.get(i).copied().unwrap_or(0),
        })
        .collect();
    let mut tag_counts: HashMap<&str, usize> = HashMap::new();
    for &i in &term.cables {
        for t in &archive.cables[i].tags {
            if codes::subject_tag(t).is_some() && archive.codes.country_by_tag(t).is_none() {
                *tag_counts.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let mut tags: Vec<Link> = tag_counts
        .into_iter()
        .map(|(t, n)| Link {
            label: t.to_string(),
            url: pages::term_url(pages::TAG, &tag_key(t), 1),
            title: codes::subject_tag(t).unwrap_or("").to_string(),
            count: n,
        })
        .collect();
    tags.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    tags.truncate(TOP_TAGS);
    let region = archive
        .codes
        .country_by_code(code)
        .map(|c| c.region.to_string())
        .unwrap_or_default();
    ctx.insert("country_code", code);
    ctx.insert("country_region", &region);
    ctx.insert("countries_url", COUNTRIES_INDEX);
    ctx.insert("posts", &posts);
    ctx.insert("people", &people);
    ctx.insert("top_tags", &tags);
}

#[derive(Serialize)]
struct Region {
    name: String,
    key: String,
    countries: Vec<Link>,
}

/// `countries/index.html`: every country with at least one cable, by region.
pub fn render_countries_index(archive: &Archive, tera: &Tera, out: &Output, diags: &Diagnostics) {
    let mut by_region: HashMap<String, Vec<Link>> = HashMap::new();
    for t in &archive.index.countries.terms {
        let region = t
            .code
            .as_deref()
            .and_then(|c| archive.codes.country_by_code(c))
            .map(|c| c.region.to_string())
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| crate::archive::country_overrides::OTHER_REGION.to_string());
        by_region.entry(region).or_default().push(Link {
            label: t.name.clone(),
            url: pages::term_url(pages::COUNTRY, &t.key, 1),
            title: t.code.clone().unwrap_or_default(),
            count: t.cables.len(),
        });
    }
    let mut order: Vec<String> = archive
        .codes
        .regions()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut rest: Vec<String> = by_region
        .keys()
        .filter(|r| !order.contains(r))
        .cloned()
        .collect();
    rest.sort();
    order.extend(rest);
    let regions: Vec<Region> = order
        .into_iter()
        .filter_map(|name| {
            let countries = by_region.remove(&name)?;
            Some(Region {
                key: codes::slug(&name),
                name,
                countries,
            })
        })
        .collect();
    let mut ctx = pages::base_context(archive, COUNTRIES_INDEX, "Countries");
    ctx.insert("regions", &regions);
    ctx.insert("total", &archive.index.countries.terms.len());
    render_to(tera, "countries.html", &ctx, out, COUNTRIES_INDEX, diags);
}
