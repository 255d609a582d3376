//! RENDER: every page as HTML, in parallel (rayon), written as it is made.

pub mod annotations;
pub mod chart;
pub mod countries;
mod direct;
pub mod feed;
pub mod free_pages;
pub mod html;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod people;
pub mod publish;
pub mod search;
pub mod telegram;
pub mod templates;

use crate::archive::Archive;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use pages::{CableSummary, TaxonomyKind};
use rayon::prelude::*;
use std::path::Path;
use tera::{Context, Tera};

/// The built-in static files (the theme), overridable by a site's `static/`.
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

/// How many pages [`render_site`] writes, about (for the progress bar): cable pages and
/// their downloads, list pages, static files.
pub fn page_count(archive: &Archive) -> usize {
    let per = archive.config.paginate_by.max(1);
    let lists: usize = pages::taxonomies(archive)
        .iter()
        .map(|(_, tax)| {
            1 + tax
                .terms
                .iter()
                .map(|t| t.cables.len().div_ceil(per).max(1))
                .sum::<usize>()
        })
        .sum();
    archive.cables.len() * 4 + lists + 2 + STATIC.len()
}

/// About how much page cache the cables' files take, each file rounded up to whole pages:
/// the page (the text and about 8 KiB of markup), the `.txt`, and a page each for the
/// `.bib` and `.json`. Lists, people and the search index add a tenth or so, not counted.
pub fn expected_cache_bytes(archive: &Archive) -> u64 {
    use crate::writeback::cached_bytes as pages;
    archive
        .cables
        .iter()
        .map(|c| {
            let text = c.text.len() as u64;
            pages(text + 8192) + pages(text) + 2 * pages(1)
        })
        .sum()
}

/// Renders one template; a failure is reported against the template and the page skipped.
pub fn render_to(
    tera: &Tera,
    name: &str,
    ctx: &Context,
    out: &Output,
    path: &str,
    diags: &Diagnostics,
) {
    thread_local! {
        // One page's worth of buffer per thread, kept between pages: a page rendered into
        // it does not grow a fresh buffer a doubling at a time.
        static PAGE: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(64 * 1024));
    }
    PAGE.with(|page| {
        let mut buf = page.borrow_mut();
        buf.clear();
        let rendered = tera.render_to(name, ctx, &mut *buf);
        write_rendered(tera, rendered, &buf, name, out, path, diags);
        // A very long page (a huge list or cable) does not keep its memory for the rest.
        if buf.capacity() > 4 * 1024 * 1024 {
            *buf = Vec::with_capacity(64 * 1024);
        }
    });
}

fn write_rendered(
    tera: &Tera,
    rendered: tera::Result<()>,
    html: &[u8],
    name: &str,
    out: &Output,
    path: &str,
    diags: &Diagnostics,
) {
    match rendered {
        Ok(()) => {
            if let Err(e) = out.write(path, html) {
                diags.push(Diagnostic::error(
                    crate::output::write_error_kind(&e),
                    Path::new(path),
                    None,
                    format!("{e:#}"),
                ));
            }
        }
        Err(e) => {
            let msg = templates::chain(&e);
            diags.render_failed(name, msg.clone(), path, || {
                templates::locate(tera, name, &msg)
            });
        }
    }
}

/// What becomes of the cables' texts once the pages that show them are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// They stay in the archive (the preview server renders pages again from it).
    Keep,
    /// The search index, their last reader, takes them out of the archive and frees each
    /// once it has read its words: at 251,287 cables their 1.7 GiB then make room for the
    /// index's postings instead of adding to them.
    Release,
}

/// Renders the whole site into `out`.
pub fn render_site(
    archive: &mut Archive,
    tera: &Tera,
    site_dir: &Path,
    out: &Output,
    diags: &Diagnostics,
    texts: Texts,
) {
    let stage = StageClock::new();
    let others = render_pages(archive, tera, out, diags, &stage);
    let mut index = if texts == Texts::Release {
        // The snippets are the last thing read from the texts outside the index.
        let snippets = search::cable_snippets(archive);
        let texts = archive.take_texts();
        search::SearchIndex::from_cable_texts(archive, snippets, texts)
    } else {
        search::SearchIndex::from_archive(archive)
    };
    index.docs.extend(others);
    let archive: &Archive = archive;
    search::render(index, archive, tera, out, diags);
    stage.lap("search index");
    copy_static(site_dir, out, diags);
    // Last: it lists every page written.
    publish::write_sitemap(archive, out, diags);
}

