//! Checks a built site folder: `cargo run --release --example check-site -- public/`
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "public".into());
    let rep = cablepress::check::check_site(std::path::Path::new(&dir));
    for p in rep.problems.iter().take(40) {
        println!("{}: {}", p.page, p.message);
    }
    println!(
        "{} pages, {} links, {} external, {} problems",
        rep.pages,
        rep.links,
        rep.external_links.len(),
        rep.problems.len()
    );
}
