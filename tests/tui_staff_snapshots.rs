//! Every doctor and front-desk screen at 80×24 on `TestBackend`, driven through the real
//! event loop with scripted keys, over the demo clinic at a fixed time (2030-01-07 08:00,
//! seed 1). Review a changed snapshot as a user would before accepting it.

use clinic::Clinic;
use clinic::demo::{self};
use clinic::domain::time::{parse_clock, parse_date};
use clinic::domain::{DoctorInput, Patient};
use clinic::service::{BookRequest, SlotFilter};
use clinic::tui::app::App;
use clinic::tui::event::Script;
use clinic::tui::theme::Theme;
use crossterm::event::KeyCode;
mod support;
use support::demo::{demo_clinic, login, terminal_80x24 as drive};

fn signed_in(clinic: Clinic, user: &str) -> App {
    let mut app = App::new(clinic, true, Theme::plain());
    drive(&mut app, login(user));
    app
}

fn doctor() -> App {
    signed_in(demo_clinic(), "doctor1")
}

fn desk() -> App {
    signed_in(demo_clinic(), "admin")
}

/// The first patient by name, to search for.
fn a_patient(app: &App) -> Patient {
    let admin = app.clinic().login("admin", demo::DEMO_PASSWORD).unwrap();
    app.clinic()
        .patients(&admin.actor, None, false, 1, 0)
        .unwrap()
        .remove(0)
}

/// Types over the focused field's value.
fn retype(mut s: Script, n: usize, text: &str) -> Script {
    for _ in 0..n {
        s = s.key(KeyCode::Backspace);
    }
    s.text(text)
}

#[test]
fn doctor_schedule_day() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("l"));
    insta::assert_snapshot!("doctor_schedule_day", t.backend());
}

/// Dr. Lopez works on a 15-minute grid: every slot has its row, and the demo's 45-minute
/// new-patient visit on Tuesday at 09:15 covers three of them.
#[test]
fn doctor_schedule_day_on_a_15_minute_grid_with_a_45_minute_visit() {
    let mut app = signed_in(demo_clinic(), "doctor6");
    let t = drive(&mut app, Script::new().text("l"));
    insta::assert_snapshot!("doctor_schedule_day_15_minute_grid", t.backend());
}

#[test]
fn doctor_schedule_week() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("vjjj"));
    insta::assert_snapshot!("doctor_schedule_week", t.backend());
}

#[test]
fn doctor_schedule_range_dialog() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("n"));
    insta::assert_snapshot!("doctor_schedule_range_dialog", t.backend());
}

#[test]
fn doctor_schedule_copy_dialog() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("vf"));
    insta::assert_snapshot!("doctor_schedule_copy_dialog", t.backend());
}

#[test]
fn doctor_schedule_declared_range_on_an_empty_day() {
    let mut app = doctor();
    let s = retype(Script::new().text("n").key(KeyCode::Tab), 10, "2030-01-21");
    let s = retype(s.key(KeyCode::Tab), 5, "09:00");
    let s = retype(s.key(KeyCode::Tab), 5, "13:00");
    // Enter walks on to the last field, where it declares.
    let t = drive(&mut app, s.key(KeyCode::Enter).key(KeyCode::Enter));
    insta::assert_snapshot!("doctor_schedule_declared_range", t.backend());
}

#[test]
fn doctor_help() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("?"));
    insta::assert_snapshot!("doctor_schedule_help", t.backend());
}

#[test]
fn doctor_removing_a_booked_slot_lists_the_patient() {
    let mut app = doctor();
    // 10:00 on the doctor's first booked slot of tomorrow.
    let me = app.clinic().login("doctor1", demo::DEMO_PASSWORD).unwrap();
    let mut f = SlotFilter::day(parse_date("2030-01-08").unwrap());
    f.doctor = me.actor.doctor_id();
    let booked = app
        .clinic()
        .slots(&me.actor, &f)
        .unwrap()
        .into_iter()
        .find(|s| s.state == clinic::domain::SlotState::Booked)
        .unwrap();
    let rows = (booked.start.time() - parse_clock("09:00").unwrap()).num_minutes() / 30;
    let t = drive(
        &mut app,
        Script::new()
            .text("l")
            .text(&"j".repeat(rows as usize))
            .text(" "),
    );
    insta::assert_snapshot!("doctor_remove_booked_lists_patients", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Enter));
    insta::assert_snapshot!("doctor_cancel_for_patient", t.backend());
}

#[test]
fn doctor_today() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("2"));
    insta::assert_snapshot!("doctor_today", t.backend());
}

#[test]
fn desk_today_board() {
    let mut app = desk();
    let t = drive(&mut app, Script::new());
    insta::assert_snapshot!("desk_today_board", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab).key(KeyCode::Tab));
    insta::assert_snapshot!("desk_today_board_arrived", t.backend());
}

