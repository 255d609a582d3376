//! Tera templates: the built-in theme (compiled into the binary from `templates/`),
//! overridden file by file by a site's own `templates/`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use once_cell::sync::Lazy;
use regex::Regex;
use std::path::{Path, PathBuf};
use tera::Tera;

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("cable.html", include_str!("../../templates/cable.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("browse.html", include_str!("../../templates/browse.html")),
    (
        "note_macros.html",
        include_str!("../../templates/note_macros.html"),
    ),
    ("notes.html", include_str!("../../templates/notes.html")),
    (
        "annotations.html",
        include_str!("../../templates/annotations.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("country.html", include_str!("../../templates/country.html")),
    (
        "countries.html",
        include_str!("../../templates/countries.html"),
    ),
    ("person.html", include_str!("../../templates/person.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("search.html", include_str!("../../templates/search.html")),
];

/// The pages written directly (`render::direct`) while their templates are built-in.
#[derive(Clone, Copy)]
pub enum Direct {
    Cable,
    List,
}

impl Direct {
    const ALL: [Direct; 2] = [Direct::Cable, Direct::List];

    /// The templates the page is made of.
    fn templates(self) -> [&'static str; 3] {
        match self {
            Direct::Cable => ["base.html", "cable.html", "macros.html"],
            Direct::List => ["base.html", "list.html", "macros.html"],
        }
    }

    /// Registered (empty) when the page's templates are the built-in ones. A site's
    /// template cannot take this name: site templates are named after files with an
    /// extension.
    fn mark(self) -> &'static str {
        match self {
            Direct::Cable => "cablepress:builtin-cable-page",
            Direct::List => "cablepress:builtin-list-page",
        }
    }
}

/// Whether `tera`'s templates for `page` are the built-in ones, so that it may be written
/// directly.
pub fn is_builtin(tera: &Tera, page: Direct) -> bool {
    tera.get_template(page.mark()).is_ok()
}

/// `{{ count | thousands }}`: a whole number with its thousands marked (`251,287`);
/// anything else as it is.
fn thousands_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(match value.as_u64() {
        Some(n) => tera::Value::String(super::html::thousands(n)),
        None => value.clone(),
    })
}

/// Loads the built-in templates and then the site's. A site template that does not
/// compile is an error naming its line; the built-in one of that name is used instead.
pub fn load(site_dir: &Path, diags: &Diagnostics) -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL; quotes, `<`, `>` and `&`
    // are what matter in element content and quoted attributes.
    tera.set_escape_fn(escape_html);
    tera.register_filter("thousands", thousands_filter);
    if let Err(e) = tera.add_raw_templates(BUILTIN.iter().copied()) {
        // A defect in the built-in theme: say so plainly.
        diags.push(Diagnostic::error(
            "template",
            Path::new("templates"),
            None,
            format!("built-in templates: {}", chain(&e)),
        ));
    }
    let mut overridden: Vec<String> = Vec::new();
    let dir = site_dir.join("templates");
    let files = if dir.is_dir() {
        crate::source::find_files(&dir, &["html", "xml", "txt", "js"], diags)
    } else {
        Vec::new()
    };
    for path in files {
        let Ok(rel) = path.strip_prefix(&dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "template",
                    &path,
                    None,
                    format!("cannot read template: {e}"),
                ));
                continue;
            }
        };
        // Compile it alone first so one broken file does not take the others down.
        let mut probe = tera.clone();
        match probe.add_raw_template(&name, &text) {
            Ok(()) => {
                // Where it came from, for a render error to name its line.
                if let Some(t) = probe.templates.get_mut(&name) {
                    t.path = Some(path.to_string_lossy().into_owned());
                }
                tera = probe;
                // A copy of a built-in template (a site that copied the whole theme to
                // change one file) changes nothing.
                if !BUILTIN.iter().any(|&(n, t)| n == name && t == text) {
                    overridden.push(name);
                }
            }
            Err(e) => {
                let msg = chain(&e);
                let (line, col) = location(&msg);
                let mut d = Diagnostic::error(
                    "template",
                    &path,
                    line,
                    format!("template does not compile: {msg}"),
                )
                .with_hint("the built-in template of this name is used instead");
                if let Some(c) = col {
                    d = d.with_column(c);
                }
                diags.push(d);
            }
        }
    }
    for page in Direct::ALL {
        if !page
            .templates()
            .iter()
            .any(|t| overridden.iter().any(|o| o == t))
        {
            // An empty template cannot fail to compile.
            let _ = tera.add_raw_template(page.mark(), "");
        }
    }
    tera
}

