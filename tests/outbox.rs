//! Messages to patients (SPEC §11), through the library with a frozen clock and a real SMTP
//! server and a real HTTP server on 127.0.0.1: what each booking change queues (in its own
//! transaction), what the sender sends, skips, retries and gives up on, and who may see it.

mod support;

use clinic::domain::{Actor, Channel, Message, MessageKind, MessageStatus, PatientInput, Status};
use clinic::service::{BookRequest, SendReport, SeriesRequest, WaitlistTarget};
use clinic::transport::Secrets;
use clinic::{Clinic, ErrorKind};
use support::clinic::{ANN, BOB, CYD, Fixture, GREY, HOUSE, WHO, patient_input, request};
use support::servers::{Gateway, Mailbox, SmtpOptions};
use support::{at, expect_err};

const TUE_10: &str = "2030-01-08T10:00";

/// Every message, oldest first.
fn outbox(f: &Fixture) -> Vec<Message> {
    let mut all = f
        .clinic
        .outbox(&f.admin(), None, None, 1000, 0)
        .expect("the outbox");
    all.reverse();
    all
}

fn of_kind(f: &Fixture, kind: MessageKind) -> Vec<Message> {
    outbox(f).into_iter().filter(|m| m.kind == kind).collect()
}

fn queued(f: &Fixture) -> Vec<Message> {
    outbox(f)
        .into_iter()
        .filter(|m| m.status == MessageStatus::Queued)
        .collect()
}

/// Points the clinic's e-mail at `mailbox` (and its SMS at `gateway`, if given).
fn set_up(f: &Fixture, mailbox: Option<&Mailbox>, gateway: Option<&Gateway>) {
    let mut s = f.clinic.settings().unwrap();
    s.clinic_name = "Riverside Clinic".into();
    s.address = Some("1 River Road, Leeds".into());
    s.smtp_url = mailbox.map(Mailbox::url);
    s.mail_from = mailbox.map(|_| "Riverside Clinic <desk@riverside.example>".to_string());
    s.sms_url = gateway.map(Gateway::url);
    f.clinic.update_settings(&f.admin(), &s).unwrap();
}

/// One run of the sender, as the system (cron, no sign-in).
fn send(f: &Fixture) -> SendReport {
    f.clinic
        .send_outbox(&Actor::Guest, &Secrets::default())
        .expect("the sender runs")
}

fn report(sent: u32, failed: u32, skipped: u32, retrying: u32) -> SendReport {
    SendReport {
        sent,
        failed,
        skipped,
        retrying,
        waiting: 0,
    }
}

fn prefer(f: &Fixture, who: usize, contact: &str) {
    let p = f.clinic.patient(&f.admin(), f.patient_id(who)).unwrap();
    let input = PatientInput {
        contact: Some(contact.into()),
        ..patient_input(&p)
    };
    f.clinic
        .update_patient(&f.admin(), p.id, &input)
        .expect("contact preference");
}

#[test]
fn a_booking_queues_its_confirmation_and_a_reminder_a_day_and_two_hours_before() {
    let f = Fixture::new();
    let a = f.book_as(ANN, f.slot(HOUSE, TUE_10));
    let all = outbox(&f);
    assert_eq!(
        all.iter().map(|m| (m.kind, m.due_at)).collect::<Vec<_>>(),
        vec![
            (MessageKind::Confirmation, at("2030-01-07T08:00")),
            (MessageKind::Reminder, at("2030-01-07T10:00")),
            (MessageKind::Reminder, at("2030-01-08T08:00")),
        ]
    );
    for m in &all {
        assert_eq!(m.appointment_id, Some(a.id));
        assert_eq!(m.patient_id, f.patient_id(ANN));
        assert_eq!(
            (m.channel, m.to.as_str()),
            (Channel::Email, "ann@example.org")
        );
        assert_eq!(m.status, MessageStatus::Queued);
        assert_eq!(m.attempts, 0);
    }
    let confirmation = &all[0];
    assert_eq!(
        confirmation.subject.as_deref(),
        Some("Appointment booked: Tue 8 Jan 2030 at 10:00")
    );
    assert!(
        confirmation.body.starts_with("Dear Ann Archer,"),
        "{}",
        confirmation.body
    );
    assert!(
        confirmation.body.contains(
            "with Gregory House (Cardiology) is booked for Tue 8 Jan 2030 at 10:00, until 10:30."
        ),
        "{}",
        confirmation.body
    );
    // No address set yet: the "Where" line is left out.
    assert!(
        !confirmation.body.contains("Where:"),
        "{}",
        confirmation.body
    );

    // Booked an hour ahead: both reminders would be due already, so only the confirmation.
    f.set_now("2030-01-07T08:30");
    f.book_as(BOB, f.slot(HOUSE, "2030-01-07T09:30"));
    let bob: Vec<_> = outbox(&f)
        .into_iter()
        .filter(|m| m.patient_id == f.patient_id(BOB))
        .map(|m| m.kind)
        .collect();
    assert_eq!(bob, vec![MessageKind::Confirmation]);
}

