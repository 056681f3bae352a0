//! The TUI's behaviour through the whole app and event loop, without looking at pixels:
//! keys in, state and library effects out. Fixed clock, in-memory or temp-file clinics.

use clinic::Clinic;
use clinic::demo::{self, DEMO_PASSWORD, DemoSpec};
use clinic::domain::Status;
use clinic::domain::time::parse_minute;
use clinic::service::{BookRequest, SlotFilter};
use clinic::store::OpenOptions;
use clinic::tui::app::App;
use clinic::tui::event::Script;
use clinic::tui::theme::Theme;
use crossterm::event::KeyCode;
use std::time::{Duration, Instant};
mod support;
use support::demo::{clock, demo_clinic, login, screen_after as drive};

fn patient_app() -> App {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    drive(&mut app, login("patient1"));
    assert_eq!(app.screen_title(), "Find a slot");
    app
}

#[test]
fn a_patient_books_from_the_keyboard_and_sees_it_under_my_appointments() {
    let mut app = patient_app();
    let screen = drive(
        &mut app,
        Script::new()
            .text("l")
            .key(KeyCode::Enter)
            .text("check-up")
            .key(KeyCode::Enter),
    );
    assert!(screen.contains("Booked: Tue 8 Jan 09:00"), "{screen}");
    let actor = app.session().unwrap().actor.clone();
    let mine = app
        .clinic()
        .appointments(&actor, &Default::default())
        .unwrap();
    let booked = mine
        .iter()
        .find(|a| a.reason.as_deref() == Some("check-up"))
        .expect("the booking is in the library");
    assert_eq!(booked.status, Status::Booked);
    let screen = drive(&mut app, Script::new().text("2"));
    assert_eq!(app.screen_title(), "My appointments");
    assert!(screen.contains("8 Jan 2030 09:00"), "{screen}");
}

#[test]
fn q_quits_only_from_a_top_screen_and_ctrl_c_quits_anywhere() {
    let mut app = patient_app();
    // My appointments, on the first visit to come that can still move; r opens the finder.
    let me = app.session().unwrap().actor.clone();
    let mut upcoming: Vec<_> = app
        .clinic()
        .appointments(&me, &Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.status.is_active() && a.end > parse_minute("2030-01-07T08:00").unwrap())
        .collect();
    upcoming.sort_by_key(|a| a.start);
    let movable = upcoming
        .iter()
        .position(|a| a.status == Status::Booked)
        .expect("a booked visit to come");
    drive(
        &mut app,
        Script::new().text(&format!("2{}r", "j".repeat(movable))),
    );
    assert_eq!(app.depth(), 2);
    drive(&mut app, Script::new().text("q"));
    assert!(!app.should_quit());
    assert!(app.message().unwrap().text.contains("Esc goes back"));
    drive(&mut app, Script::new().key(KeyCode::Esc).text("q"));
    assert!(app.should_quit());

    let mut app = App::new(demo_clinic(), true, Theme::plain());
    drive(&mut app, Script::new().text("q"));
    assert!(!app.should_quit(), "q types into the username field");
    drive(&mut app, Script::new().ctrl('c'));
    assert!(app.should_quit());
}

#[test]
fn help_opens_over_the_screen_and_swallows_other_keys() {
    let mut app = patient_app();
    let screen = drive(&mut app, Script::new().text("?"));
    assert!(app.help_shown());
    assert!(screen.contains("Help: Find a slot"), "{screen}");
    drive(&mut app, Script::new().text("2"));
    assert_eq!(
        app.screen_title(),
        "Find a slot",
        "keys do not act under the help"
    );
    drive(&mut app, Script::new().key(KeyCode::Esc));
    assert!(!app.help_shown());
}

#[test]
fn number_keys_switch_sections_but_type_in_forms() {
    let mut app = patient_app();
    drive(&mut app, Script::new().text("3"));
    assert_eq!(app.screen_title(), "Waitlist");
    drive(&mut app, Script::new().text("n"));
    assert_eq!(app.screen_title(), "Join the waitlist");
    drive(&mut app, Script::new().text("1"));
    assert_eq!(
        app.screen_title(),
        "Join the waitlist",
        "1 typed into the day field"
    );
    drive(&mut app, Script::new().key(KeyCode::Esc).text("1"));
    assert_eq!(app.screen_title(), "Find a slot");
}

