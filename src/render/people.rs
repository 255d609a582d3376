//! People pages: `person/<id>/index.html` (who they were, every cable naming them with a
//! snippet linked to the paragraph, annotations about them, who is named with them, a
//! chart of mentions per year), `people/index.html` (everyone, A–Z), and what a cable page
//! gets: its mentions linked in the text and a "people in this cable" list.

use super::html::{escape, root_of};
use super::pages::{self, CableSummary, Link, Pagination};
use super::telegram::{Decoration, Extras};
use super::{chart, render_to};
use crate::archive::people::{CableMentions, Mention};
use crate::archive::Archive;
use crate::cable::Cable;
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::source::person::Person;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Tera;

pub fn person_url(id: &str, page: usize) -> String {
    if page <= 1 {
        format!("person/{id}/index.html")
    } else {
        format!("person/{id}/page/{page}/index.html")
    }
}

pub const PEOPLE_INDEX: &str = "people/index.html";

/// A person on a cable page or in a list.
#[derive(Debug, Serialize)]
pub struct PersonLink {
    pub id: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// What a cable page gets from the people registry and the terms: links on mentions in
/// its paragraphs, `<abbr>` on terms, and the list of people it names (most named first).
pub fn cable_extras(archive: &Archive, i: usize) -> (Extras, Vec<PersonLink>) {
    let c = &archive.cables[i];
    let root = root_of(&c.page_path());
    let mut extras = Extras::default();
    let mentions: &[Mention] = archive
        .people
        .in_cable
        .get(i)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for m in mentions {
        let p = &archive.people.persons[m.person as usize];
        extras.decorations.push(Decoration {
            keep: false,
            range: m.range(),
            open: format!(
                "<a class=\"mention\" href=\"{root}{}\" title=\"{}\">",
                escape(&person_url(&p.id, 1)),
                escape(&p.name)
            ),
            close: "</a>".into(),
        });
        match counts.iter_mut().find(|x| x.0 == m.person) {
            Some(x) => x.1 += 1,
            None => counts.push((m.person, 1)),
        }
    }
    if !archive.terms.is_empty() {
        for f in archive.terms.find(&c.id, &c.text) {
            if mentions
                .iter()
                .any(|m| (m.start as usize) < f.range.end && f.range.start < m.end as usize)
            {
                continue;
            }
            let (_, expansion) = &archive.terms.entries[f.phrase];
            extras.decorations.push(Decoration {
                keep: false,
                range: f.range,
                open: format!("<abbr title=\"{}\">", escape(expansion)),
                close: "</abbr>".into(),
            });
        }
    }
    // Persons are in A–Z order: sort by count, then that order.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let people = counts
        .into_iter()
        .map(|(p, count)| {
            let p = &archive.people.persons[p as usize];
            PersonLink {
                id: p.id.clone(),
                name: p.name.clone(),
                url: person_url(&p.id, 1),
                count,
            }
        })
        .collect();
    (extras, people)
}

/// The people the cables name most, for the home page.
pub fn top_people(archive: &Archive, n: usize) -> Vec<Link> {
    let people = &archive.people;
    let mut v: Vec<usize> = (0..people.persons.len())
        .filter(|&i| people.mention_count[i] > 0)
        .collect();
    v.sort_by(|&a, &b| {
        people.cables_of[b]
            .len()
            .cmp(&people.cables_of[a].len())
            .then(a.cmp(&b))
    });
    v.truncate(n);
    v.into_iter()
        .map(|i| Link {
            label: people.persons[i].name.clone(),
            url: person_url(&people.persons[i].id, 1),
            title: String::new(),
            count: people.cables_of[i].len(),
        })
        .collect()
}

#[derive(Serialize)]
struct RoleView<'a> {
    title: &'a str,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceView {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct PersonView<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    roles: Vec<RoleView<'a>>,
    countries: Vec<Link>,
    born: Option<&'a str>,
    died: Option<&'a str>,
    sources: Vec<SourceView>,
    url: String,
    mentions: usize,
    cables: usize,
}

