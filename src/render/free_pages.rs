//! Free pages (`about/`, `methodology/` …): Markdown from `content/pages/`, rendered with
//! `page.html`, linked from the home page.

use super::links::LinkTargets;
use super::markdown::{self, MarkdownOptions};
use super::pages::{self, Link};
use super::{html::root_of, render_to};
use crate::archive::Archive;
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use rayon::prelude::*;
use tera::Tera;

/// Renders every free page; true if one of them has highlighted code.
pub fn render(
    archive: &Archive,
    targets: &LinkTargets<'_>,
    tera: &Tera,
    out: &Output,
    diags: &Diagnostics,
) -> bool {
    archive
        .pages
        .par_iter()
        .map(|p| {
            let path = p.page_path();
            let opts = MarkdownOptions {
                targets,
                trusted_html: archive.config.trusted_html,
                id_prefix: "",
            };
            let body = markdown::render(&p.body_md, &p.file, p.body_line, &opts, diags);
            let mut ctx = pages::base_context(archive, &path, &p.title);
            ctx.insert("body_html", &body.at(&root_of(&path)));
            if body.has_code {
                ctx.insert("highlight_css", &true);
            }
            render_to(tera, "page.html", &ctx, out, &path, diags);
            body.has_code
        })
        .reduce(|| false, |a, b| a || b)
}

/// Whether a free page has highlighted code (as [`render`] finds, without writing).
pub fn any_code(archive: &Archive, targets: &LinkTargets<'_>) -> bool {
    let diags = Diagnostics::default();
    archive.pages.iter().any(|p| {
        let opts = MarkdownOptions {
            targets,
            trusted_html: archive.config.trusted_html,
            id_prefix: "",
        };
        markdown::render(&p.body_md, &p.file, p.body_line, &opts, &diags).has_code
    })
}

/// Links to the free pages, for the home page.
pub fn links(archive: &Archive) -> Vec<Link> {
    archive
        .pages
        .iter()
        .map(|p| Link {
            label: p.title.clone(),
            url: p.page_path(),
            title: String::new(),
            count: 0,
        })
        .collect()
}
