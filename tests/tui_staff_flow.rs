//! The doctor's and the front desk's main tasks through the whole app and event loop: keys
//! in, library effects out. Fixed clock (2030-01-07 08:00), the demo clinic in memory.

use clinic::domain::time::{parse_date, parse_minute};
use clinic::domain::{Actor, DoctorInput, SlotState, Status};
use clinic::service::{Session, SlotFilter};
use clinic::store::appointments::AppointmentQuery;
use clinic::tui::app::App;
use clinic::tui::event::Script;
use clinic::tui::theme::Theme;
use crossterm::event::KeyCode;
mod support;
use support::demo::{demo_clinic, login, screen_after as drive};

fn app_for(user: &str) -> (App, Session) {
    let mut app = App::new(demo_clinic(), true, Theme::plain());
    drive(&mut app, login(user));
    let session = app.session().unwrap().clone();
    (app, session)
}

/// Replaces the focused field's text.
fn retype(mut s: Script, n: usize, text: &str) -> Script {
    for _ in 0..n {
        s = s.key(KeyCode::Backspace);
    }
    s.text(text)
}

fn day_slots(app: &App, actor: &Actor, day: &str) -> Vec<clinic::domain::Slot> {
    let mut f = SlotFilter::day(parse_date(day).unwrap());
    f.doctor = actor.doctor_id();
    app.clinic().slots(actor, &f).unwrap()
}

/// An empty day (after the demo's fortnight) with the cursor on 09:00 and one slot there.
/// (Enter walks the range dialog's fields and declares on the last.)
fn on_empty_day() -> Script {
    let s = retype(Script::new().text("n").key(KeyCode::Tab), 10, "2030-01-21");
    let s = retype(s.key(KeyCode::Tab), 5, "09:00");
    retype(s.key(KeyCode::Tab), 5, "09:30")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter)
}

#[test]
fn a_doctor_declares_09_to_13_in_30_minute_slots_with_the_range_dialog() {
    let (mut app, me) = app_for("doctor1");
    assert_eq!(app.screen_title(), "Schedule");
    let s = retype(Script::new().text("n").key(KeyCode::Tab), 10, "2030-01-21");
    let s = retype(s.key(KeyCode::Tab), 5, "09:00");
    let s = retype(s.key(KeyCode::Tab), 5, "13:00");
    let s = retype(s.key(KeyCode::Tab), 2, "30");
    let screen = drive(&mut app, s.key(KeyCode::Enter));
    assert!(
        screen.contains("On Mon 21 Jan 2030, 09:00–13:00: declared 8 slots."),
        "{screen}"
    );
    let slots = day_slots(&app, &me.actor, "2030-01-21");
    assert_eq!(slots.len(), 8);
    assert!(slots.iter().all(|s| s.duration == 30));
    assert_eq!(
        clinic::domain::time::fmt_minute(slots[7].end),
        "2030-01-21T13:00"
    );
}

#[test]
fn space_toggles_a_slot_in_the_grid() {
    let (mut app, me) = app_for("doctor1");
    drive(&mut app, on_empty_day());
    assert_eq!(day_slots(&app, &me.actor, "2030-01-21").len(), 1);
    // Down to 09:30, Space declares it; Space again removes it; up to 09:00 and remove.
    let screen = drive(&mut app, Script::new().text("j "));
    assert!(
        screen.contains("Declared Mon 21 Jan 2030, 09:30–10:00"),
        "{screen}"
    );
    assert_eq!(day_slots(&app, &me.actor, "2030-01-21").len(), 2);
    let screen = drive(&mut app, Script::new().text(" k "));
    assert!(screen.contains("Removed the 09:00 slot"), "{screen}");
    assert!(day_slots(&app, &me.actor, "2030-01-21").is_empty());
}

#[test]
fn copy_a_week_forward_to_a_date_range() {
    let (mut app, me) = app_for("doctor1");
    drive(&mut app, on_empty_day());
    // The week of 21 Jan holds one slot; copy the week to the next three weeks.
    let s = Script::new().text("vf").key(KeyCode::Tab);
    let s = retype(s, 10, "2030-01-28").key(KeyCode::Tab);
    let s = retype(s, 10, "2030-02-17");
    let screen = drive(&mut app, s.key(KeyCode::Enter));
    assert!(
        screen.contains("Copied from Mon 28 Jan 2030 to Sun 17 Feb 2030: 3 slots."),
        "{screen}"
    );
    for day in ["2030-01-28", "2030-02-04", "2030-02-11"] {
        let slots = day_slots(&app, &me.actor, day);
        assert_eq!(slots.len(), 1, "{day}");
        assert_eq!(slots[0].start.format("%H:%M").to_string(), "09:00");
    }
    assert!(day_slots(&app, &me.actor, "2030-02-18").is_empty());
}

