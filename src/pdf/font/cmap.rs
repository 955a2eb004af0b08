//! A tolerant parser for the CMaps found in PDFs: `/ToUnicode` maps
//! (`bfchar`, `bfrange`) and embedded `/Encoding` CMaps of Type0 fonts
//! (`codespacerange`, `cidchar`, `cidrange`, `usecmap`).
//!
//! Why our own and not the `adobe-cmap-parser` crate: that crate panics on
//! input it cannot lex (`expect("failed to parse")`), drops codespace ranges
//! from its Unicode map and goes through a parser-combinator library that is
//! slow on big maps. CMaps in the wild are often sloppy (odd hex digits,
//! missing `end…` keywords, junk between sections), so this parser reads
//! tokens one by one, acts on the operands collected when a section ends,
//! and skips whatever it does not understand. It never panics, and caps what
//! a hostile map can make it allocate ([`MAX_MAPPINGS`]).

/// Most code → value mappings kept from one CMap (ranges expanded). A real
/// CID font has at most 65 536 glyphs; four times that leaves room for
/// duplicate codes and still bounds memory.
pub const MAX_MAPPINGS: usize = 1 << 18;

/// One `begincodespacerange` entry: codes of `len` bytes in `lo..=hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeRange {
    pub len: u8,
    pub lo: u32,
    pub hi: u32,
}

/// What a CMap says, sections kept apart; the caller decides which parts
/// matter (a ToUnicode map's `bf…` sections, an encoding CMap's `cid…`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CMap {
    pub codespace: Vec<CodeRange>,
    /// Code → Unicode text (from `bfchar`/`bfrange`), in file order; later
    /// entries override earlier ones.
    pub unicode: Vec<(u32, String)>,
    /// Code → CID (from `cidchar`/`cidrange`), in file order.
    pub cids: Vec<(u32, u32)>,
    /// `/Name usecmap`: the CMap this one extends (e.g. `Identity-H`).
    pub usecmap: Option<String>,
    /// Things skipped, for the font's warnings. Capped in length.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Literal(Vec<u8>),
    Name(Vec<u8>),
    Int(i64),
    Real,
    Keyword(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    Other,
}

/// Byte-level tokenizer: PostScript syntax, just enough of it.
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    fn next_token(&mut self) -> Option<Token> {
        let src = self.src;
        loop {
            while self.pos < src.len() && is_white(src[self.pos]) {
                self.pos += 1;
            }
            if self.pos < src.len() && src[self.pos] == b'%' {
                while self.pos < src.len() && src[self.pos] != b'\n' && src[self.pos] != b'\r' {
                    self.pos += 1;
                }
                continue;
            }
            break;
        }
        let &b = src.get(self.pos)?;
        self.pos += 1;
        Some(match b {
            b'<' if src.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Token::Other
            }
            b'>' if src.get(self.pos) == Some(&b'>') => {
                self.pos += 1;
                Token::Other
            }
            b'<' => {
                let mut out = Vec::new();
                let mut high: Option<u8> = None;
                while let Some(&c) = src.get(self.pos) {
                    self.pos += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(v) = hex_val(c) {
                        match high.take() {
                            Some(h) => out.push(h << 4 | v),
                            None => high = Some(v),
                        }
                    }
                }
                if let Some(h) = high {
                    out.push(h << 4);
                }
                Token::Hex(out)
            }
            b'(' => {
                let mut out = Vec::new();
                let mut depth = 1u32;
                while let Some(&c) = src.get(self.pos) {
                    self.pos += 1;
                    match c {
                        b'\\' => {
                            if let Some(&e) = src.get(self.pos) {
                                self.pos += 1;
                                out.push(match e {
                                    b'n' => b'\n',
                                    b'r' => b'\r',
                                    b't' => b'\t',
                                    b'b' => 8,
                                    b'f' => 12,
                                    b'0'..=b'7' => {
                                        let mut v = (e - b'0') as u32;
                                        for _ in 0..2 {
                                            match src.get(self.pos) {
                                                Some(&d @ b'0'..=b'7') => {
                                                    v = v * 8 + (d - b'0') as u32;
                                                    self.pos += 1;
                                                }
                                                _ => break,
                                            }
                                        }
                                        v as u8
                                    }
                                    other => other,
                                });
                            }
                        }
                        b'(' => {
                            depth += 1;
                            out.push(c);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
                Token::Literal(out)
            }
            b'/' => {
                let start = self.pos;
                while self.pos < src.len() && !is_white(src[self.pos]) && !is_delim(src[self.pos]) {
                    self.pos += 1;
                }
                Token::Name(decode_name(&src[start..self.pos]))
            }
            b'[' => Token::ArrayStart,
            b']' => Token::ArrayEnd,
            b'{' | b'}' | b')' | b'>' => Token::Other,
            _ => {
                let start = self.pos - 1;
                while self.pos < src.len() && !is_white(src[self.pos]) && !is_delim(src[self.pos]) {
                    self.pos += 1;
                }
                let word = &src[start..self.pos];
                if let Some(n) = std::str::from_utf8(word)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                {
                    Token::Int(n)
                } else if word
                    .iter()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+'))
                {
                    Token::Real
                } else {
                    Token::Keyword(word.to_vec())
                }
            }
        })
    }
}

/// `#xx` escapes in names (PDF 1.2+).
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex_val(raw[i + 1]), hex_val(raw[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// A source code as a number, if it has 1–4 bytes.
fn code_of(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, &b| acc << 8 | b as u32))
}

/// UTF-16BE → String. Lone surrogates become U+FFFD; a single byte (some
/// producers write `<41>`) is read as that code point.
pub fn utf16be_to_string(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return char::from(bytes[0]).to_string();
    }
    let units = bytes
        .chunks(2)
        .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16);
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Adds `n` to a big-endian byte string in place (carrying leftwards), the
/// `bfrange` rule for `<lo> <hi> <dst>`: code `lo + n` maps to `dst + n`.
fn add_be(bytes: &mut [u8], mut n: u32) {
    for b in bytes.iter_mut().rev() {
        if n == 0 {
            break;
        }
        let sum = *b as u32 + (n & 0xFF);
        *b = sum as u8;
        n = (n >> 8) + (sum >> 8);
    }
}

