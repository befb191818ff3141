//! Uploaded photos: checked by declared type AND content, stripped of their metadata, stored
//! in SQLite (never in the static directory), served at `/media/uploads/<id>`; those never
//! attached to a message are deleted after a day, and each user has a storage quota.

use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use crate::sql::{params, Connection, OptionalExtension};

/// Largest accepted upload: 5 MiB.
pub use contract::MAX_UPLOAD_BYTES;
/// Uploads can be attached to a message within this many seconds.
pub const ATTACH_WITHIN_SECS: i64 = 24 * 3600;
/// How often unattached uploads are looked for and deleted.
pub const CLEAN_INTERVAL_SECS: u64 = 3600;

/// The accepted image type of these bytes, by their magic numbers.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 3 && bytes[..3] == [0xFF, 0xD8, 0xFF] {
        Some("image/jpeg")
    } else if bytes.len() >= 8 && bytes[..8] == *b"\x89PNG\r\n\x1a\n" {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The accepted media type named by a `Content-Type` value (parameters ignored).
pub fn declared_type(content_type: &str) -> Option<&'static str> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some("image/jpeg"),
        "image/png" => Some("image/png"),
        "image/webp" => Some("image/webp"),
        _ => None,
    }
}

/// The URL of an upload.
pub fn url(id: &str) -> String {
    format!("/media/uploads/{id}")
}

pub fn insert(
    conn: &Connection,
    id: &str,
    user_id: &str,
    content_type: &str,
    content: &[u8],
    now: i64,
) -> crate::sql::Result<()> {
    conn.execute(
        "INSERT INTO uploads (id, user_id, content_type, size, content, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            user_id,
            content_type,
            content.len() as i64,
            content,
            now
        ],
    )?;
    Ok(())
}

/// The stored type and bytes of an upload.
pub fn get(conn: &Connection, id: &str) -> crate::sql::Result<Option<(String, Vec<u8>)>> {
    conn.query_row(
        "SELECT content_type, content FROM uploads WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// An upload as the messages part needs it to attach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadInfo {
    pub id: String,
    pub user_id: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
    pub message_id: Option<String>,
}

pub fn info(conn: &Connection, id: &str) -> crate::sql::Result<Option<UploadInfo>> {
    conn.query_row(
        "SELECT id, user_id, content_type, size, created_at, message_id FROM uploads WHERE id = ?1",
        params![id],
        |r| {
            Ok(UploadInfo {
                id: r.get(0)?,
                user_id: r.get(1)?,
                content_type: r.get(2)?,
                size: r.get(3)?,
                created_at: r.get(4)?,
                message_id: r.get(5)?,
            })
        },
    )
    .optional()
}

/// Whether `user_id` may attach this upload at `now`: theirs, not attached yet, at most
/// 24 h old.
pub fn attachable(u: &UploadInfo, user_id: &str, now: i64) -> bool {
    u.user_id == user_id && u.message_id.is_none() && now - u.created_at <= ATTACH_WITHIN_SECS
}

/// Marks an upload as attached to a message.
pub fn attach(conn: &Connection, id: &str, message_id: &str) -> crate::sql::Result<bool> {
    Ok(conn.execute(
        "UPDATE uploads SET message_id = ?2 WHERE id = ?1 AND message_id IS NULL",
        params![id, message_id],
    )? == 1)
}

/// The bytes a user's uploads take, attached or not (what the storage quota counts).
pub fn stored_bytes(conn: &Connection, user_id: &str) -> crate::sql::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE user_id = ?1",
        params![user_id],
        |r| r.get(0),
    )
}

/// Deletes the uploads never attached to a message that can no longer be attached (older than
/// [`ATTACH_WITHIN_SECS`]): nobody can see or use them any more, and a stranger must not be
/// able to fill the disk with photos that stay forever. Returns how many were deleted.
pub fn delete_unattached(conn: &Connection, now: i64) -> crate::sql::Result<usize> {
    conn.execute(
        "DELETE FROM uploads WHERE message_id IS NULL AND created_at < ?1 \
         AND id NOT IN (SELECT upload_id FROM message_photos)",
        params![now - ATTACH_WITHIN_SECS],
    )
}

