//! Helpers shared by the benchmark's examples (`calibrate`, `floor`). A folder with a
//! `mod.rs`, so Cargo does not take it for an example of its own.

// Each example uses part of this.
#![allow(dead_code)]

use std::time::Duration;

/// `n` with thousands separated by commas: 1057433 → "1,057,433".
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// This process's user + system CPU time so far.
#[cfg(target_os = "linux")]
pub fn cpu_time() -> Option<Duration> {
    // SAFETY: getrusage fills the struct it is given; a zeroed rusage is a valid start.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut r) } != 0 {
        return None;
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Some(tv(r.ru_utime) + tv(r.ru_stime))
}

#[cfg(not(target_os = "linux"))]
pub fn cpu_time() -> Option<Duration> {
    None
}
