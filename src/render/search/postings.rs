//! Inverting the documents: for each word, the documents it is in, in document order,
//! already encoded as the browser will read them.
//!
//! A posting is the gap to the previous document; then one number that packs the word's
//! weight in the document (BM25's term-frequency part, with field weights and length
//! normalisation applied here, quantised to 1..=[`Q_MAX`]) with how many different words
//! follow it there (0, 1, or 2 and more, the rest written after); then, for words in at
//! most [`PAR_MAX_DF`] of the documents, the first numbered paragraph the word is in
//! (0: none), so a result links to `#parN`.
//!
//! Phrases are checked against the words that follow: per posting, one character per
//! distinct next word, [`successor_hash`] of it (a phrase `a b c` matches a document
//! where `b` follows `a` and `c` follows `b`). That is a Bloom-style check, wrong for
//! about one next word in 92, at a third of the size of word positions (which would not
//! fit the size budget of the index). It goes in separate files, loaded for phrases only.
//!
//! Documents are tokenised in parallel, a chunk at a time; each word goes to one of
//! [`PARTS`] partitions by hash, and the partitions take their words in parallel, each
//! in document order, so the output does not depend on scheduling.

use super::tokenize::{fold, for_each_word, js_order, name_term};
use super::vlq;
use super::SearchDoc;
use hashbrown::HashTable;
use rayon::prelude::*;

/// BM25 parameters (the usual ones).
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The largest quantised weight: with three successor counts it fills one character.
pub const Q_MAX: u32 = 15;
/// Successor counts packed with the weight: 0, 1, and "2 or more" (the rest follows).
const S_PACKED: u32 = 3;
/// Words in more than this share of the documents carry no paragraph: they are rarely
/// the most specific word of a query, and it saves a character on most postings.
pub const PAR_MAX_SHARE: f64 = 0.02;
const PARTS: usize = 16;
const CHUNK: usize = 512;

/// The most documents a word may be in and still carry paragraphs.
pub fn par_max_df(docs: usize) -> u32 {
    ((docs as f64 * PAR_MAX_SHARE).ceil() as u32).max(50)
}

/// The character that stands for `word` following another (FNV-1a over UTF-16 code
/// units, as `search.js` computes it).
#[cfg(test)]
pub fn successor_hash(word: &str) -> u8 {
    vlq::ALPHABET[successor_index(word)]
}

/// [`successor_hash`] as a place in [`vlq::ALPHABET`] (which is in byte order).
fn successor_index(word: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    if word.is_ascii() {
        for &b in word.as_bytes() {
            h = (h ^ b as u32).wrapping_mul(0x0100_0193);
        }
    } else {
        for u in word.encode_utf16() {
            h = (h ^ u as u32).wrapping_mul(0x0100_0193);
        }
    }
    (h % vlq::ALPHABET.len() as u32) as usize
}

/// A word's hash for the vocabulary tables: eight bytes at a time, then mixed so every
/// bit depends on every byte. Stable across runs and platforms (it picks the partition).
fn word_hash(w: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = w.len() as u64;
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ tail_le(rest)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// One to seven bytes as a little-endian number, zero above them: the same as copying
/// them into eight zeroed bytes, but with two loads that may overlap (a copy of a length
/// known only at run time is a call to `memcpy`, and reading its bytes back as one
/// number stalls until the bytes are stored; it was a fifth of the time spent reading a
/// document's words).
#[inline(always)]
fn tail_le(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!((1..8).contains(&n));
    let (lo, hi, at) = if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
        (lo, hi, n - 4)
    } else if n >= 2 {
        let lo = u16::from_le_bytes([b[0], b[1]]) as u64;
        let hi = u16::from_le_bytes([b[n - 2], b[n - 1]]) as u64;
        (lo, hi, n - 2)
    } else {
        (b[0] as u64, 0, 0)
    };
    // The bytes both loads hold are the same, so OR-ing them in keeps them.
    lo | (hi << (8 * at))
}

/// `a == b` for words, which are nearly all short: up to 16 bytes compared as two words
/// that may overlap, without calling `memcmp` (after a hash match, so nearly always equal).
#[inline(always)]
fn same_word(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let at = |s: &[u8], i: usize, k: usize| {
        let mut w = [0u8; 8];
        w[..k].copy_from_slice(&s[i..i + k]);
        u64::from_le_bytes(w)
    };
    match n {
        0..=3 => a == b,
        4..=7 => at(a, 0, 4) == at(b, 0, 4) && at(a, n - 4, 4) == at(b, n - 4, 4),
        8..=16 => at(a, 0, 8) == at(b, 0, 8) && at(a, n - 8, 8) == at(b, n - 8, 8),
        _ => a == b,
    }
}

