//! Free pages (`content/pages/*.md`: front matter with `title`, then Markdown) → [`Page`].
//! Each becomes `<stem>/index.html` (`about/`, `methodology/`), linked from the home page.

use super::{front_matter, text, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub file: PathBuf,
    /// The file stem: the page's folder in the site.
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_line: usize,
}

impl Page {
    pub fn page_path(&self) -> String {
        format!("{}/index.html", self.slug)
    }
}

/// Folders the generator writes itself; a page may not take one of these names.
pub const RESERVED: &[&str] = &[
    "annotations",
    "browse",
    "cable",
    "classification",
    "countries",
    "country",
    "date",
    "origin",
    "people",
    "person",
    "search",
    "sitemaps",
    "static",
    "tag",
    "page",
];

/// Reads `content/pages/*.md` (not sub-folders), sorted by file name.
pub fn read_all(site_dir: &Path, diags: &Diagnostics) -> Vec<Page> {
    let dir = site_dir.join("content").join("pages");
    let mut pages = Vec::new();
    for path in super::find_files(&dir, &["md", "markdown"], diags) {
        if path.parent() != Some(dir.as_path()) {
            diags.push(
                Diagnostic::warning("page", &path, None, "pages in sub-folders are not read")
                    .with_hint("move it into content/pages/"),
            );
            continue;
        }
        if let Some(p) = read(&path, diags) {
            // Two files whose names differ only in case would be one page.
            if let Some(first) = pages.iter().find(|q: &&Page| q.slug == p.slug) {
                diags.push(
                    Diagnostic::error(
                        "page",
                        &path,
                        Some(1),
                        format!(
                            "the page name `{}` is taken by {}; this page is skipped",
                            p.slug,
                            first.file.display()
                        ),
                    )
                    .with_hint("page names ignore case: rename one of the files"),
                );
                continue;
            }
            pages.push(p);
        }
    }
    pages
}

fn read(path: &Path, diags: &Diagnostics) -> Option<Page> {
    let (content, warning) = match text::read(path) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    diags.extend(warning);
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let slug_ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !slug_ok || RESERVED.contains(&slug.as_str()) {
        diags.push(
            Diagnostic::error(
                "page",
                path,
                Some(1),
                if slug_ok {
                    format!(
                        "the page name `{slug}` is reserved: cablepress writes {slug}/ itself; \
                         this page is skipped"
                    )
                } else {
                    format!("`{}` cannot be a page's name", slug.escape_debug())
                },
            )
            .with_hint(format!(
                "name the file with letters, digits and `-`, and not one of: {}",
                RESERVED.join(", ")
            )),
        );
        return None;
    }
    let split = match front_matter::split(&content) {
        Ok(s) => s,
        Err(front_matter::Unclosed) => {
            diags.push(Diagnostic::error(
                "page",
                path,
                Some(1),
                "front matter opened with `---` is never closed",
            ));
            return None;
        }
    };
    let mut title = None;
    if let Some(y) = split.yaml {
        match serde_yaml::from_str::<serde_yaml::Value>(y) {
            Ok(v) => {
                title = v
                    .get("title")
                    .and_then(yaml::value_to_string)
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    "page",
                    path,
                    Some(yaml::error_line(&e, 2)),
                    format!(
                        "front matter is not valid YAML: {}",
                        yaml::error_message(&e, 2)
                    ),
                ));
                return None;
            }
        }
    }
    let title = match title {
        Some(t) => t,
        None => {
            diags.push(
                Diagnostic::warning(
                    "page",
                    path,
                    Some(1),
                    "page has no `title`; the file name is used",
                )
                .with_hint("add front matter: ---\\ntitle: About\\n---"),
            );
            slug.clone()
        }
    };
    Some(Page {
        file: path.to_path_buf(),
        slug,
        title,
        body_md: split.body.to_string(),
        body_line: split.body_line,
    })
}
