//! Markdown → HTML for annotations and free pages: CommonMark plus tables, footnotes,
//! strikethrough and smart punctuation (pulldown-cmark), wiki-links between things
//! ([`super::links`]), fenced code highlighted by syntect as CSS classes.
//!
//! Safety: raw HTML is shown as text unless the site sets `trusted_html: true`, and then
//! the result goes through ammonia (no `<script>`, no event handlers, no `javascript:`).
//! Link and image URLs with a scripting scheme are dropped in both modes.
//!
//! A note is rendered once and shown on several pages at different depths, so internal
//! links are written with the [`ROOT`] placeholder; [`Rendered::at`] puts in the page's
//! relative root.

use super::html::escape;
use super::links::LinkTargets;
use crate::diagnostics::{Diagnostic, Diagnostics};
use once_cell::sync::Lazy;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::path::Path;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Stands for the page's relative root at the start of internal links (a private-use
/// character no author types); pulldown-cmark writes it percent-encoded in `href`s.
pub const ROOT: &str = "\u{E000}";
const ROOT_HREF: &str = "href=\"%EE%80%80";

/// The class prefix of highlighted code: `hl-keyword`, `hl-string` ... (prefixed so the
/// syntax scopes do not collide with the theme's own classes such as `.tag`).
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded on the first fenced code block with a language, once per process.
static SYNTAXES: Lazy<SyntaxSet> = Lazy::new(SyntaxSet::load_defaults_newlines);

/// Whether this process has loaded the syntax definitions (only a fenced block with a
/// language does).
pub fn syntaxes_loaded() -> bool {
    Lazy::get(&SYNTAXES).is_some()
}

/// How to render.
pub struct MarkdownOptions<'a> {
    pub targets: &'a LinkTargets<'a>,
    pub trusted_html: bool,
    /// Prefix for ids the Markdown creates (footnotes), so several notes can share a page.
    pub id_prefix: &'a str,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with [`ROOT`] (percent-encoded) before every internal link.
    pub html: String,
    /// The text alone, whitespace collapsed (for excerpts and feeds' summaries).
    pub plain: String,
    /// Has highlighted code (the page needs the highlight stylesheet).
    pub has_code: bool,
}

impl Rendered {
    /// The HTML for a page whose relative root is `root` (`../../`, or a base URL).
    pub fn at(&self, root: &str) -> String {
        self.html.replace(ROOT_HREF, &format!("href=\"{root}"))
    }

    /// The first `max` characters of the text, cut at a word.
    pub fn excerpt(&self, max: usize) -> String {
        if self.plain.chars().count() <= max {
            return self.plain.clone();
        }
        let cut: String = self.plain.chars().take(max).collect();
        let cut = match cut.rfind(' ') {
            Some(i) if i > max / 2 => &cut[..i],
            _ => &cut[..],
        };
        format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
    }
}

/// The Markdown extensions notes are written with (tables, footnotes, strikethrough,
/// wiki-links), for [`render`] and [`plain_text`] alike.
const EXTENSIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_WIKILINKS);

