//! Bar charts drawn at build time as inline SVG: no JavaScript, no external library,
//! readable in print (text labels, no colour needed to read it).

use std::collections::BTreeMap;
use std::fmt::Write;

/// Counts per year as an SVG bar chart; empty string when there is nothing to draw.
pub fn per_year_svg(per_year: &BTreeMap<u16, usize>) -> String {
    per_year_svg_of(per_year, "Cables")
}

/// One bar: its label under the axis (if shown), what its tooltip names, its count.
struct Bar {
    label: String,
    shown: bool,
    names: String,
    count: usize,
}

/// The same chart of something else per year (`what`: "Mentions").
pub fn per_year_svg_of(per_year: &BTreeMap<u16, usize>, what: &str) -> String {
    let (Some((&first, _)), Some((&last, _))) =
        (per_year.iter().next(), per_year.iter().next_back())
    else {
        return String::new();
    };
    let years: Vec<u16> = (first..=last).collect();
    let bars: Vec<Bar> = years
        .iter()
        .enumerate()
        .map(|(i, y)| Bar {
            label: y.to_string(),
            shown: years.len() <= 12 || y % 5 == 0 || i == 0 || i + 1 == years.len(),
            names: y.to_string(),
            count: per_year.get(y).copied().unwrap_or(0),
        })
        .collect();
    bars_svg(
        &bars,
        &format!("{what} per year, {first} to {last}"),
        &format!("{what} per year, {first}–{last}"),
    )
}

/// The months of the year, as the month charts and lists name them.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Cables per month of one year (`per_month[0]`: January) as an SVG bar chart, every
/// month drawn; empty string when the year has none.
pub fn per_month_svg(year: u16, per_month: &[usize; 12]) -> String {
    if per_month.iter().all(|&n| n == 0) {
        return String::new();
    }
    let bars: Vec<Bar> = MONTHS
        .iter()
        .zip(per_month)
        .map(|(m, &count)| Bar {
            label: m[..3].to_string(),
            shown: true,
            names: format!("{m} {year}"),
            count,
        })
        .collect();
    bars_svg(
        &bars,
        &format!("Cables per month in {year}"),
        &format!("Cables per month, {year}"),
    )
}