/// One partition of the vocabulary: its words, and a table of their places in `terms`.
/// The table is small (four bytes a word) and stays in cache; a word's postings are
/// found through it, and can be fetched ahead of the writes (see [`Part::add_doc`]).
#[derive(Default)]
struct Part {
    index: HashTable<u32>,
    terms: Vec<Term>,
    /// Scratch: the words of the document being added.
    ids: Vec<u32>,
}

struct Term {
    /// [`word_hash`]
    hash: u64,
    word: Word,
    data: TermData,
}

/// Asks the processor to start loading the cache line at `p` (a hint: nothing is read,
/// and any address will do).
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch does not access memory in the program's sense and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Part {
    /// Adds one document's entries for this partition: first finds (or makes) each word
    /// and starts fetching the ends of its posting lists, then writes them all, so the
    /// cache misses of one word overlap those of the next instead of following them.
    fn add_doc(&mut self, doc: u32, dt: &DocTerms, entries: &[Entry], max_df: u32) {
        let Part { index, terms, ids } = self;
        ids.clear();
        for e in entries {
            let w = &dt.words[e.word.clone()];
            let id = match index.find(e.hash, |&id| {
                let t = &terms[id as usize];
                t.hash == e.hash && same_word(t.word.as_bytes(), w.as_bytes())
            }) {
                Some(&id) => id,
                None => {
                    let id = terms.len() as u32;
                    terms.push(Term {
                        hash: e.hash,
                        word: Word::new(w),
                        data: TermData::default(),
                    });
                    index.insert_unique(e.hash, id, |&id| terms[id as usize].hash);
                    id
                }
            };
            let d = &terms[id as usize].data;
            prefetch(d.postings.as_ptr().wrapping_add(d.postings.len()));
            prefetch(d.successors.as_ptr().wrapping_add(d.successors.len()));
            ids.push(id);
        }
        for (e, &id) in entries.iter().zip(ids.iter()) {
            terms[id as usize].data.add(
                doc,
                e.q,
                e.anchor,
                &dt.successors[e.successors.clone()],
                max_df,
            );
        }
    }
}

/// A word kept in the vocabulary table itself when it is short (nearly all are), so
/// finding it there does not follow a pointer to compare it.
enum Word {
    Inline { len: u8, bytes: [u8; 22] },
    Heap(Box<str>),
}

impl Word {
    fn new(w: &str) -> Word {
        if w.len() <= 22 {
            let mut bytes = [0u8; 22];
            bytes[..w.len()].copy_from_slice(w.as_bytes());
            Word::Inline {
                len: w.len() as u8,
                bytes,
            }
        } else {
            Word::Heap(w.into())
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Word::Inline { len, bytes } => &bytes[..*len as usize],
            Word::Heap(s) => s.as_bytes(),
        }
    }

    fn into_string(self) -> String {
        match self {
            Word::Inline { len, bytes } => {
                String::from_utf8_lossy(&bytes[..len as usize]).into_owned()
            }
            Word::Heap(s) => s.into_string(),
        }
    }
}

/// One word's postings.
#[derive(Debug, Default)]
pub struct TermData {
    pub df: u32,
    next_doc: u32,
    pub postings: Vec<u8>,
    pub successors: Vec<u8>,
}

/// The inverted index: words in JavaScript order.
pub struct Inverted {
    pub terms: Vec<(String, TermData)>,
}

/// The weighted length of a document (what BM25 normalises by).
fn doc_length(doc: &SearchDoc) -> f32 {
    let mut len = 0.0;
    for (weight, _, text) in doc.all_fields() {
        let mut n = 0u32;
        for_each_word(&fold(text), |_| n += 1);
        len += n as f32 * weight.factor();
    }
    len
}

/// Documents measured for the average length: all of them up to this many, else an even
/// sample of about this many (the mean of 4,096 lengths is within about 1% of the whole,
/// and weights are quantised to 15 steps, so the index comes out the same or nearly).
const LENGTH_SAMPLE: usize = 4096;

