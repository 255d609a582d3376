//! Places and institutions named after a person: `Ho Chi Minh City`, `Ho Chi Minh Trail`,
//! `Indira Gandhi International Airport`, `Kennedy Center`. A name followed by one of the
//! words below names the place, not the person, and is not a mention.
//!
//! Telegrams are often written all in capitals, where a proper noun cannot be told from
//! a common one by its case. The words kept for every case are those that after a name
//! make a place whatever the case (`HO CHI MINH CITY`). Some others, written in capitals,
//! are as often said of the person (`ASSK HOSPITAL UPDATE`, `BUSH ROAD MAP`, `PARK` a
//! Korean family name next to another): they count only written as a proper noun
//! (`Hospital`). Words that say something of the person (`Administration`, `Government`,
//! `Doctrine`, `Plan`, `Camp`) are not here: `Nixon Doctrine` is Nixon's.

/// Words (or two-word runs) that make a place or an institution of the name before them,
/// in any case.
const ANY_CASE: &[&str] = &[
    "Academy",
    "Airport",
    "Avenue",
    "Blvd",
    "Boulevard",
    "Bridge",
    "Canal",
    "Cathedral",
    "Centre",
    "City",
    "College",
    "Dam",
    "District",
    "Foundation",
    "Highway",
    "Institute",
    "International Airport",
    "Library",
    "Mausoleum",
    "Memorial",
    "Mosque",
    "Museum",
    "Prize",
    "Province",
    "Square",
    "Stadium",
    "Street",
    "Trail",
    "University",
];

/// Words that do so only written capitalised with lower case after (`Hospital`, not
/// `HOSPITAL`).
const PROPER_NOUN_ONLY: &[&str] = &[
    "Award",
    "Bay",
    "Center",
    "Hall",
    "High School",
    "Hospital",
    "Park",
    "Port",
    "Primary School",
    "Road",
    "School",
];

/// Whether the name that ends at `end` of `text` begins the name of a place or an
/// institution: the next words (on the same line or the next, not after a blank line)
/// are one of the words above, each a whole word.
pub fn names_a_place(text: &str, end: usize) -> bool {
    let Some(first) = next_word(text, end) else {
        return false;
    };
    // Cheap refusal for most names: the next word is not capitalised.
    if !first.1.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let matches = |entry: &str, proper_only: bool| {
        let mut at = end;
        for want in entry.split(' ') {
            let Some((word_end, word)) = next_word(text, at) else {
                return false;
            };
            if !word.eq_ignore_ascii_case(want) {
                return false;
            }
            if proper_only && !is_proper_noun(word) {
                return false;
            }
            at = word_end;
        }
        true
    };
    ANY_CASE.iter().any(|w| matches(w, false)) || PROPER_NOUN_ONLY.iter().any(|w| matches(w, true))
}

/// The word after `at` past spaces and at most one line break, and where it ends: ASCII
/// letters only, and only a whole word (`None` when it runs on into a digit, `_` or other
/// letters). The first part of a compound counts (`City` of `City-based`).
fn next_word(text: &str, at: usize) -> Option<(usize, &str)> {
    let rest = &text[at..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    if gap == 0 || rest[..gap].matches('\n').count() > 1 {
        return None;
    }
    let rest = &rest[gap..];
    let len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let after = rest[len..].chars().next();
    if len == 0 || after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some((at + gap + len, &rest[..len]))
}

/// `Hospital`: a capital, then lower case.
fn is_proper_noun(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(text: &str, name: &str) -> bool {
        names_a_place(text, text.find(name).unwrap() + name.len())
    }

    #[test]
    fn places_in_any_case_and_proper_nouns_only_as_such() {
        assert!(after("IN HO CHI MINH CITY.", "MINH"));
        assert!(after("the Ho Chi Minh\nTrail", "Minh"));
        assert!(after("Indira Gandhi International Airport", "Gandhi"));
        assert!(after("Kennedy Center", "Kennedy"));
        assert!(after("King Fahd University's", "Fahd"));
        assert!(!after("KENNEDY CENTER", "KENNEDY"));
        assert!(!after("ASSK HOSPITAL UPDATE", "ASSK"));
        assert!(after("a Ho Chi Minh City-based bank", "Minh"));
        assert!(!after("Ho Chi Minh city", "Minh"));
        assert!(!after("Ho Chi Minh Cityscape", "Minh"));
        assert!(!after("Ho Chi Minh\n\nCity", "Minh"));
        assert!(!after("Indira Gandhi International", "Gandhi"));
        assert!(!after("Nixon Doctrine", "Nixon"));
        assert!(!after("Mubarak said", "Mubarak"));
        assert!(!after("Mubarak", "Mubarak"));
        assert!(!after("Mubarak, City", "Mubarak"));
        assert!(!after("Hun Sen Cité", "Sen"));
    }
}
