//! Makes a benchmark site of N cables out of the real corpus (`../shared/corpus`):
//!
//! ```text
//! cargo run --release --example expand-corpus -- --from ../shared/corpus --cables 251287 --out /tmp/cg
//!     [--seed 1] [--csv] [--hugo /tmp/cg-hugo] [--annotations K] [--people P]
//! ```
//!
//! The first 5,294 cables are the real ones as they are (ids, dates, posts, references);
//! every further cable reuses a real cable's text, post, classification and TAGS under a
//! new id (`<yy><POST><n>`, numbered in date order per post and year) and a new date drawn
//! from Cablegate's spread over 1966–2010 (most of it 2004–2009). Generated cables cite
//! as many cables as their source does: about half earlier generated cables, the rest ids
//! that are not in the archive, as in the real release. The same seed gives the same
//! site, byte for byte.
//!
//! Output: `OUT/content/cables/<YYYY>/<ID>.txt` with front matter (the layout of
//! `cablepress import cablegate-csv`), or with `--csv` one Cablegate-format dump
//! `OUT/content/cables/cables.csv` (8 columns, no header, backslash escapes). With
//! `--hugo DIR` it also writes the same cables as a Hugo site (one Markdown page per
//! cable; countries, tags and the people it mentions as taxonomies) for `bench/run.sh`'s
//! comparison.
//!
//! An archive is more than its cables, so the site also gets a registry of people and
//! editorial notes, both clearly marked as generated:
//!
//! - `OUT/content/people/<id>.yaml`: P people (default: one per 1,000 cables, at least
//!   20), the names that most often sign the real cables (the telegram's last line, e.g.
//!   `HULL`), so they are found in the text as a registry's names are: every cable whose
//!   text has the name links to the person's page, which lists the mentions.
//! - `OUT/content/annotations/note-NNNNNN.md`: K notes (default: one per 500 cables, at
//!   least one), each on a numbered paragraph of a cable chosen at random, with a link to
//!   a paragraph of another cable and, when the cable's signer is in the registry, them as
//!   the note's person. `bench/run.sh` edits the first one to time a rebuild.

use cablepress::archive::codes;
use cablepress::archive::mentions::{MatchOptions, PhraseSet};
use cablepress::cable::{is_safe_id, CableDate};
use cablepress::diagnostics::Diagnostics;
use cablepress::source::cable_file::{self, CableMeta};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Cablegate's cables per year, roughly (the release is thin before 2000 and has its
/// bulk in 2004–2009); used as weights.
const YEAR_WEIGHTS: &[(u16, u32)] = &[
    (1966, 20),
    (1967, 20),
    (1968, 20),
    (1969, 20),
    (1970, 20),
    (1971, 20),
    (1972, 20),
    (1973, 20),
    (1974, 20),
    (1975, 20),
    (1976, 20),
    (1977, 20),
    (1978, 20),
    (1979, 20),
    (1980, 20),
    (1981, 20),
    (1982, 20),
    (1983, 20),
    (1984, 20),
    (1985, 30),
    (1986, 30),
    (1987, 30),
    (1988, 30),
    (1989, 60),
    (1990, 150),
    (1991, 150),
    (1992, 150),
    (1993, 150),
    (1994, 150),
    (1995, 150),
    (1996, 150),
    (1997, 150),
    (1998, 150),
    (1999, 150),
    (2000, 900),
    (2001, 1500),
    (2002, 3000),
    (2003, 6000),
    (2004, 17000),
    (2005, 27000),
    (2006, 50000),
    (2007, 52000),
    (2008, 42000),
    (2009, 39000),
    (2010, 6000),
];

/// A small deterministic generator (SplitMix64): the same seed gives the same corpus on
/// every machine, with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One real cable: its metadata row and its text.
struct Source {
    id: String,
    date: String,
    origin: String,
    classification: String,
    references: Vec<String>,
    text: String,
    /// What the Hugo page needs: subject, TAGS codes, country names.
    subject: String,
    tags: Vec<String>,
    countries: Vec<String>,
    /// Its numbered paragraphs (what a note can be anchored to).
    pars: Vec<u32>,
    /// The name on its last line, when that line is one (see [`signer_of`]).
    signer: Option<String>,
    /// The people of the registry its text mentions (indexes into the registry).
    people: Vec<usize>,
}

