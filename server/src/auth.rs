//! Who is asking: bearer tokens → [`Caller`]. Tokens and codes are stored only as SHA-256
//! hashes and never logged.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use contract::{Role, User};
use crate::sql::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::mask::mask_phone;
use crate::problem::ApiError;
use crate::AppState;

/// The signed-in user of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    pub user_id: String,
    pub display_name: String,
    /// The full phone (never put it in a public view; see [`crate::mask::mask_phone`]).
    pub phone: String,
    pub roles: Vec<Role>,
    pub deputy_id: Option<String>,
    pub station_id: Option<String>,
    /// The user's village (it decides the polls they may vote in).
    pub village: Option<contract::Village>,
}

impl Caller {
    /// Whether the user has this role.
    pub fn is(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// `Ok` when the user has one of `roles`, else 403 with `detail`.
    pub fn require_any(&self, roles: &[Role], detail: &str) -> Result<(), ApiError> {
        if roles.iter().any(|r| self.is(*r)) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(detail.to_owned()))
        }
    }

    /// The user as they see themselves (`GET /me`).
    pub fn to_user(&self) -> User {
        User {
            id: self.user_id.clone(),
            display_name: self.display_name.clone(),
            phone_masked: mask_phone(&self.phone),
            roles: self.roles.clone(),
            deputy_id: self.deputy_id.clone(),
            station_id: self.station_id.clone(),
            village: self.village.clone(),
        }
    }
}

/// An optional signed-in user: no `Authorization` header → `None`; a header with a bad,
/// expired or revoked token → 401 (so that the client learns its session ended).
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>);

/// Lowercase hex SHA-256 of a secret (tokens, codes).
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// `N` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| ApiError::Internal(format!("no randomness: {e}")))?;
    Ok(buf)
}

/// A 128-bit random id as 32 lowercase hex digits (upload ids, user ids).
pub fn random_hex_id() -> Result<String, ApiError> {
    let bytes = random_bytes::<16>()?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A new session token: 32 random bytes, base64url without padding.
pub fn new_token() -> Result<String, ApiError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// A one-time code of [`contract::SIGN_IN_CODE_DIGITS`] (6) digits, the format the
/// sign-in's rule accepts.
pub fn new_code() -> Result<String, ApiError> {
    const DIGITS: usize = contract::SIGN_IN_CODE_DIGITS;
    let bytes = random_bytes::<8>()?;
    let n = u64::from_le_bytes(bytes) % 10_u64.pow(DIGITS as u32);
    Ok(format!("{n:0DIGITS$}"))
}

/// Roles stored as a comma list.
pub fn parse_roles(raw: &str) -> Vec<Role> {
    raw.split(',')
        .filter_map(|r| Role::parse(r.trim()))
        .collect()
}

pub fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

const USER_COLUMNS: &str =
    "u.id, u.display_name, u.phone, u.roles, u.deputy_id, u.station_id, u.village_station_id, u.village";

fn caller_row(r: &crate::sql::Row<'_>) -> crate::sql::Result<Caller> {
    let roles: String = r.get(3)?;
    Ok(Caller {
        user_id: r.get(0)?,
        display_name: r.get(1)?,
        phone: r.get(2)?,
        roles: parse_roles(&roles),
        deputy_id: r.get(4)?,
        station_id: r.get(5)?,
        village: match (r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(7)?) {
            (Some(station_id), Some(village)) => Some(contract::Village {
                station_id,
                village,
            }),
            _ => None,
        },
    })
}

/// The user of a live session with this token, if any.
pub fn caller_for_token(
    conn: &Connection,
    token: &str,
    now: i64,
) -> crate::sql::Result<Option<Caller>> {
    conn.query_row(
        &format!(
            "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = ?1 AND s.revoked = 0 AND s.expires_at > ?2"
        ),
        params![hash_secret(token), now],
        caller_row,
    )
    .optional()
}

/// A user by id.
pub fn caller_by_id(conn: &Connection, user_id: &str) -> crate::sql::Result<Option<Caller>> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = ?1"),
        params![user_id],
        caller_row,
    )
    .optional()
}

