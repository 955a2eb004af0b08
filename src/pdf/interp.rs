//! Content-stream interpreter: operators → glyphs, rules and image counts
//! in page space.
//!
//! Only the state that decides *where text lands* is modelled: the graphics
//! state stack with its CTM and text state, the text and line matrices,
//! Form XObjects, and enough of path construction to keep the thin
//! rectangles and line segments Word draws as table rules. Colours, clipping
//! and shading are ignored.
//!
//! Text in render mode 3 (invisible) is emitted like any other text: in the
//! PDFs we meet it is an OCR layer over a scan, which is real text that the
//! later stages should read.

use super::content::{Lexer, Tok};
use super::document::{number, resolve, PageRef};
use super::filters::{self, Budget, StreamError};
use super::font::Font;
use super::matrix::{page_space, Matrix};
use super::paths::PathBuilder;
use super::{FontInfo, Glyph, PageGlyphs, PdfError};
use crate::limits::Limits;
use compact_str::CompactString;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

/// How many operators run between two looks at the clock.
const CLOCK_EVERY: u64 = 2048;

/// Most operands kept before an operator; more is garbage (a real operator
/// takes at most a handful, TJ arrays a few thousand) and is dropped so a
/// stream of numbers cannot pile up memory.
const MAX_OPERANDS: usize = 1 << 16;

/// Graphics state: the parts of it we model (text state included, since
/// `q`/`Q` save and restore it too).
#[derive(Debug, Clone, Copy)]
struct GState {
    ctm: Matrix,
    /// Index into [`DocContext::fonts`].
    font: Option<u32>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// `Tz` / 100.
    h_scale: f32,
    leading: f32,
    rise: f32,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Operand {
    Num(f32),
    Name(u32, u32),
    Str(u32, u32),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    /// `true`, `false`, `null`.
    Keyword,
}

/// What is shared by all pages of one document: loaded fonts, decoded form
/// streams, the byte budget and the clock.
pub(crate) struct DocContext<'d> {
    doc: &'d Document,
    limits: &'d Limits,
    deadline: Instant,
    budget: Budget,
    fonts: Vec<Font>,
    /// Font dictionary (by address in `doc`, stable while `doc` lives) →
    /// index into `fonts`.
    font_index: HashMap<usize, u32>,
    /// Decoded Form XObject content, by object id.
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    /// Reused buffer for a page's concatenated content streams.
    page_buf: Vec<u8>,
    /// Warnings from fonts loaded since the last page was finished.
    font_warnings: Vec<String>,
    /// The first content stream that could not be decoded: when no page
    /// gives text, this, not "scanned", is why.
    pub undecodable: Option<String>,
}

