//! Links from the report to the source PDFs.
//!
//! `Action.document` is the path as given to `scan`, usually relative to the
//! directory it ran in. The report lives in OUT, so each link is that file's
//! path relative to OUT, percent-encoded, so the report keeps working when
//! the archive and OUT are moved or shared together.

use super::escape::url_segment;
use std::path::{Component, Path, PathBuf};

/// Finds the file a document label names: the label itself (absolute or
/// relative to `cwd`), else relative to the archive folder of the run. When
/// none exists (the archive moved), the label read from `cwd` is kept so the
/// link still has the right shape.
pub fn locate(document: &str, cwd: &Path, archive: Option<&Path>) -> PathBuf {
    let doc = Path::new(document);
    let mut candidates = vec![absolute(doc, cwd)];
    if let Some(archive) = archive {
        candidates.push(absolute(&absolute(archive, cwd).join(doc), cwd));
    }
    for c in &candidates {
        if c.is_file() {
            return c.canonicalize().unwrap_or_else(|_| c.clone());
        }
    }
    candidates.swap_remove(0)
}

/// `path` made absolute against `cwd` and normalised lexically (`.` and
/// `..` removed), without touching the file system.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The URL of `target` relative to the directory `from` (both absolute and
/// normalised), each segment percent-encoded.
pub fn relative_href(from: &Path, target: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = target.components().collect();
    let common = from
        .iter()
        .zip(to.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut segments: Vec<String> = Vec::new();
    for _ in common..from.len() {
        segments.push("..".into());
    }
    for comp in &to[common..] {
        segments.push(url_segment(&comp.as_os_str().to_string_lossy()));
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_normalises_lexically() {
        let cwd = Path::new("/home/a/work");
        assert_eq!(
            absolute(Path::new("./corpus/../corpus/x.pdf"), cwd),
            PathBuf::from("/home/a/work/corpus/x.pdf")
        );
        assert_eq!(
            absolute(Path::new("/abs/y.pdf"), cwd),
            PathBuf::from("/abs/y.pdf")
        );
    }

    #[test]
    fn hrefs_are_relative_from_out_and_encoded() {
        let out = Path::new("/w/minutes-out");
        assert_eq!(
            relative_href(out, Path::new("/w/corpus/seed/a b.pdf")),
            "../corpus/seed/a%20b.pdf"
        );
        assert_eq!(
            relative_href(out, Path::new("/w/minutes-out/x.pdf")),
            "x.pdf"
        );
        assert_eq!(
            relative_href(Path::new("/w/o/deep"), Path::new("/w/javascript:x.pdf")),
            "../../javascript%3Ax.pdf"
        );
    }

    #[test]
    fn locate_prefers_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("arch");
        std::fs::create_dir_all(archive.join("sub")).unwrap();
        std::fs::write(archive.join("sub/m.pdf"), b"%PDF-").unwrap();
        // Label relative to the archive, not to cwd.
        let found = locate("sub/m.pdf", dir.path(), Some(Path::new("arch")));
        assert_eq!(found, archive.join("sub/m.pdf").canonicalize().unwrap());
        // Label relative to cwd.
        let found = locate("arch/sub/m.pdf", dir.path(), Some(Path::new("arch")));
        assert_eq!(found, archive.join("sub/m.pdf").canonicalize().unwrap());
        // Missing: kept as read from cwd.
        let found = locate("gone/m.pdf", dir.path(), None);
        assert_eq!(found, dir.path().join("gone/m.pdf"));
    }
}
