//! Every cap of [`Limits`] on a small hostile PDF built here byte by byte:
//! the cap stops the document with a [`PdfError::Limit`] whose text names
//! the limit (the key an officer sets in `--limits FILE.toml`), and a
//! document just inside the cap still reads. Page-tree and reference cycles
//! end in a warning or a clean error, never a hang.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use minutes::limits::Limits;
use minutes::pdf::{extract, PdfDocument, PdfError};
use std::io::Write;
use std::time::{Duration, Instant};

/// Writes a PDF whose objects are `objs` (object `i + 1` is `objs[i]`,
/// object 1 the catalog), with a correct xref table.
fn pdf(objs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A stream object with `extra` dictionary entries.
fn stream(extra: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} {extra} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

fn flate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).expect("deflate");
    e.finish().expect("deflate")
}

/// A document with one page per entry of `contents` (objects: 1 catalog,
/// 2 page tree, 3 font /F1, 4 resources, then page and content pairs), plus
/// `extra` objects numbered from `5 + 2 × pages`.
fn pages_doc(contents: &[Vec<u8>], extra: &[Vec<u8>]) -> Vec<u8> {
    let n = contents.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(&format!(
            "<< /Type /Pages /Kids [{}] /Count {n} /MediaBox [0 0 612 792] /Resources 4 0 R >>",
            kids.join(" ")
        )),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        obj(&xobject_resources(n, extra.len())),
    ];
    for (i, c) in contents.iter().enumerate() {
        objs.push(obj(&format!(
            "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
            6 + 2 * i
        )));
        objs.push(c.clone());
    }
    objs.extend(extra.iter().cloned());
    pdf(&objs)
}

/// Resources: font /F1 and XObjects /X0, /X1, … for the extra objects.
fn xobject_resources(pages: usize, extra: usize) -> String {
    let first = 5 + 2 * pages;
    let xobjects: Vec<String> = (0..extra)
        .map(|i| format!("/X{i} {} 0 R", first + i))
        .collect();
    format!(
        "<< /Font << /F1 3 0 R >> /XObject << {} >> >>",
        xobjects.join(" ")
    )
}

fn plain(content: &str) -> Vec<u8> {
    stream("", content.as_bytes())
}

fn limit_error(bytes: &[u8], limits: &Limits) -> String {
    match extract(bytes, limits) {
        Err(PdfError::Limit(hit)) => hit.message,
        other => panic!("expected a limit error, got {other:?}"),
    }
}

fn read(bytes: &[u8], limits: &Limits) -> PdfDocument {
    extract(bytes, limits).unwrap_or_else(|e| panic!("expected a document, got {e}"))
}

fn text(doc: &PdfDocument) -> String {
    doc.pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .map(|g| g.text.as_str())
        .collect()
}

const HELLO: &str = "BT /F1 12 Tf 72 700 Td (Hello) Tj ET";

#[test]
fn the_helper_writes_a_readable_pdf() {
    let doc = read(&pages_doc(&[plain(HELLO)], &[]), &Limits::default());
    assert_eq!(text(&doc), "Hello");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn decompressed_bytes_per_stream() {
    // 2 MiB of spaces, deflated to a few KiB.
    let bomb = flate(&vec![b' '; 2 << 20]);
    let bytes = pages_doc(&[stream("/Filter /FlateDecode", &bomb)], &[]);
    let small = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    let m = limit_error(&bytes, &small);
    assert!(
        m.contains("max_stream_bytes") && m.contains("page 1"),
        "{m}"
    );
    let enough = Limits {
        max_stream_bytes: 3 << 20,
        ..Limits::default()
    };
    read(&bytes, &enough);
}

#[test]
fn decompressed_bytes_per_document() {
    // Three pages of 600 KiB each: every stream is under the per-stream
    // cap, together they are over the per-document one.
    let mut content = HELLO.as_bytes().to_vec();
    content.resize(600 << 10, b' ');
    let page = stream("/Filter /FlateDecode", &flate(&content));
    let bytes = pages_doc(&[page.clone(), page.clone(), page], &[]);
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        max_document_bytes: 1500 << 10,
        ..Limits::default()
    };
    let m = limit_error(&bytes, &limits);
    assert!(
        m.contains("max_document_bytes") && m.contains("page 3"),
        "{m}"
    );
    let enough = Limits {
        max_document_bytes: 2 << 20,
        ..limits
    };
    assert_eq!(read(&bytes, &enough).pages.len(), 3);
}

