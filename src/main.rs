//! The `cablepress` command: build, serve, check, init, import; prints diagnostics as text
//! or JSON.

use anyhow::Result;
use cablepress::diagnostics::{Diagnostic, Diagnostics, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Rendering a large archive allocates millions of short-lived strings from two or more
// threads; mimalloc does that with less CPU than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3); the Rust bindings do not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A build keeps the memory it frees for its own later allocations instead of returning
/// it to the system after mimalloc's default 10 ms. Memory returned and taken back costs a
/// page fault and zeroing per page, and on virtual machines whose host reclaims freed
/// guest memory far more: a 251,287-cable build into tmpfs took 0.7–1.6 GiB fewer page
/// allocations and 127,000 fewer page faults this way, for 64–74 MiB more peak memory.
fn keep_freed_memory() {
    // SAFETY: sets a documented mimalloc option; valid at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[derive(Parser)]
#[command(
    name = "cablepress",
    version,
    about = "Static site generator for annotated archives of diplomatic cables"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build a site directory into a static website.
    Build {
        /// The site directory (holds content/, optionally site.yaml, templates/, static/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder (default: SITE/public).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Treat warnings as errors (and keep the previous site if there are any).
        #[arg(long)]
        strict: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// Print only errors, the summary and where to open the site.
        #[arg(short, long)]
        quiet: bool,
        /// Build even if nothing changed since the last build.
        #[arg(long)]
        force: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading the open page.
    Serve {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Port to listen on.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (only this machine by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Output folder (default: SITE/public).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Build a site into a temporary folder and check it: every internal link and #anchor
    /// resolves, nothing loads from another host, every annotation found its cable,
    /// paragraph and quote, every page is valid UTF-8 HTML. Exits non-zero on any problem.
    Check {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Build into this folder (kept, e.g. for publishing) instead of a temporary one.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// Print only errors and the summary.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Create a new site: settings, an example cable, annotation and person, a README, and
    /// a GitHub Actions workflow that builds, checks and publishes it to GitHub Pages.
    Init {
        /// The folder to create the site in (created if missing; nothing in it is overwritten).
        dir: PathBuf,
        /// The site's title.
        #[arg(long)]
        title: Option<String>,
        /// The git repository the site's CI builds cablepress from.
        #[arg(long)]
        cablepress_git: Option<String>,
        /// The branch, tag or commit of cablepress that CI builds.
        #[arg(long, default_value = "main")]
        cablepress_ref: String,
    },
    /// Turn other formats into content files.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A Cablegate dump (`cables.csv`) → one .txt per cable with front matter.
    CablegateCsv {
        dump: PathBuf,
        /// The folder to write into (e.g. mysite/content/cables).
        #[arg(long)]
        into: PathBuf,
    },
    /// A FRUS volume in the Office of the Historian's TEI → a site: telegrams as cables,
    /// footnotes as annotations, the persons list as people, glossed terms.
    FrusTei {
        volume: PathBuf,
        /// The site folder to write into (its content/ is created).
        #[arg(long)]
        into: PathBuf,
    },
}

fn print_diagnostics(ds: &[Diagnostic], format: MessageFormat, quiet: bool) {
    for d in ds {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        match format {
            MessageFormat::Human => eprintln!("{d}"),
            MessageFormat::Json => println!("{}", serde_json::to_string(d).unwrap_or_default()),
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            strict,
            message_format,
            quiet,
            force,
        } => {
            site_folder(&site)?;
            keep_freed_memory();
            let out = output.unwrap_or_else(|| site.join("public"));
            let (report, spent) = cablepress::build_once(
                &site,
                &out,
                &cablepress::BuildOptions {
                    strict,
                    force,
                    progress: !quiet && message_format == MessageFormat::Human,
                    ..Default::default()
                },
            )?;
            // The process ends here: freeing the archive one allocation at a time, on one
            // core, would be wasted work.
            std::mem::forget(spent);
            print_diagnostics(&report.diagnostics, message_format, quiet);
            let secs: f64 = report.timings.iter().map(|t| t.1.as_secs_f64()).sum();
            let stages: Vec<String> = report
                .timings
                .iter()
                .map(|(name, d)| format!("{name} {:.2}s", d.as_secs_f64()))
                .collect();
            let summary = format!(
                "built {} pages from {} cables in {:.2}s [{}] ({} written, {} unchanged{}); {} errors, {} warnings",
                report.files,
                report.cables,
                secs,
                stages.join(", "),
                report.written,
                report.unchanged,
                if report.up_to_date { ": nothing changed since the last build" } else { "" },
                report.errors(),
                report.warnings()
            );
            if message_format == MessageFormat::Json {
                println!(
                    "{}",
                    serde_json::json!({"summary": summary, "pages": report.files, "cables": report.cables, "errors": report.errors(), "warnings": report.warnings(), "committed": report.committed})
                );
            }
            eprintln!("{summary}");
            if report.committed {
                let index = absolute(&report.output).join("index.html");
                eprintln!("open {}", index.display());
            } else if report.output.exists() {
                eprintln!(
                    "the previous site in {} was left as it was",
                    report.output.display()
                );
            } else {
                eprintln!("no site was written to {}", report.output.display());
            }
            Ok(if report.errors() > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Serve {
            site,
            port,
            bind,
            output,
        } => {
            site_folder(&site)?;
            let output = output.unwrap_or_else(|| site.join("public"));
            let on_build: cablepress::serve::OnBuild = Box::new(|report, took| {
                print_diagnostics(&report.diagnostics, MessageFormat::Human, false);
                let kept = if report.committed {
                    ""
                } else {
                    "; the last good pages are still served"
                };
                eprintln!(
                    "built {} pages from {} cables in {:.2}s ({} written); {} errors, {} warnings{kept}",
                    report.files,
                    report.cables,
                    took.as_secs_f64(),
                    report.written,
                    report.errors(),
                    report.warnings()
                );
            });
            cablepress::serve::run(
                cablepress::serve::ServeOptions {
                    site,
                    output,
                    bind,
                    port,
                },
                on_build,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            site,
            output,
            strict,
            message_format,
            quiet,
        } => {
            site_folder(&site)?;
            check(&site, output, strict, message_format, quiet)
        }
        Command::Init {
            dir,
            title,
            cablepress_git,
            cablepress_ref,
        } => init(&dir, title, cablepress_git, cablepress_ref),
        Command::Import {
            what: ImportCommand::CablegateCsv { dump, into },
        } => {
            let diags = Diagnostics::default();
            let n = cablepress::import::cablegate::import(&dump, &into, &diags)?;
            let ds = diags.into_sorted();
            print_diagnostics(&ds, MessageFormat::Human, false);
            let errors = ds.iter().filter(|d| d.severity == Severity::Error).count();
            eprintln!(
                "imported {n} cables into {}; {errors} errors",
                into.display()
            );
            Ok(if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Import {
            what: ImportCommand::FrusTei { volume, into },
        } => {
            let diags = Diagnostics::default();
            let r = cablepress::import::frus::import(&volume, &into, &diags)?;
            let ds = diags.into_sorted();
            print_diagnostics(&ds, MessageFormat::Human, false);
            let errors = ds.iter().filter(|d| d.severity == Severity::Error).count();
            eprintln!(
                "imported {}: {} telegrams ({} paragraphs), {} footnotes, {} persons ({} spellings added as aliases), {} terms into {} ({} files written); {errors} errors",
                r.volume, r.telegrams, r.paragraphs, r.footnotes, r.persons, r.aliases_added, r.terms, into.display(), r.files_written
            );
            Ok(if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// `cablepress check`: build, then check the built site; build diagnostics and site
/// problems are printed alike (a site problem as `error: public/PAGE: message`).
fn check(
    site: &Path,
    output: Option<PathBuf>,
    strict: bool,
    format: MessageFormat,
    quiet: bool,
) -> Result<ExitCode> {
    let temp;
    let out = match output {
        Some(o) => o,
        None => {
            temp = tempfile::Builder::new()
                .prefix("cablepress-check-")
                .tempdir()?;
            temp.path().join("public")
        }
    };
    let report = cablepress::build(
        site,
        &out,
        &cablepress::BuildOptions {
            strict,
            ..Default::default()
        },
    )?;
    let mut diagnostics = report.diagnostics.clone();
    let (pages, links) = if report.committed {
        let checked = cablepress::check::check_site(&out);
        let shown = Path::new(out.file_name().unwrap_or_else(|| "public".as_ref()));
        for p in &checked.problems {
            diagnostics.push(Diagnostic::error(
                "check",
                &shown.join(&p.page),
                None,
                p.message.clone(),
            ));
        }
        (checked.pages, checked.links)
    } else {
        diagnostics.push(Diagnostic::error(
            "check",
            site,
            None,
            "the build failed, so there is no site to check",
        ));
        (0, 0)
    };
    print_diagnostics(&diagnostics, format, quiet);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let summary =
        format!("checked {pages} pages and {links} links from {} cables; {errors} errors, {warnings} warnings", report.cables);
    if format == MessageFormat::Json {
        println!(
            "{}",
            serde_json::json!({"summary": summary, "pages": pages, "links": links, "cables": report.cables, "errors": errors, "warnings": warnings})
        );
    }
    eprintln!("{summary}");
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `cablepress init DIR`: a new site skeleton.
fn init(
    dir: &Path,
    title: Option<String>,
    git: Option<String>,
    git_ref: String,
) -> Result<ExitCode> {
    let mut opts = cablepress::init::InitOptions {
        cablepress_ref: git_ref,
        ..Default::default()
    };
    if let Some(t) = title {
        opts.title = t;
    }
    if let Some(g) = git {
        opts.cablepress_git = g;
    }
    for f in cablepress::init::init(dir, &opts)? {
        eprintln!("created {}", f.display());
    }
    if opts.cablepress_git == cablepress::init::PLACEHOLDER_GIT {
        eprintln!(
            "note: set CABLEPRESS_GIT in {} to the repository to build cablepress from (or run init with --cablepress-git URL)",
            dir.join(".github/workflows/deploy.yml").display()
        );
    }
    eprintln!(
        "next: cablepress build {0}, then open {0}/public/index.html",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Whether the command line asks for `--message-format json` (read again here, for an
/// error that ends the command before it has anything else to say).
fn json_asked() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .any(|w| w[0] == "--message-format" && w[1] == "json")
        || args.iter().any(|a| a == "--message-format=json")
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}");
            if json_asked() {
                // The same shape as any other diagnostic, then the summary object, so a
                // tool reading the JSON sees the failure there too.
                let d = Diagnostic::error("fatal", Path::new(""), None, message.clone());
                println!("{}", serde_json::to_string(&d).unwrap_or_default());
                println!(
                    "{}",
                    serde_json::json!({"summary": format!("error: {message}"), "errors": 1, "warnings": 0, "committed": false})
                );
            }
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A site folder that does not exist is an error (a mistyped path would otherwise build
/// an empty site and succeed); one with neither `content/` nor `site.yaml` is built, with
/// a warning.
fn site_folder(site: &Path) -> Result<()> {
    if !site.is_dir() {
        anyhow::bail!(
            "{} is not a folder: give the site's folder (the one that holds content/ and site.yaml)",
            site.display()
        );
    }
    if !site.join("content").is_dir() && !site.join("site.yaml").is_file() {
        eprintln!(
            "warning: {} has neither content/ nor site.yaml: the site will have no cables",
            site.display()
        );
    }
    Ok(())
}