/// One cable in a person's list: where they are named, and the words around it.
#[derive(Serialize)]
struct MentionRow<'a> {
    cable: &'a CableSummary,
    /// The cable page, at the paragraph of the first mention.
    url: String,
    count: usize,
    paragraph: Option<u32>,
    before: String,
    hit: String,
    after: String,
}

#[derive(Serialize)]
struct NoteView<'a> {
    title: &'a str,
    url: &'a str,
    date: &'a str,
    author: &'a str,
    cable: Option<&'a CableSummary>,
    excerpt: String,
}

/// Renders every person page and the A–Z index.
pub fn render_people(
    archive: &Archive,
    summaries: &[CableSummary],
    tera: &Tera,
    out: &Output,
    diags: &Diagnostics,
    only: Option<&std::collections::BTreeSet<usize>>,
) {
    let people = &archive.people;
    let per = archive.config.paginate_by.max(1);
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    for (p, cables) in people.cables_of.iter().enumerate() {
        if only.is_some_and(|set| !set.contains(&p)) {
            continue;
        }
        for page in 1..=cables.len().div_ceil(per).max(1) {
            jobs.push((p, page));
        }
    }
    // Each description is Markdown like the notes (wiki-links, safe URLs), rendered once.
    let targets = super::links::LinkTargets::load(archive);
    let descriptions: Vec<super::markdown::Rendered> = people
        .persons
        .iter()
        .map(|person| {
            let opts = super::markdown::MarkdownOptions {
                targets: &targets,
                trusted_html: false,
                id_prefix: &format!("d-{}-", person.id),
            };
            super::markdown::render(&person.description, &person.path, 1, &opts, diags)
        })
        .collect();
    jobs.par_iter().for_each(|&(p, page)| {
        let path = person_url(&people.persons[p].id, page);
        let mut ctx = person_context(archive, summaries, p, page, &path);
        ctx.insert("description_html", &descriptions[p].at(&root_of(&path)));
        render_to(tera, "person.html", &ctx, out, &path, diags);
    });
    if only.is_none() {
        render_index(archive, tera, out, diags);
    }
}

fn person_context(
    archive: &Archive,
    summaries: &[CableSummary],
    p: usize,
    page: usize,
    path: &str,
) -> tera::Context {
    let people = &archive.people;
    let person = &people.persons[p];
    let per = archive.config.paginate_by.max(1);
    let cables = &people.cables_of[p];
    let total = cables.len().div_ceil(per).max(1);
    let rows: Vec<MentionRow> = cables
        .iter()
        .rev()
        .skip((page - 1) * per)
        .take(per)
        .map(|cm| mention_row(archive, summaries, p, cm))
        .collect();
    let title = if page > 1 {
        format!("{} (page {page})", person.name)
    } else {
        person.name.clone()
    };
    let mut ctx = pages::base_context(archive, path, &title);
    ctx.insert("person", &person_view(archive, p, person));
    ctx.insert("rows", &rows);
    ctx.insert(
        "pagination",
        &Pagination {
            current: page,
            total,
            prev_url: (page > 1).then(|| person_url(&person.id, page - 1)),
            next_url: (page < total).then(|| person_url(&person.id, page + 1)),
            pages: (1..=total)
                .filter(|&n| n == 1 || n == total || n.abs_diff(page) <= 3)
                .map(|n| Link {
                    label: n.to_string(),
                    url: person_url(&person.id, n),
                    title: String::new(),
                    count: 0,
                })
                .collect(),
        },
    );
    if page == 1 {
        let mut per_year: BTreeMap<u16, usize> = BTreeMap::new();
        for cm in cables {
            if let Some(y) = archive.cables[cm.cable].year() {
                *per_year.entry(y).or_default() += cm.count;
            }
        }
        ctx.insert("chart_svg", &chart::per_year_svg_of(&per_year, "Mentions"));
        let company: Vec<PersonLink> = people.co_mentioned[p]
            .iter()
            .map(|&(q, n)| {
                let o = &people.persons[q];
                PersonLink {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    url: person_url(&o.id, 1),
                    count: n,
                }
            })
            .collect();
        ctx.insert("company", &company);
        let notes: Vec<NoteView> = people
            .notes_of
            .get(p)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|&k| {
                let n = &people.notes[k];
                NoteView {
                    title: &n.title,
                    url: &n.url,
                    date: &n.date,
                    author: &n.author,
                    cable: n.cable.map(|c| &summaries[c]),
                    excerpt: excerpt(archive, &n.text, 240),
                }
            })
            .collect();
        ctx.insert("notes", &notes);
    } else {
        ctx.insert("chart_svg", "");
        ctx.insert("company", &Vec::<PersonLink>::new());
        ctx.insert("notes", &Vec::<String>::new());
    }
    ctx
}