/// One person of the generated registry.
struct Person {
    id: String,
    name: String,
    /// How many real cables it signs, and the post that most of them come from.
    signed: usize,
    post: String,
}

/// One cable of the generated site.
struct Generated {
    /// Index into the sources.
    source: usize,
    id: String,
    date: CableDate,
    references: Vec<String>,
}

struct Args {
    from: PathBuf,
    cables: usize,
    out: PathBuf,
    seed: u64,
    csv: bool,
    hugo: Option<PathBuf>,
    annotations: Option<usize>,
    people: Option<usize>,
}

fn usage() -> ! {
    eprintln!("usage: expand-corpus --from ../shared/corpus --cables N --out DIR [--seed S] [--csv] [--hugo DIR] [--annotations K] [--people P]");
    std::process::exit(2);
}

fn parse_args() -> Args {
    let mut args = Args {
        from: PathBuf::from("../shared/corpus"),
        cables: 0,
        out: PathBuf::new(),
        seed: 1,
        csv: false,
        hugo: None,
        annotations: None,
        people: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--from" => args.from = value().into(),
            "--cables" => {
                args.cables = value()
                    .replace([',', '_'], "")
                    .parse()
                    .unwrap_or_else(|_| usage())
            }
            "--out" => args.out = value().into(),
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| usage()),
            "--csv" => args.csv = true,
            "--hugo" => args.hugo = Some(value().into()),
            "--annotations" => args.annotations = Some(value().parse().unwrap_or_else(|_| usage())),
            "--people" => args.people = Some(value().parse().unwrap_or_else(|_| usage())),
            _ => usage(),
        }
    }
    if args.cables == 0 || args.out.as_os_str().is_empty() {
        usage();
    }
    args
}

/// `create_dir_all`, with the folder named in the error.
fn mkdir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create the folder {}: {e}", dir.display()))
}

