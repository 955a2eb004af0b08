//! What each fuzz target does with its input, shared by the libFuzzer
//! targets (`fuzz/fuzz_targets/*.rs`) and the stable-Rust replay test
//! (`tests/fuzz_regressions.rs`), so that a saved crash input is replayed
//! through exactly the code that found it.
//!
//! Each function must return normally for every input. Besides "no panic,
//! no hang, no OOM" (libFuzzer's own oracles) they check a few invariants
//! later stages rely on: positions and sizes are finite numbers (the
//! layout stage sorts by them) and errors print as one line.

#![allow(dead_code)]

use minutes::history::{self, Doc};
use minutes::layout::Page;
use minutes::limits::Limits;
use minutes::pdf::font::cmap::CMap;
use minutes::pdf::font::encoding::glyph_to_unicode;
use minutes::pdf::font::Font;
use minutes::pdf::{PageGlyphs, PdfDocument, PdfError};
use minutes::rules::RuleSet;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The caps every target runs under: the defaults, with the time budget
/// below libFuzzer's `-timeout=10` (so a slow input shows up as our
/// `Limit` error, and a *hang* past our own clock as a libFuzzer timeout)
/// and memory caps below `-rss_limit_mb=2048`.
pub fn limits() -> Limits {
    Limits {
        max_stream_bytes: 32 << 20,
        max_document_bytes: 128 << 20,
        max_operators_per_page: 500_000,
        max_millis: 5_000,
        ..Limits::default()
    }
}

/// PDF bytes → the `pdf` stage, then the `layout` stage on its output.
pub fn pdf_extract(data: &[u8]) {
    match minutes::pdf::extract(data, &limits()) {
        Ok(doc) => {
            check_document(&doc);
            for page in minutes::layout::layout_document(&doc) {
                for line in &page.lines {
                    assert!(line.baseline.is_finite(), "non-finite baseline");
                    assert!(line.column < page.columns.len().max(1), "column index");
                    assert!(!line.words.is_empty(), "empty line");
                }
            }
        }
        Err(e) => check_error(&e),
    }
}

/// Content-stream bytes → the interpreter, with the fixed resources of
/// [`minutes::pdf::fuzz_content`] (`/F1`–`/F3`, `/Fm1`, `/Fm2`, `/Im1`).
pub fn content_stream(data: &[u8]) {
    match minutes::pdf::fuzz_content(data, &limits()) {
        Ok(page) => check_page(&page),
        Err(e) => check_error(&e),
    }
}

/// CMap bytes → the CMap parser, then through a font that uses them both
/// as its `/ToUnicode` map and as its embedded `/Encoding` CMap (the two
/// ways a CMap reaches the parser), decoding the input itself and a fixed
/// string with the resulting font.
pub fn cmap(data: &[u8]) {
    let parsed = CMap::parse(data, &|n: &[u8]| {
        let name = std::str::from_utf8(n).ok()?;
        glyph_to_unicode(name).map(Cow::into_owned)
    });
    for r in &parsed.codespace {
        assert!((1..=4).contains(&r.len), "codespace length {}", r.len);
    }

    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.7");
    let cmap_stream = doc.add_object(Stream::new(dictionary! {}, data.to_vec()));
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "Fuzz",
        "W" => vec![1.into(), vec![500.into(), 600.into()].into()],
    });
    let type0 = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "Fuzz",
        "Encoding" => cmap_stream,
        "DescendantFonts" => vec![Object::Reference(descendant)],
        "ToUnicode" => cmap_stream,
    };
    let simple = dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => "Fuzz",
        "ToUnicode" => cmap_stream,
    };
    for dict in [type0, simple] {
        let font = Font::load(&doc, &dict);
        let probe: &[u8] = b"\x00\x01\x00\x41\x20\xff\xfe\xd8\x00\x7f\x80\x00\x00\x00";
        for bytes in [probe, &data[..data.len().min(4096)]] {
            let mut n = 0;
            for d in font.codes(bytes) {
                assert!(d.width.is_finite(), "non-finite width for code {}", d.code);
                n += 1;
            }
            assert!(n <= bytes.len(), "{n} codes out of {} bytes", bytes.len());
        }
    }
}

/// Rule-file text → the rules loader. The first byte picks which of the
/// built-in rule files (in name order: `dates`, `header`, `history`,
/// `items`, `labels`, `owners`, `people`, `sections`, `text`, `themes`)
/// the rest of the input replaces; the other files stay the built-in ones.
/// A rule set that loads is then used: the `minutes` stage reads a real
/// minutes document with it, and the `history` stage links two copies of
/// the meeting, so a rule that loads but breaks the stages using it (a
/// capture group that does not exist, an empty pattern matching
/// everywhere) is caught too.
pub fn rules(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let base = RuleSet::embedded();
    let mut files: BTreeMap<String, String> = base
        .file_names()
        .map(|n| (n.to_string(), base.file_text(n).unwrap_or("").to_string()))
        .collect();
    let names: Vec<String> = files.keys().cloned().collect();
    let name = &names[which as usize % names.len()];
    files.insert(name.clone(), String::from_utf8_lossy(rest).into_owned());
    let rules = match RuleSet::from_files(files) {
        Ok(r) => r,
        Err(e) => return check_line(&e.to_string()),
    };
    let hrules = &rules.history;
    // The same minutes as two files (an archive holds copies), so the
    // history stage has actions to link.
    let mut docs = Vec::new();
    for (document, sha) in [("a.pdf", "aaaa"), ("b.pdf", "bbbb")] {
        let mut meeting = minutes::minutes::read(&rules, document, sha, sample_pages());
        let evidence = history::prepare(&mut meeting, hrules);
        let clause = history::mid_sentence(&meeting, hrules);
        docs.push(Doc {
            meeting,
            evidence,
            clause,
        });
    }
    let _ = history::build(&mut docs, hrules);
}

