//! Font-level tests on font dictionaries built in memory, one per kind and
//! decoding path. The real-PDF checks are in `tests/fonts.rs`.

use super::{Font, FontKind};
use lopdf::{dictionary, Dictionary, Document, Object, Stream};

fn stream(doc: &mut Document, content: &str) -> Object {
    Object::Reference(doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec())))
}

fn texts(font: &Font, bytes: &[u8]) -> Vec<Option<String>> {
    font.codes(bytes)
        .map(|d| d.text.map(str::to_string))
        .collect()
}

fn widths(font: &Font, bytes: &[u8]) -> Vec<f32> {
    font.codes(bytes).map(|d| d.width).collect()
}

fn s(t: &str) -> Option<String> {
    Some(t.to_string())
}

fn type0(doc: &mut Document, w: Object, dw: Option<i64>, tounicode: Option<&str>) -> Dictionary {
    let mut desc = dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "ABCDEF+Foo",
        "W" => w,
    };
    if let Some(dw) = dw {
        desc.set("DW", dw);
    }
    let desc = doc.add_object(desc);
    let mut font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "ABCDEF+Foo-Identity-H",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(desc)],
    };
    if let Some(tu) = tounicode {
        let tu = stream(doc, tu);
        font.set("ToUnicode", tu);
    }
    font
}

#[test]
fn type0_identity_h_with_both_w_forms_and_dw() {
    let mut doc = Document::with_version("1.5");
    let w = Object::Array(vec![
        1.into(),
        Object::Array(vec![500.into(), 600.into()]),
        10.into(),
        12.into(),
        700.into(),
    ]);
    let font = type0(
        &mut doc,
        w,
        Some(900),
        Some(
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
             2 beginbfchar <0001> <0041> <0002> <FB01> endbfchar\n\
             1 beginbfrange <000A> <000C> <0061> endbfrange",
        ),
    );
    let f = Font::load(&doc, &font);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.kind(), FontKind::Composite);
    assert_eq!(f.info.name, "Foo");
    let bytes = [0, 1, 0, 2, 0, 10, 0, 11, 0, 12, 0, 99, 0x20];
    assert_eq!(
        texts(&f, &bytes),
        vec![s("A"), s("fi"), s("a"), s("b"), s("c"), None, None]
    );
    assert_eq!(widths(&f, &bytes), vec![0.5, 0.6, 0.7, 0.7, 0.7, 0.9, 0.9]);
    let codes: Vec<u32> = f.codes(&bytes).map(|d| d.code).collect();
    assert_eq!(codes, vec![1, 2, 10, 11, 12, 99, 0x20]);
    // Two-byte codes are never the single-byte space of `Tw`, even 0x0020;
    // the odd trailing byte is read as a 1-byte code.
    assert!(f.codes(&[0, 0x20]).all(|d| !d.is_space_code));
}

#[test]
fn type0_defaults_dw_1000_and_warns_without_tounicode() {
    let mut doc = Document::with_version("1.5");
    let font = type0(&mut doc, Object::Array(vec![]), None, None);
    let f = Font::load(&doc, &font);
    assert_eq!(widths(&f, &[0, 5]), vec![1.0]);
    assert_eq!(texts(&f, &[0, 5]), vec![None]);
    assert!(f.warnings.iter().any(|w| w.contains("ToUnicode")));
}

#[test]
fn type0_embedded_cmap_with_mixed_codespace() {
    let mut doc = Document::with_version("1.5");
    let mut font = type0(
        &mut doc,
        Object::Array(vec![
            100.into(),
            227.into(),
            250.into(),
            300.into(),
            Object::Array(vec![300.into()]),
        ]),
        Some(1000),
        Some("2 beginbfchar <41> <0041> <8001> <00E9> endbfchar"),
    );
    let enc = stream(
        &mut doc,
        "2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
         1 begincidrange <00> <7F> 100 endcidrange\n\
         1 begincidchar <8001> 300 endcidchar",
    );
    font.set("Encoding", enc);
    let f = Font::load(&doc, &font);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    // 0x41 is one byte (CID 165), 0x8001 two bytes (CID 300).
    let bytes = [0x41, 0x80, 0x01, 0x00];
    let codes: Vec<u32> = f.codes(&bytes).map(|d| d.code).collect();
    assert_eq!(codes, vec![0x41, 0x8001, 0]);
    assert_eq!(texts(&f, &bytes), vec![s("A"), s("é"), None]);
    assert_eq!(widths(&f, &bytes), vec![0.25, 0.3, 0.25]);
}

