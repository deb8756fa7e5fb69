//! Import bodies, which may be whole exports: the user's right to import is checked before a
//! byte is read, only a few imports run at once, and a body is streamed to a temporary file
//! (removed when dropped), never held in memory, so that no sender can exhaust the server.

use crate::error::AppError;
use axum::body::Bytes;
use futures::{Stream, StreamExt};
use std::path::Path;
use tokio::io::AsyncWriteExt;
use tokio::sync::{Semaphore, SemaphorePermit};

/// The largest import body: a nightly export of a large provider fits.
pub const IMPORT_LIMIT: u64 = 512 * 1024 * 1024;
/// A FHIR document sent as one JSON file is parsed whole (NDJSON is read a line at a time), so
/// it has a smaller limit.
pub const JSON_DOCUMENT_LIMIT: u64 = 32 * 1024 * 1024;
/// Imports received or applied at once; the database applies one at a time anyway.
const AT_ONCE: usize = 2;

static IMPORTS: Semaphore = Semaphore::const_new(AT_ONCE);

/// A place for one more import, or "busy" (503 with Retry-After) when enough are running.
pub fn import_slot() -> Result<SemaphorePermit<'static>, AppError> {
    IMPORTS
        .try_acquire()
        .map_err(|_| AppError::Busy("Another import is being received or applied. Try again in a minute.".into()))
}

/// A body written to a temporary file.
pub struct Spooled {
    file: tempfile::NamedTempFile,
    pub bytes: u64,
}

impl Spooled {
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}

/// Streams `body` to a temporary file, refusing it once it passes `limit` bytes.
pub async fn spool<S, E>(mut body: S, limit: u64, too_large: &str) -> Result<Spooled, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    let file = tempfile::NamedTempFile::new().map_err(AppError::internal)?;
    let mut out = tokio::fs::File::from_std(file.as_file().try_clone().map_err(AppError::internal)?);
    let mut bytes = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest {
            code: "upload_incomplete",
            message: format!(
                "The upload was cut short, or is larger than {} MiB. Try again.",
                limit >> 20
            ),
        })?;
        bytes += chunk.len() as u64;
        if bytes > limit {
            return Err(AppError::TooLarge(too_large.to_string()));
        }
        out.write_all(&chunk).await.map_err(AppError::internal)?;
    }
    out.flush().await.map_err(AppError::internal)?;
    Ok(Spooled { file, bytes })
}

/// Streams a request body to a temporary file.
pub async fn spool_body(body: axum::body::Body, limit: u64, too_large: &str) -> Result<Spooled, AppError> {
    spool(body.into_data_stream(), limit, too_large).await
}

/// Streams one part of a multipart upload to a temporary file.
pub async fn spool_field(
    field: axum::extract::multipart::Field<'_>,
    limit: u64,
    too_large: &str,
) -> Result<Spooled, AppError> {
    let stream = futures::stream::unfold(field, |mut field| async move {
        match field.chunk().await {
            Ok(Some(bytes)) => Some((Ok(bytes), field)),
            Ok(None) => None,
            Err(e) => Some((Err(e), field)),
        }
    });
    spool(Box::pin(stream), limit, too_large).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(n: usize, size: usize) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
        futures::stream::iter((0..n).map(move |_| Ok(Bytes::from(vec![b'x'; size]))))
    }

    #[tokio::test]
    async fn a_body_is_written_to_a_file_that_goes_when_dropped() {
        let spooled = spool(chunks(3, 1000), 10_000, "too big").await.unwrap();
        assert_eq!(spooled.bytes, 3000);
        assert_eq!(std::fs::read(spooled.path()).unwrap().len(), 3000);
        let path = spooled.path().to_path_buf();
        drop(spooled);
        assert!(!path.exists());
    }

    #[tokio::test]
    async fn a_body_past_the_limit_is_refused() {
        let refused = spool(chunks(11, 1000), 10_000, "too big").await;
        assert!(matches!(refused, Err(AppError::TooLarge(m)) if m == "too big"));
    }

    #[tokio::test]
    async fn imports_beyond_the_cap_are_told_to_wait() {
        let held: Vec<_> = (0..AT_ONCE).map(|_| import_slot().unwrap()).collect();
        assert!(matches!(import_slot(), Err(AppError::Busy(_))));
        drop(held);
        assert!(import_slot().is_ok());
    }
}