/// A real minutes document (Word export, with an Action column), laid out
/// once.
fn sample_pages() -> &'static [Page] {
    static PAGES: OnceLock<Vec<Page>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let bytes = include_bytes!("../corpus/seed/shp-2016-05-11-docx.pdf");
        match minutes::pdf::extract(bytes, &Limits::default()) {
            Ok(doc) => minutes::layout::layout_document(&doc),
            Err(e) => panic!("sample minutes unreadable: {e}"),
        }
    })
}

/// Checks what the `pdf` stage promises about a document it read.
pub fn check_document(doc: &PdfDocument) {
    for page in &doc.pages {
        check_page(page);
    }
}

pub fn check_page(page: &PageGlyphs) {
    assert!(
        page.width.is_finite() && page.height.is_finite(),
        "page size {} × {}",
        page.width,
        page.height
    );
    for g in &page.glyphs {
        assert!(
            g.x.is_finite() && g.y.is_finite() && g.width.is_finite() && g.size.is_finite(),
            "non-finite glyph {g:?}"
        );
        assert!(
            (g.font as usize) < page.fonts.len(),
            "glyph font index out of range"
        );
    }
}

/// Errors print as one line (the CLI prefixes the file name).
pub fn check_error(e: &PdfError) {
    check_line(&e.to_string());
}

fn check_line(line: &str) {
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "error text {line:?}"
    );
}

// --- generated inputs ---------------------------------------------------
//
// The two targets below do not feed the fuzz bytes to a parser: they read
// them as a list of *choices* and build a well-formed-looking input from
// them (pages of minutes-like lines; a PDF with object streams, xref
// streams, fonts with large width tables, filter chains and deep nesting).
// Random bytes almost never get past a PDF parser into the rules stages,
// and almost never build an object stream that decompresses; choices
// reach both, and libFuzzer's coverage feedback still steers the choices.

/// Fuzz bytes read as a sequence of choices. Past the end every choice is
/// 0, so any input builds something, and a longer input builds more.
pub struct Choices<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, pos: 0 }
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    pub fn done(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let v = if n <= 256 {
            self.byte() as usize
        } else {
            self.byte() as usize | (self.byte() as usize) << 8 | (self.byte() as usize) << 16
        };
        v % n
    }

    pub fn pick<'b, T>(&mut self, xs: &'b [T]) -> &'b T {
        &xs[self.below(xs.len())]
    }

    /// True with probability `in256` / 256.
    pub fn chance(&mut self, in256: u8) -> bool {
        self.byte() < in256
    }

    /// 1–8 bytes of printable ASCII (or, rarely, any byte as a char).
    pub fn raw_word(&mut self) -> String {
        let n = 1 + self.below(8);
        (0..n)
            .map(|_| {
                let b = self.byte();
                if b < 0x60 {
                    (0x21 + b % 0x5e) as char
                } else {
                    char::from(b)
                }
            })
            .collect()
    }
}

/// Words of minutes: labels, initials, bullets, numbering, dates, status
/// words, section headings, and a few hostile strings (controls, zero
/// width, ligatures). No real person or organisation.
pub const WORDS: &[&str] = &[
    "Action",
    "Action:",
    "ACTION",
    "Actions",
    "Action(s):",
    "ACTIONS",
    "AB",
    "CD",
    "EF/GH",
    "AB,",
    "JB",
    "All",
    "and",
    "to",
    "will",
    "circulate",
    "the",
    "minutes",
    "draft",
    "report",
    "by",
    "before",
    "next",
    "meeting",
    "12",
    "3rd",
    "March",
    "2024",
    "31/01/2025",
    "2024-02-29",
    "•",
    "-",
    "–",
    "*",
    "1.",
    "2)",
    "3.1",
    "(a)",
    "ii.",
    "Item",
    "Present:",
    "Apologies:",
    "In",
    "attendance:",
    "Chair",
    "Secretary",
    "Treasurer",
    "Matters",
    "arising",
    "Minutes",
    "of",
    "previous",
    "Date",
    "Time",
    "Agreed:",
    "Decision:",
    "Resolved",
    "Owner",
    "Who",
    "When",
    "Due",
    "Status",
    "Done",
    "Complete",
    "Ongoing",
    "Carried",
    "forward",
    "c/f",
    "Closed",
    "AOB",
    "Any",
    "other",
    "business",
    "Noted.",
    "TBC",
    "ASAP",
    "Mr",
    "Ms",
    "Dr",
    "Bloggs",
    "Doe",
    "(Chair)",
    "Page",
    "Agenda",
    "Update",
    "Finance",
    "Budget",
    "£1,200",
    "50%",
    ":",
    ";",
    "—",
    "\u{fb01}nal",
    "é",
    "\u{200b}",
    "\u{1b}[2J",
    "\u{7}",
    "Meeting",
    "held",
    "on",
    "Monday",
    "at",
    "7pm",
    "Village",
    "Hall",
    "Committee",
    "Annual",
    "General",
    "Trustees",
    "Board",
    "AGM",
    "Ref",
    "No.",
    "Actioned",
    "Outstanding",
    "Completed",
    "Deferred",
    "Y",
    "N",
];

