//! Web Push (RFC 8030, payloads encrypted per RFC 8291, the server identified by VAPID per
//! RFC 8292): alerts that reach a phone whose app is closed. The app subscribes with the
//! browser's push manager and the backend's VAPID public key, then registers the subscription
//! here; the backend sends each alert of the kinds the user set to `web_push` to every device
//! of theirs, and forgets a subscription the push service says is gone (404, 410).

use serde::{Deserialize, Serialize};

use crate::rules::{Expect, Field, Request};
use crate::{FieldError, Timestamp};

/// `GET /api/v1/push/vapid-key`: the key the app passes to `pushManager.subscribe` as its
/// `applicationServerKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VapidKey {
    /// The uncompressed P-256 public key (65 bytes), base64url without padding.
    pub public_key: String,
}

/// The browser's keys of a subscription (`PushSubscription.toJSON().keys`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKeys {
    /// The user agent's P-256 public key, uncompressed, base64url (87 characters unpadded).
    pub p256dh: String,
    /// The 16-byte authentication secret, base64url (22 characters unpadded).
    pub auth: String,
}

/// `POST /api/v1/push/subscriptions`: a device's subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPushSubscription {
    /// The push service's URL for this device (`https://`).
    pub endpoint: String,
    pub keys: PushKeys,
}

/// A registered subscription of the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscription {
    pub id: String,
    /// The push service's host (the endpoint itself is a secret of the device).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub service: String,
    pub created_at: Timestamp,
}

/// Longest endpoint taken.
pub const PUSH_ENDPOINT_MAX: usize = 2000;
/// Unpadded base64url lengths of the keys: 65 and 16 bytes.
pub const P256DH_CHARS: usize = 87;
pub const AUTH_CHARS: usize = 22;

impl Request for NewPushSubscription {
    const FIELDS: &'static [Field] = &[
        Field::required("endpoint", Expect::Text),
        Field::required("keys", Expect::Object("keys must be {p256dh, auth}")),
    ];
}

fn base64url(s: &str, chars: usize) -> bool {
    s.len() == chars && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The shape of an `https` URL with a host: what the app may register (the backend decides
/// which push services it sends to).
pub fn push_endpoint_ok(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    url.len() <= PUSH_ENDPOINT_MAX
        && !host.is_empty()
        && !host.contains('@')
        && url.chars().all(|c| c.is_ascii_graphic())
}

impl NewPushSubscription {
    /// An `https` endpoint of at most [`PUSH_ENDPOINT_MAX`] characters, and keys of the
    /// lengths above in base64url (padding removed first: browsers differ).
    pub fn validate(&self) -> Result<NewPushSubscription, Vec<FieldError>> {
        let mut errors = Vec::new();
        let endpoint = self.endpoint.trim().to_owned();
        if !push_endpoint_ok(&endpoint) {
            errors.push(crate::rules::error("endpoint", crate::rules::INVALID, "endpoint must be an https URL of a push service"));
        }
        let p256dh = self.keys.p256dh.trim().trim_end_matches('=').to_owned();
        if !base64url(&p256dh, P256DH_CHARS) {
            errors.push(crate::rules::error("keys.p256dh", crate::rules::INVALID, "keys.p256dh must be a P-256 public key in base64url"));
        }
        let auth = self.keys.auth.trim().trim_end_matches('=').to_owned();
        if !base64url(&auth, AUTH_CHARS) {
            errors.push(crate::rules::error("keys.auth", crate::rules::INVALID, "keys.auth must be 16 bytes in base64url"));
        }
        if errors.is_empty() {
            Ok(NewPushSubscription { endpoint, keys: PushKeys { p256dh, auth } })
        } else {
            Err(errors)
        }
    }
}

impl crate::rules::Validate for NewPushSubscription {
    fn validate_at(&self, _now: i64) -> Result<Self, Vec<FieldError>> {
        self.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P256DH: &str = "BLn9b-VR0ca83knDNZ32dCHGyjJp-1riX9ZTN40MqV8K_LpQmLqxC_DoHvqvFXO_nGdAB4W9dogZb_sM-uV4JbY";

    fn sub(endpoint: &str, p256dh: &str, auth: &str) -> NewPushSubscription {
        NewPushSubscription { endpoint: endpoint.into(), keys: PushKeys { p256dh: p256dh.into(), auth: auth.into() } }
    }

    #[test]
    fn a_subscription_is_an_https_endpoint_with_keys_of_their_lengths() {
        let ok = sub(" https://fcm.googleapis.com/fcm/send/abc:def ", P256DH, "_ordMnz7uTCmrpBTeUV4Bw==").validate().unwrap();
        assert_eq!(ok.endpoint, "https://fcm.googleapis.com/fcm/send/abc:def");
        assert_eq!(ok.keys.auth, "_ordMnz7uTCmrpBTeUV4Bw", "padding is dropped");
        let fields = |s: NewPushSubscription| s.validate().unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(sub("http://push.example/x", P256DH, "_ordMnz7uTCmrpBTeUV4Bw")), ["endpoint"]);
        assert_eq!(fields(sub("https:///x", P256DH, "_ordMnz7uTCmrpBTeUV4Bw")), ["endpoint"]);
        assert_eq!(fields(sub("https://user@push.example/x", P256DH, "_ordMnz7uTCmrpBTeUV4Bw")), ["endpoint"]);
        assert_eq!(fields(sub("https://push.example/x", "abc", "a+b/")), ["keys.p256dh", "keys.auth"]);
        let long = format!("https://push.example/{}", "a".repeat(PUSH_ENDPOINT_MAX));
        assert_eq!(fields(sub(&long, P256DH, "_ordMnz7uTCmrpBTeUV4Bw")), ["endpoint"]);
    }
}