#[test]
fn type0_predefined_ucs2_cmap_reads_codes_as_unicode() {
    let mut doc = Document::with_version("1.5");
    let mut font = type0(
        &mut doc,
        Object::Array(vec![0x4E2D.into(), Object::Array(vec![1000.into()])]),
        None,
        None,
    );
    font.set("Encoding", "UniGB-UCS2-H");
    let f = Font::load(&doc, &font);
    assert_eq!(texts(&f, &[0x4E, 0x2D]), vec![s("中")]);
}

fn simple(subtype: &str, base: &str, encoding: Object) -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => subtype,
        "BaseFont" => base,
        "Encoding" => encoding,
    }
}

#[test]
fn simple_font_differences_through_the_glyph_list() {
    let doc = Document::with_version("1.5");
    let enc = dictionary! {
        "Type" => "Encoding",
        "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![
            65.into(), "uni0042".into(), "f_i".into(), "g7".into(), "a.sc".into(),
            150.into(), "bullet".into(),
        ],
    };
    let mut font = simple("Type1", "XYZABC+Minion-Regular", Object::Dictionary(enc));
    font.set("FirstChar", 65);
    font.set(
        "Widths",
        vec![
            Object::Integer(610),
            Object::Integer(560),
            Object::Real(250.5),
        ],
    );
    let fd = dictionary! { "Type" => "FontDescriptor", "MissingWidth" => 400, "Flags" => 32 };
    font.set("FontDescriptor", Object::Dictionary(fd));
    let f = Font::load(&doc, &font);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.info.name, "Minion-Regular");
    let bytes = b"ABCDEa\x96\x92 ";
    assert_eq!(
        texts(&f, bytes),
        vec![
            s("B"),        // uni0042
            s("fi"),       // f_i
            None,          // g7: no Unicode meaning
            s("a"),        // a.sc
            s("E"),        // WinAnsi base
            s("a"),        // WinAnsi base
            s("\u{2022}"), // Differences at 150
            s("\u{2019}"), // WinAnsi 0x92
            s(" "),
        ]
    );
    assert_eq!(
        widths(&f, bytes),
        vec![0.61, 0.56, 0.2505, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]
    );
    assert!(f.codes(b" ").all(|d| d.is_space_code));
    assert!(f.codes(b"A").all(|d| !d.is_space_code));
}

#[test]
fn standard14_without_widths_uses_afm_metrics_by_glyph_name() {
    let doc = Document::with_version("1.5");
    let enc = dictionary! { "Differences" => vec![65.into(), "eacute".into()] };
    let f = Font::load(&doc, &simple("Type1", "Helvetica", Object::Dictionary(enc)));
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    // Base: StandardEncoding (built in): 0x27 is quoteright there.
    assert_eq!(texts(&f, b"AB'"), vec![s("é"), s("B"), s("\u{2019}")]);
    assert_eq!(widths(&f, b"AB'"), vec![0.556, 0.667, 0.222]);
    let tb = Font::load(
        &doc,
        &simple("Type1", "Times-Bold", "WinAnsiEncoding".into()),
    );
    assert_eq!(widths(&tb, b"W "), vec![1.0, 0.25]);
    assert!(tb.info.bold);
    // An alias: Arial,Bold → Helvetica-Bold metrics.
    let ab = Font::load(
        &doc,
        &simple("TrueType", "Arial,Bold", "WinAnsiEncoding".into()),
    );
    assert_eq!(widths(&ab, b"a"), vec![0.556]);
    assert!(ab.info.bold && !ab.info.italic);
    assert!(ab.warnings.is_empty(), "{:?}", ab.warnings);
}

#[test]
fn non_standard_font_without_widths_falls_back_with_a_warning() {
    let doc = Document::with_version("1.5");
    let f = Font::load(
        &doc,
        &simple("TrueType", "Calibri", "WinAnsiEncoding".into()),
    );
    assert_eq!(widths(&f, b"a"), vec![0.556]);
    assert!(f.warnings.iter().any(|w| w.contains("no /Widths")));
}

