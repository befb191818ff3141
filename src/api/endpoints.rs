//! Every endpoint the app calls, as a typed value: its method, its path (with the path
//! parameters filled in and percent-encoded, and the query), the contract type of its request
//! body and the contract type of its answer. A call site names an endpoint and gets that
//! answer type back (`api::fetch(endpoints::article(id), …) -> Result<Article, ApiError>`),
//! so it cannot decode the wrong type, and `ALL` lists every route for the test that checks
//! them against `api/openapi.json` (the client-side twin of the server's coverage test).
//!
//! One line per endpoint:
//! `name(path params; query params) METHOD "template" [RequestBody] => Answer;`
//! Path parameters are `&str`, query parameters `Option<&str>` (absent when `None`).

use std::marker::PhantomData;

use contract::{
    Article, ArticleSummary, Category, CodeRequest, CodeSent, Comment, CommentEdit, Department, Deputy, DeputySummary,
    Event, EventSummary, HandOver, Message, MessageCategory, MessageSummary, Meta, MyMessagesSummary, NewMessage,
    NewPlanStep, NewRating, NewReply, Notification, NotificationPreferences, Page, ReadAll, Reopen,
    ReplyTemplate, ResponsivenessTable, Session, SignIn, Station, StatusChange, StepDone,
    StreamTicket, Triage, UnreadCount, Upload, User, WorkSummary, NewRead, PointsAwarded,
};
use contract::{NewPoll, NewVote, Poll, PollSummary, Village};
use contract::{Attempt, AttemptAnswer, AttemptResult, CapabilityTest, Certificate, CertificateCheck, SavedAnswer, TestSummary};
use contract::{CloseTopic, NewTopic, Topic, TopicSummary};
use contract::{Commendation, Leaderboard, NewCommendation, PointsEntry, PointsSummary};
use contract::{Assignment, Course, CourseSummary, Lesson, NewAssignment, NewReminder, RemindersSent, TrainingReport};
use contract::{Attendance, AttendanceRow, CheckIn, DutyRecord};
use contract::{PracticeCase, PracticeRun};
use contract::{NewPushSubscription, PushSubscription, VapidKey, WechatDecisions, WechatJsConfig, WechatSubscription};
use contract::{NewPoster, Poster};
use contract::{NewSelfCheck, PracticeSet, QuizAnswer, QuizFeedback, SelfCheck, SelfCheckResult, StudyBeat, StudyProgress};
use contract::{ModerationDecision, ModerationItem, ModerationLogEntry, NewComment, NewReport, NewSuspension, Reactions, ReportReceived, Suspension};

use super::url;

/// An HTTP method the contract uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// The body of an upload: raw bytes (a `Blob`) with their content type, not JSON.
pub struct Bytes;

/// The answer of the live stream: Server-Sent Events, read by `EventSource`, not decoded here.
pub struct EventStream;

/// A CSV file to download, not decoded.
pub struct Csv;

/// One route of the contract as the app uses it: for the coverage test.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub method: Method,
    /// The path below `API_PREFIX`, with `{name}` for path parameters.
    pub template: &'static str,
    /// The query parameters the app may send.
    pub query: &'static [&'static str],
}

/// A request to make: method and path; `Req` is the body type, `Res` the answer's.
pub struct Endpoint<Req, Res> {
    pub method: Method,
    /// Below `API_PREFIX`, with the query.
    pub path: String,
    types: PhantomData<fn(&Req) -> Res>,
}

impl<Req, Res> Endpoint<Req, Res> {
    /// `template` with its `{…}` placeholders replaced by `params` in order (percent-encoded),
    /// then the query pairs that have a value.
    fn new(
        method: Method,
        template: &str,
        params: &[&str],
        query: &[(&str, Option<&str>)],
    ) -> Self {
        let mut path = String::with_capacity(template.len() + 16);
        let mut rest = template;
        let mut params = params.iter();
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            path.push_str(&url::encode_component(
                params.next().copied().unwrap_or_default(),
            ));
            rest = &rest[close..];
        }
        path.push_str(rest);
        Endpoint {
            method,
            path: url::with_query(&path, query),
            types: PhantomData,
        }
    }
}