/// The text of Markdown as a reader sees it, on one line: no markup, no link targets.
/// An unlabelled wiki-link (`[[person:sok-vanna]]`) shows `wiki_label(target)`.
pub fn plain_text(md: &str, wiki_label: &dyn Fn(&str) -> String) -> String {
    let mut s = String::new();
    let mut in_wiki = false;
    // The extensions `render` reads, so a table or a footnote is text here too, not
    // pipes and brackets (without typographic quotes: the text is searched as written).
    for ev in Parser::new_ext(md, EXTENSIONS) {
        match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                ..
            }) => in_wiki = !has_pothole,
            Event::End(TagEnd::Link) => in_wiki = false,
            Event::Text(t) if in_wiki => s.push_str(&wiki_label(&t)),
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            // Inline markup ends inside a word; blocks end with a space.
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders `md`, which starts at line `first_line` of `file`. Broken wiki-links are
/// warnings naming the file and line.
pub fn render(
    md: &str,
    file: &Path,
    first_line: usize,
    opts: &MarkdownOptions<'_>,
    diags: &Diagnostics,
) -> Rendered {
    let options = EXTENSIONS | Options::ENABLE_SMART_PUNCTUATION;
    let line_at = |offset: usize| {
        first_line
            + md.as_bytes()[..offset.min(md.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
    };
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut plain = String::new();
    let mut has_code = false;
    // Inside a fenced block with a language: (language, code so far).
    let mut code: Option<(String, String)> = None;
    let mut wiki: Option<WikiLink> = None;
    let mut inline = Inline::default();

    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        if let Some((_, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    events.push(Event::Html(highlight(&lang, &text).into()));
                    has_code = true;
                }
                _ => {}
            }
            continue;
        }
        if let Some(w) = &mut wiki {
            match event {
                // A link inside the label (`[[ID|<https://x>]]`) is not written: an `<a>`
                // inside an `<a>` is not HTML. Its text stays, as any other text.
                Event::Start(Tag::Link { .. }) => w.nested += 1,
                Event::End(TagEnd::Link) if w.nested > 0 => w.nested -= 1,
                Event::End(TagEnd::Link) => {
                    if let Some(l) = &w.label {
                        events.push(Event::Text(l.clone().into()));
                        plain.push_str(l);
                    }
                    events.push(if w.broken {
                        Event::Html("</span>".into())
                    } else {
                        Event::End(TagEnd::Link)
                    });
                    inline.links -= 1;
                    wiki = None;
                }
                // An unlabelled link's text is its target, replaced by the label.
                _ if w.label.is_some() => {}
                // A label is Markdown like any other text: the same escaping and URLs.
                other => {
                    if let Some(url) = inline.push(other, opts, &mut events, &mut plain) {
                        external_image(diags, file, line_at(range.start), &url);
                    }
                }
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if !lang.trim().is_empty() =>
            {
                let lang = lang.split([' ', ',', '{']).next().unwrap_or("").to_string();
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => match opts.targets.resolve(&dest_url) {
                Ok(t) => {
                    let label = (!has_pothole).then_some(t.label);
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: format!("{ROOT}{}", t.url).into(),
                        title,
                        id,
                    }));
                    wiki = Some(WikiLink {
                        label,
                        broken: false,
                        nested: 0,
                    });
                    inline.links += 1;
                }
                Err(why) => {
                    diags.push(
                            Diagnostic::warning("broken-link", file, Some(line_at(range.start)), format!("[[{dest_url}]] points nowhere: {why}"))
                                .with_hint("link as [[CABLEID]], [[CABLEID#par4]], [[person:id]] or [[country:CB]]"),
                        );
                    events.push(Event::Html(
                        format!("<span class=\"broken-link\" title=\"{}\">", escape(&why)).into(),
                    ));
                    wiki = Some(WikiLink {
                        label: (!has_pothole).then(|| dest_url.to_string()),
                        broken: true,
                        nested: 0,
                    });
                    inline.links += 1;
                }
            },
            other => {
                if let Some(url) = inline.push(other, opts, &mut events, &mut plain) {
                    external_image(diags, file, line_at(range.start), &url);
                }
            }
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if opts.trusted_html {
        html = sanitize(&html);
    }
    // pulldown-cmark writes control characters as they are; HTML and the feed's XML do
    // not allow them.
    if let std::borrow::Cow::Owned(clean) = super::html::xml_chars(&html) {
        html = clean;
    }
    Rendered {
        html,
        plain: plain.split_whitespace().collect::<Vec<_>>().join(" "),
        has_code,
    }
}

/// Inside a wiki-link.
struct WikiLink {
    /// The label to put instead of the target text (an unlabelled link).
    label: Option<String>,
    /// The target was not found: a `<span>`, not an `<a>`.
    broken: bool,
    /// How many links inside the label are open (they are not written).
    nested: usize,
}

/// What [`Inline::push`] keeps track of.
#[derive(Default)]
struct Inline {
    /// Links open (wiki-links too): an image from another host inside one is shown as
    /// its text, not as a second link.
    links: usize,
    /// The images open, and what each became.
    images: Vec<ImageAs>,
}

#[derive(Clone, Copy, PartialEq)]
enum ImageAs {
    Image,
    /// From another host: a link to it.
    Link,
    /// From another host, inside a link or an image's text: its text alone.
    Text,
}

/// Whether a browser would load `url` from another host: http, https, or `//host`
/// (`\\host` too, which browsers read as `//host`).
fn is_other_host(url: &str) -> bool {
    let t = url.trim_start_matches(|c: char| c <= ' ');
    matches!(
        super::html::url_scheme(t).as_deref(),
        Some("http" | "https")
    ) || (t.len() >= 2 && t.bytes().take(2).all(|b| b == b'/' || b == b'\\'))
}

/// A warning: the image at `url` is a link instead.
fn external_image(diags: &Diagnostics, file: &Path, line: usize, url: &str) {
    diags.push(
        Diagnostic::warning(
            "external-image",
            file,
            Some(line),
            format!("image from another host ({url}) is shown as a link: pages load nothing from another host"),
        )
        .with_hint("write it as a link, [text](URL), if a link is what you want"),
    );
}

impl Inline {
    /// Everything outside fenced code and the wiki-links' own start and end, in the text
    /// and in a wiki-link's label alike: raw HTML becomes text unless trusted, link and
    /// image URLs go through [`safe_url`], an image from another host becomes a link to
    /// it (its URL is returned, for a warning), footnote ids get the note's prefix, text
    /// goes into `plain`.
    fn push<'a>(
        &mut self,
        event: Event<'a>,
        opts: &MarkdownOptions<'_>,
        events: &mut Vec<Event<'a>>,
        plain: &mut String,
    ) -> Option<String> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.links += 1;
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                self.links = self.links.saturating_sub(1);
                events.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_other_host(&dest_url) => {
                let url = dest_url.to_string();
                if self.links == 0 && self.images.is_empty() {
                    self.links += 1;
                    self.images.push(ImageAs::Link);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: safe_url(dest_url),
                        title,
                        id,
                    }));
                } else {
                    self.images.push(ImageAs::Text);
                }
                return Some(url);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.images.push(ImageAs::Image);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => match self.images.pop() {
                Some(ImageAs::Link) => {
                    self.links = self.links.saturating_sub(1);
                    events.push(Event::End(TagEnd::Link));
                }
                Some(ImageAs::Text) => {}
                _ => events.push(Event::End(TagEnd::Image)),
            },
            other => push_inline(other, opts, events, plain),
        }
        None
    }
}

