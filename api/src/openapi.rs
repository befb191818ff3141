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
    paths(
        meta, list_articles, get_article, list_categories, list_events, get_event,
        request_code, sign_in, sign_out, me,
        list_stations, get_station, list_deputies, get_deputy, get_deputy_by_code, list_departments,
        responsiveness,
        list_message_categories, upload, create_message, my_messages, my_messages_summary, get_message, board, inbox,
        triage_queue, triage, reply, follow_up, note, set_status, add_plan_step, plan_step_done, hand_over,
        rate, reopen, work_summary, list_reply_templates, create_reply_template, update_reply_template,
        delete_reply_template,
        list_notifications, unread_count, mark_read, read_all, get_preferences, put_preferences,
        stream_ticket, stream,
        list_comments, list_replies, create_comment, edit_comment, delete_comment, get_likes, like, unlike,
        create_report, moderation_queue, moderation_decide, suspend, moderation_log,
        list_topics, my_topics, get_topic, create_topic, close_topic,
        list_polls, get_poll, create_poll, vote, close_poll, set_my_village, set_user_village,
        points_me, points_history, points_leaderboard, points_read, list_commendations, create_commendation,
        list_courses, get_course, get_lesson, study_beat, get_practice, answer_practice,
        list_assignments, create_assignment, training_report, training_report_csv, send_training_reminders,
        duty_record, event_attendance, record_attendance, remove_attendance, event_check_in,
        list_tests, get_test, start_attempt, get_attempt, save_answer, submit_attempt, get_result,
        my_certificates, check_certificate, certificate_pdf,
        get_self_check, take_self_check, get_vapid_key, list_push_subscriptions, create_push_subscription,
        delete_push_subscription,
        list_practice_cases, start_practice_run, get_practice_run, get_practice_message, practice_status,
        practice_reply, practice_add_plan_step, practice_plan_step_done, start_attempt_task,
        wechat_js_config, list_wechat_subscriptions, record_wechat_subscriptions,
        list_posters, create_poster, get_poster, poster_open
    ),
    components(schemas(
        Problem, FieldError, Block, ImageRef, ArticleKind, Category, CategoryRef,
        ArticleSummary, Article, EventStatus, EventSummary, Event, OnlineJoin, Meta, StationContact,
        Page<ArticleSummary>, Page<EventSummary>, Page<Category>,
        Role, CodeRequest, CodeSent, SignIn, User, Session,
        Station, StationRef, Responsiveness, DeputySummary, Deputy, Department, HandlerKind,
        ResponsivenessRow, ResponsivenessTable, Page<Station>, Page<DeputySummary>, Page<Department>,
        MessageStatus, Track, TimelineKind, MessageCategory, HandlerRef, Actor, Location,
        TimelineEntry, Reply, PlanStep, Rating, Permissions, MessageSummary, Message, Recipient,
        NewMessage, Upload, Triage, NewReply, StatusChange, NewPlanStep, StepDone, HandOver,
        NewRating, Reopen, TimeLimits, Page<MessageCategory>, Page<MessageSummary>, MyMessagesSummary, StatusCount,
        WorkSummary, ReplyTemplate, Page<ReplyTemplate>,
        NotificationKind, NotificationChannel, Notification, UnreadCount, ReadAll, StreamTicket,
        KindPreference, NotificationPreferences, Page<Notification>,
        TargetKind, CommentState, CommentSort, ReportReason, HoldReason, ModerationAction, ModerationMode,
        CommentPermissions, Comment, NewComment, CommentEdit, Reactions, NewReport, ReportReceived, ReasonCount,
        ModerationItem, ModerationDecision, NewSuspension, Suspension, ModerationLogEntry, ModerationPolicy,
        Page<Comment>, Page<ModerationItem>, Page<ModerationLogEntry>,
        TopicStatus, TopicPermissions, TopicSummary, Topic, NewTopic, CloseTopic, Page<TopicSummary>,
        PollStatus, ScopeKind, ResultsShown, QuestionKind, VoteBlock, PollScope, PollSummary, PollOption,
        PollQuestion, Answer, OptionResult, QuestionResult, PollResults, Poll, NewScope, NewQuestion, NewPoll,
        NewVote, Village, Page<PollSummary>,
        PointsAction, LeaderboardPeriod, PointsLevel, ActionProgress, PointsSummary, PointsEntry, LeaderboardRow,
        Leaderboard, NewRead, PointsAwarded, Commended, Commendation, NewCommendation, Page<PointsEntry>,
        Page<Commendation>,
        CourseLevel, CourseTrack, MediaKind, LessonMedia, CourseProgress, CourseSummary, LessonSummary, Course,
        Lesson, StudyBeat, StudyProgress, Page<CourseSummary>,
        QuizKind, QuizOption, QuizQuestion, QuizAnswer, QuizFeedback, PracticeItem, PracticeSet,
        AudienceKind, NewAssignment, Assignment, Page<Assignment>, TrainingRow, StationTraining, TrainingReport,
        NewReminder, RemindersSent,
        RecordPart, AttendanceKind, CompletedCourse, AttendedEvent, PassedTest, DutyRecord, AttendanceRow, Attendance, CheckIn,
        TestState, AttemptStatus, CertificateKind, DrawRule, TestRulesView, TestStanding, TestSummary,
        AttemptSummary, CapabilityTest, SavedAnswer, Attempt, AttemptAnswer, ResultItem, AttemptResult,
        Certificate, CertificateCheck, Page<TestSummary>, Page<Certificate>,
        SelfCheckOption, SelfCheckQuestion, SelfCheckResult, SelfCheck, SelfCheckAnswer, NewSelfCheck,
        PracticeStep, PracticeCase, PracticeCheck, PracticeRun, AttemptTask, TaskResult, Page<PracticeCase>,
        VapidKey, PushKeys, NewPushSubscription, PushSubscription, Page<PushSubscription>,
        WechatJsConfig, WechatConsent, WechatSubscription, WechatDecision, WechatDecisions, Page<WechatSubscription>,
        PosterTarget, PosterWeek, Poster, NewPoster, Page<Poster>
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in by phone and one-time SMS code; the session's bearer token goes in `Authorization: Bearer <token>`."),
        (name = "people", description = "Liaison stations (联络站), deputies (人大代表) with their QR short codes, departments, and the public responsiveness figures. Public, no sign-in."),
        (name = "messages", description = "Messages (留言/诉求) to a deputy or department and their handling: triage, deadlines, timeline, replies, plan steps, ratings. Who may see and do what is described per endpoint; `can` on a message says what the viewer may do now."),
        (name = "notifications", description = "Notifications (消息提醒) of the signed-in user: replies, status changes, plan steps done, suggestions adopted, assignments, deadlines. A list with an unread count, marking read, preferences per kind and channel, and a live stream (Server-Sent Events) opened with a short-lived single-use ticket. See api/README.md, \"Notifications and the live stream\"."),
        (name = "participation", description = "Public participation: topics (议事) closed with a conclusion, comments (评论) with one level of replies, likes (点赞), reports (举报) and the staff's moderation (审核: 先审后发 or 先发后审, a word list, reports, suspensions, an audit log). Reading is public; taking part needs sign-in. See api/README.md, \"Participation\"."),
        (name = "polls", description = "Online polls (在线投票): staff ask everyone, one liaison station's villages or one village; signed-in people in the scope vote once; results show after voting or after closing, as the poll says. The account's village (`PUT /me/village`) decides the scope. See api/README.md, \"Polls\"."),
        (name = "points", description = "Points (积分) for taking part — an append-only ledger with daily caps per action, set by the server — levels, monthly and yearly leaderboards, and the 表彰榜 of commendations by staff. See api/README.md, \"Points and commendation\"."),
        (name = "training", description = "履职学堂 (training for deputies): courses by level (入门 basic / 进阶 advanced) and track, lessons as typed blocks with an optional video or audio and its transcript, and study time counted by the server from heartbeats sent while a lesson is on screen; progress resumes on any device. Deputies and staff only. See api/README.md, \"Training\"."),
        (name = "assessments", description = "测评 (capability tests) of 履职学堂 and certificates: a test draws its questions from the bank per category, shuffled per attempt; the server keeps the time (deadline = start + time limit, cut short by the close), saves answers one by one until the deadline and a 15 s grace, submits an overdue attempt with what was saved; one open attempt at a time, a number of attempts and a wait between them. Questions never carry their answers before submission. Certificates of passed tests and completed courses are checked by code without sign-in. See api/README.md, \"Capability tests and certificates\"."),
        (name = "practice", description = "模拟实操 (the practice workspace) of 履职学堂: simulated messages a deputy handles with the real handling steps — accept, reply, plan, tick off the plan, resolve — through endpoints that mirror `/messages/{id}` and answer the same `Message`, on a run of their own that never reaches a citizen, a notification or a figure. Each step is checked against the case's rules and explained; a run made for a practical task of a test (平台实操) keeps its verdicts until the attempt is submitted, and its share of steps done right is the task's mark. Deputies and staff. See api/README.md, \"Practice workspace\"."),
        (name = "wechat", description = "WeChat's JS-SDK inside WeChat's browser: the signature of `wx.config`, for share cards. Optional: a backend without a WeChat official account answers 404. See api/README.md, \"WeChat\"."),
        (name = "posters", description = "Printable posters with a QR code for a named place (a station's notice board, a school board, a hospital desk) that open a deputy's page, a liaison station's or the app's way in, and how many people each brought — opens and messages sent, per poster and week. Aggregate counters only: nothing ties a person or a message to a poster. See api/README.md, \"Posters\"."),
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
string_enum_schema!(Role, "Role of a user: citizen (群众), deputy (人大代表), staff (联络站工作人员).");
string_enum_schema!(HandlerKind, "Who a message is addressed to or handled by: a deputy or a department; station (a liaison station) only as the recipient of a message whose writer is not sure whom to address, never as a handler.");
string_enum_schema!(MessageStatus, "Handling status: submitted → assigned (triaged) → accepted → in_progress → replied → resolved → closed; reopened by the author within 7 days of closing.");
string_enum_schema!(Track, "Handling track set at triage: fast (民生小事) or major (重大议题).");
string_enum_schema!(TimelineKind, "Kind of a timeline entry.");
string_enum_schema!(NotificationKind, "What a notification is about: reply, status_changed, plan_step_done, suggestion_adopted (a major issue resolved: 建议采纳), assigned, deadline_approaching (due within 24 hours), deadline_passed, follow_up, reopened, rated, comment_reply (a reply to the user's comment or in its thread), comment_hidden (staff hid the user's comment), topic_reply (a comment on the user's topic), topic_closed (the user's topic was closed with a conclusion), comment_adopted (a conclusion adopted the user's comment), poll_results (a poll the user voted in closed: its results are out), commended (staff commended the user: 表彰), course_assigned (staff assigned a course to the deputy), course_due_soon (an assigned course not completed is due within 3 days), course_overdue (it is past its due date), training_reminder (staff reminded the deputy of training they are behind with).");
string_enum_schema!(WechatConsent, "What the user answered WeChat's subscribe dialog for a template: accept (one message may be sent), reject, ban (the account's messages turned off), filter (filtered by WeChat).");
string_enum_schema!(NotificationChannel, "A way of telling the user: in_app, sms, wechat (subscription message), web_push (to the devices the user subscribed, shown with the app closed).");
string_enum_schema!(TargetKind, "What is commented on, liked or reported: article, message (a public message of the board), topic, poll, course (the Q&A of a course of 履职学堂: deputies and staff only; 404 for others), comment.");
string_enum_schema!(CommentState, "Where a comment stands: published; pending (审核中, waiting for staff; seen by its author and staff only); hidden (by staff or reports; its author sees why); deleted (by its author; a placeholder when it has replies).");
string_enum_schema!(CommentSort, "Order of comments: newest, or top (most liked).");
string_enum_schema!(ReportReason, "Why an item is reported: spam, abuse, off_topic, personal_data, other.");
string_enum_schema!(HoldReason, "Why an item is in the moderation queue: pre_moderation (先审后发), word_list, reports.");
string_enum_schema!(ModerationAction, "A staff decision: approve, hide, restore, ignore_reports.");
string_enum_schema!(ModerationMode, "pre (先审后发: shown after approval) or post (先发后审: shown at once, reviewed on reports).");
string_enum_schema!(TopicStatus, "Where a topic stands: pending (审核中: its author and staff only), open (讨论中), closed (已结束, with a conclusion), rejected (not approved or taken down; its author sees why).");
string_enum_schema!(PollStatus, "Where a poll stands at the time of the request, computed by the server: upcoming, open, closed (its time passed or staff closed it early).");
string_enum_schema!(PosterTarget, "Where a poster's QR code leads: home (the app's way in: the deputies, the reader's village first), deputy (a deputy's page with 给代表留言), station (a liaison station's page).");
string_enum_schema!(ScopeKind, "Who a poll asks: all (the township), station (the villages of one liaison station), village (one village).");
string_enum_schema!(ResultsShown, "When citizens see a poll's results: after_vote (a voter once they voted; everyone once closed) or after_close. Staff always see them.");
string_enum_schema!(QuestionKind, "single (exactly one option) or multiple (1 to max_choices options).");
string_enum_schema!(VoteBlock, "Why the viewer cannot vote now: sign_in, already_voted, not_open, closed, choose_village (a station or village poll and the account has no village: PUT /me/village), out_of_scope.");
string_enum_schema!(PointsAction, "What earns points: daily_visit, article_read (30 s of visible time), comment, comment_adopted, poll_vote, message_sent, message_rated, daily_practice (finishing the day's 每日一练).");
string_enum_schema!(LeaderboardPeriod, "month or year (calendar, township time).");
string_enum_schema!(CourseLevel, "A course's level (阶梯式分层培训): basic (入门: the phone, signing in, this platform) or advanced (进阶: data analysis, information handling).");
string_enum_schema!(CourseTrack, "What a course is about: digital (数字技能), induction (新任培训), thematic (专题).");
string_enum_schema!(MediaKind, "A lesson's media: video (微课) or audio.");
string_enum_schema!(RecordPart, "A part of a deputy's 履职档案 a deployment may make public: courses (completed), study (time), practice (每日一练), responsiveness, events (attended). Test scores are never public.");
string_enum_schema!(AttendanceKind, "How attendance of an event was recorded: staff (by liaison-station staff), check_in (the deputy scanned the event's QR code during its window).");
string_enum_schema!(AudienceKind, "Whom a course is assigned to: all (every deputy), station (the deputies of one liaison station), deputies (named ones) — the deputies of the moment it is assigned.");
string_enum_schema!(PracticeStep, "A handling step a practice case asks for: accept (mark it accepted), reply (answer the citizen, long enough and about what they asked), plan (a major issue's plan: enough steps, each due by the deadline), finish_plan (every plan step ticked off), resolve (mark it resolved after the reply and the plan).");
string_enum_schema!(TestState, "Where a test stands for the viewer: available (an attempt may start), in_progress (an attempt is open: resume it), waiting (the wait after the previous attempt is not over), no_attempts_left, not_open_yet, closed.");
string_enum_schema!(AttemptStatus, "Where an attempt stands: in_progress (taking answers until its deadline and a 15 s grace) or submitted (by the deputy, or by the server at the deadline).");
string_enum_schema!(CertificateKind, "What a certificate is for: course (every lesson completed) or test (a capability test passed).");
string_enum_schema!(QuizKind, "How a question of the bank is answered: single (one option), multiple (one or more; partial marks), true_false (正确/错误).");
string_enum_schema!(EventStatus, "Event status relative to the time of the request, computed by the server.");

/// `bearer`: the session token from `POST /auth/sessions`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The `token` of a session from `POST /api/v1/auth/sessions`. A missing, unknown, expired or signed-out token gets 401."))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document as pretty JSON with a trailing newline.
pub fn document() -> String {
    let mut doc = ApiDoc::openapi();
    // Fields typed `Timestamp` (an alias of `String`) come out as references to a schema
    // named `String`; give it its real name and format.
    if let Some(components) = doc.components.as_mut() {
        if components.schemas.remove("String").is_some() {
            components.schemas.insert(
                "Timestamp".into(),
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                        utoipa::openapi::schema::KnownFormat::DateTime,
                    )))
                    .description(Some("An RFC 3339 time in UTC, e.g. `2026-11-29T08:30:00Z`."))
                    .into(),
            );
        }
    }
    let json = doc.to_pretty_json().unwrap_or_default().replace("\"#/components/schemas/String\"", "\"#/components/schemas/Timestamp\"");
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    bounds::apply(&mut value);
    let mut json = serde_json::to_string_pretty(&value).unwrap_or_default();
    json.push('\n');
    json
}

