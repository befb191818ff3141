//! Online polls (在线投票): staff ask the township, one liaison station's area or one village a
//! few single- or multiple-choice questions between two times; signed-in citizens vote once;
//! results show after voting or after closing. The account's village (`PUT /me/village`)
//! decides who is in a poll's scope.

use serde::{Deserialize, Serialize};

use crate::rules::{
    self, Expect, Field, FieldErrors, Request, INVALID, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT,
};
use crate::{lenient_blocks, lenient_vec, string_enum, Block, FieldError, Timestamp};

/// A poll's title: 4–60 characters.
pub const POLL_TITLE_MIN: usize = 4;
pub const POLL_TITLE_MAX: usize = 60;
/// Its description (plain text; blank lines separate paragraphs): up to 2000 characters.
pub const POLL_DESCRIPTION_MAX: usize = 2000;
/// 1–10 questions per poll.
pub const POLL_QUESTIONS_MAX: usize = 10;
/// A question's text: 2–100 characters.
pub const QUESTION_TEXT_MIN: usize = 2;
pub const QUESTION_TEXT_MAX: usize = 100;
/// 2–10 options per question.
pub const OPTIONS_MIN: usize = 2;
pub const OPTIONS_MAX: usize = 10;
/// An option's text: 1–40 characters.
pub const OPTION_TEXT_MAX: usize = 40;
/// A village name: 1–40 characters.
pub const VILLAGE_MAX: usize = 40;
/// A poll is open for at most 90 days.
pub const POLL_MAX_DAYS: i64 = 90;
/// A poll may open at most this many seconds in the past (a clock a little behind).
pub const POLL_OPENS_SLACK_SECS: i64 = 600;

string_enum! {
    /// Where a poll stands, computed by the server at the time of the request.
    PollStatus {
        /// Not open yet (`opens_at` is in the future).
        Upcoming = "upcoming",
        /// Taking votes.
        Open = "open",
        /// `closes_at` passed, or staff closed it early.
        Closed = "closed",
    }
}

string_enum! {
    /// Who a poll asks.
    ScopeKind {
        /// Everyone in the township.
        All = "all",
        /// The people of one liaison station's villages.
        Station = "station",
        /// The people of one village (one of `Station::villages`).
        Village = "village",
    }
}

string_enum! {
    /// When a poll's results are shown to citizens (staff always see them).
    ResultsShown {
        /// To a voter once they have voted, and to everyone once it is closed.
        AfterVote = "after_vote",
        /// To everyone once it is closed.
        AfterClose = "after_close",
    }
}

string_enum! {
    /// How a question is answered.
    QuestionKind {
        /// Exactly one option.
        Single = "single",
        /// 1 to `max_choices` options.
        Multiple = "multiple",
    }
}

string_enum! {
    /// Why the viewer cannot vote now.
    VoteBlock {
        /// Not signed in.
        SignIn = "sign_in",
        /// The viewer voted already (a vote cannot be changed).
        AlreadyVoted = "already_voted",
        /// The poll is not open yet.
        NotOpen = "not_open",
        /// The poll is closed.
        Closed = "closed",
        /// The poll asks a station's or a village's people and the viewer's village has not
        /// been chosen (`PUT /me/village`).
        ChooseVillage = "choose_village",
        /// The poll asks another station's or village's people.
        OutOfScope = "out_of_scope",
    }
}

/// Who a poll asks, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollScope {
    pub kind: ScopeKind,
    /// With `station` and `village`: the liaison station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station_id: Option<String>,
    /// With `village`: the village, one of the station's `villages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
    /// Display text: 全镇, the station's name or the village's name.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub label: String,
}

/// A poll as listed. All fields are public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub scope: PollScope,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: PollStatus,
    pub opens_at: Timestamp,
    /// When it closes (or closed); for a poll closed early, the time it was closed.
    pub closes_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub results_shown: ResultsShown,
    /// How many people voted (the turnout).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub voters: u32,
}

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollOption {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
}

/// One question of a poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollQuestion {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub kind: QuestionKind,
    /// How many options may be chosen: 1 for `single`, 2 up to the number of options for
    /// `multiple`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default = "one")]
    pub max_choices: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub options: Vec<PollOption>,
}

fn one() -> u32 {
    1
}

/// The options chosen for one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub question_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub option_ids: Vec<String>,
}

/// The votes of one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionResult {
    pub option_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub votes: u32,
}

