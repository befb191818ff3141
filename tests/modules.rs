//! The app's modules depend on each other without cycles (a native test, `make test`'s first
//! layer).
//!
//! It reads `src/**/*.rs` (one module per file; `foo/mod.rs` is `foo`, `lib.rs` the crate root,
//! `main.rs` is the binary and left out), takes every `crate::…` path — in `use crate::…`
//! trees and in code — as a dependency on the module of the longest prefix that is a file,
//! and fails naming each cycle with the lines that make it. Paths through `super::` and
//! `self::` stay inside a module and its files, and do not count.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles that may still exist, each as the set of modules it runs through; anything else fails.
const ALLOWED: &[&[&str]] = &[];

/// Where a dependency was seen: file, line, the path as written.
type Seen = (String, usize, String);

struct Graph {
    modules: BTreeSet<String>,
    /// from → to → the first place it was seen.
    edges: BTreeMap<String, BTreeMap<String, Seen>>,
}

/// The module of a file under `src/` (`components/handling/mod.rs` → `components::handling`).
fn module_of(relative: &Path) -> Option<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.pop()?;
    let stem = file.strip_suffix(".rs")?;
    match (parts.is_empty(), stem) {
        (true, "main") => return None,
        (true, "lib") => return Some("crate".to_string()),
        (_, "mod") => {}
        _ => parts.push(stem.to_string()),
    }
    Some(parts.join("::"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("read src/").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments, string and character literals blanked out (lines kept).
fn code_only(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_char(chars.get(i.wrapping_sub(1)).copied()) {
            // A raw string r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() && !(chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#'))) {
                j += 1;
            }
            for &k in &chars[i..(j + 1 + hashes).min(chars.len())] {
                blank(&mut out, k);
            }
            i = j + 1 + hashes;
        } else if c == '"' || (c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\''))) {
            // A string, or a character literal ('x', '\n', '\u{1e}'); a lifetime ('a) stays.
            blank(&mut out, c);
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            blank(&mut out, c);
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// A tiny reader of `use` trees and paths, over code without comments or literals.
struct Reader<'a> {
    chars: &'a [char],
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_space();
        let n = s.chars().count();
        if self.chars.len() >= self.at + n && self.chars[self.at..self.at + n].iter().copied().eq(s.chars()) {
            self.at += n;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_space();
        let start = self.at;
        while ident_char(self.chars.get(self.at).copied()) {
            self.at += 1;
        }
        (self.at > start).then(|| self.chars[start..self.at].iter().collect())
    }

    /// After `prefix::`: a path (`a::b::c`), a group (`{a, b::{c, self}}`) or a glob; pushes
    /// every full path it names.
    fn tree(&mut self, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        if self.eat("{") {
            loop {
                if self.eat("}") {
                    return;
                }
                self.tree(prefix.clone(), out);
                if !self.eat(",") {
                    self.eat("}");
                    return;
                }
            }
        }
        if self.eat("*") {
            out.push(prefix);
            return;
        }
        let Some(name) = self.ident() else {
            out.push(prefix);
            return;
        };
        let mut path = prefix;
        if name != "self" {
            path.push(name);
        }
        let before = self.at;
        if self.eat("::") && !self.eat("<") {
            self.tree(path, out);
            return;
        }
        self.at = before;
        out.push(path);
        // `a::b as c`
        let before = self.at;
        if !(self.eat("as") && !ident_char(self.chars.get(self.at).copied()) && self.ident().is_some()) {
            self.at = before;
        }
    }
}

/// Every `crate::…` path of a file's code, with its line.
fn crate_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' {
            line += 1;
        }
        let word: String = chars[i..(i + 7).min(chars.len())].iter().collect();
        if word == "crate::" && !ident_char(i.checked_sub(1).map(|j| chars[j])) {
            let mut r = Reader { chars: &chars, at: i + 7 };
            let mut paths = Vec::new();
            r.tree(Vec::new(), &mut paths);
            found.extend(paths.into_iter().map(|p| (line, p)));
            i += 7;
            continue;
        }
        i += 1;
    }
    found
}

/// The module a path leads to: the longest prefix that is a module, else the crate root.
fn resolve(modules: &BTreeSet<String>, path: &[String]) -> String {
    (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains(m)).unwrap_or_else(|| "crate".to_string())
}

fn graph_of(files: &[(String, String, String)]) -> Graph {
    let modules: BTreeSet<String> = files.iter().map(|(m, _, _)| m.clone()).collect();
    let mut edges: BTreeMap<String, BTreeMap<String, Seen>> = BTreeMap::new();
    for (module, file, src) in files {
        let targets = edges.entry(module.clone()).or_default();
        for (line, path) in crate_paths(&code_only(src)) {
            let to = resolve(&modules, &path);
            if to != *module {
                targets.entry(to).or_insert_with(|| (file.clone(), line, format!("crate::{}", path.join("::"))));
            }
        }
    }
    Graph { modules, edges }
}

fn load_src() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let module = module_of(path.strip_prefix(&src).ok()?)?;
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let shown = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            Some((module, shown, text))
        })
        .collect()
}

