//! Decoding the API's JSON into the contract types, with the same outcome as the contract's
//! serde `Deserialize` (the source of truth): the same fields, defaults and tolerance —
//! unknown fields and enum values, unknown or malformed blocks, malformed list items — and the
//! same failures. Written by hand over [`super::json`] to keep serde's generated code out of
//! the wasm; the tests at the end compare both on thousands of mutated documents.
//!
//! Mirrored serde details: a struct may also come as an array of its field values in
//! declaration order (`#[serde(default)]` fields may be left off the end); a known field given
//! twice is an error; a unit enum may also come as `{"variant": null}`.

use contract::{
    Article, ArticleKind, ArticleSummary, Block, Category, CategoryRef, Event, EventStatus, EventSummary, FieldError,
    ImageRef, Meta, Page, Problem,
};

use super::json::{parse, J};

/// A type read from JSON; `None` when serde would fail.
pub trait FromJson: Sized {
    fn from_json(v: &J) -> Option<Self>;
}

/// Parses and decodes a whole document.
pub fn decode<T: FromJson>(text: &str) -> Option<T> {
    T::from_json(&parse(text)?)
}

/// The fields of a struct: from an object (by name) or an array (by position).
pub enum Fields<'a> {
    Obj(&'a [(J, J)]),
    Arr(&'a [J]),
}

impl<'a> Fields<'a> {
    pub fn of(v: &'a J) -> Option<Fields<'a>> {
        match v {
            // serde reads every key of the object it decodes: one that is not Unicode fails it.
            J::Obj(entries) if entries.iter().all(|(k, _)| matches!(k, J::Str(_))) => Some(Fields::Obj(entries)),
            J::Arr(items) => Some(Fields::Arr(items)),
            _ => None,
        }
    }

    /// Field number `i`, named `name`: `Some(None)` when absent, `None` when given twice.
    pub fn get(&self, i: usize, name: &str) -> Option<Option<&'a J>> {
        match self {
            Fields::Obj(entries) => {
                let mut found = entries.iter().filter(|(k, _)| matches!(k, J::Str(s) if s == name)).map(|(_, v)| v);
                let first = found.next();
                found.next().is_none().then_some(first)
            }
            Fields::Arr(items) => Some(items.get(i)),
        }
    }

    /// An array may not have more elements than the struct has fields.
    pub fn end(&self, fields: usize) -> Option<()> {
        match self {
            Fields::Arr(items) if items.len() > fields => None,
            _ => Some(()),
        }
    }
}

/// A required field.
pub(crate) fn req<T>(f: Option<&J>, dec: fn(&J) -> Option<T>) -> Option<T> {
    dec(f?)
}

/// A `#[serde(default)]` field.
pub fn def<T: Default>(f: Option<&J>, dec: fn(&J) -> Option<T>) -> Option<T> {
    match f {
        None => Some(T::default()),
        Some(v) => dec(v),
    }
}

/// A `#[serde(default)]` optional field: absent or `null` is `None`.
pub fn opt<T>(f: Option<&J>, dec: fn(&J) -> Option<T>) -> Option<Option<T>> {
    match f {
        None | Some(J::Null) => Some(None),
        Some(v) => dec(v).map(Some),
    }
}

/// A list decoded leniently (`contract::lenient_vec`): absent or `null` is empty, and the
/// items that do not decode are dropped.
pub(crate) fn lenient<T>(f: Option<&J>, dec: fn(&J) -> Option<T>) -> Option<Vec<T>> {
    match f {
        None | Some(J::Null) => Some(Vec::new()),
        Some(J::Arr(items)) => Some(items.iter().filter_map(dec).collect()),
        Some(_) => None,
    }
}

pub fn string(v: &J) -> Option<String> {
    match v {
        J::Str(s) => Some(s.clone()),
        _ => None,
    }
}

pub fn boolean(v: &J) -> Option<bool> {
    match v {
        J::Bool(b) => Some(*b),
        _ => None,
    }
}

pub(crate) fn u64_(v: &J) -> Option<u64> {
    match v {
        J::Int(n) => Some(*n),
        _ => None,
    }
}

pub(crate) fn u32_(v: &J) -> Option<u32> {
    u64_(v)?.try_into().ok()
}

pub(crate) fn u16_(v: &J) -> Option<u16> {
    u64_(v)?.try_into().ok()
}

pub(crate) fn u8_(v: &J) -> Option<u8> {
    u64_(v)?.try_into().ok()
}

pub(crate) fn strings(v: &J) -> Option<Vec<String>> {
    match v {
        J::Arr(items) => items.iter().map(string).collect(),
        _ => None,
    }
}

/// A float field (`f64`); see [`super::json::float`].
pub(crate) fn f64_(v: &J) -> Option<f64> {
    super::json::float(v)
}

/// A string enum of the contract: a known value, or `unknown` for one this version does not
/// know (`#[serde(other)]`), e.g. `enum_value(v, Role::parse, Role::Unknown)`.
pub(crate) fn enum_value<E>(v: &J, parse: fn(&str) -> Option<E>, unknown: E) -> Option<E> {
    Some(parse(variant(v)?).unwrap_or(unknown))
}

/// The variant name of a unit enum: `"name"` or `{"name": null}`.
pub fn variant(v: &J) -> Option<&str> {
    match v {
        J::Str(s) => Some(s),
        J::Obj(entries) => match entries.as_slice() {
            [(J::Str(k), J::Null)] => Some(k),
            _ => None,
        },
        _ => None,
    }
}

fn kind(v: &J) -> Option<ArticleKind> {
    let name = variant(v)?;
    Some(ArticleKind::parse(name).unwrap_or(ArticleKind::Unknown))
}

fn status(v: &J) -> Option<EventStatus> {
    let name = variant(v)?;
    Some(EventStatus::parse(name).unwrap_or(EventStatus::Unknown))
}

pub(crate) fn image_ref(v: &J) -> Option<ImageRef> {
    let f = Fields::of(v)?;
    f.end(4)?;
    Some(ImageRef {
        url: def(f.get(0, "url")?, string)?,
        alt: def(f.get(1, "alt")?, string)?,
        width: opt(f.get(2, "width")?, u32_)?,
        height: opt(f.get(3, "height")?, u32_)?,
    })
}

fn category_ref(v: &J) -> Option<CategoryRef> {
    let f = Fields::of(v)?;
    f.end(2)?;
    Some(CategoryRef { id: req(f.get(0, "id")?, string)?, name: def(f.get(1, "name")?, string)? })
}

/// The fields of an article summary (the first ten of an article too).
fn article_summary_fields(f: &Fields) -> Option<ArticleSummary> {
    Some(ArticleSummary {
        id: req(f.get(0, "id")?, string)?,
        kind: req(f.get(1, "kind")?, kind)?,
        category: opt(f.get(2, "category")?, category_ref)?,
        title: def(f.get(3, "title")?, string)?,
        summary: def(f.get(4, "summary")?, string)?,
        cover: opt(f.get(5, "cover")?, image_ref)?,
        author: opt(f.get(6, "author")?, string)?,
        source: opt(f.get(7, "source")?, string)?,
        published_at: req(f.get(8, "published_at")?, string)?,
        view_count: def(f.get(9, "view_count")?, u64_)?,
    })
}

fn event_summary_fields(f: &Fields) -> Option<EventSummary> {
    Some(EventSummary {
        id: req(f.get(0, "id")?, string)?,
        title: def(f.get(1, "title")?, string)?,
        summary: def(f.get(2, "summary")?, string)?,
        starts_at: req(f.get(3, "starts_at")?, string)?,
        ends_at: opt(f.get(4, "ends_at")?, string)?,
        place: def(f.get(5, "place")?, string)?,
        organiser: def(f.get(6, "organiser")?, string)?,
        status: match f.get(7, "status")? {
            None => EventStatus::Unknown,
            Some(v) => status(v)?,
        },
        cover: opt(f.get(8, "cover")?, image_ref)?,
    })
}

/// One rich-text block, as `contract::lenient_blocks` reads it: an object with a string
/// `type` naming a known block type.
fn block(v: &J) -> Option<Block> {
    if !matches!(v, J::Obj(_)) {
        return None;
    }
    let f = Fields::of(v)?;
    let field = |name| f.get(0, name);
    let text = || def(field("text")?, string);
    Some(match req(field("type")?, string)?.as_str() {
        "paragraph" => Block::Paragraph { text: text()? },
        "heading" => {
            let level = match field("level")? {
                None => 2,
                Some(v) => u8_(v)?,
            };
            Block::Heading { level, text: text()? }
        }
        "list" => Block::List { ordered: def(field("ordered")?, boolean)?, items: def(field("items")?, strings)? },
        "quote" => Block::Quote { text: text()?, cite: opt(field("cite")?, string)? },
        "image" => Block::Image {
            url: def(field("url")?, string)?,
            alt: def(field("alt")?, string)?,
            caption: opt(field("caption")?, string)?,
            width: opt(field("width")?, u32_)?,
            height: opt(field("height")?, u32_)?,
        },
        "attachment" => Block::Attachment {
            url: def(field("url")?, string)?,
            name: def(field("name")?, string)?,
            size_bytes: opt(field("size_bytes")?, u64_)?,
            mime_type: opt(field("mime_type")?, string)?,
        },
        _ => return None,
    })
}

pub(crate) fn field_error(v: &J) -> Option<FieldError> {
    let f = Fields::of(v)?;
    f.end(3)?;
    Some(FieldError {
        field: def(f.get(0, "field")?, string)?,
        code: def(f.get(1, "code")?, string)?,
        message: def(f.get(2, "message")?, string)?,
    })
}

impl FromJson for ArticleSummary {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(10)?;
        article_summary_fields(&f)
    }
}