/// Heap bytes, counted by [`Counting`] when a fuzz target installs it as
/// the global allocator (the stable replay test does not: no counting).
static HEAP_NOW: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);
static HEAP_PEAK: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);
static COUNTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The binary's allocator ([`minutes::memguard::Guarded`], so the
/// `max_memory_bytes` guard works as in the shipped binary), also keeping
/// the process's current and peak heap, so that a target can check that a
/// document's limits really bound what reading it holds.
pub struct Counting;

fn heap_note(delta: isize) {
    use std::sync::atomic::Ordering::Relaxed;
    let now = HEAP_NOW.fetch_add(delta, Relaxed) + delta;
    HEAP_PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded unchanged to `Guarded` (itself the system
// allocator); the bookkeeping is atomics only, allocates nothing, cannot
// unwind.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let p = minutes::memguard::Guarded.alloc(layout);
        if !p.is_null() {
            COUNTING.store(true, std::sync::atomic::Ordering::Relaxed);
            heap_note(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        let p = minutes::memguard::Guarded.alloc_zeroed(layout);
        if !p.is_null() {
            heap_note(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        minutes::memguard::Guarded.dealloc(ptr, layout);
        heap_note(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        let p = minutes::memguard::Guarded.realloc(ptr, layout, new_size);
        if !p.is_null() {
            heap_note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Runs `f`, returning its result and the most heap it held above what
/// was held when it started (`None` where [`Counting`] is not installed).
pub fn heap_peak_of<T>(f: impl FnOnce() -> T) -> (T, Option<u64>) {
    use std::sync::atomic::Ordering::Relaxed;
    let base = HEAP_NOW.load(Relaxed);
    HEAP_PEAK.store(base, Relaxed);
    let r = f();
    let peak = HEAP_PEAK.load(Relaxed) - base;
    let counted = COUNTING.load(Relaxed);
    (r, counted.then_some(peak.max(0) as u64))
}

fn embedded_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::embedded)
}

/// Pages of glyphs built from choices: lines of minutes words at chosen
/// indents, sizes, weights and spacings (wide gaps make table cells), with
/// table rules, jumps back up the page (overprinting), and page breaks.
pub fn gen_pages(c: &mut Choices) -> Vec<PageGlyphs> {
    use minutes::pdf::{FontInfo, Glyph, Rule};
    let fonts = vec![
        FontInfo {
            name: "Regular".into(),
            bold: false,
            italic: false,
        },
        FontInfo {
            name: "Bold".into(),
            bold: true,
            italic: false,
        },
        FontInfo {
            name: "Italic".into(),
            bold: false,
            italic: true,
        },
    ];
    let new_page = |n: u32| PageGlyphs {
        number: n,
        width: 612.0,
        height: 792.0,
        fonts: fonts.clone(),
        ..PageGlyphs::default()
    };
    let mut pages = Vec::new();
    let mut page = new_page(1);
    let mut y = 72.0f32;
    while !c.done() && pages.len() < 200 {
        match c.byte() % 16 {
            0 => {
                let n = page.number + 1;
                pages.push(std::mem::replace(&mut page, new_page(n)));
                y = 72.0;
            }
            1 => {
                // A table rule: horizontal across, or vertical down.
                let x0 = c.byte() as f32 * 2.4;
                let len = c.byte() as f32 * 2.4;
                let r = if c.chance(128) {
                    Rule {
                        x0,
                        y0: y - 10.0,
                        x1: x0 + len,
                        y1: y - 9.5,
                    }
                } else {
                    Rule {
                        x0,
                        y0: y - 10.0,
                        x1: x0 + 0.5,
                        y1: y - 10.0 + len,
                    }
                };
                page.rules.push(r);
            }
            2 => {
                // Jump: a gap, or back up over earlier lines.
                let d = c.byte() as f32;
                y = if c.chance(64) {
                    (y - d).max(0.0)
                } else {
                    y + d
                };
            }
            _ => {
                let x = if c.chance(200) {
                    *c.pick(&[
                        36.0, 54.0, 72.0, 90.0, 108.0, 126.0, 144.0, 216.0, 288.0, 360.0, 432.0,
                        504.0,
                    ])
                } else {
                    c.byte() as f32 * 2.4
                };
                let size: f32 = *c.pick(&[
                    6.0, 8.0, 9.0, 10.0, 10.0, 11.0, 11.0, 12.0, 14.0, 16.0, 24.0,
                ]);
                let font = c.below(3) as u16;
                let words = 1 + c.below(10);
                let mut xx = x;
                for _ in 0..words {
                    let word = if c.chance(16) {
                        c.raw_word()
                    } else {
                        c.pick(WORDS).to_string()
                    };
                    let sup = if c.chance(8) { -size * 0.3 } else { 0.0 };
                    for ch in word.chars() {
                        page.glyphs.push(Glyph {
                            text: ch.to_string().into(),
                            x: xx,
                            y: y + sup,
                            width: size * 0.5,
                            size,
                            font,
                            space: false,
                        });
                        xx += size * 0.5;
                    }
                    match c.below(8) {
                        // A column or cell gap, no space glyph.
                        0 => xx += size * (1.0 + c.byte() as f32 / 8.0),
                        // Touching the next word.
                        1 => {}
                        _ => {
                            page.glyphs.push(Glyph {
                                text: " ".into(),
                                x: xx,
                                y,
                                width: size * 0.25,
                                size,
                                font,
                                space: true,
                            });
                            xx += size * 0.25;
                        }
                    }
                }
                y += size * (1.0 + c.below(4) as f32 * 0.2);
            }
        }
    }
    pages.push(page);
    pages
}

/// How long the rules stages may take on one generated document, and the
/// heap they may hold (`max_memory_bytes`, enforced by `memguard`).
const MINUTES_MILLIS: u64 = 2_000;
const MINUTES_HEAP: u64 = 64 << 20;

/// Generated pages → layout → the whole `minutes` stage (header, items,
/// actions from labels, cells, lists and wording, decisions, dates) under
/// a deadline and a heap budget → `not_minutes` → the history stage on two
/// copies. Checks: no panic; the stage ends within its deadline plus a
/// margin (a step that is not near-linear shows up here); the heap held
/// stays near the budget; every action points at a page that exists; what
/// a terminal would show of it holds no raw control character.
pub fn minutes_pages(data: &[u8]) {
    let mut c = Choices::new(data);
    let glyphs = gen_pages(&mut c);
    let rules = embedded_rules();
    let hrules = &rules.history;
    let params = minutes::layout::Params::default();
    let start = std::time::Instant::now();
    let deadline = start + std::time::Duration::from_millis(MINUTES_MILLIS);
    let (_, peak) = heap_peak_of(|| {
        minutes::memguard::within(MINUTES_HEAP, || {
            let pages: Vec<Page> = glyphs
                .iter()
                .map(|p| minutes::layout::layout_page_with(p, &params))
                .collect();
            for page in &pages {
                for line in &page.lines {
                    assert!(line.baseline.is_finite(), "non-finite baseline");
                    assert!(!line.words.is_empty(), "empty line");
                }
            }
            let Ok(meeting) =
                minutes::minutes::read_until(rules, "fuzz.pdf", "f022", &pages, Some(deadline))
            else {
                return;
            };
            check_meeting(&meeting, pages.len());
            let _ = minutes::minutes::not_minutes(rules, &meeting, &pages);
            if std::time::Instant::now() >= deadline {
                return;
            }
            let mut docs = Vec::new();
            for (document, sha) in [("a.pdf", "aaaa"), ("b.pdf", "bbbb")] {
                let mut meeting = meeting.clone();
                meeting.document = document.into();
                meeting.sha = sha.into();
                let evidence = history::prepare(&mut meeting, hrules);
                let clause = history::mid_sentence(&meeting, hrules);
                docs.push(Doc {
                    meeting,
                    evidence,
                    clause,
                });
            }
            let _ = history::build(&mut docs, hrules);
        })
    });
    let took = start.elapsed();
    assert!(
        took.as_millis() < u128::from(MINUTES_MILLIS) + 3_000,
        "the minutes stage took {took:?} with a {MINUTES_MILLIS} ms deadline"
    );
    if let Some(peak) = peak {
        assert!(
            peak < MINUTES_HEAP + (32 << 20),
            "the minutes stage held {peak} heap bytes with a {MINUTES_HEAP} budget"
        );
    }
}

/// What the outputs rely on in a meeting read from `pages` pages.
fn check_meeting(meeting: &minutes::model::Meeting, pages: usize) {
    for a in &meeting.actions {
        assert!(
            a.page >= 1 && a.page as usize <= pages,
            "action on page {} of {pages}",
            a.page
        );
        assert!(!a.id.is_empty(), "action without an id");
        for s in [&a.text, &a.item, &a.item_title] {
            let shown = minutes::terminal::line(s);
            assert!(
                !shown.chars().any(|ch| ch.is_control()),
                "control character left in {shown:?}"
            );
        }
    }
    serde_json::to_string(meeting).expect("a meeting serialises");
}

// --- a generated PDF ----------------------------------------------------

/// Stream filters the generator can encode with, by their PDF names.
const FILTERS: &[&str] = &[
    "FlateDecode",
    "ASCIIHexDecode",
    "ASCII85Decode",
    "RunLengthDecode",
    "LZWDecode",
];

/// Encodes `data` so that decoding with `filter` gives it back.
fn encode(filter: &str, data: &[u8]) -> Vec<u8> {
    match filter {
        "FlateDecode" => {
            use std::io::Write;
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).expect("in-memory write");
            e.finish().expect("in-memory write")
        }
        "ASCIIHexDecode" => {
            let mut out: Vec<u8> = data
                .iter()
                .flat_map(|b| format!("{b:02x}").into_bytes())
                .collect();
            out.push(b'>');
            out
        }
        "ASCII85Decode" => {
            let mut out = Vec::new();
            for chunk in data.chunks(4) {
                let mut word = [0u8; 4];
                word[..chunk.len()].copy_from_slice(chunk);
                let mut n = u32::from_be_bytes(word);
                if chunk.len() == 4 && n == 0 {
                    out.push(b'z');
                    continue;
                }
                let mut digits = [0u8; 5];
                for d in digits.iter_mut().rev() {
                    *d = b'!' + (n % 85) as u8;
                    n /= 85;
                }
                out.extend_from_slice(&digits[..chunk.len() + 1]);
            }
            out.extend_from_slice(b"~>");
            out
        }
        "RunLengthDecode" => {
            let mut out = Vec::new();
            for chunk in data.chunks(128) {
                out.push((chunk.len() - 1) as u8);
                out.extend_from_slice(chunk);
            }
            out.push(128);
            out
        }
        "LZWDecode" => {
            // Literal codes only, 9 bits wide, a clear code every 250
            // codes so the width never grows: valid LZW, no compression.
            let mut bits: u64 = 0;
            let mut nbits = 0;
            let mut out = Vec::new();
            let mut put = |code: u64, out: &mut Vec<u8>| {
                bits = (bits << 9) | code;
                nbits += 9;
                while nbits >= 8 {
                    out.push((bits >> (nbits - 8)) as u8);
                    nbits -= 8;
                }
            };
            put(256, &mut out);
            for (i, &b) in data.iter().enumerate() {
                if i > 0 && i % 250 == 0 {
                    put(256, &mut out);
                }
                put(u64::from(b), &mut out);
            }
            put(257, &mut out);
            if nbits > 0 {
                out.push((bits << (8 - nbits)) as u8);
            }
            out
        }
        _ => data.to_vec(),
    }
}

/// A PDF string literal of `s` (bytes as Latin-1 where they fit).
fn pdf_string(s: &str) -> String {
    let mut out = String::from("(");
    for ch in s.chars() {
        match ch {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let b = if (c as u32) < 256 {
                    c as u32
                } else {
                    b'?' as u32
                };
                out.push_str(&format!("\\{b:03o}"));
            }
            c => out.push(c),
        }
    }
    out.push(')');
    out
}

/// A number array of `n` entries of `value` (the shape of `/Widths`).
fn number_array(n: usize, value: &str) -> String {
    let mut s = String::with_capacity(n * (value.len() + 1) + 2);
    s.push('[');
    for _ in 0..n {
        s.push_str(value);
        s.push(' ');
    }
    s.push(']');
    s
}

/// The objects of a generated document, before they are laid out in a file.
struct Objects {
    /// (number, body): a dictionary or array, or `<<…>>stream…endstream`.
    list: Vec<(u32, Vec<u8>)>,
    /// Objects that may go into an object stream (not streams).
    packable: Vec<u32>,
}

impl Objects {
    fn add(&mut self, n: u32, body: impl Into<Vec<u8>>, packable: bool) {
        self.list.push((n, body.into()));
        if packable {
            self.packable.push(n);
        }
    }
}

/// A stream object's body: `dict` (without its closing `>>`) plus the
/// data encoded by a chain of filters chosen from `c`. `chain` is how many.
fn stream_body(dict: &str, data: &[u8], filters: &[&str]) -> Vec<u8> {
    let mut encoded = data.to_vec();
    // Encoded in reverse, so decoding in the listed order gives `data`.
    for f in filters.iter().rev() {
        encoded = encode(f, &encoded);
    }
    let names: String = filters.iter().map(|f| format!("/{f}")).collect();
    let mut body = format!(
        "{dict} /Length {} {}>>\nstream\n",
        encoded.len(),
        if filters.is_empty() {
            String::new()
        } else {
            format!("/Filter [{names}] ")
        }
    )
    .into_bytes();
    body.extend_from_slice(&encoded);
    body.extend_from_slice(b"\nendstream");
    body
}

/// A filter chain from choices: usually none or one, sometimes long, its
/// encoded size kept under 2 MiB.
fn gen_filters(c: &mut Choices, data_len: usize) -> Vec<&'static str> {
    let n = match c.below(8) {
        0..=2 => 0,
        3..=5 => 1,
        6 => 2 + c.below(4),
        _ => 5 + c.below(60),
    };
    let mut out = Vec::new();
    let mut size = data_len as f64;
    for _ in 0..n {
        let f = *c.pick(FILTERS);
        let growth = match f {
            "ASCIIHexDecode" => 2.0,
            "ASCII85Decode" => 1.25,
            "LZWDecode" => 1.13,
            _ => 1.01,
        };
        if size * growth > (2 << 20) as f64 {
            break;
        }
        size *= growth;
        out.push(f);
    }
    out
}

/// A page's content stream from choices: text in the three fonts (simple,
/// Type0 two-byte codes, TrueType), `TJ` kerning, moves, graphics-state
/// nesting, table rules, form XObjects, deep operand arrays and unknown
/// operators.
/// Returns the stream, and whether it is sane: draws text, nests no
/// deeper than the default limits allow.
fn gen_content(c: &mut Choices) -> (Vec<u8>, bool) {
    let mut s = String::new();
    let mut text_drawn = false;
    let mut sane = true;
    let mut y = 750.0f32;
    let ops = 1 + c.below(64);
    for _ in 0..ops {
        match c.below(12) {
            0..=5 => {
                let font = *c.pick(&["F1", "F2", "F3"]);
                let size = *c.pick(&[8, 10, 11, 12, 14]);
                let x = *c.pick(&[54, 72, 90, 108, 144, 288, 400]);
                y -= size as f32 * 1.3;
                let mut text = String::new();
                for i in 0..1 + c.below(8) {
                    if i > 0 {
                        text.push(' ');
                    }
                    let word: &&str = c.pick(WORDS);
                    text.push_str(word);
                }
                let shown = if font == "F2" {
                    // Two-byte codes: the ToUnicode map sends 0x0100 + b to b.
                    let hex: String = text
                        .chars()
                        .map(|ch| format!("01{:02x}", (ch as u32).min(255)))
                        .collect();
                    format!("<{hex}> Tj")
                } else if c.chance(64) {
                    format!("[{} -250 {}] TJ", pdf_string(&text), pdf_string("x"))
                } else {
                    format!("{} Tj", pdf_string(&text))
                };
                s.push_str(&format!("BT /{font} {size} Tf {x} {y} Td {shown} ET\n"));
                text_drawn = true;
            }
            6 => {
                let depth = *c.pick(&[1, 4, 30, 300, 3000]);
                sane &= depth <= 300;
                s.push_str(&"q 1 0 0 1 0 0 cm ".repeat(depth));
                s.push_str(&"Q ".repeat(depth.saturating_sub(c.below(2))));
                s.push('\n');
            }
            7 => {
                let x = c.byte() as f32 * 2.0;
                s.push_str(&format!(
                    "{x} {y} {} 0.5 re f {x} {y} m {x} {} l S\n",
                    c.byte() as f32 * 2.0,
                    y - 40.0
                ));
            }
            8 => s.push_str("/X1 Do\n"),
            9 => {
                let depth = *c.pick(&[2, 50, 500, 5000]);
                sane &= depth <= 50;
                s.push_str(&"[".repeat(depth));
                s.push_str(&"]".repeat(depth));
                s.push_str(" pop\n");
            }
            10 => s.push_str("BT 1 0 0 1 72 400 Tm 2 Tz 5 Tc 3 Ts 14 TL T* (moved) ' ET\n"),
            _ => s.push_str(&format!("{} zz{}\n", c.byte(), c.byte())),
        }
    }
    (s.into_bytes(), sane && text_drawn)
}

/// Sizes of the font width tables: ordinary, then large enough that
/// parsing them eagerly costs far more than the file.
const TABLE_SIZES: &[usize] = &[0, 1, 95, 224, 256, 1_000, 20_000, 300_000, 3_000_000];

/// Builds a PDF from choices. Returns the file and whether it is *clean*:
/// no corruption, no table or chain chosen to exceed the limits, so
/// reading it must succeed.
pub fn gen_pdf(c: &mut Choices) -> (Vec<u8>, bool) {
    let mut clean = true;
    let mut objs = Objects {
        list: Vec::new(),
        packable: Vec::new(),
    };
    let n_pages = 1 + c.below(4);
    let depth = *c.pick(&[0, 0, 1, 3, 40, 400]);
    let cycle = c.chance(16);
    // Numbering: 1 catalog, 2 root of the page tree, 3.. tree nodes, then
    // pages and their contents, fonts, the form; then junk.
    let mut next = 3u32;
    let mut alloc = || {
        let n = next;
        next += 1;
        n
    };
    let nodes: Vec<u32> = (0..depth).map(|_| alloc()).collect();
    let pages: Vec<u32> = (0..n_pages).map(|_| alloc()).collect();
    let contents: Vec<u32> = (0..n_pages).map(|_| alloc()).collect();
    let (f1, f1_widths, f2, f2_cid, f2_w, f2_tounicode, f3, x1, junk) = (
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
    );

    objs.add(1, "<< /Type /Catalog /Pages 2 0 R >>", c.chance(128));
    // The page tree: the root, a chain of `depth` intermediate nodes, the
    // pages under the last one (and, for a cycle, the root again).
    let leaf_parent = nodes.last().copied().unwrap_or(2);
    let kids_of = |parent: u32| -> String {
        if parent == leaf_parent {
            let mut k: String = pages.iter().map(|p| format!("{p} 0 R ")).collect();
            if cycle {
                k.push_str("2 0 R ");
            }
            k
        } else {
            let i = nodes.iter().position(|&n| n == parent).map_or(0, |i| i + 1);
            format!("{} 0 R", nodes[i])
        }
    };
    objs.add(
        2,
        format!("<< /Type /Pages /Count {n_pages} /Kids [{}] >>", kids_of(2)),
        c.chance(128),
    );
    for (i, &n) in nodes.iter().enumerate() {
        let parent = if i == 0 { 2 } else { nodes[i - 1] };
        objs.add(
            n,
            format!(
                "<< /Type /Pages /Parent {parent} 0 R /Count {n_pages} /Kids [{}] >>",
                kids_of(n)
            ),
            c.chance(128),
        );
    }
    let resources = format!(
        "<< /Font << /F1 {f1} 0 R /F2 {f2} 0 R /F3 {f3} 0 R >> /XObject << /X1 {x1} 0 R >> >>"
    );
    for (&p, &content) in pages.iter().zip(&contents) {
        let media = if c.chance(16) {
            "[0 0 0 0]"
        } else {
            "[0 0 612 792]"
        };
        objs.add(
            p,
            format!(
                "<< /Type /Page /Parent {leaf_parent} 0 R /MediaBox {media} /Contents {content} 0 R /Resources {resources} >>"
            ),
            c.chance(128),
        );
        let (data, sane) = gen_content(c);
        let filters = gen_filters(c, data.len());
        clean &= sane && filters.len() < 5;
        objs.add(content, stream_body("<<", &data, &filters), false);
    }

    // F1: a simple font whose /Widths may be huge.
    let widths = *c.pick(TABLE_SIZES);
    let in_objstm = c.chance(160);
    let widths = if in_objstm {
        widths
    } else {
        widths.min(20_000)
    };
    clean &= widths <= 1_000;
    let first_char = *c.pick(&[0, 32, 32, 65, 255, -5, 2_000_000_000]);
    clean &= (0..=255).contains(&first_char);
    objs.add(
        f1,
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar {first_char} /LastChar {} /Widths {f1_widths} 0 R /Encoding /WinAnsiEncoding >>",
            first_char as i64 + widths as i64 - 1
        ),
        c.chance(128),
    );
    objs.add(f1_widths, number_array(widths, "500"), in_objstm);
    // F2: Type0 with a /W table of chosen size and shape.
    let w_entries = *c.pick(TABLE_SIZES);
    let in_objstm = c.chance(160);
    let w_entries = if in_objstm {
        w_entries
    } else {
        w_entries.min(20_000)
    };
    clean &= w_entries <= 1_000;
    let w = match c.below(3) {
        0 => format!("[0 {}]", number_array(w_entries, "600")),
        1 => {
            let mut s = String::from("[");
            for i in 0..w_entries {
                s.push_str(&format!("{} {} 500 ", i * 2, i * 2 + 1));
            }
            s.push(']');
            s
        }
        _ => format!("[0 {} 500]", w_entries.max(1) * 1000),
    };
    objs.add(f2_w, w, in_objstm);
    objs.add(
        f2_cid,
        format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Gen /DW 1000 /W {f2_w} 0 R >>"),
        c.chance(128),
    );
    let ranges = *c.pick(&[1usize, 1, 2, 100, 5_000]);
    clean &= ranges <= 100;
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in 0..ranges.div_ceil(100) {
        let n = (ranges - chunk * 100).min(100);
        cmap.push_str(&format!("{n} beginbfrange\n"));
        for _ in 0..n {
            cmap.push_str("<0100> <01FF> <0000>\n");
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end");
    let cmap_filters = gen_filters(c, cmap.len());
    clean &= cmap_filters.len() < 5;
    objs.add(
        f2_tounicode,
        stream_body("<<", cmap.as_bytes(), &cmap_filters),
        false,
    );
    objs.add(
        f2,
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /Gen /Encoding /Identity-H /DescendantFonts [{f2_cid} 0 R] /ToUnicode {f2_tounicode} 0 R >>"
        ),
        c.chance(128),
    );
    objs.add(
        f3,
        "<< /Type /Font /Subtype /TrueType /BaseFont /Times-Roman >>",
        c.chance(128),
    );
    // The form: draws text, and may invoke itself.
    let form_content = if c.chance(64) {
        "BT /F1 9 Tf 72 72 Td (form) Tj ET /X1 Do"
    } else {
        "BT /F3 9 Tf 72 60 Td (form) Tj ET"
    };
    objs.add(
        x1,
        stream_body(
            &format!("<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {resources}"),
            form_content.as_bytes(),
            &[],
        ),
        false,
    );
    // Junk reachable from nowhere: deep nesting, many small integers.
    let junk_body = match c.below(4) {
        0 => {
            let d = *c.pick(&[10, 100, 1_000, 100_000]);
            clean &= d <= 100;
            format!("{}{}", "[".repeat(d), "]".repeat(d))
        }
        1 => {
            let d = *c.pick(&[10, 100, 1_000, 100_000]);
            clean &= d <= 100;
            format!("{}{}", "<< /A ".repeat(d), ">>".repeat(d))
        }
        2 => {
            let n = *c.pick(TABLE_SIZES);
            clean &= n <= 1_000;
            number_array(n, "0")
        }
        _ => "null".into(),
    };
    objs.add(junk, junk_body, true);

    let (mut file, sane) = lay_out(c, objs, next);
    clean &= sane;
    // Corruption: a few bytes overwritten, or the file cut short.
    for _ in 0..c.below(4) {
        if file.is_empty() {
            break;
        }
        clean = false;
        let at = c.below(file.len());
        if c.chance(32) {
            file.truncate(at);
        } else {
            file[at] = c.byte();
        }
    }
    (file, clean)
}

/// Writes the objects as a file: some packed into one or more object
/// streams (with an xref stream), or all top-level with a classic xref
/// table; offsets right unless the choices say otherwise.
fn lay_out(c: &mut Choices, objs: Objects, size: u32) -> (Vec<u8>, bool) {
    let mut sane = true;
    let use_objstm = c.chance(170);
    let per_stream = *c.pick(&[1usize, 3, 100]);
    let mut out: Vec<u8> = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    // xref entries: number -> (type, field2, field3)
    let mut entries: std::collections::BTreeMap<u32, (u8, u64, u64)> = Default::default();
    let mut packed: Vec<(u32, Vec<u8>)> = Vec::new();
    for (n, body) in objs.list {
        if use_objstm && objs.packable.contains(&n) {
            packed.push((n, body));
            continue;
        }
        entries.insert(n, (1, out.len() as u64, 0));
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let mut next = size;
    for group in packed.chunks(per_stream) {
        let container = next;
        next += 1;
        let mut index = String::new();
        let mut bodies: Vec<u8> = Vec::new();
        for (i, (n, body)) in group.iter().enumerate() {
            index.push_str(&format!("{n} {} ", bodies.len()));
            entries.insert(*n, (2, u64::from(container), i as u64));
            bodies.extend_from_slice(body);
            bodies.push(b'\n');
        }
        let first = match c.below(16) {
            0 => {
                sane = false;
                index.len() + 7
            }
            _ => index.len(),
        };
        let mut data = index.into_bytes();
        data.extend_from_slice(&bodies);
        let filters: Vec<&str> = if c.chance(200) {
            vec!["FlateDecode"]
        } else {
            gen_filters(c, data.len())
        };
        sane &= filters.len() < 5;
        entries.insert(container, (1, out.len() as u64, 0));
        out.extend_from_slice(format!("{container} 0 obj\n").as_bytes());
        out.extend_from_slice(&stream_body(
            &format!("<< /Type /ObjStm /N {} /First {first}", group.len()),
            &data,
            &filters,
        ));
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    let size = next + 1;
    if use_objstm || c.chance(64) {
        // An xref stream, its own entry included.
        let xref_n = next;
        entries.insert(xref_n, (1, xref_at as u64, 0));
        let w2 = *c.pick(&[4usize, 4, 4, 3, 2, 8, 0]);
        let w = match c.below(16) {
            0 => "[1 2]".to_string(),
            1 => "[9 9 9]".to_string(),
            _ => format!("[1 {w2} 2]"),
        };
        sane &=
            w == format!("[1 {w2} 2]") && (w2 >= 4 || (w2 > 0 && (xref_at as u64) < 1 << (8 * w2)));
        let mut data = Vec::new();
        for i in 0..size {
            let (t, f2, f3) = entries.get(&i).copied().unwrap_or((0, 0, 0));
            data.push(t);
            let f2 = f2.to_be_bytes();
            data.extend_from_slice(&f2[8 - w2.min(8)..]);
            data.extend_from_slice(&(f3 as u16).to_be_bytes());
        }
        let prev = if c.chance(16) {
            sane = false;
            format!(" /Prev {xref_at}")
        } else {
            String::new()
        };
        let filters: Vec<&str> = if c.chance(220) {
            vec!["FlateDecode"]
        } else {
            gen_filters(c, data.len())
        };
        sane &= filters.len() < 5;
        out.extend_from_slice(format!("{xref_n} 0 obj\n").as_bytes());
        out.extend_from_slice(&stream_body(
            &format!("<< /Type /XRef /Size {size} /W {w} /Root 1 0 R{prev}"),
            &data,
            &filters,
        ));
        out.extend_from_slice(b"\nendobj\n");
    } else {
        out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for i in 1..size {
            match entries.get(&i) {
                Some((1, off, _)) => {
                    out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes())
                }
                _ => out.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        out.extend_from_slice(format!("trailer\n<< /Size {size} /Root 1 0 R >>\n").as_bytes());
    }
    let startxref = if c.chance(16) {
        sane = false;
        xref_at + c.below(64)
    } else {
        xref_at
    };
    out.extend_from_slice(format!("startxref\n{startxref}\n%%EOF\n").as_bytes());
    (out, sane)
}

/// Limits for the generated PDFs: small, so the generator's large tables,
/// chains and trees cross them.
pub fn gen_limits() -> Limits {
    Limits {
        max_stream_bytes: 4 << 20,
        max_document_bytes: 16 << 20,
        max_operators_per_page: 200_000,
        max_pages: 100,
        max_millis: 2_000,
        max_memory_bytes: 64 << 20,
        ..Limits::default()
    }
}

/// A generated PDF → the whole reading pipeline (`pdf`, layout, `minutes`,
/// as `minutes actions` and `scan` read a document) under small limits.
/// Checks: no panic; the document ends within `max_millis` plus a margin;
/// the heap it held stays near `max_memory_bytes` (the budgets were charged
/// before the allocations, not after); an error prints as one line; and a
/// clean document (nothing corrupted, nothing oversized) is read, never
/// called damaged, scanned or not a PDF.
pub fn pdf_gen(data: &[u8]) {
    let mut c = Choices::new(data);
    let (file, clean) = gen_pdf(&mut c);
    // To look at what an input builds: FUZZ_DUMP_PDF=out.pdf.
    if let Some(path) = std::env::var_os("FUZZ_DUMP_PDF") {
        let _ = std::fs::write(path, &file);
    }
    let limits = gen_limits();
    let rules = embedded_rules();
    let start = std::time::Instant::now();
    let (result, peak) =
        heap_peak_of(|| minutes::pipeline::read_meeting("gen.pdf", &file, rules, &limits));
    let took = start.elapsed();
    assert!(
        took.as_millis() < u128::from(limits.max_millis) + 3_000,
        "reading took {took:?} with max_millis = {}",
        limits.max_millis
    );
    if let Some(peak) = peak {
        let bound = limits.max_memory_bytes + 2 * limits.max_stream_bytes + (16 << 20);
        assert!(
            peak < bound,
            "reading held {peak} heap bytes (bound {bound})"
        );
    }
    match result {
        Ok(meeting) => check_meeting(&meeting, 100),
        Err(e) => {
            let line = e.to_string();
            check_line(&line);
            if clean {
                let kind = e.kind();
                assert!(
                    !matches!(kind, "damaged" | "no_text" | "not_pdf" | "panic"),
                    "a clean generated PDF read as {kind}: {line}"
                );
            }
        }
    }
}
