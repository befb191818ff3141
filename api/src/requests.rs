//! The rules of each request body, built from [`crate::rules`]: `validate` answers the
//! request as the server keeps it (texts trimmed, blank optional texts dropped) or every
//! field error at once, one per field, in the order of the fields; `check` only the errors
//! (for a form). What needs the server's data (does the category exist, is the photo yours)
//! is the server's to add. [`Request::FIELDS`] says what each field is on the wire.

use crate::rules::{self, Expect, Field, FieldErrors, Request, Validate};
use crate::{
    CodeRequest, FieldError, HandOver, KindPreference, MessageStatus, NewMessage, NewPlanStep,
    NewRating, NewReply, NotificationKind, NotificationPreferences, Reopen, SignIn, StatusChange,
    StepDone, Track, Triage, CommentEdit, ModerationAction, ModerationDecision, NewComment, NewReport,
    NewSuspension, ReportReason, NewTopic, CloseTopic, TOPIC_TITLE_MIN, TOPIC_TITLE_MAX, TOPIC_BODY_MIN,
    TOPIC_BODY_MAX, CONCLUSION_MAX, ADOPTED_MAX, LOCATION_MAX, COMMENT_MAX, MODERATION_REASON_MAX, REPORT_DETAIL_MAX, SUSPENSION_DAYS_MAX, BODY_MAX, BODY_MIN, NOTE_MAX, REASON_MIN, REPLY_MAX, STEP_TITLE_MAX,
    STEP_TITLE_MIN, TITLE_MAX, TITLE_MIN,
};

/// `check` and [`Validate`] from `validate` (`now`: it takes the time; `; version`: the
/// request carries the message version the client saw, in its field `version`).
macro_rules! check_from_validate {
    ($t:ty $(; $version:ident)?) => {
        impl $t {
            /// Every field error of [`Self::validate`] (none: the request is fine as far as
            /// its own fields go).
            pub fn check(&self) -> Vec<FieldError> {
                self.validate().err().unwrap_or_default()
            }
        }

        impl Validate for $t {
            fn validate_at(&self, _now: i64) -> Result<Self, Vec<FieldError>> {
                self.validate()
            }
            $(
                fn seen_version(&self) -> Option<u32> {
                    Some(self.$version)
                }
            )?
        }
    };
    ($t:ty, now $(; $version:ident)?) => {
        impl $t {
            /// Every field error of [`Self::validate`] at `now` (none: the request is fine
            /// as far as its own fields go).
            pub fn check(&self, now: i64) -> Vec<FieldError> {
                self.validate(now).err().unwrap_or_default()
            }
        }

        impl Validate for $t {
            fn validate_at(&self, now: i64) -> Result<Self, Vec<FieldError>> {
                self.validate(now)
            }
            $(
                fn seen_version(&self) -> Option<u32> {
                    Some(self.$version)
                }
            )?
        }
    };
}

const VERSION: Field = Field::required("version", Expect::Version);
const TRACKS: &str = "fast, major";
const STATUSES: &str = "accepted, in_progress, resolved, closed";

impl Request for NewMessage {
    const FIELDS: &'static [Field] = &[
        Field::required("recipient", Expect::Handler),
        Field::required("category_id", Expect::Id),
        Field::required("title", Expect::Text),
        Field::required("body", Expect::Text),
        Field::optional("photo_ids", Expect::PhotoIds),
        Field::optional("location", Expect::Location),
        Field::optional("public", Expect::Flag),
        Field::optional("via", Expect::Id),
    ];
}

impl NewMessage {
    /// The rules of a new message. The server also checks that the recipient and the
    /// category exist and that the photos are the author's recent, unattached uploads.
    pub fn validate(&self) -> Result<NewMessage, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let m = NewMessage {
            recipient: e.value(rules::recipient("recipient", &self.recipient)),
            category_id: e.value(rules::id("category_id", &self.category_id)),
            title: e.value(rules::required_text("title", &self.title, TITLE_MIN, TITLE_MAX)),
            body: e.value(rules::required_text("body", &self.body, BODY_MIN, BODY_MAX)),
            photo_ids: e.value(rules::photo_ids(&self.photo_ids)),
            location: match &self.location {
                Some(l) => e.take(rules::location(l)),
                None => None,
            },
            public: self.public,
            via: match &self.via {
                Some(v) => e.take(rules::id("via", v)),
                None => None,
            },
        };
        e.finish(m)
    }
}
check_from_validate!(NewMessage);

impl Request for Triage {
    const FIELDS: &'static [Field] = &[
        VERSION,
        Field::required("track", Expect::OneOf(TRACKS)),
        Field::required("category_id", Expect::Id),
        Field::required("handler", Expect::Handler),
        Field::optional("note", Expect::Text),
    ];
}

impl Triage {
    /// The rules of a triage. The server also checks that the category and the handler
    /// exist.
    pub fn validate(&self) -> Result<Triage, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let t = Triage {
            version: e.value(rules::version(self.version)),
            track: e.value(rules::one_of("track", self.track, Track::ALL, TRACKS)),
            category_id: e.value(rules::id("category_id", &self.category_id)),
            handler: e.value(rules::handler("handler", &self.handler)),
            note: e.value(rules::optional_text("note", self.note.as_deref(), 1, NOTE_MAX)),
        };
        e.finish(t)
    }
}
check_from_validate!(Triage; version);