/// Runs [`delete_unattached`] at start and then every [`CLEAN_INTERVAL_SECS`], on the one
/// instance that holds the lease of [`crate::jobs::UNATTACHED_UPLOADS`] (twice would do no
/// harm, but once is enough).
pub fn spawn_cleaner(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    crate::clock::every(CLEAN_INTERVAL_SECS, move || {
        let state = state.clone();
        async move {
            match crate::jobs::leased_round(&state, crate::jobs::UNATTACHED_UPLOADS, |conn, now| Ok(delete_unattached(conn, now)?)).await {
                None | Some(Ok(0)) => {}
                Some(Ok(n)) => tracing::info!("deleted {n} unattached uploads"),
                Some(Err(e)) => tracing::warn!("upload clean-up failed: {e:?}"),
            }
        }
    })
}

/// The image without its metadata, whatever the client did: EXIF (GPS position, time, camera
/// and its serial number, the thumbnail of the uncropped picture), XMP, IPTC, comments, text
/// chunks, and anything after the end of the image (a phone's second pictures, appended
/// files). Kept: what is needed to show the picture as it was taken — the pixels, the colour
/// profile, JFIF/Adobe colour information, and the EXIF orientation alone (re-written as the
/// only tag, so that a photo taken sideways is not shown sideways). `None` when the image
/// cannot be read (truncated or malformed): it is refused rather than stored unchecked.
pub fn strip_metadata(content_type: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let b = Bytes::copy_from_slice(bytes);
    match content_type {
        "image/jpeg" => strip_jpeg(b),
        "image/png" => strip_png(b),
        "image/webp" => strip_webp(b),
        _ => None,
    }
}

fn strip_jpeg(b: Bytes) -> Option<Vec<u8>> {
    let total = b.len();
    let mut jpeg = Jpeg::from_bytes(b.clone()).ok()?;
    let orientation = jpeg.exif().and_then(|e| orientation(&e));
    // a JPEG without image data is not a photo
    let sos = jpeg.segments().iter().position(|s| s.marker() == markers::SOS)?;
    let seg = &jpeg.segments()[sos];
    let entropy_len = seg.len_with_entropy() - seg.len();
    let scans = clean_scans(&b[total - entropy_len..]);
    let sos_segment = JpegSegment::new_with_entropy(markers::SOS, seg.contents().clone(), Bytes::from(scans));
    jpeg.segments_mut()[sos] = sos_segment;
    jpeg.segments_mut().retain_mut(|s| match s.marker() {
        markers::APP0 if s.contents().starts_with(b"JFIF\0") && s.contents().len() >= 12 => {
            // the density is kept, an embedded thumbnail is not
            if s.contents().len() > 14 {
                let mut c = s.contents()[..12].to_vec();
                c.extend_from_slice(&[0, 0]);
                *s = JpegSegment::new_with_contents(markers::APP0, Bytes::from(c));
            }
            true
        }
        markers::APP2 => s.contents().starts_with(b"ICC_PROFILE\0"),
        markers::APP14 => s.contents().starts_with(b"Adobe"),
        m => !is_metadata_marker(m),
    });
    if let Some(o) = orientation {
        jpeg.set_exif(Some(Bytes::from(orientation_exif(o))));
    }
    Some(jpeg.encoder().bytes().to_vec())
}

/// APPn and COM segments: metadata of any kind, never needed to decode the picture.
fn is_metadata_marker(m: u8) -> bool {
    (markers::APP0..=markers::APP15).contains(&m) || m == markers::COM
}