/// Every page but the search index's: the cable pages with their downloads, the browse
/// lists, people, countries and notes. Returns the search documents of the people and
/// notes (made while the notes are at hand).
fn render_pages(
    archive: &Archive,
    tera: &Tera,
    out: &Output,
    diags: &Diagnostics,
    stage: &StageClock,
) -> Vec<search::SearchDoc<'static>> {
    let summaries = pages::summaries(archive);
    let targets = links::LinkTargets::load(archive);
    let notes = annotations::RenderedNotes::new(archive, &targets, diags);
    // Each cable's page, then its `.txt`, `.bib` and `.json` while its text is at hand.
    (0..archive.cables.len()).into_par_iter().for_each(|i| {
        render_cable(archive, &summaries, &notes, tera, out, diags, i);
        publish::write_files_of(archive, &archive.cables[i], out, diags);
    });
    stage.lap("cable pages and downloads");
    render_rest(
        archive, tera, summaries, &targets, &notes, out, diags, stage,
    );
    search::other_docs(archive, &notes)
}

/// Everything after the cable pages but the search index and static files: browse lists,
/// people, countries, notes.
#[allow(clippy::too_many_arguments)]
fn render_rest(
    archive: &Archive,
    tera: &Tera,
    summaries: Vec<CableSummary>,
    targets: &links::LinkTargets,
    notes: &annotations::RenderedNotes<'_>,
    out: &Output,
    diags: &Diagnostics,
    stage: &StageClock,
) {
    // Browse lists, one job per page.
    let mut jobs: Vec<(TaxonomyKind, &crate::archive::Term, usize)> = Vec::new();
    for (kind, tax) in pages::taxonomies(archive) {
        for term in &tax.terms {
            let pages_n = term
                .cables
                .len()
                .div_ceil(archive.config.paginate_by.max(1))
                .max(1);
            for p in 1..=pages_n {
                jobs.push((kind, term, p));
            }
        }
    }
    let direct_lists = templates::is_builtin(tera, templates::Direct::List);
    jobs.par_iter().for_each(|(kind, term, page)| {
        let country_page = kind.dir == pages::COUNTRY.dir && *page == 1;
        if direct_lists && !country_page {
            let p = pages::term_page(archive, &summaries, *kind, term, *page);
            direct::list_page(&pages::SiteView::of(archive), &p, |bytes| {
                write_file(out, &p.page_path, bytes, diags)
            });
            return;
        }
        let (path, mut ctx) = pages::term_context(archive, &summaries, *kind, term, *page);
        let template = if country_page {
            countries::extend_country_page(archive, term, &mut ctx);
            "country.html"
        } else {
            "list.html"
        };
        render_to(tera, template, &ctx, out, &path, diags);
    });
    stage.lap("browse lists");
    render_browse(archive, tera, out, diags);
    let pages_have_code = free_pages::render(archive, targets, tera, out, diags);
    people::render_people(archive, &summaries, tera, out, diags, None);
    countries::render_countries_index(archive, tera, out, diags);
    render_note_pages(
        archive,
        &summaries,
        notes,
        pages_have_code,
        tera,
        out,
        diags,
    );
    stage.lap("people, countries, notes");
    // Every list is written: the summaries' memory goes to the search index instead.
    drop(summaries);
}

/// Prints how long each rendering stage took when `CABLEPRESS_TIMINGS` is set.
struct StageClock {
    on: bool,
    last: std::sync::Mutex<std::time::Instant>,
}

impl StageClock {
    fn new() -> StageClock {
        let on = timings_on();
        if on {
            eprintln!("timing: before rendering: {}", memory_figures());
        }
        StageClock {
            on,
            last: std::sync::Mutex::new(std::time::Instant::now()),
        }
    }

    fn lap(&self, name: &str) {
        if let (true, Ok(mut last)) = (self.on, self.last.lock()) {
            eprintln!(
                "timing: {name}: {:.2}s ({})",
                last.elapsed().as_secs_f64(),
                memory_figures()
            );
            *last = std::time::Instant::now();
        }
    }
}

/// Whether `CABLEPRESS_TIMINGS` asks for stage timings on stderr.
pub(crate) fn timings_on() -> bool {
    std::env::var_os("CABLEPRESS_TIMINGS").is_some()
}

