//! A progress bar for long builds, drawn on stderr only when it is a terminal (CI logs
//! get the one-line summary instead). The pipeline knows nothing of it: the bar polls a
//! counter (pages written so far) from a thread of its own while a stage runs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar when `enabled` and stderr is a terminal; otherwise one that draws nothing.
    pub fn new(enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(125));
        Progress { bar: Some(bar) }
    }

    /// Names the stage that is running.
    pub fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    /// Runs `work`, showing `done()` out of `total` (an estimate: the bar never goes past
    /// the end) while it runs.
    pub fn track<R>(
        &self,
        name: &str,
        total: usize,
        done: impl Fn() -> usize + Sync,
        work: impl FnOnce() -> R,
    ) -> R {
        let Some(bar) = &self.bar else { return work() };
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {human_pos}/{human_len} pages, {per_sec}, {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_length(total as u64);
        bar.set_message(name.to_string());
        let finished = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                while !finished.load(Ordering::Relaxed) {
                    let n = done() as u64;
                    if n > bar.length().unwrap_or(0) {
                        bar.set_length(n);
                    }
                    bar.set_position(n);
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
            let r = work();
            finished.store(true, Ordering::Relaxed);
            r
        })
    }

    /// Clears the bar (the summary line follows).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
