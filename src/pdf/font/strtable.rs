//! A table of static strings stored as one concatenated string plus end
//! offsets.
//!
//! Why: an array of `&'static str` holds one pointer per entry, and in a
//! position-independent executable every such pointer is a load-time
//! relocation the dynamic loader must patch at each process start. The
//! glyph tables hold ~10,000 strings, which made start-up cost ~1 ms of CPU
//! per run (significant when `minutes text` runs once per file). Offsets are
//! plain integers and need no relocation.

/// `count` strings: entry `i` is `data[ends[i]..ends[i + 1]]` (`ends[0] == 0`).
pub struct StrTable {
    data: &'static str,
    ends: &'static [u32],
}

impl StrTable {
    /// Used only by the generated tables; `ends` must start with 0, be
    /// non-decreasing, end at `data.len()` and fall on char boundaries.
    pub const fn new(data: &'static str, ends: &'static [u32]) -> Self {
        StrTable { data, ends }
    }

    /// Number of entries.
    pub const fn len(&self) -> usize {
        self.ends.len().saturating_sub(1)
    }

    /// Entry `i`, `None` past the end.
    pub fn get(&self, i: usize) -> Option<&'static str> {
        let start = *self.ends.get(i)? as usize;
        let end = *self.ends.get(i + 1)? as usize;
        self.data.get(start..end)
    }

    /// All entries in order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Index of `key` in a table sorted by bytes (binary search).
    pub fn find_sorted(&self, key: &[u8]) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid)?.as_bytes().cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::StrTable;

    static T: StrTable = StrTable::new("abbcé", &[0, 0, 1, 3, 6]);

    #[test]
    fn entries_and_search() {
        assert_eq!(T.len(), 4);
        assert_eq!(T.iter().collect::<Vec<_>>(), ["", "a", "bb", "cé"]);
        assert_eq!(T.get(4), None);
        assert_eq!(T.find_sorted(b"bb"), Some(2));
        assert_eq!(T.find_sorted("cé".as_bytes()), Some(3));
        assert_eq!(T.find_sorted(b"b"), None);
        assert_eq!(T.find_sorted(b""), Some(0));
        assert_eq!(T.find_sorted(b"d"), None);
    }
}