/// The data after the first scan's header up to the end of the image: the entropy-coded data
/// and the later scans of a progressive JPEG, without metadata segments between them, ending
/// with EOI; whatever follows EOI is dropped.
fn clean_scans(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != 0xFF {
            // copy the run of entropy-coded bytes up to the next 0xFF
            let end = data[i..].iter().position(|&b| b == 0xFF).map_or(data.len(), |p| i + p);
            out.extend_from_slice(&data[i..end]);
            i = end;
            continue;
        }
        let mut j = i + 1;
        while j < data.len() && data[j] == 0xFF {
            j += 1;
        }
        let Some(&m) = data.get(j) else { break };
        match m {
            // a stuffed 0xFF and the restart markers belong to the entropy-coded data
            0x00 | markers::RST0..=markers::RST7 => {
                out.extend_from_slice(&[0xFF, m]);
                i = j + 1;
            }
            markers::EOI => break,
            _ => {
                let Some(len) = data.get(j + 1..j + 3).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))) else {
                    break;
                };
                let end = j + 1 + len;
                if len < 2 || end > data.len() {
                    break;
                }
                if !is_metadata_marker(m) {
                    out.push(0xFF);
                    out.extend_from_slice(&data[j..end]);
                }
                i = end;
            }
        }
    }
    // a truncated file gets its end marker, as decoders assume anyway
    out.extend_from_slice(&[0xFF, markers::EOI]);
    out
}

/// PNG chunks needed to show the picture (and APNG's animation); text chunks (`tEXt`, `iTXt`,
/// `zTXt`), `eXIf`, `tIME` and private chunks are dropped.
const PNG_KEPT: [&[u8; 4]; 16] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"bKGD",
    b"pHYs", b"acTL", b"fcTL", b"fdAT",
];

fn strip_png(b: Bytes) -> Option<Vec<u8>> {
    let mut png = Png::from_bytes(b).ok()?;
    let orientation = png.exif().and_then(|e| orientation(&e));
    png.chunks_mut().retain(|c| PNG_KEPT.contains(&&c.kind()));
    if png.chunks().first().map(|c| c.kind()) != Some(*b"IHDR") || png.chunks().last().map(|c| c.kind()) != Some(*b"IEND") {
        return None;
    }
    if let Some(o) = orientation {
        png.set_exif(Some(Bytes::from(orientation_exif(o))));
    }
    Some(png.encoder().bytes().to_vec())
}

/// WebP chunks needed to show the picture; `EXIF`, `XMP ` and unknown chunks are dropped.
const WEBP_KEPT: [&[u8; 4]; 7] = [b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];

fn strip_webp(b: Bytes) -> Option<Vec<u8>> {
    let mut webp = WebP::from_bytes(b).ok()?;
    let orientation = webp.exif().and_then(|e| orientation(&e));
    webp.chunks_mut().retain(|c| WEBP_KEPT.contains(&&c.id()));
    if !webp.chunks().iter().any(|c| matches!(&c.id(), b"VP8 " | b"VP8L" | b"ANMF")) {
        return None;
    }
    // set_exif also re-computes the VP8X flags from the chunks that are left
    webp.set_exif(orientation.map(|o| Bytes::from(orientation_exif(o))));
    Some(webp.encoder().bytes().to_vec())
}

/// The EXIF orientation (2–8; 1, the default, is `None`) of a TIFF structure (EXIF data after
/// its `Exif\0\0` prefix).
pub fn orientation(tiff: &[u8]) -> Option<u16> {
    let le = match tiff.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |i: usize| tiff.get(i..i + 2).map(|b| if le { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) });
    let u32_at = |i: usize| {
        tiff.get(i..i + 4)
            .map(|b| if le { u32::from_le_bytes([b[0], b[1], b[2], b[3]]) } else { u32::from_be_bytes([b[0], b[1], b[2], b[3]]) })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count.min(512)).find_map(|k| {
        let e = ifd + 2 + 12 * k;
        // tag 0x0112 Orientation, type 3 (SHORT), count 1
        (u16_at(e)? == 0x0112 && u16_at(e + 2)? == 3 && u32_at(e + 4)? == 1).then(|| u16_at(e + 8)).flatten()
    })
    .filter(|o| (2..=8).contains(o))
}

/// A TIFF structure with the orientation as its only tag.
pub fn orientation_exif(o: u16) -> Vec<u8> {
    let mut t = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    t.extend_from_slice(&o.to_le_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

/// Whether a string has the shape of an upload id (32 lowercase hex digits; the contract's
/// rule of `photo_ids`).
pub use contract::rules::valid_upload_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(sniff(b"<svg"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(declared_type("image/PNG; q=1"), Some("image/png"));
        assert_eq!(declared_type("image/svg+xml"), None);
        assert!(valid_upload_id(&"a".repeat(32)));
        assert!(!valid_upload_id(&"A".repeat(32)));
    }
}