impl<'d> DocContext<'d> {
    /// `budget` carries what loading the file already cost.
    pub fn new(
        doc: &'d Document,
        limits: &'d Limits,
        deadline: Instant,
        budget: Budget,
    ) -> DocContext<'d> {
        DocContext {
            doc,
            limits,
            deadline,
            budget,
            undecodable: None,
            fonts: Vec::new(),
            font_index: HashMap::new(),
            forms: HashMap::new(),
            page_buf: Vec::new(),
            font_warnings: Vec::new(),
        }
    }

    /// Charges `bytes` of retained output (a page's glyphs) to the
    /// document budget; over `max_document_bytes` is a limit error.
    pub fn charge(&mut self, bytes: u64, what: &str) -> Result<(), PdfError> {
        self.budget.used = self.budget.used.saturating_add(bytes);
        if self.budget.used > self.budget.max_document {
            return Err(PdfError::size_limit(format!(
                "{what}: decoded streams, parsed objects and glyphs take more than {} bytes (max_document_bytes)",
                self.budget.max_document
            )));
        }
        Ok(())
    }

    pub fn check_clock(&self) -> Result<(), PdfError> {
        if Instant::now() >= self.deadline {
            Err(time_error(self.limits))
        } else if crate::memguard::exceeded() {
            Err(PdfError::memory_limit(self.limits.memory_message()))
        } else {
            Ok(())
        }
    }

    /// Interprets one page.
    pub fn page(
        &mut self,
        number: u32,
        page: &PageRef<'d>,
        warnings: &mut Vec<String>,
    ) -> Result<PageGlyphs, PdfError> {
        let doc = self.doc;
        let [x0, y0, x1, y1] = page.crop;
        let (w, h) = if page.rotate == 90 || page.rotate == 270 {
            (y1 - y0, x1 - x0)
        } else {
            (x1 - x0, y1 - y0)
        };
        let mut out = PageGlyphs {
            number,
            width: w,
            height: h,
            ..PageGlyphs::default()
        };

        // Concatenate the page's content streams (a token may not span two
        // streams in theory, but writers do it; a space keeps them apart).
        let mut buf = std::mem::take(&mut self.page_buf);
        buf.clear();
        let contents = page
            .dict
            .get(b"Contents")
            .ok()
            .and_then(|c| resolve(doc, c));
        let mut stream_list: Vec<&Stream> = Vec::new();
        match contents {
            Some(Object::Stream(s)) => stream_list.push(s),
            Some(Object::Array(items)) => {
                for item in items {
                    if let Some(Object::Stream(s)) = resolve(doc, item) {
                        stream_list.push(s);
                    }
                }
            }
            _ => {}
        }
        for s in stream_list {
            // A stream can take a while to inflate (64 MiB by default): read
            // the clock before each one, and once more before running them.
            if let Err(e) = self.check_clock() {
                self.page_buf = buf;
                return Err(e);
            }
            match filters::decode_into(s, &mut self.budget, &mut buf) {
                Ok(()) => {}
                Err(StreamError::Limit(hit)) => {
                    self.page_buf = buf;
                    return Err(PdfError::Limit(hit.at(format_args!("page {number}"))));
                }
                Err(StreamError::Corrupt(msg)) => {
                    let msg = format!("page {number}: content stream damaged ({msg})");
                    self.undecodable.get_or_insert_with(|| msg.clone());
                    warnings.push(msg)
                }
            }
            buf.push(b'\n');
        }

        if let Err(e) = self.check_clock() {
            self.page_buf = buf;
            return Err(e);
        }
        let mut run = PageRun {
            cx: self,
            out: &mut out,
            warnings,
            page_number: number,
            page_fonts: Vec::new(),
            ops: 0,
            gs: GState::new(page_space(page.crop, page.rotate)),
            gstack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: PathBuilder::default(),
            operands: Vec::with_capacity(16),
            arena: Vec::with_capacity(256),
            form_stack: Vec::new(),
        };
        let result = run.run(&buf, page.resources);
        self.page_buf = buf;
        warnings.append(&mut self.font_warnings);
        result?;
        Ok(out)
    }

    /// The font named `name` in `resources`, loaded once per document.
    ///
    /// Loading is where a font costs, and a small file can hold thousands
    /// of font dictionaries (found by hand while fuzzing): each font's
    /// tables stay in memory for the whole document, so they count against
    /// `max_document_bytes` (one `/W` entry for code 65535 makes a 64K-slot
    /// table), and decoding its programs takes time, so the clock is read
    /// after each load rather than only every few thousand operators.
    fn font(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
    ) -> Result<Option<u32>, PdfError> {
        let doc = self.doc;
        let Some(dict) = font_dict(doc, resources, name) else {
            return Ok(None);
        };
        let key = dict as *const Dictionary as usize;
        if let Some(&i) = self.font_index.get(&key) {
            return Ok(Some(i));
        }
        let font = Font::load(doc, dict);
        self.budget.used += font.heap_bytes() as u64;
        if self.budget.used > self.budget.max_document {
            return Err(PdfError::size_limit(format!(
                "decoded streams and font tables take more than {} bytes (max_document_bytes)",
                self.budget.max_document
            )));
        }
        self.check_clock()?;
        self.font_warnings.extend(font.warnings.iter().cloned());
        let i = self.fonts.len() as u32;
        self.fonts.push(font);
        self.font_index.insert(key, i);
        Ok(Some(i))
    }
}

/// The dictionary of the font named `name` in `resources`.
fn font_dict<'d>(
    doc: &'d Document,
    resources: Option<&'d Dictionary>,
    name: &[u8],
) -> Option<&'d Dictionary> {
    let fonts = resolve(doc, resources?.get(b"Font").ok()?)?
        .as_dict()
        .ok()?;
    resolve(doc, fonts.get(name).ok()?)?.as_dict().ok()
}

fn time_error(limits: &Limits) -> PdfError {
    PdfError::time_limit(format!(
        "time: reading took more than {} ms (max_millis)",
        limits.max_millis
    ))
}

/// The interpreter's state while running one page (forms included).
struct PageRun<'c, 'd> {
    cx: &'c mut DocContext<'d>,
    out: &'c mut PageGlyphs,
    warnings: &'c mut Vec<String>,
    page_number: u32,
    /// Document font index → index in `out.fonts` (u16::MAX: not yet used).
    page_fonts: Vec<u16>,
    ops: u64,
    gs: GState,
    gstack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: PathBuilder,
    operands: Vec<Operand>,
    /// String and name bytes of the current operands.
    arena: Vec<u8>,
    /// Forms being run, innermost last (cycle detection).
    form_stack: Vec<ObjectId>,
}

