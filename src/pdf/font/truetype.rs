//! Just enough of an embedded TrueType/OpenType font (`/FontFile2`,
//! `/FontFile3` OpenType) to recover text when the PDF gives no usable
//! `/ToUnicode`: the `cmap` table (formats 0, 4, 6, 12) and glyph names
//! from the `post` table (formats 1 and 2).
//!
//! Why: Quartz (macOS Preview) and older producers write Identity-H fonts
//! with an empty ToUnicode; the glyph ids are then the only key to the text,
//! and the font's own cmap maps them back. Every read is bounds-checked;
//! a malformed font yields fewer mappings, never a panic.

use super::tables::MAC_GLYPH_NAMES;
use std::collections::HashMap;

/// Most cmap entries read from one subtable (a full CJK font has ~65 000).
const MAX_ENTRIES: usize = 1 << 17;

/// The parts of a font file we read.
#[derive(Debug, Default)]
pub struct TrueType {
    /// Unicode → glyph id, from a Unicode subtable ((3,1), (3,10), (0,*)).
    pub unicode: Vec<(u32, u16)>,
    /// Code → glyph id from the (3,0) symbol subtable (codes are usually
    /// U+F020–F0FF).
    pub symbol: Vec<(u32, u16)>,
    /// Code → glyph id from the (1,0) Macintosh Roman subtable.
    pub mac: Vec<(u32, u16)>,
    /// Glyph names by glyph id (`post`), where the font has them.
    pub names: Vec<String>,
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

impl TrueType {
    /// Reads `data`; `None` if it is not an sfnt at all.
    pub fn parse(data: &[u8]) -> Option<TrueType> {
        let version = u32_at(data, 0)?;
        if !matches!(version, 0x0001_0000 | 0x7472_7565 | 0x4F54_544F) {
            return None; // not TrueType ('true') or OpenType ('OTTO')
        }
        let num_tables = u16_at(data, 4)? as usize;
        let mut tables = HashMap::new();
        for i in 0..num_tables.min(64) {
            let rec = 12 + 16 * i;
            let tag = data.get(rec..rec + 4)?;
            let offset = u32_at(data, rec + 8)? as usize;
            let length = u32_at(data, rec + 12)? as usize;
            let end = offset.checked_add(length)?.min(data.len());
            if let Some(table) = data.get(offset..end) {
                tables.insert(tag.to_vec(), table);
            }
        }
        let mut tt = TrueType::default();
        if let Some(cmap) = tables.get(&b"cmap"[..]) {
            tt.read_cmap(cmap);
        }
        if let Some(post) = tables.get(&b"post"[..]) {
            tt.names = post_names(post).unwrap_or_default();
        }
        Some(tt)
    }