/// The results of one question: votes per option (in the question's order) and how many
/// answered it (for a multiple-choice question, the votes add up to more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub voters: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub options: Vec<OptionResult>,
}

/// A poll's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollResults {
    /// The turnout: how many people voted.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub voters: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub questions: Vec<QuestionResult>,
}

/// A poll in full (`GET /polls/{id}`), with what the viewer may do (with a bearer token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poll {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// What the poll is about, as typed blocks (never HTML).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_blocks")]
    pub description: Vec<Block>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub scope: PollScope,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: PollStatus,
    pub opens_at: Timestamp,
    /// When it closes (or closed); for a poll closed early, the time it was closed.
    pub closes_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub results_shown: ResultsShown,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub questions: Vec<PollQuestion>,
    /// The turnout: how many people voted.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub voters: u32,
    /// Whether the viewer may vote now.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub can_vote: bool,
    /// When `can_vote` is false: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote_block: Option<VoteBlock>,
    /// The viewer's own vote, when they voted.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_answers"
    )]
    pub my_vote: Option<Vec<Answer>>,
    /// When the viewer may see them: after their vote (`after_vote`), once closed, or always
    /// for staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<PollResults>,
    /// Staff only: whether the viewer may close it early (`POST /polls/{id}/close`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub can_close: bool,
}

fn lenient_answers<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<Answer>>, D::Error> {
    let raw: Option<Vec<Box<serde_json::value::RawValue>>> = Option::deserialize(d)?;
    Ok(raw.map(|items| {
        items
            .iter()
            .filter_map(|v| serde_json::from_str(v.get()).ok())
            .collect()
    }))
}

/// Who a new poll asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewScope {
    pub kind: ScopeKind,
    /// Required with `station` and `village`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station_id: Option<String>,
    /// Required with `village`: one of the station's `villages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
}

/// One question of a new poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewQuestion {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub kind: QuestionKind,
    /// For `multiple`: 2 up to the number of options (default: the number of options).
    /// Ignored for `single` (1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_choices: Option<u32>,
    /// The options' texts, 2–10, distinct.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub options: Vec<String>,
}

/// `POST /api/v1/polls` (staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPoll {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// Plain text; blank lines separate paragraphs. May be empty.
    #[serde(default)]
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub scope: NewScope,
    /// Default: now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<Timestamp>,
    /// After `opens_at` (and after now), at most 90 days after it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub closes_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub results_shown: ResultsShown,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub questions: Vec<NewQuestion>,
}

/// `POST /api/v1/polls/{id}/votes`: one answer per question of the poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVote {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub answers: Vec<Answer>,
}

/// A user's village (their home, which decides the polls they are asked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Village {
    /// The liaison station that serves it.
    pub station_id: String,
    /// One of the station's `villages`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub village: String,
}

/// Query of `GET /api/v1/polls`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PollQuery {
    /// `upcoming`, `open` or `closed`. Without it: open ones first (closing soonest first),
    /// then upcoming (opening soonest first), then closed (most recently closed first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

const SCOPES: &str = "all, station, village";

impl Request for NewPoll {
    const FIELDS: &'static [Field] = &[
        Field::required("title", Expect::Text),
        Field::optional("description", Expect::Text),
        Field::required("scope", Expect::Object("scope must be {\"kind\": \"all\" | \"station\" | \"village\", \"station_id\": …, \"village\": …}")),
        Field::optional("opens_at", Expect::Time),
        Field::required("closes_at", Expect::Time),
        Field::required("results_shown", Expect::Known("results_shown must be one of after_vote, after_close")),
        Field::required("questions", Expect::List("questions must be a list of questions, each {text, kind, max_choices, options}")),
    ];
}

impl Request for NewVote {
    const FIELDS: &'static [Field] = &[Field::required(
        "answers",
        Expect::List("answers must be a list of {question_id, option_ids}"),
    )];
}

impl Request for Village {
    const FIELDS: &'static [Field] = &[
        Field::required("station_id", Expect::Id),
        Field::required("village", Expect::Text),
    ];
}
const KINDS: &str = "single, multiple";
const SHOWN: &str = "after_vote, after_close";

impl NewQuestion {
    /// The highest `max_choices` this question allows once checked.
    pub fn choices(&self) -> u32 {
        match self.kind {
            QuestionKind::Single => 1,
            _ => self.max_choices.unwrap_or(self.options.len() as u32),
        }
    }
}

