//! Pages of the built-in theme written directly: the same bytes Tera makes of the
//! templates, without Tera. A cable page looks up a hundred-odd variables and a list page
//! a hundred rows' worth, and Tera spends about 1,500 instructions on each lookup (every
//! dotted name is split and copied; measured with callgrind): that made templates the
//! largest cost of building 251,287 cable pages and their lists.
//!
//! Each kind of page is written here only while the templates it is made of are the
//! built-in ones ([`super::templates::is_builtin`]); a site that overrides any of them
//! gets Tera as before. `tests/direct_pages.rs` builds sites both ways and compares the
//! bytes, so a change to those templates that is not made here too fails the tests.

use super::html::{escape_into, root_of};
use super::pages::{CablePage, CableSummary, SiteView, TermPage};
use super::people::PersonLink;

/// What a cable page adds to the cable's view: its notes and the people it names.
pub(crate) struct CableExtras<'a> {
    pub notes_count: usize,
    pub notes_top: &'a str,
    pub highlight_css: bool,
    pub people_here: &'a [PersonLink],
}

/// Writes cable `page` (`base.html`, `cable.html`, `macros.html`) and hands its bytes to
/// `done`.
pub(crate) fn cable_page(
    site: &SiteView<'_>,
    page: &CablePage<'_>,
    extras: &CableExtras<'_>,
    done: impl FnOnce(&[u8]),
) {
    with_page(&page.page_path, done, |w| {
        let mut description = String::new();
        Page {
            s: &mut description,
            root: w.root,
        }
        .cable_description(page);
        w.head(
            site,
            &Head {
                title: &page.title,
                page_path: &page.page_path,
                description: Some(&description),
                og_type: "article",
                body_class: "cable-page",
                highlight_css: extras.highlight_css,
            },
        );
        w.cable_content(site, page, extras);
        w.foot(site);
    });
}

/// Writes list `page` (`base.html`, `list.html`, `macros.html`) and hands its bytes to
/// `done`.
pub(crate) fn list_page(site: &SiteView<'_>, page: &TermPage<'_>, done: impl FnOnce(&[u8])) {
    with_page(&page.page_path, done, |w| {
        w.head(
            site,
            &Head {
                title: &page.title,
                page_path: &page.page_path,
                description: None,
                og_type: "website",
                body_class: "list-page",
                highlight_css: false,
            },
        );
        w.list_content(page);
        w.foot(site);
    });
}

/// Runs `write` on a page buffer kept by this thread, with the root of `page_path`, and
/// hands the page to `done`.
fn with_page(page_path: &str, done: impl FnOnce(&[u8]), write: impl FnOnce(&mut Page<'_, '_>)) {
    let root = root_of(page_path);
    thread_local! {
        // One page's worth of text per thread, kept between pages (as in `render_to`).
        static TEXT: std::cell::RefCell<String> = std::cell::RefCell::new(String::with_capacity(64 * 1024));
    }
    TEXT.with(|text| {
        let mut text = text.borrow_mut();
        text.clear();
        write(&mut Page {
            s: &mut text,
            root: &root,
        });
        done(text.as_bytes());
        if text.capacity() > 4 * 1024 * 1024 {
            *text = String::with_capacity(64 * 1024);
        }
    });
}

/// What `base.html` takes from the page and its blocks.
struct Head<'a> {
    title: &'a str,
    page_path: &'a str,
    /// The `description` and `og_description` blocks, escaped; `None`: the site's.
    description: Option<&'a str>,
    og_type: &'a str,
    body_class: &'a str,
    highlight_css: bool,
}

struct Page<'s, 'r> {
    s: &'s mut String,
    root: &'r str,
}

impl Page<'_, '_> {
    fn raw(&mut self, s: &str) {
        self.s.push_str(s);
    }

    /// `{{ s }}`: escaped.
    fn text(&mut self, s: &str) {
        escape_into(self.s, s);
    }

    /// `{{ root }}{{ url }}`
    fn href(&mut self, url: &str) {
        escape_into(self.s, self.root);
        escape_into(self.s, url);
    }

    /// `<a href="{{ root }}{{ url }}">{{ label }}</a>`
    fn link(&mut self, url: &str, label: &str) {
        self.raw("<a href=\"");
        self.href(url);
        self.raw("\">");
        self.text(label);
        self.raw("</a>");
    }

