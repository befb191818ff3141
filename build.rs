//! Compiles the locale files (`locales/<lang>/*.txt`, `key = text` per line, `#` comments) into a
//! `Key` enum and one lookup table per language, so UI strings live in locale files,
//! cost nothing to parse at run time, and a key missing from any locale fails the build.
//!
//! The release (split) build keeps only the first-load zh-CN texts in the wasm: a zh-CN file whose
//! first line is `#! first-load` holds texts of the code that is in the first load (首页, the
//! shell, errors…); every other file is lazy by default, its texts in a pack file fetched early
//! and awaited by the lazily loaded screens (see `lazy` in src/i18n.rs and `Lazy` in src/app.rs).
//! The first-load keys come first in `Key`, so that a lazy key's place in its pack is
//! `key - FIRST_LOAD_COUNT`. A test (`first_load_code_uses_first_load_texts` in src/i18n.rs)
//! fails when first-load code names a lazy key.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// (language of the generated table, folder of its files). Every `*.txt` file of a folder
/// is read (one per area of the app: reading.txt, messages.txt…); keys are global.
const LOCALES: [(&str, &str); 2] = [("zh", "locales/zh-CN"), ("en", "locales/en")];

/// The marker of a first-load file (its first line).
const FIRST_LOAD: &str = "#! first-load";

/// A language's texts by key, and the keys of its first-load files.
fn parse_dir(dir: &str) -> (BTreeMap<String, String>, BTreeSet<String>) {
    // New files too (a new area's file changes the folder).
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut map = BTreeMap::new();
    let mut first_load = BTreeSet::new();
    for path in files {
        let path = path.to_string_lossy().into_owned();
        println!("cargo:rerun-if-changed={path}");
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let before = map.clone();
        parse(&path, &text, &mut map);
        if text.lines().next().is_some_and(|l| l.trim() == FIRST_LOAD) {
            first_load.extend(map.keys().filter(|k| !before.contains_key(*k)).cloned());
        }
    }
    (map, first_load)
}

fn parse(path: &str, text: &str, map: &mut BTreeMap<String, String>) {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("{path}:{}: expected `key = text`", n + 1));
        let key = key.trim();
        assert!(
            !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{path}:{}: bad key `{key}` (use a-z, 0-9, _)",
            n + 1
        );
        let value = value.trim().replace("\\n", "\n");
        assert!(map.insert(key.to_string(), value).is_none(), "{path}:{}: duplicate key `{key}`", n + 1);
    }
}

/// Texts, one per line in `Key` order; a backslash is written as two, a line break as
/// backslash + n (read by `pack::parse` in src/i18n.rs).
fn pack<'a>(texts: impl Iterator<Item = &'a String>) -> String {
    let mut out = String::new();
    for v in texts {
        out.push_str(&v.replace('\\', "\\\\").replace('\n', "\\n"));
        out.push('\n');
    }
    out
}

/// Writes a pack to OUT_DIR as `<lang>.pack`, its content-hashed file name (`<lang>-<hash>.txt`,
/// which scripts/build-app copies into dist/) as `<lang>.pack.name`; returns that name.
fn write_pack(out_dir: &str, lang: &str, pack: &str) -> String {
    let name = format!("{lang}-{:016x}.txt", fnv1a(pack.as_bytes()));
    fs::write(Path::new(out_dir).join(format!("{lang}.pack")), pack).expect("write pack");
    fs::write(Path::new(out_dir).join(format!("{lang}.pack.name")), &name).expect("write pack name");
    name
}