/// Resolves a glyph name given as a `bfchar` destination (`/space`).
type NameResolver<'r> = &'r dyn Fn(&[u8]) -> Option<String>;

impl CMap {
    /// Parses `src`; never fails, never panics. `resolve_name` turns a glyph
    /// name used as a destination into text (the AGL lookup).
    pub fn parse(src: &[u8], resolve_name: NameResolver<'_>) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer { src, pos: 0 };
        // Operands since the last keyword; arrays are kept as one operand.
        let mut ops: Vec<Operand> = Vec::new();
        let mut array: Option<Vec<Token>> = None;
        let mut mappings = 0usize;
        while let Some(tok) = lexer.next_token() {
            if let Some(items) = array.as_mut() {
                match tok {
                    Token::ArrayEnd => {
                        let items = array.take().unwrap_or_default();
                        ops.push(Operand::Array(items));
                    }
                    Token::ArrayStart => {} // nested arrays: flattened
                    t => {
                        if items.len() < MAX_MAPPINGS {
                            items.push(t)
                        }
                    }
                }
                continue;
            }
            match tok {
                Token::ArrayStart => array = Some(Vec::new()),
                Token::Keyword(k) => {
                    match k.as_slice() {
                        b"endcodespacerange" => cmap.codespace_section(&ops),
                        b"endbfchar" => cmap.bfchar_section(&ops, resolve_name, &mut mappings),
                        b"endbfrange" => cmap.bfrange_section(&ops, &mut mappings),
                        b"endcidchar" => cmap.cidchar_section(&ops, &mut mappings),
                        b"endcidrange" => cmap.cidrange_section(&ops, &mut mappings),
                        b"usecmap" => {
                            if let Some(Operand::Tok(Token::Name(n))) = ops.last() {
                                cmap.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                            }
                        }
                        _ => {}
                    }
                    ops.clear();
                }
                t => {
                    // A section never needs more than 3 operands per entry;
                    // a runaway operand list is garbage, keep it bounded.
                    if ops.len() < 3 * MAX_MAPPINGS {
                        ops.push(Operand::Tok(t));
                    }
                }
            }
        }
        cmap.problems.truncate(8);
        cmap
    }

    fn problem(&mut self, what: String) {
        if self.problems.len() < 9 {
            self.problems.push(what);
        }
    }