/// The description's paragraphs as blocks (blank lines separate them).
pub fn description_blocks(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph { text: p.to_owned() })
        .collect()
}

impl NewPoll {
    /// The rules of a new poll at `now` (Unix seconds). Question `i`'s errors are on
    /// `questions[i].text`, `questions[i].options` (with `[j]` for one option) and
    /// `questions[i].max_choices`. Whether the station and village exist is the server's to say.
    pub fn validate(&self, now: i64) -> Result<NewPoll, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let title = e.value(rules::required_text(
            "title",
            &self.title,
            POLL_TITLE_MIN,
            POLL_TITLE_MAX,
        ));
        let description = e
            .value(rules::text(
                "description",
                &self.description,
                1,
                POLL_DESCRIPTION_MAX,
                false,
            ))
            .unwrap_or_default();
        let scope = e.value(scope(&self.scope));
        let opens = match &self.opens_at {
            None => Some(now),
            Some(t) => e.take(rules::not_before(
                "opens_at",
                t,
                now - POLL_OPENS_SLACK_SECS,
            )),
        };
        let closes = e.take(rules::not_before("closes_at", &self.closes_at, now));
        if let (Some(o), Some(c)) = (opens, closes) {
            if c <= o {
                e.push(rules::error(
                    "closes_at",
                    OUT_OF_RANGE,
                    "closes_at must be after opens_at",
                ));
            } else if c - o > POLL_MAX_DAYS * 86_400 {
                e.push(rules::error(
                    "closes_at",
                    OUT_OF_RANGE,
                    format!("a poll is open for at most {POLL_MAX_DAYS} days"),
                ));
            }
        }
        let results_shown = e.value(rules::one_of(
            "results_shown",
            self.results_shown,
            ResultsShown::ALL,
            SHOWN,
        ));
        if self.questions.is_empty() {
            e.push(rules::error(
                "questions",
                REQUIRED,
                "a poll has at least one question",
            ));
        } else if self.questions.len() > POLL_QUESTIONS_MAX {
            e.push(rules::error(
                "questions",
                TOO_LONG,
                format!("a poll has at most {POLL_QUESTIONS_MAX} questions"),
            ));
        }
        let questions = self
            .questions
            .iter()
            .enumerate()
            .take(POLL_QUESTIONS_MAX)
            .map(|(i, q)| question(i, q, &mut e))
            .collect();
        let p = NewPoll {
            title,
            description,
            scope,
            opens_at: self.opens_at.clone(),
            closes_at: self.closes_at.clone(),
            results_shown,
            questions,
        };
        e.finish(p)
    }

    /// Every field error of [`Self::validate`] at `now`.
    pub fn check(&self, now: i64) -> Vec<FieldError> {
        self.validate(now).err().unwrap_or_default()
    }
}

fn scope(s: &NewScope) -> Result<NewScope, FieldError> {
    let kind = rules::one_of("scope", s.kind, ScopeKind::ALL, SCOPES)?;
    // What is given is checked whatever the kind: a malformed station or village is refused,
    // not ignored.
    if s.station_id
        .as_deref()
        .is_some_and(|id| !rules::valid_id(id))
    {
        return Err(rules::error(
            "scope",
            INVALID,
            "scope.station_id is not a known id",
        ));
    }
    if let Some(v) = s.village.as_deref() {
        rules::required_text("scope", v, 1, VILLAGE_MAX)?;
    }
    let station = || -> Result<String, FieldError> {
        match s.station_id.as_deref() {
            Some(id) if rules::valid_id(id) => Ok(id.to_owned()),
            _ => Err(rules::error(
                "scope",
                REQUIRED,
                "scope.station_id is required for a station or village poll",
            )),
        }
    };
    Ok(match kind {
        ScopeKind::Station => NewScope {
            kind,
            station_id: Some(station()?),
            village: None,
        },
        ScopeKind::Village => {
            let station_id = Some(station()?);
            let village =
                rules::required_text("scope", s.village.as_deref().unwrap_or(""), 1, VILLAGE_MAX)
                    .map_err(|_| {
                    rules::error(
                        "scope",
                        REQUIRED,
                        "scope.village is required for a village poll",
                    )
                })?;
            NewScope {
                kind,
                station_id,
                village: Some(village),
            }
        }
        _ => NewScope {
            kind,
            station_id: None,
            village: None,
        },
    })
}

