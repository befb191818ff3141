//! The SMS providers' HTTP APIs: a request built (and signed) as a plain value by a pure
//! function — so that its signature can be checked against an independent computation — then
//! sent, and the answer read into sent / try again later / give up.
//!
//! * Tencent Cloud SMS (`SendSms`, API 3.0, version 2021-01-11), signed with TC3-HMAC-SHA256
//!   (https://cloud.tencent.com/document/api/382/52071, /document/api/213/30654);
//! * Aliyun SMS (Dysmsapi `SendSms`, version 2017-05-25, RPC style), signed with HMAC-SHA1
//!   (https://help.aliyun.com/document_detail/101343.html);
//! * a generic webhook: `POST` JSON `{phone, template, params, text}` with an optional bearer
//!   token, for any other gateway (or a deployment's own).

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::Sms;
use crate::clock::{civil_from_days, rfc3339, DAY};

/// Where and how a deployment sends SMS (`--sms-config`, a JSON file; secrets never on the
/// command line).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Provider {
    Tencent {
        secret_id: String,
        secret_key: String,
        /// SmsSdkAppId.
        sdk_app_id: String,
        #[serde(default = "tencent_region")]
        region: String,
        /// The API's origin (default `https://sms.tencentcloudapi.com`; tests use a stand-in).
        #[serde(default)]
        endpoint: Option<String>,
    },
    Aliyun {
        access_key_id: String,
        access_key_secret: String,
        /// Default `https://dysmsapi.aliyuncs.com`.
        #[serde(default)]
        endpoint: Option<String>,
    },
    Webhook {
        url: String,
        /// Sent as `Authorization: Bearer <token>`.
        #[serde(default)]
        token: Option<String>,
    },
}

fn tencent_region() -> String {
    "ap-guangzhou".into()
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What became of a send.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent,
    /// Worth trying again later (the network, a 5xx or 429, the provider's rate limits).
    Retry(String),
    /// It will never go (a wrong number, template or credentials): stop.
    Fail(String),
}

type HmacSha256 = Hmac<Sha256>;