impl Request for NewReply {
    const FIELDS: &'static [Field] = &[Field::required("body", Expect::Text)];
}

impl NewReply {
    /// The rules of a reply or a follow-up.
    pub fn validate(&self) -> Result<NewReply, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let r = NewReply { body: e.value(rules::required_text("body", &self.body, 1, REPLY_MAX)) };
        e.finish(r)
    }
}
check_from_validate!(NewReply);

impl Request for StatusChange {
    const FIELDS: &'static [Field] = &[
        VERSION,
        Field::required("status", Expect::OneOf(STATUSES)),
        Field::optional("note", Expect::Text),
    ];
}

impl StatusChange {
    /// The rules of a status change (which changes are allowed now is the server's to say,
    /// see `Permissions::set_status`).
    pub fn validate(&self) -> Result<StatusChange, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let s = StatusChange {
            version: e.value(rules::version(self.version)),
            status: e.value(rules::one_of("status", self.status, MessageStatus::ALL, STATUSES)),
            note: e.value(rules::optional_text("note", self.note.as_deref(), 1, NOTE_MAX)),
        };
        e.finish(s)
    }
}
check_from_validate!(StatusChange; version);

impl Request for NewPlanStep {
    const FIELDS: &'static [Field] =
        &[VERSION, Field::required("title", Expect::Text), Field::required("due_at", Expect::Time)];
}

impl NewPlanStep {
    /// The rules of a plan step; `now` in Unix seconds (the step may not be due before).
    pub fn validate(&self, now: i64) -> Result<NewPlanStep, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let s = NewPlanStep {
            version: e.value(rules::version(self.version)),
            title: e.value(rules::required_text(
                "title",
                &self.title,
                STEP_TITLE_MIN,
                STEP_TITLE_MAX,
            )),
            due_at: match e.take(rules::not_before("due_at", &self.due_at, now)) {
                Some(_) => self.due_at.clone(),
                None => String::new(),
            },
        };
        e.finish(s)
    }
}
check_from_validate!(NewPlanStep, now; version);

impl Request for StepDone {
    const FIELDS: &'static [Field] = &[VERSION];
}

impl StepDone {
    /// The rules of ticking off a plan step.
    pub fn validate(&self) -> Result<StepDone, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let s = StepDone { version: e.value(rules::version(self.version)) };
        e.finish(s)
    }
}
check_from_validate!(StepDone; version);

impl Request for HandOver {
    const FIELDS: &'static [Field] = &[
        VERSION,
        Field::required("department_id", Expect::Id),
        Field::required("note", Expect::Text),
    ];
}

impl HandOver {
    /// The rules of a hand-over. The server also checks that the department exists.
    pub fn validate(&self) -> Result<HandOver, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let h = HandOver {
            version: e.value(rules::version(self.version)),
            department_id: e.value(rules::id("department_id", &self.department_id)),
            note: e.value(rules::required_text("note", &self.note, REASON_MIN, NOTE_MAX)),
        };
        e.finish(h)
    }
}
check_from_validate!(HandOver; version);

impl Request for NewRating {
    const FIELDS: &'static [Field] = &[
        Field::required("stars", Expect::Whole { min: 1, max: 5 }),
        Field::optional("comment", Expect::Text),
    ];
}

impl NewRating {
    /// The rules of a rating: 1–5 stars, an optional comment.
    pub fn validate(&self) -> Result<NewRating, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let r = NewRating {
            stars: match e.take(rules::whole("stars", i64::from(self.stars), 1, 5)) {
                Some(_) => self.stars,
                None => 0,
            },
            comment: e.value(rules::optional_text("comment", self.comment.as_deref(), 1, NOTE_MAX)),
        };
        e.finish(r)
    }
}
check_from_validate!(NewRating);

impl Request for Reopen {
    const FIELDS: &'static [Field] = &[Field::required("reason", Expect::Text)];
}

impl Reopen {
    /// The rules of a reopening.
    pub fn validate(&self) -> Result<Reopen, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let r = Reopen {
            reason: e.value(rules::required_text("reason", &self.reason, REASON_MIN, NOTE_MAX)),
        };
        e.finish(r)
    }
}
check_from_validate!(Reopen);

impl CodeRequest {
    /// The rules of a code request: the phone as the server keeps it.
    pub fn validate(&self) -> Result<CodeRequest, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let c = CodeRequest { phone: e.value(rules::phone(&self.phone)) };
        e.finish(c)
    }
}
check_from_validate!(CodeRequest);

impl SignIn {
    /// The rules of a sign-in: the phone and the code as the server reads them.
    pub fn validate(&self) -> Result<SignIn, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let s = SignIn {
            phone: e.value(rules::phone(&self.phone)),
            code: e.value(rules::sign_in_code(&self.code)),
        };
        e.finish(s)
    }
}
check_from_validate!(SignIn);

const KIND_UNKNOWN: &str = "kind is not a known kind of notification";