fn escape_html(s: &str) -> String {
    super::html::escape(s)
}

/// Where a render error of template `name` (message `msg`, [`chain`]ed) comes from: the
/// template file, and the first line in it that uses the variable, filter, test, function
/// or macro the message names. The template the message says the error happened in is
/// searched first, then `name` and the templates it extends and imports; a built-in
/// template is named `templates/NAME`. Without such a line, `name`'s file and no line.
pub fn locate(tera: &Tera, name: &str, msg: &str) -> (PathBuf, Option<usize>) {
    static IN: Lazy<Regex> = Lazy::new(|| Regex::new(r"\(error happened in '([^']+)'\)").unwrap());
    static NAMED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(Variable|Filter|Test|Function|Macro) [`']([^`']+)[`']").unwrap()
    });
    // A site's template was loaded from its file; a built-in one has none.
    let site_file = |n: &str| tera.get_template(n).ok().and_then(|t| t.path.clone());
    let file = |n: &str| -> PathBuf {
        site_file(n).map_or_else(|| Path::new("templates").join(n), PathBuf::from)
    };
    let source = |n: &str| -> Option<String> {
        match site_file(n) {
            Some(p) => std::fs::read_to_string(p).ok(),
            None => BUILTIN
                .iter()
                .find(|(b, _)| *b == n)
                .map(|(_, t)| t.to_string()),
        }
    };
    let mut order: Vec<String> = Vec::new();
    if let Some(c) = IN.captures(msg) {
        order.push(c[1].to_string());
    }
    order.push(name.to_string());
    if let Ok(t) = tera.get_template(name) {
        order.extend(t.parents.iter().cloned());
        order.extend(t.imported_macro_files.iter().map(|(f, _)| f.clone()));
    }
    if let Some(c) = NAMED.captures(msg) {
        let (kind, what) = (&c[1], &c[2]);
        // `macros::hello` is called as `macros::hello(`.
        for n in &order {
            if let Some(line) = source(n).and_then(|s| first_use(&s, kind, what)) {
                return (file(n), Some(line));
            }
        }
    }
    (file(order.first().map_or(name, |n| n.as_str())), None)
}

/// The first line (1-based) of a template's source whose tags use `what` as a `kind`:
/// a variable as a whole dotted name, a filter after `|`, a test after `is`, a function
/// or macro before `(`.
fn first_use(source: &str, kind: &str, what: &str) -> Option<usize> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut in_tag = false;
    for (i, line) in source.lines().enumerate() {
        let mut rest = line;
        // Only inside `{{ }}` and `{% %}`: the same word in the page's text is not a use.
        let mut text = String::new();
        loop {
            if in_tag {
                match rest.find("}}").into_iter().chain(rest.find("%}")).min() {
                    Some(end) => {
                        text.push_str(&rest[..end]);
                        text.push(' ');
                        rest = &rest[end + 2..];
                        in_tag = false;
                    }
                    None => {
                        text.push_str(rest);
                        break;
                    }
                }
            } else {
                match rest.find("{{").into_iter().chain(rest.find("{%")).min() {
                    Some(start) => {
                        rest = &rest[start + 2..];
                        in_tag = true;
                    }
                    None => break,
                }
            }
        }
        let used = text.match_indices(what).any(|(at, _)| {
            let before = text[..at].trim_end();
            let after = &text[at + what.len()..];
            let bounded =
                !text[..at].ends_with(|c: char| ident(c) || c == '.') && !after.starts_with(ident);
            bounded
                && match kind {
                    "Filter" => before.ends_with('|'),
                    "Test" => before.ends_with(" is") || before.ends_with(" not") || before == "is",
                    "Function" | "Macro" => after.trim_start().starts_with('('),
                    _ => !after.starts_with('('),
                }
        });
        if used {
            return Some(i + 1);
        }
    }
    None
}

