//! `site.yaml` → [`Config`], with defaults for everything, so a site needs no settings file.

use crate::diagnostics::Diagnostic;
use std::path::Path;

#[derive(Debug, Clone)]
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

/// The settings `site.yaml` may hold (an unknown key is a warning, and is ignored).
const FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "paginate_by",
    "trusted_html",
];

impl Config {
    /// Reads `site.yaml` from the site directory; a missing file gives the defaults. Each
    /// setting is read on its own: an unknown key is a warning and a value of the wrong
    /// kind an error, each naming its line, and either leaves that one setting at its
    /// default while the others are used. A file that is not YAML at all is an error
    /// (and the defaults, so the build goes on).
    pub fn load(site_dir: &Path) -> (Config, Vec<Diagnostic>) {
        let path = site_dir.join("site.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) => return (Config::default(), Vec::new()),
        };
        Config::from_yaml(&text, &path)
    }

    /// [`Config::load`] for the text of a settings file at `path`.
    pub fn from_yaml(text: &str, path: &Path) -> (Config, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut c = Config::default();
        if text.trim().is_empty() {
            return (c, diags);
        }
        let map = match serde_yaml::from_str::<serde_yaml::Value>(text) {
            Ok(serde_yaml::Value::Mapping(m)) => m,
            Ok(serde_yaml::Value::Null) => return (c, diags),
            Ok(_) => {
                diags.push(
                    Diagnostic::error(
                        "config",
                        path,
                        Some(1),
                        "invalid site.yaml: it must be a set of `key: value` lines",
                    )
                    .with_hint(format!("the settings are: {}", FIELDS.join(", "))),
                );
                return (c, diags);
            }
            Err(e) => {
                let line = e.location().map(|l| l.line());
                diags.push(Diagnostic::error(
                    "config",
                    path,
                    line,
                    format!("invalid site.yaml: {e}"),
                ));
                return (c, diags);
            }
        };
        let line_of = |key: &str| {
            text.lines()
                .position(|l| {
                    l.strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                        || l.strip_prefix(&format!("\"{key}\""))
                            .is_some_and(|r| r.trim_start().starts_with(':'))
                })
                .map(|i| i + 1)
        };
        for (k, v) in map {
            let key = crate::source::yaml::value_to_string(&k).unwrap_or_default();
            let line = line_of(&key);
            if v.is_null() && FIELDS.contains(&key.as_str()) {
                continue; // `title:` with nothing after it: the default
            }
            let bad = |what: &str| {
                Diagnostic::error(
                    "config",
                    path,
                    line,
                    format!("`{key}` {what}; the default is used"),
                )
            };
            let read = match key.as_str() {
                "title" => text_value(&v).map(|s| c.title = s),
                "description" => text_value(&v).map(|s| c.description = s),
                "base_url" => text_value(&v).map(|s| c.base_url = s),
                "language" => text_value(&v).map(|s| c.language = s),
                "paginate_by" => match v.as_u64() {
                    Some(n) if n > 0 => {
                        c.paginate_by = usize::try_from(n).unwrap_or(usize::MAX);
                        Ok(())
                    }
                    _ => Err("must be a whole number of cables per page, 1 or more"),
                },
                "trusted_html" => match v.as_bool() {
                    Some(b) => {
                        c.trusted_html = b;
                        Ok(())
                    }
                    None => Err("must be `true` or `false`"),
                },
                _ => {
                    diags.push(crate::source::yaml::unknown_key(
                        "config", path, line, "setting", &key, FIELDS,
                    ));
                    continue;
                }
            };
            if let Err(why) = read {
                diags.push(bad(why));
            }
        }
        if c.base_url.is_empty() {
            return (c, diags);
        }
        // It goes into every page's canonical link, the feed, the sitemap,
        // robots.txt and citations.
        match check_base_url(&c.base_url) {
            Ok(url) => c.base_url = url,
            Err(why) => {
                let bad = std::mem::take(&mut c.base_url);
                diags.push(Diagnostic::error("config", path, line_of("base_url"), format!("base_url `{}` {why}; ignored", bad.escape_debug()))
                    .with_hint("write the full address the site is published at, e.g. https://example.org/archive/"));
            }
        }
        (c, diags)
    }
}

/// A setting that is text: a string, or a number or `true`/`false` written without
/// quotes (`title: 1968`); a list or a map is an error.
fn text_value(v: &serde_yaml::Value) -> Result<String, &'static str> {
    match v {
        serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_) => {
            Err("must be text, not a list or a map")
        }
        other => crate::source::yaml::value_to_string(other).ok_or("must be text"),
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
    use super::{check_base_url, Config};
    use std::path::Path;

    fn load(text: &str) -> (Config, Vec<String>) {
        let (c, d) = Config::from_yaml(text, Path::new("site.yaml"));
        (c, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn an_unknown_key_is_a_warning_and_the_other_settings_are_used() {
        let (c, msgs) = load("title: MyTitle\nbase_url: https://ok.example/\nunknown: 1\n");
        assert_eq!(c.title, "MyTitle");
        assert_eq!(c.base_url, "https://ok.example/");
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].starts_with("warning: site.yaml:3: unknown setting `unknown` is ignored"),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_bad_value_is_an_error_on_its_line_and_that_setting_alone_keeps_its_default() {
        let (c, msgs) = load(
            "title: T\npaginate_by: many\ntrusted_html: yes please\ndescription: [a, b]\nlanguage: fr\n",
        );
        assert_eq!((c.title.as_str(), c.language.as_str()), ("T", "fr"));
        assert_eq!(c.paginate_by, Config::default().paginate_by);
        assert!(!c.trusted_html);
        assert_eq!(c.description, Config::default().description);
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].starts_with("error: site.yaml:2: `paginate_by` must be"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("error: site.yaml:3: `trusted_html` must be"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].starts_with("error: site.yaml:4: `description` must be text"),
            "{msgs:?}"
        );
        // Numbers and empty values as before: text, and the default.
        let (c, msgs) = load("title: 1968\ndescription:\npaginate_by: 0\n");
        assert_eq!(c.title, "1968");
        assert_eq!(c.description, Config::default().description);
        assert_eq!(c.paginate_by, 100);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        // Not YAML, or not a map: an error and the defaults.
        let (c, msgs) = load("title: [\n");
        assert_eq!(c.title, Config::default().title);
        assert!(msgs[0].starts_with("error: site.yaml:"), "{msgs:?}");
        let (_, msgs) = load("- a\n- b\n");
        assert!(
            msgs[0].starts_with("error: site.yaml:1: invalid site.yaml"),
            "{msgs:?}"
        );
    }

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
