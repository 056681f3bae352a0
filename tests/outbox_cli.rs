//! `clinic outbox …`, the messaging settings and contact preferences through the real binary
//! (SPEC §11), against a real SMTP server and a real HTTP server on 127.0.0.1: JSON fields and
//! exit codes, two sender processes racing, STARTTLS with AUTH, SMS with a token, and
//! `--watch` stopping on SIGTERM.

mod support;

use serde_json::Value;
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::PASSWORD;
use support::cli::{Fixture, assert_error, assert_fields};
use support::servers::{Gateway, Mailbox, SmtpOptions, certificates, use_ring};

/// A clinic with one doctor (slots 09:00–12:00 on 2030-01-08) and `patients` who self-register
/// with an e-mail address and a phone: `p1@example.org`, … Returns the slot ids.
fn clinic(patients: usize) -> (Fixture, Vec<i64>) {
    let f = Fixture::new();
    let doctor = f.add_doctor("dr.lee", "Dr. Lee", "Cardiology");
    let slots = f.declare(doctor, "2030-01-08", "09:00", "12:00");
    for i in 1..=patients {
        f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args([
                "register",
                "--role",
                "patient",
                "--username",
                &format!("pat{i}"),
            ])
            .args(["--full-name", &format!("Patient Number{i}")])
            .args(["--email", &format!("p{i}@example.org")])
            .args(["--phone", &format!("+44 7700 90000{i}")])
            .assert()
            .success();
    }
    (f, slots)
}

/// Patient `i` books slot `slot` themself; returns the appointment id.
fn book(f: &Fixture, i: usize, slot: i64) -> i64 {
    let a = f.json(Some(&format!("pat{i}")), &["book", &slot.to_string()]);
    a["id"].as_i64().unwrap()
}

fn mail_to(f: &Fixture, url: &str) {
    f.json(
        Some("admin"),
        &[
            "settings",
            "--smtp-url",
            url,
            "--mail-from",
            "Riverside Clinic <desk@riverside.example>",
            "--clinic-name",
            "Riverside Clinic",
        ],
    );
}

/// `clinic --json outbox send` as the system, with `env`; its report.
fn send(f: &Fixture, env: &[(&str, &str)]) -> Value {
    let mut c = f.cmd();
    c.args(["--json", "outbox", "send"]);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "outbox send: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn counts(v: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
    (n("sent"), n("failed"), n("skipped"), n("retrying"))
}

fn messages(f: &Fixture, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["outbox"];
    all.extend_from_slice(args);
    f.json(Some("admin"), &all).as_array().unwrap().clone()
}

#[test]
fn messages_have_the_contract_fields_and_the_outbox_is_the_desks() {
    let (f, slots) = clinic(1);
    let appt = book(&f, 1, slots[2]);
    let list = messages(&f, &[]);
    assert_eq!(list.len(), 3, "a confirmation and two reminders: {list:?}");
    let m = list.last().unwrap();
    assert_fields(
        m,
        &[
            "id",
            "appointment_id",
            "patient_id",
            "kind",
            "channel",
            "to",
            "subject",
            "due_at",
            "status",
            "attempts",
            "last_error",
            "sent_at",
        ],
    );
    assert_eq!(m["appointment_id"], appt);
    assert_eq!(m["kind"], "confirmation");
    assert_eq!(m["channel"], "email");
    assert_eq!(m["to"], "p1@example.org");
    assert_eq!(m["subject"], "Appointment booked: Tue 8 Jan 2030 at 10:00");
    assert_eq!(m["due_at"], "2030-01-07T08:00");
    assert_eq!(m["status"], "queued");
    assert_eq!(m["attempts"], 0);
    assert_eq!(m["last_error"], Value::Null);
    assert_eq!(m["sent_at"], Value::Null);
    assert_eq!(list[0]["kind"], "reminder");
    assert_eq!(list[0]["due_at"], "2030-01-08T08:00");

    let id = m["id"].as_i64().unwrap().to_string();
    let shown = f.json(Some("admin"), &["outbox", "show", &id]);
    assert!(
        shown["body"]
            .as_str()
            .unwrap()
            .contains("Dr. Lee (Cardiology)")
    );
    assert_eq!(messages(&f, &["--status", "sent"]).len(), 0);
    assert_eq!(
        messages(&f, &["--status", "queued", "--limit", "2"]).len(),
        2
    );
    let patient = m["patient_id"].as_i64().unwrap().to_string();
    assert_eq!(messages(&f, &["--patient", &patient]).len(), 3);
    assert_eq!(messages(&f, &["--patient", "999"]).len(), 0);

    // Only the desk reads it; nonsense is refused in the usual words.
    assert_error(&f.as_user("pat1").args(["outbox"]).output().unwrap(), 4);
    assert_error(&f.as_user("dr.lee").args(["outbox"]).output().unwrap(), 4);
    assert_error(&f.cmd().args(["outbox"]).output().unwrap(), 3);
    assert_error(
        &f.as_user("admin")
            .args(["outbox", "--status", "lost"])
            .output()
            .unwrap(),
        2,
    );
    assert_error(
        &f.as_user("admin")
            .args(["outbox", "show", "999"])
            .output()
            .unwrap(),
        5,
    );
    assert_error(
        &f.as_user("admin")
            .args(["outbox", "retry", "999"])
            .output()
            .unwrap(),
        5,
    );
    let out = f
        .as_user("admin")
        .args(["outbox", "retry", &id])
        .output()
        .unwrap();
    assert_error(&out, 6);
    assert!(String::from_utf8_lossy(&out.stderr).contains("only a failed message is retried"));
    // The sender is a job for cron: no sign-in, or the desk; never a patient.
    assert_error(
        &f.as_user("pat1").args(["outbox", "send"]).output().unwrap(),
        4,
    );
}