/// FNV-1a, 64 bits: the content hash in the pack's file name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn camel(key: &str) -> String {
    key.split('_')
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    // `ZSRD_SPLIT=1` (scripts/build-app): the lazy routes of src/app.rs become wasm split points.
    // Without it (trunk serve, tests) they are plain async routes in the one module.
    println!("cargo:rerun-if-env-changed=ZSRD_SPLIT");
    println!("cargo:rustc-check-cfg=cfg(zsrd_split)");
    if env::var("ZSRD_SPLIT").is_ok_and(|v| v == "1") {
        println!("cargo:rustc-cfg=zsrd_split");
    }
    let tables: Vec<(&str, BTreeMap<String, String>, BTreeSet<String>)> =
        LOCALES.iter().map(|(l, p)| { let (t, f) = parse_dir(p); (*l, t, f) }).collect();
    for (_, p) in LOCALES {
        println!("cargo:rerun-if-changed={p}");
    }
    let (zh, first_load) = (&tables[0].1, &tables[0].2);
    for (lang, table, _) in &tables[1..] {
        let missing: Vec<_> = zh.keys().filter(|k| !table.contains_key(*k)).collect();
        let extra: Vec<_> = table.keys().filter(|k| !zh.contains_key(*k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "locale {lang}: missing {missing:?}, extra {extra:?}");
    }
    // First-load keys first: a lazy key's text is at `key - FIRST_LOAD_COUNT` in the zh pack.
    let keys: Vec<&String> = first_load.iter().chain(zh.keys().filter(|k| !first_load.contains(*k))).collect();
    let mut out = String::new();
    out.push_str("/// A UI string key (generated from locales/ by build.rs).\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for k in &keys {
        let _ = writeln!(out, "    {},", camel(k));
    }
    out.push_str("}\n\n");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    let split = env::var("ZSRD_SPLIT").is_ok_and(|v| v == "1");
    let _ = writeln!(out, "/// How many keys there are.\n#[allow(dead_code)]\npub(crate) const KEY_COUNT: usize = {};\n", keys.len());
    let _ = writeln!(
        out,
        "/// How many of them are first-load keys (the first ones).\n#[allow(dead_code)]\npub(crate) const FIRST_LOAD_COUNT: usize = {};\n",
        first_load.len()
    );
    // For the test of which code uses which keys (not in the app).
    let _ = writeln!(out, "#[cfg(test)]\npub(crate) const KEY_NAMES: [&str; KEY_COUNT] = [");
    for k in &keys {
        let _ = writeln!(out, "    {:?},", camel(k));
    }
    out.push_str("];\n\n");
    for (lang, table, _) in &tables {
        if split && *lang == "en" {
            // The release build leaves the second language out of the wasm (the first load): it
            // is a file of its own, `en-<hash>.txt`, fetched when someone picks it. scripts/build-app
            // copies it from OUT_DIR into dist/ (see `pack` in src/i18n.rs).
            let name = write_pack(&out_dir, "en", &pack(keys.iter().map(|k| &table[*k])));
            let _ = writeln!(out, "/// The file of the English texts (one per key, in key order).\npub(crate) const EN_PACK: &str = \"{name}\";\n");
            let _ = writeln!(out, "pub(crate) fn text_en(key: Key) -> &'static str {{\n    pack::en(key as usize).unwrap_or_else(|| text_zh(key))\n}}\n");
            continue;
        }
        let lazy_zh = split && *lang == "zh";
        if lazy_zh {
            // …and the zh-CN texts of lazily loaded screens: `zh-<hash>.txt`, fetched once the
            // first screen is up and awaited by lazy routes (see `lazy` in src/i18n.rs).
            let name = write_pack(&out_dir, "zh", &pack(keys[first_load.len()..].iter().map(|k| &table[*k])));
            let _ = writeln!(out, "/// The file of the zh-CN texts of lazily loaded screens (in key order).\npub(crate) const ZH_PACK: &str = \"{name}\";\n");
        }
        let _ = writeln!(out, "#[allow(unreachable_patterns)]\npub(crate) fn text_{lang}(key: Key) -> &'static str {{\n    match key {{");
        for k in if lazy_zh { &keys[..first_load.len()] } else { &keys[..] } {
            let _ = writeln!(out, "        Key::{} => {:?},", camel(k), table[*k]);
        }
        if lazy_zh {
            out.push_str("        _ => pack::zh_lazy(key as usize),\n");
        }
        out.push_str("    }\n}\n\n");
    }
    let dest = Path::new(&out_dir).join("i18n_keys.rs");
    fs::write(dest, out).expect("write i18n table");
}
