//! Decoders and encoders of the sign-in types (see [`super::decode`] for the rules).

use contract::{CodeSent, Role, Session, User};

use super::decode::{def, enum_value, lenient, opt, req, string, u32_, Fields, FromJson};
use super::encode::Obj;
use super::json::J;

pub(crate) fn role(v: &J) -> Option<Role> {
    enum_value(v, Role::parse, Role::Unknown)
}

fn user(v: &J) -> Option<User> {
    let f = Fields::of(v)?;
    f.end(6)?;
    Some(User {
        id: req(f.get(0, "id")?, string)?,
        display_name: def(f.get(1, "display_name")?, string)?,
        phone_masked: def(f.get(2, "phone_masked")?, string)?,
        roles: lenient(f.get(3, "roles")?, role)?,
        deputy_id: opt(f.get(4, "deputy_id")?, string)?,
        station_id: opt(f.get(5, "station_id")?, string)?,
    })
}

impl FromJson for User {
    fn from_json(v: &J) -> Option<Self> {
        user(v)
    }
}

impl FromJson for Session {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(3)?;
        Some(Session {
            token: def(f.get(0, "token")?, string)?,
            expires_at: def(f.get(1, "expires_at")?, string)?,
            user: def(f.get(2, "user")?, user)?,
        })
    }
}

impl FromJson for CodeSent {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(3)?;
        Some(CodeSent {
            expires_at: def(f.get(0, "expires_at")?, string)?,
            resend_after_seconds: def(f.get(1, "resend_after_seconds")?, u32_)?,
            demo_code: opt(f.get(2, "demo_code")?, string)?,
        })
    }
}

/// `CodeRequest` body.
pub fn code_request(phone: &str) -> String {
    Obj::new().str("phone", phone).finish()
}

/// `SignIn` body.
pub fn sign_in(phone: &str, code: &str) -> String {
    Obj::new().str("phone", phone).str("code", code).finish()
}

pub fn user_json(u: &User) -> String {
    let roles: Vec<String> = u.roles.iter().filter(|r| **r != Role::Unknown).map(|r| r.as_str().to_string()).collect();
    let mut o = Obj::new()
        .str("id", &u.id)
        .str("display_name", &u.display_name)
        .str("phone_masked", &u.phone_masked)
        .strs("roles", &roles);
    o = o.opt_str("deputy_id", u.deputy_id.as_deref()).opt_str("station_id", u.station_id.as_deref());
    o.finish()
}

/// A session as stored on the device (the same JSON as the contract's `Session`).
pub fn session_json(s: &Session) -> String {
    Obj::new().str("token", &s.token).str("expires_at", &s.expires_at).raw("user", &user_json(&s.user)).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode::tests::{agree, fuzz};

    fn sample() -> Session {
        Session {
            token: "t0k\"en".into(),
            expires_at: "2026-12-29T08:30:00Z".into(),
            user: User {
                id: "u_1".into(),
                display_name: "王秀英".into(),
                phone_masked: "138****0001".into(),
                roles: vec![Role::Citizen, Role::Deputy],
                deputy_id: Some("d_1".into()),
                station_id: None,
            },
        }
    }

    #[test]
    fn sign_in_types_decode_as_the_contract_does() {
        assert!(fuzz(&sample(), 4000) > 300);
        assert!(fuzz(&sample().user, 3000) > 300);
        let sent = CodeSent { expires_at: "2026-11-29T08:35:00Z".into(), resend_after_seconds: 60, demo_code: Some("123456".into()) };
        assert!(fuzz(&sent, 2000) > 200);
        for text in [r#"{"id":"u","roles":["citizen","mayor",3]}"#, r#"{"id":"u","roles":null}"#, r#"{"token":"t"}"#] {
            agree::<User>(text);
            agree::<Session>(text);
        }
    }

    #[test]
    fn stored_sessions_round_trip() {
        let s = sample();
        let text = session_json(&s);
        assert_eq!(serde_json::from_str::<Session>(&text).unwrap(), s);
        assert_eq!(crate::api::decode::decode::<Session>(&text), Some(s));
        let body: contract::SignIn = serde_json::from_str(&sign_in("13800000001", "123456")).unwrap();
        assert_eq!(body.code, "123456");
        let body: contract::CodeRequest = serde_json::from_str(&code_request("138 0000 0001")).unwrap();
        assert_eq!(body.phone, "138 0000 0001");
    }
}