    fn codespace_section(&mut self, ops: &[Operand]) {
        for pair in ops.chunks(2) {
            match pair {
                [Operand::Tok(Token::Hex(lo)), Operand::Tok(Token::Hex(hi))]
                    if !lo.is_empty() && lo.len() <= 4 && lo.len() == hi.len() =>
                {
                    let (lo_c, hi_c) = (code_of(lo).unwrap_or(0), code_of(hi).unwrap_or(0));
                    self.codespace.push(CodeRange {
                        len: lo.len() as u8,
                        lo: lo_c.min(hi_c),
                        hi: lo_c.max(hi_c),
                    });
                }
                _ => self.problem("codespacerange entry skipped".into()),
            }
        }
    }

    fn bfchar_section(&mut self, ops: &[Operand], resolve: NameResolver<'_>, n: &mut usize) {
        for pair in ops.chunks(2) {
            let (src, dst) = match pair {
                [Operand::Tok(Token::Hex(src)), dst] => (src, dst),
                _ => {
                    self.problem("bfchar entry skipped".into());
                    continue;
                }
            };
            let Some(code) = code_of(src) else {
                self.problem("bfchar source longer than 4 bytes".into());
                continue;
            };
            let text = match dst {
                Operand::Tok(Token::Hex(d)) => utf16be_to_string(d),
                Operand::Tok(Token::Name(name)) => match resolve(name) {
                    Some(t) => t,
                    None => continue,
                },
                Operand::Tok(Token::Literal(d)) => utf16be_to_string(d),
                _ => {
                    self.problem("bfchar destination skipped".into());
                    continue;
                }
            };
            if *n >= MAX_MAPPINGS {
                self.problem("too many mappings; rest ignored".into());
                return;
            }
            *n += 1;
            self.unicode.push((code, text));
        }
    }

    fn bfrange_section(&mut self, ops: &[Operand], n: &mut usize) {
        for triple in ops.chunks(3) {
            let [Operand::Tok(Token::Hex(lo)), Operand::Tok(Token::Hex(hi)), dst] = triple else {
                self.problem("bfrange entry skipped".into());
                continue;
            };
            let (Some(lo), Some(hi)) = (code_of(lo), code_of(hi)) else {
                self.problem("bfrange source longer than 4 bytes".into());
                continue;
            };
            if hi < lo {
                self.problem("bfrange with hi < lo".into());
                continue;
            }
            let count = (hi - lo) as usize + 1;
            if *n + count > MAX_MAPPINGS {
                self.problem("too many mappings; rest ignored".into());
                return;
            }
            match dst {
                Operand::Tok(Token::Hex(start)) => {
                    *n += count;
                    let mut cur = start.clone();
                    if cur.is_empty() {
                        continue;
                    }
                    for i in 0..count as u32 {
                        if i > 0 {
                            add_be(&mut cur, 1);
                        }
                        self.unicode.push((lo + i, utf16be_to_string(&cur)));
                    }
                }
                Operand::Array(items) => {
                    for (i, item) in items.iter().take(count).enumerate() {
                        if let Token::Hex(d) = item {
                            *n += 1;
                            self.unicode.push((lo + i as u32, utf16be_to_string(d)));
                        }
                    }
                }
                _ => self.problem("bfrange destination skipped".into()),
            }
        }
    }

    fn cidchar_section(&mut self, ops: &[Operand], n: &mut usize) {
        for pair in ops.chunks(2) {
            match pair {
                [Operand::Tok(Token::Hex(src)), Operand::Tok(Token::Int(cid))] => {
                    match (code_of(src), u32::try_from(*cid)) {
                        (Some(code), Ok(cid)) if *n < MAX_MAPPINGS => {
                            *n += 1;
                            self.cids.push((code, cid));
                        }
                        _ => self.problem("cidchar entry skipped".into()),
                    }
                }
                _ => self.problem("cidchar entry skipped".into()),
            }
        }
    }

