//! Opaque keyset cursors: URL-safe base64 (no padding) of a small `|`-separated record.
//!
//! * articles: `a|<published_at secs>|<id>` — the last item of the previous page in the
//!   order `published_at DESC, id DESC`;
//! * events: `e|<reference time>|<group>|<starts_at secs>|<id>` — group 0 is ongoing and
//!   upcoming (`starts_at ASC, id ASC`), group 1 is past (`starts_at DESC, id DESC`). The
//!   reference time is "now" of the first page, so that a walk through the pages stays
//!   consistent even when an event ends while the user scrolls.
//!
//! Anything that does not decode to such a record is a 400 (`errors[].field = "cursor"`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Longest cursor accepted (well above what the server issues).
const MAX_CURSOR_LEN: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCursor {
    pub published_at: i64,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCursor {
    pub reference: i64,
    /// 0: ongoing and upcoming; 1: past.
    pub group: u8,
    pub starts_at: i64,
    pub id: String,
}

fn encode(raw: &str) -> String {
    URL_SAFE_NO_PAD.encode(raw.as_bytes())
}

fn decode(cursor: &str) -> Option<String> {
    if cursor.is_empty() || cursor.len() > MAX_CURSOR_LEN {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).ok()?;
    String::from_utf8(bytes).ok()
}

/// Ids issued by this server: ASCII letters, digits, `_` and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Encodes any record as a cursor (other modules' cursors, e.g. messages).
pub fn encode_raw(raw: &str) -> String {
    encode(raw)
}

/// Decodes a cursor to its record, `None` when it is not one of ours.
pub fn decode_raw(cursor: &str) -> Option<String> {
    decode(cursor)
}

/// An integer as `to_string` writes it (no signs but `-`, no spaces).
pub fn int(s: &str) -> Option<i64> {
    // no signs or spaces: only what `to_string` of an i64 writes
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl ArticleCursor {
    pub fn encode(&self) -> String {
        encode(&format!("a|{}|{}", self.published_at, self.id))
    }

    pub fn decode(cursor: &str) -> Option<Self> {
        let raw = decode(cursor)?;
        let mut it = raw.split('|');
        let (tag, at, id) = (it.next()?, it.next()?, it.next()?);
        if tag != "a" || it.next().is_some() || !valid_id(id) {
            return None;
        }
        Some(ArticleCursor {
            published_at: int(at)?,
            id: id.to_owned(),
        })
    }
}

impl EventCursor {
    pub fn encode(&self) -> String {
        encode(&format!(
            "e|{}|{}|{}|{}",
            self.reference, self.group, self.starts_at, self.id
        ))
    }

    pub fn decode(cursor: &str) -> Option<Self> {
        let raw = decode(cursor)?;
        let mut it = raw.split('|');
        let (tag, reference, group, starts, id) =
            (it.next()?, it.next()?, it.next()?, it.next()?, it.next()?);
        if tag != "e" || it.next().is_some() || !valid_id(id) {
            return None;
        }
        let group = match group {
            "0" => 0,
            "1" => 1,
            _ => return None,
        };
        Some(EventCursor {
            reference: int(reference)?,
            group,
            starts_at: int(starts)?,
            id: id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_forgeries() {
        let a = ArticleCursor {
            published_at: 1_795_941_000,
            id: "a_000012".into(),
        };
        assert_eq!(ArticleCursor::decode(&a.encode()), Some(a.clone()));
        let e = EventCursor {
            reference: 5,
            group: 1,
            starts_at: -7,
            id: "e_000001".into(),
        };
        assert_eq!(EventCursor::decode(&e.encode()), Some(e.clone()));
        assert_eq!(ArticleCursor::decode(&e.encode()), None);
        assert_eq!(EventCursor::decode(&a.encode()), None);
        for bad in [
            "",
            "!!!",
            "YQ",
            &encode("a|x|a_1"),
            &encode("a|1|a 1"),
            &encode("a|1|a_1|x"),
            &encode("a|+1|a_1"),
            &encode("e|1|2|3|e_1"),
            &"A".repeat(300),
        ] {
            assert_eq!(ArticleCursor::decode(bad), None, "{bad}");
            assert_eq!(EventCursor::decode(bad), None, "{bad}");
        }
    }
}
