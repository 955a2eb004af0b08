//! A temporary file in OUT holding each meeting's records while the
//! archive is read (the full record, and the slim one the history stage
//! links), so that memory holds only a small index entry per document: the
//! history stage reads one organisation's records back at a time, and the
//! outputs are written from the full records. The file is anonymous: the
//! OS removes it even when the run is killed.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

/// Where one record is in the spool.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    offset: u64,
    len: u64,
}

impl Slot {
    /// The record's size in bytes (JSON).
    pub fn len(&self) -> u64 {
        self.len
    }
}

pub struct Spool {
    inner: Mutex<(BufWriter<File>, u64)>,
}

impl Spool {
    pub fn new(dir: &Path) -> io::Result<Spool> {
        let f = tempfile::tempfile_in(dir)?;
        Ok(Spool {
            inner: Mutex::new((BufWriter::new(f), 0)),
        })
    }

    /// Appends a record (from any thread).
    pub fn write<T: Serialize>(&self, m: &T) -> io::Result<Slot> {
        let bytes = serde_json::to_vec(m).map_err(io::Error::other)?;
        let mut g = self
            .inner
            .lock()
            .map_err(|_| io::Error::other("spool lock poisoned"))?;
        let offset = g.1;
        g.0.write_all(&bytes)?;
        g.1 += bytes.len() as u64;
        Ok(Slot {
            offset,
            len: bytes.len() as u64,
        })
    }

    /// Done writing: a reader for the records.
    pub fn into_reader(self) -> io::Result<SpoolReader> {
        let (w, _) = self
            .inner
            .into_inner()
            .map_err(|_| io::Error::other("spool lock poisoned"))?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        Ok(SpoolReader { f })
    }
}

pub struct SpoolReader {
    f: File,
}

impl SpoolReader {
    /// One record. Each read seeks first, so reads through shared
    /// references (the history's passes and the writer) do not disturb
    /// each other.
    pub fn read<T: DeserializeOwned>(&self, s: &Slot) -> io::Result<T> {
        let mut f = &self.f;
        f.seek(SeekFrom::Start(s.offset))?;
        let mut buf = vec![0; s.len as usize];
        f.read_exact(&mut buf)?;
        serde_json::from_slice(&buf).map_err(io::Error::other)
    }
}
