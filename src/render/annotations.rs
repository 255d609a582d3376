//! Editorial notes on the pages: in place on their cable (beside their paragraph, the
//! quoted passage highlighted and linked both ways), on `annotations/` (every note,
//! newest first), on `annotations/by/<author>/` (one editor's notes) and on the home page.
//!
//! Each note's Markdown is rendered once ([`RenderedNotes::new`]); the pages that show it
//! put in their own relative root.

use super::html::root_of;
use super::links::LinkTargets;
use super::markdown::{self, MarkdownOptions, Rendered};
use super::pages::{self, Link, Pagination};
use super::render_to;
use super::telegram::{Decoration, Extras};
use crate::archive::annotations::Note;
use crate::archive::{codes, Archive};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// Every note of the archive with its Markdown rendered.
pub struct RenderedNotes<'a> {
    archive: &'a Archive,
    targets: &'a LinkTargets<'a>,
    bodies: Vec<Rendered>,
    /// Some note has highlighted code.
    pub any_code: bool,
}

/// What a template gets of a note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// Its number on the cable page.
    pub number: usize,
    /// Site-relative URL of the note in place (`cable/…/X.html#note-2`).
    pub url: String,
    pub cable_id: String,
    pub cable_url: String,
    pub cable_subject: String,
    pub cable_date: String,
    pub paragraph: Option<u32>,
    pub quote: Option<String>,
    /// `q-N` when the passage is highlighted on the cable page.
    pub quote_anchor: Option<String>,
    pub title: Option<String>,
    pub author: String,
    pub author_url: String,
    pub date: String,
    pub people: Vec<Link>,
    pub body_html: String,
    pub excerpt: String,
    pub has_code: bool,
}

/// What a cable page gets from its notes.
#[derive(Default)]
pub struct CableNotes {
    pub extras: Extras,
    /// Notes that belong to no paragraph, shown at the top.
    pub top_html: String,
    pub count: usize,
    pub has_code: bool,
}

impl CableNotes {
    pub fn insert_into(&self, ctx: &mut Context) {
        ctx.insert("notes_count", &self.count);
        ctx.insert("notes_top", &self.top_html);
        if self.has_code {
            ctx.insert("highlight_css", &true);
        }
    }
}

/// `annotations/by/<slug>/index.html`
pub fn author_url(author: &str) -> String {
    format!("annotations/by/{}/index.html", codes::slug(author))
}

fn list_url(base: &str, page: usize) -> String {
    if page <= 1 {
        format!("{base}/index.html")
    } else {
        format!("{base}/page/{page}/index.html")
    }
}