impl<'c, 'd> PageRun<'c, 'd> {
    /// Runs one content stream with `resources`.
    fn run(&mut self, data: &[u8], resources: Option<&'d Dictionary>) -> Result<(), PdfError> {
        let mut lx = Lexer::new(data);
        let mut depth: u32 = 0;
        self.operands.clear();
        self.arena.clear();
        loop {
            let tok = lx.next(&mut self.arena);
            let operand = match tok {
                Tok::Eof => return Ok(()),
                Tok::Num(v) => Operand::Num(v),
                Tok::Name(a, b) => Operand::Name(a, b),
                Tok::Str(a, b) => Operand::Str(a, b),
                Tok::ArrOpen | Tok::DictOpen => {
                    depth += 1;
                    if depth > self.cx.limits.max_nesting {
                        return Err(PdfError::size_limit(format!(
                            "page {}: arrays/dictionaries nested deeper than {} (max_nesting)",
                            self.page_number, self.cx.limits.max_nesting
                        )));
                    }
                    if tok == Tok::ArrOpen {
                        Operand::ArrOpen
                    } else {
                        Operand::DictOpen
                    }
                }
                Tok::ArrClose | Tok::DictClose => {
                    depth = depth.saturating_sub(1);
                    if tok == Tok::ArrClose {
                        Operand::ArrClose
                    } else {
                        Operand::DictClose
                    }
                }
                Tok::Op(a, b) => {
                    let op = lx.slice(a, b);
                    if matches!(op, b"true" | b"false" | b"null") {
                        Operand::Keyword
                    } else {
                        depth = 0;
                        self.count_op()?;
                        self.operator(op, &mut lx, resources)?;
                        self.operands.clear();
                        self.arena.clear();
                        continue;
                    }
                }
            };
            if self.operands.len() < MAX_OPERANDS {
                self.operands.push(operand);
            }
        }
    }

    fn count_op(&mut self) -> Result<(), PdfError> {
        self.ops += 1;
        if self.ops > self.cx.limits.max_operators_per_page {
            return Err(PdfError::size_limit(format!(
                "page {}: more than {} operators (max_operators_per_page)",
                self.page_number, self.cx.limits.max_operators_per_page
            )));
        }
        if self.ops % CLOCK_EVERY == 0 {
            self.cx.check_clock()?;
        }
        Ok(())
    }

    /// The last `N` operands as numbers, if they are numbers.
    #[inline]
    fn nums<const N: usize>(&self) -> Option<[f32; N]> {
        let n = self.operands.len();
        if n < N {
            return None;
        }
        let mut v = [0f32; N];
        for (slot, op) in v.iter_mut().zip(&self.operands[n - N..]) {
            match op {
                Operand::Num(x) => *slot = *x,
                _ => return None,
            }
        }
        Some(v)
    }

    fn last_name(&self) -> Option<&[u8]> {
        match self.operands.last()? {
            Operand::Name(a, b) => Some(&self.arena[*a as usize..*b as usize]),
            _ => None,
        }
    }

