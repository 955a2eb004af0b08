//! Content-stream lexer.
//!
//! Our own rather than lopdf's `Content::decode` because that one builds a
//! `Vec<Operation>` of boxed `Object`s for the whole stream (an allocation per
//! operand) and recurses on nested arrays. This lexer hands out one token at
//! a time, copies string and name bytes into a caller-owned arena that is
//! reused across operators, and never recurses, so 100 000 nested `[` cost
//! nothing but a counter in the interpreter.

/// One lexical token. String and name payloads live in the arena passed to
/// [`Lexer::next`], as a `start..end` range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok {
    Num(f32),
    /// Name without the slash, `#xx` escapes decoded.
    Name(u32, u32),
    /// Literal or hex string, escapes decoded.
    Str(u32, u32),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    /// A keyword: an operator, or `true`/`false`/`null`. Range in the input.
    Op(u32, u32),
    Eof,
}

/// Lexer over one content stream.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

/// PDF white space (7.2.3).
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

/// PDF delimiters (7.2.3).
#[inline]
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[inline]
fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delim(b)
}

#[inline]
fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0 }
    }

    /// The input bytes of a range returned in [`Tok::Op`].
    #[inline]
    pub fn slice(&self, start: u32, end: u32) -> &'a [u8] {
        &self.data[start as usize..end as usize]
    }

    /// Skips white space and comments.
    #[inline]
    fn skip_space(&mut self) {
        let d = self.data;
        let mut p = self.pos;
        while p < d.len() {
            let b = d[p];
            if is_space(b) {
                p += 1;
            } else if b == b'%' {
                while p < d.len() && d[p] != b'\n' && d[p] != b'\r' {
                    p += 1;
                }
            } else {
                break;
            }
        }
        self.pos = p;
    }

    /// Next token; string and name bytes are appended to `arena`.
    pub fn next(&mut self, arena: &mut Vec<u8>) -> Tok {
        loop {
            self.skip_space();
            let d = self.data;
            let Some(&b) = d.get(self.pos) else {
                return Tok::Eof;
            };
            match b {
                b'0'..=b'9' | b'+' | b'-' | b'.' => return self.number(),
                b'/' => {
                    self.pos += 1;
                    return self.name(arena);
                }
                b'(' => {
                    self.pos += 1;
                    return self.literal(arena);
                }
                b'<' => {
                    if d.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Tok::DictOpen;
                    }
                    self.pos += 1;
                    return self.hex(arena);
                }
                b'>' => {
                    if d.get(self.pos + 1) == Some(&b'>') {
                        self.pos += 2;
                        return Tok::DictClose;
                    }
                    // Stray '>': skip it.
                    self.pos += 1;
                }
                b'[' => {
                    self.pos += 1;
                    return Tok::ArrOpen;
                }
                b']' => {
                    self.pos += 1;
                    return Tok::ArrClose;
                }
                // Stray ')' or PostScript braces: not content-stream syntax.
                b')' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let start = self.pos;
                    let mut p = start;
                    while p < d.len() && is_regular(d[p]) {
                        p += 1;
                    }
                    self.pos = p;
                    return Tok::Op(start as u32, p as u32);
                }
            }
        }
    }

    /// A number, read leniently: extra signs or dots, and junk glued to the
    /// end (`12.5.3`, `--4`), are consumed and ignored as other readers do.
    fn number(&mut self) -> Tok {
        let d = self.data;
        let mut p = self.pos;
        let mut neg = false;
        while p < d.len() && (d[p] == b'+' || d[p] == b'-') {
            neg ^= d[p] == b'-';
            p += 1;
        }
        let mut v: f64 = 0.0;
        let mut digits = 0usize;
        while p < d.len() && d[p].is_ascii_digit() {
            v = v * 10.0 + f64::from(d[p] - b'0');
            p += 1;
            digits += 1;
        }
        if p < d.len() && d[p] == b'.' {
            p += 1;
            let mut scale = 0.1;
            while p < d.len() && d[p].is_ascii_digit() {
                v += f64::from(d[p] - b'0') * scale;
                scale *= 0.1;
                p += 1;
                digits += 1;
            }
        }
        // Glued junk is part of the same token.
        while p < d.len() && is_regular(d[p]) {
            p += 1;
        }
        self.pos = p;
        if digits == 0 {
            return Tok::Num(0.0);
        }
        let v = if neg { -v } else { v };
        // Clamp to what f32 holds so later arithmetic stays finite.
        Tok::Num(v.clamp(-3.0e38, 3.0e38) as f32)
    }

    fn name(&mut self, arena: &mut Vec<u8>) -> Tok {
        let d = self.data;
        let start = arena.len();
        let mut p = self.pos;
        while p < d.len() && is_regular(d[p]) {
            let b = d[p];
            if b == b'#' {
                if let (Some(h), Some(l)) = (
                    d.get(p + 1).copied().and_then(hex_val),
                    d.get(p + 2).copied().and_then(hex_val),
                ) {
                    arena.push(h << 4 | l);
                    p += 3;
                    continue;
                }
            }
            arena.push(b);
            p += 1;
        }
        self.pos = p;
        Tok::Name(start as u32, arena.len() as u32)
    }

    /// A literal string after its `(`: balanced parentheses, escapes, and
    /// end-of-line normalisation (7.3.4.2). Unterminated: ends at the end of
    /// the stream.
    fn literal(&mut self, arena: &mut Vec<u8>) -> Tok {
        let d = self.data;
        let start = arena.len();
        let mut p = self.pos;
        let mut depth = 0usize;
        while p < d.len() {
            let b = d[p];
            p += 1;
            match b {
                b'(' => {
                    depth += 1;
                    arena.push(b);
                }
                b')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    arena.push(b);
                }
                b'\r' => {
                    if d.get(p) == Some(&b'\n') {
                        p += 1;
                    }
                    arena.push(b'\n');
                }
                b'\\' => {
                    let Some(&e) = d.get(p) else { break };
                    p += 1;
                    match e {
                        b'n' => arena.push(b'\n'),
                        b'r' => arena.push(b'\r'),
                        b't' => arena.push(b'\t'),
                        b'b' => arena.push(0x08),
                        b'f' => arena.push(0x0c),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match d.get(p) {
                                    Some(&c @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(c - b'0');
                                        p += 1;
                                    }
                                    _ => break,
                                }
                            }
                            arena.push(v as u8);
                        }
                        // Line continuation: backslash + EOL is nothing.
                        b'\r' => {
                            if d.get(p) == Some(&b'\n') {
                                p += 1;
                            }
                        }
                        b'\n' => {}
                        // \( \) \\ and unknown escapes: the char itself.
                        other => arena.push(other),
                    }
                }
                _ => arena.push(b),
            }
        }
        self.pos = p;
        Tok::Str(start as u32, arena.len() as u32)
    }

    /// A hex string after its `<`; white space ignored, an odd final digit
    /// padded with 0, junk skipped.
    fn hex(&mut self, arena: &mut Vec<u8>) -> Tok {
        let d = self.data;
        let start = arena.len();
        let mut p = self.pos;
        let mut hi: Option<u8> = None;
        while p < d.len() {
            let b = d[p];
            p += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    Some(h) => arena.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            arena.push(h << 4);
        }
        self.pos = p;
        Tok::Str(start as u32, arena.len() as u32)
    }

    /// After the `BI` operator: reads the inline image's dictionary up to
    /// `ID`, then skips the image data and its `EI`.
    pub fn skip_inline_image(&mut self, arena: &mut Vec<u8>) {
        let mut info = InlineImage::default();
        let mut key: Option<InlineKey> = None;
        let mut depth = 0u32;
        // The colour space array's first name (`[/Indexed /RGB 255 <…>]`).
        let mut cs_array_head = false;
        loop {
            let tok = self.next(arena);
            match tok {
                Tok::Eof => return,
                Tok::Op(a, b) if depth == 0 => {
                    match self.slice(a, b) {
                        b"ID" => {
                            let len = info.length.or_else(|| info.raw_length());
                            self.skip_image_data(len);
                            return;
                        }
                        // EI without ID: nothing more to skip.
                        b"EI" => return,
                        b"true" if key == Some(InlineKey::ImageMask) => info.image_mask = true,
                        _ => {}
                    }
                    key = None;
                }
                Tok::ArrOpen | Tok::DictOpen => {
                    depth += 1;
                    cs_array_head = depth == 1 && key == Some(InlineKey::ColorSpace);
                }
                Tok::ArrClose | Tok::DictClose => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        key = None;
                    }
                }
                Tok::Name(a, b) if depth == 0 && key.is_none() => {
                    key = InlineKey::from_name(&arena[a as usize..b as usize])
                        .or(Some(InlineKey::Other));
                }
                Tok::Name(a, b) if cs_array_head => {
                    info.components = components(&arena[a as usize..b as usize]);
                    cs_array_head = false;
                }
                _ if depth > 0 => {}
                value => {
                    info.set(key.take(), value, arena);
                }
            }
        }
    }

    /// Skips inline image data after `ID`, up to and including `EI`.
    /// `length`, when known (`/L` or `/Length`, or computed for an
    /// unfiltered image), is trusted if `EI` follows it; otherwise the data
    /// ends at the first `EI` that stands alone between white space (or the
    /// end of the stream).
    fn skip_image_data(&mut self, length: Option<usize>) {
        let d = self.data;
        // One white-space byte separates ID from the data.
        let mut p = self.pos;
        if p < d.len() && is_space(d[p]) {
            p += 1;
        }
        if let Some(len) = length {
            let mut q = p.saturating_add(len);
            while q < d.len() && is_space(d[q]) {
                q += 1;
            }
            if d.get(q..q.saturating_add(2)) == Some(b"EI")
                && d.get(q + 2).is_none_or(|&b| !is_regular(b))
            {
                self.pos = q + 2;
                return;
            }
        }
        let mut q = p;
        while q + 1 < d.len() {
            if d[q] == b'E'
                && d[q + 1] == b'I'
                && (q == p || is_space(d[q - 1]))
                && d.get(q + 2).is_none_or(|&b| is_space(b))
            {
                self.pos = q + 2;
                return;
            }
            q += 1;
        }
        self.pos = d.len();
    }
}