#[test]
fn sign_out_returns_to_the_login() {
    let mut app = patient_app();
    let screen = drive(&mut app, Script::new().text("S"));
    assert!(app.session().is_none());
    assert_eq!(app.screen_title(), "Sign in");
    assert!(screen.contains("Signed out."), "{screen}");
}

#[test]
fn idle_lock_needs_the_password_and_keeps_the_place() {
    let mut app = patient_app();
    drive(&mut app, Script::new().text("2"));
    assert!(!app.tick(Instant::now()), "nothing changes while in use");
    assert!(app.tick(Instant::now() + Duration::from_secs(5 * 60 + 1)));
    assert!(app.is_locked());
    drive(&mut app, Script::new().text("1"));
    assert_eq!(
        app.screen_title(),
        "Locked",
        "section keys do not bypass the lock"
    );
    drive(
        &mut app,
        Script::new().text("wrong-one").key(KeyCode::Enter),
    );
    assert!(app.is_locked());
    // Only the password was asked: the refusal says so.
    assert!(
        app.message()
            .unwrap()
            .text
            .starts_with("That is not patient1's password"),
        "{:?}",
        app.message()
    );
    drive(
        &mut app,
        Script::new()
            .key(KeyCode::Backspace)
            .text(DEMO_PASSWORD)
            .key(KeyCode::Enter),
    );
    assert!(!app.is_locked());
    assert_eq!(app.screen_title(), "My appointments");
}

#[test]
fn a_stray_esc_or_s_on_the_lock_does_not_sign_out() {
    let mut app = patient_app();
    app.tick(Instant::now() + Duration::from_secs(3600));
    drive(&mut app, Script::new().key(KeyCode::Esc).text("S"));
    assert!(app.session().is_some());
    assert!(app.is_locked());
    assert!(
        app.message().unwrap().text.contains("Ctrl-C quits"),
        "{:?}",
        app.message()
    );
}

#[test]
fn another_process_booking_disappears_without_a_key_press() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    let here = Clinic::open_with_clock(&path, OpenOptions::create(), clock()).unwrap();
    demo::generate(&here, DemoSpec::default()).unwrap();
    let front_desk = Clinic::open_with_clock(&path, OpenOptions::default(), clock()).unwrap();
    let mut app = App::new(here, false, Theme::plain());
    let before = drive(&mut app, login("patient1"));
    let first_line = before
        .lines()
        .find(|l| l.contains('▸'))
        .expect("a selected slot")
        .to_string();

    // Someone else takes the selected slot (the first free one today).
    let admin = front_desk.login("admin", DEMO_PASSWORD).unwrap();
    let mut f = SlotFilter::day(parse_minute("2030-01-07T08:00").unwrap().date());
    f.free_only = true;
    // The first slot the patient sees (the desk also sees doctors at their daily limit).
    let patient1 = front_desk
        .login("patient1", clinic::demo::DEMO_PASSWORD)
        .unwrap();
    let taken = front_desk.slots(&patient1.actor, &f).unwrap().remove(0);
    // A fresh walk-in, so no existing appointment can overlap (R3).
    let walk_in = clinic::domain::PatientInput {
        full_name: "Walk In".into(),
        ..Default::default()
    };
    let patient = front_desk
        .register_patient(&admin.actor, &walk_in, None)
        .unwrap()
        .id;
    front_desk
        .book(
            &admin.actor,
            &BookRequest {
                slot: taken.id,
                patient: Some(patient),
                reason: None,
                override_reason: Some("the desk squeezes them in".into()),
                visit_type: None,
            },
        )
        .unwrap();

    // A quiet moment: the loop's timeout polls data_version and reloads.
    let after = drive(&mut app, Script::new().pause());
    let now_first = after
        .lines()
        .find(|l| l.contains('▸'))
        .expect("a selected slot")
        .to_string();
    assert_ne!(first_line, now_first, "{after}");
    assert!(!after.contains(&first_line), "{after}");
}