impl Request for KindPreference {
    /// As a request (a `PUT` of preferences), every channel is given.
    const FIELDS: &'static [Field] = &[
        Field::required("kind", Expect::Known(KIND_UNKNOWN)),
        Field::required("in_app", Expect::Switch),
        Field::required("sms", Expect::Switch),
        Field::required("wechat", Expect::Switch),
        Field::optional("web_push", Expect::Flag),
    ];
}

impl Request for NotificationPreferences {
    const FIELDS: &'static [Field] = &[Field::required(
        "items",
        Expect::List("items must be a list of {kind, in_app, sms, wechat}"),
    )];
}

impl NotificationPreferences {
    /// The rules of a `PUT` of preferences: known kinds, each listed once. The errors name
    /// `items[<index>].kind`.
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = FieldErrors::new();
        let mut seen: Vec<NotificationKind> = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let field = format!("items[{i}].kind");
            if item.kind == NotificationKind::Unknown {
                e.push(rules::error(&field, rules::INVALID, KIND_UNKNOWN));
            } else if seen.contains(&item.kind) {
                e.push(rules::error(&field, rules::INVALID, "each kind may be listed once"));
            } else {
                seen.push(item.kind);
            }
        }
        e.into_vec()
    }
}

// ---------------------------------------------------------------------------
// Participation
// ---------------------------------------------------------------------------

const COMMENT_TARGETS: &str = "article, message, topic, poll, course";
const REPORT_TARGETS: &str = "comment, topic";
const REASONS: &str = "spam, abuse, off_topic, personal_data, other";
const ACTIONS: &str = "approve, hide, restore, ignore_reports";

impl Request for NewComment {
    const FIELDS: &'static [Field] = &[
        Field::required("target_kind", Expect::OneOf(COMMENT_TARGETS)),
        Field::required("target_id", Expect::Id),
        Field::required("body", Expect::Text),
        Field::optional("reply_to", Expect::Id),
    ];
}

impl NewComment {
    /// The rules of a comment. The server also checks that the target exists and is open
    /// to comments, and that `reply_to` is a comment on it.
    pub fn validate(&self) -> Result<NewComment, Vec<FieldError>> {
        use crate::TargetKind as K;
        let mut e = FieldErrors::new();
        let c = NewComment {
            target_kind: e.value(rules::one_of(
                "target_kind",
                self.target_kind,
                &[K::Article, K::Message, K::Topic, K::Poll, K::Course],
                COMMENT_TARGETS,
            )),
            target_id: e.value(rules::id("target_id", &self.target_id)),
            body: e.value(rules::required_text("body", &self.body, 1, COMMENT_MAX)),
            reply_to: match &self.reply_to {
                Some(id) => e.take(rules::id("reply_to", id)),
                None => None,
            },
        };
        e.finish(c)
    }
}
check_from_validate!(NewComment);

impl Request for CommentEdit {
    const FIELDS: &'static [Field] = &[Field::required("body", Expect::Text)];
}

impl CommentEdit {
    /// The rules of an edit (the window and the author are the server's to check).
    pub fn validate(&self) -> Result<CommentEdit, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let c = CommentEdit {
            body: e.value(rules::required_text("body", &self.body, 1, COMMENT_MAX)),
        };
        e.finish(c)
    }
}
check_from_validate!(CommentEdit);

impl Request for NewReport {
    const FIELDS: &'static [Field] = &[
        Field::required("target_kind", Expect::OneOf(REPORT_TARGETS)),
        Field::required("target_id", Expect::Id),
        Field::required("reason", Expect::OneOf(REASONS)),
        Field::optional("detail", Expect::Text),
    ];
}

impl NewReport {
    /// The rules of a report: `other` needs a few words.
    pub fn validate(&self) -> Result<NewReport, Vec<FieldError>> {
        use crate::TargetKind as K;
        let mut e = FieldErrors::new();
        let reason = e.value(rules::one_of(
            "reason",
            self.reason,
            ReportReason::ALL,
            REASONS,
        ));
        let detail = e.value(rules::optional_text(
            "detail",
            self.detail.as_deref(),
            1,
            REPORT_DETAIL_MAX,
        ));
        if reason == ReportReason::Other && detail.is_none() && !e.has("detail") {
            e.push(rules::error(
                "detail",
                rules::REQUIRED,
                "detail must say what is wrong when the reason is other",
            ));
        }
        let r = NewReport {
            target_kind: e.value(rules::one_of(
                "target_kind",
                self.target_kind,
                &[K::Comment, K::Topic],
                REPORT_TARGETS,
            )),
            target_id: e.value(rules::id("target_id", &self.target_id)),
            reason,
            detail,
        };
        e.finish(r)
    }
}
check_from_validate!(NewReport);

impl Request for ModerationDecision {
    const FIELDS: &'static [Field] = &[
        Field::required("target_kind", Expect::OneOf(REPORT_TARGETS)),
        Field::required("target_id", Expect::Id),
        Field::required("action", Expect::OneOf(ACTIONS)),
        Field::optional("reason", Expect::Text),
    ];
}