#[path = "openapi_bounds.rs"]
pub mod bounds;

#[utoipa::path(get, path = "/api/v1/meta", tag = "service",
    responses((status = 200, description = "Who this backend is", body = Meta)))]
fn meta() {}

#[utoipa::path(get, path = "/api/v1/articles", tag = "reading", params(ArticleQuery),
    description = "Articles, newest first. Filters combine. With `q`, results are the articles whose \
title, summary or body contain the query (for Chinese: the exact character sequence; several \
space-separated terms must all occur), newest first, or the best matches first with \
`sort=relevance`; each result whose title and summary do not contain the query carries an \
`excerpt` of its body around the match.",
    responses(
        (status = 200, description = "A page of articles", body = Page<ArticleSummary>),
        (status = 400, description = "A bad query value (unknown kind, bad limit, bad cursor, query too long); `errors` names the field", body = Problem, content_type = PROBLEM),
    ))]
fn list_articles() {}

#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "reading",
    params(("id" = String, Path, description = "Article id")),
    description = "One article with its body. Counts as a view. With a valid bearer token (optional; \
an invalid one is ignored here) the server notes when this user fetched it, for the read of \
`POST /points/reads`.",
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

// ---------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------

#[utoipa::path(post, path = "/api/v1/auth/codes", tag = "auth", request_body = CodeRequest,
    description = "Sends a 6-digit one-time code by SMS, valid for 5 minutes; an earlier code that \
still works keeps working. At most one code per phone per 60 seconds and 5 per hour; backends also \
limit codes per client address and in all (429 with `Retry-After`). Demo servers also return the \
code (`demo_code`).",
    responses(
        (status = 202, description = "Code sent", body = CodeSent),
        (status = 400, description = "Not a mobile number (`errors[].field` = `phone`)", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many codes for this phone, from this address or in all; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn request_code() {}

#[utoipa::path(post, path = "/api/v1/auth/sessions", tag = "auth", request_body = SignIn,
    description = "Signs in with the phone and its code (single use). A phone that never signed \
in before becomes a citizen account; signing in voids the phone's other codes. Wrong codes do \
not void a code: tries are limited per phone and client address (429 with `Retry-After`).",
    responses(
        (status = 201, description = "Signed in", body = Session),
        (status = 400, description = "Wrong, used or expired code (`errors[].field` = `code`), or a bad phone", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn sign_in() {}

#[utoipa::path(delete, path = "/api/v1/auth/session", tag = "auth", security(("bearer" = [])),
    description = "Signs out: the token stops working.",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn sign_out() {}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    description = "The signed-in user. The first call of the township's day pays the daily visit \
(`daily_visit` points): the app calls it when it starts.",
    responses(
        (status = 200, description = "The signed-in user", body = User),
        (status = 401, description = "Not signed in, or the token expired", body = Problem, content_type = PROBLEM),
    ))]
fn me() {}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/stations", tag = "people",
    description = "All liaison stations, by name (one page).",
    responses((status = 200, description = "The stations", body = Page<Station>)))]
fn list_stations() {}

#[utoipa::path(get, path = "/api/v1/stations/{id}", tag = "people",
    params(("id" = String, Path, description = "Station id")),
    responses(
        (status = 200, description = "The station", body = Station),
        (status = 404, description = "No such station", body = Problem, content_type = PROBLEM),
    ))]
fn get_station() {}

#[utoipa::path(get, path = "/api/v1/deputies", tag = "people", params(DeputyQuery),
    description = "Deputies by name (pinyin order is not required; the reference server sorts by \
the Unicode order of the name), those of `first_station` first. Filters combine.",
    responses(
        (status = 200, description = "A page of deputies", body = Page<DeputySummary>),
        (status = 400, description = "A bad query value", body = Problem, content_type = PROBLEM),
    ))]
fn list_deputies() {}

#[utoipa::path(get, path = "/api/v1/deputies/{id}", tag = "people",
    params(("id" = String, Path, description = "Deputy id")),
    responses(
        (status = 200, description = "The deputy's profile with responsiveness figures", body = Deputy),
        (status = 404, description = "No such deputy", body = Problem, content_type = PROBLEM),
    ))]