    fn operator(
        &mut self,
        op: &[u8],
        lx: &mut Lexer<'_>,
        resources: Option<&'d Dictionary>,
    ) -> Result<(), PdfError> {
        match op {
            // --- text showing (most frequent first) ---
            b"Tj" => {
                if let Some(&Operand::Str(a, b)) = self.operands.last() {
                    self.show(a, b)?;
                }
            }
            b"TJ" => self.show_array()?,
            b"'" => {
                self.next_line();
                if let Some(&Operand::Str(a, b)) = self.operands.last() {
                    self.show(a, b)?;
                }
            }
            b"\"" => {
                let n = self.operands.len();
                if n >= 3 {
                    if let (Operand::Num(aw), Operand::Num(ac)) =
                        (self.operands[n - 3], self.operands[n - 2])
                    {
                        self.gs.word_spacing = aw;
                        self.gs.char_spacing = ac;
                    }
                }
                self.next_line();
                if let Some(&Operand::Str(a, b)) = self.operands.last() {
                    self.show(a, b)?;
                }
            }
            // --- text positioning ---
            b"Td" => {
                if let Some([tx, ty]) = self.nums::<2>() {
                    self.tlm = self.tlm.pre_translate(tx, ty);
                    self.tm = self.tlm;
                }
            }
            b"TD" => {
                if let Some([tx, ty]) = self.nums::<2>() {
                    self.gs.leading = -ty;
                    self.tlm = self.tlm.pre_translate(tx, ty);
                    self.tm = self.tlm;
                }
            }
            b"Tm" => {
                if let Some(v) = self.nums::<6>() {
                    let m = Matrix::from_array(v);
                    if m.is_finite() {
                        self.tlm = m;
                        self.tm = m;
                    }
                }
            }
            b"T*" => self.next_line(),
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"ET" => {}
            // --- text state ---
            b"Tf" => {
                let n = self.operands.len();
                if n >= 2 {
                    if let (Operand::Name(a, b), Operand::Num(size)) =
                        (self.operands[n - 2], self.operands[n - 1])
                    {
                        let name = &self.arena[a as usize..b as usize];
                        self.gs.font = self.cx.font(resources, name)?;
                        self.gs.font_size = size;
                        if self.gs.font.is_none() {
                            let name = name.to_vec();
                            self.warn_once_font(&name);
                        }
                    }
                }
            }
            b"Tc" => {
                if let Some([v]) = self.nums::<1>() {
                    self.gs.char_spacing = v;
                }
            }
            b"Tw" => {
                if let Some([v]) = self.nums::<1>() {
                    self.gs.word_spacing = v;
                }
            }
            b"Tz" => {
                if let Some([v]) = self.nums::<1>() {
                    self.gs.h_scale = v / 100.0;
                }
            }
            b"TL" => {
                if let Some([v]) = self.nums::<1>() {
                    self.gs.leading = v;
                }
            }
            b"Ts" => {
                if let Some([v]) = self.nums::<1>() {
                    self.gs.rise = v;
                }
            }
            // --- graphics state ---
            b"q" => {
                if self.gstack.len() as u64 >= u64::from(self.cx.limits.max_nesting) * 4 {
                    return Err(PdfError::size_limit(format!(
                        "page {}: graphics states (q) nested deeper than {} (4 × max_nesting)",
                        self.page_number,
                        u64::from(self.cx.limits.max_nesting) * 4
                    )));
                }
                self.gstack.push(self.gs);
            }
            b"Q" => {
                if let Some(g) = self.gstack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(v) = self.nums::<6>() {
                    let m = Matrix::from_array(v).then(&self.gs.ctm);
                    if m.is_finite() {
                        self.gs.ctm = m;
                    }
                }
            }
            // --- paths ---
            b"re" => {
                if let Some([x, y, w, h]) = self.nums::<4>() {
                    self.path.rect(&self.gs.ctm, x, y, w, h);
                }
            }
            b"m" => {
                if let Some([x, y]) = self.nums::<2>() {
                    self.path.move_to(&self.gs.ctm, x, y);
                }
            }
            b"l" => {
                if let Some([x, y]) = self.nums::<2>() {
                    self.path.line_to(&self.gs.ctm, x, y);
                }
            }
            b"c" => {
                if let Some([_, _, _, _, x, y]) = self.nums::<6>() {
                    self.path.curve_to(&self.gs.ctm, x, y);
                }
            }
            b"v" | b"y" => {
                if let Some([_, _, x, y]) = self.nums::<4>() {
                    self.path.curve_to(&self.gs.ctm, x, y);
                }
            }
            b"h" => self.path.close(),
            b"f" | b"F" | b"f*" => self.path.paint(true, false, &mut self.out.rules),
            b"S" => self.path.paint(false, true, &mut self.out.rules),
            b"s" => {
                self.path.close();
                self.path.paint(false, true, &mut self.out.rules)
            }
            b"B" | b"B*" => self.path.paint(true, true, &mut self.out.rules),
            b"b" | b"b*" => {
                self.path.close();
                self.path.paint(true, true, &mut self.out.rules)
            }
            b"n" => self.path.clear(),
            // --- XObjects and inline images ---
            b"Do" => {
                if let Some(name) = self.last_name().map(<[u8]>::to_vec) {
                    self.do_xobject(&name, resources)?;
                }
            }
            b"BI" => self.inline_image(lx),
            _ => {}
        }
        Ok(())
    }

    fn warn_once_font(&mut self, name: &[u8]) {
        let msg = format!(
            "page {}: font /{} is not in the resources; its text is skipped",
            self.page_number,
            String::from_utf8_lossy(name)
        );
        if !self.warnings.contains(&msg) {
            self.warnings.push(msg);
        }
    }

    /// `T*`: to the start of the next line.
    fn next_line(&mut self) {
        self.tlm = self.tlm.pre_translate(0.0, -self.gs.leading);
        self.tm = self.tlm;
    }

