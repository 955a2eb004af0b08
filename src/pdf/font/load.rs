//! Building a [`Font`] from its dictionary: every mapping the font has is
//! resolved here, once, into a code-indexed table, so that decoding is cheap.

use super::cmap::{CMap, CodeRange};
use super::encoding::{
    glyph_to_unicode, standard_glyph, standard_text, type1_builtin_encoding, unfold_ligatures,
    BaseEncoding,
};
use super::std14::Std14;
use super::tables::NONE;
use super::truetype::TrueType;
use super::{Codespace, Font, FontKind, Slot, NO_TEXT};
use crate::pdf::filters::decode_capped;
use crate::pdf::FontInfo;
use lopdf::{Dictionary, Document, Object};
use std::borrow::Cow;
use std::collections::HashMap;

/// Largest decompressed ToUnicode / encoding CMap we read. Real ones are a
/// few KB (a full CJK map a few hundred); anything bigger is hostile.
const MAX_CMAP_BYTES: u64 = 8 << 20;
/// Largest decompressed embedded font program we read for its cmap.
const MAX_FONT_BYTES: u64 = 32 << 20;
/// Largest code kept in the dense table (2-byte codes).
const DENSE_LIMIT: u32 = 1 << 16;
/// Most width entries read from `/W` (ranges expanded).
const MAX_W_ENTRIES: usize = 1 << 17;

pub(super) fn load(doc: &Document, dict: &Dictionary) -> Font {
    let raw_name = get(doc, dict, b"BaseFont")
        .and_then(name_of)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let name = strip_subset(&raw_name);
    let name = if subtype_is(doc, dict, b"Type0") {
        // Type0 BaseFonts often carry the CMap name: `Arial-Identity-H`.
        name.strip_suffix("-Identity-H")
            .or_else(|| name.strip_suffix("-Identity-V"))
            .unwrap_or(name)
    } else {
        name
    }
    .to_string();
    let subtype = get(doc, dict, b"Subtype").and_then(name_of).unwrap_or(b"");
    let mut b = Builder {
        doc,
        name: if name.is_empty() {
            "(unnamed)".into()
        } else {
            name.clone()
        },
        warnings: Vec::new(),
        table: CodeTable {
            symbol_pua: name.to_ascii_lowercase().starts_with("symbol"),
            ..CodeTable::default()
        },
    };
    match subtype {
        b"Type0" => b.type0(dict, name),
        b"Type3" => b.simple(dict, name, FontKind::Type3),
        b"Type1" | b"MMType1" | b"TrueType" => b.simple(dict, name, FontKind::Simple),
        other => {
            let msg = format!(
                "unknown font subtype /{}; read as a simple font",
                String::from_utf8_lossy(other)
            );
            b.warn(msg);
            b.simple(dict, name, FontKind::Simple)
        }
    }
}

fn subtype_is(doc: &Document, dict: &Dictionary, subtype: &[u8]) -> bool {
    get(doc, dict, b"Subtype").and_then(name_of) == Some(subtype)
}

/// `ABCDEF+Name` → `Name` (six uppercase letters and a plus: a subset).
fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

// ---------------------------------------------------------------- objects

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

