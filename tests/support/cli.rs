//! The real `clinic` binary on a temporary database file.
//!
//! A [`Fixture`] is a temporary directory with one database file in it. Every command it
//! builds is hermetic: `--db` points at that file, the clock is frozen at [`NOW`], the
//! caller's own `CLINIC_*` variables are removed, and logs go to the temporary directory.
//! Accounts it creates have the password [`PASSWORD`].

use super::{NOW, PASSWORD};
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_clinic")
}

pub struct Fixture {
    dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Fixture {
    /// A temporary directory; the database file does not exist yet.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("clinic.db");
        Fixture { dir, db }
    }

    /// A fresh database with one admin, `admin`.
    pub fn new() -> Fixture {
        let f = Fixture::empty();
        f.cmd()
            .args(["init", "--admin", "admin"])
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .assert()
            .success();
        f
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `clinic --db FILE` with a frozen clock and no ambient `CLINIC_*` settings.
    pub fn std_cmd(&self) -> std::process::Command {
        self.std_cmd_on(&self.db)
    }

    /// [`Fixture::std_cmd`] on another database file (a backup, a copy, a stranger).
    pub fn std_cmd_on(&self, db: &Path) -> std::process::Command {
        let mut c = std::process::Command::new(bin());
        for var in [
            "CLINIC_DB",
            "CLINIC_USER",
            "CLINIC_PASSWORD",
            "CLINIC_NEW_PASSWORD",
            "CLINIC_LOG",
        ] {
            c.env_remove(var);
        }
        c.env("CLINIC_NOW", NOW)
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .arg("--db")
            .arg(db);
        c
    }

    /// [`Fixture::std_cmd`] as an `assert_cmd` command, with nothing on stdin.
    pub fn cmd(&self) -> Command {
        self.cmd_on(&self.db)
    }

    /// [`Fixture::cmd`] on another database file.
    pub fn cmd_on(&self, db: &Path) -> Command {
        let mut c = Command::from_std(self.std_cmd_on(db));
        c.write_stdin("");
        c
    }

    /// A command acting as `user` (with the fixtures' password).
    pub fn as_user(&self, user: &str) -> Command {
        let mut c = self.cmd();
        c.args(["--user", user]).env("CLINIC_PASSWORD", PASSWORD);
        c
    }

    /// Runs `--json ARGS` (as `user`, or as a guest), asserts success and parses stdout.
    pub fn json(&self, user: Option<&str>, args: &[&str]) -> Value {
        let mut c = match user {
            Some(u) => self.as_user(u),
            None => self.cmd(),
        };
        let out = c.arg("--json").args(args).output().expect("run clinic");
        assert!(
            out.status.success(),
            "clinic {args:?} as {user:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "clinic {args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Self-registers a patient with a login; returns the patient id.
    pub fn add_patient(&self, username: &str, full_name: &str) -> i64 {
        let out = self
            .cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args([
                "--json",
                "register",
                "--role",
                "patient",
                "--username",
                username,
            ])
            .args(["--full-name", full_name])
            .output()
            .expect("run clinic");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        id_of(&out)
    }

    /// An admin registers a doctor with a login; returns the doctor id.
    pub fn add_doctor(&self, username: &str, full_name: &str, specialty: &str) -> i64 {
        let out = self
            .as_user("admin")
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args([
                "--json",
                "register",
                "--role",
                "doctor",
                "--username",
                username,
            ])
            .args(["--full-name", full_name, "--specialty", specialty])
            .output()
            .expect("run clinic");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        id_of(&out)
    }

    /// An admin declares slots for `doctor`; returns their ids in time order.
    pub fn declare(&self, doctor: i64, date: &str, from: &str, to: &str) -> Vec<i64> {
        let v = self.json(
            Some("admin"),
            &[
                "slots",
                "declare",
                "--doctor",
                &doctor.to_string(),
                "--date",
                date,
                "--from",
                from,
                "--to",
                to,
            ],
        );
        v.as_array()
            .expect("declare prints an array")
            .iter()
            .map(|s| s["id"].as_i64().expect("slot id"))
            .collect()
    }

    /// Every row of every table but the audit log, as text: equal before and after means
    /// nothing the clinic cares about changed.
    pub fn fingerprint(&self) -> String {
        let conn = rusqlite::Connection::open_with_flags(
            &self.db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open db");
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit', 'login_attempts') ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.retain(|t| !t.starts_with("sqlite_"));
        let mut out = String::new();
        for t in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            out.push_str(&format!("[{t}]\n"));
            for row in rows {
                out.push_str(&row.unwrap().join("|"));
                out.push('\n');
            }
        }
        out
    }

    /// The number of active (not cancelled) appointments on a slot, read with SQL.
    pub fn active_on_slot(&self, slot: i64) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).expect("open db");
        conn.query_row(
            "SELECT count(*) FROM appointments WHERE slot_id = ?1 AND status <> 'cancelled'",
            [slot],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// `clinic check` exits 0.
    pub fn assert_check_ok(&self) {
        self.cmd().arg("check").assert().success();
    }
}

/// The `id` field of a JSON object printed on stdout.
pub fn id_of(out: &Output) -> i64 {
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    v["id"].as_i64().expect("an id field")
}

/// Asserts a clean refusal: exit `code`, one `error: …` line on stderr, no panic.
pub fn assert_error(out: &Output, code: i32) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "expected exit {code}; stderr: {stderr}; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    if code == 2 {
        // clap's usage errors are several lines, but start the same way.
        assert!(stderr.starts_with("error: "), "stderr: {stderr}");
    } else {
        assert!(
            stderr.starts_with("error: ") && stderr.trim_end().lines().count() == 1,
            "not one `error: ` line: {stderr:?}"
        );
    }
}

/// The sorted key names of a JSON object.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

/// Asserts that the object `v` has every field in `fields`.
pub fn assert_fields(v: &Value, fields: &[&str]) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    for f in fields {
        assert!(obj.contains_key(*f), "field `{f}` missing in {v}");
    }
}