    /// The page-local index of document font `fi`, registering it on first use.
    fn page_font(&mut self, fi: u32) -> u16 {
        let fi = fi as usize;
        if self.page_fonts.len() <= fi {
            self.page_fonts.resize(fi + 1, u16::MAX);
        }
        if self.page_fonts[fi] == u16::MAX {
            let info: FontInfo = self.cx.fonts[fi].info.clone();
            self.page_fonts[fi] = self.out.fonts.len().min(u16::MAX as usize - 1) as u16;
            self.out.fonts.push(info);
        }
        self.page_fonts[fi]
    }

    /// Shows the string at `arena[a..b]` with the current font.
    fn show(&mut self, a: u32, b: u32) -> Result<(), PdfError> {
        let Some(fi) = self.gs.font else {
            return Ok(());
        };
        let page_font = self.page_font(fi);
        let font = &self.cx.fonts[fi as usize];
        let vertical = font.is_vertical();
        let gs = self.gs;
        let fs = gs.font_size;
        // Text space → page space, without the font size: Tm × CTM. The
        // glyph origin is (0, rise) in text space.
        let mut m = self.tm.then(&gs.ctm);
        let size = (fs * m.y_scale()).abs();
        let x_scale = m.x_scale();
        for d in font.codes(&self.arena[a as usize..b as usize]) {
            let space = d.is_space_code || d.text == Some(" ");
            let tw = if d.is_space_code {
                gs.word_spacing
            } else {
                0.0
            };
            let adv = (d.width * fs + gs.char_spacing) * gs.h_scale;
            let (x, y) = (m.e + gs.rise * m.c, m.f + gs.rise * m.d);
            let text = match d.text {
                // Mapped to nothing on purpose (ToUnicode to U+0000): the
                // glyph still advances but gives no text.
                Some("") => None,
                Some(t) => Some(CompactString::new(t)),
                None => {
                    self.out.unmapped += 1;
                    Some(CompactString::const_new("\u{FFFD}"))
                }
            };
            // Like poppler, drop glyphs whose origin lies off the page: text
            // parked outside the crop box is not part of what readers see.
            // Finite matrices and sizes can still multiply out to infinity
            // (found by fuzzing): such a glyph is nowhere on the page either.
            let width = adv * x_scale;
            let on_page = x + width >= 0.0
                && x <= self.out.width
                && y >= 0.0
                && y <= self.out.height
                && width.is_finite()
                && size.is_finite();
            if let (Some(text), true) = (text, on_page) {
                self.out.glyphs.push(Glyph {
                    text,
                    x,
                    y,
                    width,
                    size,
                    font: page_font,
                    space,
                });
            }
            if vertical {
                // Vertical writing: one text-space unit (1000/1000) down per
                // glyph, as without /W2 (PDF 32000 §9.7.4.3).
                let ty = -fs + gs.char_spacing + tw;
                m = m.pre_translate(0.0, ty);
                self.tm = self.tm.pre_translate(0.0, ty);
            } else {
                let tx = adv + tw * gs.h_scale;
                m.advance(tx);
                self.tm.advance(tx);
            }
        }
        self.count_glyphs()
    }

    /// Glyphs count against the operator budget too: one `Tj` with a huge
    /// string must not be a way around it.
    fn count_glyphs(&mut self) -> Result<(), PdfError> {
        let n = self.out.glyphs.len() as u64;
        if n > self.cx.limits.max_operators_per_page {
            return Err(PdfError::size_limit(format!(
                "page {}: more than {} glyphs (max_operators_per_page)",
                self.page_number, self.cx.limits.max_operators_per_page
            )));
        }
        Ok(())
    }

    /// `TJ`: strings and position adjustments (thousandths of text space,
    /// subtracted from the advance).
    fn show_array(&mut self) -> Result<(), PdfError> {
        // Operands after the last '[' (nested arrays are not valid in TJ and
        // are skipped with their contents).
        let start = match self.operands.iter().rposition(|o| *o == Operand::ArrOpen) {
            Some(i) => i + 1,
            None => return Ok(()),
        };
        let ops = std::mem::take(&mut self.operands);
        for op in &ops[start..] {
            match *op {
                Operand::Str(a, b) => self.show(a, b)?,
                Operand::Num(n) => {
                    let tx = -n / 1000.0 * self.gs.font_size * self.gs.h_scale;
                    self.tm.advance(tx);
                }
                _ => {}
            }
        }
        self.operands = ops;
        Ok(())
    }

    /// `BI … ID … EI`: skips the image, counts it.
    fn inline_image(&mut self, lx: &mut Lexer<'_>) {
        lx.skip_inline_image(&mut self.arena);
        self.out.images += 1;
    }