impl ModerationDecision {
    /// The rules of a decision: hiding needs a reason (the author is told it).
    pub fn validate(&self) -> Result<ModerationDecision, Vec<FieldError>> {
        use crate::TargetKind as K;
        let mut e = FieldErrors::new();
        let target_kind = e.value(rules::one_of(
            "target_kind",
            self.target_kind,
            &[K::Comment, K::Topic],
            REPORT_TARGETS,
        ));
        let target_id = e.value(rules::id("target_id", &self.target_id));
        let action = e.value(rules::one_of(
            "action",
            self.action,
            ModerationAction::ALL,
            ACTIONS,
        ));
        let reason = e.value(rules::optional_text(
            "reason",
            self.reason.as_deref(),
            1,
            MODERATION_REASON_MAX,
        ));
        if action == ModerationAction::Hide && reason.is_none() && !e.has("reason") {
            e.push(rules::error(
                "reason",
                rules::REQUIRED,
                "reason is required to hide: the author is told it",
            ));
        }
        e.finish(ModerationDecision {
            target_kind,
            target_id,
            action,
            reason,
        })
    }
}
check_from_validate!(ModerationDecision);

impl Request for NewSuspension {
    const FIELDS: &'static [Field] = &[
        Field::required("user_id", Expect::Id),
        Field::required(
            "days",
            Expect::Whole {
                min: 1,
                max: SUSPENSION_DAYS_MAX,
            },
        ),
        Field::required("reason", Expect::Text),
    ];
}

impl NewSuspension {
    /// The rules of a suspension.
    pub fn validate(&self) -> Result<NewSuspension, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let s = NewSuspension {
            user_id: e.value(rules::id("user_id", &self.user_id)),
            days: e.value(rules::whole("days", self.days, 1, SUSPENSION_DAYS_MAX)),
            reason: e.value(rules::required_text(
                "reason",
                &self.reason,
                1,
                MODERATION_REASON_MAX,
            )),
        };
        e.finish(s)
    }
}
check_from_validate!(NewSuspension);

impl Request for NewTopic {
    const FIELDS: &'static [Field] = &[
        Field::required("title", Expect::Text),
        Field::required("body", Expect::Text),
        Field::optional("station_id", Expect::Id),
        Field::optional("village", Expect::Text),
        Field::optional("closes_at", Expect::Time),
    ];
}

impl NewTopic {
    /// The rules of a new topic; `now` in Unix seconds (it may not close in the past). The
    /// server also checks that the station exists and serves the village.
    pub fn validate(&self, now: i64) -> Result<NewTopic, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let title = e.value(rules::required_text("title", &self.title, TOPIC_TITLE_MIN, TOPIC_TITLE_MAX));
        let body = e.value(rules::required_text("body", &self.body, TOPIC_BODY_MIN, TOPIC_BODY_MAX));
        let station_id = match &self.station_id {
            Some(id) => e.take(rules::id("station_id", id)),
            None => None,
        };
        let village = e.value(rules::optional_text("village", self.village.as_deref(), 1, LOCATION_MAX));
        if village.is_some() && self.station_id.is_none() && !e.has("village") {
            e.push(rules::error("village", rules::REQUIRED, "village needs station_id: the station that serves it"));
        }
        let closes_at = match &self.closes_at {
            Some(t) => e.take(rules::not_before("closes_at", t, now)).map(|_| t.clone()),
            None => None,
        };
        e.finish(NewTopic { title, body, station_id, village, closes_at })
    }
}
check_from_validate!(NewTopic, now);

impl Request for CloseTopic {
    const FIELDS: &'static [Field] = &[
        Field::required("conclusion", Expect::Text),
        Field::optional("adopted", Expect::List("adopted must be a list of comment ids")),
    ];
}

impl CloseTopic {
    /// The rules of a conclusion: at most 20 distinct comment ids (that they are published
    /// comments of the topic is the server's to check).
    pub fn validate(&self) -> Result<CloseTopic, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let conclusion = e.value(rules::required_text("conclusion", &self.conclusion, 1, CONCLUSION_MAX));
        let mut adopted: Vec<String> = Vec::new();
        for id in &self.adopted {
            if !rules::valid_id(id) {
                e.push(rules::error("adopted", rules::INVALID, "adopted must be a list of comment ids"));
                break;
            }
            if !adopted.contains(id) {
                adopted.push(id.clone());
            }
        }
        if adopted.len() > ADOPTED_MAX && !e.has("adopted") {
            e.push(rules::error("adopted", rules::TOO_LONG, format!("at most {ADOPTED_MAX} comments can be adopted")));
        }
        e.finish(CloseTopic { conclusion, adopted })
    }
}
check_from_validate!(CloseTopic);

#[cfg(test)]
mod tests {
    //! The rules with the cases the server's tests use, and that every table of fields
    //! matches its struct (names and order) as serde sees it.

    use serde::de::{self, Deserialize, Visitor};

