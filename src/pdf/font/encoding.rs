//! Simple-font encodings: code → glyph name (base encodings and
//! `/Differences`), and glyph name → Unicode text (Adobe Glyph List plus the
//! AGL specification's `uniXXXX` / `uXXXX[XX]` / `.suffix` / `a_b` rules).

use super::tables;
use std::borrow::Cow;

/// A base encoding named in a PDF, or built into a font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    MacExpert,
    PdfDoc,
    Symbol,
    ZapfDingbats,
}

impl BaseEncoding {
    /// The encoding an `/Encoding` or `/BaseEncoding` name stands for.
    pub fn from_pdf_name(name: &[u8]) -> Option<BaseEncoding> {
        Some(match name {
            b"StandardEncoding" => BaseEncoding::Standard,
            b"WinAnsiEncoding" => BaseEncoding::WinAnsi,
            b"MacRomanEncoding" => BaseEncoding::MacRoman,
            b"MacExpertEncoding" => BaseEncoding::MacExpert,
            b"PDFDocEncoding" => BaseEncoding::PdfDoc,
            _ => return None,
        })
    }

    /// Code → standard glyph id table ([`tables::NONE`] = unassigned).
    pub fn ids(self) -> &'static [u16; 256] {
        match self {
            BaseEncoding::Standard => &tables::STANDARD,
            BaseEncoding::WinAnsi => &tables::WIN_ANSI,
            BaseEncoding::MacRoman => &tables::MAC_ROMAN,
            BaseEncoding::MacExpert => &tables::MAC_EXPERT,
            BaseEncoding::PdfDoc => &tables::PDF_DOC,
            BaseEncoding::Symbol => &tables::SYMBOL,
            BaseEncoding::ZapfDingbats => &tables::ZAPF_DINGBATS,
        }
    }

    /// The glyph name of `code`, if assigned.
    pub fn name(self, code: u8) -> Option<&'static str> {
        let id = self.ids()[code as usize];
        tables::GLYPHS.get(id as usize)
    }

    /// The Unicode text of `code`'s glyph, if assigned and meaningful.
    pub fn text(self, code: u8) -> Option<&'static str> {
        standard_text(self.ids()[code as usize])
    }
}

/// The standard glyph id of a name (one of the base encodings' or the
/// standard-14 fonts' glyphs), for table lookups without strings.
pub fn standard_glyph(name: &str) -> Option<u16> {
    tables::GLYPHS
        .find_sorted(name.as_bytes())
        .map(|i| i as u16)
}

/// Unicode text of a standard glyph id (`None` for [`tables::NONE`] and
/// glyphs without Unicode, such as ZapfDingbats' `a1`).
pub fn standard_text(id: u16) -> Option<&'static str> {
    tables::GLYPH_TEXT
        .get(id as usize)
        .filter(|t| !t.is_empty())
}

/// Exact Adobe Glyph List lookup.
pub fn agl(name: &str) -> Option<&'static str> {
    tables::AGL_NAMES
        .find_sorted(name.as_bytes())
        .and_then(|i| tables::AGL_TEXT.get(i))
}

/// Glyph name → Unicode text, following the AGL specification: drop a
/// `.suffix` (`a.sc` → `a`), split `_` ligature names (`f_i` → `fi`), and
/// read `uniXXXX…` / `uXXXX[XX]` names. Names with no Unicode meaning
/// (`g123`, `cid00042`, `.notdef`) give `None`: guessing from them would
/// produce confident garbage.
pub fn glyph_to_unicode(name: &str) -> Option<Cow<'static, str>> {
    if let Some(t) = agl(name) {
        return Some(Cow::Borrowed(t));
    }
    let base = match name.find('.') {
        Some(0) => return None,
        Some(i) => &name[..i],
        None => name,
    };
    if base.len() != name.len() {
        if let Some(t) = agl(base) {
            return Some(Cow::Borrowed(t));
        }
    }
    let mut out = String::new();
    for part in base.split('_') {
        if part.is_empty() {
            return None;
        }
        if let Some(t) = agl(part) {
            out.push_str(t);
        } else if !component_from_uni(part, &mut out) {
            return None;
        }
    }
    (!out.is_empty()).then_some(Cow::Owned(out))
}

/// `uniXXXX[XXXX…]` or `uXXXX[X[X]]`, appended to `out`; false if `part` is
/// neither (out then holds junk the caller discards).
fn component_from_uni(part: &str, out: &mut String) -> bool {
    let hex_ok = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = part.strip_prefix("uni") {
        if rest.is_empty() || rest.len() % 4 != 0 || !hex_ok(rest) {
            return false;
        }
        for i in (0..rest.len()).step_by(4) {
            let Ok(v) = u32::from_str_radix(&rest[i..i + 4], 16) else {
                return false;
            };
            match char::from_u32(v) {
                Some(c) => out.push(c),
                None => return false, // surrogates are not allowed here
            }
        }
        return true;
    }
    if let Some(rest) = part.strip_prefix('u') {
        if (4..=6).contains(&rest.len()) && hex_ok(rest) {
            if let Some(c) = u32::from_str_radix(rest, 16).ok().and_then(char::from_u32) {
                out.push(c);
                return true;
            }
        }
    }
    false
}

