//! Makes a site from the real corpus with generated annotations, for timing builds:
//! `cargo run --release --example corpus-site -- DEST [ANNOTATIONS] [SHARED]`
//! (SHARED defaults to `../shared` beside the crate).
#[path = "../tests/common/corpus_site.rs"]
mod corpus_site;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: corpus-site DEST [ANNOTATIONS] [SHARED]
  DEST         the site folder to create (its content/ is written)
  ANNOTATIONS  how many generated annotations (default 1000)
  SHARED       the folder holding corpus/ (default ../shared beside the crate)";

/// DEST, ANNOTATIONS and SHARED, or why the arguments are not those. An argument that
/// begins with `-` is refused: this example has no options, and `--help` taken as DEST
/// would create `./--help/content`.
fn parse_args(args: &[String]) -> Result<(PathBuf, usize, PathBuf), String> {
    if let Some(a) = args.iter().find(|a| a.starts_with('-')) {
        return Err(if a == "-h" || a == "--help" {
            String::new()
        } else {
            format!("corpus-site takes no options: {a}")
        });
    }
    if args.len() > 3 {
        return Err(format!("too many arguments: {}", args[3..].join(" ")));
    }
    let dest = PathBuf::from(args.first().map_or("corpus-site", String::as_str));
    let n = match args.get(1) {
        None => 1000,
        Some(a) => a
            .parse()
            .map_err(|_| format!("ANNOTATIONS must be a number, not {a}"))?,
    };
    let shared = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    Ok((dest, n, shared))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dest, n, shared) = match parse_args(&args) {
        Ok(x) => x,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("error: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match corpus_site::make(&shared, &dest, n) {
        Ok(site) => {
            println!("{}: {site:?}", dest.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dest.display());
            ExitCode::FAILURE
        }
    }
}
