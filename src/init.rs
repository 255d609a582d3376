//! `cablepress init DIR`: a new site skeleton, ready to build and to publish from CI.
//!
//! The files are in `skeleton/` in the repository, compiled into the binary. Nothing that
//! exists is overwritten.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The skeleton's files: path in the new site, contents.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("../skeleton/site.yaml")),
    ("README.md", include_str!("../skeleton/README.md")),
    (
        ".github/workflows/deploy.yml",
        include_str!("../skeleton/.github/workflows/deploy.yml"),
    ),
    (
        "content/cables/2003/03EXAMPLE1.txt",
        include_str!("../skeleton/content/cables/2003/03EXAMPLE1.txt"),
    ),
    (
        "content/annotations/example.md",
        include_str!("../skeleton/content/annotations/example.md"),
    ),
    (
        "content/people/example-person.yaml",
        include_str!("../skeleton/content/people/example-person.yaml"),
    ),
    (".gitignore", "/public/\n/.public.*\n"),
];

/// Where the new site's CI builds cablepress from, when `--cablepress-git` is not given
/// and the package names no repository.
pub const PLACEHOLDER_GIT: &str = "https://github.com/OWNER/cablepress";

/// What `init` is given.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: String,
    /// The git repository CI builds cablepress from.
    pub cablepress_git: String,
    /// Branch, tag or commit in it.
    pub cablepress_ref: String,
}

impl Default for InitOptions {
    fn default() -> Self {
        let repo = env!("CARGO_PKG_REPOSITORY");
        InitOptions {
            title: "My cable archive".into(),
            cablepress_git: if repo.is_empty() {
                PLACEHOLDER_GIT.into()
            } else {
                repo.into()
            },
            cablepress_ref: "main".into(),
        }
    }
}

/// Creates the skeleton in `dir` (created if missing); returns the files written.
/// Refuses to run if any of them already exists.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<Vec<PathBuf>> {
    let existing: Vec<String> = FILES
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already has {}; nothing was written (init only creates a new site)",
            dir.display(),
            existing.join(", ")
        );
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let text = text
            .replace("@CABLEPRESS_GIT@", &opts.cablepress_git)
            .replace("@CABLEPRESS_REF@", &opts.cablepress_ref)
            .replace("@TITLE@", &opts.title);
        let text = if *rel == "site.yaml" {
            text.replace(
                "title: My cable archive",
                &format!("title: {}", yaml_string(&opts.title)),
            )
        } else {
            text
        };
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
