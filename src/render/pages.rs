//! Which pages exist and the context each one gets. Index pages get light records
//! ([`CableSummary`]: id, date, subject, URL) and are paginated by slicing, each index
//! built once.

use super::html::{escape_into, root_of};
use super::telegram::{self, Extras};
use crate::archive::{codes, index::tag_key, Archive, Taxonomy, Term};
use serde::Serialize;
use tera::Context;

/// What a list shows of a cable.
#[derive(Debug, Clone, Serialize)]
pub struct CableSummary {
    pub id: String,
    /// Site-relative URL of the cable page.
    pub url: String,
    pub date: String,
    pub subject: String,
    pub origin: String,
    pub classification: String,
}

pub fn summaries(archive: &Archive) -> Vec<CableSummary> {
    use rayon::prelude::*;
    // In parallel: at the start of rendering nothing else runs beside it.
    archive
        .cables
        .par_iter()
        .map(|c| CableSummary {
            id: c.id.clone(),
            url: c.page_path(),
            date: c.date.map(|d| d.display()).unwrap_or_default(),
            subject: c.subject.clone(),
            origin: c.origin.clone(),
            classification: c.classification.clone(),
        })
        .collect()
}

impl CableSummary {
    /// This cable's row of a cables table, as the built-in `cable_table` macro writes it,
    /// for a page whose root is `root`. A list page has up to `paginate_by` rows and each
    /// cable is on several lists: Tera spends about 1,500 instructions on each variable it
    /// looks up, so the rows are written here and the macro takes them whole. Custom
    /// templates still get the records themselves (`cables`). The row carries `id`
    /// (`month-03`: a year's list, where a month begins) if given.
    pub fn table_row_into(&self, root: &str, id: Option<&str>, out: &mut String) {
        match id {
            Some(id) => {
                out.push_str("<tr id=\"");
                escape_into(out, id);
                out.push_str("\">");
            }
            None => out.push_str("<tr>"),
        }
        out.push_str("\n<td class=\"id\"><a href=\"");
        escape_into(out, root);
        escape_into(out, &self.url);
        out.push_str("\">");
        escape_into(out, &self.id);
        out.push_str("</a></td>\n<td class=\"subject\">");
        if self.subject.is_empty() {
            out.push_str("<span class=\"muted\">(no subject)</span>");
        } else {
            escape_into(out, &self.subject);
        }
        out.push_str("</td>\n<td class=\"date\"><time>");
        escape_into(out, &self.date);
        out.push_str("</time></td>\n<td class=\"class\">");
        escape_into(out, &self.classification);
        out.push_str("</td>\n<td class=\"origin\">");
        escape_into(out, &self.origin);
        out.push_str("</td>\n</tr>\n");
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub count: usize,
}

/// A kind of browse page: the folder it lives in and its names.
#[derive(Debug, Clone, Copy)]
pub struct TaxonomyKind {
    pub dir: &'static str,
    pub singular: &'static str,
    pub plural: &'static str,
}

pub const COUNTRY: TaxonomyKind = TaxonomyKind {
    dir: "country",
    singular: "Country",
    plural: "Countries",
};
pub const ORIGIN: TaxonomyKind = TaxonomyKind {
    dir: "origin",
    singular: "Post",
    plural: "Posts",
};
pub const TAG: TaxonomyKind = TaxonomyKind {
    dir: "tag",
    singular: "Tag",
    plural: "Tags",
};
pub const YEAR: TaxonomyKind = TaxonomyKind {
    dir: "date",
    singular: "Year",
    plural: "Years",
};
pub const CLASSIFICATION: TaxonomyKind = TaxonomyKind {
    dir: "classification",
    singular: "Classification",
    plural: "Classifications",
};

pub fn taxonomies(archive: &Archive) -> [(TaxonomyKind, &Taxonomy); 5] {
    [
        (COUNTRY, &archive.index.countries),
        (ORIGIN, &archive.index.origins),
        (TAG, &archive.index.tags),
        (YEAR, &archive.index.years),
        (CLASSIFICATION, &archive.index.classifications),
    ]
}

pub fn term_url(kind: TaxonomyKind, key: &str, page: usize) -> String {
    if page <= 1 {
        format!("{}/{}/index.html", kind.dir, key)
    } else {
        format!("{}/{}/page/{}/index.html", kind.dir, key, page)
    }
}

pub fn term_title(archive: &Archive, kind: TaxonomyKind, term: &Term) -> String {
    if kind.dir == TAG.dir {
        let t = telegram::tag_title(&archive.codes, &term.name);
        if !t.is_empty() {
            return t;
        }
    }
    String::new()
}

pub fn term_links(archive: &Archive, kind: TaxonomyKind, tax: &Taxonomy) -> Vec<Link> {
    tax.terms
        .iter()
        .map(|t| Link {
            label: t.name.clone(),
            url: term_url(kind, &t.key, 1),
            title: term_title(archive, kind, t),
            count: t.cables.len(),
        })
        .collect()
}

/// The context every page shares.
pub fn base_context(archive: &Archive, page_path: &str, title: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("root", &root_of(page_path));
    ctx.insert("page_path", page_path);
    ctx.insert("title", title);
    ctx.insert("site", &SiteView::of(archive));
    ctx
}

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub cable_count: usize,
}