    fn read_cmap(&mut self, cmap: &[u8]) {
        let n = u16_at(cmap, 2).unwrap_or(0) as usize;
        // Best Unicode subtable: full repertoire (3,10)/(0,4) over BMP ones.
        let mut best_unicode: Option<(u8, usize)> = None;
        for i in 0..n.min(64) {
            let rec = 4 + 8 * i;
            let (Some(pid), Some(eid), Some(off)) = (
                u16_at(cmap, rec),
                u16_at(cmap, rec + 2),
                u32_at(cmap, rec + 4),
            ) else {
                break;
            };
            let off = off as usize;
            let rank = match (pid, eid) {
                (3, 10) | (0, 4) | (0, 6) => 3,
                (3, 1) | (0, _) => 2,
                _ => 0,
            };
            if rank > 0 && best_unicode.is_none_or(|(r, _)| rank > r) {
                best_unicode = Some((rank, off));
            }
            if (pid, eid) == (3, 0) && self.symbol.is_empty() {
                self.symbol = subtable(cmap, off);
            }
            if (pid, eid) == (1, 0) && self.mac.is_empty() {
                self.mac = subtable(cmap, off);
            }
        }
        if let Some((_, off)) = best_unicode {
            self.unicode = subtable(cmap, off);
        }
    }
}

/// All (code, glyph id) pairs of the subtable at `off`, glyph 0 excluded.
fn subtable(cmap: &[u8], off: usize) -> Vec<(u32, u16)> {
    let mut out = Vec::new();
    let d = cmap.get(off..).unwrap_or(&[]);
    let mut push = |code: u32, gid: u16| {
        if gid != 0 && out.len() < MAX_ENTRIES {
            out.push((code, gid));
        }
    };
    match u16_at(d, 0) {
        Some(0) => {
            for code in 0..256u32 {
                match d.get(6 + code as usize) {
                    Some(&g) => push(code, g as u16),
                    None => break,
                }
            }
        }
        Some(4) => {
            let segs = u16_at(d, 6).unwrap_or(0) as usize / 2;
            let ends = 14;
            let starts = ends + 2 * segs + 2;
            let deltas = starts + 2 * segs;
            let ranges = deltas + 2 * segs;
            for s in 0..segs {
                let (Some(end), Some(start), Some(delta), Some(ro)) = (
                    u16_at(d, ends + 2 * s),
                    u16_at(d, starts + 2 * s),
                    u16_at(d, deltas + 2 * s),
                    u16_at(d, ranges + 2 * s),
                ) else {
                    break;
                };
                if start > end || start == 0xFFFF {
                    continue;
                }
                for c in start..=end {
                    let gid = if ro == 0 {
                        c.wrapping_add(delta)
                    } else {
                        let at = ranges + 2 * s + ro as usize + 2 * (c - start) as usize;
                        match u16_at(d, at) {
                            Some(0) | None => 0,
                            Some(g) => g.wrapping_add(delta),
                        }
                    };
                    push(c as u32, gid);
                }
            }
        }
        Some(6) => {
            let first = u16_at(d, 6).unwrap_or(0) as u32;
            let count = u16_at(d, 8).unwrap_or(0) as usize;
            for i in 0..count {
                match u16_at(d, 10 + 2 * i) {
                    Some(g) => push(first + i as u32, g),
                    None => break,
                }
            }
        }
        Some(12) => {
            let groups = u32_at(d, 12).unwrap_or(0) as usize;
            'groups: for i in 0..groups.min(MAX_ENTRIES) {
                let at = 16 + 12 * i;
                let (Some(start), Some(end), Some(gid)) =
                    (u32_at(d, at), u32_at(d, at + 4), u32_at(d, at + 8))
                else {
                    break;
                };
                if end < start || end - start > MAX_ENTRIES as u32 {
                    continue;
                }
                for k in 0..=(end - start) {
                    let Ok(g) = u16::try_from(gid + k) else {
                        continue 'groups;
                    };
                    push(start + k, g);
                }
            }
        }
        _ => {}
    }
    out
}

/// Glyph names from a `post` table, by glyph id.
fn post_names(post: &[u8]) -> Option<Vec<String>> {
    match u32_at(post, 0)? {
        0x0001_0000 => Some(MAC_GLYPH_NAMES.iter().map(str::to_string).collect()),
        0x0002_0000 => {
            let n = u16_at(post, 32)? as usize;
            let index_end = 34 + 2 * n;
            // The Pascal strings after the index: names 258, 259, …
            let mut extra: Vec<&[u8]> = Vec::new();
            let mut at = index_end;
            while let Some(&len) = post.get(at) {
                let Some(s) = post.get(at + 1..at + 1 + len as usize) else {
                    break;
                };
                extra.push(s);
                at += 1 + len as usize;
            }
            let names = (0..n)
                .map(|g| {
                    let idx = u16_at(post, 34 + 2 * g).unwrap_or(0) as usize;
                    match idx {
                        i if i < 258 => MAC_GLYPH_NAMES.get(i).unwrap_or_default().to_string(),
                        i => extra
                            .get(i - 258)
                            .map(|s| String::from_utf8_lossy(s).into_owned())
                            .unwrap_or_default(),
                    }
                })
                .collect();
            Some(names)
        }
        _ => None,
    }
}