/// The average weighted length of the documents.
fn average_length(docs: &[SearchDoc]) -> f32 {
    if docs.is_empty() {
        return 1.0;
    }
    let step = docs.len().div_ceil(LENGTH_SAMPLE).max(1);
    let sample: Vec<&SearchDoc> = docs.iter().step_by(step).collect();
    let total: f32 = sample
        .par_iter()
        .map(|d| doc_length(d))
        .collect::<Vec<f32>>()
        .iter()
        .sum();
    total / sample.len() as f32
}

/// A document's words, grouped by partition, with their payloads.
struct DocTerms {
    /// The words, end to end.
    words: String,
    entries: Vec<Entry>,
    /// Where each partition's entries start (and, last, where they end).
    bounds: [u32; PARTS + 1],
    successors: Vec<u8>,
}

struct Entry {
    hash: u64,
    word: std::ops::Range<usize>,
    q: u32,
    anchor: u32,
    successors: std::ops::Range<usize>,
}

fn part_of(hash: u64) -> u8 {
    ((hash >> 32) % PARTS as u64) as u8
}

/// One distinct word of a document while it is read.
struct Slot<'t> {
    word: &'t str,
    /// Weighted occurrences.
    tf: f32,
    /// The first numbered paragraph it is in.
    anchor: u32,
    /// The words that follow it: bits of [`successor_index`].
    next: u128,
    /// Its own [`successor_index`].
    succ: u8,
    /// [`word_hash`]
    hash: u64,
    /// A whole name ([`name_term`]), not a word: the highest weight, no next words.
    name: bool,
}

fn doc_terms(doc: &SearchDoc, avgdl: f32) -> DocTerms {
    // (weight factor, paragraph, folded text)
    let fields: Vec<(f32, u32, String)> = doc
        .all_fields()
        .map(|(weight, anchor, text)| (weight.factor(), anchor, fold(text)))
        .collect();
    let names: Vec<String> = doc.names.iter().filter_map(|n| name_term(n)).collect();
    let mut seen: HashTable<u32> = HashTable::with_capacity(512);
    let mut slots: Vec<Slot> = Vec::with_capacity(512);
    let mut dl = 0.0f32;
    for (factor, anchor, text) in &fields {
        let (factor, anchor) = (*factor, *anchor);
        let mut prev: Option<usize> = None;
        let mut n = 0u32;
        for_each_word(text, |w| {
            n += 1;
            let hash = word_hash(w.as_bytes());
            let k = match seen.find(hash, |&k| {
                let slot = &slots[k as usize];
                slot.hash == hash && same_word(slot.word.as_bytes(), w.as_bytes())
            }) {
                Some(&k) => k as usize,
                None => {
                    slots.push(Slot {
                        word: w,
                        tf: 0.0,
                        anchor: 0,
                        next: 0,
                        succ: successor_index(w) as u8,
                        hash,
                        name: false,
                    });
                    let k = slots.len() - 1;
                    seen.insert_unique(hash, k as u32, |&k| slots[k as usize].hash);
                    k
                }
            };
            let slot = &mut slots[k];
            slot.tf += factor;
            if slot.anchor == 0 && anchor > 0 {
                slot.anchor = anchor;
            }
            let bit = 1u128 << slot.succ;
            if let Some(p) = prev {
                slots[p].next |= bit;
            }
            prev = Some(k);
        });
        dl += n as f32 * factor;
    }
    // The document's names, each one term (two names that fold alike, one term). They are
    // not text: they add nothing to the length and follow no word.
    for term in &names {
        let hash = word_hash(term.as_bytes());
        if seen
            .find(hash, |&k| slots[k as usize].word == term.as_str())
            .is_none()
        {
            slots.push(Slot {
                word: term,
                tf: 0.0,
                anchor: 0,
                next: 0,
                succ: successor_index(term) as u8,
                hash,
                name: true,
            });
            let k = slots.len() as u32 - 1;
            seen.insert_unique(hash, k, |&k| slots[k as usize].hash);
        }
    }
    let norm = K1 * (1.0 - B + B * dl / avgdl.max(1.0));
    // The words grouped by partition (a counting sort into sixteen buckets, keeping the
    // order in which they were first seen within each).
    let mut bounds = [0u32; PARTS + 1];
    for s in &slots {
        bounds[part_of(s.hash) as usize + 1] += 1;
    }
    for p in 0..PARTS {
        bounds[p + 1] += bounds[p];
    }
    let mut next = bounds;
    let mut order = vec![0u32; slots.len()];
    for (k, s) in slots.iter().enumerate() {
        let part = part_of(s.hash) as usize;
        order[next[part] as usize] = k as u32;
        next[part] += 1;
    }
    let mut out = DocTerms {
        words: String::with_capacity(slots.iter().map(|s| s.word.len()).sum()),
        entries: Vec::with_capacity(slots.len()),
        bounds,
        successors: Vec::new(),
    };
    for &k in &order {
        let s = &slots[k as usize];
        let q = if s.name {
            Q_MAX
        } else {
            let tfn = s.tf * (K1 + 1.0) / (s.tf + norm);
            round_positive(tfn / (K1 + 1.0) * Q_MAX as f32).clamp(1, Q_MAX)
        };
        let sstart = out.successors.len();
        let mut next = s.next;
        while next != 0 {
            out.successors
                .push(vlq::ALPHABET[next.trailing_zeros() as usize]);
            next &= next - 1;
        }
        let wstart = out.words.len();
        out.words.push_str(s.word);
        out.entries.push(Entry {
            hash: s.hash,
            word: wstart..out.words.len(),
            q,
            anchor: s.anchor,
            successors: sstart..out.successors.len(),
        });
    }
    out
}

