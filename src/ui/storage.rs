//! Drafts in `localStorage`: each sample's edited text under its own key, plus the sample last
//! open, so nothing typed is lost across sample switches and reloads. Every call is a no-op
//! where storage is unavailable (private mode, sandboxed iframes).

/// The key of a sample's draft under `prefix` (one prefix per embedded instance).
pub fn draft_key(prefix: &str, sample: &str) -> String {
    format!("{prefix}:draft:{sample}")
}

/// The key of the last open sample under `prefix`.
pub fn last_sample_key(prefix: &str) -> String {
    format!("{prefix}:sample")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads a stored value.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores a value (silently ignored if storage is full or missing).
pub fn save(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes a stored value.
pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_scoped_by_prefix_and_sample() {
        assert_eq!(draft_key("coroscope", "gather"), "coroscope:draft:gather");
        assert_ne!(draft_key("a", "gather"), draft_key("b", "gather"));
        assert_eq!(last_sample_key("coroscope"), "coroscope:sample");
    }
}