fn name_of(obj: &Object) -> Option<&[u8]> {
    match obj {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn num(obj: &Object) -> Option<f32> {
    match *obj {
        Object::Integer(i) => Some(i as f32),
        Object::Real(r) if r.is_finite() => Some(r),
        _ => None,
    }
}

fn dict_of<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a Dictionary> {
    match obj? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        Object::Reference(_) => dict_of(doc, obj.and_then(|o| deref(doc, o))),
        _ => None,
    }
}

fn array_of(obj: Option<&Object>) -> Option<&[Object]> {
    match obj? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

// ---------------------------------------------------------------- tables

/// The code → slot table under construction.
#[derive(Default)]
struct CodeTable {
    pool: String,
    dense: Vec<Slot>,
    sparse: HashMap<u32, Slot>,
    /// A Symbol font: Word maps its glyphs to the private-use U+F020–F0FF
    /// (the (3,0) cmap convention); read those through the Symbol encoding
    /// so a bullet comes out as U+2022, not U+F0B7.
    symbol_pua: bool,
}

impl CodeTable {
    fn slot_mut(&mut self, code: u32, default_width: f32) -> &mut Slot {
        let empty = Slot {
            start: NO_TEXT,
            len: 0,
            width: default_width,
        };
        if code < DENSE_LIMIT {
            let i = code as usize;
            if self.dense.len() <= i {
                self.dense.resize(i + 1, empty);
            }
            &mut self.dense[i]
        } else {
            self.sparse.entry(code).or_insert(empty)
        }
    }

    fn has_text(&self, code: u32) -> bool {
        let slot = match self.dense.get(code as usize) {
            Some(s) => Some(s),
            None => self.sparse.get(&code),
        };
        slot.is_some_and(|s| s.start != NO_TEXT)
    }

    fn set_width(&mut self, code: u32, width: f32, default_width: f32) {
        self.slot_mut(code, default_width).width = width;
    }

    /// Sets the text of `code` (as [`clean_text`] leaves it).
    fn set_text(&mut self, code: u32, text: &str, default_width: f32) {
        let text = match clean_text(text) {
            Clean::Text(t) if self.symbol_pua => symbol_from_pua(&t).unwrap_or(t),
            Clean::Text(t) => t,
            Clean::Nothing => Cow::Borrowed(""),
            Clean::Unknown => return,
        };
        let start = self.pool.len() as u32;
        self.pool.push_str(&text);
        let slot = self.slot_mut(code, default_width);
        slot.start = start;
        slot.len = text.len() as u32;
    }
}

/// Glyph id → text from an embedded font: its Unicode cmap first, then its
/// glyph names, then (with `use_symbol`) its (3,0) symbol cmap, whose codes
/// are private-use U+F0xx (read through the Symbol encoding for a Symbol
/// font, kept as they are otherwise, as other extractors do).
fn gid_texts(tt: &TrueType, use_symbol: bool, symbol_font: bool) -> HashMap<u16, String> {
    let mut out: HashMap<u16, String> = HashMap::new();
    let mut unicode = tt.unicode.clone();
    // Several code points may share a glyph: keep the smallest, stably.
    unicode.sort_unstable();
    for (u, gid) in unicode {
        if let Some(c) = char::from_u32(u) {
            out.entry(gid).or_insert_with(|| c.to_string());
        }
    }
    for (gid, name) in tt.names.iter().enumerate() {
        let Ok(gid) = u16::try_from(gid) else { break };
        if out.contains_key(&gid) {
            continue;
        }
        if let Some(t) = glyph_to_unicode(name) {
            out.insert(gid, t.into_owned());
        }
    }
    if use_symbol {
        let mut symbol = tt.symbol.clone();
        symbol.sort_unstable();
        for (code, gid) in symbol {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = c.to_string();
            let text = match symbol_font.then(|| symbol_from_pua(&text)).flatten() {
                Some(t) => t.into_owned(),
                None => text,
            };
            out.entry(gid).or_insert(text);
        }
    }
    out
}

/// U+F0xx (one char) → the Symbol encoding's glyph for xx, as Unicode.
fn symbol_from_pua(text: &str) -> Option<Cow<'static, str>> {
    let mut chars = text.chars();
    let c = chars.next()? as u32;
    if chars.next().is_some() || !(0xF020..=0xF0FF).contains(&c) {
        return None;
    }
    BaseEncoding::Symbol
        .text((c & 0xFF) as u8)
        .map(Cow::Borrowed)
}

/// The glyph a simple font's code selects: a standard glyph (by id, from a
/// base encoding or a `/Differences` name that is one) or another name.
#[derive(Debug, Clone)]
enum SimpleGlyph<'a> {
    Std(u16),
    Named(Cow<'a, str>),
}

impl SimpleGlyph<'_> {
    fn text(&self) -> Option<Cow<'static, str>> {
        match self {
            SimpleGlyph::Std(id) => standard_text(*id).map(Cow::Borrowed),
            SimpleGlyph::Named(n) => glyph_to_unicode(n),
        }
    }
}

