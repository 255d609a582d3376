//! Link and content checks over a built site: every internal link and `#anchor`
//! resolves, nothing points outside the output folder or loads from another host, and
//! every page is valid UTF-8.

use once_cell::sync::Lazy;
use rayon::prelude::*;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// One problem found in a built site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The page (relative to the output folder).
    pub page: String,
    pub message: String,
}

/// What the checker found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub pages: usize,
    pub links: usize,
    /// Links to other hosts from `<a href>` (allowed, listed).
    pub external_links: Vec<(String, String)>,
    pub problems: Vec<Problem>,
}

static ATTR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>"#).unwrap());
static HREF: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"\s(href|src|action|srcset|poster|data)\s*=\s*("([^"]*)"|'([^']*)')"#).unwrap()
});
static ID: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"\s(?:id|name)\s*=\s*("([^"]*)"|'([^']*)')"#).unwrap());
static REL: Lazy<Regex> = Lazy::new(|| Regex::new(r#"\srel\s*=\s*"([^"]*)""#).unwrap());

fn decode_entities(s: &str) -> String {
    static NUM: Lazy<Regex> = Lazy::new(|| Regex::new(r"&#(x[0-9a-fA-F]+|[0-9]+);").unwrap());
    let s = NUM.replace_all(s, |c: &regex::Captures<'_>| {
        let v = &c[1];
        let n = match v.strip_prefix('x') {
            Some(h) => u32::from_str_radix(h, 16).ok(),
            None => v.parse().ok(),
        };
        n.and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default()
    });
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `link` relative to the page at `page` (both relative to the root); `None`
/// if it climbs out of the root.
fn resolve(page: &str, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = page.split('/').map(String::from).collect();
    parts.pop();
    for comp in Path::new(link).components() {
        match comp {
            Component::Normal(c) => parts.push(c.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.iter().collect())
}

struct PageScan {
    page: String,
    ids: HashSet<String>,
    links: Vec<(String, bool)>, // (url, loads a resource)
    problem: Option<String>,
}

fn scan(root: &Path, path: &Path) -> PageScan {
    let page = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let mut s = PageScan {
        page,
        ids: HashSet::new(),
        links: Vec::new(),
        problem: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            s.problem = Some(format!("cannot read: {e}"));
            return s;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            s.problem = Some("not valid UTF-8".into());
            return s;
        }
    };
    for tag in ATTR.captures_iter(&text) {
        let name = tag[1].to_ascii_lowercase();
        let attrs = &tag[2];
        for id in ID.captures_iter(attrs) {
            let v = id.get(2).or(id.get(3)).map(|m| m.as_str()).unwrap_or("");
            s.ids.insert(decode_entities(v));
        }
        let rel = REL
            .captures(attrs)
            .map(|c| c[1].to_ascii_lowercase())
            .unwrap_or_default();
        for h in HREF.captures_iter(attrs) {
            let attr = h[1].to_ascii_lowercase();
            let v = decode_entities(h.get(3).or(h.get(4)).map(|m| m.as_str()).unwrap_or(""));
            // `<a href>` navigates; everything else (img src, script src, stylesheet) loads,
            // except links that only name the page elsewhere.
            let loads = !(name == "a"
                || name == "form"
                || (name == "link" && (rel.contains("canonical") || rel.contains("alternate"))));
            if attr == "srcset" {
                for part in v.split(',') {
                    if let Some(u) = part.split_whitespace().next() {
                        s.links.push((u.to_string(), true));
                    }
                }
            } else {
                s.links.push((v, loads));
            }
        }
    }
    s
}

/// Checks a built site folder.
pub fn check_site(root: &Path) -> CheckReport {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let all: HashSet<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let html: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    let scans: Vec<PageScan> = html.par_iter().map(|p| scan(root, p)).collect();
    let ids: HashMap<&str, &HashSet<String>> =
        scans.iter().map(|s| (s.page.as_str(), &s.ids)).collect();
    let mut report = CheckReport {
        pages: scans.len(),
        ..Default::default()
    };
    for s in &scans {
        if let Some(p) = &s.problem {
            report.problems.push(Problem {
                page: s.page.clone(),
                message: p.clone(),
            });
            continue;
        }
        for (url, loads) in &s.links {
            report.links += 1;
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("//")
            {
                if *loads {
                    report.problems.push(Problem {
                        page: s.page.clone(),
                        message: format!("loads {url} from another host"),
                    });
                } else {
                    report.external_links.push((s.page.clone(), url.clone()));
                }
                continue;
            }
            if lower.starts_with("mailto:") || lower.starts_with("data:") && !loads {
                continue;
            }
            if lower.starts_with("javascript:")
                || lower.contains(':')
                    && !lower.starts_with('#')
                    && lower
                        .split(['/', '#', '?'])
                        .next()
                        .is_some_and(|x| x.contains(':'))
            {
                report.problems.push(Problem {
                    page: s.page.clone(),
                    message: format!("link with a scheme the site does not allow: {url}"),
                });
                continue;
            }
            if url.starts_with('/') {
                report.problems.push(Problem {
                    page: s.page.clone(),
                    message: format!(
                        "root-relative link {url} breaks under a sub-path and from file://"
                    ),
                });
                continue;
            }
            let (path_part, frag) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or("");
            let target = if path_part.is_empty() {
                s.page.clone()
            } else {
                match resolve(&s.page, &percent_decode(path_part)) {
                    Some(t) => t.to_string_lossy().replace('\\', "/"),
                    None => {
                        report.problems.push(Problem {
                            page: s.page.clone(),
                            message: format!("link {url} leaves the site"),
                        });
                        continue;
                    }
                }
            };
            if !all.contains(&target) {
                let hint = if all.contains(&format!("{target}/index.html"))
                    || all.contains(&format!("{}index.html", target))
                {
                    " (a folder: link to its index.html so it works from file://)"
                } else {
                    ""
                };
                report.problems.push(Problem {
                    page: s.page.clone(),
                    message: format!("broken link {url}{hint}"),
                });
                continue;
            }
            if let Some(f) = frag {
                if f.is_empty() || f == "top" {
                    continue;
                }
                let f = percent_decode(f);
                match ids.get(target.as_str()) {
                    Some(set) if set.contains(&f) => {}
                    Some(_) => report.problems.push(Problem {
                        page: s.page.clone(),
                        message: format!("link {url}: no element with id `{f}` in {target}"),
                    }),
                    None => {}
                }
            }
        }
    }
    report.problems.sort();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_anchors_and_escapes() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        std::fs::create_dir_all(r.join("a")).unwrap();
        std::fs::write(r.join("index.html"), r#"<a href="a/p.html#x">ok</a><a href="a/p.html#nope">bad anchor</a><a href="missing.html">missing</a><a href="../out.html">out</a><img src="https://cdn.example/x.png"><a href="https://example.org/">ext</a><a href="/abs.html">abs</a>"#).unwrap();
        std::fs::write(
            r.join("a/p.html"),
            r#"<p id="x"><a href="../index.html#top">up</a></p>"#,
        )
        .unwrap();
        let rep = check_site(r);
        let msgs: Vec<&str> = rep.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(rep.pages, 2);
        assert!(
            msgs.iter().any(|m| m.contains("no element with id `nope`")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("broken link missing.html")));
        assert!(msgs.iter().any(|m| m.contains("leaves the site")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("loads https://cdn.example/x.png")));
        assert!(msgs.iter().any(|m| m.contains("root-relative")));
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert_eq!(rep.external_links.len(), 1);
    }
}
