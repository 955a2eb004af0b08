//! The benchmark floor: what any lopdf-based extractor must at least spend.
//! For each file argument: load it with lopdf, then decode every page's
//! content streams with lopdf's own `Content::decode`. Prints the total
//! page count, nothing else (the work must not be optimised away).

fn main() {
    let mut pages = 0usize;
    let mut operations = 0usize;
    for arg in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&arg) else {
            eprintln!("{arg}: unreadable");
            continue;
        };
        let Ok(doc) = lopdf::Document::load_mem(&bytes) else {
            eprintln!("{arg}: lopdf could not load it");
            continue;
        };
        for (_, page_id) in doc.get_pages() {
            pages += 1;
            let content = doc.get_page_content(page_id);
            if let Ok(decoded) = lopdf::content::Content::decode(&content) {
                operations += decoded.operations.len();
            }
        }
    }
    // The operation count keeps the decoding observable.
    println!("{pages} pages ({operations} operations)");
}
