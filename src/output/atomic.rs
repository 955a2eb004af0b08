//! Atomic file writes: every output is written to a temporary file in the
//! same directory, flushed to disk, then renamed over the old one. A run
//! killed at any moment leaves the previous file or the new one, never a
//! truncated one.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Prefix of the temporary files, so that a later run can remove the ones
/// a killed run left behind.
pub const TEMP_PREFIX: &str = ".minutes-tmp-";

/// Writes `path` atomically with `fill`. `sync`: flush to disk before the
/// rename (outputs); cache entries skip it because a damaged entry is only
/// a cache miss.
pub fn write_atomic<F>(path: &Path, sync: bool, fill: F) -> io::Result<()>
where
    F: FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX);
    // Outputs are ordinary files (0666 less the umask), not the private
    // 0600 a temporary file gets by default.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = b.tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes temporary files a killed run left in `dir` (not recursive).
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        write_atomic(&p, true, |w| w.write_all(b"old")).unwrap();
        let r = write_atomic(&p, true, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.txt")]);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("{TEMP_PREFIX}abc")), "x").unwrap();
        std::fs::write(dir.path().join("keep.json"), "x").unwrap();
        remove_stale(dir.path());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("keep.json")]);
    }
}
