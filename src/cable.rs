//! The cable: one telegram with its metadata and the structure found in its text.
//!
//! The text is stored once; paragraphs, the head and reference items are byte ranges into
//! it, so a 250,000-cable archive holds each cable's text a single time.

use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

/// A date and time as the sources give it (minute precision, no time zone: the cables' DTGs are Zulu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CableDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

impl CableDate {
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8) -> Option<CableDate> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100))
                || year.is_multiple_of(400) =>
            {
                29
            }
            2 => 28,
            _ => return None,
        };
        if !(1900..=2100).contains(&year)
            || day == 0
            || day > days_in_month
            || hour > 23
            || minute > 59
        {
            return None;
        }
        Some(CableDate {
            year,
            month,
            day,
            hour,
            minute,
        })
    }

    /// `YYYY-MM-DD HH:MM`
    pub fn display(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// `YYYY-MM-DD`
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 3339, for feeds and citations.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:00Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS][Z]` and the
    /// Cablegate CSV form `M/D/YYYY H:MM`.
    pub fn parse(s: &str) -> Option<CableDate> {
        let s = s.trim();
        if let Some((date, time)) = split_date_time(s) {
            let (y, m, d) = if date.contains('/') {
                let mut it = date.split('/');
                let m = it.next()?.parse().ok()?;
                let d = it.next()?.parse().ok()?;
                let y = it.next()?.parse().ok()?;
                if it.next().is_some() {
                    return None;
                }
                (y, m, d)
            } else {
                let mut it = date.split('-');
                let y = it.next()?.parse().ok()?;
                let m = it.next()?.parse().ok()?;
                let d = it.next()?.parse().ok()?;
                if it.next().is_some() {
                    return None;
                }
                (y, m, d)
            };
            let (hh, mm) = match time {
                None => (0, 0),
                Some(t) => {
                    let t = t.trim_end_matches('Z');
                    let mut it = t.split(':');
                    let hh = it.next()?.parse().ok()?;
                    let mm = it.next()?.parse().ok()?;
                    if let Some(ss) = it.next() {
                        ss.split('.').next()?.parse::<u8>().ok()?;
                    }
                    (hh, mm)
                }
            };
            return CableDate::new(y, m, d, hh, mm);
        }
        None
    }
}

fn split_date_time(s: &str) -> Option<(&str, Option<&str>)> {
    if s.is_empty() {
        return None;
    }
    match s.find([' ', 'T']) {
        Some(i) => Some((&s[..i], Some(s[i + 1..].trim()))),
        None => Some((s, None)),
    }
}

/// One item of a `REF:` line (`A. STATE 329077`), with the cable id it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefItem {
    /// The letter of a lettered item (`A`), if any.
    pub letter: Option<char>,
    /// Where the item's text is, in the cable text.
    pub range: Range<usize>,
    /// The id this item resolves to, when it names a telegram (`03STATE329077`).
    pub id: Option<String>,
    /// The id was built from the REF line and the cable's year (not given by metadata),
    /// so the archive may correct the year when only the previous year's cable exists.
    pub guessed: bool,
}

/// A numbered paragraph (`1. (C) Summary. ...`) or an unnumbered block of body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub number: Option<u32>,
    /// The classification marking of the paragraph: `C`, `SBU`, `S/NF`, ...
    pub marking: Option<String>,
    /// The paragraph's text in the cable text, including its number.
    pub range: Range<usize>,
    /// Line of the paragraph's first line in the source file (1-based).
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Cable {
    pub id: String,
    pub date: Option<CableDate>,
    /// The post it came from, as a display name (`Embassy Phnom Penh`).
    pub origin: String,
    /// `CONFIDENTIAL`, `SECRET//NOFORN`, ...
    pub classification: String,
    /// Handling caveats found in the text: SIPDIS, NOFORN, EXDIS, ...
    pub caveats: Vec<String>,
    pub tags: Vec<String>,
    pub subject: String,
    /// Ids of the cables it references, as given by the metadata (front matter or CSV); the
    /// archive puts them in its own spelling (`references::resolve`).
    pub references: Vec<String>,
    pub ref_items: Vec<RefItem>,
    pub released: Option<String>,
    /// The whole telegram text (front matter removed, line ends normalised).
    pub text: String,
    /// The routing header block (VZCZC, DE, DTG, FM, TO, INFO).
    pub routing: Range<usize>,
    /// From the end of the routing block to the first paragraph: classification line,
    /// E.O., TAGS, SUBJECT, REF, Classified By.
    pub head: Range<usize>,
    /// The TAGS line(s), inside `head`, for linking the codes.
    pub tags_range: Option<Range<usize>>,
    pub paragraphs: Vec<Paragraph>,
    /// Where it was read from, and the line of the text's first line.
    pub source: PathBuf,
    pub text_line: usize,
}

impl Cable {
    pub fn slice(&self, r: &Range<usize>) -> &str {
        self.text.get(r.clone()).unwrap_or("")
    }

    pub fn year(&self) -> Option<u16> {
        self.date.map(|d| d.year)
    }

    /// The page's path in the site: `cable/YYYY/MM/<ID>.html` (the 2010 release's layout).
    pub fn page_path(&self) -> String {
        match self.date {
            Some(d) => format!("cable/{:04}/{:02}/{}.html", d.year, d.month, self.id),
            None => format!("cable/undated/{}.html", self.id),
        }
    }
}

/// The longest id a cable may have: it is a file name, with `.html` and the like after it.
pub const MAX_ID_BYTES: usize = 120;

/// Is this string safe to use as a file name in the output? Ids come from content (file
/// stems, front matter, CSV rows) and end up in paths, so this is checked before any
/// cable is accepted.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_BYTES && has_id_characters(id)
}

/// Letters, digits, `-` and `_` only.
pub fn has_id_characters(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_date_forms_of_the_sources() {
        let d = CableDate::parse("3/28/1992 6:52").unwrap();
        assert_eq!(d.display(), "1992-03-28 06:52");
        assert_eq!(
            CableDate::parse("2003-12-02 02:22").unwrap().display(),
            "2003-12-02 02:22"
        );
        assert_eq!(
            CableDate::parse("2003-12-02").unwrap().display(),
            "2003-12-02 00:00"
        );
        assert_eq!(
            CableDate::parse("2003-12-02T10:22:00Z").unwrap().display(),
            "2003-12-02 10:22"
        );
        assert!(CableDate::parse("13/45/2009 25:61").is_none());
        assert!(CableDate::parse("2009-02-30").is_none());
        assert!(CableDate::parse("").is_none());
        assert!(CableDate::parse("yesterday").is_none());
    }

    #[test]
    fn ids_that_could_leave_the_output_folder_are_refused() {
        assert!(is_safe_id("03PHNOMPENH1990"));
        assert!(is_safe_id("90STATE255195TOSEC140301"));
        assert!(!is_safe_id("../../etc/x"));
        assert!(!is_safe_id("/abs"));
        assert!(!is_safe_id("a\0b"));
        assert!(!is_safe_id(""));
        assert!(!is_safe_id("a b"));
    }
}