#[test]
fn removing_a_booked_slot_lists_the_patient_who_is_cancelled_with_a_reason_first() {
    let (mut app, me) = app_for("doctor1");
    let booked = day_slots(&app, &me.actor, "2030-01-08")
        .into_iter()
        .find(|s| s.state == SlotState::Booked)
        .unwrap();
    let rows = (booked.start - parse_minute("2030-01-08T09:00").unwrap()).num_minutes() / 30;
    let who = booked.patient_name.clone().unwrap();
    let screen = drive(
        &mut app,
        Script::new()
            .text("l")
            .text(&"j".repeat(rows as usize))
            .text(" "),
    );
    assert_eq!(app.screen_title(), "Booked slots");
    assert!(screen.contains(&who), "the patient is listed:\n{screen}");
    assert!(screen.contains("cancel it with a"), "{screen}");
    // Enter opens the cancel dialog; a reason is required.
    let screen = drive(
        &mut app,
        Script::new().key(KeyCode::Enter).key(KeyCode::Enter),
    );
    assert!(
        screen.contains("a reason is required from staff"),
        "{screen}"
    );
    let screen = drive(
        &mut app,
        Script::new().text("doctor away").key(KeyCode::Enter),
    );
    assert!(
        screen.contains("Nobody is booked on them any more"),
        "{screen}"
    );
    let screen = drive(&mut app, Script::new().key(KeyCode::Enter));
    assert!(screen.contains("Removed 1 slot"), "{screen}");
    assert_eq!(app.screen_title(), "Schedule");
    assert!(
        day_slots(&app, &me.actor, "2030-01-08")
            .iter()
            .all(|s| s.id != booked.id)
    );
    let cancelled = app
        .clinic()
        .appointments(
            &me.actor,
            &AppointmentQuery {
                from: Some(booked.start),
                to: Some(booked.end),
                ..Default::default()
            },
        )
        .unwrap()
        .remove(0);
    assert_eq!(cancelled.status, Status::Cancelled);
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("doctor away"));
}

#[test]
fn the_doctor_marks_a_visit_from_today_and_the_desk_checks_a_patient_in() {
    let (mut app, me) = app_for("doctor1");
    let screen = drive(&mut app, Script::new().text("2"));
    assert_eq!(app.screen_title(), "Today");
    let first = app
        .clinic()
        .appointments(
            &me.actor,
            &AppointmentQuery {
                from: Some(parse_minute("2030-01-07T00:00").unwrap()),
                to: Some(parse_minute("2030-01-08T00:00").unwrap()),
                ..Default::default()
            },
        )
        .unwrap()
        .remove(0);
    assert!(
        screen.contains(first.patient_phone.as_deref().unwrap()),
        "{screen}"
    );

    let (mut desk, admin) = app_for("admin");
    assert_eq!(desk.screen_title(), "Today board");
    // Waiting only, then i on the first.
    drive(&mut desk, Script::new().key(KeyCode::Tab));
    let waiting = desk
        .clinic()
        .appointments(
            &admin.actor,
            &AppointmentQuery {
                from: Some(parse_minute("2030-01-07T00:00").unwrap()),
                to: Some(parse_minute("2030-01-08T00:00").unwrap()),
                status: Some(Status::Booked),
                order: clinic::store::appointments::Order::Doctor,
                ..Default::default()
            },
        )
        .unwrap()
        .remove(0);
    // i asks first: a check-in is undone only by a correction.
    let screen = drive(&mut desk, Script::new().text("i"));
    assert!(screen.contains("Check in?"), "{screen}");
    let screen = drive(&mut desk, Script::new().key(KeyCode::Enter));
    assert!(
        screen.contains(&format!("{} checked in", waiting.patient_name)),
        "{screen}"
    );
    assert_eq!(
        desk.clinic()
            .appointment(&admin.actor, waiting.id)
            .unwrap()
            .status,
        Status::CheckedIn
    );
}