impl<Req, Res> Clone for Endpoint<Req, Res> {
    fn clone(&self) -> Self {
        Endpoint {
            method: self.method,
            path: self.path.clone(),
            types: PhantomData,
        }
    }
}

impl<Req, Res> std::fmt::Debug for Endpoint<Req, Res> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}

impl<Req, Res> PartialEq for Endpoint<Req, Res> {
    fn eq(&self, other: &Self) -> bool {
        self.method == other.method && self.path == other.path
    }
}

macro_rules! body_type {
    () => {
        ()
    };
    ($t:ty) => {
        $t
    };
}

macro_rules! endpoints {
    ($(
        $(#[$doc:meta])*
        $name:ident ( $($p:ident),* $(; $($q:ident),+)? ) $method:ident $template:literal $($body:ty)? => $res:ty;
    )+) => {
        $(
            $(#[$doc])*
            pub fn $name($($p: &str,)* $($($q: Option<&str>,)+)?) -> Endpoint<body_type!($($body)?), $res> {
                Endpoint::new(Method::$method, $template, &[$($p),*], &[$($((stringify!($q), $q)),+)?])
            }
        )+

        /// Every route the app calls.
        pub const ALL: &[Route] = &[
            $(Route { method: Method::$method, template: $template, query: &[$($(stringify!($q)),+)?] },)+
        ];
    };
}

// The request body and answer types are the contract's (see api/openapi.json for each).
endpoints! {
    /// Who the backend is.
    meta() Get "/meta" => Meta;

    // Reading
    /// A page of articles, newest first (`q`: full-text search; `sort=relevance`: best first).
    articles(; kind, category, q, sort, cursor, limit) Get "/articles" => Page<ArticleSummary>;
    article(id) Get "/articles/{id}" => Article;
    /// The categories of an article kind.
    categories(; kind) Get "/categories" => Page<Category>;
    events(; cursor) Get "/events" => Page<EventSummary>;
    event(id) Get "/events/{id}" => Event;

    // Sign-in
    request_code() Post "/auth/codes" CodeRequest => CodeSent;
    sign_in() Post "/auth/sessions" SignIn => Session;
    /// Ends the session of the token sent (204).
    sign_out() Delete "/auth/session" => ();
    me() Get "/me" => User;

    // People
    stations() Get "/stations" => Page<Station>;
    station(id) Get "/stations/{id}" => Station;
    /// `first_station`: that station's deputies first (the user's village).
    deputies(; station, q, first_station, cursor) Get "/deputies" => Page<DeputySummary>;
    deputy(id) Get "/deputies/{id}" => Deputy;
    /// The deputy of a QR short code.
    deputy_by_code(code) Get "/deputies/by-code/{code}" => Deputy;
    departments() Get "/departments" => Page<Department>;
    responsiveness() Get "/responsiveness" => ResponsivenessTable;

    // Messages
    message_categories() Get "/message-categories" => Page<MessageCategory>;
    /// A photo (image bytes) for a new message.
    upload() Post "/uploads" Bytes => Upload;
    /// Creates a message (`Idempotency-Key`).
    create_message() Post "/messages" NewMessage => Message;
    /// The signed-in user's own messages (`status`: `open` or a status).
    my_messages(; status, category, cursor) Get "/messages/mine" => Page<MessageSummary>;
    /// How many the signed-in user wrote, and how many are open.
    my_messages_summary() Get "/messages/mine/summary" => MyMessagesSummary;
    /// The public board.
    board(; status, category, cursor) Get "/board" => Page<MessageSummary>;
    /// A handler's inbox.
    inbox(; status, category, cursor) Get "/inbox" => Page<MessageSummary>;
    /// Staff's triage queue.
    triage_queue(; status, category, cursor) Get "/triage" => Page<MessageSummary>;
    message(id) Get "/messages/{id}" => Message;
    triage(id) Post "/messages/{id}/triage" Triage => Message;
    reply(id) Post "/messages/{id}/replies" NewReply => Message;
    follow_up(id) Post "/messages/{id}/follow-ups" NewReply => Message;
    /// An internal note (handlers and staff only).
    note(id) Post "/messages/{id}/notes" NewReply => Message;
    set_status(id) Post "/messages/{id}/status" StatusChange => Message;
    add_plan_step(id) Post "/messages/{id}/plan" NewPlanStep => Message;
    plan_step_done(id, step_id) Post "/messages/{id}/plan/{step_id}/done" StepDone => Message;
    hand_over(id) Post "/messages/{id}/hand-over" HandOver => Message;
    rate(id) Post "/messages/{id}/rating" NewRating => Message;
    reopen(id) Post "/messages/{id}/reopen" Reopen => Message;

    // The workspace of deputies and staff
    /// The counts of the caller's workspace (what needs them, per status, the triage queue).
    work_summary() Get "/work/summary" => WorkSummary;
    /// The caller's saved replies (常用答复).
    reply_templates() Get "/reply-templates" => Page<ReplyTemplate>;
    save_reply_template() Post "/reply-templates" NewReply => ReplyTemplate;
    update_reply_template(id) Put "/reply-templates/{id}" NewReply => ReplyTemplate;
    delete_reply_template(id) Delete "/reply-templates/{id}" => ();

    // Notifications
    /// Newest first; with `after` (catch-up) the ones after that id, oldest first.
    notifications(; unread, after, cursor, limit) Get "/notifications" => Page<Notification>;
    unread_count() Get "/notifications/unread-count" => UnreadCount;
    notification_read(id) Post "/notifications/{id}/read" => UnreadCount;
    read_all() Post "/notifications/read-all" ReadAll => UnreadCount;
    notification_preferences() Get "/notification-preferences" => NotificationPreferences;
    set_notification_preferences() Put "/notification-preferences" NotificationPreferences => NotificationPreferences;
    /// A one-time ticket that opens the live stream once.
    stream_ticket() Post "/notifications/stream-tickets" => StreamTicket;
    /// The live stream (for `EventSource`: see [`stream_url`]).
    stream(; ticket, last_event_id) Get "/notifications/stream" => EventStream;
    /// The backend's VAPID key (404: it sends no Web Push).
    vapid_key() Get "/push/vapid-key" => VapidKey;
    /// Registers this device's push subscription (the same endpoint again: the same record).
    add_push_subscription() Post "/push/subscriptions" NewPushSubscription => PushSubscription;
    remove_push_subscription(id) Delete "/push/subscriptions/{id}" => ();
    /// The signature of WeChat's `wx.config` for the page at `url` (404: no official account).
    wechat_js_config(; url) Get "/wechat/js-config" => WechatJsConfig;
    /// The official account's subscription-message templates and the user's answers.
    wechat_subscriptions() Get "/wechat/subscriptions" => Page<WechatSubscription>;
    /// What WeChat's subscribe dialog answered.
    record_wechat_subscriptions() Post "/wechat/subscriptions" WechatDecisions => Page<WechatSubscription>;

    // Polls
    /// Open first, then upcoming, then closed (`status`: one of them).
    polls(; status, cursor) Get "/polls" => Page<PollSummary>;
    poll(id) Get "/polls/{id}" => Poll;
    /// Staff (`Idempotency-Key`).
    create_poll() Post "/polls" NewPoll => Poll;
    /// Votes once (`Idempotency-Key`).
    vote(id) Post "/polls/{id}/votes" NewVote => Poll;
    /// Staff close a poll early.
    close_poll(id) Post "/polls/{id}/close" => Poll;
    /// The signed-in user's village (it decides the polls they may vote in).
    set_my_village() Put "/me/village" Village => User;
    // 测评 capability tests and certificates
    tests(; cursor, limit) Get "/training/tests" => Page<TestSummary>;
    test(id) Get "/training/tests/{id}" => CapabilityTest;
    /// Starts an attempt, or answers the open one (`Idempotency-Key`).
    start_attempt(id) Post "/training/tests/{id}/attempts" => Attempt;
    attempt(id) Get "/training/attempts/{id}" => Attempt;
    save_attempt_answer(id, question_id) Put "/training/attempts/{id}/answers/{question_id}" AttemptAnswer => SavedAnswer;
    submit_attempt(id) Post "/training/attempts/{id}/submit" => AttemptResult;
    attempt_result(id) Get "/training/attempts/{id}/result" => AttemptResult;
    my_certificates() Get "/training/certificates" => Page<Certificate>;
    /// Public: the code as typed.
    certificate(code) Get "/certificates/{code}" => CertificateCheck;
    // 议事 topics
    /// Open first, then closed (`status`: one of them); `station`: its topics and the township's.
    topics(; status, station, q, cursor, limit) Get "/topics" => Page<TopicSummary>;
    /// The viewer's own, newest first, pending and rejected ones too.
    my_topics(; cursor, limit) Get "/topics/mine" => Page<TopicSummary>;
    topic(id) Get "/topics/{id}" => Topic;
    /// Opens (staff, deputies) or proposes (citizens: pending) a topic (`Idempotency-Key`).
    create_topic() Post "/topics" NewTopic => Topic;
    /// Staff, or the deputy who opened it: the conclusion and the comments it adopts.
    close_topic(id) Post "/topics/{id}/close" CloseTopic => Topic;
    // Participation: comments, likes, reports, moderation
    /// The top-level comments of a target (`sort`: `newest` or `top`), each with its first replies.
    comments(; target_kind, target_id, sort, cursor, limit) Get "/comments" => Page<Comment>;
    /// All replies of a thread, oldest first.
    comment_replies(id; cursor, limit) Get "/comments/{id}/replies" => Page<Comment>;
    /// Posts a comment or a reply (`Idempotency-Key`).
    create_comment() Post "/comments" NewComment => Comment;
    edit_comment(id) Put "/comments/{id}" CommentEdit => Comment;
    delete_comment(id) Delete "/comments/{id}" => ();
    likes(target_kind, target_id) Get "/likes/{target_kind}/{target_id}" => Reactions;
    like(target_kind, target_id) Put "/likes/{target_kind}/{target_id}" => Reactions;
    unlike(target_kind, target_id) Delete "/likes/{target_kind}/{target_id}" => Reactions;
    report() Post "/reports" NewReport => ReportReceived;
    /// Staff's queue (`state`: `pending`, `hidden` or `reported`; all when absent).
    moderation_queue(; state, cursor, limit) Get "/moderation/queue" => Page<ModerationItem>;
    moderation_decide() Post "/moderation/decisions" ModerationDecision => ModerationItem;
    suspend() Post "/moderation/suspensions" NewSuspension => Suspension;
    moderation_log(; cursor, limit) Get "/moderation/log" => Page<ModerationLogEntry>;
    // Points
    /// The viewer read an article for 30 s of visible time (the server decides what it pays).
    points_read() Post "/points/reads" NewRead => PointsAwarded;
    /// The viewer's balance, level and today's progress (also the day's visit).
    points_me() Get "/points/me" => PointsSummary;
    /// 积分明细, newest first.
    points_history(; cursor, limit) Get "/points/me/history" => Page<PointsEntry>;
    /// `period`: `month` (the default) or `year`; `station`: only its people.
    leaderboard(; period, station) Get "/points/leaderboard" => Leaderboard;
    /// The 表彰榜, newest first.
    commendations(; cursor, limit) Get "/commendations" => Page<Commendation>;
    /// Staff commend a user or a deputy (`Idempotency-Key`).
    commend() Post "/commendations" NewCommendation => Commendation;
    /// Staff correct a user's village.
    set_user_village(id) Put "/users/{id}/village" Village => Village;
    // Posters (扫码即联代表 on notice boards)
    /// Staff: the posters, newest first, with their counts.
    posters(; cursor, limit) Get "/posters" => Page<Poster>;
    /// Staff: one poster with its counts per week.
    poster(id) Get "/posters/{id}" => Poster;
    /// Staff make a poster (`Idempotency-Key`).
    create_poster() Post "/posters" NewPoster => Poster;
    /// A visit was opened from a poster's QR code (anyone; once per visit).
    poster_open(id) Post "/posters/{id}/opens" => ();
    // 履职学堂
    /// `level`: `basic` or `advanced`; `track`: `digital`, `induction` or `thematic`.
    courses(; level, track, cursor, limit) Get "/training/courses" => Page<CourseSummary>;
    course(id) Get "/training/courses/{id}" => Course;
    lesson(id) Get "/training/lessons/{id}" => Lesson;
    /// The lesson is on screen (every 15 s while visible); the server counts the time.
    study_beat(id) Post "/training/lessons/{id}/beats" StudyBeat => StudyProgress;
    /// Today's 每日一练, with the feedback of the questions answered.
    practice() Get "/training/practice" => PracticeSet;
    /// Answers one question (the same answer again: the same feedback, 200).
    practice_answer() Post "/training/practice/answers" QuizAnswer => QuizFeedback;
    /// 数字素养自测: the questions and the viewer's last result.
    self_check() Get "/training/self-check" => SelfCheck;
    take_self_check() Post "/training/self-check" NewSelfCheck => SelfCheckResult;
    /// Staff: the courses assigned, newest first.
    training_assignments(; cursor, limit) Get "/training/assignments" => Page<Assignment>;
    /// Staff assign a course to deputies with a due date (`Idempotency-Key`).
    assign_course() Post "/training/assignments" NewAssignment => Assignment;
    /// Staff: every deputy's training, per deputy and per station (`station`: one only).
    training_report(; station) Get "/training/report" => TrainingReport;
    /// The same as a CSV file.
    training_report_csv(; station) Get "/training/report.csv" => Csv;
    /// Staff remind the deputies behind (`Idempotency-Key`).
    remind_training() Post "/training/reminders" NewReminder => RemindersSent;
    // 模拟实操 (a run's message id is the run's id) and the practical tasks of tests
    practice_cases() Get "/training/sandbox/cases" => Page<PracticeCase>;
    /// Starts a run of a case (201), or answers the one under way (200).
    start_practice_run(id) Post "/training/sandbox/cases/{id}/runs" => PracticeRun;
    practice_run(id) Get "/training/sandbox/runs/{id}" => PracticeRun;
    practice_message(id) Get "/training/sandbox/runs/{id}/message" => Message;
    practice_status(id) Post "/training/sandbox/runs/{id}/status" StatusChange => Message;
    /// `Idempotency-Key`, as a real reply.
    practice_reply(id) Post "/training/sandbox/runs/{id}/replies" NewReply => Message;
    practice_add_plan_step(id) Post "/training/sandbox/runs/{id}/plan" NewPlanStep => Message;
    practice_plan_step_done(id, step_id) Post "/training/sandbox/runs/{id}/plan/{step_id}/done" StepDone => Message;
    /// Starts the run of a practical task of an attempt (201), or answers it (200).
    start_attempt_task(id, case_id) Post "/training/attempts/{id}/tasks/{case_id}" => PracticeRun;
    // 履职档案 and the attendance of events
    /// A deputy's record: all of it for the deputy and staff, the public parts for others.
    duty_record(id) Get "/deputies/{id}/record" => DutyRecord;
    /// Staff: every deputy's attendance, and the event's check-in code and window.
    event_attendance(id) Get "/events/{id}/attendance" => Attendance;
    record_attendance(id, deputy_id) Put "/events/{id}/attendance/{deputy_id}" => AttendanceRow;
    remove_attendance(id, deputy_id) Delete "/events/{id}/attendance/{deputy_id}" => ();
    /// A deputy checks in with the code of the event's QR.
    check_in(id) Post "/events/{id}/check-ins" CheckIn => AttendanceRow;
}

/// Filters of an article list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleFilter {
    pub kind: Option<contract::ArticleKind>,
    pub category: Option<String>,
    pub q: Option<String>,
    /// With `q`: best matches first (`sort=relevance`) instead of newest first.
    pub relevance: bool,
}

/// Which message list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageList {
    /// The signed-in user's own messages.
    Mine,
    /// The public board.
    Board,
    /// A handler's inbox.
    Inbox,
    /// Staff's triage queue.
    Triage,
}