/// What a mapped string means as text.
#[derive(Debug, PartialEq)]
enum Clean<'a> {
    /// Text to report (ligatures unfolded, white space as one space).
    Text(Cow<'a, str>),
    /// Deliberately no text: empty, U+0000 or other control characters
    /// (producers map spacing or invisible glyphs so).
    Nothing,
    /// U+FFFD: the producer did not know either; try the next source.
    Unknown,
}

fn clean_text(text: &str) -> Clean<'_> {
    if text.contains('\u{FFFD}') && text.chars().all(|c| c == '\u{FFFD}') {
        return Clean::Unknown;
    }
    if text.chars().all(char::is_whitespace) && !text.is_empty() {
        return Clean::Text(Cow::Borrowed(" "));
    }
    if text.chars().all(char::is_control) {
        return Clean::Nothing;
    }
    Clean::Text(unfold_ligatures(text))
}

struct Builder<'d> {
    doc: &'d Document,
    /// For warnings.
    name: String,
    warnings: Vec<String>,
    table: CodeTable,
}

impl<'d> Builder<'d> {
    fn warn(&mut self, msg: String) {
        if self.warnings.len() < 16 {
            self.warnings.push(format!("font {}: {msg}", self.name));
        }
    }

    fn finish(
        self,
        name: String,
        descriptor: Option<&Dictionary>,
        kind: FontKind,
        split: Codespace,
        default_width: f32,
        vertical: bool,
    ) -> Font {
        let (bold, italic) = style(self.doc, &name, descriptor);
        let CodeTable {
            pool,
            dense,
            sparse,
            ..
        } = self.table;
        let mut font = Font {
            info: FontInfo { name, bold, italic },
            warnings: self.warnings,
            kind,
            split,
            pool,
            dense,
            sparse,
            default_width,
            vertical,
            space_width: None,
        };
        font.space_width = font.find_space_width();
        font
    }

