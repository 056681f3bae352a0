//! Every TUI screen at 80×24 on `TestBackend`, driven through the real event loop with
//! scripted keys, over the demo clinic at a fixed time (2030-01-07 08:00, seed 1), so the
//! pictures are deterministic. Review a changed snapshot as a user would before accepting it.

use clinic::Clinic;
use clinic::demo::{self};
use clinic::domain::time::parse_minute;
use clinic::tui::app::App;
use clinic::tui::event::Script;
use clinic::tui::run::run;
use clinic::tui::theme::Theme;
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};
mod support;
use support::demo::{
    clock, demo_clinic, login, terminal_80x24 as drive, terminal_after as drive_at,
};

fn signed_in_patient() -> App {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    drive(&mut app, login("patient1"));
    app
}

#[test]
fn first_run_setup() {
    let mut app = App::new(Clinic::in_memory(clock()).unwrap(), false, Theme::plain());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab).text("Alex Admin"));
    insta::assert_snapshot!("first_run_setup", t.backend());
}

#[test]
fn login_demo() {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    let t = drive(
        &mut app,
        Script::new()
            .text("patient1")
            .key(KeyCode::Tab)
            .text("secret"),
    );
    insta::assert_snapshot!("login_demo", t.backend());
}

#[test]
fn login_wrong_password() {
    let mut app = App::new(demo_clinic(), false, Theme::plain());
    let t = drive(
        &mut app,
        Script::new()
            .text("patient1")
            .key(KeyCode::Enter)
            .text("not-the-password")
            .key(KeyCode::Enter),
    );
    insta::assert_snapshot!("login_wrong_password", t.backend());
}

#[test]
fn login_locked_after_five_failures() {
    let mut app = App::new(demo_clinic(), false, Theme::plain());
    let mut script = Script::new().text("patient2").key(KeyCode::Enter);
    for _ in 0..6 {
        script = script.text("not-the-password").key(KeyCode::Enter);
    }
    let t = drive(&mut app, script);
    insta::assert_snapshot!("login_locked", t.backend());
}

#[test]
fn register() {
    let mut app = App::new(demo_clinic(), false, Theme::plain());
    let t = drive(
        &mut app,
        Script::new()
            .ctrl('r')
            .text("Nora Quill")
            .key(KeyCode::Tab)
            .text("1990-04-02"),
    );
    insta::assert_snapshot!("register", t.backend());
}

#[test]
fn find_slots() {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    let t = drive(
        &mut app,
        login("patient1").key(KeyCode::Down).key(KeyCode::Down),
    );
    insta::assert_snapshot!("find_slots", t.backend());
}

#[test]
fn find_slots_filter_form() {
    let mut app = signed_in_patient();
    let t = drive(
        &mut app,
        Script::new()
            .text("/")
            .key(KeyCode::Tab)
            .text("14:00")
            .key(KeyCode::Tab)
            .text("17:00")
            .key(KeyCode::Tab)
            .key(KeyCode::Right),
    );
    insta::assert_snapshot!("find_slots_filter_form", t.backend());
}

#[test]
fn find_slots_filtered_sorted_by_fee() {
    let mut app = signed_in_patient();
    let t = drive(
        &mut app,
        Script::new()
            .text("/")
            .key(KeyCode::Tab)
            .text("14:00")
            .key(KeyCode::Tab)
            .text("17:00")
            .key(KeyCode::Tab)
            .key(KeyCode::Right)
            // Enter walks to the last field, then applies.
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .text("lll")
            .text("ooo"),
    );
    insta::assert_snapshot!("find_slots_filtered_by_fee", t.backend());
}

