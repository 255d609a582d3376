//! Times the search index alone (documents, words, vocabulary, files), several times over
//! the same archive: `CABLEPRESS_TIMINGS=1 cargo run --release --example search-bench --
//! SITE OUT [REPEAT]` (OUT: a scratch folder, e.g. under /dev/shm; it is removed).
use std::time::Instant;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let out = std::path::PathBuf::from(args.next().expect("OUT folder"));
    let repeat: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let diags = cablepress::diagnostics::Diagnostics::default();
    let mut timings = Vec::new();
    let archive = cablepress::load(&site, &diags, &mut timings);
    for (k, d) in &timings {
        println!("{k}: {:.3}s", d.as_secs_f64());
    }
    for _ in 0..repeat {
        let output = cablepress::output::Output::begin(&out).expect("scratch output");
        let t = Instant::now();
        let index = cablepress::render::search::SearchIndex::from_archive(&archive);
        let made = t.elapsed();
        let stats = index.write(&output).expect("search index");
        println!(
            "search: documents made in {:.3}s, whole index {:.3}s ({} words, {} files)",
            made.as_secs_f64(),
            t.elapsed().as_secs_f64(),
            stats.terms,
            output.files()
        );
        output.abandon();
    }
}