impl MessageList {
    /// A page of this list; `status` as in the contract (`open`, or a status).
    pub fn endpoint(
        self,
        status: Option<&str>,
        category: Option<&str>,
        cursor: Option<&str>,
    ) -> Endpoint<(), Page<MessageSummary>> {
        let list = match self {
            MessageList::Mine => my_messages,
            MessageList::Board => board,
            MessageList::Inbox => inbox,
            MessageList::Triage => triage_queue,
        };
        list(status, category, cursor)
    }
}

/// The full URL of the live stream for `EventSource`: a one-time ticket, and the id of the
/// last notification seen so that the backend replays what came after it.
pub fn stream_url(ticket: &str, last_event_id: Option<&str>) -> String {
    super::absolute(&stream(Some(ticket), last_event_id).path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes_path_params_and_query() {
        assert_eq!(article("a 1/2").path, "/articles/a%201%2F2");
        assert_eq!(
            plan_step_done("m_1", "s 2").path,
            "/messages/m_1/plan/s%202/done"
        );
        assert_eq!(
            articles(Some("news"), None, Some("医保"), Some("relevance"), None, Some("4")).path,
            "/articles?kind=news&q=%E5%8C%BB%E4%BF%9D&sort=relevance&limit=4"
        );
        assert_eq!(articles(None, None, None, None, None, None).path, "/articles");
        assert_eq!(deputies(None, None, Some("st_1"), None).path, "/deputies?first_station=st_1");
        assert_eq!(categories(Some("policy")).path, "/categories?kind=policy");
        assert_eq!(create_message().method, Method::Post);
        assert_eq!(set_notification_preferences().method, Method::Put);
        assert_eq!(comments(Some("article"), Some("a 1"), Some("top"), None, None).path, "/comments?target_kind=article&target_id=a%201&sort=top");
        assert_eq!(like("comment", "c/1").path, "/likes/comment/c%2F1");
        assert_eq!(unlike("article", "a1").method, Method::Delete);
    }

    /// Every route the app calls is an operation of the committed OpenAPI document, with that
    /// method, and every query parameter it sends is a documented parameter of it.
    #[test]
    fn every_endpoint_the_app_calls_is_in_the_openapi_document() {
        let doc: serde_json::Value = serde_json::from_str(include_str!("../../api/openapi.json"))
            .expect("api/openapi.json is JSON");
        let paths = doc["paths"].as_object().expect("paths");
        for route in ALL {
            let path = format!("{}{}", contract::API_PREFIX, route.template);
            let method = route.method.as_str().to_ascii_lowercase();
            let op = paths
                .get(&path)
                .and_then(|p| p.get(&method))
                .unwrap_or_else(|| {
                    panic!(
                        "{} {path} is called by the app but not in api/openapi.json",
                        route.method.as_str()
                    )
                });
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let documented = |name: &str, place: &str| {
                params.iter().any(|p| p["name"] == name && p["in"] == place)
            };
            for q in route.query {
                assert!(
                    documented(q, "query"),
                    "{method} {path}: query parameter {q} is not documented"
                );
            }
            let mut rest = route.template;
            while let Some(open) = rest.find('{') {
                let close = open + rest[open..].find('}').expect("closing brace");
                let name = &rest[open + 1..close];
                assert!(
                    documented(name, "path"),
                    "{method} {path}: path parameter {name} is not documented"
                );
                rest = &rest[close + 1..];
            }
        }
        assert!(ALL.len() >= 40, "only {} routes", ALL.len());
    }

    /// No route is listed twice (a copy-paste slip would hide one).
    #[test]
    fn routes_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(
                    !(a.method == b.method && a.template == b.template),
                    "{} {} twice",
                    a.method.as_str(),
                    a.template
                );
            }
        }
    }
}