fn question(i: usize, q: &NewQuestion, e: &mut FieldErrors) -> NewQuestion {
    let at = |f: &str| format!("questions[{i}].{f}");
    let text = e.value(rules::required_text(
        &at("text"),
        &q.text,
        QUESTION_TEXT_MIN,
        QUESTION_TEXT_MAX,
    ));
    let kind = e.value(rules::one_of(&at("kind"), q.kind, QuestionKind::ALL, KINDS));
    let field = at("options");
    let mut options = Vec::new();
    if q.options.len() < OPTIONS_MIN {
        e.push(rules::error(
            &field,
            TOO_SHORT,
            format!("a question has at least {OPTIONS_MIN} options"),
        ));
    } else if q.options.len() > OPTIONS_MAX {
        e.push(rules::error(
            &field,
            TOO_LONG,
            format!("a question has at most {OPTIONS_MAX} options"),
        ));
    } else {
        for (j, o) in q.options.iter().enumerate() {
            match rules::required_text(&format!("{field}[{j}]"), o, 1, OPTION_TEXT_MAX) {
                Ok(t) if options.contains(&t) => {
                    e.push(rules::error(
                        &format!("{field}[{j}]"),
                        INVALID,
                        "the options of a question must differ",
                    ));
                }
                Ok(t) => options.push(t),
                Err(err) => e.push(err),
            }
        }
    }
    let max_choices = match kind {
        _ if q
            .max_choices
            .is_some_and(|m| m == 0 || m as usize > OPTIONS_MAX) =>
        {
            e.push(rules::error(
                &at("max_choices"),
                OUT_OF_RANGE,
                format!("max_choices is from 1 to {OPTIONS_MAX}"),
            ));
            None
        }
        QuestionKind::Multiple => {
            let max = q.max_choices.unwrap_or(q.options.len() as u32);
            if max < 2 || max as usize > q.options.len().max(2) {
                e.push(rules::error(
                    &at("max_choices"),
                    OUT_OF_RANGE,
                    "max_choices of a multiple-choice question is from 2 to the number of options",
                ));
            }
            Some(max)
        }
        _ => None,
    };
    NewQuestion {
        text,
        kind,
        max_choices,
        options,
    }
}

impl NewVote {
    /// The rules of a vote on `questions` (the poll's): every question answered once;
    /// `single` exactly one option, `multiple` 1 to `max_choices` distinct options, all of
    /// that question. Errors are on `answers`.
    pub fn validate(&self, questions: &[PollQuestion]) -> Result<NewVote, Vec<FieldError>> {
        let wrong = |m: String| Err(vec![rules::error("answers", INVALID, m)]);
        for a in &self.answers {
            if !questions.iter().any(|q| q.id == a.question_id) {
                return wrong(format!(
                    "{:?} is not a question of this poll",
                    a.question_id
                ));
            }
        }
        let mut answers = Vec::new();
        for q in questions {
            let mine: Vec<&Answer> = self
                .answers
                .iter()
                .filter(|a| a.question_id == q.id)
                .collect();
            let a = match mine.as_slice() {
                [] => {
                    return Err(vec![rules::error(
                        "answers",
                        REQUIRED,
                        format!("answer every question: {:?} has no answer", q.id),
                    )])
                }
                [a] => *a,
                _ => return wrong(format!("question {:?} is answered twice", q.id)),
            };
            let n = a.option_ids.len();
            for (k, o) in a.option_ids.iter().enumerate() {
                if !q.options.iter().any(|x| &x.id == o) {
                    return wrong(format!("{o:?} is not an option of question {:?}", q.id));
                }
                if a.option_ids[..k].contains(o) {
                    return wrong(format!("option {o:?} is chosen twice"));
                }
            }
            let max = if q.kind == QuestionKind::Single {
                1
            } else {
                q.max_choices.max(1) as usize
            };
            if n == 0 {
                return Err(vec![rules::error(
                    "answers",
                    REQUIRED,
                    format!("choose an option for question {:?}", q.id),
                )]);
            }
            if n > max {
                return Err(vec![rules::error(
                    "answers",
                    TOO_LONG,
                    format!("question {:?} takes at most {max} options", q.id),
                )]);
            }
            answers.push(a.clone());
        }
        Ok(NewVote { answers })
    }
}

impl Village {
    /// The rules of a village choice (whether the station serves it is the server's to say).
    pub fn validate(&self) -> Result<Village, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let v = Village {
            station_id: e.value(rules::id("station_id", &self.station_id)),
            village: e.value(rules::required_text(
                "village",
                &self.village,
                1,
                VILLAGE_MAX,
            )),
        };
        e.finish(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: QuestionKind, max: Option<u32>, n: usize) -> NewQuestion {
        NewQuestion {
            text: "哪个方案？".into(),
            kind,
            max_choices: max,
            options: (0..n).map(|i| format!("方案{i}")).collect(),
        }
    }