/// Builders of tiny synthetic fonts, for tests here and in `font::tests`.
#[cfg(test)]
pub(crate) mod build {
    /// A minimal sfnt with the given tables (tag, bytes).
    pub fn sfnt(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        out.extend_from_slice(&(tables.len() as u16).to_be_bytes());
        out.extend_from_slice(&[0; 6]);
        let mut offset = 12 + 16 * tables.len();
        let mut bodies = Vec::new();
        for (tag, body) in tables {
            out.extend_from_slice(*tag);
            out.extend_from_slice(&[0; 4]);
            out.extend_from_slice(&(offset as u32).to_be_bytes());
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            offset += body.len();
            bodies.extend_from_slice(body);
        }
        out.extend_from_slice(&bodies);
        out
    }

    /// A cmap with one format-4 subtable (pid, eid) mapping `start..=end`
    /// to glyphs `first_gid…`.
    pub fn cmap4(pid: u16, eid: u16, start: u16, end: u16, first_gid: u16) -> Vec<u8> {
        let be = |v: u16| v.to_be_bytes();
        let mut sub = Vec::new();
        let segs = 2u16;
        for v in [4, 0, 0, segs * 2, 0, 0, 0] {
            sub.extend_from_slice(&be(v));
        }
        sub.extend_from_slice(&be(end));
        sub.extend_from_slice(&be(0xFFFF));
        sub.extend_from_slice(&be(0)); // reservedPad
        sub.extend_from_slice(&be(start));
        sub.extend_from_slice(&be(0xFFFF));
        sub.extend_from_slice(&be(first_gid.wrapping_sub(start)));
        sub.extend_from_slice(&be(1));
        sub.extend_from_slice(&be(0));
        sub.extend_from_slice(&be(0));
        let mut cmap = Vec::new();
        for v in [0u16, 1, pid, eid] {
            cmap.extend_from_slice(&be(v));
        }
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        cmap
    }

    /// A `post` table, format 2, naming glyphs 0.. with `names`.
    pub fn post(names: &[&str]) -> Vec<u8> {
        let mut post = vec![0, 2, 0, 0];
        post.extend_from_slice(&[0; 28]);
        post.extend_from_slice(&(names.len() as u16).to_be_bytes());
        for i in 0..names.len() {
            post.extend_from_slice(&(258 + i as u16).to_be_bytes());
        }
        for n in names {
            post.push(n.len() as u8);
            post.extend_from_slice(n.as_bytes());
        }
        post
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    #[test]
    fn format4_unicode_cmap() {
        let font = sfnt(&[(b"cmap", cmap4(3, 1, 0x41, 0x43, 5))]);
        let tt = TrueType::parse(&font).expect("sfnt");
        assert_eq!(tt.unicode, vec![(0x41, 5), (0x42, 6), (0x43, 7)]);
        assert!(tt.symbol.is_empty());
    }

    #[test]
    fn symbol_cmap_and_post_names() {
        let mut post = vec![0, 2, 0, 0];
        post.extend_from_slice(&[0; 28]);
        post.extend_from_slice(&3u16.to_be_bytes());
        for idx in [0u16, 3, 258] {
            post.extend_from_slice(&idx.to_be_bytes());
        }
        post.push(6);
        post.extend_from_slice(b"bullet");
        let font = sfnt(&[(b"cmap", cmap4(3, 0, 0xF0B7, 0xF0B7, 2)), (b"post", post)]);
        let tt = TrueType::parse(&font).expect("sfnt");
        assert_eq!(tt.symbol, vec![(0xF0B7, 2)]);
        assert_eq!(tt.names, vec![".notdef", "space", "bullet"]);
    }

    #[test]
    fn garbage_is_not_a_font_and_truncation_is_harmless() {
        assert!(TrueType::parse(b"").is_none());
        assert!(TrueType::parse(b"%PDF-1.4 nonsense").is_none());
        let font = sfnt(&[(b"cmap", cmap4(3, 1, 0x20, 0x7E, 3))]);
        for cut in 0..font.len() {
            let _ = TrueType::parse(&font[..cut]);
        }
    }
}