    use super::*;
    use crate::rules::{valid_id, valid_upload_id};
    use crate::{HandlerKind, Location, Recipient};

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    /// The field names of a struct, in order, as its `Deserialize` declares them.
    fn serde_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
        struct Probe(Option<&'static [&'static str]>);
        #[derive(Debug)]
        struct Stop;
        impl std::fmt::Display for Stop {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("stop")
            }
        }
        impl std::error::Error for Stop {}
        impl de::Error for Stop {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Stop
            }
        }
        impl<'de> de::Deserializer<'de> for &mut Probe {
            type Error = Stop;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
                Err(Stop)
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Stop> {
                self.0 = Some(fields);
                Err(Stop)
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut probe = Probe(None);
        let _ = T::deserialize(&mut probe);
        probe.0.expect("a struct")
    }

    fn names<T: Request>() -> Vec<&'static str> {
        T::FIELDS.iter().map(|f| f.name).collect()
    }

    #[test]
    fn tables_of_fields_match_the_structs() {
        assert_eq!(names::<NewMessage>(), serde_fields::<NewMessage>());
        assert_eq!(names::<Triage>(), serde_fields::<Triage>());
        assert_eq!(names::<NewReply>(), serde_fields::<NewReply>());
        assert_eq!(names::<StatusChange>(), serde_fields::<StatusChange>());
        assert_eq!(names::<NewPlanStep>(), serde_fields::<NewPlanStep>());
        assert_eq!(names::<StepDone>(), serde_fields::<StepDone>());
        assert_eq!(names::<HandOver>(), serde_fields::<HandOver>());
        assert_eq!(names::<NewRating>(), serde_fields::<NewRating>());
        assert_eq!(names::<Reopen>(), serde_fields::<Reopen>());
        assert_eq!(names::<KindPreference>(), serde_fields::<KindPreference>());
        assert_eq!(names::<NotificationPreferences>(), serde_fields::<NotificationPreferences>());
        assert_eq!(names::<crate::NewPoster>(), serde_fields::<crate::NewPoster>());
    }

    #[test]
    fn a_poster_names_its_target_and_place_and_a_message_its_poster() {
        use crate::{NewPoster, PosterTarget};
        let codes = |p: &NewPoster| -> Vec<(String, String)> {
            p.check().into_iter().map(|e| (e.field, e.code)).collect()
        };
        let ok = NewPoster { target: PosterTarget::Deputy, target_id: Some("dp_lw01".into()), place: " 石峡村委会公告栏 ".into() };
        assert_eq!(ok.validate().unwrap().place, "石峡村委会公告栏");
        let home = NewPoster { target: PosterTarget::Home, target_id: None, place: "卫生院挂号处".into() };
        assert!(home.check().is_empty());
        let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
        assert_eq!(codes(&NewPoster { target_id: None, ..ok.clone() }), vec![pair("target_id", "required")]);
        assert_eq!(codes(&NewPoster { target_id: Some("dp_lw01".into()), ..home.clone() }), vec![pair("target_id", "invalid")]);
        assert_eq!(
            codes(&NewPoster { target: PosterTarget::Unknown, target_id: None, place: "长".repeat(41) }),
            vec![pair("target", "invalid"), pair("place", "too_long")]
        );
        assert_eq!(codes(&NewPoster { place: "  ".into(), ..home }), vec![pair("place", "required")]);
        let mut m = message();
        m.via = Some("ps_00001".into());
        assert_eq!(m.validate().unwrap().via.as_deref(), Some("ps_00001"));
        m.via = Some("不是编号".into());
        assert_eq!(m.check().into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(), vec![pair("via", "invalid")]);
    }

    fn message() -> NewMessage {
        NewMessage {
            recipient: Recipient { kind: HandlerKind::Deputy, id: "dp_lw01".into() },
            category_id: "mc_traffic".into(),
            title: "  村口路灯不亮  ".into(),
            body: "村口到小学的路段没有路灯，晚上孩子放学很不安全。".into(),
            photo_ids: vec!["0123456789abcdef0123456789abcdef".into()],
            location: Some(Location {
                label: " 龙湾村村口 ".into(),
                lat: Some(23.7),
                lng: Some(113.0),
            }),
            public: true,
            via: None,
        }
    }

    #[test]
    fn a_new_message_is_cleaned_or_every_error_is_named() {
        let clean = message().validate().expect("valid");
        assert_eq!(clean.title, "村口路灯不亮");
        assert_eq!(clean.location.as_ref().map(|l| l.label.as_str()), Some("龙湾村村口"));
        assert!(message().check().is_empty());

        let empty = NewMessage::default();
        assert_eq!(
            codes(&empty.check()),
            [
                ("recipient", "invalid"),
                ("category_id", "required"),
                ("title", "required"),
                ("body", "required")
            ]
        );
        type Case = (fn(&mut NewMessage), &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (|m| m.title = "短".into(), "title", "too_short"),
            (|m| m.title = "长".repeat(41), "title", "too_long"),
            (|m| m.title = "   ".into(), "title", "required"),
            (|m| m.title = "路灯\u{7}不亮".into(), "title", "invalid"),
            (|m| m.body = "太短了".into(), "body", "too_short"),
            (|m| m.body = "长".repeat(1001), "body", "too_long"),
            (|m| m.recipient.kind = HandlerKind::Unknown, "recipient", "invalid"),
            (|m| m.recipient.id = "dp lw01".into(), "recipient", "invalid"),
            (|m| m.category_id = String::new(), "category_id", "required"),
            (|m| m.category_id = "mc/x".into(), "category_id", "invalid"),
            (|m| m.photo_ids = vec!["a".into(); 5], "photo_ids", "too_long"),
            (|m| m.photo_ids = vec!["not an id".into()], "photo_ids", "invalid"),
            (
                |m| m.photo_ids = vec!["0123456789abcdef0123456789abcdef".into(); 2],
                "photo_ids",
                "invalid",
            ),
            (|m| m.location.as_mut().unwrap().lat = Some(91.0), "location", "out_of_range"),
            (|m| m.location.as_mut().unwrap().lng = Some(f64::NAN), "location", "out_of_range"),
            (|m| m.location.as_mut().unwrap().lng = None, "location", "invalid"),
            (|m| m.location.as_mut().unwrap().label = String::new(), "location", "required"),
            (|m| m.location.as_mut().unwrap().label = "长".repeat(101), "location", "too_long"),
        ];
        for (i, (change, field, code)) in cases.into_iter().enumerate() {
            let mut m = message();
            change(&mut m);
            assert_eq!(codes(&m.check()), [(field, code)], "case {i}");
        }
        // "Not sure whom": a message to a liaison station, for its staff to triage.
        let mut to_station = message();
        to_station.recipient = Recipient { kind: HandlerKind::Station, id: "st_center".into() };
        assert!(to_station.check().is_empty());
    }

    #[test]
    fn handling_requests() {
        let triage = Triage {
            version: 0,
            track: Track::Unknown,
            category_id: "mc_x".into(),
            handler: Recipient { kind: HandlerKind::Deputy, id: "dp_nobody".into() },
            note: Some("长".repeat(201)),
        };
        assert_eq!(
            codes(&triage.check()),
            [("version", "invalid"), ("track", "invalid"), ("note", "too_long")]
        );
        // A station is where a message may be sent, never who handles it.
        let to_station = Triage {
            version: 3,
            track: Track::Fast,
            handler: Recipient { kind: HandlerKind::Station, id: "st_center".into() },
            note: None,
            ..triage.clone()
        };
        assert_eq!(codes(&to_station.check()), [("handler", "invalid")]);
        let ok = Triage { version: 3, track: Track::Major, note: Some("  ".into()), ..triage }
            .validate();
        assert_eq!(ok.expect("valid").note, None, "a blank note is no note");

        let status = StatusChange { version: 2, status: MessageStatus::Unknown, note: None };
        assert_eq!(codes(&status.check()), [("status", "invalid")]);
        let status = StatusChange {
            version: 0,
            status: MessageStatus::Accepted,
            note: Some("长".repeat(201)),
        };
        assert_eq!(codes(&status.check()), [("version", "invalid"), ("note", "too_long")]);

        let now = crate::civil::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
        let step = |title: &str, due: &str| NewPlanStep {
            version: 2,
            title: title.into(),
            due_at: due.into(),
        };
        assert!(step("现场勘查", "2026-12-01T00:00:00Z").check(now).is_empty());
        assert!(step("现场勘查", "2026-11-29T00:00:00Z").check(now).is_empty(), "now is not past");
        assert_eq!(
            codes(&step("勘", "2020-01-01T00:00:00Z").check(now)),
            [("title", "too_short"), ("due_at", "out_of_range")]
        );
        assert_eq!(
            codes(&step(&"长".repeat(61), "tomorrow").check(now)),
            [("title", "too_long"), ("due_at", "invalid")]
        );
        assert_eq!(codes(&StepDone { version: 0 }.check()), [("version", "invalid")]);

        let hand = HandOver { version: 2, department_id: String::new(), note: "转".into() };
        assert_eq!(codes(&hand.check()), [("department_id", "required"), ("note", "too_short")]);
        assert_eq!(codes(&NewReply { body: " ".into() }.check()), [("body", "required")]);
        assert_eq!(codes(&NewReply { body: "长".repeat(1001) }.check()), [("body", "too_long")]);
        for (stars, code) in
            [(0, Some("out_of_range")), (1, None), (5, None), (6, Some("out_of_range"))]
        {
            let got = NewRating { stars, comment: None }.check();
            assert_eq!(got.first().map(|e| e.code.as_str()), code, "{stars}");
        }
        assert_eq!(codes(&Reopen { reason: "不".into() }.check()), [("reason", "too_short")]);
        assert_eq!(
            Reopen { reason: " 问题还在 ".into() }.validate().expect("valid").reason,
            "问题还在"
        );
    }

    #[test]
    fn sign_in_fields() {
        let ok = SignIn { phone: "+86 138 0000 0001".into(), code: " 123456 ".into() }.validate();
        assert_eq!(ok, Ok(SignIn { phone: "13800000001".into(), code: "123456".into() }));
        let bad = SignIn { phone: "  ".into(), code: "".into() };
        assert_eq!(codes(&bad.check()), [("phone", "required"), ("code", "required")]);
        let bad = SignIn { phone: "23800000001".into(), code: "12345a".into() };
        assert_eq!(codes(&bad.check()), [("phone", "invalid"), ("code", "invalid")]);
        assert_eq!(codes(&CodeRequest { phone: "138-0000-0001".into() }.check()), []);
        for good in ["13800000001", "+86 138 0000 0001", "138-0000-0001", "0086 13800000001"] {
            assert_eq!(rules::normalize_phone(good).as_deref(), Some("13800000001"), "{good}");
        }
        for bad in
            ["", "1380000000", "23800000001", "138000000011", "1380000000a", "+1 13800000001"]
        {
            assert_eq!(rules::normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn preferences_name_the_item() {
        let p = |kind| KindPreference { kind, in_app: true, sms: false, wechat: false, web_push: true };
        let prefs = NotificationPreferences {
            items: vec![
                p(NotificationKind::Reply),
                p(NotificationKind::Unknown),
                p(NotificationKind::Reply),
            ],
        };
        assert_eq!(
            codes(&prefs.check()),
            [("items[1].kind", "invalid"), ("items[2].kind", "invalid")]
        );
    }

    #[test]
    fn texts_ids_and_numbers() {
        assert_eq!(rules::text("a", "  四个汉字  ", 4, 10, true), Ok(Some("四个汉字".into())));
        assert_eq!(rules::text("o", "", 1, 10, false), Ok(None));
        assert_eq!(rules::text("a", "行一\n行二\t", 1, 10, true), Ok(Some("行一\n行二".into())));
        let code = |r: Result<Option<String>, FieldError>| r.unwrap_err().code;
        assert_eq!(code(rules::text("c", "", 1, 10, true)), "required");
        assert_eq!(code(rules::text("d", &"x".repeat(11), 1, 10, true)), "too_long");
        assert_eq!(code(rules::text("a", "四个汉字", 5, 10, true)), "too_short");
        assert_eq!(code(rules::text("e", "ab\u{7}", 1, 10, true)), "invalid");
        // bidirectional embeddings, overrides and isolates are refused; the marks are not
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            let e = rules::text("body", &format!("电话1380{c}0000"), 1, 20, true).unwrap_err();
            assert_eq!((e.field.as_str(), e.code.as_str()), ("body", "invalid"), "{c:?}");
        }
        for c in ['\u{200E}', '\u{200F}', '\u{2029}', '\u{206A}', '\u{2065}'] {
            assert!(!rules::is_bidi_control(c), "{c:?}");
        }
        assert_eq!(rules::text("a", "a\u{200F}b", 1, 10, true), Ok(Some("a\u{200F}b".into())));
        let mut m = NewMessage { title: "路灯不亮\u{202E}了".into(), ..Default::default() };
        m.body = "村口路灯坏了一个月\u{2066}没人修".into();
        let fields: Vec<String> = m.check().into_iter().filter(|e| e.code == "invalid").map(|e| e.field).collect();
        assert!(fields.contains(&"title".to_string()) && fields.contains(&"body".to_string()), "{fields:?}");
        assert!(valid_id("m_000001") && valid_id("dept-build") && valid_id(&"a".repeat(64)));
        assert!(
            !valid_id("") && !valid_id("m 1") && !valid_id(&"a".repeat(65)) && !valid_id("路灯")
        );
        assert!(valid_upload_id("0123456789abcdef0123456789abcdef"));
        assert!(!valid_upload_id("0123456789ABCDEF0123456789abcdef") && !valid_upload_id("0123"));
        assert_eq!(rules::whole("s", 6, 1, 5).unwrap_err().code, "out_of_range");
        assert_eq!(rules::whole("s", 3, 1, 5), Ok(3));
        let now = crate::civil::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
        assert!(rules::not_before("due", "2026-12-01T00:00:00Z", now).is_ok());
        assert_eq!(
            rules::not_before("old", "2020-01-01T00:00:00Z", now).unwrap_err().code,
            "out_of_range"
        );
        assert_eq!(rules::not_before("bad", "tomorrow", now).unwrap_err().code, "invalid");
    }

    #[test]
    fn values_of_the_wrong_kind_are_named_by_the_field() {
        use serde_json::json;
        let field = |name| NewMessage::FIELDS.iter().find(|f| f.name == name).copied().unwrap();
        let wrong = |name, v: serde_json::Value| {
            let e = field(name).wrong(&v);
            (e.field, e.code)
        };
        assert_eq!(wrong("title", json!(42)), ("title".into(), "invalid".into()));
        assert_eq!(wrong("recipient", json!("dp_lw01")), ("recipient".into(), "invalid".into()));
        assert_eq!(
            wrong("photo_ids", json!([1, 2, 3, 4, 5])),
            ("photo_ids".into(), "too_long".into())
        );
        assert_eq!(wrong("photo_ids", json!("abc")), ("photo_ids".into(), "invalid".into()));
        assert_eq!(wrong("location", json!({"label": 5})).1, "invalid");
        assert_eq!(wrong("public", json!("yes")).1, "invalid");
        let stars = NewRating::FIELDS[0];
        assert_eq!(stars.wrong(&json!(2.5)).code, "out_of_range");
        assert_eq!(stars.wrong(&json!(300)).code, "out_of_range");
        assert_eq!(stars.wrong(&json!("5")).code, "invalid");
        let mut five = json!(5.0);
        assert!(stars.prepare(&mut five).is_ok());
        assert_eq!(five, json!(5), "a whole number written with a fraction of zero");
        // a struct is an object (serde would also read an array of its fields)
        for not_an_object in [json!(["deputy", "dp_lw01"]), json!([]), json!("村口")] {
            for name in ["recipient", "location"] {
                let e = field(name).prepare(&mut not_an_object.clone()).unwrap_err();
                assert_eq!(
                    (e.field.as_str(), e.code.as_str()),
                    (name, "invalid"),
                    "{not_an_object}"
                );
            }
        }
        // a location's problems in the order of its rule: label, lat, lng
        let location = |v: serde_json::Value| {
            let e = field("location").wrong(&v);
            (e.code, e.message)
        };
        let long = "长".repeat(101);
        assert_eq!(location(json!({"label": long, "lat": "x"})).0, "too_long");
        assert_eq!(location(json!({"label": 5, "lat": "x"})).1, "location must be text");
        assert_eq!(location(json!({"label": "村口", "lat": 91, "lng": "a"})).0, "out_of_range");
        assert_eq!(
            location(json!({"label": "村口", "lat": 1, "lng": "a"})).1,
            "location.lng must be a number"
        );
        assert_eq!(
            location(json!({"label": "村口", "lat": "x", "lng": 500})).1,
            "location.lat must be a number"
        );
        let mut unlabelled = json!({"lat": 1.0, "lng": 2.0});
        assert_eq!(field("location").prepare(&mut unlabelled).unwrap_err().code, "required");
        assert_eq!(VERSION.missing().map(|e| e.code), Some("required".into()));
        assert_eq!(field("public").missing(), None);
        let kind = KindPreference::FIELDS[0];
        assert_eq!(kind.missing().map(|e| e.code), Some("invalid".into()));
        let in_app = KindPreference::FIELDS[1];
        assert_eq!(in_app.wrong(&json!("yes")).code, "required");
    }
}

impl Request for crate::NewRead {
    const FIELDS: &'static [Field] = &[Field::required("article_id", Expect::Id)];
}

impl crate::NewRead {
    /// The rules of a read report (the time read is the server's to check).
    pub fn validate(&self) -> Result<crate::NewRead, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let r = crate::NewRead { article_id: e.value(rules::id("article_id", &self.article_id)) };
        e.finish(r)
    }
}
check_from_validate!(crate::NewRead);

