//! Text folding for comparing what two meetings minuted.
//!
//! The same action re-minuted at a later meeting is often re-typed or
//! re-rendered: curly quotes become straight, an en dash a hyphen, a line
//! break moves. Comparison therefore works on a folded form (lower case,
//! punctuation as space) and, for near-same texts, on the share of words
//! two texts have in common.

use std::collections::BTreeSet;

/// The folding is the rules' too (`history.toml`'s word lists are folded
/// when compiled, to compare with folded texts): it lives in `rules`.
pub use crate::rules::fold;

/// The set of words of a folded text.
pub fn words(folded: &str) -> BTreeSet<&str> {
    folded.split(' ').filter(|w| !w.is_empty()).collect()
}

/// 1.0 for texts equal once folded, else the Jaccard index of their word
/// sets (words in both / words in either).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb {
        return 1.0;
    }
    let (wa, wb) = (words(&fa), words(&fb));
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

/// Whether the shorter of two folded texts, of at least `min_words`
/// words, occurs whole (on word boundaries) inside the longer.
pub fn contained(a: &str, b: &str, min_words: usize) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if min_words == 0 || short.is_empty() || short.split(' ').count() < min_words {
        return false;
    }
    format!(" {long} ").contains(&format!(" {short} "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_needs_whole_words_and_enough_of_them() {
        let prev = fold("SB agreed to raise the issue with the Strategic Director");
        let now = fold("Carried forward from 12th March 2014 – SB agreed to raise the issue with the Strategic Director");
        assert!(contained(&prev, &now, 4));
        assert!(contained(&now, &prev, 4));
        assert!(!contained(&prev, &now, 0));
        assert!(!contained(
            &fold("to be circulated"),
            &fold("Crime profiles to be circulated"),
            4
        ));
        assert!(contained(
            &fold("profiles to be circulated"),
            &fold("Crime profiles to be circulated"),
            4
        ));
        // Whole words only: "rofiles to be circulated" is not a word run.
        assert!(!contained(
            "rofiles to be circulated",
            "crime profiles to be circulated",
            4
        ));
    }

    #[test]
    fn similarity_is_one_for_refolded_text_and_low_for_other_text() {
        assert_eq!(similarity("A report – to DP.", "a report to dp"), 1.0);
        let s = similarity(
            "SS to provide a written update on clients re-entering treatment services",
            "SS to provide a written update on clients re-entering treatment services by June",
        );
        assert!(s > 0.8 && s < 1.0, "{s}");
        assert!(
            similarity(
                "Crime profiles to be circulated.",
                "Crime profiles to be shared."
            ) < 0.8
        );
        assert_eq!(similarity("", "x"), 0.0);
    }
}