#[test]
fn operators_per_page() {
    let content = "0 0 m ".repeat(3000) + HELLO;
    let limits = Limits {
        max_operators_per_page: 2000,
        ..Limits::default()
    };
    let m = limit_error(&pages_doc(&[plain(&content)], &[]), &limits);
    assert!(m.contains("max_operators_per_page"), "{m}");
    // The count starts again on each page: two pages of 1500 are fine.
    let half = "0 0 m ".repeat(1500);
    let doc = read(&pages_doc(&[plain(&half), plain(&half)], &[]), &limits);
    assert_eq!(doc.pages.len(), 2);
}

#[test]
fn one_huge_string_counts_its_glyphs_against_the_operator_cap() {
    let content = format!("BT /F1 1 Tf ({}) Tj ET", "x".repeat(5000));
    let limits = Limits {
        max_operators_per_page: 1000,
        ..Limits::default()
    };
    let m = limit_error(&pages_doc(&[plain(&content)], &[]), &limits);
    assert!(
        m.contains("glyphs") && m.contains("max_operators_per_page"),
        "{m}"
    );
}

#[test]
fn nesting_of_arrays_and_dictionaries() {
    let limits = Limits {
        max_nesting: 50,
        ..Limits::default()
    };
    let deep = format!("{}{} {HELLO}", "[".repeat(60), "]".repeat(60));
    let m = limit_error(&pages_doc(&[plain(&deep)], &[]), &limits);
    assert!(m.contains("max_nesting"), "{m}");
    let deep_dicts = format!("{} {HELLO}", "<< /A ".repeat(60));
    let m = limit_error(&pages_doc(&[plain(&deep_dicts)], &[]), &limits);
    assert!(m.contains("max_nesting"), "{m}");
    let shallow = format!("{}{} {HELLO}", "[".repeat(40), "]".repeat(40));
    assert_eq!(
        text(&read(&pages_doc(&[plain(&shallow)], &[]), &limits)),
        "Hello"
    );
}

#[test]
fn nesting_of_graphics_states() {
    let limits = Limits {
        max_nesting: 50,
        ..Limits::default()
    };
    let m = limit_error(&pages_doc(&[plain(&"q ".repeat(201))], &[]), &limits);
    assert!(m.contains("max_nesting"), "{m}");
    let ok = format!("{}{HELLO}{}", "q ".repeat(199), " Q".repeat(199));
    assert_eq!(
        text(&read(&pages_doc(&[plain(&ok)], &[]), &limits)),
        "Hello"
    );
}

/// A chain of `n` Form XObjects: the page draws /X0, form i draws /X(i+1),
/// the last one shows "Deep".
fn form_chain(n: usize) -> Vec<u8> {
    let forms: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let body = if i + 1 < n {
                format!("/X{} Do", i + 1)
            } else {
                "BT /F1 12 Tf 72 700 Td (Deep) Tj ET".into()
            };
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
                body.as_bytes(),
            )
        })
        .collect();
    pages_doc(&[plain("/X0 Do")], &forms)
}

#[test]
fn form_xobject_depth() {
    let limits = Limits {
        max_form_depth: 8,
        ..Limits::default()
    };
    let m = limit_error(&form_chain(9), &limits);
    assert!(m.contains("max_form_depth"), "{m}");
    assert_eq!(text(&read(&form_chain(8), &limits)), "Deep");
}