#[test]
fn a_refused_booking_queues_nothing() {
    let f = Fixture::new();
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    let before = outbox(&f);
    // R2: the slot is taken; R3: Ann is busy then with another doctor.
    expect_err(
        f.try_book_by(&f.patient(BOB), f.slot(HOUSE, TUE_10), None),
        ErrorKind::Conflict,
    );
    expect_err(
        f.try_book_by(&f.patient(ANN), f.slot(GREY, TUE_10), None),
        ErrorKind::Conflict,
    );
    // A series with a date that cannot be had books nothing, so it tells nothing.
    f.book_as(CYD, f.slot(WHO, TUE_10));
    let series = f.clinic.book_series(
        &f.admin(),
        &request(f.slot(WHO, "2030-01-08T09:30"), Some(f.patient_id(BOB))),
        SeriesRequest {
            repeat: clinic::domain::Repeat::Weekly,
            count: 3,
            skip_unavailable: false,
        },
    );
    expect_err(series, ErrorKind::Conflict);
    let after: Vec<_> = outbox(&f)
        .into_iter()
        .filter(|m| m.patient_id != f.patient_id(CYD))
        .collect();
    assert_eq!(after, before);
}

#[test]
fn rescheduling_replaces_the_pending_reminders_and_tells_the_patient_where_it_went() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    let a = f.book_as(ANN, f.slot(HOUSE, TUE_10));
    assert_eq!(send(&f), report(1, 0, 0, 0), "the confirmation goes");
    let moved = f
        .clinic
        .reschedule(
            &f.patient(ANN),
            a.id,
            f.slot(HOUSE, "2030-01-08T11:00"),
            None,
        )
        .unwrap();
    assert_eq!(moved.id, a.id);
    let all = outbox(&f);
    let old: Vec<_> = all
        .iter()
        .filter(|m| m.kind == MessageKind::Reminder && m.status == MessageStatus::Skipped)
        .collect();
    assert_eq!(old.len(), 2, "{all:#?}");
    for m in &old {
        assert_eq!(
            m.last_error.as_deref(),
            Some("replaced: the visit moved to Tue 8 Jan 2030 at 11:00")
        );
    }
    let pending: Vec<_> = queued(&f).iter().map(|m| (m.kind, m.due_at)).collect();
    assert_eq!(
        pending,
        vec![
            (MessageKind::Rescheduled, at("2030-01-07T08:00")),
            (MessageKind::Reminder, at("2030-01-07T11:00")),
            (MessageKind::Reminder, at("2030-01-08T09:00")),
        ]
    );
    assert_eq!(send(&f), report(1, 0, 0, 0));
    let mail = mailbox.wait_for(2, 5);
    assert_eq!(
        mail[1].subject(),
        "Appointment moved to Tue 8 Jan 2030 at 11:00"
    );
    assert!(
        mail[1]
            .body()
            .contains("it was Tue 8 Jan 2030 at 10:00, it is now with Gregory House (Cardiology) on Tue 8 Jan 2030 at 11:00"),
        "{}",
        mail[1].body()
    );
}

#[test]
fn a_visit_moved_before_its_confirmation_went_out_is_confirmed_at_its_new_time() {
    let f = Fixture::new();
    let a = f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.clinic
        .reschedule(
            &f.patient(ANN),
            a.id,
            f.slot(HOUSE, "2030-01-08T11:00"),
            None,
        )
        .unwrap();
    let pending: Vec<_> = queued(&f).iter().map(|m| m.kind).collect();
    assert_eq!(
        pending,
        vec![
            MessageKind::Confirmation,
            MessageKind::Reminder,
            MessageKind::Reminder
        ]
    );
    let confirmation = &queued(&f)[0];
    assert_eq!(
        confirmation.subject.as_deref(),
        Some("Appointment booked: Tue 8 Jan 2030 at 11:00")
    );
}

