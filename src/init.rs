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
    check_git_url(&opts.cablepress_git)?;
    check_git_ref(&opts.cablepress_ref)?;
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
        // The workflow has them inside YAML double quotes: escaped as such.
        let text = text
            .replace("@CABLEPRESS_GIT@", &yaml_quoted_inner(&opts.cablepress_git))
            .replace("@CABLEPRESS_REF@", &yaml_quoted_inner(&opts.cablepress_ref))
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

/// `s` escaped for the inside of a YAML double-quoted scalar (JSON's escapes are YAML's).
fn yaml_quoted_inner(s: &str) -> String {
    let q = yaml_string(s);
    q[1..q.len() - 1].to_string()
}

/// The repository the workflow builds cablepress from: one line of printable text, as
/// a git URL or path is.
fn check_git_url(url: &str) -> Result<()> {
    if url.trim().is_empty() {
        bail!(
            "--cablepress-git `{url}` is empty; give the URL of the repository to build cablepress from"
        );
    }
    if url.starts_with('-') {
        bail!(
            "--cablepress-git `{}` begins with `-`, which git would read as an option; give a git URL such as https://github.com/OWNER/cablepress",
            url.escape_debug()
        );
    }
    if let Some(c) = url.chars().find(|c| c.is_control() || c.is_whitespace()) {
        bail!(
            "--cablepress-git `{}` has {} in it; give a git URL such as https://github.com/OWNER/cablepress",
            url.escape_debug(),
            describe(c)
        );
    }
    Ok(())
}

/// The branch, tag or commit: a name git accepts for a ref (`git check-ref-format`),
/// without the quotes, `$` and backquotes a shell would read. The workflow puts it into
/// a command line as a step's output (`--rev "${{ ... }}"`), where nothing is escaped.
fn check_git_ref(r: &str) -> Result<()> {
    let bad_char = r.chars().find(|&c| {
        c.is_control()
            || c.is_whitespace()
            || matches!(
                c,
                '~' | '^'
                    | ':'
                    | '?'
                    | '*'
                    | '['
                    | '\\'
                    | '"'
                    | '\''
                    | '`'
                    | '$'
                    | ';'
                    | '&'
                    | '|'
                    | '<'
                    | '>'
                    | '('
                    | ')'
                    | '{'
                    | '}'
            )
    });
    let why = if r.is_empty() {
        Some("is empty".to_string())
    } else if let Some(c) = bad_char {
        Some(format!("has {} in it", describe(c)))
    } else if r.starts_with(['-', '/', '.'])
        || r.ends_with(['/', '.'])
        || r.ends_with(".lock")
        || r.contains("..")
        || r.contains("//")
        || r.contains("@{")
        || r.contains("/.")
    {
        Some("is not a name git accepts for a branch, tag or commit".to_string())
    } else {
        None
    };
    match why {
        Some(why) => bail!(
            "--cablepress-ref `{}` {why}; give a branch, tag or commit such as `main`, `v1.2.0` or a commit hash",
            r.escape_debug()
        ),
        None => Ok(()),
    }
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\n' => "a line break".into(),
        c if c.is_control() || c.is_whitespace() => format!("the character {}", c.escape_unicode()),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workflow(git: &str, git_ref: &str) -> Result<serde_yaml::Value> {
        let dir = tempfile::tempdir()?;
        let opts = InitOptions {
            cablepress_git: git.into(),
            cablepress_ref: git_ref.into(),
            ..Default::default()
        };
        init(dir.path(), &opts)?;
        let text = std::fs::read_to_string(dir.path().join(".github/workflows/deploy.yml"))?;
        Ok(serde_yaml::from_str(&text)?)
    }

    #[test]
    fn the_repository_is_escaped_in_the_workflow() {
        for url in [
            "https://example.org/a\"b.git",
            "https://example.org/a\\b.git",
            "git@example.org:o/r.git",
            "https://example.org/$HOME'x'.git",
        ] {
            let wf = workflow(url, "v1.2.0").unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(wf["env"]["CABLEPRESS_GIT"], url);
            assert_eq!(wf["env"]["CABLEPRESS_REF"], "v1.2.0");
        }
    }

    #[test]
    fn a_repository_or_ref_that_cannot_be_written_safely_is_refused() {
        for (url, why) in [
            ("https://example.org/a\nb.git", "a line break"),
            ("https://example.org/a b.git", "a space"),
            ("--upload-pack=touch /tmp/x", "begins with `-`"),
            ("", "is empty"),
        ] {
            let e = workflow(url, "main").unwrap_err().to_string();
            assert!(e.starts_with("--cablepress-git `"), "{e}");
            assert!(e.contains(why), "{url:?}: {e}");
        }
        for (r, why) in [
            ("main\nrun: x", "a line break"),
            ("main\"; rm -rf ~; \"", "`\"`"),
            ("a\"b", "`\"`"),
            ("$(id)", "`$`"),
            ("`id`", "```"),
            ("-x", "not a name git accepts"),
            ("a..b", "not a name git accepts"),
            ("", "is empty"),
        ] {
            let e = workflow("https://example.org/c.git", r)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("--cablepress-ref `"), "{e}");
            assert!(e.contains(why), "{r:?}: {e}");
        }
        // Nothing is written when refused.
        let dir = tempfile::tempdir().unwrap();
        let opts = InitOptions {
            cablepress_ref: "a\nb".into(),
            ..Default::default()
        };
        assert!(init(dir.path(), &opts).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // Refs that git accepts pass.
        for r in [
            "main",
            "v1.2.0",
            "release/2026-11",
            "0123abcd",
            "feature_x+y",
        ] {
            assert!(workflow("https://example.org/c.git", r).is_ok(), "{r}");
        }
    }
}
