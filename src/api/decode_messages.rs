//! Decoders of messages and their handling, and encoders of the message requests (see
//! [`super::decode`] and [`super::encode`]).

use contract::{
    Actor, HandOver, HandlerRef, Location, Message, MessageCategory, MessageStatus, MessageSummary, NewMessage,
    NewPlanStep, NewRating, NewReply, Permissions, PlanStep, Rating, Recipient, Reopen, Reply, StatusChange, StepDone,
    TimelineEntry, TimelineKind, Track, Triage, Upload,
};

use super::decode::{boolean, def, enum_value, f64_, image_ref, lenient, opt, req, string, u32_, u8_, Fields, FromJson};
use super::decode_auth::role;
use super::decode_people::handler_kind;
use super::encode::Obj;
use super::json::J;

pub(crate) fn message_status(v: &J) -> Option<MessageStatus> {
    enum_value(v, MessageStatus::parse, MessageStatus::Unknown)
}

fn track(v: &J) -> Option<Track> {
    enum_value(v, Track::parse, Track::Unknown)
}

fn timeline_kind(v: &J) -> Option<TimelineKind> {
    enum_value(v, TimelineKind::parse, TimelineKind::Unknown)
}

fn category(v: &J) -> Option<MessageCategory> {
    let f = Fields::of(v)?;
    f.end(2)?;
    Some(MessageCategory { id: req(f.get(0, "id")?, string)?, name: def(f.get(1, "name")?, string)? })
}

fn handler_ref(v: &J) -> Option<HandlerRef> {
    let f = Fields::of(v)?;
    f.end(3)?;
    Some(HandlerRef {
        kind: req(f.get(0, "kind")?, handler_kind)?,
        id: req(f.get(1, "id")?, string)?,
        name: def(f.get(2, "name")?, string)?,
    })
}

fn actor(v: &J) -> Option<Actor> {
    let f = Fields::of(v)?;
    f.end(3)?;
    Some(Actor {
        name: def(f.get(0, "name")?, string)?,
        role: req(f.get(1, "role")?, role)?,
        is_you: def(f.get(2, "is_you")?, boolean)?,
    })
}

fn location(v: &J) -> Option<Location> {
    let f = Fields::of(v)?;
    f.end(3)?;
    Some(Location {
        label: def(f.get(0, "label")?, string)?,
        lat: opt(f.get(1, "lat")?, f64_)?,
        lng: opt(f.get(2, "lng")?, f64_)?,
    })
}

fn timeline_entry(v: &J) -> Option<TimelineEntry> {
    let f = Fields::of(v)?;
    f.end(6)?;
    Some(TimelineEntry {
        id: req(f.get(0, "id")?, string)?,
        at: req(f.get(1, "at")?, string)?,
        kind: req(f.get(2, "kind")?, timeline_kind)?,
        actor: def(f.get(3, "actor")?, actor)?,
        status: opt(f.get(4, "status")?, message_status)?,
        note: opt(f.get(5, "note")?, string)?,
    })
}

fn reply(v: &J) -> Option<Reply> {
    let f = Fields::of(v)?;
    f.end(4)?;
    Some(Reply {
        id: req(f.get(0, "id")?, string)?,
        at: req(f.get(1, "at")?, string)?,
        from: def(f.get(2, "from")?, actor)?,
        body: def(f.get(3, "body")?, string)?,
    })
}

fn plan_step(v: &J) -> Option<PlanStep> {
    let f = Fields::of(v)?;
    f.end(6)?;
    Some(PlanStep {
        id: req(f.get(0, "id")?, string)?,
        title: def(f.get(1, "title")?, string)?,
        due_at: req(f.get(2, "due_at")?, string)?,
        done: def(f.get(3, "done")?, boolean)?,
        done_at: opt(f.get(4, "done_at")?, string)?,
        overdue: def(f.get(5, "overdue")?, boolean)?,
    })
}

fn rating(v: &J) -> Option<Rating> {
    let f = Fields::of(v)?;
    f.end(3)?;
    Some(Rating {
        stars: req(f.get(0, "stars")?, u8_)?,
        comment: opt(f.get(1, "comment")?, string)?,
        at: req(f.get(2, "at")?, string)?,
    })
}

