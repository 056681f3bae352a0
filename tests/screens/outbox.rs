use crate::prelude::*;
use crate::support::servers::{Mailbox, SmtpOptions};
use clinic::clock::Clock;
use clinic::transport::Secrets;
use clinic::tui::screens::outbox::*;

#[test]
fn the_outbox_lists_the_demos_messages_and_says_how_to_set_mail_up() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = OutboxScreen::new();
    s.reload(&ctx).unwrap();
    let all = s.list().rows().to_vec();
    assert!(
        !all.is_empty(),
        "the demo's typed visits and courses queued messages"
    );
    assert!(all.iter().all(|m| m.status == MessageStatus::Queued));
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let hint = s.not_set_up().expect("mail is not set up in the demo");
    assert!(
        hint.starts_with("Not sent: e-mail and SMS are not set up."),
        "{hint}"
    );
    assert!(hint.contains("clinic settings --smtp-url smtp://HOST:587 --mail-from ADDRESS"));
    assert!(hint.contains("clinic outbox send --watch"));
    // Tab: the queued ones, in the order they fall due.
    s.update(&Action::NextField, &ctx);
    let queued = s.list().rows().to_vec();
    assert_eq!(queued.len(), all.len());
    assert!(queued.windows(2).all(|w| w[0].due_at <= w[1].due_at));
    // Tab again: sent, none yet.
    s.update(&Action::NextField, &ctx);
    assert!(s.list().is_empty());
    let screen = demo::rendered(&s, 80, 20);
    assert!(screen.contains("No sent messages."), "{screen}");
}

#[test]
fn enter_reads_a_message_and_r_retries_only_a_failed_one() {
    let (clinic, clock) = demo::demo_clinic_and_clock();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    // A mail server that refuses everyone: the confirmations fail five times.
    let mailbox = Mailbox::start(SmtpOptions {
        refuse: Some("@".into()),
        ..Default::default()
    });
    let mut settings = clinic.settings().unwrap();
    settings.smtp_url = Some(mailbox.url());
    settings.mail_from = Some("desk@riverside.example".into());
    settings.sms_url = Some("http://127.0.0.1:9/send".into());
    clinic.update_settings(&admin.actor, &settings).unwrap();
    for minutes in [0, 1, 5, 30, 120] {
        clock.set(clock.now() + chrono::Duration::minutes(minutes));
        clinic
            .send_outbox(&Actor::Guest, &Secrets::default())
            .unwrap();
    }
    let mut s = OutboxScreen::new();
    s.reload(&ctx).unwrap();
    assert_eq!(s.not_set_up(), None, "both channels are set up");
    for _ in 0..3 {
        s.update(&Action::NextField, &ctx);
    }
    let failed = s.list().selected().expect("a failed message").clone();
    assert_eq!(failed.status, MessageStatus::Failed);
    assert_eq!(failed.attempts, 5);

    s.update(&Action::Submit, &ctx);
    let open = s.asking().expect("the message, whole");
    assert_eq!(open.title, format!("Message {}", failed.id));
    assert!(
        open.lines
            .iter()
            .any(|l| l.starts_with("Last error: the mail server refused it")),
        "{:?}",
        open.lines
    );
    assert!(open.lines.iter().any(|l| l.starts_with("Subject: ")));
    s.update(&Action::Back, &ctx);
    assert!(s.asking().is_none());

    let outcome = s.update(&Action::Retry, &ctx);
    demo::assert_says(
        &outcome,
        &format!(
            "Message {} to {} is queued again; the sender tries it at its next run.",
            failed.id, failed.patient_name
        ),
    );
    assert_eq!(
        clinic.message(&admin.actor, failed.id).unwrap().status,
        MessageStatus::Queued
    );
    // Past "skipped", back to all: a queued one is not retried.
    s.update(&Action::NextField, &ctx);
    s.update(&Action::NextField, &ctx);
    assert!(s.list_select(failed.id));
    let outcome = s.update(&Action::Retry, &ctx);
    demo::assert_says(
        &outcome,
        "Only a failed message is retried; this one is queued.",
    );
}
