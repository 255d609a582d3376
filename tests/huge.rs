//! A 200 MB single cable (generated at test time) builds, with its text intact, in time
//! linear in its size: no stage may be quadratic in a cable's length or its REF block.

mod common;

use std::time::Instant;

/// About `bytes` of telegram: a REF block (one item per 2 KB of text, so it grows with
/// the cable too), then 999 numbered paragraphs (the most a telegram numbers), the last
/// of which runs on to the end.
fn huge_cable(bytes: usize) -> String {
    let mut t = String::with_capacity(bytes + 4096);
    t.push_str("R 171307Z DEC 09\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC 0042\n\nCONFIDENTIAL PHNOM PENH 001151\n\nTAGS: PREL, CB\nSUBJECT: A VERY LONG CABLE\n\nREF:");
    for i in 0..bytes / 2048 {
        t.push_str(&format!(
            " {}. STATE {};\n",
            (b'A' + (i % 26) as u8) as char,
            1000 + i
        ));
    }
    t.push('\n');
    let line = "THE MINISTER SAID THAT THE TALKS WOULD GO ON <AND> ON & ON, \"AS BEFORE\".\n";
    let mut n = 0;
    while t.len() < bytes {
        n += 1;
        if n <= 999 {
            t.push_str(&format!("{n}. (C) "));
        }
        for _ in 0..12 {
            t.push_str(line);
        }
        t.push('\n');
    }
    t.push_str("THE LAST LINE.\n");
    t
}

fn build_huge(mb: usize) -> std::time::Duration {
    let dir = tempfile::tempdir().unwrap();
    let text = huge_cable(mb << 20);
    common::write_files(dir.path(), &[("content/cables/09PHNOMPENH1151.txt", &text)]);
    drop(text);
    let t = Instant::now();
    let report =
        cablepress::build(dir.path(), &dir.path().join("public"), &Default::default()).unwrap();
    let took = t.elapsed();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let html =
        std::fs::read_to_string(dir.path().join("public/cable/2009/12/09PHNOMPENH1151.html"))
            .unwrap();
    assert!(html.len() > mb << 20, "page is only {} bytes", html.len());
    assert!(html.contains("id=\"par999\""));
    assert!(html.contains("THE LAST LINE."));
    assert!(html.contains("&lt;AND&gt; ON &amp; ON, &quot;AS BEFORE&quot;"));
    eprintln!("{mb} MB cable: built in {took:?}");
    took
}

/// Linear: 8× the text may take 8× the time, with room for noise, never 64×.
#[test]
fn build_time_grows_linearly_with_a_cables_size() {
    build_huge(1); // warm up (lazy regexes, templates)
    let small = build_huge(1);
    let big = build_huge(8);
    assert!(
        big < small * 20,
        "1 MB took {small:?}, 8 MB took {big:?}: not linear"
    );
}

/// The full 200 MB. Slow in a debug build, so ignored by `cargo test`; run it with
/// `cargo test --release --test huge -- --ignored` (the CI script does).
#[test]
#[ignore]
fn a_200_mb_cable_builds() {
    let took = build_huge(200);
    assert!(took.as_secs() < 120, "took {took:?}");
}

/// A cable that is nothing but a REF block: 8× the items may take 8× the time, never 64×
/// (the references of a cable were once de-duplicated by a linear search each).
#[test]
fn a_huge_ref_block_is_linear() {
    let build_refs = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let mut t = String::from("R 171307Z DEC 09\nFM SECSTATE WASHDC\n\nCONFIDENTIAL\n\nSUBJECT: MANY REFERENCES\n\nREF:");
        for i in 0..n {
            t.push_str(&format!(
                " {}. STATE {};\n",
                (b'A' + (i % 26) as u8) as char,
                1000 + i
            ));
        }
        t.push_str("\n1. (C) Text.\n");
        common::write_files(dir.path(), &[("content/cables/09STATE1.txt", &t)]);
        let start = Instant::now();
        let report =
            cablepress::build(dir.path(), &dir.path().join("public"), &Default::default()).unwrap();
        let took = start.elapsed();
        let html =
            std::fs::read_to_string(dir.path().join("public/cable/2009/12/09STATE1.html")).unwrap();
        assert!(html.contains(&format!("STATE {}", 1000 + n - 1)));
        assert_eq!(report.errors(), 0);
        took
    };
    build_refs(1_000);
    let small = build_refs(5_000);
    let big = build_refs(40_000);
    eprintln!("5,000 REF items: {small:?}; 40,000: {big:?}");
    assert!(
        big < small * 20,
        "5,000 REF items took {small:?}, 40,000 took {big:?}: not linear"
    );
}
