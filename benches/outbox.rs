//! `outbox send` on the big clinic (SPEC §15): at least 200 messages a second to an SMTP
//! server on the same machine, the connection reused. Each round books 2 000 visits on a fresh
//! copy of the big clinic (each queues its confirmation in its transaction), then times one
//! run of the sender over the due confirmations against a real SMTP server on 127.0.0.1
//! (`mailin-embedded`, as in the tests), and checks that every one arrived once.
//!
//! Run with `cargo bench --bench outbox`. Prints each round; asserts only what arrived.

mod big_clinic;
#[path = "../tests/support/servers.rs"]
#[allow(dead_code)]
mod servers;

use clinic::domain::{Actor, PatientId};
use clinic::service::{BookRequest, SlotFilter};
use clinic::transport::Secrets;
use std::time::Instant;

const ROUNDS: usize = 3;
const VISITS: usize = 2_000;

fn main() {
    big_clinic::path();
    smtp_alone();
    let mut rates = Vec::new();
    for round in 1..=ROUNDS {
        let mailbox = servers::Mailbox::start(servers::SmtpOptions::default());
        let copy = big_clinic::copy("outbox.db");
        let clinic = big_clinic::open(&copy);
        let admin = clinic
            .login("admin", clinic::demo::DEMO_PASSWORD)
            .expect("admin login")
            .actor;
        let mut s = clinic.settings().unwrap();
        s.smtp_url = Some(mailbox.url());
        s.mail_from = Some("Riverside Clinic <desk@riverside.example>".into());
        clinic.update_settings(&admin, &s).unwrap();
        // Whatever the demo queued before is sent first, untimed.
        clinic
            .send_outbox(&Actor::Guest, &Secrets::default())
            .unwrap();
        let before = mailbox.received().len();

        let booked = book(&clinic, &admin);
        let started = Instant::now();
        let report = clinic
            .send_outbox(&Actor::Guest, &Secrets::default())
            .unwrap();
        let took = started.elapsed().as_secs_f64();
        let arrived = mailbox.wait_for(before + report.sent as usize, 10).len() - before;
        assert_eq!(arrived, report.sent as usize, "every message arrived once");
        let rate = f64::from(report.sent) / took;
        println!(
            "round {round}: {booked} visits booked; {} sent in {took:.2} s = {rate:.0} messages/s \
             ({} waiting for SMS, which is not set up)",
            report.sent, report.waiting
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "outbox send, median of {ROUNDS}: {:.0} messages/s (target ≥ 200)",
        rates[ROUNDS / 2]
    );
}

/// Books up to [`VISITS`] free slots of the bench day, one patient each; returns how many.
fn book(clinic: &clinic::Clinic, admin: &Actor) -> usize {
    let mut filter = SlotFilter::day(big_clinic::day() + chrono::Duration::days(1));
    filter.free_only = true;
    filter.limit = VISITS as u32 * 2;
    let slots = clinic.slots(admin, &filter).expect("free slots");
    let mut booked = 0;
    for (patient, slot) in (1..).zip(slots) {
        if booked == VISITS {
            break;
        }
        let req = BookRequest {
            slot: slot.id,
            patient: Some(PatientId(patient)),
            reason: None,
            override_reason: Some("benchmark".into()),
            visit_type: None,
        };
        if clinic.book(admin, &req).is_ok() {
            booked += 1;
        }
    }
    booked
}

/// The SMTP exchange alone, without the outbox: the ceiling the sender works under.
fn smtp_alone() {
    use clinic::transport::{Courier, Outgoing, mail::Mail};
    let mailbox = servers::Mailbox::start(servers::SmtpOptions::default());
    let mut mail = Mail::new(&mailbox.url(), "desk@riverside.example", None).unwrap();
    let body = "Dear Ann Archer,\n\nYour appointment with Dr. Lee is booked.\n".repeat(6);
    let n = 1_000;
    let started = Instant::now();
    for i in 0..n {
        let to = format!("p{i}@example.org");
        mail.deliver(&Outgoing {
            key: &to,
            to: &to,
            to_name: "Ann Archer",
            subject: Some("Appointment booked"),
            body: &body,
        })
        .unwrap();
    }
    let took = started.elapsed().as_secs_f64();
    assert_eq!(mailbox.wait_for(n, 10).len(), n);
    println!(
        "SMTP alone, one connection: {n} e-mails in {took:.2} s = {:.0}/s",
        n as f64 / took
    );
}