/// `x.round() as u32` for `x` from 0 up (half away from zero), without the call to the C
/// library's `roundf` that `round` is without SSE4.1. For such `x` below 2^23, `x` less its
/// integer part is exact (the weights here are at most [`Q_MAX`]).
fn round_positive(x: f32) -> u32 {
    let whole = x as u32;
    whole.saturating_add((x - whole as f32 >= 0.5) as u32)
}

impl TermData {
    /// Adds a document. `max_df`: once the word is in more documents than this, its
    /// postings carry no paragraph (see [`PAR_MAX_SHARE`]).
    fn add(&mut self, doc: u32, q: u32, anchor: u32, successors: &[u8], max_df: u32) {
        if self.df == max_df {
            self.drop_paragraphs();
        }
        let s = successors.len() as u32;
        // At most five numbers of at most four characters each.
        reserve(&mut self.postings, 20);
        reserve(&mut self.successors, successors.len());
        vlq::push(&mut self.postings, doc - self.next_doc);
        vlq::push(&mut self.postings, (q - 1) * S_PACKED + s.min(S_PACKED - 1));
        if s >= S_PACKED - 1 {
            vlq::push(&mut self.postings, s - (S_PACKED - 1));
        }
        if self.df < max_df {
            vlq::push(&mut self.postings, anchor);
        }
        self.successors.extend_from_slice(successors);
        self.next_doc = doc + 1;
        self.df += 1;
    }

    /// Rewrites the postings without the paragraph numbers.
    fn drop_paragraphs(&mut self) {
        let nums = vlq::decode(&self.postings);
        let mut out = Vec::with_capacity(self.postings.len());
        let mut i = 0;
        while i < nums.len() {
            vlq::push(&mut out, nums[i]);
            vlq::push(&mut out, nums[i + 1]);
            i += 2;
            if nums[i - 1] % S_PACKED == S_PACKED - 1 {
                vlq::push(&mut out, nums[i]);
                i += 1;
            }
            i += 1; // the paragraph
        }
        self.postings = out;
    }
}

/// Lists up to this many bytes double when they grow; longer ones grow by a quarter.
const DOUBLE_UP_TO: usize = 1024;

/// Makes room for `n` more bytes. Long lists grow by a quarter rather than doubling:
/// they are most of a large build's memory, and doubling leaves a third of it unused.
/// Short lists (nearly every word's) double, so they are not copied a dozen times while
/// they grow; what that leaves unused is small.
fn reserve(v: &mut Vec<u8>, n: usize) {
    if v.capacity() - v.len() < n {
        let step = if v.len() <= DOUBLE_UP_TO {
            v.len()
        } else {
            v.len() / 4
        };
        v.reserve_exact(n.max(step));
    }
}