/// The board mid-morning (the demo made at 10:50): counts in the filter bar, visits done,
/// patients waiting since check-in (past the clinic's 20-minute alert: `!`), visits late;
/// then only those expected (the late first) and only those who arrived. Once without colour (NO_COLOR: the text alone says it all)
/// and once with, its styles listed.
#[test]
fn desk_today_board_mid_morning_with_and_without_colour() {
    let at = chrono::NaiveDate::from_ymd_opt(2030, 1, 7)
        .unwrap()
        .and_hms_opt(10, 50, 0)
        .unwrap();
    let mut plain = signed_in(support::demo::demo_clinic_made_at(at), "admin");
    let t = drive(&mut plain, Script::new());
    insta::assert_snapshot!("desk_today_board_mid_morning", t.backend());
    let t = drive(&mut plain, Script::new().key(KeyCode::Tab));
    insta::assert_snapshot!("desk_today_board_mid_morning_booked", t.backend());
    let t = drive(&mut plain, Script::new().key(KeyCode::Tab));
    insta::assert_snapshot!("desk_today_board_mid_morning_arrived", t.backend());
    let mut colour = App::new(support::demo::demo_clinic_made_at(at), true, Theme::color());
    drive(&mut colour, login("admin"));
    let t = drive(
        &mut colour,
        Script::new().key(KeyCode::Tab).key(KeyCode::Tab),
    );
    insta::assert_snapshot!(
        "desk_today_board_mid_morning_colour",
        support::demo::with_styles(t.backend())
    );
}

#[test]
fn desk_book_pick_patient_and_slot() {
    let mut app = desk();
    let p = a_patient(&app);
    let t = drive(&mut app, Script::new().text("2/").text(&p.full_name));
    insta::assert_snapshot!("desk_book_pick_patient", t.backend());
    // One match: Enter goes straight to the free slots for the patient; → is tomorrow.
    let t = drive(&mut app, Script::new().key(KeyCode::Enter).text("l"));
    insta::assert_snapshot!("desk_book_find_slot", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Enter));
    insta::assert_snapshot!("desk_book_confirm", t.backend());
    let t = drive(
        &mut app,
        Script::new()
            .text("check-up")
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    insta::assert_snapshot!("desk_booked", t.backend());
}

#[test]
fn desk_book_over_the_daily_limit_asks_for_an_override() {
    let mut app = desk();
    let admin = app.clinic().login("admin", demo::DEMO_PASSWORD).unwrap();
    let p = a_patient(&app);
    let mut f = SlotFilter::day(parse_date("2030-01-08").unwrap());
    f.free_only = true;
    let first = app.clinic().slots(&admin.actor, &f).unwrap().remove(0);
    let d = app.clinic().doctor(first.doctor_id).unwrap();
    app.clinic()
        .update_doctor(
            &admin.actor,
            d.id,
            &DoctorInput {
                full_name: d.full_name.clone(),
                specialty: d.specialty.clone(),
                description: d.description.clone(),
                fee: Some(d.fee),
                max_per_day: Some(1),
                max_minutes: Some(d.max_minutes),
            },
        )
        .unwrap();
    let t = drive(
        &mut app,
        Script::new()
            .text("2/")
            .text(&p.full_name)
            .key(KeyCode::Enter)
            .text("l")
            .key(KeyCode::Enter)
            .text("follow-up")
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    insta::assert_snapshot!("desk_book_override", t.backend());
}

#[test]
fn desk_patients_and_dialogs() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("3/").text("+44 7700 1"));
    insta::assert_snapshot!("desk_patients_search_phone", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Enter).text("n"));
    insta::assert_snapshot!("desk_patients_register", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Esc).text("a"));
    insta::assert_snapshot!("desk_patients_archive_confirm", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Esc).text("H"));
    insta::assert_snapshot!("desk_patient_history", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Esc).text("t"));
    insta::assert_snapshot!("desk_patient_care_team", t.backend());
    let t = drive(&mut app, Script::new().text("n"));
    insta::assert_snapshot!("desk_patient_care_team_assign", t.backend());
}

#[test]
fn desk_doctors() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("4"));
    insta::assert_snapshot!("desk_doctors", t.backend());
    let t = drive(&mut app, Script::new().text("e"));
    insta::assert_snapshot!("desk_doctor_edit", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Esc).text("a"));
    insta::assert_snapshot!("desk_doctor_deactivate_confirm", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Esc).text("sv"));
    insta::assert_snapshot!("desk_doctor_schedule", t.backend());
}

