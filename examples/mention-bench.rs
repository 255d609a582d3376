//! Times reading and assembling a site (with its people registry) and the mention pass
//! alone, scaled up by running it several times over the same cables:
//! `cargo run --release --example mention-bench -- SITE [REPEAT]`.
use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let site = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let repeat: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let diags = cablepress::diagnostics::Diagnostics::default();
    let mut timings = Vec::new();
    let archive = cablepress::load(&site, &diags, &mut timings);
    for (k, d) in &timings {
        println!("{k}: {:.3}s", d.as_secs_f64());
    }
    let bytes: usize = archive.cables.iter().map(|c| c.text.len()).sum();
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..repeat {
        found += archive
            .cables
            .par_iter()
            .map(|c| archive.people.find_in(&c.text, &[]).len())
            .sum::<usize>();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} people; mention pass over {} cables ({:.1} MB) x{repeat}: {:.3}s, {:.0} MB/s, {} mentions",
        archive.people.persons.len(),
        archive.cables.len(),
        bytes as f64 / 1e6,
        s,
        (bytes * repeat) as f64 / 1e6 / s,
        found
    );
}