/// The rest of [`Inline::push`]: raw HTML, footnotes, text.
fn push_inline<'a>(
    event: Event<'a>,
    opts: &MarkdownOptions<'_>,
    events: &mut Vec<Event<'a>>,
    plain: &mut String,
) {
    match event {
        Event::Html(h) | Event::InlineHtml(h) if !opts.trusted_html => events.push(Event::Text(h)),
        Event::FootnoteReference(name) => events.push(Event::FootnoteReference(
            format!("{}fn-{name}", opts.id_prefix).into(),
        )),
        Event::Start(Tag::FootnoteDefinition(name)) => events.push(Event::Start(
            Tag::FootnoteDefinition(format!("{}fn-{name}", opts.id_prefix).into()),
        )),
        Event::Text(t) => {
            plain.push_str(&t);
            events.push(Event::Text(t));
        }
        Event::Code(t) => {
            plain.push_str(&t);
            events.push(Event::Code(t));
        }
        // Breaks and the ends of blocks (paragraphs, headings, items, table cells, quotes,
        // footnotes) are spaces in the text; inline markup ends inside a word.
        e @ (Event::SoftBreak | Event::HardBreak) => {
            plain.push(' ');
            events.push(e);
        }
        Event::End(end) => {
            if !matches!(
                end,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link
                    | TagEnd::Image
            ) {
                plain.push(' ');
            }
            events.push(Event::End(end));
        }
        other => events.push(other),
    }
}

/// Keeps only URLs a reader can follow safely: http, https, mailto and relative
/// (see [`super::html::safe_url`]); anything else becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if super::html::safe_url(&url).is_some() {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// Trusted HTML still goes through ammonia: no scripts, styles, event handlers or
/// scripting URLs; classes and ids (highlighting, footnotes) are kept.
fn sanitize(html: &str) -> String {
    static CLEANER: Lazy<ammonia::Builder<'static>> = Lazy::new(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id", "title", "lang", "dir"]);
        b.add_tags([
            "mark",
            "figure",
            "figcaption",
            "details",
            "summary",
            "section",
            "aside",
        ]);
        // `style` is left out: CSS can load from other hosts (`url(...)`).
        b.add_tag_attributes("td", ["align"])
            .add_tag_attributes("th", ["align"]);
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(None);
        // Nothing is loaded from another host: an image from one loses its address.
        b.attribute_filter(|_, attr, value| {
            if matches!(attr, "src" | "srcset") && is_other_host(value) {
                None
            } else {
                Some(value.into())
            }
        });
        b
    });
    CLEANER.clean(html).to_string()
}

/// A fenced block as `<pre class="hl-code"><code>` with one `<span class="hl-…">` per
/// syntax scope. Unknown languages are shown as plain text.
fn highlight(lang: &str, code: &str) -> String {
    let ss: &SyntaxSet = &SYNTAXES;
    let syntax = ss
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"hl-code\"><code>{}</code></pre>\n",
                escape(code)
            );
        }
    }
    format!(
        "<pre class=\"hl-code\" data-lang=\"{}\"><code>{}</code></pre>\n",
        escape(lang),
        gen.finalize()
    )
}