/// `fs::write`, with the file named in the error.
fn write(path: &Path, bytes: impl AsRef<[u8]>) -> anyhow::Result<()> {
    std::fs::write(path, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

fn main() -> anyhow::Result<()> {
    let args = parse_args();
    let t = Instant::now();
    let mut sources = read_sources(&args.from)?;
    eprintln!(
        "read {} real cables in {:.1}s",
        sources.len(),
        t.elapsed().as_secs_f64()
    );
    let people = registry(
        &mut sources,
        args.people.unwrap_or((args.cables / 1000).max(20)),
    );
    let t = Instant::now();
    let cables = generate(&sources, args.cables, args.seed);
    eprintln!(
        "planned {} cables in {:.1}s",
        cables.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let dir = args.out.join("content").join("cables");
    mkdir(&dir)?;
    let bytes = if args.csv {
        write_csv(&dir, &sources, &cables)?
    } else {
        write_txt(&dir, &sources, &cables)?
    };
    eprintln!(
        "wrote {} cables ({:.0} MB) to {} in {:.1}s",
        cables.len(),
        bytes as f64 / 1e6,
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    let content = args.out.join("content");
    write_people(&content.join("people"), &people)?;
    let notes = write_annotations(
        &content.join("annotations"),
        &sources,
        &cables,
        &people,
        args.annotations.unwrap_or((args.cables / 500).max(1)),
        args.seed,
    )?;
    eprintln!(
        "wrote {} people and {} annotations to {}",
        people.len(),
        notes,
        content.display()
    );
    if let Some(hugo) = &args.hugo {
        let t = Instant::now();
        let bytes = write_hugo(hugo, &sources, &cables, &people)?;
        eprintln!(
            "wrote the Hugo site ({:.0} MB) to {} in {:.1}s",
            bytes as f64 / 1e6,
            hugo.display(),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Reads `metadata.csv` and `cables/<id>.txt`, and parses each text once for what the
/// Hugo pages need.
fn read_sources(from: &Path) -> anyhow::Result<Vec<Source>> {
    let meta_path = from.join("metadata.csv");
    let mut reader = csv::Reader::from_path(&meta_path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", meta_path.display()))?;
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec?;
        let get = |i: usize| rec.get(i).unwrap_or("").to_string();
        rows.push((get(0), get(1), get(2), get(3), get(4)));
    }
    rows.sort();
    let diags = Diagnostics::default();
    let sources: Vec<Source> = rows
        .into_par_iter()
        .filter_map(|(id, date, origin, classification, refs)| {
            let path = from.join("cables").join(format!("{id}.txt"));
            let text = std::fs::read_to_string(&path).ok()?;
            let references: Vec<String> = refs
                .split('|')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from)
                .collect();
            let meta = CableMeta {
                id: Some(id.clone()),
                date: Some(date.clone()),
                origin: Some(origin.clone()),
                classification: Some(classification.clone()),
                references: Some(references.clone()),
                ..CableMeta::default()
            };
            let cable = cable_file::assemble(meta, text.clone(), &path, 1, None, &diags)?;
            let mut countries: Vec<String> = Vec::new();
            let codes_of = codes::country_for_post(&cable.origin)
                .into_iter()
                .map(str::to_string);
            for code in codes_of.chain(
                cable
                    .tags
                    .iter()
                    .filter_map(|t| codes::country_by_code(t))
                    .map(|c| c.code.to_string()),
            ) {
                if let Some(c) = codes::country_by_code(&code) {
                    if !countries.iter().any(|x| x == c.name) {
                        countries.push(c.name.to_string());
                    }
                }
            }
            let pars = cable.paragraphs.iter().filter_map(|p| p.number).collect();
            let signer = signer_of(&text);
            Some(Source {
                id,
                date,
                origin,
                classification,
                references,
                text,
                subject: cable.subject,
                tags: cable.tags,
                countries,
                pars,
                signer,
                people: Vec::new(),
            })
        })
        .collect();
    if sources.is_empty() {
        anyhow::bail!("no cables in {}", from.display());
    }
    Ok(sources)
}

/// Last lines that are not a name.
const NOT_NAMES: &[&str] = &[
    "BT",
    "END",
    "NNNN",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
    "NOFORN",
    "SIPDIS",
    "LIMITED",
    "OFFICIAL",
    "USE",
    "ONLY",
    "SENSITIVE",
    "STATE",
    "EXDIS",
    "NODIS",
    "TEXT",
    "MESSAGE",
    "CABLE",
    "REF",
    "REFS",
    "NOTE",
    "COMMENT",
    "TAGS",
    "SUBJECT",
    "SUMMARY",
];

/// The name a telegram is signed with: its last non-blank line when that is one word of
/// letters (and `-` or `'`), three to twenty characters long (`HULL`, `McMullen`,
/// `HINSON-JONES`), upper-cased.
fn signer_of(text: &str) -> Option<String> {
    let last = text.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    let ok = (3..=20).contains(&last.len())
        && last.starts_with(|c: char| c.is_ascii_alphabetic())
        && last
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
        && last.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3;
    let upper = last.to_ascii_uppercase();
    (ok && !NOT_NAMES.contains(&upper.as_str())).then_some(upper)
}

/// `HINSON-JONES` → `Hinson-Jones`
fn name_case(upper: &str) -> String {
    let mut out = String::with_capacity(upper.len());
    let mut start = true;
    for c in upper.chars() {
        out.push(if start { c } else { c.to_ascii_lowercase() });
        start = !c.is_ascii_alphabetic();
    }
    out
}

/// The registry: the `n` names that sign the most real cables (fewer when the corpus has
/// fewer), each with the post most of its cables come from. Also records in each source
/// which of them its text mentions, as cablepress will find them (for the Hugo pages).
fn registry(sources: &mut [Source], n: usize) -> Vec<Person> {
    let mut by_name: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for s in sources.iter() {
        if let Some(name) = &s.signer {
            *by_name
                .entry(name)
                .or_default()
                .entry(s.origin.as_str())
                .or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, &str, &str)> = by_name
        .iter()
        .map(|(name, posts)| {
            let (post, _) = posts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .unwrap_or((&"", &0));
            (posts.values().sum(), *name, *post)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut ids: HashSet<String> = HashSet::new();
    let people: Vec<Person> = ranked
        .into_iter()
        .take(n)
        .filter_map(|(signed, upper, post)| {
            let name = name_case(upper);
            let id = codes::slug(&name);
            (!id.is_empty() && ids.insert(id.clone())).then(|| Person {
                id,
                name,
                signed,
                post: post.to_string(),
            })
        })
        .collect();
    let names: Vec<String> = people.iter().map(|p| p.name.clone()).collect();
    let set = PhraseSet::new(&names, MatchOptions::NAMES);
    sources.par_iter_mut().for_each(|s| {
        let mut found: Vec<usize> = set.find(&s.text).into_iter().map(|f| f.phrase).collect();
        found.sort_unstable();
        found.dedup();
        s.people = found;
    });
    people
}

fn write_people(dir: &Path, people: &[Person]) -> anyhow::Result<()> {
    mkdir(dir)?;
    for p in people {
        let country = codes::country_for_post(&p.post)
            .map(|c| format!("countries: [{c}]\n"))
            .unwrap_or_default();
        let text = format!(
            "# Generated for the benchmark by examples/expand-corpus.rs: not a real entry.\n\
             name: {}\n\
             roles:\n  - {{title: {}, from: null, to: null}}\n\
             {country}\
             description: |\n  \
             **Generated for the benchmark.** The name on the last line of {} of the real\n  \
             corpus's cables, most of them from {}. Every cable whose text has the name is\n  \
             listed here, as a registry's people are.\n",
            json(&p.name),
            json(&format!("Signs cables from {}", p.post)),
            p.signed,
            p.post,
        );
        let path = dir.join(format!("{}.yaml", p.id));
        write(&path, text)?;
    }
    Ok(())
}

/// Writes `n` notes on random numbered paragraphs (none twice); returns how many.
fn write_annotations(
    dir: &Path,
    sources: &[Source],
    cables: &[Generated],
    people: &[Person],
    n: usize,
    seed: u64,
) -> anyhow::Result<usize> {
    mkdir(dir)?;
    let with_pars: Vec<&Generated> = cables
        .iter()
        .filter(|c| !sources[c.source].pars.is_empty())
        .collect();
    if with_pars.is_empty() {
        return Ok(0);
    }
    let mut rng = Rng(seed ^ 0x6e6f_7465);
    let pick = |rng: &mut Rng| {
        let c = with_pars[rng.below(with_pars.len() as u64) as usize];
        let pars = &sources[c.source].pars;
        (c, pars[rng.below(pars.len() as u64) as usize])
    };
    let mut used: HashSet<(&str, u32)> = HashSet::new();
    let mut written = 0;
    let mut tries = 0;
    while written < n && tries < n * 4 {
        tries += 1;
        let (c, par) = pick(&mut rng);
        if !used.insert((c.id.as_str(), par)) {
            continue;
        }
        let (other, other_par) = pick(&mut rng);
        let src = &sources[c.source];
        let who: Vec<&str> = src
            .signer
            .as_deref()
            .and_then(|s| people.iter().find(|p| p.name.eq_ignore_ascii_case(s)))
            .map(|p| p.id.as_str())
            .into_iter()
            .collect();
        written += 1;
        let text = format!(
            "---\ncable: {}\nparagraph: {par}\ntitle: {}\nauthor: Benchmark desk\ndate: 2026-{:02}-{:02}\npeople: [{}]\n---\n\
             **Generated for the benchmark** (note {written} of {n}). A reader's note on paragraph\n\
             {par} of {}, with a link to what another cable says: [[{}#par{other_par}]].\n\n\
             - the post: {}\n- the classification: {}\n",
            c.id,
            json(&format!("Benchmark note {written} on {}", c.id)),
            1 + written % 12,
            1 + written % 28,
            who.join(", "),
            c.id,
            other.id,
            src.origin,
            src.classification,
        );
        let path = dir.join(format!("note-{written:06}.md"));
        write(&path, text)?;
    }
    Ok(written)
}

/// `03PHNOMPENH1969` → `PHNOMPENH`
fn post_of(id: &str) -> String {
    let s = id
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let s: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if s.is_empty() {
        "STATE".into()
    } else {
        s
    }
}

fn random_date(rng: &mut Rng) -> CableDate {
    let total: u64 = YEAR_WEIGHTS.iter().map(|w| w.1 as u64).sum();
    let mut pick = rng.below(total);
    let mut year = 2010;
    for &(y, w) in YEAR_WEIGHTS {
        if pick < w as u64 {
            year = y;
            break;
        }
        pick -= w as u64;
    }
    // The release ends in February 2010.
    let month = if year == 2010 {
        1 + rng.below(2)
    } else {
        1 + rng.below(12)
    } as u8;
    let day = 1 + rng.below(28) as u8;
    let hour = rng.below(24) as u8;
    let minute = rng.below(60) as u8;
    CableDate::new(year, month, day, hour, minute).unwrap_or(CableDate {
        year,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
    })
}

/// Plans the site: the real cables first, then generated ones, in date order.
fn generate(sources: &[Source], n: usize, seed: u64) -> Vec<Generated> {
    let mut rng = Rng(seed);
    let mut out: Vec<Generated> = Vec::with_capacity(n);
    let mut used: HashSet<String> = HashSet::with_capacity(n);
    // The real corpus (a seeded subset when N is smaller).
    let mut real: Vec<usize> = (0..sources.len()).collect();
    if n < sources.len() {
        for i in (1..real.len()).rev() {
            real.swap(i, rng.below(i as u64 + 1) as usize);
        }
        real.truncate(n);
        real.sort();
    }
    for &s in &real {
        let src = &sources[s];
        let date = CableDate::parse(&src.date).unwrap_or_else(|| random_date(&mut rng));
        used.insert(src.id.clone());
        out.push(Generated {
            source: s,
            id: src.id.clone(),
            date,
            references: src.references.clone(),
        });
    }
    // New cables: each source in turn (so every text is used about equally), new dates.
    let mut planned: Vec<(CableDate, usize)> = (0..n.saturating_sub(out.len()))
        .map(|k| (random_date(&mut rng), k % sources.len()))
        .collect();
    planned.sort();
    let mut counters: HashMap<(u16, String), u64> = HashMap::new();
    let first_new = out.len();
    for (date, s) in planned {
        let post = post_of(&sources[s].id);
        let counter = counters.entry((date.year % 100, post.clone())).or_insert(0);
        let id = loop {
            *counter += 1;
            let id = format!("{:02}{post}{}", date.year % 100, counter);
            if !used.contains(&id) && is_safe_id(&id) {
                break id;
            }
        };
        used.insert(id.clone());
        out.push(Generated {
            source: s,
            id,
            date,
            references: Vec::new(),
        });
    }
    // References of the new cables: earlier new cables (within the last 20,000), or ids
    // that the archive does not hold.
    for i in first_new..out.len() {
        let wanted = sources[out[i].source].references.len().min(12);
        let mut refs: Vec<String> = Vec::with_capacity(wanted);
        for k in 0..wanted {
            let earlier = i - first_new;
            if earlier > 0 && rng.chance(55) {
                let back = 1 + rng.below(earlier.min(20_000) as u64) as usize;
                let id = out[i - back].id.clone();
                if !refs.contains(&id) {
                    refs.push(id);
                }
            } else {
                let yy = out[i].date.year % 100;
                refs.push(format!("{yy:02}STATE{}", 10_000_000 + i * 16 + k));
            }
        }
        out[i].references = refs;
    }
    out
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The `.txt` file of a cable: front matter, then the real text unchanged.
fn txt_file(src: &Source, c: &Generated) -> String {
    let mut s = String::with_capacity(src.text.len() + 300);
    s.push_str("---\nid: ");
    s.push_str(&c.id);
    s.push_str("\ndate: ");
    s.push_str(&c.date.display());
    s.push_str("\norigin: ");
    s.push_str(&json(&src.origin));
    s.push_str("\nclassification: ");
    s.push_str(&json(&src.classification));
    s.push_str("\nreferences: [");
    s.push_str(
        &c.references
            .iter()
            .map(|r| json(r))
            .collect::<Vec<_>>()
            .join(", "),
    );
    s.push_str("]\n---\n");
    s.push_str(&src.text);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn year_dir(dir: &Path, c: &Generated) -> PathBuf {
    dir.join(format!("{:04}", c.date.year))
}

fn write_txt(dir: &Path, sources: &[Source], cables: &[Generated]) -> anyhow::Result<usize> {
    let years: HashSet<PathBuf> = cables.iter().map(|c| year_dir(dir, c)).collect();
    for y in &years {
        mkdir(y)?;
    }
    cables
        .par_iter()
        .map(|c| {
            let file = txt_file(&sources[c.source], c);
            let path = year_dir(dir, c).join(format!("{}.txt", c.id));
            write(&path, &file)?;
            Ok(file.len())
        })
        .sum()
}

/// A field of a Cablegate dump: quoted, with MySQL-style backslash escapes.
fn csv_field(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for b in s.bytes() {
        if matches!(b, b'"' | b'\\' | b'\'') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// The whole site as one `cables.csv` in date order, as the 2011 dump was.
fn write_csv(dir: &Path, sources: &[Source], cables: &[Generated]) -> anyhow::Result<usize> {
    let mut order: Vec<usize> = (0..cables.len()).collect();
    order.sort_by(|&a, &b| (cables[a].date, &cables[a].id).cmp(&(cables[b].date, &cables[b].id)));
    let path = dir.join("cables.csv");
    let file = std::fs::File::create(&path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut total = 0;
    // Rows are formatted in parallel chunks and written in order.
    for (chunk_no, chunk) in order.chunks(4096).enumerate() {
        let rows: Vec<Vec<u8>> = chunk
            .par_iter()
            .enumerate()
            .map(|(k, &i)| {
                let c = &cables[i];
                let src = &sources[c.source];
                let (header, content) = match src.text.find("\n\n") {
                    Some(p) => (&src.text[..p], &src.text[p + 2..]),
                    None => (src.text.as_str(), ""),
                };
                let d = c.date;
                let mut row = Vec::with_capacity(src.text.len() + 300);
                row.extend_from_slice(format!("\"{}\",", chunk_no * 4096 + k + 1).as_bytes());
                row.extend_from_slice(
                    format!(
                        "\"{}/{}/{} {}:{:02}\",",
                        d.month, d.day, d.year, d.hour, d.minute
                    )
                    .as_bytes(),
                );
                for f in [
                    c.id.as_str(),
                    &src.origin,
                    &src.classification,
                    &c.references.join("|"),
                    header,
                ] {
                    csv_field(&mut row, f);
                    row.push(b',');
                }
                csv_field(&mut row, content);
                row.push(b'\n');
                row
            })
            .collect();
        for r in rows {
            total += r.len();
            w.write_all(&r)?;
        }
    }
    w.flush()?;
    Ok(total)
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Cable archive"
relativeURLs = true
# The benchmark sites set no base URL, so cablepress writes no sitemap; and one feed, not
# one per list as Hugo would. Keep the comparison like for like.
disableKinds = ["rss", "sitemap", "robotsTXT", "404"]
[taxonomies]
  country = "countries"
  tag = "tags"
  person = "people"
[pagination]
  pagerSize = 100
"#;

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
"#,
    ),
    (
        "single.html",
        r#"{{ define "main" }}<article><h1>{{ .Params.cable_id }}: {{ .Title }}</h1>
<table><tr><th>Created</th><td>{{ .Date.Format "2006-01-02 15:04" }}</td></tr>
<tr><th>Classification</th><td>{{ .Params.classification }}</td></tr><tr><th>Origin</th><td>{{ .Params.origin }}</td></tr>
<tr><th>Countries</th><td>{{ range .GetTerms "countries" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</td></tr>
<tr><th>Tags</th><td>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</td></tr>
<tr><th>People</th><td>{{ range .GetTerms "people" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</td></tr></table>
{{ .Content }}</article>{{ end }}
"#,
    ),
    (
        "list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><table>
{{ range .Paginator.Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Params.cable_id }}</a></td><td>{{ .Title }}</td><td>{{ .Date.Format "2006-01-02 15:04" }}</td><td>{{ .Params.classification }}</td><td>{{ .Params.origin }}</td></tr>
{{ end }}</table>
{{ with .Paginator.Prev }}<a href="{{ .URL }}">Previous</a>{{ end }} {{ with .Paginator.Next }}<a href="{{ .URL }}">Next</a>{{ end }}{{ end }}
"#,
    ),
    (
        "terms.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 10 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Params.cable_id }}</a> {{ .Title }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
];

/// The same cables as a Hugo site: `content/cables/<YYYY>/<id>.md`, the telegram text as
/// the Markdown body, countries and TAGS as taxonomies.
fn write_hugo(
    root: &Path,
    sources: &[Source],
    cables: &[Generated],
    people: &[Person],
) -> anyhow::Result<usize> {
    let layouts = root.join("layouts").join("_default");
    mkdir(&layouts)?;
    write(&root.join("hugo.toml"), HUGO_CONFIG)?;
    for (name, text) in HUGO_LAYOUTS {
        write(&layouts.join(name), text)?;
    }
    let dir = root.join("content").join("cables");
    let years: HashSet<PathBuf> = cables.iter().map(|c| year_dir(&dir, c)).collect();
    for y in &years {
        mkdir(y)?;
    }
    cables
        .par_iter()
        .map(|c| {
            let src = &sources[c.source];
            let list = |v: &[String]| v.iter().map(|x| json(x)).collect::<Vec<_>>().join(", ");
            let title = if src.subject.is_empty() { c.id.clone() } else { src.subject.clone() };
            let mut s = String::with_capacity(src.text.len() + 400);
            s.push_str(&format!(
                "---\ntitle: {}\ncable_id: {}\ndate: {}\norigin: {}\nclassification: {}\ncountries: [{}]\ntags: [{}]\npeople: [{}]\n---\n",
                json(&title),
                json(&c.id),
                c.date.rfc3339(),
                json(&src.origin),
                json(&src.classification),
                list(&src.countries),
                list(&src.tags),
                list(&src.people.iter().map(|&p| people[p].name.clone()).collect::<Vec<_>>()),
            ));
            s.push_str(&src.text);
            let path = year_dir(&dir, c).join(format!("{}.md", c.id));
            write(&path, &s)?;
            Ok(s.len())
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signer_is_a_last_line_of_one_name() {
        assert_eq!(signer_of("1. TEXT.\n\nHULL\n\n").as_deref(), Some("HULL"));
        assert_eq!(signer_of("TEXT\nMcMullen \n").as_deref(), Some("MCMULLEN"));
        assert_eq!(
            signer_of("TEXT\nHINSON-JONES").as_deref(),
            Some("HINSON-JONES")
        );
        for not in [
            "TEXT\nNNNN\n",
            "TEXT\nBT",
            "X\nHULL SENDS",
            "X\nAB",
            "X\n12345",
            "",
        ] {
            assert_eq!(signer_of(not), None, "{not:?}");
        }
    }

    #[test]
    fn names_are_written_in_name_case() {
        assert_eq!(name_case("HULL"), "Hull");
        assert_eq!(name_case("HINSON-JONES"), "Hinson-Jones");
        assert_eq!(name_case("O'BRIEN"), "O'Brien");
    }
}