/// Inverts `docs` (in the order given: the document numbers).
/// The documents' searchable text (`fields`) is dropped as they are inverted.
/// `None` (given up) as soon as `stop` says so: it is asked before each chunk of
/// documents, so a caller waits a few milliseconds at most.
pub fn invert_unless(docs: &mut [SearchDoc], stop: &(dyn Fn() -> bool + Sync)) -> Option<Inverted> {
    let avgdl = average_length(docs);
    let max_df = par_max_df(docs.len());
    let mut parts: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
    let timings = crate::render::timings_on();
    let (mut reading, mut adding) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for (c, chunk) in docs.chunks_mut(CHUNK).enumerate() {
        if stop() {
            return None;
        }
        let base = (c * CHUNK) as u32;
        let t = std::time::Instant::now();
        let terms: Vec<DocTerms> = chunk.par_iter().map(|d| doc_terms(d, avgdl)).collect();
        for d in chunk.iter_mut() {
            d.fields = Vec::new();
            d.text_of = None;
        }
        reading += t.elapsed();
        let t = std::time::Instant::now();
        parts.par_iter_mut().enumerate().for_each(|(p, part)| {
            for (k, dt) in terms.iter().enumerate() {
                let (from, to) = (dt.bounds[p] as usize, dt.bounds[p + 1] as usize);
                part.add_doc(base + k as u32, dt, &dt.entries[from..to], max_df);
            }
        });
        adding += t.elapsed();
    }
    if timings {
        eprintln!(
            "timing:   search: documents' words {:.2}s, added to the vocabulary {:.2}s ({})",
            reading.as_secs_f64(),
            adding.as_secs_f64(),
            crate::render::memory_figures()
        );
    }
    let mut terms: Vec<(String, TermData)> = parts
        .into_iter()
        .flat_map(|p| p.terms)
        .map(|t| (t.word.into_string(), t.data))
        .collect();
    // UTF-8's byte order is the order of code points, which is JavaScript's (UTF-16's)
    // but for characters beyond U+FFFF: only a vocabulary with one of those (a four-byte
    // character) needs the slower comparison.
    if terms.iter().any(|t| t.0.bytes().any(|b| b >= 0xF0)) {
        terms.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));
    } else {
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    Some(Inverted { terms })
}

#[cfg(test)]
mod tests {
    use super::super::{SearchDoc, Weight};
    use super::*;

    fn invert(docs: &mut [SearchDoc]) -> Inverted {
        invert_unless(docs, &|| false).expect("nothing stops it")
    }