fn get_deputy() {}

#[utoipa::path(get, path = "/api/v1/deputies/by-code/{code}", tag = "people",
    params(("code" = String, Path, description = "The short code of a deputy's QR link `/d/<code>` (case-insensitive)")),
    responses(
        (status = 200, description = "The deputy's profile", body = Deputy),
        (status = 404, description = "No deputy has this code", body = Problem, content_type = PROBLEM),
    ))]
fn get_deputy_by_code() {}

#[utoipa::path(get, path = "/api/v1/departments", tag = "people",
    description = "Departments that messages can be addressed or handed over to (one page).",
    responses((status = 200, description = "The departments", body = Page<Department>)))]
fn list_departments() {}

#[utoipa::path(get, path = "/api/v1/responsiveness", tag = "people",
    description = "The public responsiveness table of all deputies and departments.",
    responses((status = 200, description = "The table", body = ResponsivenessTable)))]
fn responsiveness() {}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/message-categories", tag = "messages",
    description = "Categories of messages in display order (one page).",
    responses((status = 200, description = "The categories", body = Page<MessageCategory>)))]
fn list_message_categories() {}

/// The raw bytes of an image (the whole request body).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
struct ImageBytes(Vec<u8>);

#[utoipa::path(post, path = "/api/v1/uploads", tag = "messages", security(("bearer" = [])),
    request_body(content((ImageBytes = "image/jpeg"), (ImageBytes = "image/png"), (ImageBytes = "image/webp")),
        description = "The image bytes; `Content-Type` image/jpeg, image/png or image/webp (the content must match). At most 5 MiB."),
    description = "Uploads a photo for a message. The photo is served at the returned `url` \
(an unguessable address) and can be attached by its uploader within 24 hours; one never attached \
is deleted after that. The backend strips the image's metadata (EXIF GPS position, time and \
camera, XMP, IPTC, comments, text chunks, data after the image; the EXIF orientation alone may \
stay): what is stored and served, and the answer's `size`, is the stripped image. A truncated or \
malformed image is a 415. Each user has a storage quota (200 MiB on the reference server): an \
upload past it is a 413 of type `quota-exceeded`.",
    responses(
        (status = 201, description = "Stored", body = Upload),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 413, description = "Larger than 5 MiB (type `too-large`), or past the user's storage quota (type `quota-exceeded`)", body = Problem, content_type = PROBLEM),
        (status = 415, description = "Not a JPEG, PNG or WebP image, or one that cannot be read", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many uploads; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn upload() {}

#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", security(("bearer" = [])),
    request_body = NewMessage,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per draft (a UUID). A repeat with the same key and body answers the first result again (same message, 201); the same key with another body is 409.")),
    description = "Sends a message to a deputy, a department, or — when the writer is not sure whom \
to address — a liaison station (`recipient.kind` = `station`, e.g. the one `GET /meta` names), \
whose staff triage it to a handler. It starts as `submitted`, waiting for triage, with the triage \
deadline. Rate limited per user (429 with `Retry-After`).",
    responses(
        (status = 201, description = "Created (or the first result of this key)", body = Message),
        (status = 400, description = "Invalid fields (`errors` per field: recipient, category_id, title, body, photo_ids, location) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Idempotency-Key reused with a different request", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many messages; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn create_message() {}

#[utoipa::path(get, path = "/api/v1/messages/mine", tag = "messages", security(("bearer" = [])),
    params(MessageQuery),
    description = "The signed-in user's own messages, most recently updated first.",
    responses(
        (status = 200, description = "A page of messages", body = Page<MessageSummary>),
        (status = 400, description = "A bad query value", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn my_messages() {}

#[utoipa::path(get, path = "/api/v1/messages/mine/summary", tag = "messages", security(("bearer" = [])),
    description = "How many messages the signed-in user has written, and how many are still being \
handled (not resolved or closed).",
    responses(
        (status = 200, description = "The counts", body = MyMessagesSummary),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn my_messages_summary() {}

#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages", security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Message id")),
    description = "A message with its handling. Visible to its author, its handler, staff, and — \
when public — everyone (author masked, location left out). Otherwise 404, as if it did not exist.",
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 404, description = "No such message, or not visible to this viewer", body = Problem, content_type = PROBLEM),
    ))]
fn get_message() {}

#[utoipa::path(get, path = "/api/v1/board", tag = "messages", params(MessageQuery),
    description = "The public board (公开留言): public messages that have been triaged, most recently \
updated first; authors masked.",
    responses(
        (status = 200, description = "A page of messages", body = Page<MessageSummary>),
        (status = 400, description = "A bad query value", body = Problem, content_type = PROBLEM),
    ))]
fn board() {}

#[utoipa::path(get, path = "/api/v1/inbox", tag = "messages", security(("bearer" = [])),
    params(MessageQuery),
    description = "A handler's inbox: for a deputy, the messages assigned to them; for staff, the \
messages handled by departments (a reopened message waits in the triage queue instead). Overdue \
first, then what needs the handler (not finished, or a follow-up question after the last reply) \
by deadline (soonest first); the rest (answered on the fast track, resolved, closed) last, most \
recently updated first. `status=todo`: only what needs the handler (需要您处理, see api/README.md).",
    responses(
        (status = 200, description = "A page of messages", body = Page<MessageSummary>),
        (status = 400, description = "A bad query value", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn inbox() {}

#[utoipa::path(get, path = "/api/v1/triage", tag = "messages", security(("bearer" = [])),
    params(MessageQuery),
    description = "Staff's triage queue: submitted and reopened messages, overdue first, then \
oldest first.",
    responses(
        (status = 200, description = "A page of messages", body = Page<MessageSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn triage_queue() {}

#[utoipa::path(get, path = "/api/v1/work/summary", tag = "messages", security(("bearer" = [])),
    description = "The counts of the caller's workspace (工作台): what needs them now (`todo`, the \
messages of `GET /inbox?status=todo`), how many of those are overdue, the inbox per status, and for \
staff the triage queue. Computed at the time of the request.",
    responses(
        (status = 200, description = "The counts", body = WorkSummary),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn work_summary() {}

#[utoipa::path(get, path = "/api/v1/reply-templates", tag = "messages", security(("bearer" = [])),
    description = "The caller's saved replies (常用答复), most recently saved first, in one page \
(`next_cursor: null`; at most 20). Deputies and staff only.",
    responses(
        (status = 200, description = "The saved replies", body = Page<ReplyTemplate>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn list_reply_templates() {}

#[utoipa::path(post, path = "/api/v1/reply-templates", tag = "messages", security(("bearer" = [])),
    request_body = NewReply,
    description = "Saves a reply text (`body`, 1–1000 characters) as a template. Saving a text the \
caller already has answers that template (200) instead of a second copy.",
    responses(
        (status = 201, description = "Saved", body = ReplyTemplate),
        (status = 200, description = "The caller already had this text", body = ReplyTemplate),
        (status = 400, description = "Invalid `body`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The caller has 20 templates already", body = Problem, content_type = PROBLEM),
    ))]
fn create_reply_template() {}

#[utoipa::path(put, path = "/api/v1/reply-templates/{id}", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Template id")),
    request_body = NewReply,
    description = "Changes the text of one of the caller's templates.",
    responses(
        (status = 200, description = "Changed", body = ReplyTemplate),
        (status = 400, description = "Invalid `body`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such template of the caller", body = Problem, content_type = PROBLEM),
    ))]
fn update_reply_template() {}

#[utoipa::path(delete, path = "/api/v1/reply-templates/{id}", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Template id")),
    description = "Deletes one of the caller's templates.",
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such template of the caller", body = Problem, content_type = PROBLEM),
    ))]
fn delete_reply_template() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/triage", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id")), request_body = Triage,
    description = "Staff: sets the track (and so the deadline), the category and the handler of a \
submitted or reopened message; its status becomes `assigned`.",
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 400, description = "Invalid fields", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, or not waiting for triage", body = Problem, content_type = PROBLEM),
    ))]
fn triage() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/replies", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id"),
        ("Idempotency-Key" = String, Header, description = "Required; as for creating a message.")),
    request_body = NewReply,
    description = "The handler (or staff) answers. The status becomes `replied` unless it is already \
resolved.",
    responses(
        (status = 201, description = "The message with the reply", body = Message),
        (status = 400, description = "Invalid body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the handler", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Closed, or the key was reused", body = Problem, content_type = PROBLEM),
    ))]
fn reply() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/follow-ups", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id"),
        ("Idempotency-Key" = String, Header, description = "Required; as for creating a message.")),
    request_body = NewReply,
    description = "The author adds to their message (追问/补充) while it is not closed.",
    responses(
        (status = 201, description = "The message with the follow-up", body = Message),
        (status = 400, description = "Invalid body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the author", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Closed, or the key was reused", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn follow_up() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/notes", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id"),
        ("Idempotency-Key" = String, Header, description = "Required; as for creating a message.")),
    request_body = NewReply,
    description = "The handler (or staff) writes an internal note (`can.note`), at any status. It is an \
`internal_note` timeline entry with `internal: true` that only handlers and staff see: never in the \
author's or the public view. Nobody is alerted, and the message keeps its `version` and `updated_at`.",
    responses(
        (status = 201, description = "The message with the note (as handlers see it)", body = Message),
        (status = 400, description = "Invalid body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the handler or staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The key was reused", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn note() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/status", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id")), request_body = StatusChange,
    description = "The handler (or staff) moves the message on: `accepted`, `in_progress`, \
`resolved`; staff may also `closed`. Allowed values now are in `can.set_status`.",
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 400, description = "Invalid fields", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the handler", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, or a transition not allowed now", body = Problem, content_type = PROBLEM),
    ))]
fn set_status() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/plan", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id")), request_body = NewPlanStep,
    description = "The handler (or staff) of a major issue adds a step to its public plan.",
    responses(
        (status = 201, description = "The message", body = Message),
        (status = 400, description = "Invalid fields", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the handler", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, not a major issue, or closed", body = Problem, content_type = PROBLEM),
    ))]
fn add_plan_step() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/plan/{step_id}/done", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id"), ("step_id" = String, Path, description = "Plan step id")),
    request_body = StepDone,
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the handler", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message or step", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, or already done", body = Problem, content_type = PROBLEM),
    ))]
fn plan_step_done() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/hand-over", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id")), request_body = HandOver,
    description = "The handling deputy (or staff) hands the message over to a department, which \
becomes its handler; the status becomes `assigned`.",
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 400, description = "Invalid fields", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the handling deputy or staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, or finished", body = Problem, content_type = PROBLEM),
    ))]
