//! Words as the search sees them, the same in Rust (when indexing) and in `static/search.js`
//! (when querying): lower-cased, accents removed (NFD, combining marks dropped), split on
//! anything that is not a letter or a digit. Words of one character, longer than
//! [`MAX_WORD`] characters, or in [`STOPWORDS`] are not indexed, and a phrase skips them
//! (`"ministry of foreign affairs"` is `ministry`, then `foreign`, then `affairs`).

use unicode_normalization::UnicodeNormalization;

/// Longer runs are noise (separator lines, encoded blobs), not words.
pub const MAX_WORD: usize = 32;

/// Words too common to be worth a posting list. Kept short on purpose: acronyms that look
/// like English words (`US`, `IT`, `WHO`, `CAN`, `AM`, `NO`) are not here. Sorted.
pub const STOPWORDS: &[&str] = &[
    "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "in", "into", "is", "its", "of", "on", "or", "our", "said", "she",
    "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "was", "we",
    "were", "which", "with", "would",
];

pub fn is_stopword(w: &str) -> bool {
    is_stop_bytes(w.as_bytes())
}

/// The longest stopword.
const STOP_MAX: usize = 5;

/// A word of at most eight bytes as a number (words have no zero bytes, so it is unique).
fn pack(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |k, &c| (k << 8) | c as u64)
}

/// Slots in the stopword table: a power of two, a few times the number of stopwords.
const STOP_SLOTS: usize = 256;

fn stop_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % STOP_SLOTS
}

/// The stopwords as numbers in an open-addressed table (0: empty): a lookup is a multiply
/// and, nearly always, one comparison.
static STOP_TABLE: once_cell::sync::Lazy<[u64; STOP_SLOTS]> = once_cell::sync::Lazy::new(|| {
    let mut table = [0u64; STOP_SLOTS];
    for w in STOPWORDS {
        let key = pack(w.as_bytes());
        let mut i = stop_slot(key);
        while table[i] != 0 {
            i = (i + 1) % STOP_SLOTS;
        }
        table[i] = key;
    }
    table
});

fn is_stop_bytes(b: &[u8]) -> bool {
    if b.len() < 2 || b.len() > STOP_MAX {
        return false;
    }
    let key = pack(b);
    let table = &*STOP_TABLE;
    let mut i = stop_slot(key);
    loop {
        match table[i] {
            0 => return false,
            k if k == key => return true,
            _ => i = (i + 1) % STOP_SLOTS,
        }
    }
}

/// ASCII bytes that are part of a word (for [`block_mask`] where there is no SSE2).
#[cfg(not(target_arch = "x86_64"))]
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// Lower-cases `text` and removes accents. ASCII text (nearly every cable) takes a fast path.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // A capital sigma lower-cases by what is around it (final ς), across runs.
    if text.contains('Σ') {
        return fold_unicode(text);
    }
    // ASCII byte by byte, the rest a run at a time: an ASCII character is a starter, so
    // decomposition and reordering never reach across it.
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let s = i;
        i += b[i..]
            .iter()
            .position(|c| !c.is_ascii())
            .unwrap_or(b.len() - i);
        let at = out.len();
        out.push_str(&text[s..i]);
        out[at..].make_ascii_lowercase();
        let s = i;
        while i < b.len() && !b[i].is_ascii() {
            i += 1;
        }
        if i > s {
            out.push_str(&fold_unicode(&text[s..i]));
        }
    }
    out
}