impl<'a> SiteView<'a> {
    pub(crate) fn of(a: &'a Archive) -> Self {
        SiteView {
            title: &a.config.title,
            description: &a.config.description,
            language: &a.config.language,
            base_url: &a.config.base_url,
            cable_count: a.cables.len(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct TagView {
    pub code: String,
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct RefView<'a> {
    pub id: &'a str,
    pub summary: Option<&'a CableSummary>,
}

/// What a cable page shows: `cable` in its template's context.
#[derive(Serialize)]
pub(crate) struct CableView<'a> {
    pub id: &'a str,
    pub url: String,
    pub date: String,
    pub year_url: Option<String>,
    pub origin: &'a str,
    pub origin_url: Option<String>,
    pub classification: &'a str,
    pub classification_url: String,
    pub caveats: &'a [String],
    pub subject: &'a str,
    pub released: Option<&'a str>,
    pub tags: Vec<TagView>,
    pub countries: Vec<Link>,
    pub routing_html: String,
    pub head_html: String,
    pub body_html: String,
    pub refs_out: Vec<RefView<'a>>,
    pub cited_by: Vec<&'a CableSummary>,
    pub prev: Option<&'a CableSummary>,
    pub next: Option<&'a CableSummary>,
    pub source: String,
}

/// Cable `i`'s page: where it goes, its title and what it shows.
pub(crate) struct CablePage<'a> {
    pub page_path: String,
    pub title: String,
    pub view: CableView<'a>,
}

/// The context of cable `i`'s page.
pub fn cable_context(
    archive: &Archive,
    summaries: &[CableSummary],
    i: usize,
    extras: &Extras,
) -> Context {
    let page = cable_page(archive, summaries, i, extras);
    let mut ctx = base_context(archive, &page.page_path, &page.title);
    ctx.insert("cable", &page.view);
    ctx
}

/// What cable `i`'s page shows (see [`cable_context`]).
pub(crate) fn cable_page<'a>(
    archive: &'a Archive,
    summaries: &'a [CableSummary],
    i: usize,
    extras: &Extras,
) -> CablePage<'a> {
    let c = &archive.cables[i];
    let links = &archive.links[i];
    let page_path = c.page_path();
    let root = root_of(&page_path);
    let (routing_html, head_html) = telegram::head_html(c, archive, &root, extras);
    let body_html = telegram::paragraphs_html(c, extras);
    let tags = c
        .tags
        .iter()
        .map(|t| TagView {
            code: t.clone(),
            title: telegram::tag_title(&archive.codes, t),
            url: term_url(TAG, &tag_key(t), 1),
        })
        .collect();
    let countries = links
        .countries
        .iter()
        .filter_map(|code| {
            let country = archive.codes.country_by_code(code)?;
            let key = codes::slug(country.name);
            Some(Link {
                label: country.name.to_string(),
                url: term_url(COUNTRY, &key, 1),
                title: code.clone(),
                count: 0,
            })
        })
        .collect();
    let class_name = if c.classification.is_empty() {
        "Unmarked"
    } else {
        c.classification.as_str()
    };
    let view = CableView {
        id: &c.id,
        url: page_path.clone(),
        date: c
            .date
            .map(|d| d.display())
            .unwrap_or_else(|| "undated".into()),
        year_url: c.date.map(|d| term_url(YEAR, &format!("{:04}", d.year), 1)),
        origin: &c.origin,
        origin_url: (!c.origin.is_empty()).then(|| term_url(ORIGIN, &codes::slug(&c.origin), 1)),
        classification: &c.classification,
        classification_url: term_url(CLASSIFICATION, &codes::slug(class_name), 1),
        caveats: &c.caveats,
        subject: &c.subject,
        released: c.released.as_deref(),
        tags,
        countries,
        routing_html,
        head_html,
        body_html,
        refs_out: links
            .refs_out
            .iter()
            .map(|r| RefView {
                id: &r.id,
                summary: r.target.map(|t| &summaries[t]),
            })
            .collect(),
        cited_by: links.cited_by.iter().map(|&t| &summaries[t]).collect(),
        prev: links.prev.map(|t| &summaries[t]),
        next: links.next.map(|t| &summaries[t]),
        source: c
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let title = if c.subject.is_empty() {
        c.id.clone()
    } else {
        format!("{}: {}", c.id, c.subject)
    };
    CablePage {
        page_path,
        title,
        view,
    }
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<Link>,
}

/// One page of a term's list: where it goes, its title and what it shows.
pub(crate) struct TermPage<'a> {
    pub page_path: String,
    pub title: String,
    pub kind: TaxonomyKind,
    pub term_name: String,
    pub term_title: String,
    pub count: usize,
    pub items: Vec<&'a CableSummary>,
    pub first_index: usize,
    pub pagination: Pagination,
    pub chart_svg: String,
    /// What the chart shows: "Cables per year", or "Cables per month" on a year's list.
    pub chart_caption: &'static str,
    /// A year's list: its months, each linking to the row where it begins.
    pub months: Vec<MonthLink>,
    /// A year's list: the archive's years before and after it (label: the year).
    pub year_before: Option<Link>,
    pub year_after: Option<Link>,
}