/// A user by (normalised) phone.
pub fn caller_by_phone(conn: &Connection, phone: &str) -> crate::sql::Result<Option<Caller>> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.phone = ?1"),
        params![phone],
        caller_row,
    )
    .optional()
}

/// Opens a session for a user: a new token (returned; only its hash is stored) valid
/// `session_secs` from `now`.
pub fn create_session(
    conn: &Connection,
    user_id: &str,
    now: i64,
    session_secs: i64,
) -> Result<String, ApiError> {
    let token = new_token()?;
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash_secret(&token), user_id, now, now + session_secs],
    )?;
    Ok(token)
}

/// The bearer token of a request: `None` without an `Authorization` header; `Err` (401)
/// for a header that is not `Bearer <token>`.
fn bearer(parts: &Parts) -> Result<Option<String>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| not_signed_in())?;
    let (scheme, token) = text.trim().split_once(' ').ok_or_else(not_signed_in)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || token.len() > 256 {
        return Err(not_signed_in());
    }
    Ok(Some(token.to_owned()))
}

fn not_signed_in() -> ApiError {
    ApiError::Unauthorized(
        "Sign in first: the bearer token is missing, unknown, expired or signed out.".into(),
    )
}

async fn resolve(parts: &Parts, state: &AppState) -> Result<Option<Caller>, ApiError> {
    let Some(token) = bearer(parts)? else {
        return Ok(None);
    };
    let now = state.now();
    let caller = state
        .db()
        .read(move |conn| Ok(caller_for_token(conn, &token, now)?))
        .await?;
    caller.map(Some).ok_or_else(not_signed_in)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        resolve(parts, state).await?.ok_or_else(not_signed_in)
    }
}

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(MaybeCaller(resolve(parts, state).await?))
    }
}

/// A mainland mobile number as stored: the contract's rule (spaces, dashes and a `+86` or
/// `0086` prefix dropped; 11 digits starting with 1).
pub use contract::rules::normalize_phone;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_normalise() {
        assert_eq!(
            normalize_phone("13800000001").as_deref(),
            Some("13800000001")
        );
        assert_eq!(
            normalize_phone("+86 138 0000 0001").as_deref(),
            Some("13800000001")
        );
        assert_eq!(
            normalize_phone("138-0000-0001").as_deref(),
            Some("13800000001")
        );
        for bad in [
            "",
            "1380000000",
            "23800000001",
            "138000000011",
            "1380000000a",
            "+1 13800000001",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn secrets() {
        assert_eq!(hash_secret("abc").len(), 64);
        assert_ne!(hash_secret("abc"), hash_secret("abd"));
        let t = new_token().unwrap();
        assert_eq!(t.len(), 43);
        assert_ne!(t, new_token().unwrap());
        let c = new_code().unwrap();
        assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(random_hex_id().unwrap().len(), 32);
        assert_eq!(
            parse_roles("citizen,deputy,bogus"),
            vec![Role::Citizen, Role::Deputy]
        );
        assert_eq!(roles_text(&[Role::Deputy, Role::Staff]), "deputy,staff");
        let c = Caller {
            user_id: "u".into(),
            display_name: "张三".into(),
            phone: "13812341234".into(),
            roles: vec![Role::Deputy, Role::Staff],
            deputy_id: Some("dp".into()),
            station_id: None,
            village: None,
        };
        assert!(c.is(Role::Staff) && !c.is(Role::Citizen));
        assert!(c.require_any(&[Role::Citizen, Role::Staff], "no").is_ok());
        assert!(matches!(
            c.require_any(&[Role::Citizen], "citizens only"),
            Err(ApiError::Forbidden(d)) if d == "citizens only"
        ));
        assert_eq!(c.to_user().phone_masked, "138****1234");
    }
}