#[test]
fn cancelling_skips_the_reminders_and_tells_the_patient_why() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    let a = f.book_as(ANN, f.slot(HOUSE, TUE_10));
    send(&f);
    f.clinic
        .cancel(&f.doctor(HOUSE), a.id, Some("Dr. House is unwell"))
        .unwrap();
    let reminders = of_kind(&f, MessageKind::Reminder);
    assert_eq!(reminders.len(), 2);
    for r in &reminders {
        assert_eq!(r.status, MessageStatus::Skipped);
        assert_eq!(r.last_error.as_deref(), Some("the visit was cancelled"));
    }
    assert_eq!(send(&f), report(1, 0, 0, 0));
    let mail = mailbox.wait_for(2, 5);
    assert_eq!(mail.len(), 2);
    assert_eq!(
        mail[1].subject(),
        "Appointment cancelled: Tue 8 Jan 2030 at 10:00"
    );
    assert!(
        mail[1].body().contains("Why: Dr. House is unwell"),
        "{}",
        mail[1].body()
    );
    // Later runs send nothing more: the reminders stay skipped.
    f.set_now("2030-01-08T09:00");
    assert_eq!(send(&f), report(0, 0, 0, 0));
    assert_eq!(mailbox.received().len(), 2);
}

#[test]
fn a_visit_cancelled_before_anything_was_sent_is_dropped_quietly() {
    let f = Fixture::new();
    let a = f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.cancel(a.id);
    let all = outbox(&f);
    assert_eq!(
        all.len(),
        3,
        "the confirmation and two reminders, nothing new"
    );
    assert!(
        all.iter().all(|m| m.status == MessageStatus::Skipped),
        "{all:#?}"
    );
}

#[test]
fn a_course_is_confirmed_once_with_its_days_and_each_visit_is_reminded() {
    let f = Fixture::new();
    let monday = f.clinic.declare_slots(
        &f.admin(),
        f.doctor_id(WHO),
        support::day("2030-01-14"),
        support::hm("10:00"),
        support::hm("10:30"),
        None,
    );
    monday.unwrap();
    let tue15 = f.clinic.declare_slots(
        &f.admin(),
        f.doctor_id(WHO),
        support::day("2030-01-15"),
        support::hm("10:00"),
        support::hm("10:30"),
        None,
    );
    tue15.unwrap();
    let booked = f
        .clinic
        .book_series(
            &f.admin(),
            &request(f.slot(WHO, TUE_10), Some(f.patient_id(ANN))),
            SeriesRequest {
                repeat: clinic::domain::Repeat::Weekly,
                count: 2,
                skip_unavailable: false,
            },
        )
        .unwrap();
    assert_eq!(booked.booked.len(), 2);
    let confirmations = of_kind(&f, MessageKind::Confirmation);
    assert_eq!(confirmations.len(), 1, "one message for the course");
    let c = &confirmations[0];
    assert_eq!(
        c.subject.as_deref(),
        Some("2 visits booked with John Smith")
    );
    assert!(
        c.body
            .contains("each at 10:00:\n  - Tue 8 Jan 2030\n  - Tue 15 Jan 2030\n"),
        "{}",
        c.body
    );
    assert_eq!(
        of_kind(&f, MessageKind::Reminder).len(),
        4,
        "two for each visit"
    );

    // Cancelled whole before its confirmation went out: the patient is told nothing at all.
    f.set_now("2030-01-07T09:00");
    let cancelled = f
        .clinic
        .cancel_series(&f.admin(), booked.booked[0].id, Some("course ended early"))
        .unwrap();
    assert_eq!(cancelled.len(), 2);
    assert!(of_kind(&f, MessageKind::Cancelled).is_empty());
    assert!(queued(&f).is_empty(), "{:#?}", queued(&f));
}