#[test]
fn mac_roman_and_symbol_builtin() {
    let doc = Document::with_version("1.5");
    let f = Font::load(
        &doc,
        &simple("TrueType", "ArialMT", "MacRomanEncoding".into()),
    );
    assert_eq!(
        texts(&f, b"\xd5\x8e\xa5"),
        vec![s("\u{2019}"), s("é"), s("•")]
    );
    let sym = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Symbol" };
    let f = Font::load(&doc, &sym);
    assert_eq!(texts(&f, b"a\xb7"), vec![s("α"), s("•")]);
    assert_eq!(widths(&f, b"a"), vec![0.631]);
}

#[test]
fn symbolic_truetype_without_encoding_reads_as_winansi() {
    let doc = Document::with_version("1.5");
    let font = dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => "ABCDEF+Webdings",
        "FirstChar" => 32,
        "Widths" => vec![Object::Integer(300), Object::Integer(400)],
        "FontDescriptor" => dictionary! { "Flags" => 4 },
    };
    let f = Font::load(&doc, &font);
    assert_eq!(texts(&f, b" !"), vec![s(" "), s("!")]);
    assert_eq!(widths(&f, b" !\x80"), vec![0.3, 0.4, 0.0]);
}

#[test]
fn type3_widths_through_font_matrix() {
    let doc = Document::with_version("1.5");
    let font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type3",
        "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
        "FirstChar" => 1,
        "Widths" => vec![Object::Integer(50), Object::Integer(60)],
        "Encoding" => dictionary! { "Differences" => vec![1.into(), "x".into(), "ff".into()] },
    };
    let f = Font::load(&doc, &font);
    assert_eq!(f.kind(), FontKind::Type3);
    assert_eq!(texts(&f, &[1, 2, 3]), vec![s("x"), s("ff"), None]);
    let w = widths(&f, &[1, 2, 3]);
    assert!((w[0] - 0.5).abs() < 1e-6 && (w[1] - 0.6).abs() < 1e-6 && w[2] == 0.0);
}

#[test]
fn tounicode_wins_then_falls_through_per_code() {
    let mut doc = Document::with_version("1.5");
    let tu = stream(
        &mut doc,
        "4 beginbfchar <41> <0058> <42> <FFFD> <43> <0000> <44> <FB03> endbfchar",
    );
    let mut font = simple("TrueType", "ArialMT", "WinAnsiEncoding".into());
    font.set("ToUnicode", tu);
    let f = Font::load(&doc, &font);
    // A: ToUnicode; B: U+FFFD there → WinAnsi; C: mapped to nothing; D: ligature.
    assert_eq!(
        texts(&f, b"ABCDE"),
        vec![s("X"), s("B"), s(""), s("ffi"), s("E")]
    );
}

#[test]
fn symbol_font_private_use_reads_through_symbol_encoding() {
    let mut doc = Document::with_version("1.5");
    let mut font = type0(
        &mut doc,
        Object::Array(vec![]),
        None,
        Some("1 beginbfchar <0003> <F0B7> endbfchar"),
    );
    font.set("BaseFont", "SymbolMT");
    let f = Font::load(&doc, &font);
    assert_eq!(texts(&f, &[0, 3]), vec![s("•")]);
}

#[test]
fn compressed_and_broken_streams() {
    let mut doc = Document::with_version("1.5");
    let mut good = Stream::new(
        dictionary! {},
        b"1 beginbfchar <41> <0059> endbfchar\n".repeat(3),
    );
    good.compress().expect("compress");
    assert!(good.dict.has(b"Filter"));
    let good = doc.add_object(good);
    let bad = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        b"not zlib at all".to_vec(),
    ));
    let mut font = simple("TrueType", "ArialMT", "WinAnsiEncoding".into());
    font.set("ToUnicode", Object::Reference(good));
    assert_eq!(texts(&Font::load(&doc, &font), b"A"), vec![s("Y")]);
    let unsupported = doc.add_object(Stream::new(
        dictionary! { "Filter" => "JBIG2Decode" },
        b"1 beginbfchar <41> <0059> endbfchar".to_vec(),
    ));
    for (stream, why) in [
        (bad, "cannot be decoded (flate"),
        (unsupported, "cannot be decoded"),
    ] {
        font.set("ToUnicode", Object::Reference(stream));
        let f = Font::load(&doc, &font);
        assert_eq!(texts(&f, b"A"), vec![s("A")]);
        assert!(
            f.warnings.iter().any(|w| w.contains(why)),
            "{:?}",
            f.warnings
        );
    }
}

