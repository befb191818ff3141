//! Copies the demo content (`demo/*.json`, written by the content team) into OUT_DIR so
//! that `src/demo/content.rs` can `include_str!` it; a missing file becomes an empty list, and
//! `demo::AVAILABLE` tells whether all three were there.

use std::path::Path;

const FILES: [&str; 3] = ["categories.json", "articles.json", "events.json"];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let demo = Path::new(&manifest).join("demo");
    if demo.is_dir() {
        println!("cargo:rerun-if-changed=demo");
    } else {
        // watch the crate directory so that creating demo/ triggers a rebuild
        println!("cargo:rerun-if-changed=.");
    }
    println!("cargo:rerun-if-changed=build.rs");
    let mut all = true;
    for name in FILES {
        let src = demo.join(name);
        let text = match std::fs::read_to_string(&src) {
            Ok(t) => t,
            Err(_) => {
                all = false;
                "[]".to_owned()
            }
        };
        if let Err(e) = std::fs::write(Path::new(&out).join(name), text) {
            println!("cargo:warning=cannot write {name} to OUT_DIR: {e}");
            std::process::exit(1);
        }
    }
    if let Err(e) = std::fs::write(Path::new(&out).join("demo_available.rs"), format!("{all}")) {
        println!("cargo:warning=cannot write demo_available.rs: {e}");
        std::process::exit(1);
    }
}
