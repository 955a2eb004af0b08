//! An organisation's slim records on disk while its history is built: the
//! history stage goes over them in passes ([`history::Passes`]), and each
//! pass's stage holds only a few meetings. The first pass reads the
//! records from the spool; what a pass gives back is written to one of two
//! anonymous run files in OUT, which the next pass reads in order. Memory
//! holds four bytes per document (the length of its record in the run).

use crate::history::{self, Doc, Stage};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::spool::{Slot, SpoolReader};

/// The two run files, reused from one organisation to the next.
pub struct Runs {
    files: [File; 2],
}

impl Runs {
    pub fn new(dir: &Path) -> io::Result<Runs> {
        Ok(Runs {
            files: [tempfile::tempfile_in(dir)?, tempfile::tempfile_in(dir)?],
        })
    }
}

/// One organisation's documents: their slim records in the spool, in
/// output order, then in a run file.
pub struct OrgDocs<'a> {
    spool: &'a SpoolReader,
    slots: &'a [Slot],
    runs: &'a mut Runs,
    /// After the first pass: the run file the last pass wrote, and the
    /// length of each record in it.
    run: Option<(usize, Vec<u32>)>,
}

impl<'a> OrgDocs<'a> {
    pub fn new(spool: &'a SpoolReader, slots: &'a [Slot], runs: &'a mut Runs) -> OrgDocs<'a> {
        OrgDocs {
            spool,
            slots,
            runs,
            run: None,
        }
    }
}

impl history::Passes for OrgDocs<'_> {
    fn pass(&mut self, stage: &mut dyn Stage) -> io::Result<()> {
        let into = match &self.run {
            Some((k, _)) => 1 - k,
            None => 0,
        };
        let [a, b] = &mut self.runs.files;
        let (from, to) = if into == 0 { (b, a) } else { (a, b) };
        to.set_len(0)?;
        to.seek(SeekFrom::Start(0))?;
        let mut w = BufWriter::new(to);
        let mut lens = Vec::new();
        let mut out = Vec::new();
        let mut give = |out: &mut Vec<Doc>, w: &mut BufWriter<&mut File>| -> io::Result<()> {
            for d in out.drain(..) {
                let bytes = serde_json::to_vec(&d).map_err(io::Error::other)?;
                w.write_all(&bytes)?;
                lens.push(bytes.len() as u32);
            }
            Ok(())
        };
        match self.run.take() {
            None => {
                for s in self.slots {
                    stage.push(self.spool.read(s)?, &mut out)?;
                    give(&mut out, &mut w)?;
                }
            }
            Some((_, read_lens)) => {
                from.seek(SeekFrom::Start(0))?;
                let mut r = BufReader::new(from);
                let mut buf = Vec::new();
                for len in read_lens {
                    buf.resize(len as usize, 0);
                    r.read_exact(&mut buf)?;
                    let d: Doc = serde_json::from_slice(&buf).map_err(io::Error::other)?;
                    stage.push(d, &mut out)?;
                    give(&mut out, &mut w)?;
                }
            }
        }
        stage.finish(&mut out)?;
        give(&mut out, &mut w)?;
        w.flush()?;
        self.run = Some((into, lens));
        Ok(())
    }
}
