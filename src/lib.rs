//! cablepress: a static site generator for annotated archives of diplomatic cables.
//!
//! One pipeline, one direction: [`source`] reads the site's files, [`archive`] assembles
//! them into a cross-linked whole, [`render`] turns that into pages, [`output`] writes
//! them. [`build`] runs the pipeline; the CLI and the tests both call it.

pub mod archive;
pub mod cable;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod import;
pub mod init;
pub mod live;
pub mod output;
pub mod progress;
pub mod render;
pub mod serve;
pub mod source;
pub mod uptodate;
pub mod writeback;

use anyhow::Result;
use diagnostics::{Diagnostic, Diagnostics, Severity};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Treat warnings as errors.
    pub strict: bool,
    /// Build even when the inputs and the output are as the last build left them, and
    /// read every file of the previous site to compare (not trusting the record of it).
    pub force: bool,
    /// Build even when the inputs and the output are as the last build left them, but
    /// trust the record of the previous site's files as a build does (the preview server
    /// always builds, for what the build assembles; reading a million files to compare
    /// would take twice as long as the build).
    pub always: bool,
    /// Show a progress bar (only ever drawn on a terminal).
    pub progress: bool,
    /// Keep the previous site when the build has errors (the preview server serves the
    /// last good pages while a file is broken).
    pub keep_last_good: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub cables: usize,
    /// Files in the output (pages, static files).
    pub files: usize,
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files kept from the previous build because their bytes are the same.
    pub unchanged: usize,
    pub bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Time per stage: read, assemble, render+write, commit.
    pub timings: Vec<(&'static str, Duration)>,
    /// The site was swapped in (false when errors kept the previous site).
    pub committed: bool,
    /// Nothing had changed since the last build, which was kept as it was (its
    /// diagnostics are reported again).
    pub up_to_date: bool,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Reads and assembles a site's archive (the first two stages of a build).
pub fn load(
    site_dir: &Path,
    diags: &Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> archive::Archive {
    let t = Instant::now();
    let (config, config_diags) = config::Config::load(site_dir);
    diags.extend(config_diags);
    let cables = source::read_cables(site_dir, diags);
    let annotations = source::annotation::read_all(site_dir, diags);
    let pages = source::page::read_all(site_dir, diags);
    let registry = archive::Registry {
        codes: archive::CodeTables::load(site_dir, diags),
        persons: source::person::read_people(site_dir, diags),
        terms: archive::terms::Terms::load(site_dir, diags),
    };
    timings.push(("read", t.elapsed()));
    let t = Instant::now();
    let mut archive = archive::Archive::assemble_with(config, cables, registry, diags);
    archive.notes = archive::annotations::attach(&archive, annotations, diags);
    archive.pages = pages;
    let note_refs = archive.notes.person_refs(&archive);
    archive.people.attach_notes(note_refs, diags);
    timings.push(("assemble", t.elapsed()));
    if render::timings_on() {
        eprintln!("timing: read and assembled: {}", render::memory_figures());
    }
    archive
}

/// Builds the site in `site_dir` into `out_dir`.
///
/// Bad input is reported in the report's diagnostics and never stops the other files. The
/// new site replaces the old one only when the build went through (content errors still
/// give a site, minus the broken files; only a failure to write keeps the old one).
pub fn build(site_dir: &Path, out_dir: &Path, opts: &BuildOptions) -> Result<BuildReport> {
    build_with(site_dir, out_dir, opts, render::Texts::Release).map(|(report, _)| report)
}

/// What a [`build_once`] assembled, spent: the cables' texts went to the search index
/// and were freed there, so it is of no further use.
pub struct Spent(#[allow(dead_code)] Built);

/// [`build`] for a process that ends after it: hands back what the build assembled, so
/// the caller can let it go with the process (`std::mem::forget`) instead of freeing a
/// million allocations one at a time, on one core.
pub fn build_once(
    site_dir: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
) -> Result<(BuildReport, Option<Spent>)> {
    build_with(site_dir, out_dir, opts, render::Texts::Release)
        .map(|(report, built)| (report, built.map(Spent)))
}

/// What a build assembled, kept by the preview server so that an edit re-renders only
/// the pages it touches (see [`live`]).
pub struct Built {
    pub archive: archive::Archive,
    pub tera: tera::Tera,
    /// The pages the sitemap lists (site-relative, sorted), kept for the preview server
    /// to rewrite it when an edit adds or removes pages; empty when there is no sitemap
    /// (no `base_url`) or the build is not kept for one.
    pub sitemap_pages: Vec<String>,
}

/// [`build`], also returning the assembled archive and templates (`None` when nothing
/// had changed and the build was skipped).
pub fn build_keeping(
    site_dir: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
) -> Result<(BuildReport, Option<Built>)> {
    build_with(site_dir, out_dir, opts, render::Texts::Keep)
}

fn build_with(
    site_dir: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
    texts: render::Texts,
) -> Result<(BuildReport, Option<Built>)> {
    output::check_location(site_dir, out_dir)?;
    let diags = Diagnostics::default();
    let mut timings = Vec::new();
    let progress = progress::Progress::new(opts.progress);
    let t = Instant::now();
    let out_abs = if out_dir.is_absolute() {
        out_dir.to_path_buf()
    } else {
        std::env::current_dir()?.join(out_dir)
    };
    let inputs = uptodate::fingerprint(site_dir, &out_abs, opts);
    if let (Some(inputs), false) = (inputs, opts.force || opts.always) {
        if let Some(last) = uptodate::check(&out_abs, site_dir, inputs) {
            timings.push(("check", t.elapsed()));
            let report = BuildReport {
                output: out_dir.to_path_buf(),
                cables: last.cables,
                files: last.files,
                written: 0,
                unchanged: last.files,
                bytes: last.bytes,
                diagnostics: last.diagnostics,
                timings,
                committed: true,
                up_to_date: true,
            };
            return Ok((report, None));
        }
    }
    // What the last build wrote, before its state is forgotten: pages rendered the same
    // are then kept without reading the previous site's copies.
    let previous = if opts.force {
        None
    } else {
        uptodate::previous_files(&out_abs)
    };
    uptodate::forget(&out_abs);
    timings.push(("check", t.elapsed()));
    progress.stage("reading");
    let mut archive = load(site_dir, &diags, &mut timings);

    let t = Instant::now();
    let tera = render::templates::load(site_dir, &diags);
    let out = output::Output::begin(out_dir)?.with_previous(previous);
    out.expect_cache(render::expected_cache_bytes(&archive));
    progress.track(
        "rendering",
        render::page_count(&archive),
        || out.files(),
        || render::render_site(&mut archive, &tera, site_dir, &out, &diags, texts),
    );
    timings.push(("render", t.elapsed()));
    progress.finish();
    if render::timings_on() {
        eprintln!(
            "timing: written back and dropped from the page cache while writing: {} files",
            out.written_back()
        );
    }
    if out.not_written() > 0 {
        diags.push(diagnostics::Diagnostic::error(
            "write",
            out_dir,
            None,
            format!(
                "{} more files were not written: the disk is full",
                out.not_written()
            ),
        ));
    }

    let mut diagnostics = diags.into_sorted();
    if opts.strict {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    // Files that could not be written, or pages a template could not render: the site
    // would lack them (every cable's page, for a typo in `cable.html`), so it is not
    // committed.
    let write_failed = diagnostics
        .iter()
        .any(|d| d.kind == "write" || d.kind == "render");
    let sitemap_pages = if texts == render::Texts::Keep && !archive.config.base_url.is_empty() {
        out.paths_ending(".html")
    } else {
        Vec::new()
    };
    let files = out.files();
    let written = out.written.load(std::sync::atomic::Ordering::Relaxed);
    let unchanged = out.unchanged.load(std::sync::atomic::Ordering::Relaxed);
    let bytes = out.bytes.load(std::sync::atomic::Ordering::Relaxed);
    let t = Instant::now();
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let keep_old = opts.keep_last_good && has_errors && out.dest.is_dir();
    let committed = if write_failed || keep_old || (opts.strict && !diagnostics.is_empty()) {
        out.abandon();
        false
    } else {
        let stamps = out.commit_with_stamps()?;
        if let Some(inputs) = inputs {
            uptodate::record(
                &out_abs,
                site_dir,
                inputs,
                archive.cables.len(),
                bytes,
                &diagnostics,
                stamps,
            );
        }
        true
    };
    timings.push(("commit", t.elapsed()));
    let report = BuildReport {
        output: out_dir.to_path_buf(),
        cables: archive.cables.len(),
        files,
        written,
        unchanged,
        bytes,
        diagnostics,
        timings,
        committed,
        up_to_date: false,
    };
    Ok((
        report,
        Some(Built {
            archive,
            tera,
            sitemap_pages,
        }),
    ))
}