#[test]
fn desk_waitlist_with_an_offer() {
    let mut app = desk();
    // A cancellation on tomorrow for a doctor someone waits for makes an offer (R7).
    let admin = app.clinic().login("admin", demo::DEMO_PASSWORD).unwrap();
    let waiting = app.clinic().waitlist(&admin.actor, None, true).unwrap();
    let doctor = waiting[0].doctor_id.unwrap();
    let mut f = SlotFilter::day(parse_date("2030-01-08").unwrap());
    f.doctor = Some(doctor);
    f.free_only = true;
    let slot = app.clinic().slots(&admin.actor, &f).unwrap().remove(0);
    let walk_in = app
        .clinic()
        .register_patient(
            &admin.actor,
            &clinic::domain::PatientInput {
                full_name: "Walk In".into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let a = app
        .clinic()
        .book(
            &admin.actor,
            &BookRequest {
                slot: slot.id,
                patient: Some(walk_in.id),
                reason: None,
                override_reason: Some("snapshot".into()),
                visit_type: None,
            },
        )
        .unwrap();
    app.clinic()
        .cancel(&admin.actor, a.id, Some("changed plans"))
        .unwrap();
    let t = drive(&mut app, Script::new().text("5"));
    insta::assert_snapshot!("desk_waitlist", t.backend());
}

#[test]
fn desk_reports() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("6"));
    insta::assert_snapshot!("desk_report_top", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab));
    insta::assert_snapshot!("desk_report_busy", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab).text("l"));
    insta::assert_snapshot!("desk_report_available", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab).text("h"));
    insta::assert_snapshot!("desk_report_chart", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Tab));
    insta::assert_snapshot!("desk_report_utilization", t.backend());
    let t = drive(&mut app, Script::new().text("/"));
    insta::assert_snapshot!("desk_report_settings", t.backend());
}

#[test]
fn desk_search() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("7/").text("silva"));
    insta::assert_snapshot!("desk_search", t.backend());
}

#[test]
fn desk_audit() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("8"));
    insta::assert_snapshot!("desk_audit", t.backend());
}

#[test]
fn desk_patients_help_fits_80x24() {
    let mut app = desk();
    // The patient list opens on the list: `?` is help, not a letter of a search.
    let t = drive(&mut app, Script::new().text("3?"));
    let screen = t.backend().to_string();
    assert!(screen.contains("Esc or ? closes this help"), "{screen}");
    insta::assert_snapshot!("desk_patients_help", t.backend());
}

#[test]
fn the_boards_help_wraps_a_long_line_at_80x24() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("?"));
    let screen = t.backend().to_string();
    // The Tab line is longer than the popup: it goes on under itself, nothing cut.
    assert!(screen.contains("no-show,"), "{screen}");
    assert!(screen.contains("cancelled"), "{screen}");
    insta::assert_snapshot!("desk_today_help", t.backend());
}

#[test]
fn doctor_plan_and_its_save_preview() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("3"));
    insta::assert_snapshot!("doctor_plan", t.backend());
    // Saturday morning in 15-minute slots, then Enter: what saving does, before it does it.
    let add = retype(Script::new().text("jjjjjn").key(KeyCode::Tab), 5, "12:00");
    let add = retype(add.key(KeyCode::Tab), 2, "15").key(KeyCode::Enter);
    let t = drive(&mut app, add.key(KeyCode::Enter));
    insta::assert_snapshot!("doctor_plan_save_preview", t.backend());
}

#[test]
fn doctor_time_off_and_the_booked_visits_question() {
    let mut app = doctor();
    let t = drive(&mut app, Script::new().text("4"));
    insta::assert_snapshot!("doctor_time_off", t.backend());
    let add = Script::new()
        .text("n2030-01-09")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .text("course")
        .key(KeyCode::Enter);
    let t = drive(&mut app, add);
    insta::assert_snapshot!("doctor_time_off_booked_question", t.backend());
}

#[test]
fn desk_time_off_and_a_closed_day_in_the_grid() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("9"));
    insta::assert_snapshot!("desk_time_off", t.backend());
    // A doctor's week over the public holiday (Wed 16 Jan).
    let t = drive(&mut app, Script::new().text("4sv").key(KeyCode::PageDown));
    insta::assert_snapshot!("desk_doctor_week_with_a_closure", t.backend());
}

/// The outbox of the demo clinic, where mail is not set up: the messages the demo's typed
/// visits and courses queued, the counts, and how to set mail up; then one message whole.
#[test]
fn desk_outbox_and_a_message() {
    let mut app = desk();
    let t = drive(&mut app, Script::new().text("0"));
    insta::assert_snapshot!("desk_outbox", t.backend());
    let t = drive(&mut app, Script::new().key(KeyCode::Enter));
    insta::assert_snapshot!("desk_outbox_message", t.backend());
}