#[test]
fn cancelling_a_course_that_was_confirmed_sends_one_message_naming_its_days() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    f.clinic
        .declare_slots(
            &f.admin(),
            f.doctor_id(WHO),
            support::day("2030-01-15"),
            support::hm("10:00"),
            support::hm("10:30"),
            None,
        )
        .unwrap();
    let booked = f
        .clinic
        .book_series(
            &f.admin(),
            &request(f.slot(WHO, TUE_10), Some(f.patient_id(ANN))),
            SeriesRequest {
                repeat: clinic::domain::Repeat::Weekly,
                count: 2,
                skip_unavailable: false,
            },
        )
        .unwrap();
    assert_eq!(send(&f), report(1, 0, 0, 0));
    f.clinic
        .cancel_series(
            &f.admin(),
            booked.booked[0].id,
            Some("the course ended early"),
        )
        .unwrap();
    let told = of_kind(&f, MessageKind::Cancelled);
    assert_eq!(told.len(), 1, "{told:#?}");
    assert_eq!(
        told[0].subject.as_deref(),
        Some("2 appointments cancelled with John Smith")
    );
    assert!(
        told[0]
            .body
            .contains("  - Tue 8 Jan 2030\n  - Tue 15 Jan 2030\n")
    );
    assert!(told[0].body.contains("Why: the course ended early"));
    assert!(
        of_kind(&f, MessageKind::Reminder)
            .iter()
            .all(|m| m.status == MessageStatus::Skipped)
    );
}

#[test]
fn time_off_that_cancels_visits_tells_each_patient() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.book_as(BOB, f.slot(HOUSE, "2030-01-08T11:00"));
    assert_eq!(send(&f), report(2, 0, 0, 0));
    let leave = clinic::domain::time_off::TimeOffInput {
        doctor: Some(f.doctor_id(HOUSE)),
        from: at("2030-01-08T00:00"),
        to: at("2030-01-09T00:00"),
        reason: Some("the doctor is at a conference".into()),
    };
    f.clinic.add_time_off(&f.admin(), &leave, true).unwrap();
    let told = of_kind(&f, MessageKind::Cancelled);
    assert_eq!(
        told.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        vec!["ann@example.org", "bob@example.org"]
    );
    assert_eq!(send(&f), report(2, 0, 0, 0));
    let mail = mailbox.wait_for(4, 5);
    assert!(
        mail[2]
            .body()
            .contains("Why: the doctor is at a conference")
    );
}

#[test]
fn a_waitlist_offer_tells_the_patient_until_when_the_place_is_held() {
    let f = Fixture::new();
    let a = f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.clinic
        .join_waitlist(
            &f.patient(BOB),
            None,
            &WaitlistTarget::Doctor(f.doctor_id(HOUSE)),
            "2030-01-08",
        )
        .unwrap();
    f.set_now("2030-01-07T08:10");
    f.cancel(a.id);
    let offers = of_kind(&f, MessageKind::Offer);
    assert_eq!(offers.len(), 1);
    let o = &offers[0];
    assert_eq!((o.to.as_str(), o.appointment_id), ("bob@example.org", None));
    assert_eq!(
        o.subject.as_deref(),
        Some("A place with Gregory House on Tue 8 Jan 2030 at 10:00")
    );
    assert!(
        o.body.contains("It is held for you until 08:25"),
        "{}",
        o.body
    );

    // Once the offer has lapsed, the message has nothing to say.
    let mailbox = Mailbox::start(SmtpOptions::default());
    set_up(&f, Some(&mailbox), None);
    f.set_now("2030-01-07T08:30");
    let r = send(&f);
    assert_eq!(r.sent, 0);
    let o = f.clinic.message(&f.admin(), o.id).unwrap();
    assert_eq!(o.status, MessageStatus::Skipped);
    assert_eq!(o.last_error.as_deref(), Some("the offer has ended"));
}

