//! Finding the documents of an archive folder.
//!
//! A file is a document when its first 1024 bytes hold a PDF header
//! (`%PDF-1.x`; PDF readers accept one after some junk, and archives hold
//! PDFs with odd or no extensions). A file named `.pdf` that is not a PDF is kept too, so
//! the officer gets an error line for it instead of silence. Hidden
//! folders (`.git`, a scan's `.cache`) and the output folder are skipped.

use crate::model::FileError;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Bytes searched for the `%PDF-` header.
const SNIFF_BYTES: u64 = 1024;

/// One document found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundFile {
    /// The label written into the records: the path as walked from the
    /// ARCHIVE argument as given (`corpus/archive/x.pdf`).
    pub label: String,
    pub path: PathBuf,
}

fn named_pdf(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

fn has_pdf_header(path: &Path) -> std::io::Result<bool> {
    let mut head = Vec::with_capacity(SNIFF_BYTES as usize);
    std::fs::File::open(path)?
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)?;
    Ok(pdf_header_at(&head).is_some())
}

/// Offset of a PDF header (`%PDF-1.7`) in `head`: the marker with its
/// version, at the start or after a line break or binary junk, so that a
/// README that mentions "%PDF-" in prose is not taken for a PDF.
fn pdf_header_at(head: &[u8]) -> Option<usize> {
    (0..head.len()).find(|&i| {
        let w = &head[i..];
        let versioned = w.len() >= 8
            && w.starts_with(b"%PDF-")
            && w[5].is_ascii_digit()
            && w[6] == b'.'
            && w[7].is_ascii_digit();
        let boundary = i == 0 || {
            let b = head[i - 1];
            b == b'\n' || b == b'\r' || !(0x20..0x80).contains(&b)
        };
        versioned && boundary
    })
}

/// The label of a path in the records: the path as text, with bytes that
/// are not UTF-8 shown as `\xFE` and a backslash as `\\`, so two names
/// that differ only in such bytes keep distinct labels (the file itself
/// is read through its raw path).
pub fn label(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    if !bytes.contains(&b'\\') {
        if let Ok(s) = std::str::from_utf8(&bytes) {
            return s.to_string();
        }
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

fn skipped(path: &Path, why: String) -> FileError {
    FileError {
        document: label(path),
        kind: "skipped".into(),
        error: why,
    }
}

/// What kind of file system entry, for a skipped line.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    let _ = ft;
    "not a regular file"
}

/// Every document under `root` (recursively), sorted by label, and a
/// [`FileError`] for each `.pdf` entry that is not read: unreadable (kind
/// `io`), or skipped on purpose (kind `skipped`: a FIFO, socket or device,
/// a symbolic link leaving the archive, a link loop). Symbolic links are
/// followed only when their target is inside the archive (the file then
/// shows as a duplicate of its target). `skip` (the output folder) is not
/// walked. No entry that is not a regular file is ever opened, so a FIFO
/// cannot block the scan.
pub fn discover(root: &Path, skip: Option<&Path>) -> (Vec<FoundFile>, Vec<FileError>) {
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.path_is_symlink() {
                let target = e.path().canonicalize();
                let inside = target.as_ref().is_ok_and(|t| t.starts_with(&root_real));
                if !inside {
                    if e.file_type().is_dir() || named_pdf(e.path()) {
                        let to = target
                            .map(|t| t.display().to_string())
                            .unwrap_or_else(|_| "?".into());
                        outside.borrow_mut().push(skipped(
                            e.path(),
                            format!("symbolic link to {to}, outside the archive: not followed"),
                        ));
                    }
                    return false;
                }
            }
            if !e.file_type().is_dir() {
                return true;
            }
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            let is_out = skip
                .as_ref()
                .is_some_and(|s| e.path().canonicalize().ok().as_ref() == Some(s));
            !hidden && !is_out
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                if let Some(anc) = e.loop_ancestor() {
                    errors.push(skipped(
                        &path,
                        format!("symbolic link loop back to {}: not followed", anc.display()),
                    ));
                    continue;
                }
                let dangling = std::fs::symlink_metadata(&path)
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && !path.exists();
                let cause = if dangling {
                    "a symbolic link whose target is missing".to_string()
                } else {
                    e.io_error()
                        .map(|x| x.to_string())
                        .unwrap_or_else(|| e.to_string())
                };
                errors.push(FileError {
                    document: label(&path),
                    kind: "io".into(),
                    error: format!("cannot read: {cause}"),
                });
                continue;
            }
        };
        let path = entry.path();
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if !ft.is_file() {
            if named_pdf(path) {
                errors.push(skipped(
                    path,
                    format!("{}, not a file: skipped", special_kind(&ft)),
                ));
            }
            continue;
        }
        let label = label(path);
        match has_pdf_header(path) {
            Ok(true) => {}
            Ok(false) if named_pdf(path) => {}
            Ok(false) => continue,
            Err(e) => {
                if named_pdf(path) {
                    errors.push(FileError {
                        document: label,
                        kind: "io".into(),
                        error: format!("cannot read: {e}"),
                    });
                }
                continue;
            }
        }
        found.push(FoundFile {
            label,
            path: path.to_path_buf(),
        });
    }
    errors.extend(outside.into_inner());
    found.sort();
    errors.sort_by(|a, b| a.document.cmp(&b.document));
    (found, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_headers() {
        assert_eq!(pdf_header_at(b"%PDF-1.4\n"), Some(0));
        assert_eq!(pdf_header_at(b"HTTP/1.1 200\r\n\r\n%PDF-2.0\n"), Some(16));
        assert_eq!(pdf_header_at(b"\xef\xbb\xbf%PDF-1.7"), Some(3));
        assert_eq!(pdf_header_at(b"no %PDF- header"), None);
        assert_eq!(pdf_header_at(b"see `%PDF-1.4`"), None);
        assert_eq!(pdf_header_at(b"%PDF-"), None);
    }

    #[test]
    fn finds_pdfs_by_content_and_broken_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(d.join(".hidden")).unwrap();
        std::fs::create_dir_all(d.join("out")).unwrap();
        std::fs::write(d.join("b.pdf"), b"%PDF-1.4\n...").unwrap();
        std::fs::write(d.join("sub/no-extension"), b"junk\n%PDF-1.7\n").unwrap();
        std::fs::write(d.join("sub/deeper/broken.PDF"), b"<html>error</html>").unwrap();
        std::fs::write(d.join("sub/notes.txt"), b"hello").unwrap();
        std::fs::write(
            d.join("sub/README.md"),
            b"a file with no `%PDF-1.4` header\n%PDF- too",
        )
        .unwrap();
        std::fs::write(d.join(".hidden/x.pdf"), b"%PDF-1.4").unwrap();
        std::fs::write(d.join("out/y.pdf"), b"%PDF-1.4").unwrap();
        let (found, errors) = discover(d, Some(&d.join("out")));
        let rel: Vec<_> = found
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(d)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(rel, ["b.pdf", "sub/deeper/broken.PDF", "sub/no-extension"]);
        assert!(errors.is_empty());
        assert_eq!(found[0].label, d.join("b.pdf").display().to_string());
    }
}
