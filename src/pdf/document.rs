//! Loading a document and walking its page tree.
//!
//! lopdf does the file-level work: xref tables and streams, rebuilding a
//! broken xref by scanning for `N G obj`, and the ciphers. Object streams
//! are expanded by [`super::objstm`] under the document's budget, and
//! encrypted files are decrypted through it too (with the empty user
//! password), so that lopdf's own expansion never runs. What lopdf leaves to us: telling
//! "needs a password" from "damaged", and the page tree, which we walk
//! ourselves because `/Count` lies in damaged files and lopdf's walk does not
//! give us the inherited attributes we need.

use super::filters::Budget;
use super::{objstm, rawcost, PdfError};
use crate::limits::Limits;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::time::Instant;

/// A loaded document and what loading it cost.
pub(crate) struct Loaded {
    pub doc: Document,
    /// Bytes charged while loading (decoded object streams, parsed
    /// objects): the document budget starts from here.
    pub budget: Budget,
    pub warnings: Vec<String>,
}

/// Checks the magic bytes and loads the document with lopdf, object
/// streams expanded under the document budget ([`super::objstm`]).
pub(crate) fn load(bytes: &[u8], limits: &Limits, deadline: Instant) -> Result<Loaded, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    if let Some(msg) = limits.file_too_large(bytes.len() as u64) {
        return Err(PdfError::size_limit(msg));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    // What lopdf's parse would hold, from the raw bytes, before it runs.
    let max = limits.max_document_bytes;
    let cost = rawcost::estimate_up_to(bytes, max);
    if cost.objects > max {
        return Err(PdfError::size_limit(format!(
            "the file's objects would take more than {max} bytes once parsed (max_document_bytes)"
        )));
    }
    if cost.largest_hidden > max {
        return Err(PdfError::size_limit(format!(
            "a string or stream of the file would take more than {max} bytes if parsed as objects (max_document_bytes)"
        )));
    }
    let mut loaded = load_budgeted(bytes, limits, deadline, false)?;
    // lopdf rebuilds the xref of a file whose page tree does not load only
    // for an unfiltered load; ours is filtered, so the rebuild is done here.
    if loaded.doc.xref_recovery != Some(lopdf::xref::XrefRecovery::Reconstructed)
        && !loaded.doc.trailer.has(b"Encrypt")
        && !page_tree_loaded(&loaded.doc)
    {
        if let Ok(rebuilt) = load_budgeted(bytes, limits, deadline, true) {
            if page_tree_loaded(&rebuilt.doc) {
                loaded = rebuilt;
            }
        }
    }
    // lopdf removes /Encrypt from the trailer once it has decrypted the
    // objects; still there means no password it tried (the empty one) fit.
    if loaded.doc.trailer.has(b"Encrypt") {
        return Err(PdfError::Encrypted);
    }
    Ok(loaded)
}

/// One lopdf load with the object-stream filter, then the kept object
/// streams expanded under the budget.
fn load_budgeted(
    bytes: &[u8],
    limits: &Limits,
    deadline: Instant,
    force_reconstruct: bool,
) -> Result<Loaded, PdfError> {
    // An encrypted file is loaded as a plain one with its `/Encrypt`
    // hidden, so that lopdf takes the path that calls our filter, then
    // decrypted here ([`objstm::hide_encrypt`]).
    if let Some(hidden) = objstm::hide_encrypt(bytes) {
        let mut loaded = load_filtered(&hidden, limits, force_reconstruct)?;
        let encrypt = loaded.doc.trailer.remove(objstm::HIDDEN_ENCRYPT);
        if let Some(encrypt) = encrypt {
            let mut warnings = Vec::new();
            objstm::decrypt(&mut loaded.doc, encrypt, &mut loaded.kept, &mut warnings)?;
            return expand_kept(loaded, limits, deadline, warnings);
        }
        // No `/Encrypt` in the trailer: the names hidden were elsewhere
        // (a string, a stream); the file is read as it is.
    }
    let loaded = load_filtered(bytes, limits, force_reconstruct)?;
    expand_kept(loaded, limits, deadline, Vec::new())
}

/// A lopdf load with the object-stream filter: the document, the object
/// streams it kept aside, and what the plain objects cost.
struct Filtered {
    doc: Document,
    kept: Vec<(ObjectId, lopdf::Stream)>,
    plain_bytes: u64,
}

