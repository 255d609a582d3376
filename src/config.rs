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
                if c.base_url.is_empty() {
                    return (c, None);
                }
                // It goes into every page's canonical link, the feed, the sitemap,
                // robots.txt and citations.
                match check_base_url(&c.base_url) {
                    Ok(url) => c.base_url = url,
                    Err(why) => {
                        let bad = std::mem::take(&mut c.base_url);
                        let line = text
                            .lines()
                            .position(|l| l.starts_with("base_url"))
                            .map(|i| i + 1);
                        let d = Diagnostic::error("config", &path, line, format!("base_url `{}` {why}; ignored", bad.escape_debug()))
                            .with_hint("write the full address the site is published at, e.g. https://example.org/archive/");
                        return (c, Some(d));
                    }
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

/// `base_url` as it is written into pages, or why it cannot be: an absolute http or https
/// URL with a host, no user, query or fragment, and no spaces or control characters
/// anywhere (a URL parser would drop a line break silently; robots.txt and the sitemap
/// would not). Returned as the URL parser writes it (host in lower case, characters
/// URLs do not allow percent-encoded), ending with `/`.
fn check_base_url(raw: &str) -> Result<String, String> {
    let scheme = crate::render::html::url_scheme(raw);
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return Err("is not an http or https address".into());
    }
    if let Some(c) = raw.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "has {} in it",
            if c == ' ' {
                "a space".to_string()
            } else {
                format!("the character {}", c.escape_debug())
            }
        ));
    }
    // A URL parser reads `https:///x` and `https:\\x` as the host `x`; this must be written
    // as it is read.
    let after = raw.split_once(':').map_or("", |(_, r)| r);
    if raw.contains('\\') || !after.starts_with("//") || after[2..].starts_with('/') {
        return Err("is not of the form https://host/path/".into());
    }
    let url = url::Url::parse(raw).map_err(|e| format!("is not a valid address: {e}"))?;
    match url.host_str() {
        None | Some("") => return Err("has no host".into()),
        Some(_) => {}
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("has a user name or password in it".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(
            "has a query (`?`) or fragment (`#`); the site's pages are added after it".into(),
        );
    }
    let mut s = url.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn base_urls_are_plain_http_addresses() {
        for (raw, want) in [
            ("https://example.org", "https://example.org/"),
            (
                "https://Example.ORG/archive",
                "https://example.org/archive/",
            ),
            (
                "http://example.org:8080/a/b/",
                "http://example.org:8080/a/b/",
            ),
            (
                "https://example.edu/~jane/my_cables/",
                "https://example.edu/~jane/my_cables/",
            ),
            ("https://example.org/{x}/", "https://example.org/%7Bx%7D/"),
        ] {
            assert_eq!(check_base_url(raw).as_deref(), Ok(want), "{raw}");
        }
        for bad in [
            "javascript:alert(1)//",
            "ftp://example.org/",
            "https://example.org/\nDisallow: /\n",
            "https://example.org/a b/",
            " https://example.org/",
            "https:///path",
            "https://",
            "https://user:pw@example.org/",
            "https://example.org/?q",
            "https://example.org/#x",
            "https://exa<mple.org/",
            "https:example.org",
            "https:\\\\example.org\\",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?}");
        }
    }
}