fn hmac256(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 2026-12-05 (UTC) of a Unix time.
fn utc_date(at: i64) -> String {
    let (y, m, d) = civil_from_days(at.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// A Chinese mainland number in E.164 (`+86…`) as Tencent wants it.
fn e164(phone: &str) -> String {
    if phone.starts_with('+') { phone.to_owned() } else { format!("+86{phone}") }
}

/// The host of an origin (`https://sms.example:8443/x` → `sms.example:8443`).
fn host_of(origin: &str) -> String {
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

/// Tencent Cloud `SendSms`, signed with TC3-HMAC-SHA256 at `now`.
pub fn tencent(p: (&str, &str, &str, &str, Option<&str>), sign_name: &str, sms: &Sms, now: i64) -> HttpRequest {
    let (secret_id, secret_key, sdk_app_id, region, endpoint) = p;
    let origin = endpoint.unwrap_or("https://sms.tencentcloudapi.com").trim_end_matches('/');
    let host = host_of(origin);
    let body = serde_json::json!({
        "PhoneNumberSet": [e164(&sms.phone)],
        "SmsSdkAppId": sdk_app_id,
        "SignName": sign_name,
        "TemplateId": sms.template,
        "TemplateParamSet": sms.params,
    })
    .to_string();
    let content_type = "application/json; charset=utf-8";
    let canonical = format!(
        "POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{}",
        hex(&Sha256::digest(body.as_bytes()))
    );
    let date = utc_date(now);
    let scope = format!("{date}/sms/tc3_request");
    let to_sign = format!("TC3-HMAC-SHA256\n{now}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let k_date = hmac256(format!("TC3{secret_key}").as_bytes(), &date);
    let k_service = hmac256(&k_date, "sms");
    let k_signing = hmac256(&k_service, "tc3_request");
    let signature = hex(&hmac256(&k_signing, &to_sign));
    let authorization =
        format!("TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}");
    HttpRequest {
        url: format!("{origin}/"),
        headers: vec![
            ("Authorization".into(), authorization),
            ("Content-Type".into(), content_type.into()),
            ("Host".into(), host),
            ("X-TC-Action".into(), "SendSms".into()),
            ("X-TC-Timestamp".into(), now.to_string()),
            ("X-TC-Version".into(), "2021-01-11".into()),
            ("X-TC-Region".into(), region.into()),
        ],
        body,
    }
}

/// RFC 3986 percent-encoding of everything but the unreserved characters, as Aliyun signs.
pub fn aliyun_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Aliyun `SendSms` as a signed form `POST` at `now`; `nonce` is unique per request.
pub fn aliyun(p: (&str, &str, Option<&str>), sign_name: &str, sms: &Sms, now: i64, nonce: &str) -> HttpRequest {
    let (key_id, secret, endpoint) = p;
    let origin = endpoint.unwrap_or("https://dysmsapi.aliyuncs.com").trim_end_matches('/');
    // the template's variables are named; ours are positional: p1, p2…
    let params: serde_json::Map<String, serde_json::Value> =
        sms.params.iter().enumerate().map(|(i, v)| (format!("p{}", i + 1), serde_json::Value::String(v.clone()))).collect();
    let mut pairs: Vec<(String, String)> = vec![
        ("AccessKeyId".into(), key_id.into()),
        ("Action".into(), "SendSms".into()),
        ("Format".into(), "JSON".into()),
        ("PhoneNumbers".into(), sms.phone.clone()),
        ("RegionId".into(), "cn-hangzhou".into()),
        ("SignName".into(), sign_name.into()),
        ("SignatureMethod".into(), "HMAC-SHA1".into()),
        ("SignatureNonce".into(), nonce.into()),
        ("SignatureVersion".into(), "1.0".into()),
        ("TemplateCode".into(), sms.template.clone()),
        ("TemplateParam".into(), serde_json::Value::Object(params).to_string()),
        ("Timestamp".into(), rfc3339(now)),
        ("Version".into(), "2017-05-25".into()),
    ];
    pairs.sort();
    let query = pairs.iter().map(|(k, v)| format!("{}={}", aliyun_encode(k), aliyun_encode(v))).collect::<Vec<_>>().join("&");
    let to_sign = format!("POST&{}&{}", aliyun_encode("/"), aliyun_encode(&query));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()).expect("HMAC takes a key of any length");
    mac.update(to_sign.as_bytes());
    use base64::Engine as _;
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    HttpRequest {
        url: format!("{origin}/"),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
        body: format!("Signature={}&{query}", aliyun_encode(&signature)),
    }
}

/// The generic webhook.
pub fn webhook(url: &str, token: Option<&str>, sign_name: &str, sms: &Sms) -> HttpRequest {
    let mut headers = vec![("Content-Type".into(), "application/json".into())];
    if let Some(t) = token {
        headers.push(("Authorization".into(), format!("Bearer {t}")));
    }
    HttpRequest {
        url: url.to_owned(),
        headers,
        body: serde_json::json!({
            "phone": sms.phone,
            "sign_name": sign_name,
            "template": sms.template,
            "params": sms.params,
            "text": sms.text,
        })
        .to_string(),
    }
}

impl Provider {
    /// Its name, for the log.
    pub fn name(&self) -> &'static str {
        match self {
            Provider::Tencent { .. } => "Tencent Cloud SMS",
            Provider::Aliyun { .. } => "Aliyun SMS",
            Provider::Webhook { .. } => "a webhook",
        }
    }

    /// The signed request of `sms` at `now`.
    pub fn request(&self, sign_name: &str, sms: &Sms, now: i64, nonce: &str) -> HttpRequest {
        match self {
            Provider::Tencent { secret_id, secret_key, sdk_app_id, region, endpoint } => {
                tencent((secret_id, secret_key, sdk_app_id, region, endpoint.as_deref()), sign_name, sms, now)
            }
            Provider::Aliyun { access_key_id, access_key_secret, endpoint } => {
                aliyun((access_key_id, access_key_secret, endpoint.as_deref()), sign_name, sms, now, nonce)
            }
            Provider::Webhook { url, token } => webhook(url, token.as_deref(), sign_name, sms),
        }
    }

    /// What an answer with `status` and `body` means.
    pub fn outcome(&self, status: u16, body: &str) -> Outcome {
        if status == 429 || status >= 500 {
            return Outcome::Retry(format!("HTTP {status}"));
        }
        let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        match self {
            Provider::Webhook { .. } if (200..300).contains(&status) => Outcome::Sent,
            Provider::Webhook { .. } => Outcome::Fail(format!("HTTP {status}")),
            Provider::Tencent { .. } => {
                let r = &json["Response"];
                let code = r["Error"]["Code"].as_str().or_else(|| r["SendStatusSet"][0]["Code"].as_str()).unwrap_or("");
                match code {
                    "Ok" => Outcome::Sent,
                    c if c.starts_with("LimitExceeded") || c.starts_with("InternalError") || c == "RequestLimitExceeded" => {
                        Outcome::Retry(c.to_owned())
                    }
                    "" => Outcome::Retry(format!("HTTP {status}: no code in the answer")),
                    c => Outcome::Fail(c.to_owned()),
                }
            }
            Provider::Aliyun { .. } => match json["Code"].as_str().unwrap_or("") {
                "OK" => Outcome::Sent,
                c if c.contains("LIMIT") || c == "Throttling" || c.starts_with("isp.") || c == "ServiceUnavailable" => {
                    Outcome::Retry(c.to_owned())
                }
                "" => Outcome::Retry(format!("HTTP {status}: no code in the answer")),
                c => Outcome::Fail(c.to_owned()),
            },
        }
    }
}

/// Sends a request; the outcome.
pub async fn send(client: &reqwest::Client, provider: &Provider, req: &HttpRequest) -> Outcome {
    let mut b = client.post(&req.url);
    for (k, v) in &req.headers {
        // the client sets Host from the URL itself
        if !k.eq_ignore_ascii_case("host") {
            b = b.header(k, v);
        }
    }
    match b.body(req.body.clone()).send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            provider.outcome(status, &body)
        }
        Err(e) => Outcome::Retry(format!("network: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms() -> Sms {
        Sms { phone: "13800000000".into(), template: "1234567".into(), params: vec!["482913".into(), "5".into()], text: String::new() }
    }

    /// The expected signatures were computed apart from this code: by Python's hmac, hashlib and
    /// urllib.parse.quote, following the steps of the providers' documents.
    #[test]
    fn tencent_is_signed_with_tc3() {
        let r = tencent(("AKIDEXAMPLE", "SECRETEXAMPLE", "1400000000", "ap-guangzhou", None), "龙湾镇人大", &sms(), 1_764_900_000);
        assert_eq!(r.url, "https://sms.tencentcloudapi.com/");
        assert_eq!(
            r.body,
            r#"{"PhoneNumberSet":["+8613800000000"],"SignName":"龙湾镇人大","SmsSdkAppId":"1400000000","TemplateId":"1234567","TemplateParamSet":["482913","5"]}"#
        );
        let auth = &r.headers[0].1;
        assert_eq!(
            auth,
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2025-12-05/sms/tc3_request, SignedHeaders=content-type;host, Signature=41055c1f6803a9748417a450b54ee8ae2f654353a0284277a8ca94e8850adeef"
        );
    }

    #[test]
    fn aliyun_is_signed_with_hmac_sha1() {
        let r = aliyun(("LTAIEXAMPLE", "SECRETEXAMPLE", None), "龙湾镇人大", &sms(), 1_764_900_000, "nonce-1");
        assert_eq!(r.url, "https://dysmsapi.aliyuncs.com/");
        assert!(r.body.starts_with("Signature=E5haIJ2bNbvi9lAXS9YWVuvqe5c%3D&AccessKeyId=LTAIEXAMPLE&Action=SendSms&"), "{}", r.body);
        assert!(r.body.contains("&TemplateParam=%7B%22p1%22%3A%22482913%22%2C%22p2%22%3A%225%22%7D&"), "{}", r.body);
    }

    #[test]
    fn percent_encoding_is_rfc_3986() {
        assert_eq!(aliyun_encode("a b*c~d/é"), "a%20b%2Ac~d%2F%C3%A9");
    }

    #[test]
    fn answers_are_read_as_sent_retry_or_fail() {
        let t = Provider::Tencent { secret_id: String::new(), secret_key: String::new(), sdk_app_id: String::new(), region: String::new(), endpoint: None };
        assert_eq!(t.outcome(200, r#"{"Response":{"SendStatusSet":[{"Code":"Ok"}]}}"#), Outcome::Sent);
        assert_eq!(t.outcome(200, r#"{"Response":{"SendStatusSet":[{"Code":"InvalidParameterValue.IncorrectPhoneNumber"}]}}"#), Outcome::Fail("InvalidParameterValue.IncorrectPhoneNumber".into()));
        assert_eq!(t.outcome(200, r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}"#), Outcome::Fail("AuthFailure.SignatureFailure".into()));
        assert!(matches!(t.outcome(200, r#"{"Response":{"SendStatusSet":[{"Code":"LimitExceeded.PhoneNumberDailyLimit"}]}}"#), Outcome::Retry(_)));
        assert!(matches!(t.outcome(503, ""), Outcome::Retry(_)));
        let a = Provider::Aliyun { access_key_id: String::new(), access_key_secret: String::new(), endpoint: None };
        assert_eq!(a.outcome(200, r#"{"Code":"OK","Message":"OK"}"#), Outcome::Sent);
        assert!(matches!(a.outcome(200, r#"{"Code":"isv.BUSINESS_LIMIT_CONTROL"}"#), Outcome::Retry(_)));
        assert_eq!(a.outcome(400, r#"{"Code":"isv.MOBILE_NUMBER_ILLEGAL"}"#), Outcome::Fail("isv.MOBILE_NUMBER_ILLEGAL".into()));
        let w = Provider::Webhook { url: String::new(), token: None };
        assert_eq!(w.outcome(204, ""), Outcome::Sent);
        assert!(matches!(w.outcome(429, ""), Outcome::Retry(_)));
        assert!(matches!(w.outcome(400, ""), Outcome::Fail(_)));
    }
}