fn load_filtered(
    bytes: &[u8],
    limits: &Limits,
    force_reconstruct: bool,
) -> Result<Filtered, PdfError> {
    let options = LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.max_stream_bytes).unwrap_or(usize::MAX)),
        filter: Some(objstm::load_filter),
        force_reconstruct,
        ..LoadOptions::default()
    };
    objstm::begin(limits.max_document_bytes);
    // lopdf is a large third-party parser fed hostile bytes: should it ever
    // panic, that is one damaged file, not the end of an overnight batch.
    let loaded = std::panic::catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }));
    let objstm::Gathered {
        kept,
        plain_bytes,
        over,
    } = objstm::finish();
    if over {
        // The filter dropped objects: what lopdf returned is incomplete.
        return Err(over_limit(limits));
    }
    let loaded = match loaded {
        Ok(result) => result,
        Err(_) => {
            return Err(PdfError::Damaged(
                "the PDF parser (lopdf) gave up on this file".into(),
            ))
        }
    };
    let doc = match loaded {
        Ok(doc) => doc,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(PdfError::size_limit(format!(
                "an object stream decompresses to more than {} bytes (max_stream_bytes)",
                limits.max_stream_bytes
            )))
        }
        Err(lopdf::Error::InvalidPassword) => return Err(PdfError::Encrypted),
        Err(e) => return Err(PdfError::Damaged(describe_load_error(&e))),
    };
    Ok(Filtered {
        doc,
        kept,
        plain_bytes,
    })
}

/// Charges the plain objects, then expands the kept object streams under
/// the budget.
fn expand_kept(
    loaded: Filtered,
    limits: &Limits,
    deadline: Instant,
    mut warnings: Vec<String>,
) -> Result<Loaded, PdfError> {
    let Filtered {
        mut doc,
        kept,
        plain_bytes,
    } = loaded;
    let mut budget = Budget::new(limits.max_stream_bytes, limits.max_document_bytes);
    budget.used = plain_bytes;
    if budget.used > budget.max_document {
        return Err(over_limit(limits));
    }
    objstm::expand(
        &mut doc,
        kept,
        &mut budget,
        deadline,
        limits.max_millis,
        &mut warnings,
    )?;
    Ok(Loaded {
        doc,
        budget,
        warnings,
    })
}

/// The error when the parsed objects pass the document's budget, or the
/// heap guard's, during the load.
fn over_limit(limits: &Limits) -> PdfError {
    if crate::memguard::exceeded() {
        PdfError::memory_limit(limits.memory_message())
    } else {
        PdfError::size_limit(format!(
            "the file's objects take more than {} bytes once parsed (max_document_bytes)",
            limits.max_document_bytes
        ))
    }
}

/// Whether the catalog leads to a page tree root with `/Kids` (lopdf's
/// own test for "rebuild the xref").
fn page_tree_loaded(doc: &Document) -> bool {
    doc.trailer
        .get(b"Root")
        .ok()
        .and_then(|r| resolve(doc, r))
        .and_then(|c| c.as_dict().ok())
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| resolve(doc, p))
        .and_then(|p| p.as_dict().ok())
        .and_then(|p| p.get(b"Kids").ok())
        .and_then(|k| resolve(doc, k))
        .is_some_and(|k| k.as_array().is_ok())
}

fn describe_load_error(e: &lopdf::Error) -> String {
    match e {
        lopdf::Error::Xref(_) | lopdf::Error::Parse(_) => {
            format!("no usable cross-reference table or trailer ({e})")
        }
        _ => e.to_string(),
    }
}

/// A page with its inherited attributes resolved.
#[derive(Debug, Clone)]
pub(crate) struct PageRef<'a> {
    pub dict: &'a Dictionary,
    pub resources: Option<&'a Dictionary>,
    /// The visible area: CropBox clipped to MediaBox, normalised so that
    /// x0 < x1 and y0 < y1.
    pub crop: [f32; 4],
    /// 0, 90, 180 or 270.
    pub rotate: i32,
}

/// Attributes a page inherits from its ancestors (PDF 32000 §7.7.3.4).
#[derive(Clone, Copy, Default)]
struct Inherited<'a> {
    resources: Option<&'a Dictionary>,
    media: Option<[f32; 4]>,
    crop: Option<[f32; 4]>,
    rotate: Option<i64>,
}

