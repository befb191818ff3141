//! Each user's choice of channels per kind of notification (defaults: in the app only).

use contract::{KindPreference, NotificationChannel, NotificationKind, NotificationPreferences};
use crate::sql::{params, Connection, OptionalExtension};

use crate::problem::ApiError;

/// Defaults: in the app and Web Push on (Web Push reaches only devices the user subscribed);
/// SMS and WeChat off.
pub fn default_preference(kind: NotificationKind) -> KindPreference {
    KindPreference {
        kind,
        in_app: true,
        sms: false,
        wechat: false,
        web_push: true,
    }
}

/// The user's choice for one kind.
pub fn preference(
    conn: &Connection,
    user_id: &str,
    kind: NotificationKind,
) -> Result<KindPreference, ApiError> {
    let stored = conn
        .query_row(
            "SELECT in_app, sms, wechat, web_push FROM notification_prefs WHERE user_id = ?1 AND kind = ?2",
            params![user_id, kind.as_str()],
            |r| {
                Ok(KindPreference {
                    kind,
                    in_app: r.get(0)?,
                    sms: r.get(1)?,
                    wechat: r.get(2)?,
                    web_push: r.get(3)?,
                })
            },
        )
        .optional()?;
    Ok(stored.unwrap_or_else(|| default_preference(kind)))
}

/// Whether the user wants this kind on this channel.
pub fn wants(
    conn: &Connection,
    user_id: &str,
    kind: NotificationKind,
    channel: NotificationChannel,
) -> Result<bool, ApiError> {
    Ok(preference(conn, user_id, kind)?.channel(channel))
}

/// Every kind's preference of a user, in the order of `NotificationKind::ALL`.
pub fn preferences(conn: &Connection, user_id: &str) -> Result<NotificationPreferences, ApiError> {
    let items = NotificationKind::ALL
        .iter()
        .map(|k| preference(conn, user_id, *k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(NotificationPreferences { items })
}

/// Stores the given kinds' preferences (others unchanged).
pub fn set_preferences(
    conn: &Connection,
    user_id: &str,
    items: &[KindPreference],
) -> Result<(), ApiError> {
    for p in items {
        conn.execute(
            "INSERT INTO notification_prefs (user_id, kind, in_app, sms, wechat, web_push) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (user_id, kind) DO UPDATE SET \
               in_app = excluded.in_app, sms = excluded.sms, wechat = excluded.wechat, web_push = excluded.web_push",
            params![user_id, p.kind.as_str(), p.in_app, p.sms, p.wechat, p.web_push],
        )?;
    }
    Ok(())
}