    /// `{{ n | thousands }}`
    fn number(&mut self, n: usize) {
        super::html::push_thousands(self.s, n as u64);
    }

    /// `{{ cable.id }}{% if cable.subject %}: {{ cable.subject }}{% endif %} ({{ cable.origin }}, {{ cable.date }})`
    fn cable_description(&mut self, page: &CablePage<'_>) {
        let v = &page.view;
        self.text(v.id);
        if !v.subject.is_empty() {
            self.raw(": ");
            self.text(v.subject);
        }
        self.raw(" (");
        self.text(v.origin);
        self.raw(", ");
        self.text(&v.date);
        self.raw(")");
    }

    /// `open`, the page's absolute URL and `">`, when the site has a `base_url`.
    fn absolute_url(&mut self, site: &SiteView<'_>, h: &Head<'_>, open: &str) {
        if !site.base_url.is_empty() {
            self.raw(open);
            self.text(site.base_url);
            self.text(h.page_path);
            self.raw("\">");
        }
    }

    /// `base.html` up to its `content` block.
    fn head(&mut self, site: &SiteView<'_>, h: &Head<'_>) {
        self.raw("<!DOCTYPE html>\n<html lang=\"");
        self.text(site.language);
        self.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        self.text(h.title);
        if h.title != site.title {
            self.raw(" · ");
            self.text(site.title);
        }
        self.raw("</title>\n<meta name=\"description\" content=\"");
        self.description(site, h);
        self.raw("\">\n");
        self.absolute_url(site, h, "<link rel=\"canonical\" href=\"");
        self.raw("\n<meta property=\"og:site_name\" content=\"");
        self.text(site.title);
        self.raw("\">\n<meta property=\"og:title\" content=\"");
        self.text(h.title);
        self.raw("\">\n<meta property=\"og:type\" content=\"");
        self.raw(h.og_type);
        self.raw("\">\n<meta property=\"og:description\" content=\"");
        self.description(site, h);
        self.raw("\">\n");
        self.absolute_url(site, h, "<meta property=\"og:url\" content=\"");
        self.raw("\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
        self.href("static/favicon.svg");
        self.raw("\">\n<link rel=\"stylesheet\" href=\"");
        self.href("static/style.css");
        self.raw("\">\n");
        if h.highlight_css {
            self.raw("<link rel=\"stylesheet\" href=\"");
            self.href("static/highlight.css");
            self.raw("\">");
        }
        self.raw(
            "\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Annotations\" href=\"",
        );
        self.href("feed.xml");
        self.raw("\">\n\n</head>\n<body class=\"");
        self.raw(h.body_class);
        self.raw("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    <a class=\"brand\" href=\"");
        self.href("index.html");
        self.raw("\">");
        self.text(site.title);
        self.raw("</a>\n    <nav aria-label=\"Main\">\n");
        for (url, label) in [
            ("browse/index.html", "Browse"),
            ("countries/index.html", "Countries"),
            ("people/index.html", "People"),
            ("origin/index.html", "Posts"),
            ("date/index.html", "Years"),
            ("tag/index.html", "Tags"),
            ("annotations/index.html", "Annotations"),
        ] {
            self.raw("      <a href=\"");
            self.href(url);
            self.raw("\">");
            self.raw(label);
            self.raw("</a>\n");
        }
        self.raw("    </nav>\n    <form class=\"search-box\" action=\"");
        self.href("search/index.html");
        self.raw("\" method=\"get\" role=\"search\">\n      <label class=\"visually-hidden\" for=\"q-header\">Search the archive</label>\n      <input id=\"q-header\" type=\"search\" name=\"q\" placeholder=\"Search cables, people…\">\n      <button type=\"submit\">Search</button>\n    </form>\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    }

    /// `base.html` after its `content` block.
    fn foot(&mut self, site: &SiteView<'_>) {
        self.raw("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>");
        self.text(site.title);
        // No count of the archive here: a page's bytes then change only with what it
        // shows, so adding a cable does not rewrite every page (nor make rsync and CDNs
        // send them all again). The home page gives the count.
        self.raw(" · built with cablepress</p>\n  </div>\n</footer>\n</body>\n</html>\n");
    }

    /// `{{ m::cable_line(c=c, root=root) }}`
    fn cable_line(&mut self, c: &CableSummary) {
        self.link(&c.url, &c.id);
        self.raw(" <span class=\"muted\">");
        self.text(&c.date);
        self.raw("</span> ");
        self.text(&c.subject);
    }

    /// `{% block description %}`: the page's, or `{{ site_description }}`.
    fn description(&mut self, site: &SiteView<'_>, h: &Head<'_>) {
        match h.description {
            Some(d) => self.raw(d),
            None => self.text(site.description),
        }
    }

    /// `cable.html`'s `content` block.
    fn cable_content(
        &mut self,
        site: &SiteView<'_>,
        page: &CablePage<'_>,
        extras: &CableExtras<'_>,
    ) {
        let v = &page.view;
        self.raw("\n<article class=\"cable\" id=\"top\">\n<header>\n  <p class=\"kicker\">Viewing cable</p>\n  <h1><span class=\"cable-id\">");
        self.text(v.id);
        self.raw("</span>");
        if !v.subject.is_empty() {
            self.raw("<span class=\"subject\">");
            self.text(v.subject);
            self.raw("</span>");
        }
        self.raw("</h1>\n</header>\n\n<table class=\"meta\">\n<tr><th scope=\"row\">Reference ID</th><td><a href=\"");
        self.href(&v.url);
        self.raw("\">");
        self.text(v.id);
        self.raw("</a></td></tr>\n<tr><th scope=\"row\">Created</th><td>");
        match v.year_url.as_deref().filter(|u| !u.is_empty()) {
            Some(year_url) => {
                self.raw("<a href=\"");
                self.href(year_url);
                self.raw("\"><time>");
                self.text(&v.date);
                self.raw("</time></a>");
            }
            None => self.text(&v.date),
        }
        self.raw("</td></tr>\n");
        if let Some(released) = v.released.filter(|r| !r.is_empty()) {
            self.raw("<tr><th scope=\"row\">Released</th><td>");
            self.text(released);
            self.raw("</td></tr>");
        }
        self.raw("\n<tr><th scope=\"row\">Classification</th><td><a href=\"");
        self.href(&v.classification_url);
        self.raw("\">");
        if v.classification.is_empty() {
            self.raw("Unmarked");
        } else {
            self.text(v.classification);
        }
        self.raw("</a>");
        for cv in v.caveats {
            self.raw(" <span class=\"caveat\">");
            self.text(cv);
            self.raw("</span>");
        }
        self.raw("</td></tr>\n<tr><th scope=\"row\">Origin</th><td>");
        match v.origin_url.as_deref().filter(|u| !u.is_empty()) {
            Some(origin_url) => self.link(origin_url, v.origin),
            None => self.raw("<span class=\"muted\">unknown</span>"),
        }
        self.raw("</td></tr>\n");
        if !v.countries.is_empty() {
            self.raw("<tr><th scope=\"row\">Countries</th><td>");
            for (n, c) in v.countries.iter().enumerate() {
                if n > 0 {
                    self.raw(", ");
                }
                self.link(&c.url, &c.label);
            }
            self.raw("</td></tr>");
        }
        self.raw("\n");
        if !v.tags.is_empty() {
            self.raw("<tr><th scope=\"row\">Tags</th><td><ul class=\"tag-list\">");
            for t in &v.tags {
                self.raw("<li><a href=\"");
                self.href(&t.url);
                self.raw("\"><code>");
                self.text(&t.code);
                self.raw("</code></a>");
                if !t.title.is_empty() {
                    self.raw(" ");
                    self.text(&t.title);
                }
                self.raw("</li>");
            }
            self.raw("</ul></td></tr>");
        }
        self.raw("\n");
        if !v.subject.is_empty() {
            self.raw("<tr><th scope=\"row\">Subject</th><td>");
            self.text(v.subject);
            self.raw("</td></tr>");
        }
        self.raw("\n</table>\n\n");
        if !v.routing_html.is_empty() {
            self.raw("<details class=\"routing\" open><summary>Routing header</summary><pre>");
            self.raw(&v.routing_html);
            self.raw("</pre></details>");
        }
        self.raw("\n");
        if !v.head_html.is_empty() {
            self.raw("<pre class=\"telegram-head\">");
            self.raw(&v.head_html);
            self.raw("</pre>");
        }
        self.raw("\n\n");
        if extras.notes_count != 0 {
            self.raw("<input class=\"notes-toggle\" type=\"checkbox\" id=\"notes-toggle\" checked>\n<label class=\"notes-toggle-label\" for=\"notes-toggle\">Show the ");
            self.number(extras.notes_count);
            self.raw(" annotation");
            if extras.notes_count != 1 {
                self.raw("s");
            }
            self.raw("</label>\n");
            if !extras.notes_top.is_empty() {
                self.raw("<div class=\"notes-top\">");
                self.raw(extras.notes_top);
                self.raw("</div>");
            }
        }
        self.raw("\n<div class=\"telegram-body");
        if extras.notes_count != 0 {
            self.raw(" has-notes");
        }
        self.raw("\">\n");
        self.raw(&v.body_html);
        self.raw("\n</div>\n\n<section class=\"cite\" id=\"cite\">\n<h2>Cite this cable</h2>\n<p class=\"citation\">");
        if !v.origin.is_empty() {
            self.text(v.origin);
            self.raw(", ");
        }
        self.raw("“");
        self.text(if v.subject.is_empty() {
            v.id
        } else {
            v.subject
        });
        self.raw(",” cable ");
        self.text(v.id);
        self.raw(", ");
        // `cable_date | split(pat=" ") | first`
        self.text(v.date.split(' ').next().unwrap_or_default());
        if !v.classification.is_empty() {
            self.raw(", ");
            self.text(v.classification);
        }
        self.raw(". ");
        self.text(site.title);
        if !site.base_url.is_empty() {
            self.raw(", ");
            self.text(site.base_url);
            self.text(&v.url);
        }
        self.raw(".</p>\n<p class=\"downloads\">Download: <a href=\"");
        // `cable_url | replace(from=".html", to=...)`
        self.href(&v.url.replace(".html", ".bib"));
        self.raw("\" download>BibTeX</a> · <a href=\"");
        self.href(&v.url.replace(".html", ".json"));
        self.raw("\" download>CSL-JSON</a> · <a href=\"");
        self.href(&v.url.replace(".html", ".txt"));
        self.raw("\">original text</a></p>\n</section>\n\n<footer class=\"cable-links\">\n<section class=\"references\" id=\"references\">\n<h2>References <span class=\"count\">");
        self.number(v.refs_out.len());
        self.raw("</span></h2>\n");
        if v.refs_out.is_empty() {
            self.raw("<p class=\"muted\">This cable cites no other cable.</p>");
        } else {
            self.raw("<ul>\n");
            for r in &v.refs_out {
                self.raw("<li>");
                match r.summary {
                    Some(summary) => self.cable_line(summary),
                    None => {
                        self.raw("<span class=\"ref missing\">");
                        self.text(r.id);
                        self.raw("</span> <span class=\"muted\">not in this archive</span>");
                    }
                }
                self.raw("</li>\n");
            }
            self.raw("</ul>");
        }
        self.raw("\n</section>\n<section class=\"cited-by\" id=\"cited-by\">\n<h2>Cited by <span class=\"count\">");
        self.number(v.cited_by.len());
        self.raw("</span></h2>\n");
        if v.cited_by.is_empty() {
            self.raw("<p class=\"muted\">No cable in this archive cites it.</p>");
        } else {
            self.raw("<ul>\n");
            for c in &v.cited_by {
                self.raw("<li>");
                self.cable_line(c);
                self.raw("</li>\n");
            }
            self.raw("</ul>");
        }
        self.raw("\n</section>\n");
        if !extras.people_here.is_empty() {
            self.raw("<section class=\"people-here\" id=\"people\">\n<h2>People in this cable <span class=\"count\">");
            self.number(extras.people_here.len());
            self.raw("</span></h2>\n<ul>\n");
            for p in extras.people_here {
                self.raw("<li><a href=\"");
                self.href(&p.url);
                self.raw("\">");
                self.text(&p.name);
                self.raw("</a>");
                if p.count > 1 {
                    self.raw(" <span class=\"count\">×");
                    self.number(p.count);
                    self.raw("</span>");
                }
                self.raw("</li>\n");
            }
            self.raw("</ul>\n</section>");
        }
        self.raw("\n<nav class=\"prev-next\" aria-label=\"Same post\">\n");
        match v.prev {
            Some(prev) => {
                self.raw("<a rel=\"prev\" href=\"");
                self.href(&prev.url);
                self.raw("\">← ");
                self.text(&prev.id);
                self.raw("<small>");
                self.text(&prev.date);
                self.raw("</small></a>");
            }
            None => self.raw("<span></span>"),
        }
        self.raw("\n");
        if let Some(next) = v.next {
            self.raw("<a rel=\"next\" href=\"");
            self.href(&next.url);
            self.raw("\">");
            self.text(&next.id);
            self.raw(" →<small>");
            self.text(&next.date);
            self.raw("</small></a>");
        }
        self.raw("\n</nav>\n</footer>\n</article>\n");
    }

    /// `list.html`'s `content` block, with `macros.html`'s `cable_table` given its rows.
    fn list_content(&mut self, page: &TermPage<'_>) {
        self.raw("\n<p class=\"kicker\"><a href=\"");
        self.href(page.kind.dir);
        self.raw("/index.html\">");
        self.text(page.kind.plural);
        self.raw("</a></p>\n<h1>");
        self.text(&page.term_name);
        self.raw("</h1>\n");
        if !page.term_title.is_empty() {
            self.raw("<p class=\"lede\">");
            self.text(&page.term_title);
            self.raw("</p>");
        }
        self.raw("\n<p class=\"stats\">");
        self.number(page.count);
        self.raw(" cable");
        if page.count != 1 {
            self.raw("s");
        }
        let pagination = &page.pagination;
        if pagination.total > 1 {
            self.raw(", page ");
            self.number(pagination.current);
            self.raw(" of ");
            self.number(pagination.total);
        }
        self.raw("</p>\n");
        if !page.chart_svg.is_empty() && pagination.current == 1 {
            self.raw("<figure class=\"chart-figure\">");
            self.raw(&page.chart_svg);
            self.raw("<figcaption>");
            self.text(page.chart_caption);
            self.raw("</figcaption></figure>");
        }
        self.raw("\n");
        if !page.months.is_empty() {
            self.raw("<nav class=\"months\" aria-label=\"Months\">");
            if page.year_before.is_some() || page.year_after.is_some() {
                self.raw("<p class=\"years-around\">");
                if let Some(y) = &page.year_before {
                    self.link(&y.url, &format!("← {}", y.label));
                }
                if let Some(y) = &page.year_after {
                    self.link(&y.url, &format!("{} →", y.label));
                }
                self.raw("</p>");
            }
            self.raw("<ul>");
            for m in &page.months {
                self.raw("<li>");
                if m.url.is_empty() {
                    self.raw("<span class=\"muted\">");
                    self.text(m.name);
                    self.raw("</span>");
                } else {
                    self.link(&m.url, m.name);
                    self.raw(" <span class=\"count\">");
                    self.number(m.count);
                    self.raw("</span>");
                }
                self.raw("</li>");
            }
            self.raw("</ul></nav>");
        }
        self.raw("\n\n\n<table class=\"cables\">\n<thead><tr><th scope=\"col\">Reference ID</th><th scope=\"col\">Subject</th><th scope=\"col\">Date</th><th scope=\"col\">Classification</th><th scope=\"col\">Origin</th></tr></thead>\n<tbody>\n");
        page.table_rows_into(self.root, self.s);
        self.raw("</tbody>\n</table>\n\n");
        if pagination.total > 1 {
            self.raw("\n<nav class=\"pagination\" aria-label=\"Pages\">\n");
            if let Some(prev) = pagination.prev_url.as_deref().filter(|u| !u.is_empty()) {
                self.raw("<a rel=\"prev\" href=\"");
                self.href(prev);
                self.raw("\">← Previous</a>");
            }
            self.raw("\n");
            let current = pagination.current.to_string();
            for p in &pagination.pages {
                if p.label == current {
                    self.raw("<span class=\"current\" aria-current=\"page\">");
                    self.text(&p.label);
                    self.raw("</span>");
                } else {
                    self.link(&p.url, &p.label);
                }
            }
            self.raw("\n");
            if let Some(next) = pagination.next_url.as_deref().filter(|u| !u.is_empty()) {
                self.raw("<a rel=\"next\" href=\"");
                self.href(next);
                self.raw("\">Next →</a>");
            }
            self.raw("\n</nav>\n");
        }
        self.raw("\n");
    }
}