fn person_view<'a>(archive: &Archive, p: usize, person: &'a Person) -> PersonView<'a> {
    PersonView {
        id: &person.id,
        name: &person.name,
        aliases: &person.aliases,
        roles: person
            .roles
            .iter()
            .map(|r| RoleView {
                title: r.title.as_deref().unwrap_or(""),
                from: r.from.as_deref(),
                to: r.to.as_deref(),
            })
            .collect(),
        countries: person
            .countries
            .iter()
            .map(|code| match archive.codes.country_by_code(code) {
                Some(c) => {
                    let key = crate::archive::codes::slug(c.name);
                    let url = if archive.index.countries.find(&key).is_some() {
                        pages::term_url(pages::COUNTRY, &key, 1)
                    } else {
                        String::new()
                    };
                    Link {
                        label: c.name.to_string(),
                        url,
                        title: code.clone(),
                        count: 0,
                    }
                }
                None => Link {
                    label: code.clone(),
                    url: String::new(),
                    title: String::new(),
                    count: 0,
                },
            })
            .collect(),
        born: person.born.as_deref(),
        died: person.died.as_deref(),
        sources: person
            .sources
            .iter()
            .filter(|s| safe_url(&s.url))
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect(),
        url: person_url(&person.id, 1),
        mentions: archive.people.mention_count[p],
        cables: archive.people.cables_of[p].len(),
    }
}

fn mention_row<'a>(
    archive: &Archive,
    summaries: &'a [CableSummary],
    p: usize,
    cm: &CableMentions,
) -> MentionRow<'a> {
    let c = &archive.cables[cm.cable];
    let first = archive.people.in_cable[cm.cable]
        .iter()
        .find(|m| m.person as usize == p);
    let summary = &summaries[cm.cable];
    let Some(m) = first else {
        return MentionRow {
            cable: summary,
            url: summary.url.clone(),
            count: cm.count,
            paragraph: None,
            before: String::new(),
            hit: String::new(),
            after: String::new(),
        };
    };
    let (paragraph, before, hit, after) = snippet(c, m.range());
    let url = match paragraph {
        Some(n) => format!("{}#par{n}", summary.url),
        None => summary.url.clone(),
    };
    MentionRow {
        cable: summary,
        url,
        count: cm.count,
        paragraph,
        before,
        hit,
        after,
    }
}

