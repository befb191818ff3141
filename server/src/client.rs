//! Who is on the other end of a connection: the client address used by the per-address rate
//! limits (sign-in, public endpoints) and the once-a-day view count.
//!
//! It is the socket peer, unless the peer is one of the configured trusted proxies
//! ([`ProxyConfig`]) and the configured header is present: then the rightmost address of that
//! header that is not itself a trusted proxy. A header is never believed from anyone else —
//! any client can send `X-Forwarded-For: 1.2.3.4`, and a limit keyed on it would be no limit.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};
use ipnet::IpNet;

use crate::AppState;

/// Where the client address comes from behind a reverse proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    /// The header the proxy puts the client address in (`X-Forwarded-For`, `X-Real-IP`…);
    /// `None`: the socket peer is the client (no proxy, or one that is not trusted).
    pub header: Option<HeaderName>,
    /// The proxies' own addresses (networks): only a peer in one of them is believed.
    pub trusted: Vec<IpNet>,
}

impl ProxyConfig {
    /// Whether `ip` is one of the trusted proxies.
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.trusted.iter().any(|n| n.contains(&ip))
    }
}

/// The client's address as the limits see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The key of the per-address limits: the address, or for IPv6 its /64 (one subscriber
    /// commonly gets a whole /64, so that a client cannot escape a limit by changing the low
    /// bits of its address).
    pub fn key(&self) -> String {
        match canonical(self.0) {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

/// `::ffff:1.2.3.4` is 1.2.3.4 (a dual-stack listener sees IPv4 clients that way).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// One address of a forwarding header's item: `1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::1`,
/// or RFC 7239's `for="[::1]:80"`.
fn parse_item(item: &str) -> Option<IpAddr> {
    let mut s = item.trim();
    if let Some((_, v)) = s.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("for").then_some(((), v))
    }) {
        s = v.trim();
    }
    let s = s.trim_matches('"');
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    s.strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .and_then(|(ip, _)| ip.parse::<Ipv6Addr>().ok())
        .map(IpAddr::V6)
}

/// The client address of a request that came from `peer` with `headers`.
pub fn client_addr(proxy: &ProxyConfig, peer: IpAddr, headers: &HeaderMap) -> ClientAddr {
    let peer = canonical(peer);
    let Some(name) = &proxy.header else {
        return ClientAddr(peer);
    };
    if !proxy.is_trusted(peer) {
        return ClientAddr(peer);
    }
    // Every value of the header, in order, then their comma-separated items: the proxies
    // nearest to us appended last, so the rightmost untrusted one is the client our trusted
    // chain saw (what the client wrote itself is further left and ignored).
    let items: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut found = peer;
    for item in items.iter().rev() {
        let Some(ip) = parse_item(item) else {
            // unreadable: stop at what we know
            break;
        };
        found = canonical(ip);
        if !proxy.is_trusted(found) {
            break;
        }
    }
    ClientAddr(found)
}

/// Reads a `--trusted-proxies` value: comma-separated addresses or networks (CIDR).
pub fn parse_trusted(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an address or a network like 10.0.0.0/8"))
        })
        .collect()
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // The listener (serve.rs) puts the peer into every request. A request without it
        // (the tests' `oneshot`) comes from nowhere in particular: the unspecified address.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(client_addr(&state.config().proxy, peer, &parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_peer_unless_a_trusted_proxy_says_otherwise() {
        let none = ProxyConfig::default();
        let h = xff(&["9.9.9.9"]);
        // no header configured: a client's own X-Forwarded-For is ignored
        assert_eq!(client_addr(&none, ip("203.0.113.7"), &h).0, ip("203.0.113.7"));
        let proxy = ProxyConfig {
            header: Some(HeaderName::from_static("x-forwarded-for")),
            trusted: parse_trusted("10.0.0.0/8, 127.0.0.1").unwrap(),
        };
        // a peer that is not a trusted proxy: its header is not believed
        assert_eq!(client_addr(&proxy, ip("203.0.113.7"), &h).0, ip("203.0.113.7"));
        // from the proxy: the header's address
        assert_eq!(client_addr(&proxy, ip("127.0.0.1"), &h).0, ip("9.9.9.9"));
        // what the client wrote itself (left) is skipped: the rightmost untrusted address
        let h = xff(&["6.6.6.6, 198.51.100.2", "10.1.2.3"]);
        assert_eq!(client_addr(&proxy, ip("10.0.0.1"), &h).0, ip("198.51.100.2"));
        // the proxy without the header: the peer
        assert_eq!(client_addr(&proxy, ip("10.0.0.1"), &HeaderMap::new()).0, ip("10.0.0.1"));
        // garbage stops the walk
        let h = xff(&["6.6.6.6, nonsense"]);
        assert_eq!(client_addr(&proxy, ip("10.0.0.1"), &h).0, ip("10.0.0.1"));
        // ports, brackets, RFC 7239 and IPv4-mapped peers
        for (item, want) in [("1.2.3.4:55", "1.2.3.4"), ("[2001:db8::1]:80", "2001:db8::1"), ("for=\"[2001:db8::2]\"", "2001:db8::2")] {
            assert_eq!(client_addr(&proxy, ip("::ffff:10.0.0.1"), &xff(&[item])).0, ip(want), "{item}");
        }
        assert!(parse_trusted("10.0.0.0/33").is_err());
        assert!(parse_trusted("proxy").is_err());
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        assert_eq!(ClientAddr(ip("2001:db8:1:2:3:4:5:6")).key(), "2001:db8:1:2::/64");
        assert_eq!(ClientAddr(ip("2001:db8:1:2:ffff::1")).key(), "2001:db8:1:2::/64");
        assert_eq!(ClientAddr(ip("::ffff:192.0.2.1")).key(), "192.0.2.1");
        assert_eq!(ClientAddr(ip("192.0.2.1")).key(), "192.0.2.1");
    }
}