impl TermPage<'_> {
    /// The id the row of `items[i]` carries: the month that begins there, if any.
    pub fn row_id(&self, i: usize) -> Option<&str> {
        let at = self.first_index - 1 + i;
        self.months
            .iter()
            .find(|m| m.count > 0 && m.first == at)
            .map(|m| m.id.as_str())
    }

    /// The rows of its cables table (see [`CableSummary::table_row_into`]), for a page
    /// whose root is `root`, appended to `out`.
    pub fn table_rows_into(&self, root: &str, out: &mut String) {
        for (i, c) in self.items.iter().enumerate() {
            c.table_row_into(root, self.row_id(i), out);
        }
    }
}

/// A month of a year's list of cables.
#[derive(Debug, Clone, Serialize)]
pub struct MonthLink {
    /// "March".
    pub name: &'static str,
    /// "Mar".
    pub short: &'static str,
    /// `month-03`: the id of the row where its cables begin.
    pub id: String,
    pub count: usize,
    /// Site-relative URL of the list page where its cables begin, with `#id`; empty for a
    /// month without cables.
    pub url: String,
    /// Where in the year's list its cables begin (from 0).
    pub first: usize,
}

/// The months of a year's list (`term`: a year, whose cables are in date order as the
/// archive keeps them): each month's count and where it begins, found by binary search.
fn months_of(archive: &Archive, term: &Term, per: usize) -> Vec<MonthLink> {
    let month = |i: usize| archive.cables[i].date.map_or(0, |d| d.month);
    let before = |m: u8| term.cables.partition_point(|&i| month(i) < m);
    (1..=12u8)
        .map(|m| {
            let (first, end) = (before(m), before(m + 1));
            let id = format!("month-{m:02}");
            let url = if end > first {
                format!("{}#{id}", term_url(YEAR, &term.key, first / per + 1))
            } else {
                String::new()
            };
            let name = super::chart::MONTHS[m as usize - 1];
            MonthLink {
                name,
                short: &name[..3],
                id,
                count: end - first,
                url,
                first,
            }
        })
        .collect()
}

/// A row of the years page's table of months: a year, its cables, and its months.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarYear {
    pub year: String,
    /// Site-relative URL of the year's list.
    pub url: String,
    pub count: usize,
    /// January to December, each linking to where it begins in the year's list.
    pub months: Vec<MonthLink>,
}

/// Every year of the archive with its months, for the years page (`date/index.html`).
pub fn calendar(archive: &Archive) -> Vec<CalendarYear> {
    let per = archive.config.paginate_by.max(1);
    archive
        .index
        .years
        .terms
        .iter()
        .map(|t| CalendarYear {
            year: t.name.clone(),
            url: term_url(YEAR, &t.key, 1),
            count: t.cables.len(),
            months: months_of(archive, t, per),
        })
        .collect()
}