/// The words around a range of a cable's text, within its paragraph (or the head), with
/// line wraps joined: `(paragraph number, before, the range, after)`.
pub fn snippet(c: &Cable, range: std::ops::Range<usize>) -> (Option<u32>, String, String, String) {
    const SIDE: usize = 110;
    let para = c
        .paragraphs
        .iter()
        .find(|p| p.range.start <= range.start && range.end <= p.range.end);
    let bound = match para {
        Some(p) => super::telegram::paragraph_body_start(c, p).min(range.start)..p.range.end,
        None if c.head.start <= range.start && range.end <= c.head.end => c.head.clone(),
        None => 0..c.text.len(),
    };
    let text = c.text.as_str();
    let mut from = range.start.saturating_sub(SIDE * 2).max(bound.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (range.end + SIDE * 2).min(bound.end);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let before_all = squash(&text[from..range.start]);
    let after_all = squash(&text[range.end..to]);
    let lead_space = text[from..range.start].ends_with(char::is_whitespace);
    let trail_space = text[range.end..to].starts_with(char::is_whitespace);
    let mut before = cut_start(&before_all, SIDE, from > bound.start);
    let mut after = cut_end(&after_all, SIDE, to < bound.end);
    if lead_space && !before.is_empty() {
        before.push(' ');
    }
    if trail_space && !after.is_empty() {
        after.insert(0, ' ');
    }
    (
        para.and_then(|p| p.number),
        before,
        squash(&text[range]),
        after,
    )
}

/// The last `n` characters or so of `s`, starting at a word.
fn cut_start(s: &str, n: usize, truncated: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return if truncated {
            format!("…{s}")
        } else {
            s.to_string()
        };
    }
    let tail: String = chars[chars.len() - n..].iter().collect();
    let tail = match tail.find(' ') {
        Some(i) if i < 25 => tail[i + 1..].to_string(),
        _ => tail,
    };
    format!("…{tail}")
}

/// The first `n` characters or so of `s`, ending at a word.
fn cut_end(s: &str, n: usize, truncated: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return if truncated {
            format!("{s}…")
        } else {
            s.to_string()
        };
    }
    let head: String = chars[..n].iter().collect();
    let head = match head.rfind(' ') {
        Some(i) if head.len() - i < 25 => head[..i].to_string(),
        _ => head,
    };
    format!("{head}…")
}

/// Plain text of Markdown, shortened; unlabelled wiki-links show their target's name.
fn excerpt(archive: &Archive, md: &str, n: usize) -> String {
    let text = super::markdown::plain_text(md, &|t: &str| wiki_label(archive, t));
    cut_end(&text, n, false)
}

/// The label a wiki-link without one shows.
fn wiki_label(archive: &Archive, target: &str) -> String {
    if let Some(id) = target.strip_prefix("person:") {
        if let Some(&p) = archive.people.by_id.get(id.trim()) {
            return archive.people.persons[p].name.clone();
        }
    }
    if let Some(code) = target.strip_prefix("country:") {
        if let Some(c) = archive.codes.country_by_code(code.trim()) {
            return c.name.to_string();
        }
    }
    match target.split_once('#') {
        Some((id, par)) => format!("{id} ¶{}", par.trim_start_matches("par")),
        None => target.to_string(),
    }
}

/// Links may go to the web (http, https, mailto) or within the site, never run script.
fn safe_url(u: &str) -> bool {
    super::html::safe_url(u).is_some()
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    people: Vec<IndexRow>,
}

#[derive(Serialize)]
struct IndexRow {
    name: String,
    url: String,
    mentions: usize,
    cables: usize,
    summary: String,
}