/// This process's memory and CPU time for the stage timings:
/// `memory now N MiB, peak M MiB, CPU so far user U s, system S s`.
pub(crate) fn memory_figures() -> String {
    format!(
        "memory now {} MiB, peak {} MiB, CPU so far {}",
        memory_mb("VmRSS:"),
        memory_mb("VmHWM:"),
        cpu_figures()
    )
}

/// This process's CPU time so far: `user U s, system S s`.
fn cpu_figures() -> String {
    match process_cpu() {
        Some((user, system)) => format!(
            "user {:.2} s, system {:.2} s",
            user.as_secs_f64(),
            system.as_secs_f64()
        ),
        None => "unknown".to_string(),
    }
}

/// This process's user and system CPU time so far (`getrusage`, Linux); `None` elsewhere.
pub fn process_cpu() -> Option<(std::time::Duration, std::time::Duration)> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: getrusage fills the struct it is given; a zeroed rusage is a valid start.
        let mut r: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut r) } == 0 {
            let tv = |t: libc::timeval| {
                std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000)
            };
            return Some((tv(r.ru_utime), tv(r.ru_stime)));
        }
    }
    None
}

/// A memory figure of this process from `/proc/self/status` (Linux), in MiB; 0 elsewhere.
pub(crate) fn memory_mb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

/// One cable's page, with its notes and the people it names.
pub fn render_cable(
    archive: &Archive,
    summaries: &[CableSummary],
    notes: &annotations::RenderedNotes<'_>,
    tera: &Tera,
    out: &Output,
    diags: &Diagnostics,
    i: usize,
) {
    let mut cable_notes = notes.cable_parts(i, tera, diags);
    let (people_extras, people_here) = people::cable_extras(archive, i);
    cable_notes.extras.merge(people_extras);
    if templates::is_builtin(tera, templates::Direct::Cable) {
        let page = pages::cable_page(archive, summaries, i, &cable_notes.extras);
        let extras = direct::CableExtras {
            notes_count: cable_notes.count,
            notes_top: &cable_notes.top_html,
            highlight_css: cable_notes.has_code,
            people_here: &people_here,
        };
        direct::cable_page(&pages::SiteView::of(archive), &page, &extras, |bytes| {
            write_file(out, &page.page_path, bytes, diags)
        });
        return;
    }
    let mut ctx = pages::cable_context(archive, summaries, i, &cable_notes.extras);
    cable_notes.insert_into(&mut ctx);
    ctx.insert("people_here", &people_here);
    render_to(
        tera,
        "cable.html",
        &ctx,
        out,
        &archive.cables[i].page_path(),
        diags,
    );
}

/// The pages that list notes: the annotation indexes, the feed, the home page (latest
/// notes), and the highlight stylesheet when any note or page has code.
pub fn render_note_pages(
    archive: &Archive,
    summaries: &[CableSummary],
    notes: &annotations::RenderedNotes<'_>,
    pages_have_code: bool,
    tera: &Tera,
    out: &Output,
    diags: &Diagnostics,
) {
    annotations::render_pages(notes, tera, out, diags);
    write_file(
        out,
        "feed.xml",
        feed::atom(archive, notes).as_bytes(),
        diags,
    );
    render_home(archive, summaries, notes, tera, out, diags);
    if notes.any_code || pages_have_code {
        write_file(
            out,
            "static/highlight.css",
            markdown::highlight_css().as_bytes(),
            diags,
        );
    }
}

/// Writes one file; a failure is an error naming the path.
pub(crate) fn write_file(out: &Output, path: &str, bytes: &[u8], diags: &Diagnostics) {
    if let Err(e) = out.write(path, bytes) {
        diags.push(Diagnostic::error(
            crate::output::write_error_kind(&e),
            Path::new(path),
            None,
            format!("{e:#}"),
        ));
    }
}

