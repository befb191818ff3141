//! `/articles`, `/categories`.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::routing::get;
use axum::{Json, Router};
use contract::{
    Article, ArticleKind, ArticleQuery, ArticleSummary, Category, FieldError, Page, MAX_QUERY_CHARS,
};

use super::{cursor, invalid, limit, parsed, read_page, read_whole, valid, IdPath, QueryPairs};
use crate::auth;
use crate::client::ClientAddr;
use crate::cursor::{valid_id, ArticleCursor, RankCursor};
use crate::db::{self, ArticleFilter};
use crate::problem::ApiError;
use crate::search;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles", get(list))
        .route("/articles/{id}", get(get_one))
        .route("/categories", get(categories))
}

fn kind(raw: Option<&str>, errors: &mut Vec<FieldError>) -> Option<ArticleKind> {
    let message = "kind must be one of news, policy, case";
    parsed(raw, "kind", message, ArticleKind::parse, errors)
}

/// Validates the query of `GET /articles`. `Ok(None)` for the search filter means the
/// query has nothing searchable (only punctuation): the answer is an empty page.
fn validate(q: &ArticleQuery) -> Result<(ArticleFilter, bool), ApiError> {
    let mut errors = Vec::new();
    let kind = kind(q.kind.as_deref(), &mut errors);
    let category = match q.category.as_deref() {
        Some(c) if c.is_empty() || c.chars().count() > 64 => {
            errors.push(invalid(
                "category",
                "category must be a category id from /categories",
            ));
            None
        }
        other => other.map(str::to_owned),
    };
    let relevance = parsed(
        q.sort.as_deref(),
        "sort",
        "sort must be newest or relevance",
        |s| match s {
            "newest" => Some(false),
            "relevance" => Some(true),
            _ => None,
        },
        &mut errors,
    )
    .unwrap_or(false);
    let mut searchable = true;
    let mut phrases = Vec::new();
    let mut pg_search = None;
    let search = match q.q.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            errors.push(FieldError {
                field: "q".into(),
                code: "too_short".into(),
                message: "the search text must not be empty".into(),
            });
            None
        }
        Some(text) if text.chars().count() > MAX_QUERY_CHARS => {
            errors.push(FieldError {
                field: "q".into(),
                code: "too_long".into(),
                message: format!("the search text must be at most {MAX_QUERY_CHARS} characters"),
            });
            None
        }
        Some(text) => {
            let expr = search::match_expression(text);
            searchable = expr.is_some();
            phrases = search::phrases(text);
            pg_search = search::pg_search(text);
            expr
        }
    };
    let mut filter = ArticleFilter {
        kind,
        category,
        search,
        pg_search,
        phrases,
        relevance,
        after: None,
        ranked_after: None,
        limit: contract::DEFAULT_LIMIT,
    };
    // A ranked search pages by position in its own ranking; every other list by time.
    if filter.ranked() {
        let key = filter.rank_key();
        filter.ranked_after = cursor::<RankCursor>(q.cursor.as_deref(), |c| c.key == key, &mut errors);
    } else {
        filter.after = cursor::<ArticleCursor>(q.cursor.as_deref(), |_| true, &mut errors);
    }
    filter.limit = limit(q.limit.clone(), &mut errors);
    valid(errors)?;
    Ok((filter, searchable))
}

/// `GET /api/v1/articles`
pub async fn list(
    State(state): State<AppState>,
    pairs: QueryPairs,
) -> Result<Json<Page<ArticleSummary>>, ApiError> {
    let mut errors = Vec::new();
    let query = ArticleQuery {
        kind: pairs.one("kind", &mut errors),
        category: pairs.one("category", &mut errors),
        q: pairs.one("q", &mut errors),
        sort: pairs.one("sort", &mut errors),
        cursor: pairs.one("cursor", &mut errors),
        limit: pairs.one("limit", &mut errors),
    };
    valid(errors)?;
    let (filter, searchable) = validate(&query)?;
    if !searchable {
        return Ok(Json(Page::default()));
    }
    read_page(&state, move |conn| db::list_articles(conn, &filter)).await
}