#[test]
fn demo_flag_fills_an_empty_file_and_a_bad_path_is_a_database_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let cli = clinic::tui::Options {
        db: Some(path.clone()),
        demo: true,
        shared: false,
    };
    let opened = clinic::tui::open(&cli, clock()).unwrap();
    assert_eq!(opened.doctors(None).unwrap().len(), 12);
    drop(opened);
    // Opening again does not refill (the demo refuses a non-empty file).
    assert!(clinic::tui::open(&cli, clock()).is_ok());

    let not_a_file = clinic::tui::Options {
        db: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let err = clinic::tui::open(&not_a_file, clock())
        .err()
        .expect("a directory is no database");
    assert_eq!(err.kind().exit_code(), 8, "{}", err.message());
}

#[test]
fn first_run_creates_the_admin_who_lands_on_the_today_board() {
    let mut app = App::new(Clinic::in_memory(clock()).unwrap(), false, Theme::plain());
    assert_eq!(app.screen_title(), "First run");
    let screen = drive(
        &mut app,
        Script::new()
            .key(KeyCode::Enter)
            .text("Alex Admin")
            .key(KeyCode::Enter)
            .text("admin-pass")
            .key(KeyCode::Enter)
            .text("admin-pass")
            .key(KeyCode::Enter),
    );
    assert_eq!(app.session().unwrap().account.username, "admin");
    assert_eq!(app.screen_title(), "Today board");
    assert!(
        screen.contains("No appointments on Mon 7 Jan 2030"),
        "{screen}"
    );
    assert!(!app.clinic().needs_first_admin().unwrap());
}

#[test]
fn registration_from_the_login_screen_signs_the_new_patient_in() {
    let mut app = App::new(demo_clinic(), false, Theme::plain());
    drive(
        &mut app,
        Script::new()
            .ctrl('r')
            .text("Nora Quill")
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .text("nora@example.org")
            .key(KeyCode::Enter)
            .text("nora")
            .key(KeyCode::Enter)
            .text("nora-pass-1")
            .key(KeyCode::Enter)
            .text("nora-pass-1")
            .key(KeyCode::Enter),
    );
    let session = app.session().expect("signed in");
    assert_eq!(session.account.username, "nora");
    assert_eq!(app.screen_title(), "Find a slot");
}

fn slot_state(app: &App, start: &str) -> Vec<clinic::domain::SlotState> {
    let actor = app.session().unwrap().actor.clone();
    let at = parse_minute(start).unwrap();
    app.clinic()
        .slots(&actor, &SlotFilter::day(at.date()))
        .unwrap()
        .into_iter()
        .filter(|s| s.start == at)
        .map(|s| s.state)
        .collect()
}

#[test]
fn a_hold_is_given_back_when_the_booking_is_left_by_esc_or_a_section_key() {
    use clinic::domain::SlotState::Held;
    let mut app = patient_app();
    drive(&mut app, Script::new().text("l").key(KeyCode::Enter));
    assert_eq!(app.screen_title(), "Book");
    assert!(slot_state(&app, "2030-01-08T09:00").contains(&Held));
    drive(&mut app, Script::new().key(KeyCode::Esc));
    assert_eq!(app.screen_title(), "Find a slot");
    assert!(!slot_state(&app, "2030-01-08T09:00").contains(&Held));

    // Ctrl-C from the confirmation quits and releases too.
    drive(&mut app, Script::new().key(KeyCode::Enter));
    assert!(slot_state(&app, "2030-01-08T09:00").contains(&Held));
    drive(&mut app, Script::new().ctrl('c'));
    assert!(app.should_quit());
    assert!(!slot_state(&app, "2030-01-08T09:00").contains(&Held));
}

