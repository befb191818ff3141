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
    let phrases: Vec<String> = query_phrases(query)
        .iter()
        // tokens hold only letters and digits; doubling quotes is belt and braces
        .map(|p| format!("\"{}\"", p.join(" ").replace('"', "\"\"")))
        .collect();
    if phrases.is_empty() {
        None
    } else {
        Some(phrases.join(" AND "))
    }
}

/// The phrases of a query as tokens: split at whitespace, then at punctuation; empty ones
/// dropped. Each must occur as consecutive tokens of one column.
fn query_phrases(query: &str) -> Vec<Vec<String>> {
    let mut phrases = Vec::new();
    for term in query.split_whitespace() {
        let mut current: Vec<String> = Vec::new();
        for t in tokens(term).into_iter().chain(std::iter::once(None)) {
            match t {
                Some(word) => current.push(word),
                None if !current.is_empty() => phrases.push(std::mem::take(&mut current)),
                None => {}
            }
        }
    }
    phrases
}

/// The same search on PostgreSQL (issue 17: docs/postgres.md and
/// server/migrations/postgres/0001_content.sql). `articles_fts` there has the same columns of
/// the same [`index_text`], and `terms`: every token and pair of adjacent tokens of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgSearch {
    /// What `articles_fts.terms` must contain (`@>`, the GIN index): a one-token phrase's token,
    /// a longer phrase's adjacent pairs ("人 大").
    pub terms: Vec<String>,
    /// One LIKE pattern per phrase (`% 人 大 %`); one of the columns, spaces around it, must
    /// match it: consecutive tokens, as FTS5's phrases. Tokens are letters and digits only, so
    /// nothing needs escaping.
    pub patterns: Vec<String>,
}

impl PgSearch {
    /// The condition on `articles_fts` (unqualified columns) whose placeholders are `$first`
    /// (the `text[]` of [`PgSearch::terms`]) and the patterns after it, in order.
    pub fn condition(&self, first: usize) -> String {
        let mut sql = format!("terms @> ${first}::text[]");
        for i in 0..self.patterns.len() {
            let n = first + 1 + i;
            sql.push_str(&format!(
                " AND (' ' || title || ' ' LIKE ${n} OR ' ' || summary || ' ' LIKE ${n} \
                 OR ' ' || body || ' ' LIKE ${n})"
            ));
        }
        sql
    }
}

impl PgSearch {
    /// The parameters of [`PgSearch::filter`]: the terms as one text (`|` between them: tokens
    /// are letters and digits, a pair two of them and a space), then each phrase's pattern.
    pub fn args(&self) -> Vec<String> {
        std::iter::once(self.terms.join("|")).chain(self.patterns.iter().cloned()).collect()
    }

    /// [`PgSearch::condition`] on the columns of `table`, in the server's placeholders (`?N`,
    /// from `?first`, for [`PgSearch::args`]); the terms go as one text, split in SQL, since the
    /// storage layer sends no arrays.
    pub fn filter(&self, table: &str, first: usize) -> String {
        let mut sql = format!("{table}.terms @> string_to_array(?{first}, '|')");
        for i in 0..self.patterns.len() {
            let n = first + 1 + i;
            sql.push_str(&format!(
                " AND (' ' || {table}.title || ' ' LIKE ?{n} OR ' ' || {table}.summary || ' ' LIKE ?{n} \
                 OR ' ' || {table}.body || ' ' LIKE ?{n})"
            ));
        }
        sql
    }

    /// A relevance score for ordering (higher is better): SQLite's bm25 weights a match in the
    /// title 10, the summary 4, the body 1; PostgreSQL has no bm25, so each phrase found adds
    /// those weights (docs/postgres.md: the same results, a relevance order that may differ).
    pub fn score(&self, table: &str, first: usize) -> String {
        let parts: Vec<String> = (0..self.patterns.len())
            .map(|i| {
                let n = first + 1 + i;
                format!(
                    "(CASE WHEN ' ' || {table}.title || ' ' LIKE ?{n} THEN 10 ELSE 0 END \
                     + CASE WHEN ' ' || {table}.summary || ' ' LIKE ?{n} THEN 4 ELSE 0 END \
                     + CASE WHEN ' ' || {table}.body || ' ' LIKE ?{n} THEN 1 ELSE 0 END)"
                )
            })
            .collect();
        if parts.is_empty() {
            "0".into()
        } else {
            parts.join(" + ")
        }
    }
}