/// One page of a term's list.
pub fn term_context(
    archive: &Archive,
    summaries: &[CableSummary],
    kind: TaxonomyKind,
    term: &Term,
    page: usize,
) -> (String, Context) {
    let p = term_page(archive, summaries, kind, term, page);
    let mut ctx = base_context(archive, &p.page_path, &p.title);
    ctx.insert("kind", kind.singular);
    ctx.insert("kind_plural", kind.plural);
    ctx.insert("kind_url", &format!("{}/index.html", kind.dir));
    ctx.insert("term_name", &p.term_name);
    ctx.insert("term_title", &p.term_title);
    ctx.insert("count", &p.count);
    ctx.insert("cables", &p.items);
    let mut rows = String::with_capacity(p.items.len() * 400);
    p.table_rows_into(&root_of(&p.page_path), &mut rows);
    ctx.insert("cable_rows", &rows);
    ctx.insert("first_index", &p.first_index);
    ctx.insert("pagination", &p.pagination);
    ctx.insert("chart_svg", &p.chart_svg);
    ctx.insert("chart_caption", p.chart_caption);
    ctx.insert("months", &p.months);
    ctx.insert("year_before", &p.year_before);
    ctx.insert("year_after", &p.year_after);
    (p.page_path, ctx)
}

/// What one page of a term's list shows (see [`term_context`]).
pub(crate) fn term_page<'a>(
    archive: &Archive,
    summaries: &'a [CableSummary],
    kind: TaxonomyKind,
    term: &Term,
    page: usize,
) -> TermPage<'a> {
    let per = archive.config.paginate_by.max(1);
    let total = term.cables.len().div_ceil(per).max(1);
    let page_path = term_url(kind, &term.key, page);
    let from = (page - 1) * per;
    let items: Vec<&CableSummary> = term
        .cables
        .iter()
        .skip(from)
        .take(per)
        .map(|&i| &summaries[i])
        .collect();
    let pagination = Pagination {
        current: page,
        total,
        prev_url: (page > 1).then(|| term_url(kind, &term.key, page - 1)),
        next_url: (page < total).then(|| term_url(kind, &term.key, page + 1)),
        pages: (1..=total)
            .filter(|&p| p == 1 || p == total || p.abs_diff(page) <= 3)
            .map(|p| Link {
                label: p.to_string(),
                url: term_url(kind, &term.key, p),
                title: String::new(),
                count: 0,
            })
            .collect(),
    };
    // A year's list: its months (a binary search each, on every page), the years around
    // it, and on the first page a chart by month. Any other list: on the first page, a
    // chart of cables per year across the whole term (counted on that page only: counting
    // on every page made a term's pages quadratic in its size).
    let mut months = Vec::new();
    let (mut year_before, mut year_after) = (None, None);
    let (chart_svg, chart_caption) = match term.key.parse::<u16>() {
        Ok(year) if kind.dir == YEAR.dir => {
            months = months_of(archive, term, per);
            let years = &archive.index.years.terms;
            let link = |t: &Term| Link {
                label: t.name.clone(),
                url: term_url(YEAR, &t.key, 1),
                title: String::new(),
                count: t.cables.len(),
            };
            if let Some(at) = years.iter().position(|t| t.key == term.key) {
                year_before = at.checked_sub(1).map(|i| link(&years[i]));
                year_after = years.get(at + 1).map(link);
            }
            let svg = if page == 1 {
                let mut per_month = [0usize; 12];
                for (n, m) in per_month.iter_mut().zip(&months) {
                    *n = m.count;
                }
                super::chart::per_month_svg(year, &per_month)
            } else {
                String::new()
            };
            (svg, "Cables per month")
        }
        _ => {
            let mut per_year = std::collections::BTreeMap::new();
            for &i in term.cables.iter().filter(|_| page == 1) {
                if let Some(y) = archive.cables[i].year() {
                    *per_year.entry(y).or_insert(0usize) += 1;
                }
            }
            (super::chart::per_year_svg(&per_year), "Cables per year")
        }
    };
    let term_name = match &term.code {
        Some(code) if code != &term.name => format!("{} ({code})", term.name),
        _ => term.name.clone(),
    };
    TermPage {
        title: format!("{}: {}", kind.singular, term_name),
        page_path,
        kind,
        term_title: term_title(archive, kind, term),
        count: term.cables.len(),
        items,
        first_index: from + 1,
        pagination,
        chart_svg,
        chart_caption,
        months,
        year_before,
        year_after,
        term_name,
    }
}

/// A section of the browse page.
#[derive(Serialize)]
pub struct BrowseSection {
    pub key: String,
    pub title: String,
    pub url: String,
    pub links: Vec<Link>,
}

pub fn browse_sections(archive: &Archive, only: Option<&str>) -> Vec<BrowseSection> {
    taxonomies(archive)
        .into_iter()
        .filter(|(k, _)| only.is_none_or(|o| o == k.dir))
        .map(|(kind, tax)| BrowseSection {
            key: kind.dir.to_string(),
            title: kind.plural.to_string(),
            url: format!("{}/index.html", kind.dir),
            links: term_links(archive, kind, tax),
        })
        .collect()
}