/// US Letter, the default when no MediaBox is found anywhere.
const DEFAULT_MEDIA: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// Walks the page tree depth-first in document order. Nodes already visited
/// are skipped (a `/Kids` entry pointing back up the tree is a cycle, not
/// more pages), and `warnings` says so. More than `max_pages` pages is a
/// [`PdfError::Limit`].
pub(crate) fn pages<'a>(
    doc: &'a Document,
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Result<Vec<PageRef<'a>>, PdfError> {
    let catalog = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|r| resolve(doc, r))
        .and_then(|o| o.as_dict().ok())
        .ok_or_else(|| PdfError::Damaged("no document catalog (/Root)".into()))?;
    let root_obj = catalog
        .get(b"Pages")
        .map_err(|_| PdfError::Damaged("the catalog has no page tree (/Pages)".into()))?;

    let mut out = Vec::new();
    let mut visited: HashSet<ObjectId> = HashSet::new();
    let mut cycle_reported = false;
    // Explicit stack (reverse order of kids) so a deep tree cannot overflow
    // the call stack.
    let mut stack: Vec<(&'a Object, Inherited<'a>)> = vec![(root_obj, Inherited::default())];
    while let Some((node_obj, inherited)) = stack.pop() {
        if let Object::Reference(id) = node_obj {
            if !visited.insert(*id) {
                if !cycle_reported {
                    warnings.push(format!(
                        "page tree loops back to object {} {}; the loop was not followed",
                        id.0, id.1
                    ));
                    cycle_reported = true;
                }
                continue;
            }
        }
        let Some(node) = resolve(doc, node_obj).and_then(|o| o.as_dict().ok()) else {
            warnings.push("page tree node is missing or not a dictionary; skipped".into());
            continue;
        };
        let here = Inherited {
            resources: node
                .get(b"Resources")
                .ok()
                .and_then(|r| resolve(doc, r))
                .and_then(|o| o.as_dict().ok())
                .or(inherited.resources),
            media: rect(doc, node, b"MediaBox").or(inherited.media),
            crop: rect(doc, node, b"CropBox").or(inherited.crop),
            rotate: node
                .get(b"Rotate")
                .ok()
                .and_then(|r| resolve(doc, r))
                .and_then(|o| o.as_i64().ok())
                .or(inherited.rotate),
        };
        let is_tree_node = match node.get(b"Type").ok().and_then(|t| t.as_name().ok()) {
            Some(b"Pages") => true,
            Some(b"Page") => false,
            _ => node.has(b"Kids"),
        };
        if is_tree_node {
            let kids = node
                .get(b"Kids")
                .ok()
                .and_then(|k| resolve(doc, k))
                .and_then(|k| k.as_array().ok());
            if let Some(kids) = kids {
                for kid in kids.iter().rev() {
                    stack.push((kid, here));
                }
            }
            continue;
        }
        if out.len() as u64 >= u64::from(limits.max_pages) {
            return Err(PdfError::size_limit(format!(
                "more than {} pages (max_pages)",
                limits.max_pages
            )));
        }
        let media = here.media.unwrap_or(DEFAULT_MEDIA);
        let crop = here.crop.and_then(|c| intersect(c, media)).unwrap_or(media);
        let rotate = here.rotate.unwrap_or(0).rem_euclid(360);
        let rotate = (rotate / 90 * 90) as i32;
        out.push(PageRef {
            dict: node,
            resources: here.resources,
            crop,
            rotate,
        });
    }
    Ok(out)
}

/// Follows references (a bounded number of hops, so `1 0 R` → `1 0 R`
/// cannot loop).
pub(crate) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..32 {
        match obj {
            Object::Reference(id) => obj = doc.objects.get(id)?,
            _ => return Some(obj),
        }
    }
    None
}

/// Reads a number, integer or real.
pub(crate) fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A rectangle entry, normalised to x0 < x1, y0 < y1; `None` if missing or
/// degenerate.
fn rect(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<[f32; 4]> {
    let arr = resolve(doc, dict.get(key).ok()?)?.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut v = [0f32; 4];
    for (slot, o) in v.iter_mut().zip(arr) {
        *slot = number(resolve(doc, o)?)?;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}

fn intersect(a: [f32; 4], b: [f32; 4]) -> Option<[f32; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}