#[test]
fn outbox_send_sends_over_smtp_and_prints_its_counts() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let (f, slots) = clinic(2);
    // Not set up yet: the messages wait and say so.
    book(&f, 1, slots[2]);
    let r = send(&f, &[]);
    assert_eq!(counts(&r), (0, 0, 0, 0));
    assert_eq!(r["waiting"], 1);
    mail_to(&f, &mailbox.url());
    book(&f, 2, slots[3]);
    let r = send(&f, &[]);
    assert_eq!(counts(&r), (2, 0, 0, 0));
    assert_eq!(r["waiting"], 0);
    let mail = mailbox.wait_for(2, 5);
    assert_eq!(mail.len(), 2);
    let first = mail.iter().find(|m| m.to == ["p1@example.org"]).unwrap();
    assert_eq!(
        first.subject(),
        "Appointment booked: Tue 8 Jan 2030 at 10:00"
    );
    assert_eq!(first.to_name(), "Patient Number1");
    assert!(
        first
            .body()
            .contains("Dr. Lee (Cardiology) is booked for Tue 8 Jan 2030 at 10:00")
    );
    assert!(
        first.body().trim_end().ends_with("\n\nRiverside Clinic"),
        "{:?}",
        first.body()
    );
    let sent = messages(&f, &["--status", "sent"]);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["sent_at"], "2030-01-07T08:00");
    assert_eq!(sent[0]["attempts"], 1);
    // The human form says the same in words.
    let out = f.cmd().args(["outbox", "send"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0 sent");
}

#[test]
fn two_sender_processes_at_once_send_each_message_once() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let (f, slots) = clinic(6);
    mail_to(&f, &mailbox.url());
    for (i, slot) in slots.iter().enumerate() {
        book(&f, i + 1, *slot);
    }
    let senders: Vec<_> = (0..2)
        .map(|_| {
            f.std_cmd()
                .args(["--json", "outbox", "send"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut sent = 0;
    for s in senders {
        let out = s.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        sent += v["sent"].as_i64().unwrap();
    }
    assert_eq!(sent, 6);
    let mail = mailbox.wait_for(6, 5);
    let mut to: Vec<_> = mail.iter().map(|m| m.to[0].clone()).collect();
    to.sort();
    assert_eq!(
        to,
        (1..=6)
            .map(|i| format!("p{i}@example.org"))
            .collect::<Vec<_>>(),
        "each patient's confirmation exactly once"
    );
}

#[test]
fn starttls_and_sign_in_with_the_password_from_the_environment() {
    use_ring();
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let mailbox = Mailbox::start(SmtpOptions {
        tls: Some((cert, key)),
        auth: Some(("desk".into(), "mail-secret".into())),
        ..Default::default()
    });
    let (f, slots) = clinic(1);
    mail_to(&f, &format!("smtp://desk@127.0.0.1:{}", mailbox.port));
    book(&f, 1, slots[2]);
    let ca = ca.display().to_string();
    // No password: nothing is sent in the clear, the message says what is missing.
    let r = send(&f, &[("SSL_CERT_FILE", &ca)]);
    assert_eq!(counts(&r), (0, 0, 0, 1));
    let m = &messages(&f, &["--status", "queued"])[0];
    assert_eq!(m["kind"], "confirmation", "the one tried, due again first");
    assert!(
        m["last_error"]
            .as_str()
            .unwrap()
            .contains("CLINIC_SMTP_PASSWORD"),
        "{m}"
    );
    // The wrong password is the server's refusal.
    let later = [
        ("CLINIC_NOW", "2030-01-07T08:01"),
        ("SSL_CERT_FILE", ca.as_str()),
    ];
    let r = send(&f, &[later[0], later[1], ("CLINIC_SMTP_PASSWORD", "wrong")]);
    assert_eq!(counts(&r), (0, 0, 0, 1));
    // A server certificate the machine does not trust is refused too.
    let r = send(
        &f,
        &[
            ("CLINIC_NOW", "2030-01-07T08:06"),
            ("CLINIC_SMTP_PASSWORD", "mail-secret"),
            ("SSL_CERT_FILE", "/nonexistent.pem"),
        ],
    );
    assert_eq!(counts(&r), (0, 0, 0, 1));
    assert!(mailbox.received().is_empty());
    let r = send(
        &f,
        &[
            ("CLINIC_NOW", "2030-01-07T08:36"),
            ("CLINIC_SMTP_PASSWORD", "mail-secret"),
            ("SSL_CERT_FILE", &ca),
        ],
    );
    assert_eq!(counts(&r), (1, 0, 0, 0));
    let mail = mailbox.wait_for(1, 5);
    assert_eq!(mail[0].to, ["p1@example.org"]);
    let m = &messages(&f, &["--status", "sent"])[0];
    assert_eq!(m["attempts"], 4);
    assert_eq!(m["last_error"], Value::Null);
}

#[test]
fn texts_are_posted_as_json_with_the_token_and_a_500_is_retried() {
    let gateway = Gateway::start();
    let (f, slots) = clinic(2);
    f.json(Some("admin"), &["settings", "--sms-url", &gateway.url()]);
    for i in 1..=2 {
        let p = f.json(Some(&format!("pat{i}")), &["patients"]);
        let id = p[0]["id"].as_i64().unwrap().to_string();
        let edited = f.json(
            Some(&format!("pat{i}")),
            &["patients", "edit", &id, "--contact", "sms"],
        );
        assert_eq!(edited["contact"], "sms");
    }
    book(&f, 1, slots[2]);
    let r = send(&f, &[("CLINIC_SMS_TOKEN", "gw-token")]);
    assert_eq!(counts(&r), (1, 0, 0, 0));
    let texts = gateway.received();
    assert_eq!(texts[0].authorization.as_deref(), Some("Bearer gw-token"));
    assert_eq!(texts[0].json["to"], "+44 7700 900001");
    assert!(texts[0].json["body"].as_str().unwrap().contains("Dr. Lee"));

    gateway.answer(500);
    book(&f, 2, slots[3]);
    let r = send(&f, &[]);
    assert_eq!(counts(&r), (0, 0, 0, 1));
    let m = &messages(&f, &["--status", "queued"])
        .into_iter()
        .find(|m| m["attempts"] == 1)
        .unwrap();
    assert_eq!(
        m["last_error"],
        "the SMS gateway answered 500 Internal Server Error: the gateway is down"
    );
    gateway.answer(200);
    let r = send(&f, &[("CLINIC_NOW", "2030-01-07T08:01")]);
    assert_eq!(counts(&r), (1, 0, 0, 0));
    assert_eq!(gateway.received().len(), 2);
}

#[test]
fn watch_sends_what_falls_due_and_stops_cleanly_on_sigterm() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let (f, slots) = clinic(2);
    mail_to(&f, &mailbox.url());
    book(&f, 1, slots[2]);
    let watcher = f
        .std_cmd()
        .args(["--json", "outbox", "send", "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert_eq!(
        mailbox.wait_for(1, 10).len(),
        1,
        "what was due at the start"
    );
    // Another terminal books: its confirmation goes within a couple of seconds.
    let started = Instant::now();
    book(&f, 2, slots[3]);
    assert_eq!(mailbox.wait_for(2, 10).len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &watcher.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let out = watcher.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let totals: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&totals), (2, 0, 0, 0));
}

#[test]
fn messaging_settings_are_checked_and_kept() {
    let (f, _) = clinic(0);
    let refused = |args: &[&str], code: i32, says: &str| {
        let out = f
            .as_user("admin")
            .arg("settings")
            .args(args)
            .output()
            .unwrap();
        assert_error(&out, code);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    };
    refused(
        &[
            "--smtp-url",
            "smtp://desk:secret@mail.example.org",
            "--mail-from",
            "d@x.org",
        ],
        7,
        "CLINIC_SMTP_PASSWORD",
    );
    refused(&["--smtp-url", "smtp://mail.example.org"], 7, "--mail-from");
    refused(
        &[
            "--smtp-url",
            "http://mail.example.org",
            "--mail-from",
            "d@x.org",
        ],
        7,
        "smtp://",
    );
    refused(
        &["--mail-from", "not an address"],
        7,
        "not an e-mail address",
    );
    refused(&["--sms-url", "sms.example.org"], 7, "SMS gateway URL");
    refused(&["--reminders", "3w"], 7, "reminder offset");
    refused(&["--clinic-name", " "], 7, "name");
    let out = f
        .as_user("dr.lee")
        .args(["settings", "--reminders", "1h"])
        .output()
        .unwrap();
    assert_error(&out, 4);

    let s = f.json(
        Some("admin"),
        &[
            "settings",
            "--reminders",
            "2h, 48h",
            "--clinic-name",
            "Riverside Clinic",
            "--address",
            "1 River Road",
            "--smtp-url",
            "smtps://desk@mail.example.org",
            "--mail-from",
            "desk@riverside.example",
            "--sms-url",
            "https://sms.example.org/send",
        ],
    );
    assert_eq!(s["reminders"], "48h,2h");
    assert_eq!(s["clinic_name"], "Riverside Clinic");
    assert_eq!(s["address"], "1 River Road");
    assert_eq!(s["smtp_url"], "smtps://desk@mail.example.org");
    assert_eq!(s["sms_url"], "https://sms.example.org/send");
    // "" clears: without a mail server, the sender leaves e-mails waiting.
    let s = f.json(
        Some("admin"),
        &["settings", "--smtp-url", "", "--address", ""],
    );
    assert_eq!(s["smtp_url"], Value::Null);
    assert_eq!(s["address"], Value::Null);
    assert_eq!(s["mail_from"], "desk@riverside.example");
    let audit = f.json(Some("admin"), &["audit", "--limit", "5"]);
    let change = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "settings")
        .unwrap();
    assert_eq!(
        change["detail"],
        "address none (was 1 River Road); mail server none (was smtps://desk@mail.example.org)"
    );
}

#[test]
fn contact_preferences_are_kept_per_patient_and_need_their_address() {
    let (f, _) = clinic(1);
    let me = f.json(Some("pat1"), &["patients"])[0].clone();
    assert_eq!(
        me["contact"], "email",
        "the default when there is an e-mail"
    );
    let id = me["id"].as_i64().unwrap().to_string();
    let p = f.json(
        Some("admin"),
        &["patients", "edit", &id, "--contact", "none"],
    );
    assert_eq!(p["contact"], "none");
    // Other edits keep the choice.
    let p = f.json(
        Some("pat1"),
        &["patients", "edit", &id, "--phone", "+44 7700 900999"],
    );
    assert_eq!(p["contact"], "none");
    let walk_in = f.json(
        Some("admin"),
        &[
            "patients",
            "add",
            "--full-name",
            "Walt In",
            "--contact",
            "sms",
            "--phone",
            "555 0123",
        ],
    );
    assert_eq!(walk_in["contact"], "sms");
    let no_phone = f
        .as_user("admin")
        .args([
            "patients",
            "add",
            "--full-name",
            "No Phone",
            "--contact",
            "sms",
        ])
        .output()
        .unwrap();
    assert_error(&no_phone, 7);
    assert!(String::from_utf8_lossy(&no_phone.stderr).contains("need a phone number"));
    assert_error(
        &f.as_user("admin")
            .args(["patients", "edit", &id, "--contact", "post"])
            .output()
            .unwrap(),
        2,
    );
    let bare = f.json(
        Some("admin"),
        &["patients", "add", "--full-name", "Bare Walk-In"],
    );
    assert_eq!(bare["contact"], "none", "nothing to write to");
}