    fn cidrange_section(&mut self, ops: &[Operand], n: &mut usize) {
        for triple in ops.chunks(3) {
            let [Operand::Tok(Token::Hex(lo)), Operand::Tok(Token::Hex(hi)), Operand::Tok(Token::Int(cid))] =
                triple
            else {
                self.problem("cidrange entry skipped".into());
                continue;
            };
            let (Some(lo), Some(hi), Ok(cid)) = (code_of(lo), code_of(hi), u32::try_from(*cid))
            else {
                self.problem("cidrange entry skipped".into());
                continue;
            };
            if hi < lo {
                continue;
            }
            let count = (hi - lo) as usize + 1;
            if *n + count > MAX_MAPPINGS {
                self.problem("too many mappings; rest ignored".into());
                return;
            }
            *n += count;
            for i in 0..count as u32 {
                self.cids.push((lo + i, cid.saturating_add(i)));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Tok(Token),
    Array(Vec<Token>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_names(_: &[u8]) -> Option<String> {
        None
    }

    fn parse(s: &str) -> CMap {
        CMap::parse(s.as_bytes(), &no_names)
    }

    #[test]
    fn bfchar_and_codespace() {
        let c = parse(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
             2 beginbfchar <0003> <0020> <0011> <0041>\nendbfchar endcmap",
        );
        assert_eq!(
            c.codespace,
            vec![CodeRange {
                len: 2,
                lo: 0,
                hi: 0xFFFF
            }]
        );
        assert_eq!(c.unicode, vec![(3, " ".into()), (0x11, "A".into())]);
        assert!(c.problems.is_empty());
    }

    #[test]
    fn bfrange_increment_and_array() {
        let c = parse(
            "2 beginbfrange <20> <22> <0061>\n<30> <32> [<0041> <0042005A> <D835DC00>] endbfrange",
        );
        assert_eq!(
            c.unicode,
            vec![
                (0x20, "a".into()),
                (0x21, "b".into()),
                (0x22, "c".into()),
                (0x30, "A".into()),
                (0x31, "BZ".into()),
                (0x32, "\u{1D400}".into()),
            ]
        );
    }

    #[test]
    fn bfrange_increment_carries_over_last_byte() {
        let c = parse("1 beginbfrange <01> <03> <00FE> endbfrange");
        let texts: Vec<&str> = c.unicode.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, vec!["\u{FE}", "\u{FF}", "\u{100}"]);
    }

    #[test]
    fn surrogate_pairs_and_multichar() {
        let c = parse("2 beginbfchar <01> <D83DDE00> <02> <006600660069> endbfchar");
        assert_eq!(c.unicode[0].1, "😀");
        assert_eq!(c.unicode[1].1, "ffi");
        // A lone surrogate becomes U+FFFD rather than failing.
        let c = parse("1 beginbfchar <01> <D83D> endbfchar");
        assert_eq!(c.unicode[0].1, "\u{FFFD}");
    }

    #[test]
    fn multibyte_codespace() {
        let c =
            parse("3 begincodespacerange <00> <80> <8140> <9FFC> <E040> <FCFC> endcodespacerange");
        assert_eq!(c.codespace.len(), 3);
        assert_eq!(
            c.codespace[1],
            CodeRange {
                len: 2,
                lo: 0x8140,
                hi: 0x9FFC
            }
        );
    }

    #[test]
    fn cid_sections_and_usecmap() {
        let c = parse(
            "/Identity-H usecmap 1 begincidrange <0000> <0002> 10 endcidrange\n\
             1 begincidchar <0100> 7 endcidchar",
        );
        assert_eq!(c.usecmap.as_deref(), Some("Identity-H"));
        assert_eq!(c.cids, vec![(0, 10), (1, 11), (2, 12), (0x100, 7)]);
    }

    #[test]
    fn name_destination_resolved() {
        let c = CMap::parse(b"1 beginbfchar <20> /space endbfchar", &|n: &[u8]| {
            (n == b"space").then(|| " ".to_string())
        });
        assert_eq!(c.unicode, vec![(0x20, " ".into())]);
    }

    #[test]
    fn garbage_never_panics() {
        let inputs: [&[u8]; 10] = [
            b"",
            b"<<<<<<<<",
            b"beginbfchar <01> endbfchar",
            b"beginbfrange <05> <01> <0041> endbfrange",
            b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange",
            b"beginbfchar <0102030405> <0041> endbfchar",
            b"beginbfrange <01> <03> [ <00 endbfrange",
            b"(unterminated \\",
            b"/#zz #",
            &[0xFF, 0x00, b'<', 0xFE, b'(', b'\\'],
        ];
        for input in inputs {
            let c = CMap::parse(input, &no_names);
            assert!(c.unicode.len() <= MAX_MAPPINGS);
        }
        // The huge range is refused, not expanded.
        let c = parse("beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(c.unicode.is_empty());
        assert!(!c.problems.is_empty());
    }

    #[test]
    fn odd_hex_digits_and_whitespace_inside_hex() {
        let c = parse("beginbfchar <0 1> <00 4> endbfchar");
        // <0 1> = 0x01; <00 4> = 00 40 → '@'.
        assert_eq!(c.unicode, vec![(1, "@".into())]);
    }
}
