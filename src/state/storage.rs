//! On-device storage: the one place that reads and writes localStorage.
//!
//! Values are stored as JSON written and read by serde; anything unreadable (an older or
//! damaged value, another app's key) reads as absent, never as a crash. Keys of the
//! signed-in user's data are made by `SessionState::user_key` (`zsrd.u.<user id>.<name>`), so
//! that signing out removes all of it ([`forget_prefix`]).
//!
//! Idempotency keys for the things a user writes are made here too ([`new_key`]).

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize};

/// The browser's localStorage, if available (it is not in some private modes).
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Storage refused a write (full: photos are large; or missing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaExceeded;

/// The text stored under `key`.
pub fn read_text(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Writes `value` under `key`.
pub fn write_text(key: &str, value: &str) -> Result<(), QuotaExceeded> {
    local_storage()
        .ok_or(QuotaExceeded)?
        .set_item(key, value)
        .map_err(|_| QuotaExceeded)
}

/// The value stored under `key`; `None` when absent or unreadable.
pub fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    read_text(key).and_then(|text| serde_json::from_str(&text).ok())
}

/// Writes `value` under `key` as JSON.
pub fn write<T: Serialize>(key: &str, value: &T) -> Result<(), QuotaExceeded> {
    let text = serde_json::to_string(value).map_err(|_| QuotaExceeded)?;
    write_text(key, &text)
}

pub fn forget(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Removes every key that starts with `prefix` (a user's data at sign-out).
pub fn forget_prefix(prefix: &str) {
    let Some(storage) = local_storage() else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    for k in keys {
        let _ = storage.remove_item(&k);
    }
}

/// A value, or anything else (which is skipped).
#[derive(Deserialize)]
#[serde(untagged)]
enum OrAny<T> {
    Value(T),
    Other(IgnoredAny),
}

/// Reads a field of stored data leniently: a value of the wrong type reads as the default
/// instead of failing the whole record (`#[serde(deserialize_with = "or_default")]`), so
/// that what is readable of a damaged record is kept.
pub fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(match Option::<OrAny<T>>::deserialize(d)? {
        Some(OrAny::Value(v)) => v,
        _ => T::default(),
    })
}

/// Reads a list of stored data leniently: items that do not read are dropped; a value that
/// is not a list reads as empty.
pub fn lenient_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(match OrAny::<Vec<OrAny<T>>>::deserialize(d)? {
        OrAny::Value(items) => items
            .into_iter()
            .filter_map(|i| match i {
                OrAny::Value(v) => Some(v),
                OrAny::Other(_) => None,
            })
            .collect(),
        OrAny::Other(_) => Vec::new(),
    })
}

/// A version-4 UUID from 16 random bytes (the fallback when `crypto.randomUUID` is missing).
pub fn uuid_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(byte >> 4) as usize] as char);
        s.push(HEX[(byte & 15) as usize] as char);
    }
    s
}

/// A new idempotency key: `crypto.randomUUID()`, or a UUID from `crypto.getRandomValues`
/// / `Math.random` where that is missing (older webviews).
pub fn new_key() -> String {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(|c| c.is_object());
    if let Some(c) = &crypto {
        if let Ok(f) = Reflect::get(c, &JsValue::from_str("randomUUID"))
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            if let Some(s) = f
                .call0(c)
                .ok()
                .and_then(|v| v.as_string())
                .filter(|s| s.len() == 36)
            {
                return s;
            }
        }
    }
    let mut bytes = [0u8; 16];
    let array = js_sys::Uint8Array::new_with_length(16);
    let filled = crypto
        .and_then(|c| {
            let f = Reflect::get(&c, &JsValue::from_str("getRandomValues"))
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()?;
            f.call1(&c, &array).ok()
        })
        .is_some();
    if filled {
        array.copy_to(&mut bytes);
    } else {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Rec {
        #[serde(default, deserialize_with = "or_default")]
        name: String,
        #[serde(default, deserialize_with = "or_default")]
        n: Option<f64>,
        #[serde(default, deserialize_with = "lenient_list")]
        tags: Vec<(String, u32)>,
    }

    #[test]
    fn damaged_records_keep_what_reads() {
        let r: Rec = serde_json::from_str(
            r#"{"name":7,"n":"x","tags":[["a",1],3,["b"],["c",2]],"extra":{}}"#,
        )
        .unwrap();
        assert_eq!(
            r,
            Rec {
                name: String::new(),
                n: None,
                tags: vec![("a".into(), 1), ("c".into(), 2)]
            }
        );
        let r: Rec = serde_json::from_str(r#"{"name":"王","n":1.5,"tags":{}}"#).unwrap();
        assert_eq!(
            r,
            Rec {
                name: "王".into(),
                n: Some(1.5),
                tags: vec![]
            }
        );
        let r: Rec = serde_json::from_str(r#"{"name":null,"n":null,"tags":null}"#).unwrap();
        assert_eq!(r, Rec::default());
        assert!(
            serde_json::from_str::<Rec>("[1").is_err(),
            "broken JSON is still an error"
        );
        let list: Vec<u8> =
            lenient_list(&mut serde_json::Deserializer::from_str("[1,-1,300,2]")).unwrap();
        assert_eq!(list, [1, 2]);
    }

    #[test]
    fn uuids_are_version_4() {
        let u = uuid_from_bytes([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let u = uuid_from_bytes([0; 16]);
        assert_eq!(u, "00000000-0000-4000-8000-000000000000");
        assert_eq!(u.len(), 36);
    }
}
