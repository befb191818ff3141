//! Full-text search that works for Chinese with SQLite FTS5's `unicode61` tokenizer.
//!
//! Chinese has no spaces between words, and `unicode61` would index a whole run of Han
//! characters as one token. So the indexed text is transformed first: every CJK character
//! becomes a token of its own, Latin words and numbers stay whole (lowercased), and
//! punctuation becomes a *barrier* token (a private-use character that no query can
//! produce), so that a phrase never matches across a comma or a paragraph break.
//!
//! A query is split into terms at whitespace and punctuation; each term is transformed the
//! same way and quoted as an FTS5 phrase, and all terms must match (`AND`). A phrase of
//! consecutive single-character tokens matches any substring of Chinese text, so 1- and
//! 2-character queries both work. Query text can never inject FTS5 syntax: every term is
//! a double-quoted string made only of letters and digits.

/// Token inserted where the source text has punctuation or a block boundary.
const BARRIER: char = '\u{E000}';

/// Characters indexed one by one: CJK ideographs, kana, hangul, bopomofo.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // hiragana, katakana
        | 0x3100..=0x312F   // bopomofo
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xAC00..=0xD7AF   // hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x20000..=0x323AF // CJK extensions B–H
    )
}

/// Splits text into search tokens; `None` marks a barrier (punctuation).
fn tokens(text: &str) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Option<String>>| {
        if !word.is_empty() {
            out.push(Some(std::mem::take(word)));
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut out);
            out.push(Some(c.to_string()));
        } else if c.is_alphanumeric() && c != BARRIER {
            word.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            flush(&mut word, &mut out);
        } else {
            flush(&mut word, &mut out);
            if !matches!(out.last(), Some(None)) {
                out.push(None);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The text stored in the FTS index for one field made of several parts (e.g. blocks):
/// tokens separated by spaces, barriers between parts and at punctuation.
pub fn index_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        for t in tokens(part) {
            if !out.is_empty() {
                out.push(' ');
            }
            match t {
                Some(word) => out.push_str(&word),
                None => out.push(BARRIER),
            }
        }
        if !out.is_empty() && !out.ends_with(BARRIER) {
            out.push(' ');
            out.push(BARRIER);
        }
    }
    out
}

/// The FTS5 MATCH expression for a user query, or `None` when the query has nothing
/// searchable (only punctuation): such a query matches nothing.
pub fn match_expression(query: &str) -> Option<String> {
    let mut phrases: Vec<String> = Vec::new();
    for term in query.split_whitespace() {
        let mut current: Vec<String> = Vec::new();
        for t in tokens(term).into_iter().chain(std::iter::once(None)) {
            match t {
                Some(word) => current.push(word),
                None if !current.is_empty() => {
                    // tokens hold only letters and digits; doubling quotes is belt and braces
                    let phrase = current.join(" ").replace('"', "\"\"");
                    phrases.push(format!("\"{phrase}\""));
                    current.clear();
                }
                None => {}
            }
        }
    }
    if phrases.is_empty() {
        None
    } else {
        Some(phrases.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_splits_cjk_and_keeps_words() {
        assert_eq!(
            index_text(["数字人大 App 2024年"]),
            "数 字 人 大 app 2024 年 \u{E000}"
        );
        assert_eq!(
            index_text(["人大，代表", "好"]),
            "人 大 \u{E000} 代 表 \u{E000} 好 \u{E000}"
        );
    }

    #[test]
    fn queries_are_quoted_phrases() {
        assert_eq!(match_expression("人大").as_deref(), Some("\"人 大\""));
        assert_eq!(
            match_expression("\"人大\" OR *").as_deref(),
            Some("\"人 大\" AND \"or\"")
        );
        assert_eq!(match_expression("(\"*"), None);
        assert_eq!(
            match_expression("代表 联络站").as_deref(),
            Some("\"代 表\" AND \"联 络 站\"")
        );
    }
}