#[test]
fn patients_who_want_no_messages_get_none_and_texts_never_carry_the_reason() {
    let gateway = Gateway::start();
    let f = Fixture::new();
    set_up(&f, None, Some(&gateway));
    prefer(&f, BOB, "none");
    prefer(&f, ANN, "sms");
    f.book_as(BOB, f.slot(HOUSE, "2030-01-08T09:00"));
    assert!(outbox(&f).is_empty(), "Bob wants no messages");
    let book = BookRequest {
        reason: Some("chest pain when climbing stairs".into()),
        ..request(f.slot(HOUSE, TUE_10), None)
    };
    f.clinic.book(&f.patient(ANN), &book).unwrap();
    let all = outbox(&f);
    assert_eq!(all.len(), 3);
    for m in &all {
        assert_eq!(
            (m.channel, m.to.as_str(), m.subject.as_deref()),
            (Channel::Sms, "555-0100", None)
        );
        assert!(!m.body.contains("chest"), "{}", m.body);
        assert!(m.body.trim().chars().count() <= 160, "{}", m.body);
    }
    assert_eq!(send(&f), report(1, 0, 0, 0));
    let texts = gateway.received();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].json["to"], "555-0100");
    assert_eq!(
        texts[0].json["body"],
        "Riverside Clinic: your appointment with Gregory House is booked for Tue 8 Jan 2030 at 10:00. To cancel or move it, sign in or call us."
    );
    assert_eq!(texts[0].content_type.as_deref(), Some("application/json"));
    let id = outbox(&f)[0].id;
    assert_eq!(
        texts[0].idempotency_key,
        Some(format!("clinic.{id}.20300107080000"))
    );
}

#[test]
fn a_patient_who_switches_channel_gets_the_message_written_for_the_new_one() {
    let gateway = Gateway::start();
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), Some(&gateway));
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    assert_eq!(outbox(&f)[0].channel, Channel::Email);
    prefer(&f, ANN, "sms");
    assert_eq!(send(&f), report(1, 0, 0, 0));
    assert!(mailbox.received().is_empty());
    let texts = gateway.received();
    assert_eq!(texts.len(), 1);
    assert!(
        texts[0].json["body"]
            .as_str()
            .unwrap()
            .contains("Gregory House")
    );
    let sent = outbox(&f).remove(0);
    assert_eq!(
        (sent.channel, sent.to.as_str(), sent.subject),
        (Channel::Sms, "555-0100", None)
    );
    assert_eq!(sent.status, MessageStatus::Sent);
    // And one who stops wanting messages gets none of the rest.
    prefer(&f, ANN, "none");
    f.set_now("2030-01-07T10:00");
    assert_eq!(send(&f), report(0, 0, 1, 0));
}

#[test]
fn the_sender_sends_each_due_message_once_to_the_patient_with_the_doctor_and_time() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.book_as(BOB, f.slot(GREY, "2030-01-08T11:30"));
    assert_eq!(send(&f), report(2, 0, 0, 0));
    assert_eq!(send(&f), report(0, 0, 0, 0), "nothing is sent twice");
    let mail = mailbox.wait_for(2, 5);
    assert_eq!(mail.len(), 2);
    let ann = mail
        .iter()
        .find(|m| m.to == ["ann@example.org"])
        .expect("Ann's");
    assert_eq!(ann.from, "desk@riverside.example");
    assert_eq!(
        ann.header_from(),
        "Riverside Clinic <desk@riverside.example>"
    );
    assert_eq!(ann.to_name(), "Ann Archer");
    assert_eq!(ann.subject(), "Appointment booked: Tue 8 Jan 2030 at 10:00");
    let body = ann.body();
    assert!(body.contains("Gregory House (Cardiology)"), "{body}");
    assert!(body.contains("Tue 8 Jan 2030 at 10:00"), "{body}");
    assert!(
        body.contains("Where: Riverside Clinic, 1 River Road, Leeds"),
        "{body}"
    );
    assert!(
        !body.contains("Bob") && !body.contains("Meredith"),
        "{body}"
    );
    // The same name on every try, so a copy sent again after a crash can be recognised.
    let id = outbox(&f)
        .into_iter()
        .find(|m| m.to == "ann@example.org" && m.kind == MessageKind::Confirmation)
        .unwrap()
        .id;
    assert_eq!(
        ann.message_id(),
        format!("clinic.{id}.20300107080000@riverside.example")
    );

    // The day before, Ann's first reminder falls due; Bob's at 11:30.
    f.set_now("2030-01-07T10:00");
    assert_eq!(send(&f), report(1, 0, 0, 0));
    let mail = mailbox.wait_for(3, 5);
    assert_eq!(
        mail[2].subject(),
        "Reminder: Gregory House, Tue 8 Jan 2030 at 10:00"
    );
    for m in outbox(&f)
        .iter()
        .filter(|m| m.status == MessageStatus::Sent)
    {
        assert_eq!(m.attempts, 1);
        assert!(m.sent_at.is_some());
    }
}