#[test]
fn form_xobject_cycle_is_not_followed() {
    // /X0 draws /X1, which draws /X0 again.
    let forms = [
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
            format!("{HELLO} /X1 Do").as_bytes(),
        ),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
            b"/X0 Do",
        ),
    ];
    let doc = read(&pages_doc(&[plain("/X0 Do")], &forms), &Limits::default());
    assert_eq!(text(&doc), "Hello");
    assert!(
        doc.warnings.iter().any(|w| w.contains("invokes itself")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn pages_per_document() {
    let pages: Vec<Vec<u8>> = (0..12).map(|_| plain(HELLO)).collect();
    let bytes = pages_doc(&pages, &[]);
    let limits = Limits {
        max_pages: 10,
        ..Limits::default()
    };
    let m = limit_error(&bytes, &limits);
    assert!(m.contains("max_pages"), "{m}");
    let limits = Limits {
        max_pages: 12,
        ..Limits::default()
    };
    assert_eq!(read(&bytes, &limits).pages.len(), 12);
}

#[test]
fn wall_time_per_document() {
    // Enough operators to take well over 1 ms; the clock is read every few
    // thousand operators and between pages.
    let content = "0 0 m ".repeat(400_000);
    let bytes = pages_doc(&[plain(&content), plain(HELLO)], &[]);
    let limits = Limits {
        max_millis: 1,
        ..Limits::default()
    };
    let start = Instant::now();
    let m = limit_error(&bytes, &limits);
    assert!(m.contains("max_millis"), "{m}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn page_tree_cycle_is_detected() {
    // The second kid of the root is the root itself, and the page node
    // lists the root as a kid too: one page, a warning, no hang.
    let bytes = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R 2 0 R 5 0 R] /Count 99 >>"),
        obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>"),
        plain(HELLO),
        obj("<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 1 >>"),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ]);
    let doc = read(&bytes, &Limits::default());
    assert_eq!(doc.pages.len(), 1);
    assert_eq!(text(&doc), "Hello");
    assert!(
        doc.warnings.iter().any(|w| w.contains("loops back")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn deep_page_tree_does_not_overflow_the_stack() {
    // 20 000 /Pages nodes, each the only kid of the one before.
    let depth = 20_000;
    let mut objs = vec![obj("<< /Type /Catalog /Pages 2 0 R >>")];
    for i in 0..depth {
        objs.push(obj(&format!(
            "<< /Type /Pages /Kids [{} 0 R] /Count 1 >>",
            i + 3
        )));
    }
    let leaf = depth + 2;
    objs.push(obj(&format!(
        "<< /Type /Page /Contents {} 0 R /Resources << /Font << /F1 {} 0 R >> >> >>",
        leaf + 1,
        leaf + 2
    )));
    objs.push(plain(HELLO));
    objs.push(obj(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ));
    let doc = read(&pdf(&objs), &Limits::default());
    assert_eq!(text(&doc), "Hello");
}

#[test]
fn reference_cycles_end() {
    let limits = Limits::default();
    // /Pages → 2 → 3 → 2 …: no page tree.
    let bytes = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("3 0 R"),
        obj("2 0 R"),
    ]);
    assert!(matches!(
        extract(&bytes, &limits),
        Err(PdfError::Damaged(_))
    ));
    // Contents, Resources and Font each a loop of references: the page
    // reads with nothing on it.
    let bytes = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Contents 4 0 R /Resources 5 0 R >>"),
        obj("6 0 R"),
        obj("<< /Font 7 0 R >>"),
        obj("4 0 R"),
        obj("8 0 R"),
        obj("7 0 R"),
    ]);
    let doc = read(&bytes, &limits);
    assert_eq!(doc.pages.len(), 1);
    assert!(doc.pages[0].glyphs.is_empty());
    // A stream whose /Length is a loop: lopdf drops the stream's data.
    let bytes = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>"),
        stream_with_length_ref(HELLO, 5),
        obj("5 0 R"),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ]);
    assert_eq!(read(&bytes, &limits).pages.len(), 1);
}