#[test]
fn the_desk_books_for_a_patient_over_the_daily_limit_with_an_override_reason() {
    let (mut app, admin) = app_for("admin");
    let patient = app
        .clinic()
        .patients(&admin.actor, None, false, 1, 0)
        .unwrap()
        .remove(0);
    let mut f = SlotFilter::day(parse_date("2030-01-08").unwrap());
    f.free_only = true;
    let slot = app.clinic().slots(&admin.actor, &f).unwrap().remove(0);
    let d = app.clinic().doctor(slot.doctor_id).unwrap();
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
    let screen = drive(
        &mut app,
        Script::new()
            .text("2/")
            .text(&patient.full_name)
            .key(KeyCode::Enter)
            .text("l")
            .key(KeyCode::Enter),
    );
    assert!(screen.contains("Book this appointment?"), "{screen}");
    assert!(
        screen.contains(&format!("Held for {}", patient.full_name)),
        "{screen}"
    );
    // Enter walks reason, repeat and visits, and books on the last.
    let screen = drive(
        &mut app,
        Script::new()
            .key(KeyCode::Enter)
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    assert!(screen.contains("Over the doctor's daily limit"), "{screen}");
    assert!(screen.contains("Override reason"), "{screen}");
    let screen = drive(
        &mut app,
        Script::new()
            .text("urgent, doctor agreed")
            .key(KeyCode::Enter),
    );
    assert!(!screen.contains("Over the limit"), "{screen}");
    assert!(
        screen.contains(&format!("Booked {}: Tue 8 Jan", patient.full_name)),
        "{screen}"
    );
    assert_eq!(app.screen_title(), "Book for a patient");
    let booked = app
        .clinic()
        .appointments(
            &admin.actor,
            &AppointmentQuery {
                patient: Some(patient.id),
                from: Some(slot.start),
                to: Some(slot.end),
                ..Default::default()
            },
        )
        .unwrap()
        .remove(0);
    assert_eq!(booked.slot_id, Some(slot.id));
    assert_eq!(
        booked.override_reason.as_deref(),
        Some("urgent, doctor agreed")
    );
}

#[test]
fn a_walk_in_is_registered_and_goes_straight_to_the_free_slots() {
    let (mut app, admin) = app_for("admin");
    // What was searched for fills the name; Tab to the phone, then Enter walks to the end
    // (email, messages, birth date, gender, notes) and saves.
    let s = Script::new()
        .text("2/")
        .text("Zoe Quarry")
        .key(KeyCode::Enter)
        .text("n")
        .key(KeyCode::Tab)
        .text("+44 7700 999999");
    let s = (0..6).fold(s, |s, _| s.key(KeyCode::Enter));
    let screen = drive(&mut app, s);
    assert!(screen.contains("Free slots for Zoe Quarry"), "{screen}");
    let found = app
        .clinic()
        .patients(&admin.actor, Some("Zoe Quarry"), false, 10, 0)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].phone.as_deref(), Some("+44 7700 999999"));
    assert_eq!(found[0].account, None, "a walk-in has no login");
}