#[test]
fn a_refused_message_is_retried_with_backoff_then_failed_while_the_others_go() {
    let mailbox = Mailbox::start(SmtpOptions {
        refuse: Some("ann@".into()),
        ..Default::default()
    });
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.book_as(BOB, f.slot(GREY, TUE_10));
    let ann_confirmation = queued(&f)[0].id;
    assert_eq!(send(&f), report(1, 0, 0, 1));
    let m = f.clinic.message(&f.admin(), ann_confirmation).unwrap();
    assert_eq!((m.status, m.attempts), (MessageStatus::Queued, 1));
    let error = m.last_error.clone().unwrap();
    assert!(error.contains("550"), "{error}");
    assert_eq!(
        m.due_at,
        at("2030-01-07T08:01"),
        "tried again a minute later"
    );
    // Not before it is due again.
    assert_eq!(send(&f), report(0, 0, 0, 0));
    let mut now = at("2030-01-07T08:01");
    for (i, wait) in [5, 30, 120].into_iter().enumerate() {
        f.clock.set(now);
        assert_eq!(send(&f), report(0, 0, 0, 1), "try {}", i + 2);
        now += chrono::Duration::minutes(wait);
        assert_eq!(
            f.clinic
                .message(&f.admin(), ann_confirmation)
                .unwrap()
                .due_at,
            now
        );
    }
    // 10:36: the fifth try is the last. Meanwhile (10:00) the day-before reminders fell due:
    // Bob's goes, Ann's is refused for the first time.
    f.clock.set(now);
    assert_eq!(send(&f), report(1, 1, 0, 1));
    let m = f.clinic.message(&f.admin(), ann_confirmation).unwrap();
    assert_eq!((m.status, m.attempts), (MessageStatus::Failed, 5));
    assert!(m.last_error.unwrap().contains("550"));
    let mail = mailbox.received();
    assert_eq!(
        mail.iter().filter(|m| m.to == ["bob@example.org"]).count(),
        2
    );
    assert!(mail.iter().all(|m| m.to != ["ann@example.org"]));

    // The desk retries it: a fresh round of tries, due now.
    let again = f
        .clinic
        .retry_message(&f.admin(), ann_confirmation)
        .unwrap();
    assert_eq!(
        (again.status, again.attempts, again.due_at),
        (MessageStatus::Queued, 0, now)
    );
    let e = expect_err(
        f.clinic.retry_message(&f.admin(), ann_confirmation),
        ErrorKind::Conflict,
    );
    assert_eq!(
        e,
        format!("message {ann_confirmation} is queued; only a failed message is retried")
    );
}

#[test]
fn a_mail_server_that_cannot_be_reached_loses_nothing() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let f = Fixture::new();
    let mut s = f.clinic.settings().unwrap();
    s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    s.mail_from = Some("desk@riverside.example".into());
    f.clinic.update_settings(&f.admin(), &s).unwrap();
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    f.book_as(BOB, f.slot(GREY, TUE_10));
    let r = send(&f);
    assert_eq!(
        (r.sent, r.retrying),
        (0, 1),
        "the first one tells the server is down: {r:?}"
    );
    let pending = queued(&f);
    assert_eq!(pending.len(), 6, "everything still queued");
    let tried: Vec<_> = pending.iter().filter(|m| m.attempts == 1).collect();
    assert_eq!(tried.len(), 1);
    assert!(
        tried[0]
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("the mail server could not be reached"),
        "{:?}",
        tried[0].last_error
    );
    // The server comes up on that port: everything due goes.
    let mailbox = Mailbox::start_on(port, SmtpOptions::default());
    f.set_now("2030-01-07T08:01");
    assert_eq!(send(&f), report(2, 0, 0, 0));
    assert_eq!(mailbox.wait_for(2, 5).len(), 2);
}

#[test]
fn without_mail_set_up_messages_wait_in_the_outbox() {
    let f = Fixture::new();
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    let r = send(&f);
    assert_eq!(
        r,
        SendReport {
            waiting: 1,
            ..SendReport::default()
        }
    );
    assert_eq!(queued(&f).len(), 3);
    assert_eq!(
        f.clinic.next_message_due().unwrap(),
        None,
        "nothing it could send"
    );
}

