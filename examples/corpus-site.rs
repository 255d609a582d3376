//! Makes a site from the real corpus with generated annotations, for timing builds:
//! `cargo run --release --example corpus-site -- DEST [ANNOTATIONS] [SHARED]`
//! (SHARED defaults to `../shared` beside the crate).
#[path = "../tests/common/corpus_site.rs"]
mod corpus_site;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dest = std::path::PathBuf::from(args.next().unwrap_or_else(|| "corpus-site".into()));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let shared = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let site = corpus_site::make(&shared, &dest, n)?;
    println!("{}: {site:?}", dest.display());
    Ok(())
}