impl Request for crate::NewCommendation {
    const FIELDS: &'static [Field] = &[
        Field::optional("user_id", Expect::Id),
        Field::optional("deputy_id", Expect::Id),
        Field::required("title", Expect::Text),
        Field::required("reason", Expect::Text),
        Field::required("period", Expect::Text),
    ];
}

impl crate::NewCommendation {
    /// The rules of a commendation: exactly one of `user_id` and `deputy_id`.
    pub fn validate(&self) -> Result<crate::NewCommendation, Vec<FieldError>> {
        use crate::{COMMENDATION_PERIOD_MAX, COMMENDATION_REASON_MAX, COMMENDATION_TITLE_MAX};
        let mut e = FieldErrors::new();
        let user_id = match &self.user_id {
            Some(id) => e.take(rules::id("user_id", id)),
            None => None,
        };
        let deputy_id = match &self.deputy_id {
            Some(id) => e.take(rules::id("deputy_id", id)),
            None => None,
        };
        match (&self.user_id, &self.deputy_id) {
            (None, None) => e.push(rules::error("user_id", rules::REQUIRED, "say whom: user_id or deputy_id")),
            (Some(_), Some(_)) => {
                e.push(rules::error("deputy_id", rules::INVALID, "one person: user_id or deputy_id, not both"))
            }
            _ => {}
        }
        let c = crate::NewCommendation {
            user_id,
            deputy_id,
            title: e.value(rules::required_text("title", &self.title, 1, COMMENDATION_TITLE_MAX)),
            reason: e.value(rules::required_text("reason", &self.reason, 1, COMMENDATION_REASON_MAX)),
            period: e.value(rules::required_text("period", &self.period, 1, COMMENDATION_PERIOD_MAX)),
        };
        e.finish(c)
    }
}
check_from_validate!(crate::NewCommendation);

