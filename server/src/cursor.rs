//! Opaque keyset cursors, one encoding for every list: URL-safe base64 (no padding) of a
//! small `|`-separated record whose first field is its kind's tag. Each kind is a type with
//! its record ([`Cursor`]); the last field of a record may itself contain `|`.
//!
//! * articles [`ArticleCursor`], `a|<published_at secs>|<id>`: the last item of the
//!   previous page in the order `published_at DESC, id DESC`;
//! * events [`EventCursor`], `e|<reference time>|<group>|<starts_at secs>|<id>`: group 0 is
//!   ongoing and upcoming (`starts_at ASC, id ASC`), group 1 is past (`starts_at DESC,
//!   id DESC`). The reference time is "now" of the first page, so that a walk through the
//!   pages stays consistent even when an event ends while the user scrolls;
//! * messages [`MessageCursor`], `m|<list>|<reference time>|<group>|<key>|<id>` (see
//!   `crate::messages::list`);
//! * notifications [`Position`], `n|d|<seq>` (newest first, older than seq) or `n|a|<seq>`
//!   (oldest first, newer than seq);
//! * deputies [`DeputyCursor`], `d|<id>|<name>` (order `name, id`); with `first_station`
//!   [`DeputyGroupCursor`], `g|<group>|<id>|<name>` (group 0: that station's deputies, 1: the
//!   others; order `group, name, id`);
//! * search results by relevance [`RankCursor`], `r|<filter key>|<offset>`: ranks are floats
//!   that depend on the whole index, so the position is an offset into the ranked results of
//!   the same filters (the key; another query's cursor is refused).
//!
//! Anything that does not decode to a record of the kind a list expects is a 400
//! (`errors[].field = "cursor"`, [`crate::routes::bad_cursor`]).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

pub use contract::rules::valid_id;

use crate::notify::{self, Position};

/// Longest cursor accepted (well above what the server issues).
const MAX_CURSOR_LEN: usize = 512;

/// A kind of cursor: its tag and the fields of its record.
pub trait Cursor: Sized {
    /// The first field of the record.
    const TAG: &'static str;
    /// How many fields follow the tag.
    const FIELDS: usize;

    /// The fields after the tag.
    fn fields(&self) -> Vec<String>;

    /// The cursor of these fields (exactly [`Cursor::FIELDS`]), if they are one.
    fn from_fields(fields: &[&str]) -> Option<Self>;

    fn encode(&self) -> String {
        let mut raw = Self::TAG.to_owned();
        for f in self.fields() {
            raw.push('|');
            raw.push_str(&f);
        }
        URL_SAFE_NO_PAD.encode(raw.as_bytes())
    }

    /// `None` when `cursor` is not a cursor of this kind issued by this server.
    fn decode(cursor: &str) -> Option<Self> {
        if cursor.is_empty() || cursor.len() > MAX_CURSOR_LEN {
            return None;
        }
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor.as_bytes()).ok()?).ok()?;
        let mut parts = raw.splitn(Self::FIELDS + 1, '|');
        if parts.next()? != Self::TAG {
            return None;
        }
        let fields: Vec<&str> = parts.collect();
        if fields.len() != Self::FIELDS {
            return None;
        }
        Self::from_fields(&fields)
    }
}

