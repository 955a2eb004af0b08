//! Benchmark companion to `floor.rs`: runs `minutes::pdf::extract` on every
//! file argument and prints the page total (with `-v`, a line per file;
//! with `-t`, each page's glyph text after a form feed, for comparisons).

use minutes::limits::Limits;

fn main() {
    let mut verbose = false;
    let mut text = false;
    let mut pages = 0usize;
    let mut glyphs = 0usize;
    let limits = Limits::default();
    for arg in std::env::args().skip(1) {
        if arg == "-v" {
            verbose = true;
            continue;
        }
        if arg == "-t" {
            text = true;
            continue;
        }
        let bytes = match std::fs::read(&arg) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{arg}: {e}");
                continue;
            }
        };
        match minutes::pdf::extract(&bytes, &limits) {
            Ok(doc) => {
                let g: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
                pages += doc.pages.len();
                glyphs += g;
                if text {
                    for p in &doc.pages {
                        let s: String = p.glyphs.iter().map(|g| g.text.as_str()).collect();
                        println!("\u{c}{s}");
                    }
                }
                if verbose {
                    let unmapped: u32 = doc.pages.iter().map(|p| p.unmapped).sum();
                    let rules: usize = doc.pages.iter().map(|p| p.rules.len()).sum();
                    println!(
                        "{arg}: {} pages, {g} glyphs, {unmapped} unmapped, {rules} rules, warnings {:?}",
                        doc.pages.len(),
                        doc.warnings
                    );
                }
            }
            Err(e) => println!("{arg}: error: {e}"),
        }
    }
    println!("{pages} pages, {glyphs} glyphs");
}