fn hand_over() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/rating", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id")), request_body = NewRating,
    description = "The author rates a resolved message (once); this closes it.",
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 400, description = "Invalid fields (stars 1–5, comment up to 200 characters)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the author", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not resolved, or already rated", body = Problem, content_type = PROBLEM),
    ))]
fn rate() {}

#[utoipa::path(post, path = "/api/v1/messages/{id}/reopen", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "Message id")), request_body = Reopen,
    description = "The author reopens a closed message within 7 days of closing; it goes back to \
triage (status `reopened`).",
    responses(
        (status = 200, description = "The message", body = Message),
        (status = 400, description = "Invalid reason", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the author", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message, or not visible", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not closed, or more than 7 days after closing", body = Problem, content_type = PROBLEM),
    ))]
fn reopen() {}

// ---------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])),
    params(NotificationQuery),
    description = "The signed-in user's notifications, newest first, in cursor pages. With `after` \
(the id of the last notification the client has), the ones after it, oldest first: the polling \
fallback when the live stream cannot be used (poll every 30–60 s, and on returning to the app).",
    responses(
        (status = 200, description = "A page of notifications", body = Page<Notification>),
        (status = 400, description = "A bad query value (`unread`, `after`, `cursor`, `limit`); `errors` names the field", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn list_notifications() {}

#[utoipa::path(get, path = "/api/v1/notifications/unread-count", tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "How many notifications are unread", body = UnreadCount),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn unread_count() {}

#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = String, Path, description = "Notification id")),
    description = "Marks one notification read (again: no change). Every open stream of the user \
gets the new `unread` count.",
    responses(
        (status = 200, description = "The unread count after the change", body = UnreadCount),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such notification of this user", body = Problem, content_type = PROBLEM),
    ))]
fn mark_read() {}

#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    request_body(content = Option<ReadAll>, description = "Optional (an empty body marks all read)."),
    description = "Marks all the user's notifications read, or those up to and including \
`up_to_id`. Every open stream of the user gets the new `unread` count.",
    responses(
        (status = 200, description = "The unread count after the change", body = UnreadCount),
        (status = 400, description = "A body that is not JSON of this shape, or an `up_to_id` that is no id of this user's notifications (`errors[].field` = `up_to_id`)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn read_all() {}

#[utoipa::path(get, path = "/api/v1/notification-preferences", tag = "notifications", security(("bearer" = [])),
    description = "Per kind of notification, whether the user wants it in the app, by SMS, by \
WeChat subscription message and by Web Push. Every kind is listed. Defaults: in the app and Web Push on \
(Web Push reaches only devices the user subscribed), SMS and WeChat off. SMS, WeChat and Web Push \
messages are sent by the backend (if it can); clients only store the choice.",
    responses(
        (status = 200, description = "The preferences", body = NotificationPreferences),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn get_preferences() {}

#[utoipa::path(put, path = "/api/v1/notification-preferences", tag = "notifications", security(("bearer" = [])),
    request_body = NotificationPreferences,
    description = "Sets the preferences of the kinds listed (the others keep theirs). With \
`in_app` off, notifications of that kind are not kept nor pushed.",
    responses(
        (status = 200, description = "The preferences after the change (every kind)", body = NotificationPreferences),
        (status = 400, description = "Not JSON of this shape, an unknown kind or a kind listed twice (`errors[].field` = `items[<i>].kind`)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn put_preferences() {}

#[utoipa::path(post, path = "/api/v1/notifications/stream-tickets", tag = "notifications", security(("bearer" = [])),
    description = "A ticket for opening the live stream (EventSource cannot send an \
`Authorization` header, and bearer tokens never go in URLs). Random, single use, valid 60 \
seconds, stored hashed; it is not a bearer token. Get a new one for every (re)connection.",
    responses(
        (status = 201, description = "The ticket", body = StreamTicket),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many tickets; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn stream_ticket() {}

/// A `text/event-stream` (Server-Sent Events).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String)]
struct EventStream(String);

#[utoipa::path(get, path = "/api/v1/notifications/stream", tag = "notifications", params(StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "Set by EventSource when it reconnects: the id of the last notification received. The notifications after it are sent first (replay), then live ones.")),
    description = "The live stream of the ticket's user, as Server-Sent Events. It starts with \
`retry: 3000`; after `Last-Event-ID` (or `last_event_id`) it replays every notification after that \
id, oldest first; then `event: unread` with the current count; then live events, without gaps or \
duplicates. Events: `event: notification` (`id:` = the notification's id, `data:` a \
`Notification`) and `event: unread` (`data:` an `UnreadCount`; sent after each notification and \
whenever the count changes, e.g. read elsewhere). A comment line (`: keep-alive`) comes at least \
every 15 seconds. The server may end a stream (restart, a client too slow to read); reconnect \
with a new ticket and the last id. Unknown event names are to be ignored.",
    responses(
        (status = 200, description = "The event stream", content((EventStream = "text/event-stream"))),
        (status = 400, description = "A `Last-Event-ID` / `last_event_id` that is no notification id", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No ticket, or an unknown, expired or already used ticket", body = Problem, content_type = PROBLEM),
        (status = 403, description = "An `Authorization` header of another user than the ticket's", body = Problem, content_type = PROBLEM),
    ))]
fn stream() {}

// ---------------------------------------------------------------------------
// Participation: comments, likes, reports, moderation
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/comments", tag = "participation", security((), ("bearer" = [])), params(CommentQuery),
    description = "The top-level comments of an article, a public message, a topic or a poll, newest \
first or most liked first (`sort=top`), each with its oldest replies (at most 3; the rest with \
`GET /comments/{id}/replies`). What the viewer sees: published comments; their own pending and \
hidden ones too (staff: all); a deleted or hidden comment of someone else only as a placeholder \
(empty `body`), and only when it has replies. Citizens' names are masked.",
    responses(
        (status = 200, description = "A page of comments", body = Page<Comment>),
        (status = 400, description = "A missing or bad `target_kind`/`target_id`, or a bad query value", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such target, or not one the public can see (a private message)", body = Problem, content_type = PROBLEM),
    ))]
fn list_comments() {}

#[utoipa::path(get, path = "/api/v1/comments/{id}/replies", tag = "participation", security((), ("bearer" = [])),
    params(("id" = String, Path, description = "A top-level comment"), ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–50, default 20")),
    description = "All replies of a thread the viewer can see, oldest first.",
    responses(
        (status = 200, description = "A page of replies", body = Page<Comment>),
        (status = 404, description = "No such comment the viewer can see, or it is a reply", body = Problem, content_type = PROBLEM),
    ))]
fn list_replies() {}

#[utoipa::path(post, path = "/api/v1/comments", tag = "participation", security(("bearer" = [])),
    request_body = NewComment,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per draft (a UUID). A repeat with the same key and body answers the first result again (201); the same key with another body is 409.")),
    description = "Posts a comment, or a reply (`reply_to`). A citizen's comment is published at once \
or waits for approval (`state` = `pending`, shown to its author as 审核中) as the deployment's \
moderation says (`GET /meta`, `moderation.comments`); one that contains a word of the word list \
always waits. Limits per user (429 with `Retry-After`): 30 comments a day, one every 10 seconds. \
The same text on the same target again within 5 minutes is a 409. The author of the comment \
answered (and of the thread) is notified (`comment_reply`).",
    responses(
        (status = 201, description = "Posted (or the first result of this key)", body = Comment),
        (status = 400, description = "Invalid fields (`errors`: target_kind, target_id, body, reply_to) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "The user is suspended from posting (the detail says until when and why)", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such target the public can see, or `reply_to` is no comment of it", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The same text was posted here within 5 minutes, the comment answered is deleted or hidden, or the Idempotency-Key was reused with a different request", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many comments today, or less than 10 seconds since the last; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn create_comment() {}

#[utoipa::path(put, path = "/api/v1/comments/{id}", tag = "participation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Comment id")), request_body = CommentEdit,
    description = "The author changes the text, within 10 minutes of posting (`can.edit`); the comment \
then shows `edited_at` (已编辑). A pre-moderated or word-list comment goes back to review.",
    responses(
        (status = 200, description = "The comment", body = Comment),
        (status = 400, description = "Invalid `body`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the author", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such comment the viewer can see", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The 10 minutes have passed, or the comment is hidden or deleted", body = Problem, content_type = PROBLEM),
    ))]
fn edit_comment() {}

#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "participation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Comment id")),
    description = "The author deletes their comment, at any time. A comment with replies stays as a \
placeholder (该评论已删除) so that the thread reads on. Deleting again is a 204 too.",
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the author", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such comment the viewer can see", body = Problem, content_type = PROBLEM),
    ))]
fn delete_comment() {}

#[utoipa::path(get, path = "/api/v1/likes/{target_kind}/{target_id}", tag = "participation", security((), ("bearer" = [])),
    params(("target_kind" = String, Path, description = "`article`, `message`, `topic`, `poll` or `comment`"), ("target_id" = String, Path, description = "Its id")),
    description = "How many like it, whether the viewer does, and how many comments it has.",
    responses(
        (status = 200, description = "The counts", body = Reactions),
        (status = 404, description = "No such target the viewer can see", body = Problem, content_type = PROBLEM),
    ))]
fn get_likes() {}

#[utoipa::path(put, path = "/api/v1/likes/{target_kind}/{target_id}", tag = "participation", security(("bearer" = [])),
    params(("target_kind" = String, Path, description = "`article`, `message`, `topic`, `poll` or `comment`"), ("target_id" = String, Path, description = "Its id")),
    description = "Likes it (点赞); one like per user, so liking again changes nothing (200 either \
way). At most 200 likes a day per user (429).",
    responses(
        (status = 200, description = "The counts after the like", body = Reactions),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "The user is suspended from posting", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such target the viewer can see (or not a published comment)", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many likes today; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn like() {}

#[utoipa::path(delete, path = "/api/v1/likes/{target_kind}/{target_id}", tag = "participation", security(("bearer" = [])),
    params(("target_kind" = String, Path, description = "`article`, `message`, `topic`, `poll` or `comment`"), ("target_id" = String, Path, description = "Its id")),
    description = "Takes the viewer's like back (tap again to undo); without one, changes nothing.",
    responses(
        (status = 200, description = "The counts after", body = Reactions),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such target the viewer can see", body = Problem, content_type = PROBLEM),
    ))]