/// Inline image dictionary keys that decide the data length (full and
/// abbreviated names, PDF 32000 Table 93).
#[derive(Debug, Clone, Copy, PartialEq)]
enum InlineKey {
    Width,
    Height,
    Bpc,
    ColorSpace,
    ImageMask,
    Filter,
    Length,
    Other,
}

impl InlineKey {
    fn from_name(n: &[u8]) -> Option<InlineKey> {
        Some(match n {
            b"W" | b"Width" => InlineKey::Width,
            b"H" | b"Height" => InlineKey::Height,
            b"BPC" | b"BitsPerComponent" => InlineKey::Bpc,
            b"CS" | b"ColorSpace" => InlineKey::ColorSpace,
            b"IM" | b"ImageMask" => InlineKey::ImageMask,
            b"F" | b"Filter" => InlineKey::Filter,
            b"L" | b"Length" => InlineKey::Length,
            _ => return None,
        })
    }
}

/// Colour components of a colour space name; `None` when it names a
/// resource we do not look up.
fn components(cs: &[u8]) -> Option<u32> {
    match cs {
        b"G" | b"DeviceGray" | b"CalGray" | b"I" | b"Indexed" => Some(1),
        b"RGB" | b"DeviceRGB" | b"CalRGB" | b"Lab" => Some(3),
        b"CMYK" | b"DeviceCMYK" => Some(4),
        _ => None,
    }
}