/// [`fold`] by the book: lower-case, decompose, drop combining accents.
fn fold_unicode(text: &str) -> String {
    // Lower-case first: some upper-case letters decompose only when lowered (İ → i̇).
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// Calls `f` with each indexable word of already-folded text, in order.
pub fn for_each_word<'t>(folded: &'t str, f: impl FnMut(&'t str)) {
    // ASCII text (nearly every cable) is read without asking each byte whether it starts
    // a longer character.
    if folded.is_ascii() {
        block_words::<true>(folded, f)
    } else {
        block_words::<false>(folded, f)
    }
}

/// Of 64 bytes, which are ASCII letters or digits, and which are not ASCII (parts of
/// longer characters), as bits (byte `i`: bit `i`).
#[cfg(target_arch = "x86_64")]
fn block_mask(block: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of every x86_64 target; the loads are unaligned and stay
    // within the 64 bytes borrowed.
    unsafe {
        let (slash, colon) = (_mm_set1_epi8(b'/' as i8), _mm_set1_epi8(b':' as i8));
        let (tick, brace) = (_mm_set1_epi8(b'`' as i8), _mm_set1_epi8(b'{' as i8));
        let case = _mm_set1_epi8(0x20);
        let (mut mask, mut high) = (0u64, 0u64);
        for k in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k) as *const __m128i);
            // Signed: bytes from 0x80 up are below every ASCII bound, so never in words.
            let digit = _mm_and_si128(_mm_cmpgt_epi8(v, slash), _mm_cmplt_epi8(v, colon));
            // Setting 0x20 lower-cases A-Z and sends nothing else into a-z.
            let l = _mm_or_si128(v, case);
            let letter = _mm_and_si128(_mm_cmpgt_epi8(l, tick), _mm_cmplt_epi8(l, brace));
            let bits = _mm_movemask_epi8(_mm_or_si128(digit, letter)) as u16 as u64;
            mask |= bits << (16 * k);
            high |= (_mm_movemask_epi8(v) as u16 as u64) << (16 * k);
        }
        (mask, high)
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn block_mask(block: &[u8; 64]) -> (u64, u64) {
    block
        .iter()
        .enumerate()
        .fold((0u64, 0u64), |(m, h), (i, &c)| {
            (
                m | (WORD_BYTE[c as usize] as u64) << i,
                h | ((c >= 0x80) as u64) << i,
            )
        })
}

/// The lowest `n` bits.
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        !0
    } else {
        (1u64 << n) - 1
    }
}

/// Splits text into words 64 bytes at a time: each block's letters and digits as a bit
/// mask, and the words' ends where the bits change. Text that is not all ASCII (`ASCII`
/// false) has its longer characters decoded one by one, in the blocks that hold them.
fn block_words<'t, const ASCII: bool>(folded: &'t str, mut f: impl FnMut(&'t str)) {
    let b = folded.as_bytes();
    // Where the last byte of a longer character seen so far is.
    let mut last_high: Option<usize> = None;
    let mut emit = |s: usize, e: usize, last_high: Option<usize>| {
        let chars = if ASCII || last_high.is_none_or(|h| h < s) {
            e - s
        } else {
            folded[s..e].chars().count()
        };
        if (2..=MAX_WORD).contains(&chars) && !is_stop_bytes(&b[s..e]) {
            f(&folded[s..e]);
        }
    };
    // The start of the word being read, if the last byte read was in one.
    let mut start: Option<usize> = None;
    // A character that goes on into the next block: its bytes left, and whether it is
    // part of a word.
    let (mut carry, mut carry_word) = (0usize, false);
    let mut last = [0u8; 64];
    for (k, chunk) in b.chunks(64).enumerate() {
        let block: &[u8; 64] = match chunk.try_into() {
            Ok(full) => full,
            Err(_) => {
                // The end, padded with bytes that are not in words.
                last[..chunk.len()].copy_from_slice(chunk);
                &last
            }
        };
        let (mut mask, mut high) = block_mask(block);
        let base = k * 64;
        if !ASCII && high != 0 {
            last_high = Some(base + 63 - high.leading_zeros() as usize);
            if carry > 0 {
                let m = low_bits(carry);
                if carry_word {
                    mask |= m;
                }
                high &= !m;
                carry = 0;
            }
            while high != 0 {
                // A character's first byte: the bytes after it in this block are cleared
                // from `high` as they are seen.
                let i = high.trailing_zeros() as usize;
                let (word, len) = folded[base + i..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()));
                let m = low_bits(len.min(64 - i)) << i;
                if word {
                    mask |= m;
                }
                high &= !m;
                if i + len > 64 {
                    (carry, carry_word) = (i + len - 64, word);
                }
            }
        }
        // Where a byte differs in kind from the one before it.
        let mut edges = mask ^ ((mask << 1) | start.is_some() as u64);
        while edges != 0 {
            let at = base + edges.trailing_zeros() as usize;
            match start.take() {
                Some(s) => emit(s, at, last_high),
                None => start = Some(at),
            }
            edges &= edges - 1;
        }
    }
    if let Some(s) = start {
        emit(s, b.len(), last_high);
    }
}