impl Request for crate::NewPoster {
    const FIELDS: &'static [Field] = &[
        Field::required("target", Expect::Known("target must be one of home, deputy, station")),
        Field::optional("target_id", Expect::Id),
        Field::required("place", Expect::Text),
    ];
}

impl crate::NewPoster {
    /// The rules of a new poster: `target_id` with `deputy` and `station`, none with `home`.
    /// Whether the deputy or station exists is the server's to say.
    pub fn validate(&self) -> Result<crate::NewPoster, Vec<FieldError>> {
        use crate::{PosterTarget, POSTER_PLACE_MAX};
        let mut e = FieldErrors::new();
        let target = e.value(rules::one_of("target", self.target, PosterTarget::ALL, "home, deputy, station"));
        let target_id = match (self.target, &self.target_id) {
            (PosterTarget::Home, Some(_)) => {
                e.push(rules::error("target_id", rules::INVALID, "target_id is not given for a home poster"));
                None
            }
            (PosterTarget::Deputy | PosterTarget::Station, None) => {
                e.push(rules::error("target_id", rules::REQUIRED, "say which deputy or station: target_id"));
                None
            }
            (_, Some(id)) => e.take(rules::id("target_id", id)),
            (_, None) => None,
        };
        let p = crate::NewPoster {
            target,
            target_id,
            place: e.value(rules::required_text("place", &self.place, 1, POSTER_PLACE_MAX)),
        };
        e.finish(p)
    }
}
check_from_validate!(crate::NewPoster);