#[derive(Debug, Default)]
struct InlineImage {
    width: Option<u64>,
    height: Option<u64>,
    bpc: Option<u64>,
    components: Option<u32>,
    image_mask: bool,
    filtered: bool,
    length: Option<usize>,
}

impl InlineImage {
    fn set(&mut self, key: Option<InlineKey>, value: Tok, arena: &[u8]) {
        let num = match value {
            Tok::Num(v) if (0.0..1e9).contains(&v) => Some(v as u64),
            _ => None,
        };
        match key {
            Some(InlineKey::Width) => self.width = num,
            Some(InlineKey::Height) => self.height = num,
            Some(InlineKey::Bpc) => self.bpc = num,
            Some(InlineKey::Length) => self.length = num.map(|n| n as usize),
            Some(InlineKey::Filter) => self.filtered = true,
            Some(InlineKey::ColorSpace) => {
                if let Tok::Name(a, b) = value {
                    self.components = components(&arena[a as usize..b as usize]);
                }
            }
            _ => {}
        }
    }

    /// Bytes of an unfiltered image: rows padded to whole bytes.
    fn raw_length(&self) -> Option<usize> {
        if self.filtered {
            return None;
        }
        let (comps, bpc) = if self.image_mask {
            (1, 1)
        } else {
            (u64::from(self.components?), self.bpc?)
        };
        let row_bits = self.width?.checked_mul(comps)?.checked_mul(bpc)?;
        let len = row_bits.div_ceil(8).checked_mul(self.height?)?;
        usize::try_from(len).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexes `src` into readable tokens: numbers, `/name`, `(string)`, ops.
    fn lex(src: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(src);
        let mut arena = Vec::new();
        let mut out = Vec::new();
        loop {
            let t = lx.next(&mut arena);
            let s = match t {
                Tok::Num(v) => format!("{v}"),
                Tok::Name(a, b) => {
                    format!(
                        "/{}",
                        String::from_utf8_lossy(&arena[a as usize..b as usize])
                    )
                }
                Tok::Str(a, b) => format!("({:?})", &arena[a as usize..b as usize]),
                Tok::ArrOpen => "[".into(),
                Tok::ArrClose => "]".into(),
                Tok::DictOpen => "<<".into(),
                Tok::DictClose => ">>".into(),
                Tok::Op(a, b) => String::from_utf8_lossy(lx.slice(a, b)).into_owned(),
                Tok::Eof => break,
            };
            out.push(s);
        }
        out
    }

    fn bytes(s: &str) -> String {
        format!("({:?})", s.as_bytes())
    }

    #[test]
    fn numbers_names_ops() {
        assert_eq!(
            lex(b"1 -2.5 .5 +3 -.25 /F1 12 Tf/Na#20me"),
            vec!["1", "-2.5", "0.5", "3", "-0.25", "/F1", "12", "Tf", "/Na me"]
        );
    }

    #[test]
    fn lenient_numbers() {
        assert_eq!(lex(b"--4 1.2.3 - x"), vec!["4", "1.2", "0", "x"]);
    }

    #[test]
    fn literal_strings_with_escapes_and_nesting() {
        assert_eq!(lex(br"(a(b)c)Tj"), vec![bytes("a(b)c"), "Tj".into()]);
        assert_eq!(lex(br"(\(x\)\\)"), vec![bytes(r"(x)\")]);
        assert_eq!(lex(br"(\n\t\101\0531)"), vec![bytes("\n\tA+1")]);
        assert_eq!(lex(b"(ab\\\ncd)"), vec![bytes("abcd")]);
        assert_eq!(lex(b"(a\r\nb\rc)"), vec![bytes("a\nb\nc")]);
        assert_eq!(lex(br"(\q)"), vec![bytes("q")]);
        // Unterminated: ends at the end of the stream, no panic.
        assert_eq!(lex(br"(abc\"), vec![bytes("abc")]);
    }

    #[test]
    fn hex_strings_and_dicts() {
        assert_eq!(lex(b"<48 65 6c6C6>< >"), vec![bytes("Hell`"), bytes("")]);
        assert_eq!(
            lex(b"<</MCID 3>>BDC"),
            vec!["<<", "/MCID", "3", ">>", "BDC"]
        );
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            lex(b"% comment (not a string\n1 0 0 1 5 5 cm%x\rQ"),
            vec!["1", "0", "0", "1", "5", "5", "cm", "Q"]
        );
    }

    #[test]
    fn arrays() {
        assert_eq!(
            lex(b"[(A)-120(B)]TJ"),
            vec![
                "[".into(),
                bytes("A"),
                "-120".into(),
                bytes("B"),
                "]".into(),
                "TJ".into()
            ]
        );
    }

    #[test]
    fn inline_image_is_skipped() {
        let src = b"BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\xffE I\x01 EI Q (after) Tj";
        let mut lx = Lexer::new(src);
        let mut arena = Vec::new();
        let mut toks = Vec::new();
        loop {
            match lx.next(&mut arena) {
                Tok::Op(a, b) if lx.slice(a, b) == b"BI" => {
                    toks.push("BI".into());
                    lx.skip_inline_image(&mut arena)
                }
                Tok::Op(a, b) => toks.push(String::from_utf8_lossy(lx.slice(a, b)).into_owned()),
                Tok::Eof => break,
                _ => {}
            }
        }
        assert_eq!(toks, vec!["BI", "Q", "Tj"]);
    }

    /// Ops left after skipping inline images in `src`.
    fn ops_after_images(src: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(src);
        let mut arena = Vec::new();
        let mut toks = Vec::new();
        loop {
            match lx.next(&mut arena) {
                Tok::Op(a, b) if lx.slice(a, b) == b"BI" => lx.skip_inline_image(&mut arena),
                Tok::Op(a, b) => toks.push(String::from_utf8_lossy(lx.slice(a, b)).into_owned()),
                Tok::Eof => break,
                _ => {}
            }
        }
        toks
    }

    #[test]
    fn inline_image_with_length() {
        // The data holds " EI " itself; /L says how long it really is.
        assert_eq!(ops_after_images(b"BI /L 5 ID  EI xEI Q"), vec!["Q"]);
    }

    #[test]
    fn inline_image_length_from_its_dictionary() {
        // 2×2 RGB, 8 bits: 12 bytes, holding " EI " and a delimiter.
        let src = b"BI /W 2 /H 2 /BPC 8 /CS /RGB ID \x01 EI (\x02\x03\x04\x05\x06 EI Q";
        assert_eq!(ops_after_images(src), vec!["Q"]);
        // Image mask: 1 bit per pixel, 16 px → 2 bytes per row, 3 rows.
        let src = b"BI /IM true /W 16 /H 3 ID \x00 EI \xff EI Tj";
        assert_eq!(ops_after_images(src), vec!["Tj"]);
        // Indexed colour space array: 1 component.
        let src = b"BI /W 3 /H 1 /BPC 8 /CS [/I /RGB 1 <000000ffffff>] ID EI  EI ET";
        assert_eq!(ops_after_images(src), vec!["ET"]);
    }

    #[test]
    fn inline_image_filtered_or_unknown_falls_back_to_scanning() {
        let src = b"BI /W 2 /H 2 /BPC 8 /CS /RGB /F /AHx ID 0a0b EI Q";
        assert_eq!(ops_after_images(src), vec!["Q"]);
        // A wrong computed length does not lose the rest of the stream.
        let src = b"BI /W 200 /H 200 /BPC 8 /CS /G ID xx EI BT";
        assert_eq!(ops_after_images(src), vec!["BT"]);
        // Unterminated: the stream ends.
        assert!(ops_after_images(b"BI /W 1 ID abc").is_empty());
    }
}