/// The strongly connected sets of modules with more than one member (Tarjan).
fn cycles(g: &Graph) -> Vec<BTreeSet<String>> {
    struct State<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.edges.get(v).into_iter().flat_map(|e| e.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                set.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                s.found.push(set);
            }
        }
    }
    let mut s = State { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on_stack: BTreeSet::new(), found: Vec::new() };
    for m in &g.modules {
        if !s.index.contains_key(m.as_str()) {
            visit(&mut s, m);
        }
    }
    s.found
}

/// One cycle through `set` (starting at its first module), with where each step was seen.
fn describe(g: &Graph, set: &BTreeSet<String>) -> String {
    let start = set.iter().next().expect("a module").clone();
    // Breadth-first inside the set, back to the start.
    let mut came_from: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    'search: while let Some(v) = queue.pop_front() {
        for w in g.edges.get(&v).into_iter().flat_map(|e| e.keys()).filter(|w| set.contains(*w)) {
            if *w == start {
                came_from.insert(start.clone(), v.clone());
                break 'search;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w.clone(), v.clone());
                queue.push_back(w.clone());
            }
        }
    }
    let mut path = vec![start.clone()];
    let mut at = came_from.get(&start).cloned();
    while let Some(v) = at {
        path.push(v.clone());
        if v == start {
            break;
        }
        at = came_from.get(&v).cloned();
    }
    path.reverse();
    let mut text = path.join(" → ");
    for step in path.windows(2) {
        let (file, line, written) = &g.edges[&step[0]][&step[1]];
        text.push_str(&format!("\n    {} → {}: {file}:{line} `{written}`", step[0], step[1]));
    }
    text
}

/// What is wrong with the module graph: cycles not allowed, allowed ones that are gone.
fn problems(g: &Graph, allowed: &[&[&str]]) -> Vec<String> {
    let found = cycles(g);
    let mut out = Vec::new();
    for set in &found {
        if !allowed.iter().any(|a| set.iter().all(|m| a.contains(&m.as_str()))) {
            out.push(format!("a cycle of modules: {}", describe(g, set)));
        }
    }
    for a in allowed {
        if !found.iter().any(|set| set.iter().any(|m| a.contains(&m.as_str()))) {
            out.push(format!("the allowed cycle {a:?} is gone: remove it from ALLOWED in tests/modules.rs"));
        }
    }
    out
}

#[test]
fn src_has_no_module_cycles() {
    let g = graph_of(&load_src());
    // The test sees the app: every file, and the dependencies it is known to have.
    assert!(g.modules.len() > 40, "modules read: {:?}", g.modules);
    assert!(g.edges["app"].contains_key("pages::home"), "app → pages::home: {:?}", g.edges["app"]);
    let problems = problems(&g, ALLOWED);
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn paths_are_read_from_use_trees_and_code() {
    let src = r##"
        use crate::api::{self, decode_body, decode_messages as enc, ApiError};
        use crate::components::{form::{Errors, Field}, shell::*};
        // crate::in_a_comment::x
        /* crate::in_a_block /* nested */ comment */
        fn f<'a>(x: &'a str) -> char {
            let _ = "crate::in_a_string";
            let _ = r#"crate::in_a_raw "string""#;
            crate::state::lists::forget_work(x);
            let _: Vec<crate::format::Thing> = Vec::new();
            crate::i18n::t::<u8>;
            '"'
        }
        fn g() { crate::tabs::tab_of("/"); }
    "##;
    let paths: Vec<String> = crate_paths(&code_only(src)).into_iter().map(|(_, p)| p.join("::")).collect();
    assert_eq!(
        paths,
        [
            "api",
            "api::decode_body",
            "api::decode_messages",
            "api::ApiError",
            "components::form::Errors",
            "components::form::Field",
            "components::shell",
            "state::lists::forget_work",
            "format::Thing",
            "i18n::t",
            "tabs::tab_of",
        ]
    );
    assert_eq!(module_of(Path::new("components/handling/mod.rs")).as_deref(), Some("components::handling"));
    assert_eq!(module_of(Path::new("components/handling/dates.rs")).as_deref(), Some("components::handling::dates"));
    assert_eq!(module_of(Path::new("lib.rs")).as_deref(), Some("crate"));
    assert_eq!(module_of(Path::new("main.rs")), None);
}

#[test]
fn a_cycle_is_named_with_its_lines() {
    let file = |m: &str, src: &str| (m.to_string(), format!("src/{}.rs", m.replace("::", "/")), src.to_string());
    let files = [
        file("components::shell", "use crate::state::alerts::Alerts;\n"),
        file("state::alerts", "fn f() {\n    crate::components::shell::tab_of(\"/\");\n}\n"),
        file("tabs", ""),
        file("api", "use crate::i18n::Key;"),
        file("i18n", "use crate::api::decode;"),
    ];
    let g = graph_of(&files);
    let found = problems(&g, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().any(|p| p.contains("components::shell → state::alerts → components::shell")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("src/state/alerts.rs:2 `crate::components::shell::tab_of`")), "{found:?}");
    assert!(problems(&g, &[&["api", "i18n"], &["components::shell", "state::alerts"]]).is_empty());
    let stale = problems(&g, &[&["api", "i18n"], &["components::shell", "state::alerts"], &["tabs", "x"]]);
    assert_eq!(stale.len(), 1);
    assert!(stale[0].contains("is gone"), "{stale:?}");
}