impl<'a> RenderedNotes<'a> {
    /// Renders every note's Markdown (in parallel) and checks the people it names.
    pub fn new(
        archive: &'a Archive,
        targets: &'a LinkTargets<'a>,
        diags: &Diagnostics,
    ) -> RenderedNotes<'a> {
        let trusted = archive.config.trusted_html;
        let bodies: Vec<Rendered> = archive
            .notes
            .notes
            .par_iter()
            .map(|n| {
                let a = &n.annotation;
                for p in &a.people {
                    if targets.person(p).is_none() {
                        diags.push(
                            Diagnostic::warning(
                                "annotation",
                                &a.file,
                                Some(a.people_line),
                                format!("no person `{p}`; not linked"),
                            )
                            .with_hint(format!("add content/people/{p}.yaml, or fix the id")),
                        );
                    }
                }
                let prefix = id_prefix(&a.rel);
                let opts = MarkdownOptions {
                    targets,
                    trusted_html: trusted,
                    id_prefix: &prefix,
                };
                markdown::render(&a.body_md, &a.file, a.body_line, &opts, diags)
            })
            .collect();
        let any_code = bodies.iter().any(|b| b.has_code);
        RenderedNotes {
            archive,
            targets,
            bodies,
            any_code,
        }
    }

    /// Note `i` (an index into `archive.notes.notes`) for a page whose root is `root`.
    pub fn view(&self, i: usize, root: &str) -> NoteView {
        let n: &Note = &self.archive.notes.notes[i];
        let a = &n.annotation;
        let c = &self.archive.cables[n.cable];
        let cable_url = c.page_path();
        NoteView {
            number: n.number,
            url: format!("{cable_url}#note-{}", n.number),
            cable_id: c.id.clone(),
            cable_subject: c.subject.clone(),
            cable_date: c.date.map(|d| d.ymd()).unwrap_or_default(),
            cable_url,
            paragraph: n.paragraph,
            quote: a.quote.clone(),
            quote_anchor: n.quote_range.as_ref().map(|_| format!("q-{}", n.number)),
            title: a.title.clone(),
            author: a.author.clone(),
            author_url: author_url(&a.author),
            date: a.date.ymd(),
            people: a
                .people
                .iter()
                .filter_map(|p| self.targets.person(p))
                .map(|t| Link {
                    label: t.label,
                    url: t.url,
                    title: String::new(),
                    count: 0,
                })
                .collect(),
            body_html: self.bodies[i].at(root),
            excerpt: self.bodies[i].excerpt(240),
            has_code: self.bodies[i].has_code,
        }
    }

    /// The notes of cable `cable` as its page shows them: highlights in the text, notes
    /// after their paragraph, the others at the top.
    pub fn cable_parts(&self, cable: usize, tera: &Tera, diags: &Diagnostics) -> CableNotes {
        let idx = self.archive.notes.of_cable(cable);
        if idx.is_empty() {
            return CableNotes::default();
        }
        let c = &self.archive.cables[cable];
        let root = root_of(&c.page_path());
        let mut parts = CableNotes {
            count: idx.len(),
            ..Default::default()
        };
        let mut top = Vec::new();
        let mut by_par: BTreeMap<u32, Vec<NoteView>> = BTreeMap::new();
        for &i in idx {
            let n = &self.archive.notes.notes[i];
            if let Some(r) = &n.quote_range {
                let k = n.number;
                parts.extras.decorations.push(Decoration {
                    keep: true,
                    range: r.clone(),
                    open: format!("<mark class=\"quote\" id=\"q-{k}\">"),
                    close: format!(
                        "</mark><sup class=\"note-ref\"><a href=\"#note-{k}\" title=\"Annotation {k}\">{k}</a></sup>"
                    ),
                });
            }
            let v = self.view(i, &root);
            parts.has_code |= v.has_code;
            match n.paragraph {
                Some(p) if c.paragraphs.iter().any(|x| x.number == Some(p)) => {
                    by_par.entry(p).or_default().push(v)
                }
                _ => top.push(v),
            }
        }
        let render = |notes: &[NoteView]| -> String {
            let mut ctx = Context::new();
            ctx.insert("root", &root);
            ctx.insert("notes", notes);
            match tera.render("notes.html", &ctx) {
                Ok(html) => html,
                Err(e) => {
                    // The page would lack its notes: reported as the page not rendered.
                    let msg = super::templates::chain(&e);
                    diags.render_failed("notes.html", msg.clone(), &c.page_path(), || {
                        super::templates::locate(tera, "notes.html", &msg)
                    });
                    String::new()
                }
            }
        };
        if !top.is_empty() {
            parts.top_html = render(&top);
        }
        for (p, notes) in by_par {
            parts.extras.after.insert(p, render(&notes));
        }
        parts
    }

    /// The newest `n` notes, for a page at the site root.
    pub fn latest(&self, n: usize) -> Vec<NoteView> {
        (0..self.archive.notes.notes.len().min(n))
            .map(|i| self.view(i, ""))
            .collect()
    }

    pub fn body(&self, i: usize) -> &Rendered {
        &self.bodies[i]
    }
}

/// Footnote ids of a note: unique on a page showing several notes. A note whose file
/// name (less `.md`) is already a slug uses it (`x-y.md`: `x-y-fn-1`); any other name
/// (`x y.md`, `X-Y.md`, `a/b.md`, `é.md`, which would slug alike) adds a hash of its
/// path after a `_`, which no slug has (`x-y_…-fn-1`). The same path gives the same ids
/// in every build.
fn id_prefix(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let slug = codes::slug(stem);
    if slug == stem {
        format!("{slug}-")
    } else {
        use unicode_normalization::UnicodeNormalization;
        let nfc: String = rel.nfc().collect();
        let hash = xxhash_rust::xxh3::xxh3_64(nfc.as_bytes());
        format!("{slug}_{hash:016x}-")
    }
}

/// The notes' authors by slug, each with the name shown (the one on their newest note)
/// and their notes.
fn authors(archive: &Archive) -> BTreeMap<String, (String, Vec<usize>)> {
    let mut authors: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, n) in archive.notes.notes.iter().enumerate() {
        let a = &n.annotation.author;
        authors
            .entry(codes::slug(a))
            .or_insert_with(|| (a.clone(), Vec::new()))
            .1
            .push(i);
    }
    authors
}

