//! Uploaded photos: checked by declared type AND content, stored in SQLite (never in the
//! static directory), served at `/media/uploads/<id>`.

use rusqlite::{params, Connection, OptionalExtension};

/// Largest accepted upload: 5 MiB.
pub use contract::MAX_UPLOAD_BYTES;
/// Uploads can be attached to a message within this many seconds.
pub const ATTACH_WITHIN_SECS: i64 = 24 * 3600;

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
) -> rusqlite::Result<()> {
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
pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
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

pub fn info(conn: &Connection, id: &str) -> rusqlite::Result<Option<UploadInfo>> {
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
pub fn attach(conn: &Connection, id: &str, message_id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "UPDATE uploads SET message_id = ?2 WHERE id = ?1 AND message_id IS NULL",
        params![id, message_id],
    )? == 1)
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