/// The bar chart: `aria` says what it shows (the total is added), `title` names it.
fn bars_svg(bars: &[Bar], aria: &str, title: &str) -> String {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let bar = 14.0_f64;
    let gap = 4.0_f64;
    let height = 110.0_f64;
    let top = 16.0_f64;
    let label_h = 30.0_f64;
    // Room on the left for the first rotated label.
    let left = 18.0_f64;
    let width = left + (bars.len() as f64) * (bar + gap) + gap;
    let total = super::html::thousands(bars.iter().map(|b| b.count as u64).sum());
    let counts: Vec<usize> = bars.iter().map(|b| b.count).collect();
    let labelled = count_labels(&counts, left + gap + bar / 2.0, bar + gap);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{aria}: {total} in all\"><title>{title}</title>",
        aria = super::html::escape(aria),
        title = super::html::escape(title),
        w = width,
        h = top + height + label_h,
    );
    for (i, b) in bars.iter().enumerate() {
        let n = b.count;
        let x = left + gap + i as f64 * (bar + gap);
        let h = if n == 0 {
            0.0
        } else {
            (n as f64 / max as f64 * height).max(1.5)
        };
        let yb = top + height - h;
        let shown = super::html::thousands(n as u64);
        let names = super::html::escape(&b.names);
        let _ = write!(s, "<g><title>{names}: {shown}</title><rect x=\"{x:.1}\" y=\"{yb:.1}\" width=\"{bar}\" height=\"{h:.1}\" class=\"bar\"/>");
        if labelled[i] {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"count\" text-anchor=\"middle\">{shown}</text>",
                x + bar / 2.0,
                yb - 3.0
            );
        }
        if b.shown {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"year\" text-anchor=\"end\" transform=\"rotate(-60 {:.1} {:.1})\">{}</text>",
                x + bar / 2.0 + 4.0,
                top + height + 10.0,
                x + bar / 2.0 + 4.0,
                top + height + 10.0,
                super::html::escape(&b.label),
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// The width a count's label (`12,345`) takes at the chart's 10 px type: the widest digit
/// of the usual sans-serif faces is about 0.64 em, a comma about 0.32 em.
fn label_width(n: usize) -> f64 {
    let digits = n.to_string().len();
    digits as f64 * 6.4 + ((digits - 1) / 3) as f64 * 3.2
}

/// Which bars get their count written above them: from the highest down (the highest
/// always; of equal ones, the leftmost first), each that would not run into a label
/// already placed (a bar's exact count is in its tooltip either way). Three-digit counts
/// on neighbouring bars would touch, and the larger counts of a big archive's country and
/// tag pages would overlap.
fn count_labels(counts: &[usize], first_centre: f64, pitch: f64) -> Vec<bool> {
    const SPACE: f64 = 3.0;
    let span = |i: usize| {
        let (c, w) = (first_centre + i as f64 * pitch, label_width(counts[i]));
        (c - w / 2.0, c + w / 2.0)
    };
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
    let mut placed: Vec<(f64, f64)> = Vec::new();
    let mut out = vec![false; counts.len()];
    for i in order {
        let (a, b) = span(i);
        if placed
            .iter()
            .all(|&(pa, pb)| b + SPACE <= pa || pb + SPACE <= a)
        {
            out[i] = true;
            placed.push((a, b));
        }
    }
    out
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

    /// The counts written above the bars, with where each is centred.
    fn counts(svg: &str) -> Vec<(f64, usize)> {
        svg.split("<text x=\"")
            .skip(1)
            .filter(|t| t.contains("class=\"count\""))
            .map(|t| {
                let x: f64 = t[..t.find('"').unwrap()].parse().unwrap();
                let n = t[t.find('>').unwrap() + 1..t.find('<').unwrap()]
                    .replace(',', "")
                    .parse()
                    .unwrap();
                (x, n)
            })
            .collect()
    }

    #[test]
    fn count_labels_never_run_into_each_other_and_the_highest_is_always_written() {
        // A person's mentions (three-digit counts side by side) and a big archive's
        // country page (five-digit counts), and small counts that all fit.
        let cases: Vec<Vec<(u16, usize)>> = vec![
            vec![
                (1997, 2),
                (2003, 11),
                (2004, 5),
                (2007, 154),
                (2008, 175),
                (2009, 355),
                (2010, 216),
            ],
            (1990..2011)
                .map(|y| (y, 10_000 + (y as usize % 7) * 3_111))
                .collect(),
            (1966..2011).map(|y| (y, (y as usize * 7) % 10)).collect(),
        ];
        for case in cases {
            let m: BTreeMap<u16, usize> = case.iter().copied().collect();
            let svg = per_year_svg(&m);
            let labels = counts(&svg);
            for w in labels.windows(2) {
                let ((xa, na), (xb, nb)) = (w[0], w[1]);
                assert!(
                    xb - xa >= (label_width(na) + label_width(nb)) / 2.0 + 3.0,
                    "{na} at {xa} and {nb} at {xb} overlap"
                );
            }
            let max = m.values().max().copied().unwrap();
            assert!(labels.iter().any(|&(_, n)| n == max), "{max} not written");
            // Every non-zero year keeps its count in the tooltip.
            for (y, n) in &m {
                let shown = crate::render::html::thousands(*n as u64);
                assert!(svg.contains(&format!("<title>{y}: {shown}</title>")));
            }
        }
        // Small counts all fit: every non-zero bar is labelled.
        let m: BTreeMap<u16, usize> = (1966..2011).map(|y| (y, (y as usize * 7) % 10)).collect();
        let nonzero = m.values().filter(|&&n| n > 0).count();
        assert_eq!(counts(&per_year_svg(&m)).len(), nonzero);
        // Three-digit neighbours: 2009's 355 (the highest) is written, and of 2008's 175
        // and 2010's 216 next to it, neither; the larger goes first, so of 2006's 120 and
        // 2007's 154, 154.
        let m: BTreeMap<u16, usize> = [
            (2006, 120),
            (2007, 154),
            (2008, 175),
            (2009, 355),
            (2010, 216),
        ]
        .into();
        let written: Vec<usize> = counts(&per_year_svg(&m)).iter().map(|l| l.1).collect();
        assert_eq!(written, [154, 355]);
    }

    #[test]
    fn counts_are_marked_in_thousands_on_the_bars_in_tooltips_and_the_total() {
        let m: BTreeMap<u16, usize> = [(2004, 17_858), (2005, 2), (2006, 1_234)].into();
        let svg = per_year_svg(&m);
        assert!(svg.contains(">17,858</text>"), "{svg}");
        assert!(svg.contains("<title>2004: 17,858</title>"));
        assert!(svg.contains("<title>2006: 1,234</title>"));
        assert!(svg.contains("2004 to 2006: 19,094 in all"));
        assert!(!svg.contains("17858") && !svg.contains("19094"));
        // A comma takes room: 1,234 is four digits and a comma wide.
        assert_eq!(label_width(999), 3.0 * 6.4);
        assert_eq!(label_width(1_234), 4.0 * 6.4 + 3.2);
        assert_eq!(label_width(1_234_567), 7.0 * 6.4 + 2.0 * 3.2);
    }
}
