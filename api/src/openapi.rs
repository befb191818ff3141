//! The OpenAPI 3.1 document, generated from the contract types.
//!
//! The functions below only carry `#[utoipa::path]` descriptions of the endpoints; the
//! reference server implements them, and `tests/openapi.rs` keeps `api/openapi.json`
//! equal to what [`document`] produces (run with `UPDATE_OPENAPI=1` to rewrite it).
#![allow(dead_code)]

use crate::*;
use utoipa::OpenApi;

const PROBLEM: &str = "application/problem+json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "掌上人大 API",
        version = "1.0.0",
        description = "The contract between the 掌上人大 web app and any backend that serves it. \
Conventions: JSON in UTF-8, snake_case fields, opaque string ids, RFC 3339 UTC times, cursor pages \
`{items, next_cursor}`, RFC 9457 problem details for every error. Clients ignore unknown fields and \
show a neutral fallback for unknown enum values; unknown rich-text block types are skipped. \
See api/README.md.",
        license(name = "MIT")
    ),
    paths(meta, list_articles, get_article, list_categories, list_events, get_event),
    components(schemas(
        Problem, FieldError, Block, ImageRef, ArticleKind, Category, CategoryRef,
        ArticleSummary, Article, EventStatus, EventSummary, Event, Meta,
        Page<ArticleSummary>, Page<EventSummary>, Page<Category>
    )),
    tags(
        (name = "reading", description = "News (人大动态), policy explainers (政策解读), cases (优秀案例) and events (相关活动). Public, no sign-in."),
        (name = "service", description = "Service metadata.")
    )
)]
pub struct ApiDoc;

/// String enums carry an `Unknown` fallback for client tolerance; it is not a wire value,
/// so their schemas list only the values of `ALL`.
macro_rules! string_enum_schema {
    ($ty:ty, $desc:expr) => {
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(<$ty>::ALL.iter().map(|v| v.as_str())))
                    .description(Some(concat!($desc, " Clients show a neutral fallback for values they do not know.")))
                    .into()
            }
        }
        impl utoipa::ToSchema for $ty {}
    };
}

string_enum_schema!(ArticleKind, "Article kind: news (人大动态), policy (政策解读), case (优秀案例).");
string_enum_schema!(EventStatus, "Event status relative to the time of the request, computed by the server.");

/// The OpenAPI document as pretty JSON with a trailing newline.
pub fn document() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

#[utoipa::path(get, path = "/api/v1/meta", tag = "service",
    responses((status = 200, description = "Who this backend is", body = Meta)))]
fn meta() {}

#[utoipa::path(get, path = "/api/v1/articles", tag = "reading", params(ArticleQuery),
    description = "Articles, newest first. Filters combine. With `q`, results are the articles whose \
title, summary or body contain the query (for Chinese: the exact character sequence; several \
space-separated terms must all occur), newest first.",
    responses(
        (status = 200, description = "A page of articles", body = Page<ArticleSummary>),
        (status = 400, description = "A bad query value (unknown kind, bad limit, bad cursor, query too long); `errors` names the field", body = Problem, content_type = PROBLEM),
    ))]
fn list_articles() {}

#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "reading",
    params(("id" = String, Path, description = "Article id")),
    description = "One article with its body. Counts as a view.",
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 404, description = "No such article", body = Problem, content_type = PROBLEM),
    ))]
fn get_article() {}

#[utoipa::path(get, path = "/api/v1/categories", tag = "reading", params(CategoryQuery),
    description = "Article categories in display order (one page, `next_cursor` null).",
    responses(
        (status = 200, description = "The categories", body = Page<Category>),
        (status = 400, description = "Unknown kind", body = Problem, content_type = PROBLEM),
    ))]
fn list_categories() {}

#[utoipa::path(get, path = "/api/v1/events", tag = "reading", params(EventQuery),
    responses(
        (status = 200, description = "A page of events", body = Page<EventSummary>),
        (status = 400, description = "A bad query value", body = Problem, content_type = PROBLEM),
    ))]
fn list_events() {}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "reading",
    params(("id" = String, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event", body = Event),
        (status = 404, description = "No such event", body = Problem, content_type = PROBLEM),
    ))]
fn get_event() {}