fn unlike() {}

#[utoipa::path(post, path = "/api/v1/reports", tag = "participation", security(("bearer" = [])),
    request_body = NewReport,
    description = "Reports a comment (举报). Reports from 3 different users hide a citizen's comment \
until staff review it; a comment of a deputy or staff member goes to review without being hidden. \
A user's second report of the same item answers the first (200).",
    responses(
        (status = 201, description = "Received", body = ReportReceived),
        (status = 200, description = "Already reported by this user", body = ReportReceived),
        (status = 400, description = "Invalid fields (`errors`: target_kind, target_id, reason, detail)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Reporting one's own comment, or suspended from posting", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such item the viewer can see", body = Problem, content_type = PROBLEM),
    ))]
fn create_report() {}

#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "participation", security(("bearer" = [])), params(ModerationQuery),
    description = "Staff's moderation queue (审核): items waiting for approval, hidden ones, and shown \
ones with open reports — the oldest first.",
    responses(
        (status = 200, description = "A page of items", body = Page<ModerationItem>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn moderation_queue() {}

#[utoipa::path(post, path = "/api/v1/moderation/decisions", tag = "participation", security(("bearer" = [])),
    request_body = ModerationDecision,
    description = "A staff decision: approve (publish; open reports set aside), hide (with a reason \
the author is told: `comment_hidden`), restore (show a hidden item again; its reports set aside), \
or ignore the reports. Recorded in the audit log. An action that does not fit the item's state \
(restore a shown item, approve a hidden one) is a 409.",
    responses(
        (status = 200, description = "The item after the decision", body = ModerationItem),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such item", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The action does not fit the item's state (deleted by its author, already shown, …)", body = Problem, content_type = PROBLEM),
    ))]
fn moderation_decide() {}

#[utoipa::path(post, path = "/api/v1/moderation/suspensions", tag = "participation", security(("bearer" = [])),
    request_body = NewSuspension,
    description = "Suspends a user from posting (comments, likes, reports) for `days` days from now, \
replacing a running suspension. Recorded in the audit log. Staff cannot be suspended.",
    responses(
        (status = 201, description = "Suspended", body = Suspension),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff, or the user is staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such user", body = Problem, content_type = PROBLEM),
    ))]
fn suspend() {}

#[utoipa::path(get, path = "/api/v1/moderation/log", tag = "participation", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–50, default 20")),
    description = "The moderation audit log, newest first: every decision, suspension and automatic hold.",
    responses(
        (status = 200, description = "A page of entries", body = Page<ModerationLogEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn moderation_log() {}

// ---------------------------------------------------------------------------
// Participation: topics (议事)
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/topics", tag = "participation", security((), ("bearer" = [])), params(TopicQuery),
    description = "Topics (议事): open ones first (newest first), then closed ones (most recently \
closed first). Pending and rejected topics are not listed here (their authors find them in \
`GET /topics/mine`). With `station`, the topics of that station and the township-wide ones.",
    responses(
        (status = 200, description = "A page of topics", body = Page<TopicSummary>),
        (status = 400, description = "A bad query value", body = Problem, content_type = PROBLEM),
    ))]
fn list_topics() {}

#[utoipa::path(get, path = "/api/v1/topics/mine", tag = "participation", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–50, default 20")),
    description = "The topics the signed-in user opened or proposed, in every status, newest first.",
    responses(
        (status = 200, description = "A page of topics", body = Page<TopicSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn my_topics() {}

#[utoipa::path(get, path = "/api/v1/topics/{id}", tag = "participation", security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Topic id")),
    description = "A topic. A pending or rejected one only for its author and staff (404 for others).",
    responses(
        (status = 200, description = "The topic", body = Topic),
        (status = 404, description = "No such topic the viewer can see", body = Problem, content_type = PROBLEM),
    ))]
fn get_topic() {}

#[utoipa::path(post, path = "/api/v1/topics", tag = "participation", security(("bearer" = [])),
    request_body = NewTopic,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per draft (a UUID). A repeat with the same key and body answers the first result again (201); the same key with another body is 409.")),
    description = "Opens a topic (staff and deputies: `open` at once) or proposes one (citizens: \
`pending` under pre-moderation — `GET /meta`, `moderation.topics` — else `open`). A topic with a \
word of the word list waits for review whoever wrote it (staff excepted). At most 5 a day per user \
(429).",
    responses(
        (status = 201, description = "Created (or the first result of this key)", body = Topic),
        (status = 400, description = "Invalid fields (`errors`: title, body, station_id, village, closes_at) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Suspended from posting", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Idempotency-Key reused with a different request", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many topics today; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn create_topic() {}

#[utoipa::path(post, path = "/api/v1/topics/{id}/close", tag = "participation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Topic id")), request_body = CloseTopic,
    description = "Closes an open topic with its conclusion (结论/采纳情况), shown at its top; the \
comments listed in `adopted` are marked adopted (采纳). Staff, or the deputy who opened it \
(`can.close`). The topic's author is told (`topic_closed`), and so is the author of each adopted \
comment (`comment_adopted`).",
    responses(
        (status = 200, description = "The closed topic", body = Topic),
        (status = 400, description = "Invalid fields (`errors`: conclusion, adopted — also an id that is no published comment of this topic)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither staff nor the deputy who opened it", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such topic the viewer can see", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The topic is not open (pending, closed or rejected)", body = Problem, content_type = PROBLEM),
    ))]
fn close_topic() {}

// Polls
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/polls", tag = "polls", params(PollQuery),
    description = "Polls, public: open ones first (closing soonest first), then upcoming (opening \
soonest first), then closed (most recently closed first); `status` keeps one of them. Every scope \
is listed (a poll of another village is shown, and says who may vote).",
    responses(
        (status = 200, description = "A page of polls", body = Page<PollSummary>),
        (status = 400, description = "A bad query value (`status`, `cursor`, `limit`)", body = Problem, content_type = PROBLEM),
    ))]
fn list_polls() {}

#[utoipa::path(get, path = "/api/v1/polls/{id}", tag = "polls", security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Poll id")),
    description = "A poll with its questions. Public; with a bearer token also what the viewer may do \
(`can_vote`, else `vote_block`), their own vote (`my_vote`), and `results` when this viewer may \
see them: after voting (`after_vote`), once closed, or always for staff.",
    responses(
        (status = 200, description = "The poll", body = Poll),
        (status = 404, description = "No such poll", body = Problem, content_type = PROBLEM),
    ))]
fn get_poll() {}

#[utoipa::path(post, path = "/api/v1/polls", tag = "polls", security(("bearer" = [])),
    request_body = NewPoll,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per draft; a repeat with the same key and body answers the first result again (201); the same key with another body is 409.")),
    description = "Staff create a poll: title 4–60 characters, description up to 2000 (blank lines \
separate paragraphs), scope (`all`; `station` with `station_id`; `village` with `station_id` and one \
of its `villages`), `opens_at` (default now; not more than 10 minutes past), `closes_at` (after \
`opens_at` and now, at most 90 days after `opens_at`), `results_shown`, and 1–10 questions of 2–100 \
characters, each `single` or `multiple` (with `max_choices` from 2 to the number of options) with \
2–10 distinct options of 1–40 characters. Field errors name `questions[i].text`, \
`questions[i].options`, `questions[i].options[j]`, `questions[i].max_choices`. Rate limited per user.",
    responses(
        (status = 201, description = "Created (or the first result of this key)", body = Poll),
        (status = 400, description = "Invalid fields (an unknown station or village: `errors[].field` = `scope`) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Idempotency-Key reused with a different request", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many polls; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn create_poll() {}

#[utoipa::path(post, path = "/api/v1/polls/{id}/votes", tag = "polls", security(("bearer" = [])),
    params(("id" = String, Path, description = "Poll id"),
        ("Idempotency-Key" = String, Header, description = "Required. The same key and body answer the first result again; another key after a vote is 409.")),
    request_body = NewVote,
    description = "Votes, once: one answer per question (`single`: exactly one option; `multiple`: 1 \
to `max_choices` distinct options of that question). Only while open, and only for people in the \
scope (their account's village). A vote cannot be changed: a second one is 409, even when two race. \
The answer is the poll as the voter now sees it (with `my_vote`, and `results` for `after_vote`).",
    responses(
        (status = 201, description = "Voted (or the first result of this key)", body = Poll),
        (status = 400, description = "Invalid answers (`errors[].field` = `answers`) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Outside the poll's scope, or no village chosen for a station or village poll (`detail` says which)", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such poll", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not open yet, closed, already voted, or the key was reused", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many votes; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn vote() {}

#[utoipa::path(post, path = "/api/v1/polls/{id}/close", tag = "polls", security(("bearer" = [])),
    params(("id" = String, Path, description = "Poll id")),
    description = "Staff close a poll early; its voters are told the results are out (a \
`poll_results` notification).",
    responses(
        (status = 200, description = "The closed poll", body = Poll),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such poll", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Already closed", body = Problem, content_type = PROBLEM),
    ))]
fn close_poll() {}

#[utoipa::path(put, path = "/api/v1/me/village", tag = "auth", security(("bearer" = [])),
    request_body = Village,
    description = "Sets the signed-in user's village: a station id and one of its `villages`. It \
decides the station and village polls they may vote in.",
    responses(
        (status = 200, description = "The user with the village", body = User),
        (status = 400, description = "Invalid fields (`station_id` unknown, `village` not one of its villages)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn set_my_village() {}

#[utoipa::path(put, path = "/api/v1/users/{id}/village", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    request_body = Village,
    description = "Staff correct a user's village.",
    responses(
        (status = 200, description = "The village as set", body = Village),
        (status = 400, description = "Invalid fields", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such user", body = Problem, content_type = PROBLEM),
    ))]
fn set_user_village() {}
// Points and commendation
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/points/me", tag = "points", security(("bearer" = [])),
    description = "The viewer's points: the total (the sum of the ledger), this month's and year's, \
the level and the next, and for every action what it pays, its daily cap and how often it paid \
today (the township's day). Like `GET /me`, the first call of a day pays the daily visit.",
    responses(
        (status = 200, description = "The summary", body = PointsSummary),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn points_me() {}

#[utoipa::path(get, path = "/api/v1/points/me/history", tag = "points", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–50, default 20")),
    description = "The viewer's ledger (积分明细), newest first: what earned each entry, with a link.",
    responses(
        (status = 200, description = "A page of entries", body = Page<PointsEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
    ))]
fn points_history() {}

#[utoipa::path(get, path = "/api/v1/points/leaderboard", tag = "points", security((), ("bearer" = [])), params(LeaderboardQuery),
    description = "The most active people of this month or year (township time), overall or of one \
station (a user's station; a deputy's own), at most 50, most points first; equal points share a \
rank. Citizens' names are masked. Signed in: the viewer's own row too.",
    responses(
        (status = 200, description = "The leaderboard", body = Leaderboard),
        (status = 400, description = "A bad `period`", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such station", body = Problem, content_type = PROBLEM),
    ))]
fn points_leaderboard() {}

#[utoipa::path(post, path = "/api/v1/points/reads", tag = "points", security(("bearer" = [])),
    request_body = NewRead,
    description = "The app says the viewer had the article on screen for 30 s of visible time. It \
pays (`article_read`) only when the same user fetched the article (`GET /articles/{id}` with their \
token) at least 30 s before, once per article and day, within the daily cap; otherwise `points` is 0.",
    responses(
        (status = 200, description = "What it earned", body = PointsAwarded),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such article", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The user did not fetch the article at least 30 s ago", body = Problem, content_type = PROBLEM),
    ))]