/// A stream whose `/Length` is a reference to object `len_obj`.
fn stream_with_length_ref(content: &str, len_obj: usize) -> Vec<u8> {
    format!("<< /Length {len_obj} 0 R >>\nstream\n{content}\nendstream").into_bytes()
}

#[test]
fn file_size() {
    let bytes = pages_doc(&[plain(HELLO)], &[]);
    let limits = Limits {
        max_file_bytes: 200,
        ..Limits::default()
    };
    let m = limit_error(&bytes, &limits);
    assert!(m.contains("max_file_bytes"), "{m}");
}

#[test]
fn limits_read_from_toml_name_the_same_keys() {
    // The keys the errors name are the keys of `--limits FILE.toml`.
    let limits: Limits = toml::from_str("max_pages = 3\nmax_millis = 100\n").expect("toml");
    assert_eq!((limits.max_pages, limits.max_millis), (3, 100));
    assert_eq!(limits.max_nesting, Limits::default().max_nesting);
    assert!(toml::from_str::<Limits>("max_pagez = 3\n").is_err());
}

/// A page that switches between `n` distinct Type0 fonts, each with a
/// `/W` entry for code 65535 (so each builds a 65 536-slot table) and, if
/// `program` is set, the same embedded font program (object `prog`).
fn many_fonts(n: usize, program: Option<&[u8]>) -> Vec<u8> {
    // 1 catalog, 2 pages, 3 page, 4 content, 5 font program, 6 W array,
    // then per font: Type0 dict, CIDFont dict, descriptor.
    let mut content = String::new();
    let mut fonts = String::new();
    for i in 0..n {
        content.push_str(&format!("BT /F{i} 12 Tf 72 700 Td <0041> Tj ET\n"));
        fonts.push_str(&format!("/F{i} {} 0 R ", 7 + 3 * i));
    }
    let mut objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << {fonts}>> >> >>"
        )),
        plain(&content),
        match program {
            Some(p) => stream("/Filter /FlateDecode", &flate(p)),
            None => obj("null"),
        },
        obj("[65535 [500]]"),
    ];
    for i in 0..n {
        let base = 7 + 3 * i;
        objs.push(obj(&format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /F{i} /Encoding /Identity-H /DescendantFonts [{} 0 R] >>",
            base + 1
        )));
        objs.push(obj(&format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F{i} /W 6 0 R /FontDescriptor {} 0 R >>",
            base + 2
        )));
        objs.push(obj(&format!(
            "<< /Type /FontDescriptor /FontName /F{i} /Flags 4 /FontFile2 5 0 R >>"
        )));
    }
    pdf(&objs)
}

#[test]
fn font_tables_count_against_the_document_budget() {
    // 200 fonts × a 65 536-slot table: about 150 MiB from a 90 KiB file.
    let bytes = many_fonts(200, None);
    let limits = Limits {
        max_document_bytes: 64 << 20,
        ..Limits::default()
    };
    let m = limit_error(&bytes, &limits);
    assert!(
        m.contains("font tables") && m.contains("max_document_bytes"),
        "{m}"
    );
    let doc = read(&many_fonts(20, None), &limits);
    assert_eq!(doc.pages[0].glyphs.len(), 20);
}

#[test]
fn font_loading_reads_the_clock() {
    // 60 fonts sharing one embedded program that inflates to 16 MiB: each
    // load decodes it again. The clock must stop the page long before the
    // few thousand operators after which it is read anyway.
    let bomb = vec![0u8; 16 << 20];
    let bytes = many_fonts(60, Some(&bomb));
    let limits = Limits {
        max_millis: 100,
        ..Limits::default()
    };
    let m = limit_error(&bytes, &limits);
    assert!(m.contains("max_millis"), "{m}");
}
