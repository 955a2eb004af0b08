//! Entry point for fuzzing the content-stream interpreter on its own.
//!
//! Fuzzing whole PDFs reaches the interpreter only through lopdf's parser
//! and a valid page tree, which random mutation rarely keeps intact. This
//! runs raw content-stream bytes as the single page of a fixed, in-memory
//! document whose resources cover every path the interpreter takes: a simple
//! font with `/Differences`, a Type0 Identity-H font with a `/ToUnicode`
//! CMap and `/W` widths, a TrueType font without widths, a Form XObject, a
//! Form XObject that invokes itself and the first form, and an image.
//!
//! Resource names: `/F1` `/F2` `/F3` (fonts), `/Fm1` `/Fm2` `/Im1` (XObjects).

use super::document::PageRef;
use super::interp::DocContext;
use super::{PageGlyphs, PdfError};
use crate::limits::Limits;
use lopdf::{dictionary, Dictionary, Document, Object, Stream};
use std::time::Instant;

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
1 begincodespacerange <0000> <FFFF> endcodespacerange \
2 beginbfrange <0003> <0040> <0020> <0041> <0042> [<0066006C> <FB01>] endbfrange \
1 beginbfchar <0050> <D835DC00> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";

/// The fixed document: returns it with the page dictionary's id.
fn fixture(content: &[u8]) -> (Document, lopdf::ObjectId) {
    let mut doc = Document::with_version("1.7");
    let f1 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica-Bold",
        "FirstChar" => 32,
        "LastChar" => 126,
        "Widths" => Object::Array((32..=126).map(|i| Object::Integer(400 + i)).collect()),
        "Encoding" => dictionary! {
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![65.into(), "fi".into(), "uni00E9".into(), "A.sc".into()],
        },
    });
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, TO_UNICODE.to_vec()));
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "ABCDEF+Arial",
        "DW" => 1000,
        "W" => vec![3.into(), vec![278.into(), 556.into()].into(), 10.into(), 20.into(), 500.into()],
    });
    let f2 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "ABCDEF+Arial",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid_font.into()],
        "ToUnicode" => to_unicode,
    });
    let f3 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => "Times New Roman,Italic",
    });
    let fonts = dictionary! { "F1" => f1, "F2" => f2, "F3" => f3 };
    let fm1 = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
            "Resources" => dictionary! { "Font" => fonts.clone() },
        },
        b"BT /F1 10 Tf 0 0 Td (F) Tj ET 0 0 100 0.5 re f".to_vec(),
    ));
    let fm2 = doc.new_object_id();
    doc.objects.insert(
        fm2,
        Object::Stream(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
                "Matrix" => vec![0.into(), 1.into(), (-1).into(), 0.into(), 0.into(), 0.into()],
                "Resources" => dictionary! {
                    "Font" => fonts.clone(),
                    "XObject" => dictionary! { "Fm1" => fm1, "Fm2" => fm2 },
                },
            },
            b"q /Fm1 Do Q BT /F2 9 Tf <00030004> Tj ET /Fm2 Do".to_vec(),
        )),
    );
    let im1 = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 1,
            "Height" => 1,
            "BitsPerComponent" => 8,
            "ColorSpace" => "DeviceGray",
        },
        vec![0x80],
    ));
    let resources = doc.add_object(dictionary! {
        "Font" => fonts,
        "XObject" => dictionary! { "Fm1" => fm1, "Fm2" => fm2, "Im1" => im1 },
    });
    let contents = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Contents" => contents,
        "Resources" => resources,
    });
    (doc, page)
}

/// Runs `content` as the content stream of one US-Letter page with the
/// fixed resources above, under `limits`. Same errors as
/// [`super::extract`] gives for a page.
#[doc(hidden)]
pub fn fuzz_content(content: &[u8], limits: &Limits) -> Result<PageGlyphs, PdfError> {
    let (doc, page_id) = fixture(content);
    let Some(Object::Dictionary(page)) = doc.objects.get(&page_id) else {
        return Err(PdfError::Damaged("fuzz fixture has no page".into()));
    };
    let resources: Option<&Dictionary> = page
        .get(b"Resources")
        .ok()
        .and_then(|r| super::document::resolve(&doc, r))
        .and_then(|o| o.as_dict().ok());
    let page_ref = PageRef {
        dict: page,
        resources,
        crop: [0.0, 0.0, 612.0, 792.0],
        rotate: 0,
    };
    let budget = super::filters::Budget::new(limits.max_stream_bytes, limits.max_document_bytes);
    let mut cx = DocContext::new(&doc, limits, Instant::now() + limits.time_budget(), budget);
    let mut warnings = Vec::new();
    cx.page(1, &page_ref, &mut warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_resources_all_reach_the_page() {
        let p = fuzz_content(
            b"BT /F1 10 Tf 72 700 Td (AB) Tj /F2 12 Tf <00030041> Tj /F3 8 Tf (x) Tj ET \
              /Fm1 Do /Fm2 Do /Im1 Do",
            &Limits::default(),
        )
        .expect("page");
        let text: String = p.glyphs.iter().map(|g| g.text.as_str()).collect();
        // F1: A → fi (Differences), B → é; F2: 3 → space, 0x41 → "fl" (the
        // array entry of the bfrange, ligature unfolded); F3: x; Fm1: F;
        // Fm2: Fm1's F again, then space and 0x0004 → U+0021.
        assert_eq!(text, "fié flxFF !");
        assert_eq!(p.images, 1);
        assert!(!p.rules.is_empty());
    }
}