/// The term that stands for a whole name in the index ([`super::SearchDoc::names`]): all
/// its words, folded, stopwords and one-letter words too (`Sok An` is not `sok`), each
/// followed by a space (`Than Shwe` → `than shwe `), which no word can be, and which sorts
/// beside its first word. `search.js` makes the same term of the whole query. `None` when
/// the name has no word.
pub fn name_term(name: &str) -> Option<String> {
    let mut term = String::new();
    for w in fold(name).split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() && w.chars().count() <= MAX_WORD {
            term.push_str(w);
            term.push(' ');
        }
    }
    (!term.is_empty()).then_some(term)
}

/// The indexable words of `text` (for tests and small inputs).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(&fold(text), |w| out.push(w.to_string()));
    out
}

/// The order terms are sorted in: UTF-16 code units, which is how JavaScript compares
/// strings, so the browser can binary-search the shard directory.
pub fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_found_and_nothing_else() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS
            .iter()
            .all(|w| w.len() <= STOP_MAX && w.is_ascii()));
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        // Every word of up to five letters (and a few others) is a stopword exactly when
        // it is in the list.
        let letters: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let mut n = 0;
        for a in &letters {
            for b in &letters {
                let two = format!("{a}{b}");
                assert_eq!(
                    is_stopword(&two),
                    STOPWORDS.contains(&two.as_str()),
                    "{two}"
                );
                for c in ['a', 'e', 'h', 'm', 'r', 's', 't', 'y'] {
                    let three = format!("{two}{c}");
                    assert_eq!(is_stopword(&three), STOPWORDS.contains(&three.as_str()));
                    n += 1;
                }
            }
        }
        assert!(n > 10_000);
        assert!(!is_stopword("thee") && !is_stopword("a") && !is_stopword("whichever"));
    }

    #[test]
    fn folding_by_runs_agrees_with_folding_the_whole() {
        for text in [
            "¶1. (C) Nguyễn Tấn Dũng met the “Foreign Minister” — ÉLYSÉE",
            "e\u{301}te\u{301} İstanbul ΟΔΥΣΣΕΥΣ ΑΣa Σ",
            "a\u{315}\u{300}\u{5ae}b ñ",
            "ﬁnancial Straße ÅNGSTRÖM",
        ] {
            assert_eq!(fold(text), fold_unicode(text), "{text}");
        }
    }

    #[test]
    fn folds_case_and_accents_and_drops_noise() {
        assert_eq!(
            words("Hor NAMHONG's meeting, Phnom-Penh"),
            ["hor", "namhong", "meeting", "phnom", "penh"]
        );
        assert_eq!(
            words("Nguyễn Tấn Dũng ÉLYSÉE"),
            ["nguyen", "tan", "dung", "elysee"]
        );
        assert_eq!(words("the U.S. and 03PHNOMPENH1990"), ["03phnompenh1990"]);
        assert_eq!(words(&"x".repeat(40)), Vec::<String>::new());
        assert_eq!(words("WHO IT US"), ["who", "it", "us"]);
    }

    #[test]
    fn a_name_is_one_term_of_its_words() {
        assert_eq!(name_term("Than Shwe").as_deref(), Some("than shwe "));
        assert_eq!(
            name_term("Nguyễn Tấn Dũng, PM").as_deref(),
            Some("nguyen tan dung pm ")
        );
        // Every word: a name's short words and stopwords are part of it (`Sok An` is not
        // `sok`, `Who we are` not `who`).
        assert_eq!(
            name_term("Minister of Foreign Affairs").as_deref(),
            Some("minister of foreign affairs ")
        );
        assert_eq!(
            name_term("Christopher R. Hill").as_deref(),
            Some("christopher r hill ")
        );
        assert_eq!(name_term("Namhong").as_deref(), Some("namhong "));
        assert_eq!(name_term("The a").as_deref(), Some("the a "));
        assert_eq!(name_term(" -- "), None);
    }

    /// The words by definition: split on anything that is not a letter or a digit.
    fn reference(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| (2..=MAX_WORD).contains(&w.chars().count()) && !is_stopword(w))
            .collect()
    }

    fn by_blocks<const ASCII: bool>(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        block_words::<ASCII>(text, |w| v.push(w));
        v
    }

    /// `per` pseudo-random texts of each length below `lengths`: any ASCII byte, one of
    /// `pieces`, or a run of up to `longest` times `run`.
    fn random_texts(
        mut seed: u64,
        lengths: usize,
        per: usize,
        pieces: &[&str],
        run: &str,
        longest: u64,
    ) -> Vec<String> {
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut texts = Vec::new();
        for len in 0..lengths {
            for _ in 0..per {
                let mut t = String::new();
                while t.len() < len {
                    match next() % 3 {
                        0 => t.push((next() % 128) as u8 as char),
                        1 => t.push_str(pieces[(next() % pieces.len() as u64) as usize]),
                        _ => t.push_str(&run.repeat((next() % (longest + 1)) as usize)),
                    }
                }
                texts.push(t);
            }
        }
        texts
    }

    #[test]
    fn words_are_what_splitting_on_non_alphanumerics_gives() {
        for text in [
            "Shell’s views of the PIB “track closely” with ExxonMobil’s",
            "the café in Zürich — 2009-10-13, 03:00Z; résumé/CV? ok",
            "αβγ δεζ the ωμέγα ab a b c1 ²³ ٣٤ x",
            &format!("{} é{}", "z".repeat(33), "y".repeat(31)),
            "plain ascii text, of the kind most cables are",
            "",
            "é",
        ] {
            let folded = fold(text);
            let mut got = Vec::new();
            for_each_word(&folded, |w| got.push(w));
            assert_eq!(got, reference(&folded), "{text}");
        }
    }

    #[test]
    fn ascii_text_read_by_blocks_gives_the_words_by_definition() {
        // Every ASCII byte, in and around words, at every length up to three blocks and
        // across block edges; words of 1, 2, 32 and 33 characters; stopwords.
        let pieces = [
            "a", "of", "the", "Ministry", "x9", "0", "2009", "z", "ABC", "and", "Zz", " ",
        ];
        for t in random_texts(0x2545_f491_4f6c_dd1d, 200, 20, &pieces, "q", 39) {
            assert_eq!(by_blocks::<true>(&t), reference(&t), "{t:?}");
        }
        for t in [
            "",
            "ab",
            &"w".repeat(64),
            &"w".repeat(65),
            &format!("{} {}", "k".repeat(63), "k".repeat(32)),
            &format!("{}ab", " ".repeat(62)),
            &format!("{}@[`{{/:", "m".repeat(32)),
        ] {
            assert_eq!(by_blocks::<true>(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn any_text_read_by_blocks_gives_the_words_by_definition() {
        // Letters of two, three and four bytes, marks that are not letters, ASCII.
        let pieces = [
            "ж", "ω", "é", "’", "“", "—", "°", "中文", "𝐀", "😀", "٣", "ab", "a", " ", "of",
            "Zürich", "x",
        ];
        for t in random_texts(0x9e37_79b9_7f4a_7c15, 260, 12, &pieces, "ж", 34) {
            assert_eq!(by_blocks::<false>(&t), reference(&t), "{t:?}");
        }
    }

    /// On the real corpus, when it is there (`../shared/corpus`, see its SOURCE.md).
    #[test]
    fn the_real_cables_give_the_words_by_definition() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cables");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: {} not found", dir.display());
            return;
        };
        let mut checked = 0;
        for e in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            for t in [fold(&text), text] {
                let mut got = Vec::new();
                for_each_word(&t, |w| got.push(w));
                assert_eq!(got, reference(&t), "{}", e.path().display());
            }
            checked += 1;
        }
        assert!(checked > 1000, "{checked} cables read");
    }

    #[test]
    fn js_order_differs_from_byte_order_only_above_the_bmp() {
        assert_eq!(js_order("abc", "abd"), std::cmp::Ordering::Less);
        // U+FF21 (fullwidth A) is one UTF-16 unit; U+1D400 is a surrogate pair starting 0xD835.
        assert_eq!(js_order("\u{1D400}", "\u{FF21}"), std::cmp::Ordering::Less);
        assert_eq!("\u{1D400}".cmp("\u{FF21}"), std::cmp::Ordering::Greater);
    }
}