/// Who a visitor is, for counting an article's view once per visitor and day: the signed-in
/// user, else the client address and browser. Stored only as a hash.
fn visitor(conn: &crate::sql::Connection, token: Option<&str>, addr: &ClientAddr, agent: &str, now: i64) -> Result<String, ApiError> {
    // A token that does not work is not an error here (the article is public): that visitor
    // is counted by address and browser, and cannot inflate the count by sending made-up tokens.
    let user = match token {
        Some(t) => auth::caller_for_token(conn, t, now)?.map(|c| c.user_id),
        None => None,
    };
    Ok(auth::hash_secret(&match user {
        Some(u) => format!("user:{u}"),
        None => format!("anonymous:{}:{agent}", addr.key()),
    }))
}

/// `GET /api/v1/articles/{id}` (counts a view: once per visitor and day)
pub async fn get_one(
    State(state): State<AppState>,
    method: axum::http::Method,
    addr: ClientAddr,
    headers: HeaderMap,
    IdPath(id): IdPath,
) -> Result<Json<Article>, ApiError> {
    let not_found = || ApiError::NotFound(format!("There is no article with id {id:?}."));
    if !valid_id(&id) {
        return Err(not_found());
    }
    let key = id.clone();
    let count = method != axum::http::Method::HEAD;
    let now = state.now();
    let day = state.local_day(now);
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, t)| scheme.eq_ignore_ascii_case("bearer") && !t.is_empty() && t.len() <= 256)
        .map(|(_, t)| t.trim().to_owned());
    let agent: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(512)
        .collect();
    // Most fetches write nothing — a HEAD, or an anonymous visitor's view already counted
    // today — and are answered by a reader, not waiting behind writes. A first view of the day
    // and a signed-in fetch (its read's clock, `note_fetch`) go to the writer as before.
    if !count || token.is_none() {
        let (key, agent) = (key.clone(), agent.clone());
        let answered = state
            .db()
            .read(move |conn| {
                let Some(article) = db::read_article(conn, &key)? else {
                    return Ok(Some(None));
                };
                let counted = !count || {
                    let who = visitor(conn, None, &addr, &agent, now)?;
                    conn.query_row(
                        "SELECT EXISTS (SELECT 1 FROM article_views \
                         WHERE article_id = ?1 AND visitor = ?2 AND day = ?3)",
                        crate::sql::params![key, who, day],
                        |r| r.get::<_, bool>(0),
                    )?
                };
                Ok(counted.then_some(Some(article)))
            })
            .await?;
        match answered {
            Some(Some(article)) => return Ok(Json(article)),
            Some(None) => return Err(not_found()),
            None => {}
        }
    }
    match state
        .db()
        .call(move |conn| {
            let first_today = count && {
                let who = visitor(conn, token.as_deref(), &addr, &agent, now)?;
                conn.execute(
                    "INSERT INTO article_views (article_id, visitor, day) \
                     SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1) ON CONFLICT DO NOTHING",
                    crate::sql::params![key, who, day],
                )? == 1
            };
            let article = db::view_article(conn, &key, first_today)?;
            // the clock of a read for points (`POST /points/reads`) starts at a signed-in fetch
            if let (true, Some(_), Some(t)) = (count, &article, token.as_deref()) {
                if let Some(c) = crate::auth::caller_for_token(conn, t, now)? {
                    crate::points::note_fetch(conn, &c.user_id, &key, now)?;
                }
            }
            Ok(article)
        })
        .await?
    {
        Some(article) => Ok(Json(article)),
        None => Err(not_found()),
    }
}

/// `GET /api/v1/categories`
pub async fn categories(
    State(state): State<AppState>,
    pairs: QueryPairs,
) -> Result<Json<Page<Category>>, ApiError> {
    let mut errors = Vec::new();
    let raw = pairs.one("kind", &mut errors);
    let kind = kind(raw.as_deref(), &mut errors);
    valid(errors)?;
    read_whole(&state, move |conn| db::list_categories(conn, kind)).await
}