fn render_index(archive: &Archive, tera: &Tera, out: &Output, diags: &Diagnostics) {
    let people = &archive.people;
    let mut groups: Vec<LetterGroup> = Vec::new();
    for (i, p) in people.persons.iter().enumerate() {
        let letter = p
            .sort_as
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    c.to_ascii_uppercase().to_string()
                } else {
                    "#".to_string()
                }
            })
            .unwrap_or_else(|| "#".to_string());
        if groups.last().is_none_or(|g| g.letter != letter) {
            groups.push(LetterGroup {
                letter: letter.clone(),
                people: Vec::new(),
            });
        }
        let summary = match p.roles.last() {
            Some(r) => r.title.clone().unwrap_or_default(),
            None => excerpt(archive, &p.description, 90),
        };
        if let Some(g) = groups.last_mut() {
            g.people.push(IndexRow {
                name: p.name.clone(),
                url: person_url(&p.id, 1),
                mentions: people.mention_count.get(i).copied().unwrap_or(0),
                cables: people.cables_of.get(i).map(Vec::len).unwrap_or(0),
                summary,
            });
        }
    }
    let mut ctx = pages::base_context(archive, PEOPLE_INDEX, "People");
    ctx.insert("groups", &groups);
    ctx.insert("total", &people.persons.len());
    render_to(tera, "people.html", &ctx, out, PEOPLE_INDEX, diags);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deco(r: std::ops::Range<usize>, tag: &str) -> Decoration {
        Decoration {
            keep: false,
            range: r,
            open: format!("<{tag}>"),
            close: format!("</{tag}>"),
        }
    }

    /// A cable of `text` alone, its paragraphs and head as the parser finds them.
    fn parsed(text: &str) -> Cable {
        let (p, _) = crate::source::telegram::parse(text);
        Cable {
            text: text.into(),
            paragraphs: p.paragraphs,
            head: p.head,
            ..Cable::default()
        }
    }

    #[test]
    fn decorations_stay_nested() {
        let ds = vec![
            deco(0..10, "a"),
            deco(2..5, "b"),
            deco(4..12, "c"),
            deco(10..12, "d"),
        ];
        let nested = super::super::telegram::nested(&ds);
        let kept: Vec<&str> = nested.iter().map(|d| d.open.as_str()).collect();
        assert_eq!(kept, vec!["<a>", "<b>", "<d>"]);
        // Same end: the inner one closes first; same start: the outer one opens first.
        let text = "1. FOREIGN MINISTER HOR NAMHONG SAID.";
        let c = parsed(text);
        let s = text.find("HOR").unwrap();
        let e = s + "HOR NAMHONG".len();
        let extras = Extras {
            decorations: vec![deco(s + 4..e, "i"), deco(s..e, "a"), deco(s..s + 3, "b")],
            ..Extras::default()
        };
        let html = super::super::telegram::paragraphs_html(&c, &extras);
        assert!(
            html.contains("<a><b>HOR</b> <i>NAMHONG</i></a> SAID."),
            "{html}"
        );
    }

    #[test]
    fn a_link_crossed_by_a_kept_mark_is_split_not_dropped() {
        let text = "1. THE PRIME MINISTER SHARON DECIDED TO GO.";
        let c = parsed(text);
        let s = text.find("PRIME").unwrap();
        let e = text.find(" DECIDED").unwrap();
        let q = text.find("SHARON").unwrap() + 2;
        let mut mark = deco(q..text.find(" TO").unwrap(), "mark");
        mark.keep = true;
        // The quote begins inside the name (`RON DECIDED`), and another ends inside it.
        let mut before = deco(text.find("THE").unwrap()..s + 3, "q");
        before.keep = true;
        let extras = Extras {
            decorations: vec![deco(s..e, "a"), mark, before],
            ..Extras::default()
        };
        let html = super::super::telegram::paragraphs_html(&c, &extras);
        assert!(
            html.contains(
                "<q>THE <a>PRI</a></q><a>ME MINISTER SH</a><mark><a>ARON</a> DECIDED</mark> TO GO."
            ),
            "{html}"
        );
    }

    #[test]
    fn snippets_are_cut_at_words_within_the_paragraph() {
        let text = "SUBJECT: X\n\n1. (C) FOREIGN MINISTER HOR\nNAMHONG TOLD THE AMBASSADOR THAT\nTHE GOVERNMENT WOULD ACT.\n\n2. OTHER.";
        let start = text.find("HOR").unwrap();
        let end = text.find("NAMHONG").unwrap() + 7;
        let c = parsed(text);
        let (n, before, hit, after) = snippet(&c, start..end);
        assert_eq!(n, Some(1));
        assert_eq!(before, "FOREIGN MINISTER ");
        assert_eq!(hit, "HOR NAMHONG");
        assert_eq!(after, " TOLD THE AMBASSADOR THAT THE GOVERNMENT WOULD ACT.");
        let long = format!(
            "{} HOR NAMHONG {}",
            "WORD ".repeat(100),
            "MORE ".repeat(100)
        );
        assert!(cut_start(&long[..505], 110, true).starts_with("…WORD"));
    }
}