impl FromJson for EventSummary {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(9)?;
        event_summary_fields(&f)
    }
}

impl FromJson for Category {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(3)?;
        Some(Category {
            id: req(f.get(0, "id")?, string)?,
            kind: req(f.get(1, "kind")?, kind)?,
            name: def(f.get(2, "name")?, string)?,
        })
    }
}

impl<T: FromJson> FromJson for Page<T> {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(2)?;
        Some(Page { items: lenient(f.get(0, "items")?, T::from_json)?, next_cursor: opt(f.get(1, "next_cursor")?, string)? })
    }
}

impl FromJson for Article {
    fn from_json(v: &J) -> Option<Self> {
        // One flat object: the summary's fields, then `body` and `updated_at`.
        let f = Fields::of(v)?;
        f.end(12)?;
        Some(Article {
            summary: article_summary_fields(&f)?,
            body: lenient(f.get(10, "body")?, block)?,
            updated_at: opt(f.get(11, "updated_at")?, string)?,
        })
    }
}

impl FromJson for Event {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(10)?;
        Some(Event { summary: event_summary_fields(&f)?, description: lenient(f.get(9, "description")?, block)? })
    }
}

impl FromJson for Meta {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(2)?;
        Some(Meta { name: def(f.get(0, "name")?, string)?, api_version: def(f.get(1, "api_version")?, string)? })
    }
}

