//! Numbers as text: the index is JavaScript (loaded with `<script>`, which works from
//! `file://` where `fetch()` does not), so posting lists are strings. Each number is
//! written little-end first in base 46: a character from the first half of [`ALPHABET`]
//! ends the number, one from the second half says more digits follow. Numbers below 46
//! take one character, below 2,116 two, below 97,336 three. The alphabet is printable
//! ASCII without `"` and `\`, so the strings need no escaping.

pub const BASE: u32 = 46;

/// 92 characters: `!`, then `#` to `~` without `\`.
pub const ALPHABET: &[u8; 92] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

pub fn push(out: &mut Vec<u8>, mut v: u32) {
    while v >= BASE {
        out.push(ALPHABET[(BASE + v % BASE) as usize]);
        v /= BASE;
    }
    out.push(ALPHABET[v as usize]);
}

/// Reads numbers back (the browser does the same; this is for tests).
pub fn decode(s: &[u8]) -> Vec<u32> {
    let mut digit = [255u8; 128];
    for (i, &c) in ALPHABET.iter().enumerate() {
        digit[c as usize] = i as u8;
    }
    let mut out = Vec::new();
    let (mut v, mut m) = (0u64, 1u64);
    for &c in s {
        let d = digit.get(c as usize).copied().unwrap_or(255) as u64;
        if d >= BASE as u64 {
            v += (d - BASE as u64) * m;
            m *= BASE as u64;
        } else {
            out.push((v + d * m) as u32);
            v = 0;
            m = 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_sizes() {
        let nums = [
            0,
            1,
            45,
            46,
            2115,
            2116,
            97_335,
            97_336,
            1_000_000,
            u32::MAX,
        ];
        let mut out = Vec::new();
        for n in nums {
            push(&mut out, n);
        }
        assert_eq!(decode(&out), nums);
        let len = |n| {
            let mut o = Vec::new();
            push(&mut o, n);
            o.len()
        };
        assert_eq!(
            (len(45), len(46), len(2115), len(2116), len(97_335)),
            (1, 2, 2, 3, 3)
        );
        assert!(!ALPHABET.contains(&b'"') && !ALPHABET.contains(&b'\\'));
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 92);
    }
}