    #[test]
    fn inverting_stops_when_asked_before_the_next_chunk_of_documents() {
        let mut docs: Vec<SearchDoc> = (0..CHUNK * 3)
            .map(|i| {
                SearchDoc::new("cable", "X", "x.html", "Subject").field(
                    Weight::Text,
                    1,
                    format!("word{i}"),
                )
            })
            .collect();
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 2;
        assert!(invert_unless(&mut docs, &stop).is_none());
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 3);
        // Untouched documents keep their words.
        assert!(!docs[CHUNK * 2].fields.is_empty());
        assert!(docs[0].fields.is_empty());
    }

    #[test]
    fn a_words_last_bytes_read_as_a_number_are_those_bytes_zero_padded() {
        // Every length from one to seven, with bytes that differ at every place, so an
        // overlap that put a byte in the wrong place (or lost one) would show.
        let bytes: Vec<u8> = (0..7u8)
            .map(|i| 0x11u8.wrapping_mul(i + 1) ^ 0x80)
            .collect();
        for n in 1..8 {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_le(&bytes[..n]), u64::from_le_bytes(b), "{n} bytes");
        }
        // A word's hash picks its partition, so it stays what it was: these are the
        // values of the copying version.
        assert_eq!(word_hash(b"embassy"), 0x4359_8880_9439_25dc);
        assert_eq!(word_hash(b"ambassadors"), 0x1b0c_400f_e065_caf7);
        assert_eq!(word_hash(b"un"), 0xa9e5_d9a8_eb54_afe0);
    }

    #[test]
    fn postings_are_gaps_weights_successors_and_paragraphs() {
        let mut docs = vec![
            SearchDoc::new("cable", "A", "a.html", "Rice prices").field(
                Weight::Text,
                1,
                "rice farmers sell rice",
            ),
            SearchDoc::new("cable", "B", "b.html", "Other").field(Weight::Text, 3, "no crop here"),
            SearchDoc::new("cable", "C", "c.html", "Other").field(
                Weight::Text,
                2,
                "farmers and rice",
            ),
        ];
        let inv = invert(&mut docs);
        let words: Vec<&str> = inv.terms.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            words,
            ["crop", "farmers", "here", "no", "other", "prices", "rice", "sell"]
        );
        let rice = &inv.terms[6].1;
        assert_eq!(rice.df, 2);
        let p = vlq::decode(&rice.postings);
        // Doc 0 (gap 0): "rice" is followed by "prices" and "farmers" (2: the count
        // follows, 0 more), paragraph 1. Doc 2 (gap 1): last word, no successor, paragraph 2.
        assert_eq!(p.len(), 7, "{p:?}");
        let (q0, s0) = (p[1] / S_PACKED + 1, p[1] % S_PACKED);
        let (q2, s2) = (p[5] / S_PACKED + 1, p[5] % S_PACKED);
        assert_eq!(
            (p[0], s0, p[2], p[3], p[4], s2, p[6]),
            (0, 2, 0, 1, 1, 0, 2)
        );
        // Title + twice in the text outweighs once in a text.
        assert!(q0 > q2, "{p:?}");
        let mut succ = vec![successor_hash("prices"), successor_hash("farmers")];
        succ.sort();
        succ.dedup();
        assert_eq!(rice.successors, succ);
        // "farmers" is followed by "sell" in A and by "rice" in C ("and" is a stopword).
        let farmers = &inv.terms[1].1;
        assert_eq!(
            farmers.successors,
            [successor_hash("sell"), successor_hash("rice")]
        );
    }

    #[test]
    fn the_vocabulary_is_in_javascript_order() {
        // Byte order would put the fullwidth words (U+FF41...) before the mathematical
        // letters (U+1D400...); JavaScript, comparing UTF-16 units, puts them after.
        let text = "\u{FF21}\u{FF22} zz \u{1D400}\u{1D401} ab";
        let mut docs =
            vec![SearchDoc::new("cable", "A", "a.html", "").field(Weight::Text, 1, text)];
        let words: Vec<String> = invert(&mut docs).terms.into_iter().map(|t| t.0).collect();
        assert_eq!(
            words,
            ["ab", "zz", "\u{1D400}\u{1D401}", "\u{FF41}\u{FF42}"]
        );
        let mut docs = vec![SearchDoc::new("cable", "A", "a.html", "").field(
            Weight::Text,
            1,
            "zz \u{FF21}\u{FF22} ab é1",
        )];
        let words: Vec<String> = invert(&mut docs).terms.into_iter().map(|t| t.0).collect();
        assert_eq!(words, ["ab", "e1", "zz", "\u{FF41}\u{FF42}"]);
    }

    #[test]
    fn words_are_the_same_exactly_when_equal() {
        let words: Vec<String> = (0..40)
            .flat_map(|n| {
                let base = "abcdefghijklmnopqrstuvwxyz0123456789éü"
                    .chars()
                    .take(n)
                    .collect::<String>();
                let mut last = base.clone();
                if let Some(c) = last.pop() {
                    last.push(if c == 'x' { 'y' } else { 'x' });
                }
                let mut first = base.clone();
                if !first.is_empty() {
                    first.replace_range(..1, "q");
                }
                [base, last, first]
            })
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(same_word(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn rounding_agrees_with_round() {
        let mut x = 0.0f32;
        while x < 64.0 {
            assert_eq!(round_positive(x), x.round() as u32, "{x}");
            for y in [x.next_down(), x.next_up()] {
                if y >= 0.0 {
                    assert_eq!(round_positive(y), y.round() as u32, "{y}");
                }
            }
            x += 0.25;
        }
        assert_eq!(round_positive(0.49999997), 0);
        assert_eq!(round_positive(1e9), 1_000_000_000);
    }

    #[test]
    fn common_words_lose_their_paragraphs() {
        let mut docs: Vec<SearchDoc> = (0..60)
            .map(|i| {
                SearchDoc::new("cable", format!("C{i}"), "c.html", "").field(
                    Weight::Text,
                    4,
                    if i % 2 == 0 { "common word" } else { "common" },
                )
            })
            .collect();
        let inv = invert(&mut docs);
        let get = |w: &str| {
            inv.terms
                .iter()
                .find(|t| t.0 == w)
                .map(|t| vlq::decode(&t.1.postings))
                .unwrap()
        };
        // 60 documents > the floor of 50: gap, packed weight only.
        assert_eq!(get("common").len(), 120);
        // 30 documents: the paragraph stays.
        assert_eq!(get("word").len(), 90);
        assert_eq!(get("word")[2], 4);
    }
}