fn points_read() {}

#[utoipa::path(get, path = "/api/v1/commendations", tag = "points",
    params(("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–50, default 20")),
    description = "The 表彰榜: commendations, newest first. Citizens' names are masked; a deputy is \
named with their profile id.",
    responses(
        (status = 200, description = "A page of commendations", body = Page<Commendation>),
    ))]
fn list_commendations() {}

#[utoipa::path(post, path = "/api/v1/commendations", tag = "points", security(("bearer" = [])),
    request_body = NewCommendation,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per commendation (a UUID). A repeat with the same key and body answers the first result again (201); the same key with another body is 409.")),
    description = "Staff commend a user or a deputy (exactly one of `user_id`, `deputy_id`). The \
commended user (a deputy's account, when they have one) is notified (`commended`).",
    responses(
        (status = 201, description = "Commended (or the first result of this key)", body = Commendation),
        (status = 400, description = "Invalid fields (`errors`: user_id, deputy_id, title, reason, period) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such user or deputy", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The Idempotency-Key was reused with a different request", body = Problem, content_type = PROBLEM),
    ))]
fn create_commendation() {}

// Training (履职学堂)
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/training/courses", tag = "training", security(("bearer" = [])), params(CourseQuery),
    description = "The courses, 入门 (basic) before 进阶 (advanced), each with the viewer's progress. Deputies and staff.",
    responses(
        (status = 200, description = "A page of courses", body = Page<CourseSummary>),
        (status = 400, description = "A bad query value (`level`, `track`, `cursor`, `limit`)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn list_courses() {}

#[utoipa::path(get, path = "/api/v1/training/courses/{id}", tag = "training", security(("bearer" = [])),
    params(("id" = String, Path, description = "Course id")),
    description = "A course with its description and its lessons in order, each with the viewer's study time and whether it is done; `progress.next_lesson_id` is where to go on.",
    responses(
        (status = 200, description = "The course", body = Course),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such course", body = Problem, content_type = PROBLEM),
    ))]
fn get_course() {}

#[utoipa::path(get, path = "/api/v1/training/lessons/{id}", tag = "training", security(("bearer" = [])),
    params(("id" = String, Path, description = "Lesson id")),
    description = "A lesson to study: its blocks, its video or audio with the transcript, the viewer's study time, where they left off (`resume_at`) and the lessons before and after it.",
    responses(
        (status = 200, description = "The lesson", body = Lesson),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such lesson", body = Problem, content_type = PROBLEM),
    ))]
fn get_lesson() {}

#[utoipa::path(post, path = "/api/v1/training/lessons/{id}/beats", tag = "training", security(("bearer" = [])),
    params(("id" = String, Path, description = "Lesson id")),
    request_body = StudyBeat,
    description = "The lesson is on screen: send once when it is shown and every 15 s while it stays visible (never while the page is hidden). The server counts the time since the viewer's previous heartbeat on any lesson, at most 30 s (the first counts 0): hidden time, a sleeping phone or two lessons open at once never count more than the time that passed. A lesson is done at its `min_secs`; the course is completed with its last lesson. `position` (the block in view) is kept for `resume_at`.",
    responses(
        (status = 200, description = "What was counted, the lesson and the course", body = StudyProgress),
        (status = 400, description = "Invalid fields (`errors`: position) or a body that is not a JSON object", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such lesson", body = Problem, content_type = PROBLEM),
    ))]
fn study_beat() {}

#[utoipa::path(get, path = "/api/v1/training/practice", tag = "training", security(("bearer" = [])),
    description = "每日一练: five questions of the bank for the viewer's township day — the same all \
day on any device (chosen at the first request of the day), options in an order of their own — with \
the feedback of those answered, and the streak of days on which every question was answered.",
    responses(
        (status = 200, description = "Today's practice", body = PracticeSet),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn get_practice() {}

#[utoipa::path(post, path = "/api/v1/training/practice/answers", tag = "training", security(("bearer" = [])),
    request_body = QuizAnswer,
    description = "Answers one question of today's practice: marked at once, with the right options and \
the explanation. Each question is answered once a day: the same answer again (a retry) gets the same \
feedback (200), another answer is 409.",
    responses(
        (status = 201, description = "The feedback", body = QuizFeedback),
        (status = 200, description = "The same answer was given before: its feedback", body = QuizFeedback),
        (status = 400, description = "Invalid fields (`errors`: question_id, option_ids — none, one twice, not the question's, several for a single answer)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "Not a question of today's practice", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Answered otherwise already today", body = Problem, content_type = PROBLEM),
    ))]
fn answer_practice() {}

#[utoipa::path(get, path = "/api/v1/training/self-check", tag = "training", security(("bearer" = [])),
    description = "数字素养自测: short questions about the viewer's own digital habits (taking and sending a \
photo, installing an app, 网上办事…), one option each, and the viewer's last result if they took it.",
    responses(
        (status = 200, description = "The questions and the last result", body = SelfCheck),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn get_self_check() {}

#[utoipa::path(post, path = "/api/v1/training/self-check", tag = "training", security(("bearer" = [])),
    request_body = NewSelfCheck,
    description = "Takes the self-check: one option for every question. Each option is worth points; at 60 % of \
the maximum or more the recommended level is 进阶 (advanced), below it 入门 (basic), with a one-line reason \
(the habits to practise first). The result is kept as the viewer's last one (taking it again replaces it).",
    responses(
        (status = 201, description = "The recommendation", body = SelfCheckResult),
        (status = 400, description = "Invalid fields (`errors`: answers — a question unanswered or answered twice, an unknown question or option) or a body that is not a JSON object", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn take_self_check() {}

// ---------------------------------------------------------------------------
// Training for staff: assignments, the report, reminders
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/training/assignments", tag = "training", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "From `next_cursor`"), ("limit" = Option<String>, Query, description = "Page size, 1–50, default 20")),
    description = "Courses assigned to deputies, newest first, each with how many of its deputies completed it. Staff only.",
    responses(
        (status = 200, description = "A page of assignments", body = Page<Assignment>),
        (status = 400, description = "A bad `cursor` or `limit`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn list_assignments() {}

#[utoipa::path(post, path = "/api/v1/training/assignments", tag = "training", security(("bearer" = [])),
    request_body = NewAssignment,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per assignment (a UUID). A repeat with the same key and body answers the first result again (201); the same key with another body is 409.")),
    description = "Staff assign a course to every deputy, to a station's deputies or to named ones, due at `due_at`. \
The deputies are those of the moment. Each deputy with an account is alerted at once (`course_assigned`, \
the body says when it is due), again 3 days before it is due (`course_due_soon`; not when it is due sooner \
than that already) and when it is overdue (`course_overdue`) — each once, and never once the course is completed.",
    responses(
        (status = 201, description = "Assigned (or the first result of this key)", body = Assignment),
        (status = 400, description = "Invalid fields (`errors`: course_id, audience, station_id, deputy_ids, due_at, note — also a course, station or deputy that does not exist) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The Idempotency-Key was reused with a different request", body = Problem, content_type = PROBLEM),
    ))]
fn create_assignment() {}

#[utoipa::path(get, path = "/api/v1/training/report", tag = "training", security(("bearer" = [])), params(ReportQuery),
    description = "Every deputy's training — courses completed, courses assigned and done, overdue, study minutes, \
每日一练 days of the last 30 and streak, last activity, whether they are behind (an assigned course not completed \
is overdue or due within 3 days), whether they have an account — by station and then name, with the sums per \
station. Staff only.",
    responses(
        (status = 200, description = "The report", body = TrainingReport),
        (status = 400, description = "A bad `station`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn training_report() {}

#[utoipa::path(get, path = "/api/v1/training/report.csv", tag = "training", security(("bearer" = [])), params(ReportQuery),
    description = "The deputies' lines of the report as CSV (RFC 4180, UTF-8 with a byte-order mark, a header line in \
Chinese), as a download (`Content-Disposition: attachment`). A value starting with `=`, `+`, `-` or `@` is \
prefixed with `'`. Staff only.",
    responses(
        (status = 200, description = "The report as CSV", content_type = "text/csv", body = String),
        (status = 400, description = "A bad `station`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn training_report_csv() {}

#[utoipa::path(post, path = "/api/v1/training/reminders", tag = "training", security(("bearer" = [])),
    request_body = NewReminder,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per action (a UUID). A repeat with the same key and body answers the first result again (201).")),
    description = "Staff remind the deputies behind (of `deputy_ids`, when given) with one alert each \
(`training_reminder`, listing what they are behind with). A deputy reminded in the last 24 hours is not \
reminded again; a deputy without an account cannot be: both are counted.",
    responses(
        (status = 201, description = "Who was reminded (or the first result of this key)", body = RemindersSent),
        (status = 400, description = "Invalid fields (`errors`: deputy_ids) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The Idempotency-Key was reused with a different request", body = Problem, content_type = PROBLEM),
    ))]
fn send_training_reminders() {}

// 履职档案 and the attendance of events
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/deputies/{id}/record", tag = "people", security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Deputy id")),
    description = "A deputy's 履职档案: courses completed, study time, 每日一练 days and streak, the responsiveness \
figures of the messages they handle, and the events they attended. The deputy themself and staff get the whole \
record (`full`); everyone else the parts of `public_parts` (the deployment's choice; by default courses and \
responsiveness) — the other parts are absent. Test scores are never public.",
    responses(
        (status = 200, description = "The record", body = DutyRecord),
        (status = 400, description = "A path that cannot be read", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such deputy", body = Problem, content_type = PROBLEM),
    ))]
fn duty_record() {}

#[utoipa::path(get, path = "/api/v1/events/{id}/attendance", tag = "reading", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    description = "Staff: every deputy with their attendance of the event, and its check-in: the code of the QR \
deputies scan (the app's `/events/{id}/check-in?code=…`; made the first time this is asked) and when check-in \
is open (from 1 hour before the start to 30 minutes after the end).",
    responses(
        (status = 200, description = "The attendance", body = Attendance),
        (status = 400, description = "A path that cannot be read", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such event", body = Problem, content_type = PROBLEM),
    ))]
fn event_attendance() {}

#[utoipa::path(put, path = "/api/v1/events/{id}/attendance/{deputy_id}", tag = "reading", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("deputy_id" = String, Path, description = "Deputy id")),
    description = "Staff record that the deputy attended (a check-in already recorded stays one). Idempotent.",
    responses(
        (status = 200, description = "The deputy's attendance", body = AttendanceRow),
        (status = 400, description = "A path that cannot be read", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such event or deputy", body = Problem, content_type = PROBLEM),
    ))]
fn record_attendance() {}

#[utoipa::path(delete, path = "/api/v1/events/{id}/attendance/{deputy_id}", tag = "reading", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("deputy_id" = String, Path, description = "Deputy id")),
    description = "Staff remove a deputy's attendance recorded by mistake. Idempotent.",
    responses(
        (status = 204, description = "Not attended"),
        (status = 400, description = "A path that cannot be read", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such event or deputy", body = Problem, content_type = PROBLEM),
    ))]