#[test]
fn a_freed_slot_offered_from_the_waitlist_is_booked_with_enter() {
    use clinic::service::WaitlistTarget;
    use clinic::store::appointments::AppointmentQuery;
    let mut app = patient_app();
    let me = app.session().unwrap().actor.clone();
    let clinic = app.clinic();
    let admin = clinic.login("admin", DEMO_PASSWORD).unwrap();
    let day = parse_minute("2030-01-09T00:00").unwrap();
    let mine = clinic.appointments(&me, &Default::default()).unwrap();
    let theirs = clinic
        .appointments(
            &admin.actor,
            &AppointmentQuery {
                from: Some(day),
                to: Some(day + chrono::Duration::days(1)),
                status: Some(Status::Booked),
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .find(|a| {
            Some(a.patient_id) != me.patient_id()
                && !mine
                    .iter()
                    .any(|m| m.status.is_active() && m.start < a.end && a.start < m.end)
        })
        .expect("someone else's booking that day");
    clinic
        .join_waitlist(
            &me,
            None,
            &WaitlistTarget::Doctor(theirs.doctor_id),
            "2030-01-09",
        )
        .unwrap();
    clinic
        .cancel(&admin.actor, theirs.id, Some("called in sick"))
        .unwrap();

    let screen = drive(&mut app, Script::new().text("3"));
    assert!(screen.contains("offered"), "{screen}");
    assert!(screen.contains("Enter books it"), "{screen}");
    // Looking and going back keeps the offer.
    let screen = drive(&mut app, Script::new().key(KeyCode::Enter));
    assert!(screen.contains(&theirs.doctor_name), "{screen}");
    let screen = drive(&mut app, Script::new().key(KeyCode::Esc));
    assert!(screen.contains("the offer stands until 08:15"), "{screen}");
    assert!(screen.contains("offered"), "{screen}");
    drive(
        &mut app,
        Script::new().key(KeyCode::Enter).key(KeyCode::Enter),
    );
    let booked = app
        .clinic()
        .appointments(&me, &Default::default())
        .unwrap()
        .into_iter()
        .find(|a| a.slot_id == theirs.slot_id && a.status == Status::Booked);
    assert!(booked.is_some(), "the offered slot is now mine");
    assert_eq!(app.screen_title(), "Waitlist");
}

#[test]
fn sign_out_and_section_keys_wait_while_a_confirmation_is_open() {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    drive(&mut app, login("admin"));
    assert_eq!(app.screen_title(), "Today board");
    // The waiting ones; i asks to confirm a check-in; S and 2 are not for the dialog.
    let screen = drive(&mut app, Script::new().key(KeyCode::Tab).text("iS2"));
    assert!(app.session().is_some(), "still signed in");
    assert_eq!(app.screen_title(), "Today board");
    assert!(screen.contains("Check in?"), "{screen}");
    drive(&mut app, Script::new().key(KeyCode::Esc));
    drive(&mut app, Script::new().text("S"));
    assert!(app.session().is_none(), "once it is closed, S signs out");
}

#[test]
fn after_a_reschedule_the_selection_stays_on_the_moved_visit() {
    let mut app = patient_app();
    // My appointments: the second upcoming visit, r, the first free slot, Enter, confirm.
    drive(&mut app, Script::new().text("2j"));
    let me = app.session().unwrap().actor.clone();
    let upcoming: Vec<_> = app
        .clinic()
        .appointments(&me, &Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.status == Status::Booked)
        .collect();
    let screen = drive(
        &mut app,
        Script::new()
            .text("r")
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    assert_eq!(app.screen_title(), "My appointments");
    assert!(screen.contains("Moved to"), "{screen}");
    let moved: Vec<_> = app
        .clinic()
        .appointments(&me, &Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.status == Status::Booked)
        .filter(|a| !upcoming.iter().any(|b| b.id == a.id && b.start == a.start))
        .collect();
    assert_eq!(moved.len(), 1, "one visit moved");
    let selected = screen
        .lines()
        .find(|l| l.contains('▸'))
        .expect("a selected row");
    let when = moved[0].start.format("%-d %b %Y %H:%M").to_string();
    assert!(selected.contains(&when), "{when} selected:\n{screen}");
}

#[test]
fn a_changed_idle_lock_applies_without_signing_in_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    let here = Clinic::open_with_clock(&path, OpenOptions::create(), clock()).unwrap();
    demo::generate(&here, DemoSpec::default()).unwrap();
    let desk = Clinic::open_with_clock(&path, OpenOptions::default(), clock()).unwrap();
    let mut app = App::new(here, false, Theme::plain());
    drive(&mut app, login("patient1"));
    let start = Instant::now();
    app.tick(start + Duration::from_secs(90));
    assert!(!app.is_locked(), "5 idle minutes by default");
    // The desk shortens the idle lock to one minute from another terminal.
    let admin = desk.login("admin", DEMO_PASSWORD).unwrap();
    let mut settings = desk.settings().unwrap();
    settings.idle_lock_minutes = 1;
    desk.update_settings(&admin.actor, &settings).unwrap();
    app.tick(start + Duration::from_secs(95));
    assert!(app.is_locked(), "a minute idle is now enough");
}
