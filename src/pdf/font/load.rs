//! Building a [`Font`] from its dictionary: every mapping the font has is
//! resolved here, once, into a code-indexed table, so that decoding is cheap.

use super::cmap::{CMap, CodeRange};
use super::encoding::{glyph_to_unicode, unfold_ligatures, BaseEncoding};
use super::std14::Std14;
use super::{Font, FontKind, Slot, Split};
use crate::pdf::FontInfo;
use lopdf::{Dictionary, Document, Object};
use std::borrow::Cow;
use std::collections::HashMap;

/// Largest decompressed ToUnicode / encoding CMap we read. Real ones are a
/// few KB (a full CJK map a few hundred); anything bigger is hostile.
const MAX_CMAP_BYTES: usize = 8 << 20;
/// Largest code kept in the dense table (2-byte codes).
const DENSE_LIMIT: u32 = 1 << 16;
/// Most width entries read from `/W` (ranges expanded).
const MAX_W_ENTRIES: usize = 1 << 17;

pub(super) fn load(doc: &Document, dict: &Dictionary) -> Font {
    let raw_name = get(doc, dict, b"BaseFont")
        .and_then(name_of)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let name = strip_subset(&raw_name).to_string();
    let subtype = get(doc, dict, b"Subtype").and_then(name_of).unwrap_or(b"");
    let mut b = Builder {
        doc,
        name: if name.is_empty() {
            "(unnamed)".into()
        } else {
            name.clone()
        },
        warnings: Vec::new(),
        table: Table::default(),
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
struct Table {
    pool: String,
    dense: Vec<Slot>,
    sparse: HashMap<u32, Slot>,
}

impl Table {
    fn slot_mut(&mut self, code: u32, default_width: f32) -> &mut Slot {
        let empty = Slot {
            start: 0,
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

    fn set_width(&mut self, code: u32, width: f32, default_width: f32) {
        self.slot_mut(code, default_width).width = width;
    }

    fn set_text(&mut self, code: u32, text: &str, default_width: f32) {
        let Some(text) = clean_text(text) else {
            return;
        };
        let start = self.pool.len() as u32;
        self.pool.push_str(&text);
        let slot = self.slot_mut(code, default_width);
        slot.start = start;
        slot.len = text.len() as u32;
    }
}

/// Text worth reporting for a code: ligatures unfolded; empty strings,
/// U+FFFD and control characters count as unmapped, except white-space
/// controls (tab, newline), which read as a space.
fn clean_text(text: &str) -> Option<Cow<'_, str>> {
    if text.is_empty() || text.chars().all(|c| c == '\u{FFFD}' || c == '\0') {
        return None;
    }
    if text.chars().all(char::is_control) {
        return text
            .chars()
            .all(|c| c.is_whitespace())
            .then_some(Cow::Borrowed(" "));
    }
    Some(unfold_ligatures(text))
}

struct Builder<'d> {
    doc: &'d Document,
    /// For warnings.
    name: String,
    warnings: Vec<String>,
    table: Table,
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
        split: Split,
        default_width: f32,
        vertical: bool,
    ) -> Font {
        let (bold, italic) = style(self.doc, &name, descriptor);
        let Table {
            pool,
            dense,
            sparse,
        } = self.table;
        Font {
            info: FontInfo { name, bold, italic },
            warnings: self.warnings,
            kind,
            split,
            pool,
            dense,
            sparse,
            default_width,
            vertical,
        }
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
        match stream.get_plain_content_with_limit(MAX_CMAP_BYTES) {
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
        let mut names: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); 256];
        let mut base = builtin;
        let mut differences: Option<&[Object]> = None;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => match BaseEncoding::from_pdf_name(n) {
                Some(e) => base = Some(e),
                None => {
                    let msg = format!("unknown /Encoding /{}", String::from_utf8_lossy(n));
                    self.warn(msg);
                }
            },
            Some(Object::Dictionary(d)) => {
                if let Some(n) = get(doc, d, b"BaseEncoding").and_then(name_of) {
                    match BaseEncoding::from_pdf_name(n) {
                        Some(e) => base = Some(e),
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
        if let Some(base) = base {
            for (slot, n) in names.iter_mut().zip(base.names().iter()) {
                *slot = Cow::Borrowed(n);
            }
        }
        if let Some(diffs) = differences {
            let mut code: i64 = 0;
            for item in diffs {
                match deref(doc, item) {
                    Some(Object::Integer(i)) => code = *i,
                    Some(Object::Name(n)) => {
                        if (0..256).contains(&code) {
                            names[code as usize] = String::from_utf8_lossy(n);
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

        // 3. Widths.
        let missing = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(num)
            .unwrap_or(0.0);
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
        let first = get(doc, dict, b"FirstChar")
            .and_then(num)
            .map_or(0, |f| f as i64);
        let widths: Option<Vec<f32>> = array_of(get(doc, dict, b"Widths")).map(|ws| {
            ws.iter()
                .take(256)
                .map(|w| deref(doc, w).and_then(num).unwrap_or(missing))
                .collect()
        });
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
            let w = match (&widths, metrics) {
                (Some(ws), _) => {
                    let k = code as i64 - first;
                    if k >= 0 && (k as usize) < ws.len() {
                        ws[k as usize]
                    } else {
                        missing
                    }
                }
                (None, Some(m)) => m.width(&names[i]).unwrap_or(missing),
                (None, None) => missing,
            };
            self.table.set_width(code, scale(w), scale(missing));
            let text: Option<Cow<'_, str>> = match from_cmap[i].filter(|t| usable(t)) {
                Some(t) => Some(Cow::Borrowed(t)),
                None => match glyph_to_unicode(&names[i]) {
                    Some(t) => Some(t),
                    None if winansi_guess => glyph_to_unicode(BaseEncoding::WinAnsi.names()[i]),
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
            Split::OneByte,
            scale(missing),
            false,
        )
    }

    // ------------------------------------------------------------ Type0

    fn type0(mut self, dict: &Dictionary, name: String) -> Font {
        let doc = self.doc;
        let name = name
            .strip_suffix("-Identity-H")
            .or_else(|| name.strip_suffix("-Identity-V"))
            .unwrap_or(&name)
            .to_string();
        let descendant = array_of(get(doc, dict, b"DescendantFonts"))
            .and_then(|a| a.first())
            .and_then(|o| dict_of(doc, Some(o)));
        if descendant.is_none() {
            self.warn("Type0 font without /DescendantFonts".into());
        }
        let descriptor = descendant.and_then(|d| dict_of(doc, get(doc, d, b"FontDescriptor")));

        // Encoding: how bytes split into codes, and code → CID.
        let mut split = Split::TwoBytes;
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
                            split = Split::Ranges(cm.codespace.clone());
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

        // Text: ToUnicode, else a UCS-2 CMap's code itself.
        match self.read_to_unicode(dict) {
            Some(cm) => {
                for (code, text) in &cm.unicode {
                    if usable(text) {
                        self.table.set_text(*code, text, default_width);
                    }
                }
            }
            None if ucs2 => {
                for code in w.iter().map(|&(c, _)| c).collect::<Vec<_>>() {
                    if let Some(c) = char::from_u32(code) {
                        self.table
                            .set_text(code, c.encode_utf8(&mut [0; 4]), default_width);
                    }
                }
                if w.is_empty() {
                    self.warn("UCS-2 CMap without /W: text not mapped".into());
                }
            }
            None => self.warn("Type0 font without /ToUnicode: text not mapped".into()),
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

/// A ToUnicode destination worth using; others fall through to the
/// encoding (mapping to U+FFFD or nothing is a producer's way of saying
/// "unknown").
fn usable(text: &str) -> bool {
    clean_text(text).is_some()
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
        assert_eq!(clean_text(""), None);
        assert_eq!(clean_text("\u{FFFD}"), None);
        assert_eq!(clean_text("\0"), None);
        assert_eq!(clean_text("\u{3}"), None);
        assert_eq!(clean_text("\t").as_deref(), Some(" "));
        assert_eq!(clean_text("\u{FB01}").as_deref(), Some("fi"));
        assert_eq!(clean_text("a").as_deref(), Some("a"));
    }
}
