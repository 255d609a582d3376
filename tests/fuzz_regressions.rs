//! Replays every input kept from fuzzing (`fuzz/regressions/<target>/*`) and the fuzz
//! seeds (`fuzz/seeds/<target>/*`) through the same harness the fuzz targets run, so a
//! crash found once stays fixed without needing nightly or cargo-fuzz.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(folder: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut n = 0;
    for (target, run) in harness::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            if f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let data = std::fs::read(&f).expect("read input");
            // Some inputs once hung: run each with a deadline rather than wait forever.
            let (tx, rx) = std::sync::mpsc::channel();
            let run = *run;
            std::thread::spawn(move || {
                let result = std::panic::catch_unwind(|| run(&data));
                let _ = tx.send(result.is_ok());
            });
            match rx.recv_timeout(std::time::Duration::from_secs(60)) {
                Ok(ok) => assert!(ok, "{target}: {} fails again", f.display()),
                Err(_) => panic!("{target}: {} hangs again", f.display()),
            }
            n += 1;
        }
    }
    n
}

#[test]
fn fuzz_crash_inputs_stay_fixed() {
    let n = replay("regressions");
    eprintln!("replayed {n} regression inputs");
}

#[test]
fn fuzz_seeds_pass_the_harness() {
    let n = replay("seeds");
    assert!(n >= 20, "only {n} seeds found");
}
