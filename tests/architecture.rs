//! The layering of STYLE.md, checked: the faces (`src/tui`, `src/cli`) reach the clinic only
//! through `service` and `domain`. A face that names the store, or one face that names the
//! other, fails here.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn offenders(face: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(face);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if forbidden.iter().any(|f| line.contains(f)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_tui_reaches_the_clinic_only_through_service_and_domain() {
    let found = offenders("tui", &["crate::store", "clinic::store", "crate::cli"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_cli_reaches_the_clinic_only_through_service_and_domain() {
    let found = offenders("cli", &["crate::store", "clinic::store", "crate::tui"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_guard_itself_sees_the_files() {
    let files = rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join("tui"),
    );
    assert!(files.len() > 10, "{files:?}");
}
