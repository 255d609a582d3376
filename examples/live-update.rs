//! Measures the preview server's update after an annotation edit, at any scale:
//! `cargo run --release --example live-update -- SITE [OUT]`
//!
//! Builds SITE (as `serve` does, keeping what the build assembled), then edits one
//! annotation (or adds one, when the site has none) and times the in-place update that
//! `serve` runs for such a change: notes read and placed again, and only the pages that
//! show them re-rendered. After each edit it times the search index being made again
//! (what `serve` does once the edits pause), and how soon that is given up when another
//! change comes while it runs (the flag is raised after 0.2, 1 and 3 s).
use cablepress::live::LiveSite;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| site.join("public"));
    let t = Instant::now();
    let opts = cablepress::BuildOptions {
        always: true,
        ..Default::default()
    };
    let (report, built) = cablepress::build_keeping(&site, &out, &opts)?;
    let built = built.ok_or_else(|| anyhow::anyhow!("the build was skipped"))?;
    println!(
        "full build: {} pages from {} cables in {:.2}s",
        report.files,
        report.cables,
        t.elapsed().as_secs_f64()
    );
    let first = built
        .archive
        .cables
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let mut live = LiveSite::new(&site, &out, built);

    let dir = site.join("content/annotations");
    std::fs::create_dir_all(&dir)?;
    let note = dir.join("live-update-probe.md");
    for round in 1..=3 {
        std::fs::write(
            &note,
            format!(
                "---\ncable: {first}\nauthor: Probe\ndate: 2026-11-28\n---\nEdit number {round}.\n"
            ),
        )?;
        let t = Instant::now();
        let update = live.update_notes()?;
        println!(
            "annotation edit {round}: {} cable(s), {} file(s) rewritten in {:.0} ms (applied: {})",
            update.cables,
            update.written,
            t.elapsed().as_secs_f64() * 1000.0,
            update.applied
        );
        let t = Instant::now();
        let search = live.update_search(&|| false)?;
        if let Some(s) = search {
            println!(
                "  search index made again: {} file(s) rewritten, {} removed in {:.0} ms",
                s.written,
                s.removed,
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
    // Given up: an edit comes while the index is being made.
    for after_ms in [200u64, 1000, 3000] {
        std::fs::write(
            &note,
            format!("---\ncable: {first}\nauthor: Probe\ndate: 2026-11-28\n---\nGiven up after {after_ms} ms.\n"),
        )?;
        live.update_notes()?;
        let t = Instant::now();
        let stop = || t.elapsed() >= std::time::Duration::from_millis(after_ms);
        let done = live.update_search(&stop)?;
        let total = t.elapsed().as_secs_f64() * 1000.0;
        match done {
            None => println!(
                "  search given up: flag raised at {after_ms} ms, returned at {total:.0} ms ({:.0} ms later)",
                total - after_ms as f64
            ),
            Some(_) => println!("  search finished at {total:.0} ms, before the flag at {after_ms} ms"),
        }
    }
    std::fs::remove_file(&note)?;
    Ok(())
}
