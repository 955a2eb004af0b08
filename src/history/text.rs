//! Text folding for comparing what two meetings minuted.
//!
//! The same action re-minuted at a later meeting is often re-typed or
//! re-rendered: curly quotes become straight, an en dash a hyphen, a line
//! break moves. Comparison therefore works on a folded form (lower case,
//! punctuation as space) and, for near-same texts, on the share of words
//! two texts have in common.

use std::collections::BTreeSet;

/// Lower case, typographic quotes and dashes folded, every character that
/// is not a letter or digit turned into a space, white space collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    let mut push = |c: char| {
        // Apostrophes inside words are dropped (`partner's` = `partners`),
        // everything else that is not alphanumeric separates words.
        if c == '\'' {
            return;
        }
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    for c in s.chars() {
        // ASCII (most of every text) without `to_lowercase`'s iterator;
        // the same result.
        if c.is_ascii() {
            push(if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            });
            continue;
        }
        for c in c.to_lowercase() {
            push(match c {
                '\u{2018}' | '\u{2019}' | '\u{201b}' | '`' | '\u{b4}' => '\'',
                c => c,
            });
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

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
    fn fold_ignores_case_punctuation_and_typography() {
        assert_eq!(
            fold("Council\u{2019}s  Planning – “designing out crime”."),
            "councils planning designing out crime"
        );
        assert_eq!(
            fold("Crime profiles to be circulated."),
            fold("crime profiles to be circulated")
        );
    }

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
