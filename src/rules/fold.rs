//! The one text folding in which texts minuted at different meetings, and
//! the word lists of `history.toml` they are checked against, are compared
//! (lower case, typography and punctuation folded). It is here, not in the
//! `history` stage that compares, because the rule set folds its word lists
//! once when it is compiled.

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
}
