//! Measures the preview server's update after an annotation edit, at any scale:
//! `cargo run --release --example live-update -- SITE [OUT]`
//!
//! Builds SITE (as `serve` does, keeping what the build assembled), then edits one
//! annotation (or adds one, when the site has none) and times the in-place update that
//! `serve` runs for such a change: notes read and placed again, and only the pages that
//! show them re-rendered.
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
    }
    std::fs::remove_file(&note)?;
    Ok(())
}