#[test]
fn style_from_name_and_descriptor() {
    let doc = Document::with_version("1.5");
    let load = |name: &str, fd: Option<Dictionary>| {
        let mut d = simple("TrueType", name, "WinAnsiEncoding".into());
        d.set("Widths", vec![Object::Integer(500)]);
        if let Some(fd) = fd {
            d.set("FontDescriptor", fd);
        }
        let f = Font::load(&doc, &d);
        (f.info.bold, f.info.italic)
    };
    assert_eq!(load("ABCDEF+Calibri,Bold", None), (true, false));
    assert_eq!(load("Arial-BoldItalicMT", None), (true, true));
    assert_eq!(load("MinionPro-It", None), (false, true));
    assert_eq!(load("Roboto-Black", None), (true, false));
    assert_eq!(load("OpenSans-Semibold", None), (true, false));
    assert_eq!(load("TimesNewRomanPS-ItalicMT", None), (false, true));
    assert_eq!(load("Lato-Light", None), (false, false));
    let fd = |k: &str, v: Object| Some(dictionary! { k => v });
    assert_eq!(load("F1", fd("Flags", (1i64 << 18).into())), (true, false));
    assert_eq!(load("F1", fd("Flags", (1i64 << 6).into())), (false, true));
    assert_eq!(load("F1", fd("FontWeight", 700.into())), (true, false));
    assert_eq!(load("F1", fd("FontWeight", 400.into())), (false, false));
    assert_eq!(
        load("F1", fd("ItalicAngle", Object::Real(-12.0))),
        (false, true)
    );
}

#[test]
fn load_never_fails_on_garbage() {
    let doc = Document::with_version("1.5");
    let dicts = [
        dictionary! {},
        dictionary! { "Subtype" => "Type0" },
        dictionary! { "Subtype" => "Type0", "DescendantFonts" => 5, "Encoding" => 7 },
        dictionary! { "Subtype" => "Type0", "DescendantFonts" => vec![Object::Null],
        "ToUnicode" => Object::Reference((99, 0)) },
        dictionary! { "Subtype" => "TrueType", "Widths" => "x", "FirstChar" => -5,
        "Encoding" => dictionary! { "Differences" => vec![(-3).into(), "a".into(), 300.into(), "b".into()] } },
        dictionary! { "Subtype" => "Type3", "FontMatrix" => vec![Object::Null] },
        dictionary! { "Subtype" => "Bogus", "BaseFont" => 12 },
    ];
    for d in dicts {
        let f = Font::load(&doc, &d);
        for d in f.codes(&[0, 1, 2, 0xFF, 0x20]) {
            assert!(d.width.is_finite());
        }
        assert!(f.decode(&[]).is_empty());
    }
}

fn font_file(doc: &mut Document, tables: &[(&[u8; 4], Vec<u8>)]) -> Object {
    let data = super::truetype::build::sfnt(tables);
    Object::Reference(doc.add_object(Stream::new(dictionary! {}, data)))
}

#[test]
fn type0_with_empty_tounicode_reads_the_embedded_font_cmap() {
    use super::truetype::build::cmap4;
    let mut doc = Document::with_version("1.5");
    // Quartz-style SymbolMT: empty ToUnicode, (3,0) cmap U+F0B7 → glyph 2.
    let ff = font_file(&mut doc, &[(b"cmap", cmap4(3, 0, 0xF0B7, 0xF0B7, 2))]);
    let fd = doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => ff });
    let desc = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "MBRXNF+SymbolMT",
        "FontDescriptor" => Object::Reference(fd),
    });
    let tu = stream(
        &mut doc,
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    );
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "MBRXNF+SymbolMT",
        "Encoding" => "Identity-H", "ToUnicode" => tu,
        "DescendantFonts" => vec![Object::Reference(desc)],
    };
    let f = Font::load(&doc, &font);
    assert_eq!(texts(&f, &[0, 2, 0, 3]), vec![s("•"), None]);

    // Unicode cmap and a /CIDToGIDMap stream: CID 1 → glyph 5 ('A').
    let ff = font_file(&mut doc, &[(b"cmap", cmap4(3, 1, 0x41, 0x43, 5))]);
    let fd = doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => ff });
    let map = doc.add_object(Stream::new(dictionary! {}, vec![0, 0, 0, 5, 0, 7]));
    let desc = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Foo",
        "FontDescriptor" => Object::Reference(fd), "CIDToGIDMap" => Object::Reference(map),
    });
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Foo",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::Reference(desc)],
    };
    let f = Font::load(&doc, &font);
    assert_eq!(texts(&f, &[0, 1, 0, 2, 0, 5]), vec![s("A"), s("C"), None]);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn symbolic_truetype_reads_glyph_names_through_the_symbol_cmap() {
    use super::truetype::build::{cmap4, post};
    let mut doc = Document::with_version("1.5");
    let ff = font_file(
        &mut doc,
        &[
            (b"cmap", cmap4(3, 0, 0xF041, 0xF042, 1)),
            (b"post", post(&[".notdef", "bullet", "g17"])),
        ],
    );
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Wingdings",
        "FirstChar" => 65, "Widths" => vec![Object::Integer(500), Object::Integer(500)],
        "FontDescriptor" => dictionary! { "Flags" => 4, "FontFile2" => ff },
    };
    let f = Font::load(&doc, &font);
    // 'A' → glyph 1 "bullet"; 'B' → glyph 2 "g17" (no meaning) → WinAnsi guess.
    assert_eq!(texts(&f, b"AB"), vec![s("•"), s("B")]);
}