/// A Tera error with its causes, on one line.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = inner.source();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `--> 3:5` in a parse error → line 3, column 5.
fn location(msg: &str) -> (Option<usize>, Option<usize>) {
    static LOC: Lazy<Regex> = Lazy::new(|| Regex::new(r"--> (\d+):(\d+)").unwrap());
    match LOC.captures(msg) {
        Some(c) => (c[1].parse().ok(), c[2].parse().ok()),
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(site_templates: &[(&str, &str)]) -> Tera {
        let site = tempfile::tempdir().unwrap();
        for (name, text) in site_templates {
            let p = site.path().join("templates").join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        load(site.path(), &Diagnostics::default())
    }

    #[test]
    fn a_render_error_is_found_at_the_first_tag_that_uses_what_it_names() {
        let src = "<p>title here is text</p>\n{{ page.title }}\n{% if x\n   | length > 2 %}\n{{ y | upercase }}{{ z is oddish }}\n{{ greet(name=1) }}{{ title }}\n";
        // Words in the page's text are not uses; a longer name is not the name.
        assert_eq!(first_use(src, "Variable", "title"), Some(6));
        assert_eq!(first_use(src, "Variable", "page.title"), Some(2));
        assert_eq!(first_use(src, "Variable", "x"), Some(3));
        assert_eq!(first_use(src, "Filter", "length"), Some(4));
        assert_eq!(first_use(src, "Filter", "upercase"), Some(5));
        assert_eq!(first_use(src, "Test", "oddish"), Some(5));
        assert_eq!(first_use(src, "Function", "greet"), Some(6));
        assert_eq!(first_use(src, "Variable", "nowhere"), None);
    }

    #[test]
    fn a_render_error_in_a_parent_template_names_the_parent() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("templates")).unwrap();
        std::fs::write(
            site.path().join("templates/base.html"),
            builtin("base.html").replacen("<main", "\n{{ oops }}<main", 1),
        )
        .unwrap();
        let tera = load(site.path(), &Diagnostics::default());
        let line = builtin("base.html")
            .lines()
            .position(|l| l.contains("<main"))
            .unwrap()
            + 2;
        let msg = "Failed to render 'cable.html' (error happened in a parent template): Variable `oops` not found in context while rendering 'cable.html'";
        let (path, at) = locate(&tera, "cable.html", msg);
        assert_eq!(path, site.path().join("templates/base.html"));
        assert_eq!(at, Some(line));
        // Built-in and not found: the template's name, no line.
        let (path, at) = locate(&tera, "list.html", "Failed to render 'list.html': boom");
        assert_eq!((path, at), (PathBuf::from("templates/list.html"), None));
    }

    fn builtin(name: &str) -> &'static str {
        BUILTIN.iter().find(|(n, _)| *n == name).unwrap().1
    }

    #[test]
    fn pages_are_written_directly_only_while_their_templates_are_the_built_in_ones() {
        let direct = |t: &Tera| (is_builtin(t, Direct::Cable), is_builtin(t, Direct::List));
        assert_eq!(direct(&loaded(&[])), (true, true));
        // A site that copied the whole theme changes nothing.
        let copies: Vec<(&str, &str)> = BUILTIN.to_vec();
        assert_eq!(direct(&loaded(&copies)), (true, true));
        let changed = format!("{}<!-- mine -->", builtin("cable.html"));
        assert_eq!(direct(&loaded(&[("cable.html", &changed)])), (false, true));
        let changed = format!("{}{{# mine #}}", builtin("list.html"));
        assert_eq!(direct(&loaded(&[("list.html", &changed)])), (true, false));
        for shared in ["base.html", "macros.html"] {
            let changed = format!("{}{{# mine #}}", builtin(shared));
            assert_eq!(direct(&loaded(&[(shared, &changed)])), (false, false));
        }
        // A template that does not compile leaves the built-in one in use.
        assert_eq!(direct(&loaded(&[("cable.html", "{% if %}")])), (true, true));
        // Other templates do not matter.
        let changed = format!("{}{{# mine #}}", builtin("person.html"));
        assert_eq!(direct(&loaded(&[("person.html", &changed)])), (true, true));
    }
}
