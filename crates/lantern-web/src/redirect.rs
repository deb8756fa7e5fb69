//! Where a form may send someone after saving: only a path on this site.

/// Longer than any path Lantern makes; a longer one was not made by Lantern.
const MAX_PATH: usize = 512;

/// `path` when it is a plain path on this site, else `None`. One leading `/` and not `//`
/// (another host); no backslash anywhere (browsers read `/\evil.example` as `//evil.example`);
/// printable ASCII only, so no CR/LF (a header split, and a panic building the `Location`
/// header after the change was saved) and no tab (browsers drop it: `/\t/evil.example`).
/// Lantern's own links are percent-encoded already, so nothing it makes is refused.
pub fn same_site_path(path: &str) -> Option<&str> {
    let ok = path.len() <= MAX_PATH
        && path.starts_with('/')
        && !path.starts_with("//")
        && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    ok.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::same_site_path;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        for good in ["/", "/people/4", "/people/4?tab=medicines#m-3", "/%0d%0a", "/a/b@c"] {
            assert_eq!(same_site_path(good), Some(good), "{good:?}");
        }
        let long = format!("/{}", "a".repeat(600));
        for bad in [
            "",
            "people/4",
            "//evil.example",
            "/\\evil.example",
            "/people\\..\\x",
            "https://evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/\r\n",
            "/\t/evil.example",
            "/people 4",
            "/caf\u{e9}",
            "/x\u{0}",
            long.as_str(),
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
    }
}