#[test]
fn reports_show_tables_a_bar_chart_and_utilization_for_a_chosen_date() {
    let (mut app, admin) = app_for("admin");
    let top = app
        .clinic()
        .report_top(&admin.actor, parse_date("2030-01-08").unwrap())
        .unwrap();
    let screen = drive(&mut app, Script::new().text("6l"));
    assert_eq!(app.screen_title(), "Reports");
    assert!(screen.contains("Top · Tue 8 Jan 2030"), "{screen}");
    assert!(screen.contains(&top[0].doctor_name), "{screen}");
    let screen = drive(
        &mut app,
        Script::new()
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .key(KeyCode::Tab),
    );
    assert!(
        screen.contains("Booked minutes · Tue 8 Jan 2030"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{} min", top[0].booked_mins)) && screen.contains('█'),
        "a bar per doctor:\n{screen}"
    );
    let s = Script::new()
        .key(KeyCode::Tab)
        .text("/")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    let s = retype(s, 10, "2030-01-01").key(KeyCode::Tab);
    let s = retype(s, 10, "2030-01-31").key(KeyCode::Enter);
    let screen = drive(&mut app, s);
    assert!(
        screen.contains("Utilization Tue 1 Jan 2030 – Thu 31 Jan 2030"),
        "{screen}"
    );
    assert!(screen.contains("Declared"), "{screen}");
}

#[test]
fn wide_letters_and_emoji_keep_every_column_in_place_at_60x20() {
    use unicode_width::UnicodeWidthStr;
    let clinic = demo_clinic();
    let admin = clinic.login("admin", clinic::demo::DEMO_PASSWORD).unwrap();
    let name = "李小龍 🙂 Bruce Lee-Wonderfully-Long-Family-Name";
    clinic
        .register_patient(
            &admin.actor,
            &clinic::domain::PatientInput {
                full_name: name.into(),
                phone: Some("+44 7700 900123".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let mut app = App::new(clinic, true, Theme::plain());
    let mut at_60x20 = |script: Script| {
        support::demo::terminal_after(&mut app, script, 60, 20)
            .backend()
            .to_string()
    };
    // Patients: search the name; open the history; book for them from the Book section.
    let list = at_60x20(login("admin").text("3/李小龍").key(KeyCode::Enter));
    let history = at_60x20(Script::new().key(KeyCode::Enter));
    let book = at_60x20(
        Script::new()
            .text("2/李小龍")
            .key(KeyCode::Enter)
            .key(KeyCode::Enter),
    );
    assert!(list.contains("│▸ 201   李小龍 🙂 Bruc +44 7700"), "{list}");
    assert!(
        history.contains("┌ History of 李小龍 🙂 Bruce Lee-Wonderfully-Long-Family-… ┐"),
        "{history}"
    );
    assert!(
        book.contains("│  Patient   李小龍 🙂 Bruce Lee-Wonderfully-Long-Family-… │"),
        "{book}"
    );
    for screen in [list, history, book] {
        for line in screen.lines() {
            // The test terminal notes the cells a wide letter covers after the line.
            let line = line
                .split(" Hidden by")
                .next()
                .unwrap()
                .trim()
                .trim_matches('"');
            assert_eq!(line.width(), 60, "a line out of its columns:\n{screen}");
        }
    }
}

#[test]
fn the_board_keeps_its_day_when_revisited_and_names_the_doctor_on_every_page() {
    let (mut app, _) = app_for("admin");
    let board = drive(&mut app, Script::new().text("l"));
    assert!(board.contains("Tue 8 Jan 2030"), "{board}");
    // Away to the patients and back: still Tuesday.
    let back = drive(&mut app, Script::new().text("31"));
    assert_eq!(app.screen_title(), "Today board");
    assert!(back.contains("Tue 8 Jan 2030"), "{back}");
    // A page further down starts mid-doctor: its first row still says whose visits they are.
    let paged = drive(&mut app, Script::new().key(KeyCode::PageDown));
    let rows: Vec<&str> = paged
        .lines()
        .skip_while(|l| !(l.contains("Doctor") && l.contains("Time")))
        .skip(1)
        .take(3)
        .collect();
    assert!(
        rows[0].contains("Dr. "),
        "the top row names its doctor:\n{paged}"
    );
}

/// The front desk's terminal sweeps once a minute (SPEC §12): with the automatic no-show on,
/// the visits nobody came to become no-shows when the minute turns, and the board says so.
#[test]
fn the_desks_terminal_marks_the_visits_nobody_came_to_once_a_minute() {
    let (clinic, clock) = support::demo::demo_clinic_and_clock();
    let mut app = App::new(clinic, true, Theme::plain());
    drive(&mut app, login("admin"));
    let admin = app.session().unwrap().actor.clone();
    let mut s = app.clinic().settings().unwrap();
    s.no_show_after_minutes = 30;
    app.clinic().update_settings(&admin, &s).unwrap();
    let booked_at_nine = |app: &App| {
        app.clinic()
            .appointments(
                &admin,
                &AppointmentQuery {
                    from: Some(parse_minute("2030-01-07T09:00").unwrap()),
                    to: Some(parse_minute("2030-01-07T09:01").unwrap()),
                    ..Default::default()
                },
            )
            .unwrap()
    };
    let nine = booked_at_nine(&app);
    assert!(!nine.is_empty() && nine.iter().all(|a| a.status == Status::Booked));
    clock.set(parse_minute("2030-01-07T09:30").unwrap());
    app.tick(std::time::Instant::now());
    let after = booked_at_nine(&app);
    assert!(
        after.iter().all(|a| a.status == Status::NoShow),
        "{after:?}"
    );
    let said = app.message().unwrap().text.clone();
    assert!(
        said.ends_with("nobody came to are now no-shows (30 min after the start)."),
        "{said}"
    );
    let screen = drive(&mut app, Script::new());
    assert!(
        screen.contains(&format!("no-show {}", after.len())),
        "{screen}"
    );
    // The next tick in the same minute does nothing more.
    app.tick(std::time::Instant::now());
    assert_eq!(booked_at_nine(&app), after);
}