#[test]
fn a_reminder_for_a_visit_that_has_begun_or_is_checked_in_is_skipped() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    let a = f.book_as(ANN, f.slot(HOUSE, "2030-01-07T11:00"));
    send(&f);
    // Ann arrives early; her two-hour reminder (09:00) has nothing to say by then.
    f.set_now("2030-01-07T08:40");
    f.set_status(a.id, Status::CheckedIn);
    f.set_now("2030-01-07T09:00");
    assert_eq!(send(&f), report(0, 0, 1, 0));
    let r = of_kind(&f, MessageKind::Reminder).remove(0);
    assert_eq!(r.last_error.as_deref(), Some("the visit is checked in"));
    assert_eq!(mailbox.received().len(), 1);
}

#[test]
fn two_senders_at_once_send_each_message_exactly_once() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    let bookings = [
        (ANN, HOUSE, "09:00"),
        (ANN, GREY, "10:00"),
        (ANN, WHO, "11:00"),
        (BOB, HOUSE, "09:30"),
        (BOB, GREY, "10:30"),
        (BOB, WHO, "11:30"),
        (CYD, HOUSE, "10:00"),
        (CYD, GREY, "11:00"),
    ];
    for (who, doctor, time) in bookings {
        f.book_as(who, f.slot(doctor, &format!("2030-01-08T{time}")));
    }
    let expected = bookings.len() as u32;
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let path = f.path().to_path_buf();
            let clock = f.clock.clone();
            std::thread::spawn(move || {
                let c = Clinic::open_with_clock(&path, Default::default(), clock).unwrap();
                c.send_outbox(&Actor::Guest, &Secrets::default()).unwrap()
            })
        })
        .collect();
    let sent: u32 = senders.into_iter().map(|s| s.join().unwrap().sent).sum();
    assert_eq!(sent, expected);
    let mail = mailbox.wait_for(expected as usize, 5);
    assert_eq!(mail.len(), expected as usize);
    let mut subjects: Vec<_> = mail.iter().map(|m| (m.to.clone(), m.subject())).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), expected as usize, "each exactly once");
}

#[test]
fn the_outbox_is_the_front_desks_and_the_sender_runs_as_the_system_or_the_desk() {
    let f = Fixture::new();
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    let id = outbox(&f)[0].id;
    for who in [f.patient(ANN), f.doctor(HOUSE)] {
        expect_err(
            f.clinic.outbox(&who, None, None, 10, 0),
            ErrorKind::Forbidden,
        );
        expect_err(f.clinic.message(&who, id), ErrorKind::Forbidden);
        expect_err(f.clinic.retry_message(&who, id), ErrorKind::Forbidden);
        expect_err(
            f.clinic.send_outbox(&who, &Secrets::default()),
            ErrorKind::Forbidden,
        );
    }
    expect_err(
        f.clinic.outbox(&Actor::Guest, None, None, 10, 0),
        ErrorKind::Auth,
    );
    assert!(
        f.clinic
            .send_outbox(&f.admin(), &Secrets::default())
            .is_ok()
    );
    let by_status = f
        .clinic
        .outbox(
            &f.admin(),
            Some(MessageStatus::Queued),
            Some(f.patient_id(ANN)),
            10,
            0,
        )
        .unwrap();
    assert_eq!(by_status.len(), 3);
    assert!(
        f.clinic
            .outbox(&f.admin(), Some(MessageStatus::Sent), None, 10, 0)
            .unwrap()
            .is_empty()
    );
    let counts = f.clinic.outbox_counts(&f.admin()).unwrap();
    assert_eq!((counts.queued, counts.sent), (3, 0));
}

#[test]
fn a_sent_message_is_audited_as_the_systems_run() {
    let mailbox = Mailbox::start(SmtpOptions::default());
    let f = Fixture::new();
    set_up(&f, Some(&mailbox), None);
    f.book_as(ANN, f.slot(HOUSE, TUE_10));
    send(&f);
    let last = f.audit().remove(0);
    assert_eq!(last.action, "outbox_send");
    assert_eq!(last.account_id, None, "the system");
    assert_eq!(last.detail.as_deref(), Some("1 sent"));
}