/// The built-in encoding of an embedded Type 1 font program (`/FontFile`),
/// read from its clear-text part: `dup <code> /<name> put` entries after
/// `/Encoding`. `None` when the font uses `StandardEncoding` or says
/// nothing readable; codes outside 0–255 are dropped.
pub fn type1_builtin_encoding(program: &[u8]) -> Option<Vec<(u8, String)>> {
    let clear_end = find(program, b"eexec").unwrap_or(program.len());
    let clear = &program[..clear_end];
    let at = find(clear, b"/Encoding")? + b"/Encoding".len();
    let rest = &clear[at..];
    let head = &rest[..rest.len().min(40)];
    if find(head, b"StandardEncoding").is_some() {
        return None;
    }
    let mut out = Vec::new();
    let mut words = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(w) = words.next() {
        match w {
            b"dup" => {
                let code = words
                    .next()
                    .and_then(|c| std::str::from_utf8(c).ok()?.parse::<u8>().ok());
                let name = words.next().and_then(|n| n.strip_prefix(b"/"));
                if let (Some(code), Some(name), Some(&b"put")) = (code, name, words.peek()) {
                    out.push((code, String::from_utf8_lossy(name).into_owned()));
                }
            }
            b"readonly" | b"def" if !out.is_empty() => break,
            _ => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Unfolds the Latin ligatures U+FB00–FB06 into letters, so that words read
/// as typed. U+FB05 (long s + t) unfolds to "st" as NFKC does: searches and
/// gold phrases are written with a round s.
pub fn unfold_ligatures(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agl_table_is_sorted_for_binary_search() {
        for table in [&tables::AGL_NAMES, &tables::GLYPHS] {
            let names: Vec<&str> = table.iter().collect();
            assert_eq!(names.len(), table.len());
            assert!(names.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        }
        assert_eq!(tables::AGL_NAMES.len(), tables::AGL_TEXT.len());
        assert_eq!(tables::GLYPHS.len(), tables::GLYPH_TEXT.len());
        assert_eq!(tables::MAC_GLYPH_NAMES.len(), 258);
    }

    #[test]
    fn agl_names() {
        assert_eq!(glyph_to_unicode("A").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(glyph_to_unicode("quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_to_unicode("Euro").as_deref(), Some("€"));
        assert_eq!(glyph_to_unicode("fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(glyph_to_unicode("afii10017").as_deref(), Some("А"));
    }

    #[test]
    fn uni_and_u_names() {
        assert_eq!(glyph_to_unicode("uni0041").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode("uni00410042").as_deref(), Some("AB"));
        assert_eq!(glyph_to_unicode("uni20AC").as_deref(), Some("€"));
        assert_eq!(glyph_to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_to_unicode("u0041").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode("uniD800"), None);
        assert_eq!(glyph_to_unicode("uni004"), None);
        assert_eq!(glyph_to_unicode("u12"), None);
    }

    #[test]
    fn suffixes_and_ligature_names() {
        assert_eq!(glyph_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_to_unicode("one.oldstyle").as_deref(), Some("1"));
        assert_eq!(glyph_to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode("f_f_l.alt").as_deref(), Some("ffl"));
        assert_eq!(glyph_to_unicode("uni0066_uni0069").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode(".notdef"), None);
        assert_eq!(glyph_to_unicode("g123"), None);
        assert_eq!(glyph_to_unicode("cid00042"), None);
        assert_eq!(glyph_to_unicode("f_"), None);
    }

    #[test]
    fn base_encodings() {
        let w = BaseEncoding::WinAnsi;
        assert_eq!(w.name(0x41), Some("A"));
        assert_eq!(w.name(0x80), Some("Euro"));
        assert_eq!(w.text(0x92), Some("\u{2019}"));
        assert_eq!(w.text(0xA0), Some(" "));
        assert_eq!(w.name(0x01), None);
        let m = BaseEncoding::MacRoman;
        assert_eq!(m.text(0x8E), Some("é"));
        assert_eq!(m.name(0xD5), Some("quoteright"));
        let s = BaseEncoding::Standard;
        assert_eq!(s.name(0x27), Some("quoteright"));
        assert_eq!(s.text(0xAE), Some("\u{FB01}"));
        assert_eq!(BaseEncoding::Symbol.text(0x61), Some("α"));
        assert_eq!(BaseEncoding::ZapfDingbats.name(0x6C), Some("a71"));
        assert_eq!(BaseEncoding::ZapfDingbats.text(0x6C), None);
        assert_eq!(
            BaseEncoding::from_pdf_name(b"MacRomanEncoding"),
            Some(BaseEncoding::MacRoman)
        );
        assert_eq!(BaseEncoding::from_pdf_name(b"Foo"), None);
        assert_eq!(standard_glyph("eacute").map(standard_text), Some(Some("é")));
        assert_eq!(standard_glyph("uni0041"), None);
    }

    #[test]
    fn type1_builtin_encodings() {
        let custom = b"%!PS-AdobeFont-1.0: CMSY10\n/FontName /CMSY10 def\n\
            /Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
            dup 15 /bullet put\ndup 32 /space put\ndup 300 /x put\nreadonly def\n\
            currentdict end\ncurrentfile eexec\n\x8f\x00dup 1 /junk put";
        assert_eq!(
            type1_builtin_encoding(custom),
            Some(vec![(15, "bullet".into()), (32, "space".into())])
        );
        let standard = b"/FontName /Foo def /Encoding StandardEncoding def eexec";
        assert_eq!(type1_builtin_encoding(standard), None);
        assert_eq!(type1_builtin_encoding(b"garbage"), None);
        assert_eq!(type1_builtin_encoding(b"/Encoding dup"), None);
    }

    #[test]
    fn ligatures_unfold() {
        assert_eq!(unfold_ligatures("\u{FB01}nal"), "final");
        assert_eq!(
            unfold_ligatures("\u{FB00}\u{FB02}\u{FB03}\u{FB04}\u{FB05}\u{FB06}"),
            "fffl\u{66}\u{66}i\u{66}\u{66}lstst"
        );
        assert!(matches!(unfold_ligatures("plain"), Cow::Borrowed(_)));
    }
}