fn permissions(v: &J) -> Option<Permissions> {
    let f = Fields::of(v)?;
    f.end(8)?;
    Some(Permissions {
        triage: def(f.get(0, "triage")?, boolean)?,
        reply: def(f.get(1, "reply")?, boolean)?,
        set_status: lenient(f.get(2, "set_status")?, message_status)?,
        plan: def(f.get(3, "plan")?, boolean)?,
        hand_over: def(f.get(4, "hand_over")?, boolean)?,
        follow_up: def(f.get(5, "follow_up")?, boolean)?,
        rate: def(f.get(6, "rate")?, boolean)?,
        reopen: def(f.get(7, "reopen")?, boolean)?,
    })
}

impl FromJson for MessageCategory {
    fn from_json(v: &J) -> Option<Self> {
        category(v)
    }
}

impl FromJson for MessageSummary {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(16)?;
        Some(MessageSummary {
            id: req(f.get(0, "id")?, string)?,
            title: def(f.get(1, "title")?, string)?,
            excerpt: def(f.get(2, "excerpt")?, string)?,
            category: opt(f.get(3, "category")?, category)?,
            status: req(f.get(4, "status")?, message_status)?,
            track: opt(f.get(5, "track")?, track)?,
            recipient: def(f.get(6, "recipient")?, handler_ref)?,
            handler: opt(f.get(7, "handler")?, handler_ref)?,
            author: def(f.get(8, "author")?, actor)?,
            public: def(f.get(9, "public")?, boolean)?,
            created_at: req(f.get(10, "created_at")?, string)?,
            updated_at: req(f.get(11, "updated_at")?, string)?,
            deadline: opt(f.get(12, "deadline")?, string)?,
            overdue: def(f.get(13, "overdue")?, boolean)?,
            reply_count: def(f.get(14, "reply_count")?, u32_)?,
            photo_count: def(f.get(15, "photo_count")?, u32_)?,
        })
    }
}

impl FromJson for Message {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(24)?;
        Some(Message {
            id: req(f.get(0, "id")?, string)?,
            version: def(f.get(1, "version")?, u32_)?,
            title: def(f.get(2, "title")?, string)?,
            body: def(f.get(3, "body")?, string)?,
            category: opt(f.get(4, "category")?, category)?,
            status: req(f.get(5, "status")?, message_status)?,
            track: opt(f.get(6, "track")?, track)?,
            recipient: def(f.get(7, "recipient")?, handler_ref)?,
            handler: opt(f.get(8, "handler")?, handler_ref)?,
            author: def(f.get(9, "author")?, actor)?,
            public: def(f.get(10, "public")?, boolean)?,
            created_at: req(f.get(11, "created_at")?, string)?,
            updated_at: req(f.get(12, "updated_at")?, string)?,
            deadline: opt(f.get(13, "deadline")?, string)?,
            overdue: def(f.get(14, "overdue")?, boolean)?,
            closed_at: opt(f.get(15, "closed_at")?, string)?,
            reopen_until: opt(f.get(16, "reopen_until")?, string)?,
            photos: lenient(f.get(17, "photos")?, image_ref)?,
            location: opt(f.get(18, "location")?, location)?,
            timeline: lenient(f.get(19, "timeline")?, timeline_entry)?,
            replies: lenient(f.get(20, "replies")?, reply)?,
            plan: lenient(f.get(21, "plan")?, plan_step)?,
            rating: opt(f.get(22, "rating")?, rating)?,
            can: def(f.get(23, "can")?, permissions)?,
        })
    }
}

impl FromJson for Upload {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(4)?;
        Some(Upload {
            id: req(f.get(0, "id")?, string)?,
            url: req(f.get(1, "url")?, string)?,
            content_type: req(f.get(2, "content_type")?, string)?,
            size: req(f.get(3, "size")?, u32_)?,
        })
    }
}

// ---------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------

fn recipient(r: &Recipient) -> String {
    Obj::new().str("kind", r.kind.as_str()).str("id", &r.id).finish()
}

pub fn new_message(m: &NewMessage) -> String {
    let mut o = Obj::new()
        .raw("recipient", &recipient(&m.recipient))
        .str("category_id", &m.category_id)
        .str("title", &m.title)
        .str("body", &m.body)
        .strs("photo_ids", &m.photo_ids);
    if let Some(l) = &m.location {
        let mut lo = Obj::new().str("label", &l.label);
        if let (Some(lat), Some(lng)) = (l.lat, l.lng) {
            lo = lo.float("lat", lat).float("lng", lng);
        }
        o = o.raw("location", &lo.finish());
    }
    o.bool("public", m.public).finish()
}

