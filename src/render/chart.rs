//! Bar charts drawn at build time as inline SVG: no JavaScript, no external library,
//! readable in print (text labels, no colour needed to read it).

use std::collections::BTreeMap;
use std::fmt::Write;

/// Counts per year as an SVG bar chart; empty string when there is nothing to draw.
pub fn per_year_svg(per_year: &BTreeMap<u16, usize>) -> String {
    per_year_svg_of(per_year, "Cables")
}

/// The same chart of something else per year (`what`: "Mentions").
pub fn per_year_svg_of(per_year: &BTreeMap<u16, usize>, what: &str) -> String {
    let (Some((&first, _)), Some((&last, _))) =
        (per_year.iter().next(), per_year.iter().next_back())
    else {
        return String::new();
    };
    let years: Vec<u16> = (first..=last).collect();
    let max = per_year.values().copied().max().unwrap_or(1).max(1);
    let bar = 14.0_f64;
    let gap = 4.0_f64;
    let height = 110.0_f64;
    let top = 16.0_f64;
    let label_h = 30.0_f64;
    // Room on the left for the first rotated year label.
    let left = 18.0_f64;
    let width = left + (years.len() as f64) * (bar + gap) + gap;
    let total: usize = per_year.values().sum();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{what} per year, {first} to {last}: {total} in all\"><title>{what} per year, {first}–{last}</title>",
        what = super::html::escape(what),
        w = width,
        h = top + height + label_h,
    );
    for (i, y) in years.iter().enumerate() {
        let n = per_year.get(y).copied().unwrap_or(0);
        let x = left + gap + i as f64 * (bar + gap);
        let h = if n == 0 {
            0.0
        } else {
            (n as f64 / max as f64 * height).max(1.5)
        };
        let yb = top + height - h;
        let _ = write!(s, "<g><title>{y}: {n}</title><rect x=\"{x:.1}\" y=\"{yb:.1}\" width=\"{bar}\" height=\"{h:.1}\" class=\"bar\"/>");
        if n > 0 && (years.len() <= 30 || n == max) {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"count\" text-anchor=\"middle\">{n}</text>",
                x + bar / 2.0,
                yb - 3.0
            );
        }
        if years.len() <= 12 || y % 5 == 0 || i == 0 || i + 1 == years.len() {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"year\" text-anchor=\"end\" transform=\"rotate(-60 {:.1} {:.1})\">{y}</text>",
                x + bar / 2.0 + 4.0,
                top + height + 10.0,
                x + bar / 2.0 + 4.0,
                top + height + 10.0
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_bar_per_year_including_empty_years() {
        let mut m = BTreeMap::new();
        m.insert(2001, 3);
        m.insert(2004, 1);
        let svg = per_year_svg(&m);
        assert_eq!(svg.matches("<rect").count(), 4);
        assert!(svg.contains("<title>2002: 0</title>"));
        assert!(svg.contains("aria-label=\"Cables per year, 2001 to 2004: 4 in all\""));
        assert_eq!(per_year_svg(&BTreeMap::new()), "");
    }
}