#[test]
fn find_slots_nothing_fits() {
    let mut app = signed_in_patient();
    let t = drive(
        &mut app,
        Script::new()
            .text("/")
            .key(KeyCode::Tab)
            .text("20:35")
            .key(KeyCode::Tab)
            .text("20:55")
            .key(KeyCode::Tab)
            .key(KeyCode::Right)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    insta::assert_snapshot!("find_slots_nothing_fits", t.backend());
}

#[test]
fn book_confirmation() {
    let mut app = signed_in_patient();
    let t = drive(
        &mut app,
        Script::new().text("l").key(KeyCode::Enter).text("check-up"),
    );
    insta::assert_snapshot!("book_confirmation", t.backend());
}

#[test]
fn booked_message() {
    let mut app = signed_in_patient();
    let t = drive(
        &mut app,
        Script::new()
            .text("l")
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    insta::assert_snapshot!("booked_message", t.backend());
}

#[test]
fn my_appointments_upcoming_and_past() {
    let mut app = signed_in_patient();
    let t = drive(&mut app, Script::new().text("2"));
    insta::assert_snapshot!("my_appointments_upcoming", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab));
    insta::assert_snapshot!("my_appointments_past", t.backend());
}

#[test]
fn reschedule_and_cancel_dialogs() {
    let mut app = signed_in_patient();
    let t = drive(&mut app, Script::new().text("2r"));
    insta::assert_snapshot!("reschedule_pick_slot", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Enter));
    insta::assert_snapshot!("reschedule_confirm", t.backend());
    let t = drive(
        &mut app,
        Script::new().key(KeyCode::Esc).key(KeyCode::Esc).text("c"),
    );
    insta::assert_snapshot!("cancel_dialog", t.backend());
}

#[test]
fn waitlist_and_join() {
    let mut app = signed_in_patient();
    let t = drive(
        &mut app,
        Script::new()
            .text("3n")
            .key(KeyCode::Tab)
            .key(KeyCode::Right),
    );
    insta::assert_snapshot!("waitlist_join", t.backend());
    let t = drive(
        &mut app,
        Script::new()
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    insta::assert_snapshot!("waitlist", t.backend());
}

#[test]
fn help_overlay() {
    let mut app = signed_in_patient();
    let t = drive(&mut app, Script::new().text("?"));
    insta::assert_snapshot!("help_find_slots", t.backend());
}

#[test]
fn idle_lock() {
    let mut app = signed_in_patient();
    app.tick(Instant::now() + Duration::from_secs(6 * 60));
    let t = drive(&mut app, Script::new().text("demo"));
    insta::assert_snapshot!("idle_lock", t.backend());
}

#[test]
fn terminal_too_small() {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    let t = drive_at(&mut app, Script::new(), 50, 12);
    insta::assert_snapshot!("too_small", t.backend());
}

#[test]
fn resizes_live() {
    let mut app = signed_in_patient();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    run(&mut terminal, &mut app, &mut Script::new()).unwrap();
    terminal.backend_mut().resize(100, 30);
    run(
        &mut terminal,
        &mut app,
        &mut Script::new().event(Event::Resize(100, 30)),
    )
    .unwrap();
    insta::assert_snapshot!("find_slots_100x30", terminal.backend());
}

#[test]
fn waitlist_with_an_offer() {
    use clinic::domain::Status;
    use clinic::service::WaitlistTarget;
    use clinic::store::appointments::AppointmentQuery;
    let mut app = signed_in_patient();
    let me = app.session().unwrap().actor.clone();
    let clinic = app.clinic();
    let admin = clinic.login("admin", demo::DEMO_PASSWORD).unwrap();
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
        .unwrap();
    clinic
        .join_waitlist(
            &me,
            None,
            &WaitlistTarget::Doctor(theirs.doctor_id),
            "2030-01-09",
        )
        .unwrap();
    clinic
        .join_waitlist(
            &me,
            None,
            &WaitlistTarget::Specialty("Cardiology".into()),
            "2030-01-10",
        )
        .unwrap();
    clinic
        .cancel(&admin.actor, theirs.id, Some("called in sick"))
        .unwrap();
    let t = drive(&mut app, Script::new().text("3"));
    insta::assert_snapshot!("waitlist_offer", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Enter));
    insta::assert_snapshot!("waitlist_offer_book", t.backend());
}

#[test]
fn my_details_and_their_form() {
    let mut app = signed_in_patient();
    let t = drive(&mut app, Script::new().text("4"));
    insta::assert_snapshot!("my_details", t.backend());
    let t = drive(&mut app, Script::new().text("e"));
    insta::assert_snapshot!("my_details_form", t.backend());
}