/// The PostgreSQL form of a user query ([`match_expression`]'s counterpart), or `None` when it
/// has nothing searchable.
pub fn pg_search(query: &str) -> Option<PgSearch> {
    let phrases = query_phrases(query);
    if phrases.is_empty() {
        return None;
    }
    let mut terms: Vec<String> = Vec::new();
    for p in &phrases {
        if p.len() == 1 {
            terms.push(p[0].clone());
        } else {
            terms.extend(p.windows(2).map(|w| format!("{} {}", w[0], w[1])));
        }
    }
    terms.sort();
    terms.dedup();
    let patterns = phrases.iter().map(|p| format!("% {} %", p.join(" "))).collect();
    Some(PgSearch { terms, patterns })
}

/// The phrases a query looks for, as [`match_expression`] splits it (runs of letters and
/// digits between whitespace and punctuation), lowercased: what [`excerpt`] finds in text.
pub fn phrases(query: &str) -> Vec<Vec<char>> {
    query
        .split(|c: char| !c.is_alphanumeric() || c == BARRIER)
        .filter(|p| !p.is_empty())
        .map(|p| p.chars().map(lower).collect())
        .collect()
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Whether `text` contains one of `phrases` (case-insensitively).
pub fn contains_any(text: &str, phrases: &[Vec<char>]) -> bool {
    let chars: Vec<char> = text.chars().map(lower).collect();
    phrases.iter().any(|p| find(&chars, p).is_some())
}

fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// Characters of context an excerpt keeps before and after the match.
const BEFORE: usize = 16;
const AFTER: usize = 40;

/// A short passage of `parts` (e.g. the body's blocks) around the first part that contains
/// one of `phrases`: plain text, with `…` where it was cut; whitespace runs become one space.
/// `None` when no part contains one.
pub fn excerpt<'a>(parts: impl IntoIterator<Item = &'a str>, phrases: &[Vec<char>]) -> Option<String> {
    for part in parts {
        let text: Vec<char> = part.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
        let lowered: Vec<char> = text.iter().copied().map(lower).collect();
        let Some((at, len)) = phrases
            .iter()
            .filter_map(|p| find(&lowered, p).map(|i| (i, p.len())))
            .min()
        else {
            continue;
        };
        let start = at.saturating_sub(BEFORE);
        let end = (at + len + AFTER).min(text.len());
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        out.extend(&text[start..end]);
        if end < text.len() {
            out.push('…');
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_around_the_first_match() {
        let p = phrases("路灯， LED");
        assert_eq!(p, vec!["路灯".chars().collect::<Vec<_>>(), "led".chars().collect()]);
        assert!(contains_any("村口 led 灯", &p));
        assert!(!contains_any("路 灯", &p), "a phrase is contiguous");
        let body = [
            "第一段没有。",
            "经过多方协调，龙湾村到小学的路段已经装上了二十盏太阳能路灯，晚上孩子放学再也不用摸黑走路了，村民们都很高兴。",
        ];
        let e = excerpt(body, &phrases("路灯")).expect("found");
        assert_eq!(e, "…小学的路段已经装上了二十盏太阳能路灯，晚上孩子放学再也不用摸黑走路了，村民们都很高兴。");
        assert!(e.chars().count() <= BEFORE + 2 + AFTER + 2);
        let short = excerpt(["装了 LED\n\n路灯"], &phrases("led")).expect("found");
        assert_eq!(short, "装了 LED 路灯");
        assert_eq!(excerpt(body, &phrases("水库")), None);
        assert_eq!(excerpt(body, &[]), None);
    }

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

    #[test]
    fn postgres_queries_are_terms_and_patterns() {
        let q = pg_search("人大， 联络站 App").expect("searchable");
        assert_eq!(q.terms, ["app", "人 大", "络 站", "联 络"], "sorted, as Rust sorts strings");
        assert_eq!(q.patterns, ["% 人 大 %", "% 联 络 站 %", "% app %"]);
        assert_eq!(pg_search("人").expect("one").terms, ["人"]);
        assert_eq!(pg_search("(\"*"), None);
        let c = pg_search("人大").expect("two").condition(3);
        assert!(c.starts_with("terms @> $3::text[] AND (' ' || title || ' ' LIKE $4 OR"), "{c}");
        assert!(!c.contains("$5"));
    }
}