    fn poll() -> NewPoll {
        NewPoll {
            title: "村道硬化方案".into(),
            description: "第一段\n\n第二段".into(),
            scope: NewScope {
                kind: ScopeKind::All,
                station_id: None,
                village: None,
            },
            opens_at: None,
            closes_at: "2027-01-10T00:00:00Z".into(),
            results_shown: ResultsShown::AfterVote,
            questions: vec![q(QuestionKind::Single, None, 3)],
        }
    }

    const NOW: i64 = 1_796_000_000; // 2026-11-30

    fn fields(p: &NewPoll) -> Vec<(String, String)> {
        p.check(NOW)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_good_poll_passes_and_bad_parts_are_named() {
        assert_eq!(fields(&poll()), vec![]);
        assert_eq!(description_blocks("第一段\n\n第二段").len(), 2);
        let mut p = poll();
        p.title = "短".into();
        p.questions = vec![
            q(QuestionKind::Multiple, Some(5), 3),
            q(QuestionKind::Single, None, 1),
        ];
        p.questions[0].options[1] = "方案0".into();
        p.scope.kind = ScopeKind::Village;
        p.closes_at = "2020-01-01T00:00:00Z".into();
        assert_eq!(
            fields(&p),
            vec![
                ("title".into(), "too_short".into()),
                ("scope".into(), "required".into()),
                ("closes_at".into(), "out_of_range".into()),
                ("questions[0].options[1]".into(), "invalid".into()),
                ("questions[0].max_choices".into(), "out_of_range".into()),
                ("questions[1].options".into(), "too_short".into()),
            ]
        );
        let mut p = poll();
        p.questions.clear();
        p.closes_at = "2027-06-01T00:00:00Z".into();
        assert_eq!(
            fields(&p),
            vec![
                ("closes_at".into(), "out_of_range".into()),
                ("questions".into(), "required".into())
            ]
        );
    }

    #[test]
    fn votes_answer_every_question_within_its_choices() {
        let opts = |q: &str| {
            (1..=3)
                .map(|i| PollOption {
                    id: format!("{q}o{i}"),
                    text: format!("{i}"),
                })
                .collect()
        };
        let qs = vec![
            PollQuestion {
                id: "q1".into(),
                text: "甲".into(),
                kind: QuestionKind::Single,
                max_choices: 1,
                options: opts("q1"),
            },
            PollQuestion {
                id: "q2".into(),
                text: "乙".into(),
                kind: QuestionKind::Multiple,
                max_choices: 2,
                options: opts("q2"),
            },
        ];
        let a = |q: &str, o: &[&str]| Answer {
            question_id: q.into(),
            option_ids: o.iter().map(|s| s.to_string()).collect(),
        };
        let v = |answers| {
            NewVote { answers }
                .validate(&qs)
                .map_err(|e| e[0].code.clone())
        };
        assert!(v(vec![a("q1", &["q1o1"]), a("q2", &["q2o1", "q2o3"])]).is_ok());
        assert_eq!(v(vec![a("q1", &["q1o1"])]), Err("required".into()));
        assert_eq!(
            v(vec![a("q1", &["q1o1", "q1o2"]), a("q2", &["q2o1"])]),
            Err("too_long".into())
        );
        assert_eq!(
            v(vec![a("q1", &["q1o1"]), a("q2", &["q2o1", "q2o2", "q2o3"])]),
            Err("too_long".into())
        );
        assert_eq!(
            v(vec![a("q1", &["q1o1"]), a("q2", &["q2o1", "q2o1"])]),
            Err("invalid".into())
        );
        assert_eq!(
            v(vec![a("q1", &["q2o1"]), a("q2", &["q2o1"])]),
            Err("invalid".into())
        );
        assert_eq!(
            v(vec![a("q1", &[]), a("q2", &["q2o1"])]),
            Err("required".into())
        );
        assert_eq!(
            v(vec![
                a("q1", &["q1o1"]),
                a("q1", &["q1o2"]),
                a("q2", &["q2o1"])
            ]),
            Err("invalid".into())
        );
        assert_eq!(
            v(vec![
                a("q1", &["q1o1"]),
                a("q2", &["q2o1"]),
                a("q9", &["x"])
            ]),
            Err("invalid".into())
        );
    }
}