fn render_browse(archive: &Archive, tera: &Tera, out: &Output, diags: &Diagnostics) {
    let mut ctx = pages::base_context(archive, "browse/index.html", "Browse the archive");
    ctx.insert("sections", &pages::browse_sections(archive, None));
    render_to(tera, "browse.html", &ctx, out, "browse/index.html", diags);
    for (kind, _) in pages::taxonomies(archive) {
        let path = format!("{}/index.html", kind.dir);
        let mut ctx = pages::base_context(archive, &path, kind.plural);
        ctx.insert("sections", &pages::browse_sections(archive, Some(kind.dir)));
        if kind.dir == pages::YEAR.dir {
            ctx.insert("calendar", &pages::calendar(archive));
        }
        render_to(tera, "browse.html", &ctx, out, &path, diags);
    }
}

fn render_home(
    archive: &Archive,
    summaries: &[CableSummary],
    notes: &annotations::RenderedNotes<'_>,
    tera: &Tera,
    out: &Output,
    diags: &Diagnostics,
) {
    let mut ctx = pages::base_context(archive, "index.html", &archive.config.title);
    ctx.insert("latest_notes", &notes.latest(5));
    ctx.insert("notes_count", &archive.notes.notes.len());
    ctx.insert("free_pages", &free_pages::links(archive));
    let latest: Vec<&CableSummary> = archive
        .cables
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, c)| c.date.is_some())
        .take(10)
        .map(|(i, _)| &summaries[i])
        .collect();
    ctx.insert("latest", &latest);
    let top = |kind, tax: &crate::archive::Taxonomy, n: usize| {
        let mut links = pages::term_links(archive, kind, tax);
        links.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        links.truncate(n);
        links
    };
    ctx.insert(
        "top_countries",
        &top(pages::COUNTRY, &archive.index.countries, 24),
    );
    ctx.insert(
        "top_origins",
        &top(pages::ORIGIN, &archive.index.origins, 24),
    );
    ctx.insert("top_tags", &top(pages::TAG, &archive.index.tags, 30));
    ctx.insert("top_people", &people::top_people(archive, 24));
    ctx.insert(
        "years",
        &pages::term_links(archive, pages::YEAR, &archive.index.years),
    );
    ctx.insert(
        "classifications",
        &pages::term_links(
            archive,
            pages::CLASSIFICATION,
            &archive.index.classifications,
        ),
    );
    let counts = [
        ("cables", archive.cables.len()),
        ("countries", archive.index.countries.terms.len()),
        ("posts", archive.index.origins.terms.len()),
        ("tags", archive.index.tags.terms.len()),
        ("years", archive.index.years.terms.len()),
    ];
    ctx.insert(
        "counts",
        &counts
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect::<std::collections::BTreeMap<_, _>>(),
    );
    let span = (
        archive.cables.iter().find_map(|c| c.date).map(|d| d.year),
        archive
            .cables
            .iter()
            .rev()
            .find_map(|c| c.date)
            .map(|d| d.year),
    );
    ctx.insert("first_year", &span.0);
    ctx.insert("last_year", &span.1);
    render_to(tera, "index.html", &ctx, out, "index.html", diags);
}

/// Built-in static files, then the site's `static/` over them.
fn copy_static(site_dir: &Path, out: &Output, diags: &Diagnostics) {
    let dir = site_dir.join("static");
    let mut overridden = std::collections::HashSet::new();
    if dir.is_dir() {
        for e in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !e.file_type().is_file() {
                continue;
            }
            let Ok(rel) = e.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if let Err(err) = crate::output::safe_relative(&format!("static/{rel}")) {
                diags.push(
                    Diagnostic::error("bad-path", e.path(), None, format!("{err:#}"))
                        .with_hint("rename the file: letters, digits, `-`, `_` and `.` are safe"),
                );
                continue;
            }
            match std::fs::read(e.path()) {
                Ok(bytes) => {
                    if let Err(err) = out.write(&format!("static/{rel}"), &bytes) {
                        diags.push(Diagnostic::error(
                            crate::output::write_error_kind(&err),
                            e.path(),
                            None,
                            format!("{err:#}"),
                        ));
                    }
                    overridden.insert(rel);
                }
                Err(err) => diags.push(Diagnostic::error(
                    "io",
                    e.path(),
                    None,
                    format!("cannot read: {err}"),
                )),
            }
        }
    }
    for (name, bytes) in STATIC {
        if !overridden.contains(*name) {
            if let Err(err) = out.write(&format!("static/{name}"), bytes) {
                diags.push(Diagnostic::error(
                    crate::output::write_error_kind(&err),
                    Path::new(name),
                    None,
                    format!("{err:#}"),
                ));
            }
        }
    }
}