impl FromJson for Problem {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(5)?;
        Some(Problem {
            problem_type: match f.get(0, "type")? {
                None => "about:blank".to_string(),
                Some(v) => string(v)?,
            },
            title: def(f.get(1, "title")?, string)?,
            status: def(f.get(2, "status")?, u16_)?,
            detail: opt(f.get(3, "detail")?, string)?,
            errors: lenient(f.get(4, "errors")?, field_error)?,
        })
    }
}

/// The differential test kit (also used by the decoders of the other areas, decode_*.rs):
/// `fuzz(&seed, rounds)` mutates the JSON of `seed` and checks that [`FromJson`] and serde
/// agree on every mutant.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    /// A small deterministic random source (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn chance(&mut self, one_in: usize) -> bool {
            self.below(one_in) == 0
        }
    }

    /// Replacement values: every JSON type, edge numbers, enum names, odd strings, shapes.
    const SNIPPETS: &[&str] = &[
        "null", "true", "false", "0", "1", "2", "-0", "-1", "1.0", "1.5", "1e2", "255", "256", "65535", "65536",
        "4294967295", "4294967296", "18446744073709551615", "18446744073709551616", "\"\"", "\"x\"", "\"news\"",
        "\"policy\"", "\"case\"", "\"opinion\"", "\"upcoming\"", "\"ongoing\"", "\"past\"", "\"later\"",
        "\"paragraph\"", "\"heading\"", "\"list\"", "\"quote\"", "\"image\"", "\"attachment\"", "\"video\"",
        "\"2026-11-29T08:30:00Z\"", "\"\\ud800\"", "\"\\u4f60\\n\\\"\"", "[]", "{}", "[1]", "[\"a\",\"b\"]",
        "[\"a\",null]", "{\"a\":null}", "{\"news\":null}", "{\"past\":null}", "{\"news\":1}", "{\"\\udc00\":1}",
        "[\"a_1\",\"news\"]", "[\"a_1\",\"news\",null,\"t\",\"s\",null,null,null,\"2026\"]", "[\"u\",\"a\",1,2]",
        "[\"u\",\"a\",1,2,3]", "{\"id\":\"c\",\"name\":\"n\"}", "{\"url\":\"/m.png\",\"alt\":\"a\",\"width\":3}",
        "{\"type\":\"paragraph\",\"text\":\"p\"}", "-12.25", "1e400", "0.5", "\"citizen\"", "\"deputy\"",
        "\"staff\"", "\"department\"", "\"submitted\"", "\"closed\"", "\"fast\"", "\"major\"", "\"replied\"", "{\"type\":\"heading\",\"level\":3}", "[\"e\",\"t\",\"s\",\"2026\"]",
    ];

    /// Writes `v` as JSON text, mutating it on the way: values replaced, keys dropped,
    /// duplicated or added, arrays emptied or given extra items.
    fn emit(v: &Value, rng: &mut Rng, rate: usize, out: &mut String) {
        if rng.chance(rate) {
            out.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
            return;
        }
        match v {
            Value::Object(map) => {
                out.push('{');
                let mut first = true;
                let mut sep = |out: &mut String| {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                };
                for (k, val) in map {
                    if rng.chance(rate * 2) {
                        continue;
                    }
                    let times = if rng.chance(rate * 3) { 2 } else { 1 };
                    for _ in 0..times {
                        sep(out);
                        out.push_str(&serde_json::to_string(k).unwrap());
                        out.push(':');
                        emit(val, rng, rate, out);
                    }
                    if rng.chance(rate * 3) {
                        sep(out);
                        out.push_str("\"zz_unknown\":");
                        out.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
                    }
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                let mut n = 0;
                for item in items {
                    if rng.chance(rate * 2) {
                        continue;
                    }
                    if n > 0 {
                        out.push(',');
                    }
                    emit(item, rng, rate, out);
                    n += 1;
                }
                if rng.chance(rate) {
                    if n > 0 {
                        out.push(',');
                    }
                    out.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
                }
                out.push(']');
            }
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }

    /// Both decoders agree on `text`.
    pub(crate) fn agree<T: FromJson + DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> bool {
        let ours = decode::<T>(text);
        let serde = serde_json::from_str::<T>(text).ok();
        assert_eq!(ours, serde, "{text}");
        ours.is_some()
    }

    /// Decodes `seed` and thousands of mutations of it both ways; returns how many decoded.
    pub(crate) fn fuzz<T: FromJson + DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(seed: &T, rounds: usize) -> usize {
        let value = serde_json::to_value(seed).unwrap();
        let text = value.to_string();
        assert_eq!(decode::<T>(&text).as_ref(), Some(seed), "the seed round-trips");
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut ok = 0;
        for round in 0..rounds {
            let mut out = String::new();
            emit(&value, &mut rng, 4 + round % 40, &mut out);
            ok += usize::from(agree::<T>(&out));
        }
        ok
    }

    fn image() -> ImageRef {
        ImageRef { url: "/media/a.svg".into(), alt: "图".into(), width: Some(640), height: Some(360) }
    }

    fn summary(id: &str) -> ArticleSummary {
        ArticleSummary {
            id: id.into(),
            kind: ArticleKind::Policy,
            category: Some(CategoryRef { id: "c_1".into(), name: "会议动态".into() }),
            title: "标题 \"quoted\"".into(),
            summary: "摘要\n".into(),
            cover: Some(image()),
            author: Some("通讯员".into()),
            source: Some("镇人大主席团".into()),
            published_at: "2026-11-29T08:30:00Z".into(),
            view_count: 42,
        }
    }

    fn event_summary(id: &str) -> EventSummary {
        EventSummary {
            id: id.into(),
            title: "代表接待日".into(),
            summary: "摘要".into(),
            starts_at: "2026-12-03T01:00:00Z".into(),
            ends_at: Some("2026-12-03T03:00:00Z".into()),
            place: "联络站".into(),
            organiser: "镇人大".into(),
            status: EventStatus::Ongoing,
            cover: Some(image()),
        }
    }

    fn blocks() -> Vec<Block> {
        vec![
            Block::Paragraph { text: "段落".into() },
            Block::Heading { level: 3, text: "小标题".into() },
            Block::List { ordered: true, items: vec!["一".into(), "二".into()] },
            Block::Quote { text: "引文".into(), cite: Some("某人".into()) },
            Block::Image { url: "/i.svg".into(), alt: "图".into(), caption: Some("说明".into()), width: Some(1), height: Some(2) },
            Block::Attachment { url: "/f.pdf".into(), name: "f.pdf".into(), size_bytes: Some(2048), mime_type: Some("application/pdf".into()) },
        ]
    }

    #[test]
    fn articles_decode_as_the_contract_does() {
        let a = Article { summary: summary("a_1"), body: blocks(), updated_at: Some("2026-11-30T00:00:00Z".into()) };
        let ok = fuzz(&a, 6000);
        assert!(ok > 500, "enough mutations still decode ({ok})");
    }

    #[test]
    fn events_decode_as_the_contract_does() {
        let e = Event { summary: event_summary("e_1"), description: blocks() };
        assert!(fuzz(&e, 4000) > 300);
    }

    #[test]
    fn pages_decode_as_the_contract_does() {
        let articles = Page { items: vec![summary("a_1"), summary("a_2"), summary("a_3")], next_cursor: Some("n".into()) };
        assert!(fuzz(&articles, 4000) > 1000);
        let events = Page { items: vec![event_summary("e_1"), event_summary("e_2")], next_cursor: None };
        assert!(fuzz(&events, 3000) > 500);
        let categories = Page {
            items: vec![
                Category { id: "c_1".into(), kind: ArticleKind::News, name: "会议".into() },
                Category { id: "c_2".into(), kind: ArticleKind::Case, name: String::new() },
            ],
            next_cursor: None,
        };
        assert!(fuzz(&categories, 3000) > 500);
    }

    #[test]
    fn small_documents_decode_as_the_contract_does() {
        let meta = Meta { name: "某某镇人大".into(), api_version: "1.0".into() };
        assert!(fuzz(&meta, 1500) > 100);
        let problem = Problem {
            problem_type: "https://zsrd.example/problems/validation".into(),
            title: "Bad request".into(),
            status: 400,
            detail: Some("q".into()),
            errors: vec![
                FieldError { field: "q".into(), code: "too_long".into(), message: "太长".into() },
                FieldError { field: "limit".into(), code: "out_of_range".into(), message: String::new() },
            ],
        };
        assert!(fuzz(&problem, 3000) > 300);
    }

    #[test]
    fn app_documents_decode_as_serde_does() {
        use crate::api::Config;
        use crate::state::prefs::{FontSize, StoredPrefs};
        assert!(fuzz(&Config { api_base: "https://renda.example.cn/".into() }, 1500) > 100);
        let prefs = StoredPrefs { font: FontSize::Larger, elderly: true, lang: Some("en".into()) };
        assert!(fuzz(&prefs, 3000) > 300);
        for text in [r#"{"font":"huge"}"#, r#"{"font":{"large":null}}"#, r#"{}"#, r#"[]"#, r#"["large",true]"#, r#"{"lang":null}"#] {
            agree::<StoredPrefs>(text);
        }
    }

    #[test]
    fn hand_picked_documents() {
        for text in [
            r#"{"id":"a","kind":"news","published_at":"t","body":[{"type":"paragraph","text":"x"},["paragraph","y"],{"type":"video"}]}"#,
            r#"{"id":"a","kind":{"news":null},"published_at":"t"}"#,
            r#"{"id":"a","kind":{"news":null,"case":null},"published_at":"t"}"#,
            r#"{"id":"a","kind":"news","published_at":"t","cover":[]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","cover":["/u","alt",1,2]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","cover":["/u","alt",1,2,3]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","category":[]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","category":["c"]}"#,
            r#"["a","news",null,"t","s",null,null,null,"2026",5,[{"type":"paragraph"}],null]"#,
            r#"["a","news",null,"t","s",null,null,null,"2026",5,[],null,1]"#,
            r#"["a","news"]"#,
            r#"{"id":"a","kind":"news","published_at":"t","x":"\ud800"}"#,
            r#"{"id":"a","kind":"news","published_at":"\ud800"}"#,
            r#"{"id":"a","kind":"news","published_at":"t","\ud800":1}"#,
            r#"{"id":"a","kind":"news","published_at":"t","body":[{"type":"paragraph","x":"\udc00"}]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","body":[{"type":"paragraph","\udc00":1}]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","body":[{"type":"heading","level":2,"level":3}]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","body":[{"type":"heading","type":"heading"}]}"#,
            r#"{"id":"a","kind":"news","published_at":"t","view_count":-0}"#,
            r#"{"id":"a","kind":"news","published_at":"t","view_count":1e400}"#,
            r#"{"id":"a","kind":"news","published_at":"t","unknown":1e400}"#,
            r#" {"id":"a","kind":"news","published_at":"t"} "#,
            r#"{"id":"a","kind":"news","published_at":"t"} x"#,
        ] {
            agree::<Article>(text);
        }
        for text in [r#"{"status":[]}"#, r#"[]"#, r#"["u","a"]"#, r#"{"id":"e","starts_at":"t","status":null}"#] {
            agree::<Event>(text);
            agree::<Problem>(text);
            agree::<Meta>(text);
            agree::<Page<Category>>(text);
        }
    }
}