fn remove_attendance() {}

#[utoipa::path(post, path = "/api/v1/events/{id}/check-ins", tag = "reading", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    request_body = CheckIn,
    description = "A deputy checks in to an event with the code of its QR, from 1 hour before it starts to \
30 minutes after it ends. Checking in again answers the attendance already recorded (200).",
    responses(
        (status = 201, description = "Checked in", body = AttendanceRow),
        (status = 200, description = "Already attended", body = AttendanceRow),
        (status = 400, description = "Invalid fields (`errors`: code — missing, malformed, or not this event's)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not a deputy", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such event", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Check-in is not open now (the detail says when it is)", body = Problem, content_type = PROBLEM),
    ))]
fn event_check_in() {}

// Capability tests (测评) and certificates
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/training/tests", tag = "assessments", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "From `next_cursor`"), ("limit" = Option<String>, Query, description = "Page size, 1–50, default 20")),
    description = "The capability tests, in the order they were set, each with its rules and the viewer's standing: may start, in progress (resume `open_attempt_id`), waiting until `wait_until`, no attempts left, not open yet, closed; the best score and whether passed. Deputies and staff.",
    responses(
        (status = 200, description = "A page of tests", body = Page<TestSummary>),
        (status = 400, description = "A bad query value (`cursor`, `limit`)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn list_tests() {}

#[utoipa::path(get, path = "/api/v1/training/tests/{id}", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Test id")),
    description = "A test with its introduction, rules, draw plan, the viewer's standing and their attempts (newest first). Reading it submits the viewer's overdue attempt first.",
    responses(
        (status = 200, description = "The test", body = CapabilityTest),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such test", body = Problem, content_type = PROBLEM),
    ))]
fn get_test() {}

#[utoipa::path(post, path = "/api/v1/training/tests/{id}/attempts", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Test id"), ("Idempotency-Key" = String, Header, description = "1–100 visible ASCII characters, made once per start")),
    description = "Starts an attempt: questions drawn from the bank per the test's plan, in an order of the attempt's own, options shuffled. One attempt at a time: while one is open, it is returned (200) rather than a new one started. Refused (409) before the test opens, after it closes, when every attempt is used, or during the wait after the previous attempt (the problem's detail says until when). A repeat with the same Idempotency-Key gets the first answer.",
    responses(
        (status = 201, description = "Started (or the first answer of this key)", body = Attempt),
        (status = 200, description = "An attempt was open: it, to resume", body = Attempt),
        (status = 400, description = "A missing or bad Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such test", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not open yet, closed, no attempts left, waiting; or the key was used for another request", body = Problem, content_type = PROBLEM),
    ))]
fn start_attempt() {}

#[utoipa::path(get, path = "/api/v1/training/attempts/{id}", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Attempt id")),
    description = "The viewer's attempt: its questions and options in the attempt's order — never the right options nor the explanations — the answers saved, the deadline and the server's `now`. An attempt past its deadline (and the grace) is submitted first, with the answers saved; its `status` is then `submitted` and the result is at `/result`. Another deputy's attempt is 404.",
    responses(
        (status = 200, description = "The attempt", body = Attempt),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such attempt of the viewer", body = Problem, content_type = PROBLEM),
    ))]
fn get_attempt() {}

#[utoipa::path(put, path = "/api/v1/training/attempts/{id}/answers/{question_id}", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Attempt id"), ("question_id" = String, Path, description = "A question of the attempt")),
    request_body = AttemptAnswer,
    description = "Saves the answer to one question (replacing the one saved; an empty list clears it). Idempotent. Taken until the deadline and 15 s after; then, or once submitted, 409.",
    responses(
        (status = 200, description = "Saved", body = SavedAnswer),
        (status = 400, description = "Invalid fields (`errors`: option_ids — one twice, not the question's, several for a single answer) or a body that is not a JSON object", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such attempt of the viewer, or not a question of it", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The attempt was submitted or its time is up", body = Problem, content_type = PROBLEM),
    ))]
fn save_answer() {}

#[utoipa::path(post, path = "/api/v1/training/attempts/{id}/submit", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Attempt id")),
    description = "Submits the attempt with the answers saved and marks it: single choice and true/false all or nothing, multiple choice a share per right option chosen less one per wrong one (never below 0); each practical task (平台实操) counts as one question, marked by the share of its case's steps done right in its run (not started: 0); the score is the mean in percent, rounded down. Passing issues the test's certificate (once). Submitting again (or an attempt the server submitted at its deadline) returns the result.",
    responses(
        (status = 200, description = "The result", body = AttemptResult),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such attempt of the viewer", body = Problem, content_type = PROBLEM),
    ))]
fn submit_attempt() {}

#[utoipa::path(get, path = "/api/v1/training/attempts/{id}/result", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Attempt id")),
    description = "The result of a submitted attempt: score, pass or fail, per question the options chosen and the right ones with the explanation. The holder and staff read it; another deputy gets 404. Before submission (and its deadline), 409.",
    responses(
        (status = 200, description = "The result", body = AttemptResult),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such attempt the viewer may read", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not submitted yet", body = Problem, content_type = PROBLEM),
    ))]
fn get_result() {}

#[utoipa::path(get, path = "/api/v1/training/certificates", tag = "assessments", security(("bearer" = [])),
    description = "The viewer's certificates, newest first: of each passed test and each completed course.",
    responses(
        (status = 200, description = "The certificates (one page)", body = Page<Certificate>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn my_certificates() {}

#[utoipa::path(get, path = "/api/v1/certificates/{code}", tag = "assessments",
    params(("code" = String, Path, description = "The code as typed: any case, with spaces or dashes")),
    description = "Public verification of a certificate (no sign-in): the holder's name, what for, the date, valid. Never the score. A code that cannot be one (length, characters, check character: a typo) is 400 before any lookup.",
    responses(
        (status = 200, description = "The certificate", body = CertificateCheck),
        (status = 400, description = "Not a certificate code (`errors`: code)", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No certificate has this code", body = Problem, content_type = PROBLEM),
    ))]
fn check_certificate() {}

#[utoipa::path(get, path = "/api/v1/certificates/{code}/pdf", tag = "assessments",
    params(("code" = String, Path, description = "The code as typed")),
    description = "The certificate as a one-page A4 PDF (public, as the verification): holder, what for, date and the printed code with the address to check it.",
    responses(
        (status = 200, description = "The PDF", body = String, content_type = "application/pdf"),
        (status = 400, description = "Not a certificate code (`errors`: code)", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No certificate has this code", body = Problem, content_type = PROBLEM),
    ))]
fn certificate_pdf() {}

// The practice workspace (模拟实操) and the practical tasks of tests (平台实操)
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/training/sandbox/cases", tag = "practice", security(("bearer" = [])),
    description = "The practice cases, in the order they are taught, each with the steps it asks for, how many of the viewer's runs got every step right, and the viewer's run under way. Cases made only for tests are not listed. One page. Deputies and staff.",
    responses(
        (status = 200, description = "The cases (one page)", body = Page<PracticeCase>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
    ))]
fn list_practice_cases() {}

#[utoipa::path(post, path = "/api/v1/training/sandbox/cases/{id}/runs", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    description = "Starts a run of the case: a simulated message of its own, just assigned to the viewer as its handler, with a deadline of its track. While the viewer has a run of the case under way it is returned (200) instead, so a repeat starts nothing twice; a finished run stays as it was and a new one starts.",
    responses(
        (status = 201, description = "A new run", body = PracticeRun),
        (status = 200, description = "The run under way", body = PracticeRun),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case for practice", body = Problem, content_type = PROBLEM),
    ))]
fn start_practice_run() {}

#[utoipa::path(get, path = "/api/v1/training/sandbox/runs/{id}", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Run id")),
    description = "A run of the viewer: the case, the simulated message with `can` for the practice (reply, the statuses, the plan; never triage, hand-over, notes or the author's actions), the steps done right and the checks of the steps taken, oldest first. The checks of a run of a test attempt not yet submitted carry no verdict (`ok`, `explanation`). Another user's run is 404.",
    responses(
        (status = 200, description = "The run", body = PracticeRun),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such run of the viewer", body = Problem, content_type = PROBLEM),
    ))]
fn get_practice_run() {}

#[utoipa::path(get, path = "/api/v1/training/sandbox/runs/{id}/message", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Run id")),
    description = "The run's simulated message alone, as `GET /messages/{id}` answers a real one (the handling forms reload it after a conflict).",
    responses(
        (status = 200, description = "The simulated message", body = Message),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such run of the viewer", body = Problem, content_type = PROBLEM),
    ))]
fn get_practice_message() {}

