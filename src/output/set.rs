//! The output folder as one consistent set: readers see the previous
//! complete set or the new complete set, never a mix.
//!
//! Layout of OUT:
//!
//! ```text
//! OUT/.lock                  held (flock) by the scan writing OUT; holds its pid
//! OUT/.cache/                the per-document cache (see `archive::cache`)
//! OUT/.runs/run-…/           one folder per complete set (and the one being built)
//! OUT/current -> .runs/run-… the set readers use, switched in one rename
//! OUT/actions.csv -> current/actions.csv   (one such link per output file)
//! ```
//!
//! A scan builds the whole set in a fresh folder under `.runs/` (every
//! write checked, every file `fsync`ed), and only when all of it is written
//! replaces the `current` symbolic link with a new one pointing at it
//! (`rename(2)`, atomic). The links `OUT/actions.csv` … `OUT/report.html`
//! go through `current`, so a spreadsheet or browser opens the plain path
//! and gets the current set. A scan killed or failing at any moment leaves
//! `current` where it was; the next scan removes the unfinished folder.
//! The previous set is kept until the next scan, so a reader that resolved
//! `current` just before a switch can still finish.
//!
//! Readers that open several files (`minutes report`) resolve `current`
//! once with [`resolve`] and read everything from that folder.
//!
//! To add an output file: add its name to [`crate::output::ALL`] (or
//! [`SET_FILES`]) and write it with [`Staging::write`].

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The link to the current set, inside OUT.
pub const CURRENT: &str = "current";
/// The folder of sets, inside OUT.
pub const RUNS_DIR: &str = ".runs";
/// The lock file, inside OUT.
pub const LOCK_FILE: &str = ".lock";

/// Every file of a set: the outputs, then the report built from them.
pub fn set_files() -> impl Iterator<Item = &'static str> {
    crate::output::ALL
        .iter()
        .copied()
        .chain(SET_FILES.iter().copied())
}

/// Files of a set that are not data outputs (built from them).
pub const SET_FILES: &[&str] = &[crate::output::REPORT_FILE];

/// The folder holding the current set of `out`: the target of
/// `out/current`, or `out` itself when it has no `current` (a folder of
/// outputs from an older version, or one made by hand).
pub fn resolve(out: &Path) -> PathBuf {
    let cur = out.join(CURRENT);
    match fs::symlink_metadata(&cur) {
        Ok(m) if m.file_type().is_symlink() || m.is_dir() => cur.canonicalize().unwrap_or(cur),
        _ => out.to_path_buf(),
    }
}

/// Exclusive use of an OUT folder, released when dropped or when the
/// process ends in any way (the OS drops the `flock`), so a lock left by a
/// killed scan is never in the way: the file stays, the lock does not.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Why OUT could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{} is busy: another scan (process {pid}) is writing it; wait for it to finish or use another -o folder", out.display())]
    Busy { out: PathBuf, pid: String },
    #[error("cannot lock {}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
}

impl Lock {
    /// Takes `out/.lock` without waiting; writes our pid into it.
    pub fn acquire(out: &Path) -> Result<Lock, LockError> {
        let path = out.join(LOCK_FILE);
        let io_err = |error| LockError::Io {
            path: path.clone(),
            error,
        };
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err)?;
        if !try_lock(&file).map_err(io_err)? {
            let pid = fs::read_to_string(&path).unwrap_or_default();
            let pid = pid.trim();
            return Err(LockError::Busy {
                out: out.to_path_buf(),
                pid: if pid.is_empty() {
                    "?".into()
                } else {
                    pid.into()
                },
            });
        }
        // A pid left by a killed holder is overwritten: its lock is gone.
        file.set_len(0).map_err(io_err)?;
        writeln!(file, "{}", std::process::id()).map_err(io_err)?;
        Ok(Lock { _file: file })
    }
}

/// `flock(LOCK_EX | LOCK_NB)`: false when another open file holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: `flock` only reads the descriptor, which `file` keeps open
    // for the duration of the call.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Elsewhere no lock is taken (the outputs are still switched whole).
#[cfg(not(unix))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(true)
}

