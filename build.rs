//! Compiles the locale files (`locales/<lang>/*.txt`, `key = text` per line, `#` comments) into a
//! `Key` enum and one lookup table per language, so UI strings live in locale files,
//! cost nothing to parse at run time, and a key missing from any locale fails the build.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// (language of the generated table, folder of its files). Every `*.txt` file of a folder
/// is read (one per area of the app: reading.txt, messages.txt…); keys are global.
const LOCALES: [(&str, &str); 2] = [("zh", "locales/zh-CN"), ("en", "locales/en")];

fn parse_dir(dir: &str) -> BTreeMap<String, String> {
    // New files too (a new area's file changes the folder).
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut map = BTreeMap::new();
    for path in files {
        let path = path.to_string_lossy().into_owned();
        println!("cargo:rerun-if-changed={path}");
        parse(&path, &mut map);
    }
    map
}

fn parse(path: &str, map: &mut BTreeMap<String, String>) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
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

/// The texts of a language, one per line in key order; a backslash is written as two, a line
/// break as backslash + n (read by `pack::parse` in src/i18n.rs).
fn pack(table: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for v in table.values() {
        out.push_str(&v.replace('\\', "\\\\").replace('\n', "\\n"));
        out.push('\n');
    }
    out
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
    let tables: Vec<(&str, BTreeMap<String, String>)> = LOCALES.iter().map(|(l, p)| (*l, parse_dir(p))).collect();
    for (_, p) in LOCALES {
        println!("cargo:rerun-if-changed={p}");
    }
    let keys: Vec<&String> = tables[0].1.keys().collect();
    for (lang, table) in &tables[1..] {
        let other: Vec<&String> = table.keys().collect();
        let missing: Vec<_> = keys.iter().filter(|k| !table.contains_key(**k)).collect();
        let extra: Vec<_> = other.iter().filter(|k| !tables[0].1.contains_key(**k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "locale {lang}: missing {missing:?}, extra {extra:?}");
    }
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
    for (lang, table) in &tables {
        if split && *lang == "en" {
            // The release build leaves the second language out of the wasm (the first load): it
            // is a file of its own, `en-<hash>.txt`, fetched when someone picks it. scripts/build-app
            // copies it from OUT_DIR into dist/ (see `pack` in src/i18n.rs).
            let pack = pack(table);
            let name = format!("en-{:016x}.txt", fnv1a(pack.as_bytes()));
            fs::write(Path::new(&out_dir).join("en.pack"), &pack).expect("write en.pack");
            fs::write(Path::new(&out_dir).join("en.pack.name"), &name).expect("write en.pack.name");
            let _ = writeln!(out, "/// The file of the English texts (one per key, in key order).\npub(crate) const EN_PACK: &str = \"/{name}\";\n");
            let _ = writeln!(out, "pub(crate) fn text_en(key: Key) -> &'static str {{\n    pack::text(key as usize).unwrap_or_else(|| text_zh(key))\n}}\n");
            continue;
        }
        let _ = writeln!(out, "pub(crate) fn text_{lang}(key: Key) -> &'static str {{\n    match key {{");
        for (k, v) in table {
            let _ = writeln!(out, "        Key::{} => {:?},", camel(k), v);
        }
        out.push_str("    }\n}\n\n");
    }
    let dest = Path::new(&out_dir).join("i18n_keys.rs");
    fs::write(dest, out).expect("write i18n table");
}