pub fn triage(t: &Triage) -> String {
    Obj::new()
        .num("version", t.version.into())
        .str("track", t.track.as_str())
        .str("category_id", &t.category_id)
        .raw("handler", &recipient(&t.handler))
        .opt_str("note", t.note.as_deref())
        .finish()
}

pub fn new_reply(r: &NewReply) -> String {
    Obj::new().str("body", &r.body).finish()
}

pub fn status_change(s: &StatusChange) -> String {
    Obj::new()
        .num("version", s.version.into())
        .str("status", s.status.as_str())
        .opt_str("note", s.note.as_deref())
        .finish()
}

pub fn new_plan_step(s: &NewPlanStep) -> String {
    Obj::new().num("version", s.version.into()).str("title", &s.title).str("due_at", &s.due_at).finish()
}

pub fn step_done(s: &StepDone) -> String {
    Obj::new().num("version", s.version.into()).finish()
}

pub fn hand_over(h: &HandOver) -> String {
    Obj::new()
        .num("version", h.version.into())
        .str("department_id", &h.department_id)
        .str("note", &h.note)
        .finish()
}

pub fn new_rating(r: &NewRating) -> String {
    Obj::new().num("stars", r.stars.into()).opt_str("comment", r.comment.as_deref()).finish()
}

pub fn reopen(r: &Reopen) -> String {
    Obj::new().str("reason", &r.reason).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode::tests::{agree, fuzz};
    use contract::{HandlerKind, ImageRef, Page, Role};

    fn you() -> Actor {
        Actor { name: "王秀英".into(), role: Role::Citizen, is_you: true }
    }

    fn deputy_actor() -> Actor {
        Actor { name: "陈志强".into(), role: Role::Deputy, is_you: false }
    }

    fn handler() -> HandlerRef {
        HandlerRef { kind: HandlerKind::Deputy, id: "d_1".into(), name: "陈志强".into() }
    }

    fn message() -> Message {
        Message {
            id: "m_1".into(),
            version: 4,
            title: "村口路灯不亮".into(),
            body: "龙湾村村口的三盏路灯已经坏了两周，晚上出行不便。".into(),
            category: Some(MessageCategory { id: "mc_road".into(), name: "道路交通".into() }),
            status: MessageStatus::Replied,
            track: Some(Track::Fast),
            recipient: handler(),
            handler: Some(handler()),
            author: you(),
            public: true,
            created_at: "2026-11-20T02:00:00Z".into(),
            updated_at: "2026-11-21T02:00:00Z".into(),
            deadline: Some("2026-11-25T15:59:59Z".into()),
            overdue: false,
            closed_at: None,
            reopen_until: None,
            photos: vec![ImageRef { url: "/media/uploads/ab".into(), alt: "照片 1".into(), width: None, height: None }],
            location: Some(Location { label: "龙湾村口".into(), lat: Some(23.73), lng: Some(113.01) }),
            timeline: vec![
                TimelineEntry {
                    id: "t_1".into(),
                    at: "2026-11-20T02:00:00Z".into(),
                    kind: TimelineKind::Submitted,
                    actor: you(),
                    status: Some(MessageStatus::Submitted),
                    note: None,
                },
                TimelineEntry {
                    id: "t_2".into(),
                    at: "2026-11-20T03:00:00Z".into(),
                    kind: TimelineKind::Triaged,
                    actor: Actor { name: "黄丽".into(), role: Role::Staff, is_you: false },
                    status: Some(MessageStatus::Assigned),
                    note: Some("民生小事".into()),
                },
            ],
            replies: vec![Reply { id: "r_1".into(), at: "2026-11-21T02:00:00Z".into(), from: deputy_actor(), body: "已联系供电所。".into() }],
            plan: vec![PlanStep {
                id: "p_1".into(),
                title: "现场勘查".into(),
                due_at: "2026-11-30T15:59:59Z".into(),
                done: true,
                done_at: Some("2026-11-22T02:00:00Z".into()),
                overdue: false,
            }],
            rating: Some(Rating { stars: 5, comment: Some("很快".into()), at: "2026-11-23T02:00:00Z".into() }),
            can: Permissions {
                triage: false,
                reply: false,
                set_status: vec![MessageStatus::Resolved],
                plan: false,
                hand_over: false,
                follow_up: true,
                rate: false,
                reopen: false,
            },
        }
    }

    #[test]
    fn messages_decode_as_the_contract_does() {
        assert!(fuzz(&message(), 8000) > 300);
        let m = message();
        let summary = MessageSummary {
            id: m.id,
            title: m.title,
            excerpt: "龙湾村村口".into(),
            category: m.category,
            status: MessageStatus::InProgress,
            track: Some(Track::Major),
            recipient: m.recipient,
            handler: None,
            author: Actor { name: "王*".into(), role: Role::Citizen, is_you: false },
            public: true,
            created_at: m.created_at,
            updated_at: m.updated_at,
            deadline: None,
            overdue: true,
            reply_count: 2,
            photo_count: 1,
        };
        assert!(fuzz(&Page { items: vec![summary.clone(), summary], next_cursor: Some("x".into()) }, 5000) > 300);
        let upload = Upload { id: "u".into(), url: "/media/uploads/u".into(), content_type: "image/jpeg".into(), size: 1234 };
        assert!(fuzz(&upload, 2000) > 200);
        let cats = Page { items: vec![MessageCategory { id: "a".into(), name: "民生服务".into() }], next_cursor: None };
        assert!(fuzz(&cats, 2000) > 200);
    }

    #[test]
    fn tolerant_of_new_values() {
        for text in [
            r#"{"id":"m","status":"escalated","created_at":"t","updated_at":"t","track":"urgent"}"#,
            r#"{"id":"m","status":"closed","created_at":"t","updated_at":"t","timeline":[{"id":"x","at":"t","kind":"voted"},{"bad":1}]}"#,
            r#"{"id":"m","status":"closed","created_at":"t","updated_at":"t","can":{"set_status":["resolved","frozen",1]}}"#,
            r#"{"id":"m","status":"closed","created_at":"t","updated_at":"t","author":{"name":"x"}}"#,
            r#"{"id":"m","status":"closed","created_at":"t","updated_at":"t","location":{"label":"x","lat":-23.5,"lng":1e2}}"#,
            r#"{"id":"m","status":"closed","created_at":"t","updated_at":"t","rating":{"stars":300,"at":"t"}}"#,
        ] {
            agree::<Message>(text);
        }
    }

    #[test]
    fn request_bodies_are_what_the_contract_reads() {
        let new = NewMessage {
            recipient: Recipient { kind: HandlerKind::Department, id: "g\"1".into() },
            category_id: "mc_road".into(),
            title: "路灯".into(),
            body: "多行\n文字".into(),
            photo_ids: vec!["a".into(), "b".into()],
            location: Some(Location { label: "村口".into(), lat: Some(23.731_2), lng: Some(-113.5) }),
            public: true,
        };
        assert_eq!(serde_json::from_str::<NewMessage>(&new_message(&new)).unwrap(), new);
        let plain = NewMessage { location: Some(Location { label: "x".into(), lat: None, lng: None }), photo_ids: vec![], ..new };
        assert_eq!(serde_json::from_str::<NewMessage>(&new_message(&plain)).unwrap(), plain);
        let t = Triage {
            version: 3,
            track: Track::Major,
            category_id: "c".into(),
            handler: Recipient { kind: HandlerKind::Deputy, id: "d_1".into() },
            note: Some("转代表".into()),
        };
        assert_eq!(serde_json::from_str::<Triage>(&triage(&t)).unwrap(), t);
        let r = NewReply { body: "谢谢".into() };
        assert_eq!(serde_json::from_str::<NewReply>(&new_reply(&r)).unwrap(), r);
        let s = StatusChange { version: 2, status: MessageStatus::InProgress, note: None };
        assert_eq!(serde_json::from_str::<StatusChange>(&status_change(&s)).unwrap(), s);
        let p = NewPlanStep { version: 5, title: "招标".into(), due_at: "2026-12-31T15:59:59Z".into() };
        assert_eq!(serde_json::from_str::<NewPlanStep>(&new_plan_step(&p)).unwrap(), p);
        let d = StepDone { version: 6 };
        assert_eq!(serde_json::from_str::<StepDone>(&step_done(&d)).unwrap(), d);
        let h = HandOver { version: 7, department_id: "g_2".into(), note: "属于部门职责".into() };
        assert_eq!(serde_json::from_str::<HandOver>(&hand_over(&h)).unwrap(), h);
        let n = NewRating { stars: 4, comment: None };
        assert_eq!(serde_json::from_str::<NewRating>(&new_rating(&n)).unwrap(), n);
        let o = Reopen { reason: "问题仍未解决".into() };
        assert_eq!(serde_json::from_str::<Reopen>(&reopen(&o)).unwrap(), o);
    }
}