/// Prepares OUT for a new set (under the [`Lock`]): removes unfinished set
/// folders and temporaries left by killed runs, and converts a folder of
/// outputs from an older version (plain files) into the linked layout
/// without ever showing a mix.
pub fn prepare(out: &Path) -> io::Result<()> {
    crate::output::atomic::remove_stale(out);
    let runs = out.join(RUNS_DIR);
    fs::create_dir_all(&runs)?;
    let current = fs::read_link(out.join(CURRENT)).ok();
    let keep = current
        .as_ref()
        .and_then(|c| c.file_name().map(|n| n.to_os_string()));
    for e in fs::read_dir(&runs)?.flatten() {
        if Some(e.file_name()) != keep {
            let _ = fs::remove_dir_all(e.path());
        }
    }
    if current.is_none() {
        adopt_plain_files(out)?;
    }
    Ok(())
}

/// An older OUT holds the outputs as plain files: they become the first
/// set (hard links, or copies), `current` points at it, then each plain
/// file is replaced by a link to the same content through `current`. A
/// reader sees the old outputs at every moment.
fn adopt_plain_files(out: &Path) -> io::Result<()> {
    let plain: Vec<&str> = set_files()
        .filter(|n| fs::symlink_metadata(out.join(n)).is_ok_and(|m| m.file_type().is_file()))
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    let dir = new_run_dir(out)?;
    for n in &plain {
        if fs::hard_link(out.join(n), dir.join(n)).is_err() {
            fs::copy(out.join(n), dir.join(n))?;
        }
    }
    sync_dir(&dir)?;
    switch_current(out, &dir)?;
    link_outputs(out)
}

fn new_run_dir(out: &Path) -> io::Result<PathBuf> {
    // Seconds since the epoch: run folders sort by age; the random suffix
    // keeps two runs in one second apart.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let dir = tempfile::Builder::new()
        .prefix(&format!("run-{stamp}-"))
        .tempdir_in(out.join(RUNS_DIR))?;
    Ok(dir.keep())
}

/// A set being built. Dropped without [`Staging::commit`], its folder is
/// removed and OUT is as before.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// The files' flushes to disk, under way ([`Syncs`]).
    syncs: Syncs,
}

/// The `fsync`s of a set's files, each started on a thread of its own as
/// soon as the file is written and all waited for by [`Staging::commit`]
/// before the switch. Each takes milliseconds of waiting for the disk
/// (~8 ms here, for a dozen files); one after another, in line, they were
/// most of a scan's write time. Started as the files are done, they
/// overlap each other (the file system can commit them together) and the
/// rest of the writing. The switch still comes only after every file is on
/// disk, so a crash leaves the previous set as before.
#[derive(Debug, Clone, Default)]
struct Syncs(std::sync::Arc<std::sync::Mutex<Vec<std::thread::JoinHandle<io::Result<()>>>>>);

impl Syncs {
    /// Starts flushing `file` (`path` names it in an error) to disk.
    fn start(&self, file: File, path: PathBuf) {
        let h = std::thread::spawn(move || {
            file.sync_all()
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        });
        if let Ok(mut v) = self.0.lock() {
            v.push(h);
        }
    }

    /// Waits for every flush started; the first error.
    fn wait(&self) -> io::Result<()> {
        let handles = match self.0.lock() {
            Ok(mut v) => std::mem::take(&mut *v),
            Err(_) => return Err(io::Error::other("a set file's flush to disk failed")),
        };
        let mut first = Ok(());
        for h in handles {
            let r = h
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("a set file's flush to disk failed")));
            if first.is_ok() {
                first = r;
            }
        }
        first
    }
}

