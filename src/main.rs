//! The `cablepress` command: build, serve, import; prints diagnostics as text or JSON.

use anyhow::Result;
use cablepress::diagnostics::{Diagnostic, Diagnostics, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        /// Print only errors and the summary.
        #[arg(short, long)]
        quiet: bool,
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
        } => {
            let out = output.unwrap_or_else(|| site.join("public"));
            let report = cablepress::build(
                &site,
                &out,
                &cablepress::BuildOptions {
                    strict,
                    ..Default::default()
                },
            )?;
            print_diagnostics(&report.diagnostics, message_format, quiet);
            let secs: f64 = report.timings.iter().map(|t| t.1.as_secs_f64()).sum();
            let summary = format!(
                "built {} pages from {} cables in {:.2}s ({} written, {} unchanged); {} errors, {} warnings",
                report.files,
                report.cables,
                secs,
                report.written,
                report.unchanged,
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
            } else {
                eprintln!(
                    "the previous site in {} was left as it was",
                    report.output.display()
                );
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

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
