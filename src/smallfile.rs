//! Reading the small text files a user points us at (rule files, limits
//! files) without trusting what the path is.
//!
//! `read_to_string` on a FIFO named `x.toml` waits forever for a writer; on
//! a link to `/dev/zero` it reads until memory runs out; on a 1 GB sparse
//! file it reads 1 GB. So: open without blocking, accept only a regular
//! file (checked on the opened file, not on the path, so the path cannot be
//! swapped in between), and read at most `cap` bytes.

use std::io::Read;
use std::path::Path;

/// Largest rule or limits file read, in bytes (the bundled rules are
/// 26 KB all together).
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// Reads `path` as UTF-8 text if it is a regular file of at most `cap`
/// bytes. The error is one line without the path (callers name the file).
pub fn read_text(path: &Path, cap: u64) -> Result<String, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        const O_NONBLOCK: i32 = if cfg!(any(target_os = "macos", target_os = "ios")) {
            0x0004
        } else {
            0o4000
        };
        options.custom_flags(O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        let what = kind_of(&meta);
        return Err(format!("not a regular file ({what}); not read"));
    }
    if meta.len() > cap {
        return Err(format!(
            "file is {} bytes, more than the {cap} a rule or limits file may have",
            meta.len()
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The size can change after the check: never read past the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > cap {
        return Err(format!("file grew past {cap} bytes while read"));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_small_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "x = 1\n").unwrap();
        assert_eq!(read_text(&p, 100).unwrap(), "x = 1\n");
        assert!(read_text(&p, 3).unwrap_err().contains("more than the 3"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn device_and_folder_are_refused_without_reading() {
        let e = read_text(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(e.contains("a device"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), 100).unwrap_err();
        assert!(e.contains("folder") || e.contains("directory"), "{e}");
    }
}