/// An integer as `to_string` writes it (no signs but `-`, no spaces).
pub fn int(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A server-issued id as the last field of a record.
fn id(s: &str) -> Option<String> {
    valid_id(s).then(|| s.to_owned())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCursor {
    pub published_at: i64,
    pub id: String,
}

impl Cursor for ArticleCursor {
    const TAG: &'static str = "a";
    const FIELDS: usize = 2;

    fn fields(&self) -> Vec<String> {
        vec![self.published_at.to_string(), self.id.clone()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        Some(ArticleCursor {
            published_at: int(f[0])?,
            id: id(f[1])?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCursor {
    pub reference: i64,
    /// 0: ongoing and upcoming; 1: past.
    pub group: u8,
    pub starts_at: i64,
    pub id: String,
}

impl Cursor for EventCursor {
    const TAG: &'static str = "e";
    const FIELDS: usize = 4;

    fn fields(&self) -> Vec<String> {
        vec![
            self.reference.to_string(),
            self.group.to_string(),
            self.starts_at.to_string(),
            self.id.clone(),
        ]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        let group = match f[1] {
            "0" => 0,
            "1" => 1,
            _ => return None,
        };
        Some(EventCursor {
            reference: int(f[0])?,
            group,
            starts_at: int(f[2])?,
            id: id(f[3])?,
        })
    }
}

/// Keyset position in a message list: `(group, key, id)` ascending for queues (group 0 =
/// overdue at the reference time; the inbox's group 2 = nothing due, key = -updated_at),
/// `(key, id)` descending (key = updated_at) for the others. `list` names the list it
/// belongs to (`crate::messages::cursor_fits`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageCursor {
    pub list: String,
    pub reference: i64,
    pub group: i64,
    pub key: i64,
    pub id: String,
}

impl Cursor for MessageCursor {
    const TAG: &'static str = "m";
    const FIELDS: usize = 5;

    fn fields(&self) -> Vec<String> {
        vec![
            self.list.clone(),
            self.reference.to_string(),
            self.group.to_string(),
            self.key.to_string(),
            self.id.clone(),
        ]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        if !matches!(f[2], "0" | "1" | "2") {
            return None;
        }
        Some(MessageCursor {
            list: f[0].to_owned(),
            reference: int(f[1])?,
            group: int(f[2])?,
            key: int(f[3])?,
            id: id(f[4])?,
        })
    }
}

/// The notification list's cursor is its page position.
impl Cursor for Position {
    const TAG: &'static str = "n";
    const FIELDS: usize = 2;

    fn fields(&self) -> Vec<String> {
        match *self {
            Position::Before(s) => vec!["d".into(), s.unwrap_or(0).to_string()],
            Position::After(s) => vec!["a".into(), s.to_string()],
        }
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        let seq = notify::parse_id(f[1])?;
        match f[0] {
            "d" => Some(Position::Before(Some(seq))),
            "a" => Some(Position::After(seq)),
            _ => None,
        }
    }
}

/// Keyset cursor of the deputy list (order `name, id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeputyCursor {
    pub name: String,
    pub id: String,
}

impl Cursor for DeputyCursor {
    const TAG: &'static str = "d";
    const FIELDS: usize = 2;

    fn fields(&self) -> Vec<String> {
        vec![self.id.clone(), self.name.clone()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        if !valid_id(f[0]) || f[1].is_empty() {
            return None;
        }
        Some(DeputyCursor {
            id: f[0].to_owned(),
            name: f[1].to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeputyGroupCursor {
    /// 0: the deputies of the station asked for first; 1: the others.
    pub group: u8,
    pub name: String,
    pub id: String,
}

impl Cursor for DeputyGroupCursor {
    const TAG: &'static str = "g";
    const FIELDS: usize = 3;

    fn fields(&self) -> Vec<String> {
        vec![self.group.to_string(), self.id.clone(), self.name.clone()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        let group = match f[0] {
            "0" => 0,
            "1" => 1,
            _ => return None,
        };
        if !valid_id(f[1]) || f[2].is_empty() {
            return None;
        }
        Some(DeputyGroupCursor {
            group,
            id: f[1].to_owned(),
            name: f[2].to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankCursor {
    /// What the results were ranked for (see `db::ArticleFilter::rank_key`).
    pub key: String,
    pub offset: u32,
}

impl Cursor for RankCursor {
    const TAG: &'static str = "r";
    const FIELDS: usize = 2;

    fn fields(&self) -> Vec<String> {
        vec![self.key.clone(), self.offset.to_string()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        let offset = int(f[1])
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)?;
        let key = f[0];
        (key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit())).then(|| RankCursor {
            key: key.to_owned(),
            offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_and_rank_cursors_round_trip() {
        let g = DeputyGroupCursor {
            group: 1,
            name: "何|美玲".into(),
            id: "dp_02".into(),
        };
        assert_eq!(g.encode(), raw("g|1|dp_02|何|美玲"));
        assert_eq!(DeputyGroupCursor::decode(&g.encode()), Some(g.clone()));
        assert_eq!(DeputyCursor::decode(&g.encode()), None);
        let r = RankCursor {
            key: "0123456789abcdef".into(),
            offset: 20,
        };
        assert_eq!(r.encode(), raw("r|0123456789abcdef|20"));
        assert_eq!(RankCursor::decode(&r.encode()), Some(r.clone()));
        assert_eq!(ArticleCursor::decode(&r.encode()), None);
        for bad in [
            &raw("g|2|dp_02|何"),
            &raw("g|0|dp 02|何"),
            &raw("g|0|dp_02|"),
            &raw("r|0123|20"),
            &raw("r|0123456789abcdef|0"),
            &raw("r|0123456789abcdef|-3"),
            &raw("r|0123456789abcdeg|3"),
        ] {
            assert_eq!(DeputyGroupCursor::decode(bad), None, "{bad}");
            assert_eq!(RankCursor::decode(bad), None, "{bad}");
        }
    }

    fn raw(record: &str) -> String {
        URL_SAFE_NO_PAD.encode(record.as_bytes())
    }

    #[test]
    fn articles_and_events_round_trip_and_reject_forgeries() {
        let a = ArticleCursor {
            published_at: 1_795_941_000,
            id: "a_000012".into(),
        };
        assert_eq!(
            a.encode(),
            raw("a|1795941000|a_000012"),
            "the records of earlier servers"
        );
        assert_eq!(ArticleCursor::decode(&a.encode()), Some(a.clone()));
        let e = EventCursor {
            reference: 5,
            group: 1,
            starts_at: -7,
            id: "e_000001".into(),
        };
        assert_eq!(e.encode(), raw("e|5|1|-7|e_000001"));
        assert_eq!(EventCursor::decode(&e.encode()), Some(e.clone()));
        assert_eq!(ArticleCursor::decode(&e.encode()), None);
        assert_eq!(EventCursor::decode(&a.encode()), None);
        for bad in [
            "",
            "!!!",
            "YQ",
            &raw("a|x|a_1"),
            &raw("a|1|a 1"),
            &raw("a|1|a_1|x"),
            &raw("a|+1|a_1"),
            &raw("e|1|2|3|e_1"),
            &"A".repeat(600),
        ] {
            assert_eq!(ArticleCursor::decode(bad), None, "{bad}");
            assert_eq!(EventCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn message_cursors_round_trip() {
        let c = MessageCursor {
            list: "inbox".into(),
            reference: 1_800_000_000,
            group: 1,
            key: -5,
            id: "m_000007".into(),
        };
        assert_eq!(c.encode(), raw("m|inbox|1800000000|1|-5|m_000007"));
        assert_eq!(MessageCursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "!!",
            &raw("m|inbox|1|2|3|m 1"),
            &raw("m|inbox|1|7|3|m_1"),
            &raw("m|inbox|1|3|3|m_1"),
            &raw("x|inbox|1|0|3|m_1"),
            &raw("m|inbox|1|0|3"),
            &raw("m|inbox|1|0|3|m_1|x"),
        ] {
            assert_eq!(MessageCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn notification_cursors_are_positions() {
        for p in [Position::Before(Some(42)), Position::After(7)] {
            assert_eq!(Position::decode(&p.encode()), Some(p));
        }
        assert_eq!(Position::Before(Some(42)).encode(), raw("n|d|42"));
        assert_eq!(Position::After(7).encode(), raw("n|a|7"));
        for bad in [
            "",
            &raw("n|d|0"),
            &raw("n|x|5"),
            &raw("n|d|5|6"),
            &raw("n|d|-5"),
            &raw("n|d"),
            &raw("d|d|5"),
        ] {
            assert_eq!(Position::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn deputy_cursors_keep_any_name() {
        let c = DeputyCursor {
            name: "陈|志强".into(),
            id: "dp_01".into(),
        };
        assert_eq!(c.encode(), raw("d|dp_01|陈|志强"));
        assert_eq!(DeputyCursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "!!",
            "ZA",
            &raw("d|a b|x"),
            &raw("e|a|x"),
            &raw("d|dp_01|"),
        ] {
            assert_eq!(DeputyCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn integers_as_written() {
        assert_eq!(int("-12"), Some(-12));
        for bad in ["", "+1", " 1", "1.0", "-", "123456789012345678901"] {
            assert_eq!(int(bad), None, "{bad}");
        }
    }
}

/// Keyset cursor of a comment list: newest first (`seq`), or most liked first (`likes`,
/// then `seq`); replies use `seq` alone (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentCursor {
    pub top: bool,
    pub likes: i64,
    pub seq: i64,
}

impl Cursor for CommentCursor {
    const TAG: &'static str = "c";
    const FIELDS: usize = 3;

    fn fields(&self) -> Vec<String> {
        vec![
            if self.top { "t" } else { "n" }.into(),
            self.likes.to_string(),
            self.seq.to_string(),
        ]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        let top = match f[0] {
            "t" => true,
            "n" => false,
            _ => return None,
        };
        Some(CommentCursor {
            top,
            likes: int(f[1])?,
            seq: int(f[2])?,
        })
    }
}

/// Keyset cursor of the moderation queue: when held (else created), then the item's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    pub at: i64,
    pub id: String,
}

impl Cursor for QueueCursor {
    const TAG: &'static str = "q";
    const FIELDS: usize = 2;

    fn fields(&self) -> Vec<String> {
        vec![self.at.to_string(), self.id.clone()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        Some(QueueCursor {
            at: int(f[0])?,
            id: id(f[1])?,
        })
    }
}

/// Keyset cursor of the moderation log (newest first: the last `seq` seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCursor {
    pub seq: i64,
}

impl Cursor for LogCursor {
    const TAG: &'static str = "ml";
    const FIELDS: usize = 1;

    fn fields(&self) -> Vec<String> {
        vec![self.seq.to_string()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        Some(LogCursor { seq: int(f[0])? })
    }
}

/// Keyset cursor of a list ordered by one sequence number (newest first), `list` telling the
/// lists apart (points history 1, commendations 2, posters 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeqCursor {
    pub list: i64,
    pub seq: i64,
}

impl Cursor for SeqCursor {
    const TAG: &'static str = "s";
    const FIELDS: usize = 2;

    fn fields(&self) -> Vec<String> {
        vec![self.list.to_string(), self.seq.to_string()]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        Some(SeqCursor {
            list: int(f[0])?,
            seq: int(f[1])?,
        })
    }
}
