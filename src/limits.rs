//! Resource limits applied to every document.
//!
//! One `Limits` value is built from the command line (or the defaults) and
//! passed down through every stage, so that no cap is a constant hidden in
//! the code. A document that hits a limit fails with
//! [`crate::pdf::PdfError::Limit`] naming the limit, and the batch goes on.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Caps on what one document may cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest decompressed size of one stream, in bytes.
    pub max_stream_bytes: u64,
    /// Largest total of decompressed stream bytes for one document.
    pub max_document_bytes: u64,
    /// Most content-stream operators interpreted on one page (forms included).
    /// Also caps the glyphs emitted on one page, so that a single `Tj` with a
    /// huge string is not a way around it.
    pub max_operators_per_page: u64,
    /// Deepest nesting of arrays and dictionaries in a content stream.
    /// Graphics-state saves (`q`) may nest 4 × this deep.
    pub max_nesting: u32,
    /// Deepest chain of Form XObjects invoked through `Do`.
    pub max_form_depth: u32,
    /// Most pages read from one document.
    pub max_pages: u32,
    /// Wall-clock budget for one document, in milliseconds.
    pub max_millis: u64,
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Most heap bytes one document may hold while it is read, all stages
    /// together (checked where `max_millis` is; counted by the `minutes`
    /// binary's allocator, see `memguard`). A safety net behind the other
    /// limits.
    pub max_memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 64 << 20,
            max_document_bytes: 256 << 20,
            max_operators_per_page: 2_000_000,
            max_nesting: 256,
            max_form_depth: 16,
            max_pages: 2_000,
            max_millis: 30_000,
            max_file_bytes: 512 << 20,
            max_memory_bytes: 1 << 30,
        }
    }
}

impl Limits {
    /// Reads a limits file (`--limits FILE.toml`): a regular file of at most
    /// [`crate::smallfile::MAX_CONFIG_BYTES`], missing keys taking their
    /// defaults. The error is one line naming the file.
    pub fn load(path: &std::path::Path) -> Result<Limits, String> {
        let text = crate::smallfile::read_text(path, crate::smallfile::MAX_CONFIG_BYTES)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            // One line: TOML errors print a source excerpt over several.
            let msg = e.to_string();
            let msg: Vec<&str> = msg
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            format!("{}: {}", path.display(), msg.join(" "))
        })
    }

    /// The one message for a file of `len` bytes over `max_file_bytes`
    /// (`None` within it), wherever the size is checked.
    pub fn file_too_large(&self, len: u64) -> Option<String> {
        (len > self.max_file_bytes).then(|| {
            format!(
                "file is {len} bytes, more than max_file_bytes = {}",
                self.max_file_bytes
            )
        })
    }

    /// The wall-clock budget as a `Duration`.
    pub fn time_budget(&self) -> Duration {
        Duration::from_millis(self.max_millis)
    }

    /// The error message when the document's heap budget is spent.
    pub fn memory_message(&self) -> String {
        format!(
            "the document holds more than {} bytes of memory (max_memory_bytes)",
            self.max_memory_bytes
        )
    }
}