/// One warning for each spelling of an author's name that shares a page with another
/// (`José García`, `Jose Garcia` and `Jose-Garcia` all slug to `jose-garcia`; `...` and
/// `!!!` to `untitled`), at its newest note, naming the spelling the page is headed with.
/// Each note on the page still shows its own spelling.
fn report_shared_author_pages(
    archive: &Archive,
    authors: &BTreeMap<String, (String, Vec<usize>)>,
    diags: &Diagnostics,
) {
    for (slug, (shown, idx)) in authors {
        let mut seen: Vec<&str> = vec![shown.as_str()];
        for &i in idx {
            let a = &archive.notes.notes[i].annotation;
            if seen.contains(&a.author.as_str()) {
                continue;
            }
            seen.push(&a.author);
            diags.push(
                Diagnostic::warning(
                    "author-page",
                    &a.file,
                    Some(a.author_line),
                    format!(
                        "author `{}` shares the page annotations/by/{slug}/ with `{}`, the name it is headed with",
                        a.author, shown
                    ),
                )
                .with_hint("spell one author's name the same way in every note; two people need names that differ in more than accents or punctuation"),
            );
        }
    }
}

/// How many pages a list of `count` notes takes (one even when empty).
fn list_pages(archive: &Archive, count: usize) -> usize {
    count.div_ceil(archive.config.paginate_by.max(1)).max(1)
}

/// Every page [`render_pages`] writes, site-relative: the preview server removes those a
/// note edit leaves behind (an author with no notes left, pages past the new last one).
pub fn list_paths(archive: &Archive) -> Vec<String> {
    let mut paths = Vec::new();
    let mut add = |base: &str, count: usize| {
        for page in 1..=list_pages(archive, count) {
            paths.push(list_url(base, page));
        }
    };
    add("annotations", archive.notes.notes.len());
    for (slug, (_, idx)) in authors(archive) {
        add(&format!("annotations/by/{slug}"), idx.len());
    }
    paths
}

/// Writes `annotations/` (all notes, paginated) and `annotations/by/<author>/`.
pub fn render_pages(notes: &RenderedNotes<'_>, tera: &Tera, out: &Output, diags: &Diagnostics) {
    let archive = notes.archive;
    let all: Vec<usize> = (0..archive.notes.notes.len()).collect();
    let authors = authors(archive);
    report_shared_author_pages(archive, &authors, diags);
    let mut author_links: Vec<Link> = authors
        .iter()
        .map(|(slug, (name, idx))| Link {
            label: name.clone(),
            url: format!("annotations/by/{slug}/index.html"),
            title: String::new(),
            count: idx.len(),
        })
        .collect();
    author_links.sort_by(|a, b| {
        a.label
            .to_lowercase()
            .cmp(&b.label.to_lowercase())
            .then(a.url.cmp(&b.url))
    });

    let mut jobs: Vec<(String, String, Option<String>, &[usize])> =
        vec![("annotations".into(), "Annotations".into(), None, &all)];
    for (slug, (name, idx)) in &authors {
        jobs.push((
            format!("annotations/by/{slug}"),
            format!("Annotations by {name}"),
            Some(name.clone()),
            idx,
        ));
    }
    let per = archive.config.paginate_by.max(1);
    let mut pages_to_render = Vec::new();
    for (base, title, author, idx) in &jobs {
        let total = list_pages(archive, idx.len());
        for page in 1..=total {
            pages_to_render.push((base, title, author, *idx, page, total));
        }
    }
    pages_to_render
        .par_iter()
        .for_each(|(base, title, author, idx, page, total)| {
            let path = list_url(base, *page);
            let root = root_of(&path);
            let views: Vec<NoteView> = idx
                .iter()
                .skip((page - 1) * per)
                .take(per)
                .map(|&i| notes.view(i, &root))
                .collect();
            let mut ctx = pages::base_context(archive, &path, title);
            if views.iter().any(|v| v.has_code) {
                ctx.insert("highlight_css", &true);
            }
            ctx.insert("notes", &views);
            ctx.insert("count", &idx.len());
            ctx.insert("author", author);
            ctx.insert("authors", &author_links);
            ctx.insert(
                "pagination",
                &Pagination {
                    current: *page,
                    total: *total,
                    prev_url: (*page > 1).then(|| list_url(base, page - 1)),
                    next_url: (page < total).then(|| list_url(base, page + 1)),
                    pages: (1..=*total)
                        .filter(|&p| p == 1 || p == *total || p.abs_diff(*page) <= 3)
                        .map(|p| Link {
                            label: p.to_string(),
                            url: list_url(base, p),
                            title: String::new(),
                            count: 0,
                        })
                        .collect(),
                },
            );
            render_to(tera, "annotations.html", &ctx, out, &path, diags);
        });
}

/// A note's title for lists and feeds: its own, or the cable it is about.
pub fn display_title(v: &NoteView) -> String {
    match &v.title {
        Some(t) => t.clone(),
        None => match v.paragraph {
            Some(p) => format!("On {} ¶{p}", v.cable_id),
            None => format!("On {}", v.cable_id),
        },
    }
}