impl Staging {
    /// A new, empty set folder under `out/.runs/` (call [`prepare`] first).
    pub fn new(out: &Path) -> io::Result<Staging> {
        fs::create_dir_all(out.join(RUNS_DIR))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir: new_run_dir(out)?,
            committed: false,
            syncs: Syncs::default(),
        })
    }

    /// The folder the set is written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the file `name` of the set with `fill`, checking every write,
    /// then starts flushing it to disk ([`Syncs`]).
    pub fn write<F>(&self, name: &str, fill: F) -> io::Result<()>
    where
        F: FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    {
        let mut f = self.open(name)?;
        let r = fill(f.writer());
        f.done(r)
    }

    /// Opens the file `name` of the set for writing, so several files can
    /// be written side by side in one pass over the records (see
    /// [`SetFile`]).
    pub fn open(&self, name: &str) -> io::Result<SetFile> {
        let path = self.dir.join(name);
        let ctx = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        fault::check(name).map_err(ctx)?;
        let file = File::create(&path).map_err(ctx)?;
        Ok(SetFile {
            w: BufWriter::new(file),
            path,
            syncs: self.syncs.clone(),
        })
    }

    /// For a file written by a library that needs a path (the SQLite
    /// database): the temporary name to build `name` under, inside the set
    /// folder (a killed run leaves only this name, which `prepare` clears
    /// with the unfinished folder). Then [`Staging::install`].
    pub fn temp_path(&self, name: &str) -> io::Result<PathBuf> {
        let path = self.dir.join(name);
        fault::check(name)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Ok(self
            .dir
            .join(format!("{}{name}", crate::output::atomic::TEMP_PREFIX)))
    }

    /// Moves a file built at [`Staging::temp_path`] to its name in the set
    /// and starts flushing it to disk ([`Syncs`]; the set is not switched
    /// to before it is on disk).
    pub fn install(&self, name: &str) -> io::Result<()> {
        let tmp = self.temp_path(name)?;
        let path = self.dir.join(name);
        let ctx = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        let file = File::open(&tmp).map_err(ctx)?;
        fs::rename(&tmp, &path).map_err(ctx)?;
        self.syncs.start(file, path);
        Ok(())
    }

    /// Makes this set the current one in one step. `gate` is called just
    /// before the switch; when it returns false (the run was interrupted)
    /// the set is dropped and OUT keeps the previous one.
    pub fn commit(mut self, gate: impl FnOnce() -> bool) -> io::Result<bool> {
        self.syncs.wait()?;
        sync_dir(&self.dir)?;
        let previous = fs::read_link(self.out.join(CURRENT)).ok();
        if !gate() {
            return Ok(false);
        }
        switch_current(&self.out, &self.dir)?;
        self.committed = true;
        // Older sets but the one just replaced (a reader may be in it).
        let keep_prev = previous.and_then(|p| p.file_name().map(|n| n.to_os_string()));
        if let Ok(rd) = fs::read_dir(self.out.join(RUNS_DIR)) {
            for e in rd.flatten() {
                let n = e.file_name();
                if Some(&n) != keep_prev.as_ref() && Some(n.as_os_str()) != self.dir.file_name() {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        link_outputs(&self.out)?;
        Ok(true)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// One file of a set being written ([`Staging::open`]); [`SetFile::finish`]
/// flushes it and starts its flush to disk. Errors name the file.
#[derive(Debug)]
pub struct SetFile {
    w: BufWriter<File>,
    path: PathBuf,
    syncs: Syncs,
}

impl SetFile {
    /// The buffered writer (errors from it do not name the file: pass the
    /// result through [`SetFile::done`], or map it with [`SetFile::ctx`]).
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        &mut self.w
    }

    /// An error of this file, with its path.
    pub fn ctx(&self, e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("{}: {e}", self.path.display()))
    }

    /// Flushes the file and starts syncing it to disk (waited for by
    /// [`Staging::commit`]).
    pub fn finish(self) -> io::Result<()> {
        self.done(Ok(()))
    }

    /// [`SetFile::finish`] after `r`, the result of filling it: the first
    /// error, with the file's path.
    fn done(self, r: io::Result<()>) -> io::Result<()> {
        r.map_err(|e| self.ctx(e))?;
        let SetFile { w, path, syncs } = self;
        let file = w
            .into_inner()
            .map_err(|e| io::Error::new(e.error().kind(), format!("{}: {e}", path.display())))?;
        syncs.start(file, path);
        Ok(())
    }
}

/// Writes through the buffer, so a writer that owns its output (the CSV
/// rows of a scan, kept across its organisations) can own the file.
impl Write for SetFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Points `out/current` at `dir` (a folder of `out/.runs/`) atomically: a
/// new link under a temporary name, renamed over the old one.
fn switch_current(out: &Path, dir: &Path) -> io::Result<()> {
    let name = dir
        .file_name()
        .ok_or_else(|| io::Error::other("set folder has no name"))?;
    let target = Path::new(RUNS_DIR).join(name);
    let tmp = out.join(format!(
        "{}current-{}",
        crate::output::atomic::TEMP_PREFIX,
        std::process::id()
    ));
    let _ = fs::remove_file(&tmp);
    symlink(&target, &tmp)?;
    fs::rename(&tmp, out.join(CURRENT))?;
    sync_dir(out)
}

/// Makes sure every output name in OUT is a link through `current`
/// (created once; a plain file is replaced in one rename).
pub fn link_outputs(out: &Path) -> io::Result<()> {
    for n in set_files() {
        let p = out.join(n);
        let target = Path::new(CURRENT).join(n);
        if fs::read_link(&p).is_ok_and(|t| t == target) {
            continue;
        }
        let tmp = out.join(format!(
            "{}link-{}",
            crate::output::atomic::TEMP_PREFIX,
            std::process::id()
        ));
        let _ = fs::remove_file(&tmp);
        symlink(&target, &tmp)?;
        fs::rename(&tmp, &p)?;
    }
    sync_dir(out)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Flushes a folder's entries (new names, renames) to disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Injected write failures for the tests (debug builds only): the
/// environment variable `MINUTES_FAIL_WRITE` names the output whose write
/// fails as a full disk would. Release builds ignore it.
mod fault {
    use std::io;

    pub fn check(name: &str) -> io::Result<()> {
        if cfg!(debug_assertions)
            && std::env::var("MINUTES_FAIL_WRITE").is_ok_and(|v| v == name || v == "*")
        {
            return Err(io::Error::from_raw_os_error(28)); // ENOSPC
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(out: &Path, name: &str) -> String {
        fs::read_to_string(out.join(name)).unwrap()
    }

    fn build(out: &Path, text: &str) {
        prepare(out).unwrap();
        let s = Staging::new(out).unwrap();
        for n in set_files() {
            s.write(n, |w| w.write_all(text.as_bytes())).unwrap();
        }
        assert!(s.commit(|| true).unwrap());
    }

    #[test]
    fn sets_switch_whole_and_old_plain_files_are_adopted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("actions.jsonl"), "plain").unwrap();
        fs::write(out.join("run.json"), "plain-run").unwrap();
        prepare(out).unwrap();
        assert_eq!(read(out, "actions.jsonl"), "plain");
        assert_eq!(read(out, "run.json"), "plain-run");
        assert!(fs::symlink_metadata(out.join("actions.jsonl"))
            .unwrap()
            .file_type()
            .is_symlink());
        build(out, "one");
        assert_eq!(read(out, "actions.csv"), "one");
        build(out, "two");
        assert_eq!(read(out, "history.json"), "two");
        assert_eq!(read(&resolve(out), "history.json"), "two");
        // The set replaced is kept (a reader may be in it), older ones not.
        assert_eq!(fs::read_dir(out.join(RUNS_DIR)).unwrap().count(), 2);

        // A set not committed (interrupted, or a write failed) changes nothing.
        prepare(out).unwrap();
        let s = Staging::new(out).unwrap();
        s.write("actions.csv", |w| w.write_all(b"three")).unwrap();
        assert!(!s.commit(|| false).unwrap());
        let s = Staging::new(out).unwrap();
        std::env::set_var("MINUTES_FAIL_WRITE", "errors.jsonl");
        let r = s.write("errors.jsonl", |w| w.write_all(b"x"));
        std::env::remove_var("MINUTES_FAIL_WRITE");
        assert!(r.unwrap_err().to_string().contains("errors.jsonl"));
        drop(s);
        for n in set_files() {
            assert_eq!(read(out, n), "two", "{n}");
        }
        assert_eq!(fs::read_dir(out.join(RUNS_DIR)).unwrap().count(), 1);
    }

    #[test]
    fn a_second_lock_is_busy_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let l = Lock::acquire(dir.path()).unwrap();
        let e = Lock::acquire(dir.path()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("busy"), "{msg}");
        assert!(msg.contains(&std::process::id().to_string()), "{msg}");
        drop(l);
        // A lock file left behind (as by a killed scan) is not in the way.
        Lock::acquire(dir.path()).unwrap();
    }
}