/// The stylesheet for highlighted code: a light theme, and a dark one for dark mode.
/// Built once, when some page has code, and written as `static/highlight.css`.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let mut css =
        String::from("/* Highlighted code (generated by cablepress from syntect's themes). */\n");
    if let Some(t) = themes.themes.get("InspiredGitHub") {
        css.push_str(
            &syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).unwrap_or_default(),
        );
    }
    if let Some(t) = themes.themes.get("base16-ocean.dark") {
        css.push_str("\n@media (prefers-color-scheme: dark) {\n");
        css.push_str(
            &syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).unwrap_or_default(),
        );
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {

    #[test]
    fn plain_text_keeps_words_whole_and_labels_wiki_links() {
        let md = "A **bo**ld *word* and [[person:sok-vanna]] met [[X1|the envoy]].\n\n- item";
        let t = plain_text(md, &|t: &str| format!("<{t}>"));
        assert_eq!(t, "A bold word and <person:sok-vanna> met the envoy. item");
        let md = "| field | value |\n|---|---|\n| id | `85ALEXANDRIA535` |\n\nSee the note.[^src]\n\n[^src]: From the release.\n";
        let t = plain_text(md, &|t: &str| t.to_string());
        assert_eq!(
            t,
            "field value id 85ALEXANDRIA535 See the note. From the release."
        );
    }

    use super::*;
    use crate::archive::Archive;
    use crate::config::Config;

    fn render_with(md: &str, trusted: bool) -> (Rendered, Vec<String>) {
        let diags = Diagnostics::default();
        let archive = Archive::assemble(Config::default(), Vec::new(), &diags);
        let targets = LinkTargets::with_people(
            &archive,
            [("hor-namhong".to_string(), "Hor Namhong".to_string())].into(),
        );
        let opts = MarkdownOptions {
            targets: &targets,
            trusted_html: trusted,
            id_prefix: "n1-",
        };
        let r = render(md, Path::new("a.md"), 10, &opts, &diags);
        (
            r,
            diags.into_sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn commonmark_extensions() {
        let (r, _) = render_with("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\" -- x\n\nNote[^1].\n\n[^1]: The note.\n", false);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>gone</del>"));
        assert!(r.html.contains("“quoted” – x"), "{}", r.html);
        assert!(r.html.contains("href=\"#n1-fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"n1-fn-1\""));
    }

    #[test]
    fn wiki_links_and_their_warnings() {
        let (r, msgs) = render_with(
            "See [[person:hor-namhong]] and [[person:hor-namhong|him]].\n\nAnd [[NOPE1]].\n",
            false,
        );
        assert!(
            r.at("../")
                .contains("<a href=\"../person/hor-namhong/index.html\">Hor Namhong</a>"),
            "{}",
            r.html
        );
        assert!(r
            .at("")
            .contains("<a href=\"person/hor-namhong/index.html\">him</a>"));
        assert!(r.html.contains("<span class=\"broken-link\""));
        assert_eq!(msgs.len(), 1);
        assert!(
            msgs[0].starts_with("warning: a.md:12: [[NOPE1]] points nowhere"),
            "{msgs:?}"
        );
        assert_eq!(r.plain, "See Hor Namhong and him. And NOPE1.");
    }

    #[test]
    fn the_text_of_a_table_or_a_quote_keeps_its_cells_and_blocks_apart() {
        let (r, _) = render_with(
            "Filed on 1985-06-30.\n\n| field | value |\n|---|---|\n| id | `85ALEXANDRIA535` |\n\n> quoted\n\nSee the **foot**note.[^src]\n\n[^src]: From the release.\n",
            false,
        );
        assert_eq!(
            r.plain,
            "Filed on 1985-06-30. field value id 85ALEXANDRIA535 quoted See the footnote. From the release."
        );
    }

    #[test]
    fn raw_html_is_text_unless_trusted_and_then_sanitised() {
        let md = "<b onclick=\"x()\">bold</b> <script>alert(1)</script>\n\n[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))\n";
        let (r, _) = render_with(md, false);
        assert!(r.html.contains("&lt;b onclick"), "{}", r.html);
        assert!(!r.html.contains("<script"));
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        let (r, _) = render_with(md, true);
        assert!(r.html.contains("<b>bold</b>"), "{}", r.html);
        assert!(
            !r.html.contains("<script")
                && !r.html.contains("onclick")
                && !r.html.contains("alert(1)"),
            "{}",
            r.html
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let (r, _) = render_with(
            "```rust\nfn main() { let x = \"s\"; }\n```\n\n```\nplain <b>\n```\n",
            false,
        );
        assert!(r.has_code);
        assert!(
            r.html
                .contains("<pre class=\"hl-code\" data-lang=\"rust\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<span class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
        assert!(r.html.contains("plain &lt;b&gt;"));
        let (r, _) = render_with("no code\n", false);
        assert!(!r.has_code);
        assert!(highlight_css().contains(".hl-code"));
    }
}
