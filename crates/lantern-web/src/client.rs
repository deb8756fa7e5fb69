//! The address a request came from: what sign-in throttling counts failures per.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address as the throttle keys it: an IPv4 address, an IPv6 /64 network, or
/// "unknown" when the server was started without connection info (never a 500).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(client_addr(peer, &parts.headers, state.config.trust_forwarded_for))
    }
}

/// The peer's address, or — only when Lantern is told it sits behind one reverse proxy — the
/// right-most `X-Forwarded-For` entry: the one that proxy added. Entries further left were
/// written by the client and prove nothing; without the setting the header is ignored, so a
/// client cannot dodge the per-address count by sending one.
pub fn client_addr(peer: Option<IpAddr>, headers: &HeaderMap, trust_forwarded_for: bool) -> ClientAddr {
    let forwarded = trust_forwarded_for.then(|| right_most_forwarded(headers)).flatten();
    ClientAddr(match forwarded.or(peer) {
        Some(ip) => key(ip),
        None => "unknown".into(),
    })
}

fn right_most_forwarded(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?;
    let entry = last.to_str().ok()?.rsplit(',').next()?.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// One IPv6 subscriber gets a whole /64, so counting single IPv6 addresses would let one
/// client try from billions of them.
fn key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn addr(peer: Option<&str>, xff: &[&str], trust: bool) -> String {
        client_addr(peer.map(|p| p.parse().unwrap()), &headers(xff), trust).0
    }

    #[test]
    fn the_peer_counts_unless_one_proxy_is_trusted() {
        assert_eq!(addr(Some("192.0.2.7"), &["203.0.113.9"], false), "192.0.2.7");
        assert_eq!(addr(Some("10.0.0.2"), &["203.0.113.9"], true), "203.0.113.9");
        // The client wrote the left entries; the proxy appended the right-most.
        assert_eq!(
            addr(Some("10.0.0.2"), &["1.1.1.1, 2.2.2.2", "198.51.100.4"], true),
            "198.51.100.4"
        );
        assert_eq!(
            addr(Some("10.0.0.2"), &["1.1.1.1,  198.51.100.4 "], true),
            "198.51.100.4"
        );
        assert_eq!(addr(Some("10.0.0.2"), &["198.51.100.4:4711"], true), "198.51.100.4");
    }

    #[test]
    fn a_missing_or_unreadable_address_falls_back_and_never_fails() {
        assert_eq!(addr(None, &[], false), "unknown");
        assert_eq!(addr(None, &["not an address"], true), "unknown");
        assert_eq!(addr(Some("10.0.0.2"), &["1.1.1.1, garbage"], true), "10.0.0.2");
        assert_eq!(addr(Some("10.0.0.2"), &[], true), "10.0.0.2");
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(addr(Some("2001:db8:1:2:3:4:5:6"), &[], false), "2001:db8:1:2::/64");
        assert_eq!(addr(Some("2001:db8:1:2:ffff::1"), &[], false), "2001:db8:1:2::/64");
        assert_eq!(addr(Some("::ffff:192.0.2.7"), &[], false), "192.0.2.7");
    }
}