    /// Decompressed bytes of a stream object (through references); warns
    /// and gives `None` when there is none or it cannot be decoded.
    fn stream_bytes(&mut self, obj: &Object, what: &str) -> Option<Vec<u8>> {
        let stream = match deref(self.doc, obj) {
            Some(Object::Stream(s)) => s,
            Some(Object::Name(_)) => return None,
            _ => {
                self.warn(format!("{what} is not a stream; ignored"));
                return None;
            }
        };
        match decode_capped(stream, MAX_CMAP_BYTES) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                self.warn(format!("{what} cannot be decoded ({e}); ignored"));
                None
            }
        }
    }

    /// The font's `/ToUnicode` CMap, parsed.
    fn read_to_unicode(&mut self, dict: &Dictionary) -> Option<CMap> {
        let obj = dict.get(b"ToUnicode").ok()?;
        // `/ToUnicode /Identity-H` appears in the wild; it carries nothing.
        let bytes = self.stream_bytes(obj, "ToUnicode")?;
        let cmap = CMap::parse(&bytes, &|n: &[u8]| {
            let name = std::str::from_utf8(n).ok()?;
            glyph_to_unicode(name).map(Cow::into_owned)
        });
        for p in &cmap.problems {
            let msg = format!("ToUnicode: {p}");
            self.warn(msg);
        }
        if cmap.unicode.is_empty() {
            self.warn("ToUnicode has no mappings".into());
        }
        Some(cmap)
    }

    // ------------------------------------------------------------ simple

    fn simple(mut self, dict: &Dictionary, name: String, kind: FontKind) -> Font {
        let doc = self.doc;
        let descriptor = dict_of(doc, get(doc, dict, b"FontDescriptor"));
        let flags = descriptor
            .and_then(|d| get(doc, d, b"Flags"))
            .and_then(num)
            .map_or(0, |f| f as i64);
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let is_truetype = matches!(
            get(doc, dict, b"Subtype").and_then(name_of),
            Some(b"TrueType")
        );
        let std14 = Std14::from_base_font(&name);

        // 1. Code → glyph name: base encoding, then /Differences.
        let builtin = match std14 {
            Some(s) if s.name() == "Symbol" => Some(BaseEncoding::Symbol),
            Some(s) if s.name() == "ZapfDingbats" => Some(BaseEncoding::ZapfDingbats),
            _ if kind == FontKind::Type3 => None,
            _ if is_truetype && symbolic => None,
            _ => Some(BaseEncoding::Standard),
        };
        let mut glyphs: Vec<SimpleGlyph<'_>> = vec![SimpleGlyph::Std(NONE); 256];
        // The base encoding the PDF names, if any.
        let mut base_named = None;
        let mut differences: Option<&[Object]> = None;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => match BaseEncoding::from_pdf_name(n) {
                Some(e) => base_named = Some(e),
                None => {
                    let msg = format!("unknown /Encoding /{}", String::from_utf8_lossy(n));
                    self.warn(msg);
                }
            },
            Some(Object::Dictionary(d)) => {
                if let Some(n) = get(doc, d, b"BaseEncoding").and_then(name_of) {
                    match BaseEncoding::from_pdf_name(n) {
                        Some(e) => base_named = Some(e),
                        None => {
                            let msg =
                                format!("unknown /BaseEncoding /{}", String::from_utf8_lossy(n));
                            self.warn(msg);
                        }
                    }
                }
                differences = array_of(get(doc, d, b"Differences"));
            }
            Some(Object::Null) | None => {}
            Some(_) => self.warn("/Encoding of an unexpected type; ignored".into()),
        }
        let base = base_named.or(builtin);
        if let Some(base) = base {
            for (slot, &id) in glyphs.iter_mut().zip(base.ids().iter()) {
                *slot = SimpleGlyph::Std(id);
            }
        }
        // No base encoding named: an embedded Type 1 program's own encoding
        // beats the StandardEncoding guess.
        if base_named.is_none() && kind == FontKind::Simple && !is_truetype {
            if let Some(enc) = self.type1_encoding(descriptor) {
                glyphs.fill(SimpleGlyph::Std(NONE));
                for (code, name) in enc {
                    glyphs[code as usize] = match standard_glyph(&name) {
                        Some(id) => SimpleGlyph::Std(id),
                        None => SimpleGlyph::Named(Cow::Owned(name)),
                    };
                }
            }
        }
        if let Some(diffs) = differences {
            let mut code: i64 = 0;
            for item in diffs {
                match deref(doc, item) {
                    Some(Object::Integer(i)) => code = *i,
                    Some(Object::Name(n)) => {
                        if (0..256).contains(&code) {
                            let name = String::from_utf8_lossy(n);
                            glyphs[code as usize] = match standard_glyph(&name) {
                                Some(id) => SimpleGlyph::Std(id),
                                None => SimpleGlyph::Named(name),
                            };
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }

        // 2. Text: ToUnicode first, then the glyph name; symbolic TrueType
        //    fonts with no encoding at all are read as WinAnsi (their codes
        //    are the low byte of the (3,0) cmap's U+F0xx, typically ASCII).
        let tounicode = self.read_to_unicode(dict);
        let mut from_cmap: Vec<Option<&str>> = vec![None; 256];
        if let Some(cm) = &tounicode {
            for (code, text) in &cm.unicode {
                if let Some(slot) = from_cmap.get_mut(*code as usize) {
                    *slot = Some(text.as_str());
                }
            }
        }
        let winansi_guess = base.is_none() && differences.is_none() && kind != FontKind::Type3;
        // The widths are read here already: they tell which codes have glyphs.
        let missing = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(num)
            .unwrap_or(0.0);
        let first = get(doc, dict, b"FirstChar")
            .and_then(num)
            .map_or(0, |f| f as i64);
        let widths: Option<Vec<f32>> = array_of(get(doc, dict, b"Widths")).map(|ws| {
            ws.iter()
                .take(256)
                .map(|w| deref(doc, w).and_then(num).unwrap_or(missing))
                .collect()
        });
        // A code's /Widths entry: MissingWidth outside FirstChar..LastChar;
        // `None` when the font has no /Widths.
        let declared_width = |code: usize| -> Option<f32> {
            let ws = widths.as_ref()?;
            let k = code as i64 - first;
            Some(if k >= 0 && (k as usize) < ws.len() {
                ws[k as usize]
            } else {
                missing
            })
        };
        // A symbolic TrueType font with no encoding: its codes select glyphs
        // through the font's (3,0) cmap (U+F000 + code) or (1,0) cmap; the
        // glyphs' Unicode or names give the text.
        type CodeToGid = HashMap<u32, u16>;
        // The program (often hundreds of KiB to inflate) is read only when
        // a code that has a glyph still lacks text. A code the font's
        // /Widths gives no width is not in the subset: Word's TrueType
        // subsets declare widths for every code from FirstChar to LastChar
        // and zero for the unused ones, which ToUnicode rightly leaves out.
        let needs_program = || {
            (0..256).any(|code| {
                from_cmap[code].filter(|t| usable(t)).is_none()
                    && glyphs[code].text().is_none()
                    && declared_width(code).is_none_or(|w| w != 0.0)
            })
        };
        let program: Option<(CodeToGid, CodeToGid, HashMap<u16, String>)> =
            if winansi_guess && is_truetype && needs_program() {
                self.font_program(descriptor).map(|tt| {
                    let texts = gid_texts(&tt, false, false);
                    let symbol = tt.symbol.iter().copied().collect();
                    let mac = tt.mac.iter().copied().collect();
                    (symbol, mac, texts)
                })
            } else {
                None
            };
        let from_program = |code: u32| -> Option<&str> {
            let (symbol, mac, texts) = program.as_ref()?;
            let gid = symbol
                .get(&(0xF000 | code))
                .or_else(|| symbol.get(&code))
                .or_else(|| mac.get(&code))?;
            texts.get(gid).map(String::as_str)
        };

        // 3. Widths.
        // Glyph space → text space: 1/1000 unless a Type3 font says.
        let type3_scale = (kind == FontKind::Type3).then(|| {
            array_of(get(doc, dict, b"FontMatrix"))
                .and_then(|m| m.first())
                .and_then(|o| deref(doc, o))
                .and_then(num)
                .filter(|a| *a != 0.0)
                .unwrap_or(0.001)
        });
        let scale = |w: f32| match type3_scale {
            Some(a) => w * a,
            None => w / 1000.0,
        };
        let metrics = match (&widths, std14) {
            (Some(_), _) => None,
            (None, Some(s)) => Some(s),
            (None, None) if kind == FontKind::Type3 => {
                self.warn("Type3 font without /Widths".into());
                None
            }
            (None, None) => {
                let s = Std14::closest(&name);
                let msg = format!("no /Widths; using {} metrics", s.name());
                self.warn(msg);
                Some(s)
            }
        };

        for code in 0..256u32 {
            let i = code as usize;
            let w = match (declared_width(i), metrics) {
                (Some(w), _) => w,
                (None, Some(m)) => match &glyphs[i] {
                    SimpleGlyph::Std(id) => m.width_of(*id),
                    SimpleGlyph::Named(n) => m.width(n),
                }
                .unwrap_or(missing),
                (None, None) => missing,
            };
            self.table.set_width(code, scale(w), scale(missing));
            let text: Option<Cow<'_, str>> = match from_cmap[i].filter(|t| usable(t)) {
                Some(t) => Some(Cow::Borrowed(t)),
                None => match glyphs[i].text() {
                    Some(t) => Some(t),
                    None if winansi_guess => match from_program(code) {
                        Some(t) => Some(Cow::Borrowed(t)),
                        None => BaseEncoding::WinAnsi.text(code as u8).map(Cow::Borrowed),
                    },
                    None => None,
                },
            };
            if let Some(t) = text {
                self.table.set_text(code, &t, scale(missing));
            }
        }
        self.finish(
            name,
            descriptor,
            kind,
            Codespace::OneByte,
            scale(missing),
            false,
        )
    }

    // ------------------------------------------------------------ Type0

    fn type0(mut self, dict: &Dictionary, name: String) -> Font {
        let doc = self.doc;
        let descendant = array_of(get(doc, dict, b"DescendantFonts"))
            .and_then(|a| a.first())
            .and_then(|o| dict_of(doc, Some(o)));
        if descendant.is_none() {
            self.warn("Type0 font without /DescendantFonts".into());
        }
        let descriptor = descendant.and_then(|d| dict_of(doc, get(doc, d, b"FontDescriptor")));

        // Encoding: how bytes split into codes, and code → CID.
        let mut split = Codespace::TwoBytes;
        let mut vertical = false;
        let mut identity = true;
        let mut ucs2 = false;
        let mut code_cids: Vec<(u32, u32)> = Vec::new();
        match dict.get(b"Encoding").ok() {
            None => self.warn("Type0 font without /Encoding; read as Identity-H".into()),
            Some(obj) => match deref(doc, obj) {
                Some(Object::Name(n)) => {
                    vertical = n.ends_with(b"-V");
                    if n != b"Identity-H" && n != b"Identity-V" {
                        // A predefined CMap we do not ship: codes of 2 bytes,
                        // CIDs unknown (widths fall back to /DW).
                        identity = false;
                        ucs2 = n.windows(4).any(|w| w == b"UCS2")
                            || n.windows(5).any(|w| w == b"UTF16");
                    }
                }
                Some(Object::Stream(_)) => {
                    if let Some(bytes) = self.stream_bytes(obj, "encoding CMap") {
                        let cm = CMap::parse(&bytes, &|_| None);
                        if !cm.codespace.is_empty() && cm.codespace != [two_byte_full()] {
                            split = Codespace::Ranges(cm.codespace.clone());
                        }
                        identity = cm
                            .usecmap
                            .as_deref()
                            .is_some_and(|u| u.starts_with("Identity"))
                            && cm.cids.is_empty();
                        vertical = cm.usecmap.as_deref().is_some_and(|u| u.ends_with("-V"));
                        code_cids = cm.cids;
                    }
                }
                _ => self.warn("/Encoding of an unexpected type; read as Identity-H".into()),
            },
        }

        // Widths by CID: /DW and /W.
        let dw = descendant
            .and_then(|d| get(doc, d, b"DW"))
            .and_then(num)
            .unwrap_or(1000.0);
        let w = descendant
            .and_then(|d| array_of(get(doc, d, b"W")))
            .map(|w| self.cid_widths(w))
            .unwrap_or_default();
        let default_width = dw / 1000.0;
        if identity {
            for &(cid, width) in &w {
                self.table.set_width(cid, width / 1000.0, default_width);
            }
        } else if !code_cids.is_empty() {
            let by_cid: HashMap<u32, f32> = w.iter().copied().collect();
            for &(code, cid) in &code_cids {
                let width = by_cid.get(&cid).copied().unwrap_or(dw);
                self.table.set_width(code, width / 1000.0, default_width);
            }
        }

        // Text: ToUnicode; else a UCS-2 CMap's code itself; else the
        // embedded font's own cmap, through CID → glyph id.
        let tounicode = self.read_to_unicode(dict);
        let mut mapped = 0usize;
        for (code, text) in tounicode.iter().flat_map(|cm| cm.unicode.iter()) {
            if usable(text) {
                self.table.set_text(*code, text, default_width);
                mapped += 1;
            }
        }
        if mapped == 0 {
            if ucs2 {
                for &(code, _) in &w {
                    if let Some(c) = char::from_u32(code) {
                        self.table
                            .set_text(code, c.encode_utf8(&mut [0; 4]), default_width);
                    }
                }
                if w.is_empty() {
                    self.warn("UCS-2 CMap without /W: text not mapped".into());
                }
            } else if identity
                && self.text_from_cid_font_program(descendant, descriptor, default_width) > 0
            {
                // Recovered from the font program.
            } else if tounicode.is_none() {
                self.warn("Type0 font without /ToUnicode: text not mapped".into());
            }
        }
        self.finish(
            name,
            descriptor,
            FontKind::Composite,
            split,
            default_width,
            vertical,
        )
    }

    /// The built-in encoding of an embedded Type 1 program (`/FontFile`).
    fn type1_encoding(&mut self, descriptor: Option<&Dictionary>) -> Option<Vec<(u8, String)>> {
        let obj = descriptor?.get(b"FontFile").ok()?;
        let bytes = self.stream_bytes(obj, "FontFile")?;
        type1_builtin_encoding(&bytes)
    }

    /// The embedded TrueType/OpenType program of a font descriptor, parsed.
    fn font_program(&mut self, descriptor: Option<&Dictionary>) -> Option<TrueType> {
        let d = descriptor?;
        let obj = d.get(b"FontFile2").or_else(|_| d.get(b"FontFile3")).ok()?;
        let stream = match deref(self.doc, obj) {
            Some(Object::Stream(s)) => s,
            _ => return None,
        };
        match decode_capped(stream, MAX_FONT_BYTES) {
            Ok(bytes) => TrueType::parse(&bytes),
            Err(e) => {
                self.warn(format!("font program cannot be decoded ({e})"));
                None
            }
        }
    }

    /// Fills text for the CIDs of an Identity-encoded CIDFontType2 from its
    /// embedded font: CID → glyph id (`/CIDToGIDMap`) → the font's cmap or
    /// glyph names. Returns how many codes got text.
    fn text_from_cid_font_program(
        &mut self,
        descendant: Option<&Dictionary>,
        descriptor: Option<&Dictionary>,
        default_width: f32,
    ) -> usize {
        let Some(tt) = self.font_program(descriptor) else {
            return 0;
        };
        let texts = gid_texts(&tt, true, self.table.symbol_pua);
        // Glyph id → CIDs: identity unless a /CIDToGIDMap stream says.
        let map = descendant.and_then(|d| d.get(b"CIDToGIDMap").ok());
        let cid_to_gid: Option<Vec<u16>> = match map.and_then(|o| deref(self.doc, o)) {
            Some(Object::Stream(_)) => {
                map.and_then(|o| self.stream_bytes(o, "CIDToGIDMap"))
                    .map(|b| {
                        b.chunks_exact(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect()
                    })
            }
            _ => None,
        };
        let mut by_gid: HashMap<u16, Vec<u32>> = HashMap::new();
        match &cid_to_gid {
            Some(map) => {
                for (cid, &gid) in map.iter().enumerate() {
                    if gid != 0 && texts.contains_key(&gid) {
                        by_gid.entry(gid).or_default().push(cid as u32);
                    }
                }
            }
            None => {
                for &gid in texts.keys() {
                    by_gid.insert(gid, vec![gid as u32]);
                }
            }
        }
        let mut n = 0;
        let mut gids: Vec<&u16> = texts.keys().collect();
        gids.sort();
        for gid in gids {
            for &cid in by_gid.get(gid).map(Vec::as_slice).unwrap_or(&[]) {
                if !self.table.has_text(cid) {
                    self.table.set_text(cid, &texts[gid], default_width);
                    n += 1;
                }
            }
        }
        n
    }

    /// `/W`: `c [w1 w2 …]` and `cfirst clast w` forms → (CID, width).
    fn cid_widths(&mut self, w: &[Object]) -> Vec<(u32, f32)> {
        let doc = self.doc;
        let items: Vec<&Object> = w.iter().filter_map(|o| deref(doc, o)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < items.len() && out.len() < MAX_W_ENTRIES {
            let Some(first) = num(items[i]).filter(|f| *f >= 0.0).map(|f| f as u32) else {
                i += 1;
                continue;
            };
            match items.get(i + 1) {
                Some(Object::Array(ws)) => {
                    for (k, wobj) in ws.iter().enumerate() {
                        if let Some(wv) = deref(doc, wobj).and_then(num) {
                            out.push((first.saturating_add(k as u32), wv));
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = num(o).map_or(0, |l| l.max(0.0) as u32);
                    let Some(wv) = items.get(i + 2).and_then(|o| num(o)) else {
                        self.warn("/W ends early".into());
                        break;
                    };
                    let n = last.saturating_sub(first) as usize + 1;
                    if last < first || out.len() + n > MAX_W_ENTRIES {
                        self.warn("/W range skipped".into());
                    } else {
                        out.extend((first..=last).map(|c| (c, wv)));
                    }
                    i += 3;
                }
                None => break,
            }
        }
        out
    }
}

fn two_byte_full() -> CodeRange {
    CodeRange {
        len: 2,
        lo: 0,
        hi: 0xFFFF,
    }
}

/// A ToUnicode destination worth using; U+FFFD falls through to the
/// encoding.
fn usable(text: &str) -> bool {
    clean_text(text) != Clean::Unknown
}

/// Bold and italic from the name, then the descriptor: `/Flags` (ForceBold
/// bit 19, Italic bit 7), `/FontWeight` ≥ 600, `/ItalicAngle` ≠ 0.
fn style(doc: &Document, name: &str, descriptor: Option<&Dictionary>) -> (bool, bool) {
    let lower = name.to_ascii_lowercase();
    let style_part = name.rsplit(['-', ',']).next().unwrap_or("");
    let mut bold = ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| lower.contains(w));
    let mut italic = lower.contains("italic")
        || lower.contains("oblique")
        || (style_part.len() < name.len() && style_part.ends_with("It"));
    if let Some(d) = descriptor {
        let flags = get(doc, d, b"Flags").and_then(num).map_or(0, |f| f as i64);
        if flags & (1 << 18) != 0 {
            bold = true;
        }
        if flags & (1 << 6) != 0 {
            italic = true;
        }
        if get(doc, d, b"FontWeight")
            .and_then(num)
            .is_some_and(|w| w >= 600.0)
        {
            bold = true;
        }
        if get(doc, d, b"ItalicAngle")
            .and_then(num)
            .is_some_and(|a| a.abs() > 0.5)
        {
            italic = true;
        }
    }
    (bold, italic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_prefix() {
        assert_eq!(strip_subset("BAAAAA+LiberationSans"), "LiberationSans");
        assert_eq!(strip_subset("Arial,Bold"), "Arial,Bold");
        assert_eq!(strip_subset("abc+X"), "abc+X");
    }

    #[test]
    fn clean_text_rules() {
        let text = |s: &'static str| Clean::Text(Cow::Borrowed(s));
        assert_eq!(clean_text(""), Clean::Nothing);
        assert_eq!(clean_text("\0"), Clean::Nothing);
        assert_eq!(clean_text("\u{3}"), Clean::Nothing);
        assert_eq!(clean_text("\u{FFFD}"), Clean::Unknown);
        assert_eq!(clean_text("\t"), text(" "));
        assert_eq!(clean_text("\u{A0}"), text(" "));
        assert_eq!(clean_text("\u{2028}"), text(" "));
        assert_eq!(clean_text("\u{FB01}"), Clean::Text(Cow::Owned("fi".into())));
        assert_eq!(clean_text("a"), text("a"));
    }
}