#[test]
fn embedded_type1_builtin_encoding_beats_the_standard_guess() {
    let mut doc = Document::with_version("1.5");
    let program = stream(
        &mut doc,
        "%!PS-AdobeFont-1.0: CMSY10\n/Encoding 256 array\n\
         0 1 255 {1 index exch /.notdef put} for\n\
         dup 15 /bullet put\ndup 65 /uni2192 put\nreadonly def\ncurrentfile eexec\n",
    );
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ABCDEF+CMSY10",
        "FirstChar" => 15, "Widths" => vec![Object::Integer(500)],
        "FontDescriptor" => dictionary! { "Flags" => 4, "FontFile" => program },
    };
    let f = Font::load(&doc, &font);
    assert_eq!(texts(&f, b"\x0fAB"), vec![s("•"), s("→"), None]);
    // An explicit /Encoding wins over the program's.
    let mut explicit = font.clone();
    explicit.set("Encoding", "StandardEncoding");
    let f = Font::load(&doc, &explicit);
    assert_eq!(texts(&f, b"\x0fAB"), vec![None, s("A"), s("B")]);
}

#[test]
fn heap_bytes_reports_range_expansion() {
    let mut doc = Document::with_version("1.5");
    let small = type0(&mut doc, Object::Array(vec![]), None, None);
    let big = type0(
        &mut doc,
        Object::Array(vec![0.into(), 65535.into(), 500.into()]),
        None,
        Some("1 beginbfrange <0000> <FFFF> <0041> endbfrange"),
    );
    let (small, big) = (Font::load(&doc, &small), Font::load(&doc, &big));
    assert!(small.heap_bytes() < 4096, "{}", small.heap_bytes());
    assert!(big.heap_bytes() > 65536 * 12, "{}", big.heap_bytes());
}

/// The subset Helvetica-Bold of the NAM committee minutes (TrueType,
/// MacRoman, /FirstChar 32, zeros for unused codes). Its item numbers looked
/// ~36pt wide at 11pt; the font is not the cause: the widths read here are
/// the /Widths entries in 1/1000 em. The extra width comes from the content
/// stream's `2.7167 Tc` with `1 Tf` inside an `11 0 0 11 Tm` (char spacing
/// is in unscaled text space, so 2.7167 × 11 ≈ 29.9pt per glyph, undone by
/// TJ adjustments of 2717), which the interpreter adds to each glyph's width.
#[test]
fn nam_truetype_helvetica_bold_widths_are_thousandths_of_an_em() {
    let doc = Document::with_version("1.4");
    let mut widths_arr: Vec<Object> = vec![0.into(); 90];
    for (code, w) in [(32, 278), (50, 556), (65, 722), (112, 611), (121, 556)] {
        widths_arr[code - 32] = Object::Integer(w);
    }
    let mut dict = simple(
        "TrueType",
        "STONAN+Helvetica-Bold",
        "MacRomanEncoding".into(),
    );
    dict.set("FirstChar", 32);
    dict.set("LastChar", 121);
    dict.set("Widths", widths_arr);
    let f = Font::load(&doc, &dict);
    assert_eq!(texts(&f, b"2 Ap"), vec![s("2"), s(" "), s("A"), s("p")]);
    assert_eq!(
        widths(&f, b"2 Apy"),
        vec![0.556, 0.278, 0.722, 0.611, 0.556]
    );
}