#[utoipa::path(post, path = "/api/v1/training/sandbox/runs/{id}/status", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Run id")), request_body = StatusChange,
    description = "As `POST /messages/{id}/status`, on the run's message: one of `can.set_status`. `accepted` is checked as the step accept; `resolved` as the step resolve (right only after a reply and, for a major issue, the whole plan done).",
    responses(
        (status = 200, description = "The simulated message", body = Message),
        (status = 400, description = "Invalid body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such run of the viewer", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, a status change not allowed now, or the run is over (finished, or its attempt submitted)", body = Problem, content_type = PROBLEM),
    ))]
fn practice_status() {}

#[utoipa::path(post, path = "/api/v1/training/sandbox/runs/{id}/replies", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Run id"),
        ("Idempotency-Key" = String, Header, description = "Required; as for a reply to a real message.")),
    request_body = NewReply,
    description = "As `POST /messages/{id}/replies`, on the run's message (nobody is told). Checked as the step reply: after accepting, long enough, and about what the citizen asked.",
    responses(
        (status = 201, description = "The simulated message with the reply", body = Message),
        (status = 400, description = "Invalid body, or a missing or bad Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such run of the viewer", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The run is over, or the key was used for another request", body = Problem, content_type = PROBLEM),
    ))]
fn practice_reply() {}

#[utoipa::path(post, path = "/api/v1/training/sandbox/runs/{id}/plan", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Run id")), request_body = NewPlanStep,
    description = "As `POST /messages/{id}/plan`, on the run's message of a major issue. Checked as the step plan: right once the plan has the case's number of steps, each due by the message's deadline.",
    responses(
        (status = 201, description = "The simulated message with the step", body = Message),
        (status = 400, description = "Invalid body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such run of the viewer", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, not a major issue, or the run is over", body = Problem, content_type = PROBLEM),
    ))]
fn practice_add_plan_step() {}

#[utoipa::path(post, path = "/api/v1/training/sandbox/runs/{id}/plan/{step_id}/done", tag = "practice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Run id"), ("step_id" = String, Path, description = "Plan step id")),
    request_body = StepDone,
    description = "As `POST /messages/{id}/plan/{step_id}/done`, on the run's message. The last step ticked off is checked as the step finish_plan.",
    responses(
        (status = 200, description = "The simulated message", body = Message),
        (status = 400, description = "Invalid body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such run of the viewer, or no such step", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Stale `version`, already done, or the run is over", body = Problem, content_type = PROBLEM),
    ))]
fn practice_plan_step_done() {}

#[utoipa::path(post, path = "/api/v1/training/attempts/{id}/tasks/{case_id}", tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Attempt id"), ("case_id" = String, Path, description = "A task of the attempt (`tasks[].case_id`)")),
    description = "Starts the run of a practical task of the viewer's open attempt (201), or returns it when it was started (200). Its steps are taken through the run's endpoints until the attempt is submitted; their verdicts come with the result.",
    responses(
        (status = 201, description = "The task's new run", body = PracticeRun),
        (status = 200, description = "The task's run", body = PracticeRun),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Neither a deputy nor staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such attempt of the viewer, or not a task of it", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The attempt was submitted or its time is up", body = Problem, content_type = PROBLEM),
    ))]
fn start_attempt_task() {}

// Web Push subscriptions
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/push/vapid-key", tag = "notifications",
    description = "The backend's VAPID public key (RFC 8292), to pass to `pushManager.subscribe` as `applicationServerKey`. No sign-in. 404 when the backend sends no Web Push: clients then offer the other channels.",
    responses(
        (status = 200, description = "The key", body = VapidKey),
        (status = 404, description = "This backend sends no Web Push", body = Problem, content_type = PROBLEM),
    ))]
fn get_vapid_key() {}

#[utoipa::path(get, path = "/api/v1/push/subscriptions", tag = "notifications", security(("bearer" = [])),
    description = "The signed-in user's registered devices, newest first (one page): each with its push service's host, never its endpoint.",
    responses(
        (status = 200, description = "The subscriptions", body = Page<PushSubscription>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "This backend sends no Web Push", body = Problem, content_type = PROBLEM),
    ))]
fn list_push_subscriptions() {}

#[utoipa::path(post, path = "/api/v1/push/subscriptions", tag = "notifications", security(("bearer" = [])),
    request_body = NewPushSubscription,
    description = "Registers this device's subscription (`PushSubscription.toJSON()` of the browser: `endpoint`, `keys.p256dh`, `keys.auth`). The same endpoint again updates its keys and owner (200): a device signed in by another user now alerts that user. The backend sends only to the push services it trusts (400 on `endpoint` otherwise). At most 10 devices per user: the oldest goes.",
    responses(
        (status = 201, description = "Registered", body = PushSubscription),
        (status = 200, description = "Already registered: updated", body = PushSubscription),
        (status = 400, description = "Invalid fields (`errors`: endpoint — not https, not a push service this backend sends to; keys.p256dh, keys.auth — not keys of their lengths)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "This backend sends no Web Push", body = Problem, content_type = PROBLEM),
    ))]
fn create_push_subscription() {}

#[utoipa::path(delete, path = "/api/v1/push/subscriptions/{id}", tag = "notifications", security(("bearer" = [])),
    params(("id" = String, Path, description = "Subscription id")),
    description = "Forgets a device of the signed-in user (it gets no more Web Push). Another user's subscription is 404.",
    responses(
        (status = 204, description = "Forgotten"),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such subscription of the user, or no Web Push", body = Problem, content_type = PROBLEM),
    ))]
fn delete_push_subscription() {}

// WeChat
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/wechat/js-config", tag = "wechat",
    params(("url" = String, Query, description = "The page's URL as `location.href` gives it (its `#` part is not signed). On iOS, WeChat checks the signature against the URL the app was first opened at, not the current one: the app sends that.", min_length = 1, max_length = 1024, pattern = r"^https?://[^/?#@\s]+[!-~]*$")),
    description = "The signature of `wx.config` for the page at `url` (WeChat JS-SDK, 附录1): the official account's AppID, a timestamp, a nonce and the SHA-1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`. The backend keeps the account's `access_token` and `jsapi_ticket` as WeChat requires (fetched once per 7200 s, not per page). No sign-in. 404 when the backend has no WeChat official account: the app then leaves WeChat's interfaces alone.",
    responses(
        (status = 200, description = "The signature", body = WechatJsConfig),
        (status = 400, description = "Invalid `url` (`errors`: url — missing, not an http(s) URL with a host, longer than 1024)", body = Problem, content_type = PROBLEM),
        (status = 404, description = "This backend has no WeChat official account", body = Problem, content_type = PROBLEM),
        (status = 503, description = "WeChat did not give a ticket (unreachable, or it refused the account): try again after `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn wechat_js_config() {}

#[utoipa::path(get, path = "/api/v1/wechat/subscriptions", tag = "wechat", security(("bearer" = [])),
    description = "The official account's subscription-message templates (订阅消息) the backend sends alerts with — each with the kinds of alert it carries on the `wechat` channel — and the signed-in user's last answer for each and how many messages their accepts still allow (a one-time subscription: one per accept). One page. 404 when the backend has no WeChat official account.",
    responses(
        (status = 200, description = "The templates and the user's answers", body = Page<WechatSubscription>),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "This backend has no WeChat official account", body = Problem, content_type = PROBLEM),
    ))]
fn list_wechat_subscriptions() {}

#[utoipa::path(post, path = "/api/v1/wechat/subscriptions", tag = "wechat", security(("bearer" = [])),
    request_body = WechatDecisions,
    description = "Records what WeChat's subscribe dialog (`wx-open-subscribe`) answered, per template: the app posts its `success` event's `subscribeDetails`. An `accept` allows one more message of that template; the other answers allow none more but keep those already allowed. Answers the same list as the GET.",
    responses(
        (status = 200, description = "Recorded: the templates and the user's answers", body = Page<WechatSubscription>),
        (status = 400, description = "Invalid fields (`errors`: decisions — not 1 to 3; decisions[i].template_id — not a template of this backend; decisions[i].consent — none of accept, reject, ban, filter)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 404, description = "This backend has no WeChat official account", body = Problem, content_type = PROBLEM),
    ))]
fn record_wechat_subscriptions() {}

// Posters (扫码即联代表 on notice boards)
// ---------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/posters", tag = "posters", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–50, default 20")),
    description = "Staff: the posters, newest first, each with its counts (totals and the most recent weeks).",
    responses(
        (status = 200, description = "A page of posters", body = Page<Poster>),
        (status = 400, description = "A bad `cursor` or `limit`", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
    ))]
fn list_posters() {}

#[utoipa::path(post, path = "/api/v1/posters", tag = "posters", security(("bearer" = [])),
    request_body = NewPoster,
    params(("Idempotency-Key" = String, Header, description = "Required. A unique key per poster (a UUID). A repeat with the same key and body answers the first result again (201); the same key with another body is 409.")),
    description = "Staff make a poster for a place (1–40 characters) whose QR code opens a deputy's \
page (`deputy` with the deputy's id), a liaison station's (`station` with its id) or the app's way in \
(`home`, no `target_id`). The answer's `path` is what the QR code opens on the app's origin.",
    responses(
        (status = 201, description = "Created (or the first result of this key)", body = Poster),
        (status = 400, description = "Invalid fields (`errors`: target, target_id — also an unknown deputy or station —, place) or a missing Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The Idempotency-Key was reused with a different request", body = Problem, content_type = PROBLEM),
    ))]
fn create_poster() {}

#[utoipa::path(get, path = "/api/v1/posters/{id}", tag = "posters", security(("bearer" = [])),
    params(("id" = String, Path, description = "Poster id (its code)")),
    description = "Staff: one poster with its counts per week.",
    responses(
        (status = 200, description = "The poster", body = Poster),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not staff", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such poster", body = Problem, content_type = PROBLEM),
    ))]
fn get_poster() {}

#[utoipa::path(post, path = "/api/v1/posters/{id}/opens", tag = "posters",
    params(("id" = String, Path, description = "Poster id: the `via` of the address its QR code opened")),
    description = "Anyone, without sign-in: a visit was opened from this poster's QR code (the app \
sends it once per visit). Adds one to the poster's opens of this week; nothing about the visitor is \
kept with it. Limited per client address (the reference server: 30 an hour).",
    responses(
        (status = 204, description = "Counted"),
        (status = 404, description = "No such poster", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many opens from this client address; see `Retry-After`", body = Problem, content_type = PROBLEM),
    ))]
fn poster_open() {}
