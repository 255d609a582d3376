//! Reading a large input file (a Cablegate CSV dump: 1.8 GB for the whole release) once,
//! from start to end, without copying it through the page cache when it is not already
//! there.
//!
//! Read the usual way, a file that is not cached is first read into fresh page-cache
//! memory and then copied into the reader's buffer: for a 1.8 GB dump that is 1.8 GB of
//! memory the system had no use for, and a copy of each byte. On Linux, when the file is
//! large and most of it is not in the page cache, it is read with `O_DIRECT`: the disk
//! writes straight into one reused buffer. When the file is cached (it was just written
//! or read), it is read through the cache, which is then faster than the disk. Anything
//! `O_DIRECT` does not support (a file system without it, an odd block size) falls back
//! to plain reading from where it got to, so the bytes read are always the file's.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files smaller than this are read the usual way.
#[cfg(target_os = "linux")]
const DIRECT_MIN: u64 = 64 << 20;

/// Bytes per direct read: a multiple of every block size `O_DIRECT` may ask alignment to.
#[cfg(target_os = "linux")]
const BLOCK: usize = 1 << 20;
#[cfg(target_os = "linux")]
const ALIGN: usize = 4096;

/// Opens `path` for reading it once from start to end.
pub fn open(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    let file = File::open(path)?;
    #[cfg(target_os = "linux")]
    {
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len >= DIRECT_MIN && !mostly_cached(&file, len) {
            return Ok(match Direct::open(path, file) {
                Ok(direct) => Box::new(direct),
                Err(file) => Box::new(file),
            });
        }
    }
    Ok(Box::new(file))
}

/// Whether most of `file` is in the page cache: a sample of its blocks read with
/// `RWF_NOWAIT`, which fails rather than wait for the disk.
#[cfg(target_os = "linux")]
fn mostly_cached(file: &File, len: u64) -> bool {
    use std::os::fd::AsRawFd;
    const SAMPLES: u64 = 32;
    let mut block = [0u8; 512];
    let mut hits = 0;
    for i in 0..SAMPLES {
        let offset = (len / SAMPLES * i) & !4095;
        let iov = libc::iovec {
            iov_base: block.as_mut_ptr().cast(),
            iov_len: block.len(),
        };
        // SAFETY: `iov` describes `block`, which lives across the call; the descriptor is
        // open for as long as `file` is borrowed.
        let n = unsafe {
            libc::preadv2(
                file.as_raw_fd(),
                &iov,
                1,
                offset as libc::off_t,
                libc::RWF_NOWAIT,
            )
        };
        if n > 0 {
            hits += 1;
        } else if n < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EAGAIN) {
            // The kernel cannot tell: read the usual way.
            return true;
        }
    }
    hits * 4 >= SAMPLES * 3
}

/// A file read with `O_DIRECT` into an aligned buffer, switching to plain reads if a read
/// is refused or comes back short of a block (the end of the file, or a file system that
/// does not do whole blocks).
#[cfg(target_os = "linux")]
struct Direct {
    /// The file opened with `O_DIRECT`.
    direct: File,
    /// The same file opened the usual way: read from `offset` on once `plain_now`.
    plain: File,
    plain_now: bool,
    /// `BLOCK + ALIGN` bytes, of which `start..start + BLOCK` is aligned.
    buf: Vec<u8>,
    start: usize,
    /// The unread part of the buffer: `start + pos .. start + filled`.
    pos: usize,
    filled: usize,
    /// Where the file has been read to.
    offset: u64,
}

#[cfg(target_os = "linux")]
impl Direct {
    /// `plain`: `path` opened the usual way (given back when `O_DIRECT` is refused).
    fn open(path: &Path, plain: File) -> Result<Direct, File> {
        use std::os::unix::fs::OpenOptionsExt;
        let direct = match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECT)
            .open(path)
        {
            Ok(f) => f,
            Err(_) => return Err(plain),
        };
        let buf = vec![0u8; BLOCK + ALIGN];
        let start = buf.as_ptr().align_offset(ALIGN);
        Ok(Direct {
            direct,
            plain,
            plain_now: false,
            buf,
            start,
            pos: 0,
            filled: 0,
            offset: 0,
        })
    }

    /// Continues with plain reads from where direct reading got to.
    fn go_plain(&mut self) -> io::Result<()> {
        use std::io::{Seek, SeekFrom};
        self.plain.seek(SeekFrom::Start(self.offset))?;
        self.plain_now = true;
        Ok(())
    }
}

#[cfg(target_os = "linux")]
impl Read for Direct {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.filled {
            if self.plain_now {
                return self.plain.read(out);
            }
            let block = &mut self.buf[self.start..self.start + BLOCK];
            let n = loop {
                match self.direct.read(block) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    // Refused (`EINVAL`: alignment or no `O_DIRECT` support here): as if
                    // nothing was read, so the rest is read plainly.
                    Err(e) if e.raw_os_error() == Some(libc::EINVAL) => break 0,
                    Err(e) => return Err(e),
                }
            };
            self.offset += n as u64;
            if n % ALIGN != 0 || n == 0 {
                // The end, a refusal, or a short read after which the offset is no longer
                // aligned: the rest is read plainly.
                self.go_plain()?;
                if n == 0 {
                    return self.plain.read(out);
                }
            }
            self.pos = 0;
            self.filled = n;
        }
        let n = out.len().min(self.filled - self.pos);
        let from = self.start + self.pos;
        out[..n].copy_from_slice(&self.buf[from..from + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Reads `path` through [`Direct`] in reads of `chunk` bytes.
    fn read_direct(path: &Path, chunk: usize) -> Vec<u8> {
        let mut d = match Direct::open(path, File::open(path).unwrap()) {
            Ok(d) => d,
            // A file system without `O_DIRECT` (tmpfs before Linux 6.6): nothing to test.
            Err(_) => {
                eprintln!("skipped: {} cannot be opened with O_DIRECT", path.display());
                return std::fs::read(path).unwrap();
            }
        };
        let mut all = Vec::new();
        let mut buf = vec![0u8; chunk];
        loop {
            let n = d.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    }

    #[test]
    fn direct_reading_gives_the_file_exactly() {
        let dir = tempfile::tempdir().unwrap();
        // Sizes around the block and alignment boundaries, and an empty file.
        for size in [
            0,
            1,
            4095,
            4096,
            4097,
            BLOCK - 1,
            BLOCK,
            BLOCK + 1,
            3 * BLOCK + 12345,
        ] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            let path = dir.path().join(format!("f{size}"));
            std::fs::write(&path, &bytes).unwrap();
            for chunk in [1000, 65536, 3 * BLOCK] {
                assert!(
                    read_direct(&path, chunk) == bytes,
                    "size {size}, chunk {chunk}"
                );
            }
            let mut via_open = Vec::new();
            open(&path).unwrap().read_to_end(&mut via_open).unwrap();
            assert!(via_open == bytes, "size {size}");
        }
    }
}
