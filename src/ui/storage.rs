//! Drafts in `localStorage`: each sample's edited text under its own key, plus the sample last
//! open, so nothing typed is lost across sample switches, reloads, failed runs and panics.
//!
//! - Every value written is also remembered in memory, so the panic hook can write them all
//!   again ([`flush_all`]) before it shows its banner.
//! - Where storage is missing (disabled, sandboxed frames), or a write fails (full), the page
//!   says so once ([`super::banner::storage_unavailable`]) and the editor keeps working.
//! - Two tabs on the same sample never silently overwrite each other's draft:
//!   [`save_draft`] writes only if the stored draft is still the one this tab last read or
//!   wrote; otherwise it reports the conflict and keeps this tab's text under a side key
//!   ([`side_key`]) until the user chooses which version to keep.

use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// What this page last read or wrote under each key (`None`: the key was absent).
    static KNOWN: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
}

/// The key of a sample's draft under `prefix` (one prefix per embedded instance).
pub fn draft_key(prefix: &str, sample: &str) -> String {
    format!("{prefix}:draft:{sample}")
}

/// The key of the last open sample under `prefix`.
pub fn last_sample_key(prefix: &str) -> String {
    format!("{prefix}:sample")
}

/// Where this tab keeps its own text of a draft while another tab's version is stored.
pub fn side_key(key: &str) -> String {
    format!("{key}:this-tab")
}

fn storage() -> Option<web_sys::Storage> {
    let found = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    if found.is_none() {
        super::banner::storage_unavailable();
    }
    found
}

fn remember(key: &str, value: Option<&str>) {
    KNOWN.with(|known| {
        if let Ok(mut known) = known.try_borrow_mut() {
            known.insert(key.to_string(), value.map(str::to_string));
        }
    });
}

/// Reads a stored value.
pub fn load(key: &str) -> Option<String> {
    let value = storage()?.get_item(key).ok()?;
    remember(key, value.as_deref());
    value
}

/// Stores a value; on failure (storage full or missing) shows the notice once and returns
/// false. The value is remembered either way, for [`flush_all`].
pub fn save(key: &str, value: &str) -> bool {
    remember(key, Some(value));
    let written = storage().is_some_and(|s| s.set_item(key, value).is_ok());
    if !written {
        super::banner::storage_unavailable();
    }
    written
}

/// Removes a stored value.
pub fn remove(key: &str) {
    remember(key, None);
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Writes again every value this page wrote (the panic hook's last resort; it must not panic,
/// so a busy record is skipped).
pub fn flush_all() {
    let values: Vec<(String, String)> = KNOWN.with(|known| {
        known
            .try_borrow()
            .map(|k| {
                k.iter()
                    .filter_map(|(key, v)| Some((key.clone(), v.clone()?)))
                    .collect()
            })
            .unwrap_or_default()
    });
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        for (key, value) in values {
            let _ = storage.set_item(&key, &value);
        }
    }
}

/// What [`save_draft`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftSave {
    /// Written (or storage is unavailable, which the notice already says).
    Saved,
    /// Another tab changed the stored draft since this tab last read or wrote it: that version
    /// (`theirs`) was left in place and this tab's text went to [`side_key`].
    Conflict {
        /// The other tab's draft, as stored now.
        theirs: String,
    },
}

/// Whether writing `mine` over `stored` would lose another tab's edit, given what this tab
/// last read or wrote (`known`; `None` when it never looked at the key).
pub fn is_conflict(known: Option<&Option<String>>, stored: Option<&str>, mine: &str) -> bool {
    match (known, stored) {
        (_, None) => false,
        (_, Some(s)) if s == mine => false,
        (None, _) => false,
        (Some(known), Some(s)) => known.as_deref() != Some(s),
    }
}

/// Saves a draft unless another tab changed it meanwhile (see [`DraftSave::Conflict`]).
pub fn save_draft(key: &str, mine: &str) -> DraftSave {
    let Some(storage) = storage() else {
        remember(key, Some(mine));
        return DraftSave::Saved;
    };
    let stored = storage.get_item(key).ok().flatten();
    let known = KNOWN.with(|k| k.borrow().get(key).cloned());
    if is_conflict(known.as_ref(), stored.as_deref(), mine) {
        let _ = storage.set_item(&side_key(key), mine);
        return DraftSave::Conflict {
            theirs: stored.unwrap_or_default(),
        };
    }
    save(key, mine);
    DraftSave::Saved
}

/// The user chose this tab's version of a conflicting draft: it replaces the stored one.
pub fn keep_mine(key: &str, mine: &str) {
    save(key, mine);
    remove(&side_key(key));
}

/// The user chose the other tab's version: this tab now follows it; returns it.
pub fn take_theirs(key: &str) -> Option<String> {
    remove(&side_key(key));
    load(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_scoped_by_prefix_and_sample() {
        assert_eq!(draft_key("coroscope", "gather"), "coroscope:draft:gather");
        assert_ne!(draft_key("a", "gather"), draft_key("b", "gather"));
        assert_eq!(last_sample_key("coroscope"), "coroscope:sample");
        assert_eq!(side_key("p:draft:gather"), "p:draft:gather:this-tab");
    }

    #[test]
    fn only_a_draft_changed_elsewhere_since_this_tab_looked_is_a_conflict() {
        let known = |v: Option<&str>| Some(v.map(str::to_string));
        // Nothing stored, or the same text: never a conflict.
        assert!(!is_conflict(known(Some("a")).as_ref(), None, "b"));
        assert!(!is_conflict(known(Some("a")).as_ref(), Some("b"), "b"));
        // Stored is what this tab wrote last: its own earlier keystroke.
        assert!(!is_conflict(known(Some("a")).as_ref(), Some("a"), "ab"));
        // Stored changed since: another tab wrote it.
        assert!(is_conflict(known(Some("a")).as_ref(), Some("x"), "ab"));
        // This tab read "no draft", another tab created one meanwhile.
        assert!(is_conflict(known(None).as_ref(), Some("x"), "ab"));
        // This tab never looked at the key: nothing to compare with.
        assert!(!is_conflict(None, Some("x"), "ab"));
    }
}