    /// `Do`: an image is counted; a form is run with its matrix and
    /// resources (falling back to the current ones).
    fn do_xobject(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dictionary>,
    ) -> Result<(), PdfError> {
        let doc = self.cx.doc;
        let Some(xobjects) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| resolve(doc, x))
            .and_then(|x| x.as_dict().ok())
        else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(Object::Stream(stream)) = resolve(doc, entry) else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok());
        match subtype {
            Some(b"Image") => {
                self.out.images += 1;
                Ok(())
            }
            Some(b"Form") => self.run_form(id, stream, resources),
            _ => Ok(()),
        }
    }

    fn run_form(
        &mut self,
        id: Option<ObjectId>,
        stream: &'d Stream,
        resources: Option<&'d Dictionary>,
    ) -> Result<(), PdfError> {
        let doc = self.cx.doc;
        if let Some(id) = id {
            if self.form_stack.contains(&id) {
                self.warnings.push(format!(
                    "page {}: form XObject {} {} invokes itself; not followed",
                    self.page_number, id.0, id.1
                ));
                return Ok(());
            }
        }
        if self.form_stack.len() as u32 >= self.cx.limits.max_form_depth {
            return Err(PdfError::size_limit(format!(
                "page {}: form XObjects nested deeper than {} (max_form_depth)",
                self.page_number, self.cx.limits.max_form_depth
            )));
        }
        let content = match id.and_then(|id| self.cx.forms.get(&id)) {
            Some(c) => Rc::clone(c),
            None => {
                let mut bytes = Vec::new();
                match filters::decode_into(stream, &mut self.cx.budget, &mut bytes) {
                    Ok(()) => {}
                    Err(StreamError::Limit(hit)) => {
                        return Err(PdfError::Limit(
                            hit.at(format_args!("page {}", self.page_number)),
                        ))
                    }
                    Err(StreamError::Corrupt(msg)) => self.warnings.push(format!(
                        "page {}: form XObject stream damaged ({msg})",
                        self.page_number
                    )),
                }
                let c = Rc::new(bytes);
                if let Some(id) = id {
                    self.cx.forms.insert(id, Rc::clone(&c));
                }
                c
            }
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| resolve(doc, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|a| {
                let v: Vec<f32> = a
                    .iter()
                    .filter_map(|o| resolve(doc, o).and_then(number))
                    .collect();
                <[f32; 6]>::try_from(v).ok()
            })
            .map(Matrix::from_array)
            .filter(Matrix::is_finite)
            .unwrap_or(Matrix::IDENTITY);
        let form_resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| resolve(doc, r))
            .and_then(|r| r.as_dict().ok())
            .or(resources);

        // The form runs in its own graphics-state scope; text matrices too,
        // since a form may contain BT/ET of its own.
        let saved_gs = self.gs;
        let saved_depth = self.gstack.len();
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        let saved_path = std::mem::take(&mut self.path);
        self.gs.ctm = matrix.then(&self.gs.ctm);
        let before = self.form_stack.len();
        // Forms that are direct objects have no id; a placeholder still
        // counts toward the depth.
        self.form_stack.push(id.unwrap_or((u32::MAX, u16::MAX)));
        let result = self.run(&content, form_resources);
        self.form_stack.truncate(before);
        self.gs = saved_gs;
        self.gstack.truncate(saved_depth);
        self.tm = saved_tm;
        self.tlm = saved_tlm;
        self.path = saved_path;
        result
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::limits::Limits;
    use crate::pdf::{extract, PageGlyphs};
    use lopdf::{dictionary, Document, Object, Stream};

    /// A one-page PDF (612×792, or rotated) whose content is `content`,
    /// with font /F1: a simple font whose every code is 500/1000 wide (so
    /// the expected positions below do not depend on a metrics table), and
    /// a form XObject /Fm1 drawing "(F) Tj" with matrix [1 0 0 1 100 0].
    pub(crate) fn pdf_with(content: &[u8], rotate: i64) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Courier",
            "FirstChar" => 32,
            "LastChar" => 126,
            "Widths" => Object::Array(vec![Object::Integer(500); 95]),
            "Encoding" => "WinAnsiEncoding",
        });
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
            },
            b"BT /F1 10 Tf 0 0 Td (F) Tj ET".to_vec(),
        ));
        let contents = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let pages_id = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => contents,
            "Rotate" => rotate,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Resources" => dictionary! {
                    "Font" => dictionary! { "F1" => font },
                    "XObject" => dictionary! { "Fm1" => form },
                },
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    pub(crate) fn page_of(content: &[u8]) -> PageGlyphs {
        let doc = extract(&pdf_with(content, 0), &Limits::default()).expect("extract");
        doc.pages.into_iter().next().expect("one page")
    }

    /// (text, x, y, width, size) of each glyph, rounded to 1/1000.
    fn glyphs(p: &PageGlyphs) -> Vec<(String, f32, f32, f32, f32)> {
        let r = |v: f32| (v * 1000.0).round() / 1000.0;
        p.glyphs
            .iter()
            .map(|g| (g.text.to_string(), r(g.x), r(g.y), r(g.width), r(g.size)))
            .collect()
    }

    fn g(t: &str, x: f32, y: f32, w: f32, s: f32) -> (String, f32, f32, f32, f32) {
        (t.to_string(), x, y, w, s)
    }

    #[test]
    fn td_and_advances() {
        // 10pt font, 500-unit glyphs: 5pt advances. y is from the top.
        let p = page_of(b"BT /F1 10 Tf 72 700 Td (AB) Tj ET");
        assert_eq!(
            glyphs(&p),
            vec![g("A", 72.0, 92.0, 5.0, 10.0), g("B", 77.0, 92.0, 5.0, 10.0)]
        );
    }

    #[test]
    fn td_is_relative_to_line_start_and_tstar_uses_leading() {
        let p = page_of(b"BT /F1 10 Tf 14 TL 72 700 Td (AB) Tj 10 0 Td (C) Tj T* (D) Tj ET");
        let v = glyphs(&p);
        assert_eq!(v[2], g("C", 82.0, 92.0, 5.0, 10.0));
        assert_eq!(v[3], g("D", 82.0, 106.0, 5.0, 10.0));
    }

    #[test]
    fn capital_td_sets_leading() {
        let p = page_of(b"BT /F1 10 Tf 72 700 Td 0 -20 TD (A) Tj T* (B) Tj (C) ' ET");
        let v = glyphs(&p);
        assert_eq!(v[0], g("A", 72.0, 112.0, 5.0, 10.0));
        assert_eq!(v[1], g("B", 72.0, 132.0, 5.0, 10.0));
        assert_eq!(v[2], g("C", 72.0, 152.0, 5.0, 10.0));
    }

    #[test]
    fn tm_scales_size_and_advance() {
        let p = page_of(b"BT /F1 10 Tf 2 0 0 2 100 500 Tm (AB) Tj ET");
        assert_eq!(
            glyphs(&p),
            vec![
                g("A", 100.0, 292.0, 10.0, 20.0),
                g("B", 110.0, 292.0, 10.0, 20.0)
            ]
        );
    }

    #[test]
    fn cm_composes_with_tm_and_q_restores() {
        let p = page_of(b"q 1 0 0 1 50 50 cm 2 0 0 2 0 0 cm BT /F1 10 Tf 10 10 Td (A) Tj ET Q BT /F1 10 Tf 10 10 Td (B) Tj ET");
        let v = glyphs(&p);
        // (10,10) → ×2 → (20,20) → +50 → (70,70) user space → y = 792−70.
        assert_eq!(v[0], g("A", 70.0, 722.0, 10.0, 20.0));
        assert_eq!(v[1], g("B", 10.0, 782.0, 5.0, 10.0));
    }

    #[test]
    fn tz_tc_tw_and_tj_adjustments() {
        // Tz 50: advances halved. Tc 1 adds 1 before scaling; Tw 3 applies
        // to the space only.
        let p = page_of(b"BT /F1 10 Tf 50 Tz 1 Tc 3 Tw 0 700 Td (A B) Tj ET");
        let v = glyphs(&p);
        assert_eq!(v[0], g("A", 0.0, 92.0, 3.0, 10.0));
        assert_eq!(v[1].1, 3.0);
        assert!(p.glyphs[1].space);
        // Space: (5 + 1 + 3) × 0.5 = 4.5.
        assert_eq!(v[2].1, 7.5);
        // TJ: −500 thousandths of 10pt → 5pt further right.
        let p = page_of(b"BT /F1 10 Tf 0 700 Td [(A) -500 (B) 250 (C)] TJ ET");
        let v = glyphs(&p);
        assert_eq!((v[0].1, v[1].1, v[2].1), (0.0, 10.0, 12.5));
    }

    #[test]
    fn ts_raises_the_baseline_only() {
        let p = page_of(b"BT /F1 10 Tf 0 700 Td (A) Tj 3 Ts (B) Tj 0 Ts (C) Tj ET");
        let v = glyphs(&p);
        assert_eq!((v[0].2, v[1].2, v[2].2), (92.0, 89.0, 92.0));
        assert_eq!((v[0].1, v[1].1, v[2].1), (0.0, 5.0, 10.0));
    }

    #[test]
    fn double_quote_sets_spacing() {
        let p = page_of(b"BT /F1 10 Tf 12 TL 0 700 Td 2 1 (A B) \" ET");
        let v = glyphs(&p);
        assert_eq!(v[0].2, 104.0);
        assert_eq!(v[1].1, 6.0);
        assert_eq!(v[2].1, 14.0);
    }

    #[test]
    fn form_xobject_uses_its_matrix_and_restores_state() {
        let p = page_of(b"q 1 0 0 1 0 100 cm /Fm1 Do Q BT /F1 10 Tf 0 0 Td (G) Tj ET");
        let v = glyphs(&p);
        assert_eq!(v[0], g("F", 100.0, 692.0, 5.0, 10.0));
        assert_eq!(v[1], g("G", 0.0, 792.0, 5.0, 10.0));
    }

    #[test]
    fn images_rules_and_inline_images() {
        let p = page_of(
            b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI 72 100 400 0.5 re f 72 90 m 300 90 l S BT /F1 10 Tf (A) Tj ET",
        );
        assert_eq!(p.images, 1);
        assert_eq!(p.rules.len(), 2);
        assert_eq!(p.glyphs.len(), 1);
    }

    #[test]
    fn glyphs_off_the_page_are_dropped() {
        let p = page_of(b"BT /F1 10 Tf 72 800 Td (A) Tj 0 -100 Td (B) Tj 600 0 Td (C) Tj -800 -100 Td (D) Tj ET");
        let v: Vec<&str> = p.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(v, vec!["B"]);
    }

    #[test]
    fn rotate_90_turns_coordinates() {
        let bytes = pdf_with(b"BT /F1 10 Tf 72 700 Td (A) Tj ET", 90);
        let doc = extract(&bytes, &Limits::default()).expect("extract");
        let p = &doc.pages[0];
        assert_eq!((p.width, p.height), (792.0, 612.0));
        // (u, v) = (72, 92) unrotated → (h − v, u) = (700, 72).
        assert_eq!((p.glyphs[0].x, p.glyphs[0].y), (700.0, 72.0));
    }

    #[test]
    fn operator_limit() {
        let content = b"q Q ".repeat(1000);
        let bytes = pdf_with(&content, 0);
        let limits = Limits {
            max_operators_per_page: 500,
            ..Limits::default()
        };
        let err = extract(&bytes, &limits).unwrap_err();
        assert!(err.to_string().contains("max_operators_per_page"), "{err}");
    }

    #[test]
    fn self_invoking_form_is_not_followed() {
        // A form whose resources name itself: detected as a cycle.
        let mut doc = lopdf::Document::load_mem(&pdf_with(b"/Fm1 Do", 0)).expect("load");
        let form_id = doc
            .objects
            .iter()
            .find(|(_, o)| {
                o.as_stream().is_ok_and(|s| {
                    s.dict
                        .get(b"Subtype")
                        .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Form"))
                })
            })
            .map(|(id, _)| *id)
            .expect("form");
        if let Ok(Object::Stream(s)) = doc.get_object_mut(form_id) {
            s.dict.set(
                "Resources",
                dictionary! { "XObject" => dictionary! { "Fm1" => form_id } },
            );
            s.set_content(b"/Fm1 Do".to_vec());
        }
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        let out = extract(&bytes, &Limits::default()).expect("extract");
        assert!(
            out.warnings.iter().any(|w| w.contains("invokes itself")),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn glyph_sizes_overflowing_to_infinity_are_dropped() {
        // Found by fuzzing: a finite Tf size times a finite Tm scale is
        // infinite in f32; such a glyph would poison layout's sorting.
        let p = page_of(b"BT /F1 300000000000000000000000000000000000000 Tf 0 0 0 100 72 700 Tm (A) Tj ET BT /F1 10 Tf (B) Tj ET");
        assert_eq!(p.glyphs.len(), 1);
        assert_eq!(p.glyphs[0].text, "B");
    }

    #[test]
    fn unknown_font_and_garbage_do_not_panic() {
        let p =
            page_of(b"BT /Nope 12 Tf (x) Tj ET ] >> ) } 1 2 3 4 5 6 7 8 cm Tj TJ ' \" Do re Tf");
        assert!(p.glyphs.is_empty());
        // An unterminated inline image at the end counts as an image: with
        // no text at all that is a scan.
        let bytes = pdf_with(b"BI /W 1", 0);
        assert_eq!(
            extract(&bytes, &Limits::default()),
            Err(crate::pdf::PdfError::NoText { pages: vec![1] })
        );
    }
}
