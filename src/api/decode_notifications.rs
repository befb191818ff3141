//! Decoders and encoders of the notification types (see [`super::decode`] for the rules).

use contract::{KindPreference, Notification, NotificationKind, NotificationPreferences, StreamTicket, UnreadCount};

use super::decode::{boolean, def, enum_value, lenient, opt, req, string, u32_, Fields, FromJson};
use super::encode::Obj;
use super::json::J;

fn kind(v: &J) -> Option<NotificationKind> {
    enum_value(v, NotificationKind::parse, NotificationKind::Unknown)
}

impl FromJson for Notification {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(8)?;
        Some(Notification {
            id: req(f.get(0, "id")?, string)?,
            kind: req(f.get(1, "kind")?, kind)?,
            created_at: req(f.get(2, "created_at")?, string)?,
            read: def(f.get(3, "read")?, boolean)?,
            title: def(f.get(4, "title")?, string)?,
            body: def(f.get(5, "body")?, string)?,
            message_id: opt(f.get(6, "message_id")?, string)?,
            link: def(f.get(7, "link")?, string)?,
        })
    }
}

impl FromJson for UnreadCount {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(1)?;
        Some(UnreadCount { unread: def(f.get(0, "unread")?, u32_)? })
    }
}

impl FromJson for StreamTicket {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(2)?;
        Some(StreamTicket { ticket: req(f.get(0, "ticket")?, string)?, expires_at: req(f.get(1, "expires_at")?, string)? })
    }
}

fn kind_preference(v: &J) -> Option<KindPreference> {
    let f = Fields::of(v)?;
    f.end(4)?;
    Some(KindPreference {
        kind: req(f.get(0, "kind")?, kind)?,
        in_app: def(f.get(1, "in_app")?, boolean)?,
        sms: def(f.get(2, "sms")?, boolean)?,
        wechat: def(f.get(3, "wechat")?, boolean)?,
    })
}

impl FromJson for NotificationPreferences {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(1)?;
        Some(NotificationPreferences { items: lenient(f.get(0, "items")?, kind_preference)? })
    }
}

/// `PUT /notification-preferences` body: the known kinds of `items` (an unknown kind cannot be
/// named back to the backend, so it is left as it is).
pub fn preferences_json(items: &[KindPreference]) -> String {
    let items: Vec<String> = items
        .iter()
        .filter(|p| p.kind != NotificationKind::Unknown)
        .map(|p| {
            Obj::new().str("kind", p.kind.as_str()).bool("in_app", p.in_app).bool("sms", p.sms).bool("wechat", p.wechat).finish()
        })
        .collect();
    Obj::new().raw("items", &format!("[{}]", items.join(","))).finish()
}

/// `POST /notifications/read-all` body.
pub fn read_all_json(up_to_id: Option<&str>) -> String {
    Obj::new().opt_str("up_to_id", up_to_id).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode::tests::{agree, fuzz};
    use contract::{Page, ReadAll};

    fn sample() -> Notification {
        Notification {
            id: "1042".into(),
            kind: NotificationKind::Reply,
            created_at: "2026-11-29T08:30:00Z".into(),
            read: false,
            title: "您的留言有了新回复".into(),
            body: "《村口路灯不亮》：已联系供电所，本周内修复。".into(),
            message_id: Some("m_000123".into()),
            link: "/messages/m_000123".into(),
        }
    }

    #[test]
    fn notification_types_decode_as_the_contract_does() {
        assert!(fuzz(&sample(), 6000) > 300);
        assert!(fuzz(&Page { items: vec![sample(), Notification { id: "2".into(), ..sample() }], next_cursor: Some("c".into()) }, 4000) > 300);
        assert!(fuzz(&UnreadCount { unread: 3 }, 1500) > 100);
        assert!(fuzz(&StreamTicket { ticket: "t".into(), expires_at: "2026-11-29T08:31:00Z".into() }, 1500) > 100);
        let prefs = NotificationPreferences {
            items: vec![
                KindPreference { kind: NotificationKind::Reply, in_app: true, sms: false, wechat: true },
                KindPreference { kind: NotificationKind::Assigned, in_app: false, sms: true, wechat: false },
            ],
        };
        assert!(fuzz(&prefs, 4000) > 300);
        for text in [
            r#"{"id":"1","kind":"birthday","created_at":"x"}"#,
            r#"{"id":"1","kind":"reply","created_at":"x","message_id":null,"extra":[1]}"#,
            r#"{"unread":-1}"#,
            r#"{"items":[{"kind":"reply"},{"kind":5},{"kind":"later","sms":true}]}"#,
        ] {
            agree::<Notification>(text);
            agree::<UnreadCount>(text);
            agree::<NotificationPreferences>(text);
        }
    }

    #[test]
    fn bodies_are_what_the_contract_reads() {
        let items = vec![
            KindPreference { kind: NotificationKind::Reply, in_app: false, sms: true, wechat: false },
            KindPreference { kind: NotificationKind::Unknown, in_app: true, sms: true, wechat: true },
        ];
        let body: NotificationPreferences = serde_json::from_str(&preferences_json(&items)).unwrap();
        assert_eq!(body.items, items[..1].to_vec(), "unknown kinds are not sent back");
        let all: ReadAll = serde_json::from_str(&read_all_json(None)).unwrap();
        assert_eq!(all.up_to_id, None);
        let up_to: ReadAll = serde_json::from_str(&read_all_json(Some("7\"x"))).unwrap();
        assert_eq!(up_to.up_to_id.as_deref(), Some("7\"x"));
    }
}
