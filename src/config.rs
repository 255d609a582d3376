//! `site.yaml` → [`Config`], with defaults for everything, so a site needs no settings file.

use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Used only where an absolute URL is required (sitemap, feed, canonical link).
    pub base_url: String,
    pub language: String,
    /// Cables per page on the browse lists.
    pub paginate_by: usize,
    /// Let raw HTML through in Markdown (still sanitised).
    pub trusted_html: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Cable archive".into(),
            description: "An annotated archive of diplomatic cables.".into(),
            base_url: String::new(),
            language: "en".into(),
            paginate_by: 100,
            trusted_html: false,
        }
    }
}

impl Config {
    /// Reads `site.yaml` from the site directory; a missing file gives the defaults,
    /// a broken one an error (and the defaults, so the build goes on).
    pub fn load(site_dir: &Path) -> (Config, Option<Diagnostic>) {
        let path = site_dir.join("site.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) => return (Config::default(), None),
        };
        if text.trim().is_empty() {
            return (Config::default(), None);
        }
        match serde_yaml::from_str::<Config>(&text) {
            Ok(mut c) => {
                if c.paginate_by == 0 {
                    c.paginate_by = 100;
                }
                if !c.base_url.is_empty() && !c.base_url.ends_with('/') {
                    c.base_url.push('/');
                }
                (c, None)
            }
            Err(e) => {
                let line = e.location().map(|l| l.line());
                (
                    Config::default(),
                    Some(Diagnostic::error(
                        "config",
                        &path,
                        line,
                        format!("invalid site.yaml: {e}"),
                    )),
                )
            }
        }
    }
}
