//! `assets/tui-keys.md` is made from the screens' own command lists, the ones the footer and
//! the `?` help show: this test makes it anew on the demo clinic and fails when the file
//! differs. After changing a screen's keys, `UPDATE_KEYS=1 cargo test --test keys_doc`
//! rewrites it; review the diff like a snapshot.

mod support;

use clinic::domain::{Role, Status};
use clinic::service::{Session, SlotFilter};
use clinic::tui::app::App;
use clinic::tui::command::Command;
use clinic::tui::keymap::Mode;
use clinic::tui::screen::{Ctx, Screen, Shown};
use clinic::tui::screens::affected::{AffectedScreen, Removal};
use clinic::tui::screens::book::{BookScreen, SlotSummary};
use clinic::tui::screens::care_team::CareTeamScreen;
use clinic::tui::screens::find_slots::{FindSlots, Purpose};
use clinic::tui::screens::history::HistoryScreen;
use clinic::tui::screens::lock::LockScreen;
use clinic::tui::screens::login::LoginScreen;
use clinic::tui::screens::register::RegisterScreen;
use clinic::tui::screens::schedule::ScheduleScreen;
use clinic::tui::screens::setup::SetupScreen;
use clinic::tui::screens::waitlist_join::WaitlistJoinScreen;
use clinic::tui::sections;
use clinic::tui::widgets::help;
use support::demo;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/tui-keys.md");

const INTRO: &str = "# Terminal UI keys

Made from the screens' own command lists — the ones the footer and the `?` help show — by
`tests/keys_doc.rs`, which fails when this file is out of date (`UPDATE_KEYS=1 cargo test
--test keys_doc` writes it anew).

On lists, letters are commands; in forms and dialogs they type (F1 is the help there). In
every form and dialog Enter moves to the next field and, on the last one, does what the
dialog is for; Esc closes it and changes nothing. The footer shows the main keys of the
screen as it is; some appear only when they apply (cancel, when a visit is selected).
";

/// One screen's section of the document.
fn table(title: &str, commands: &[Command], mode: Mode) -> String {
    let mut out = format!("\n### {title}\n\n| keys | does |\n|---|---|\n");
    for (keys, what) in help::all_rows(commands, mode) {
        out.push_str(&format!(
            "| {} | {} |\n",
            keys.replace('|', "\\|"),
            what.replace('|', "\\|")
        ));
    }
    out
}

fn screen_table(title: &str, screen: &dyn Screen) -> String {
    table(title, &screen.commands_now(), screen.key_mode())
}

/// Opens `screen` as `session` sees it, loaded.
fn opened<S: Screen>(mut screen: S, ctx: &Ctx) -> S {
    screen.reload(ctx).expect("the screen loads");
    screen
}

fn role(heading: &str, role: Role, ctx: &Ctx, more: Vec<(String, Box<dyn Screen>)>) -> String {
    let mut out = format!("\n## {heading}\n");
    for (n, section) in sections::for_role(role).iter().enumerate() {
        let mut screen = (section.open)(ctx);
        screen.reload(ctx).expect("the section loads");
        out.push_str(&screen_table(
            &format!("{} · {}", clinic::tui::sections::number(n), section.title),
            screen.as_ref(),
        ));
    }
    for (title, screen) in more {
        out.push_str(&screen_table(&title, screen.as_ref()));
    }
    out
}

fn document() -> String {
    let clinic = demo::demo_clinic();
    let mut doc = INTRO.to_string();
    doc.push_str("\n## Everywhere\n");
    doc.push_str(
        &table("On every screen", &App::everywhere(), Mode::Navigate)
            .replace("\n### On every screen\n", ""),
    );

    // Signing in.
    let guest = Ctx {
        clinic: &clinic,
        session: None,
        demo: true,
    };
    let admin = demo::admin(&clinic);
    let desk = demo::ctx(&clinic, &admin);
    doc.push_str("\n## Signing in\n");
    doc.push_str(&screen_table("First run", &SetupScreen::new()));
    doc.push_str(&screen_table(
        "Sign in",
        &opened(LoginScreen::new(true), &guest),
    ));
    doc.push_str(&screen_table("Register", &RegisterScreen::new()));
    doc.push_str(&screen_table(
        "Locked after the idle minutes",
        &LockScreen::new(&admin.account),
    ));

    // Patients.
    let patient = demo::patient(&clinic);
    let me = demo::ctx(&clinic, &patient);
    let tomorrow = demo::now().date().succ_opt().unwrap();
    let free = first_free(&clinic, &patient, tomorrow);
    let mine = clinic
        .appointments(&patient.actor, &Default::default())
        .unwrap()
        .into_iter()
        .find(|a| a.status == Status::Booked && a.start > demo::now())
        .expect("patient1 has a booked visit");
    doc.push_str(&role(
        "Patient",
        Role::Patient,
        &me,
        vec![
            (
                "Book (after Enter on a free slot)".into(),
                Box::new(BookScreen::new(SlotSummary::from_slot(&free, None))),
            ),
            (
                "Reschedule (r on a visit)".into(),
                Box::new(opened(
                    FindSlots::new(tomorrow, Purpose::Reschedule(Box::new(mine))),
                    &me,
                )),
            ),
            (
                "Join the waitlist (w on a day)".into(),
                Box::new(opened(WaitlistJoinScreen::new(tomorrow, None, None), &me)),
            ),
        ],
    ));

    // Doctors.
    let doctor = demo::doctor(&clinic);
    let doc_ctx = demo::ctx(&clinic, &doctor);
    let own = match doctor.actor {
        clinic::domain::Actor::Doctor { doctor, .. } => doctor,
        _ => unreachable!("doctor1 is a doctor"),
    };
    let dr = clinic
        .doctors(None)
        .unwrap()
        .into_iter()
        .find(|d| d.id == own)
        .expect("doctor1's record");
    doc.push_str(&role(
        "Doctor",
        Role::Doctor,
        &doc_ctx,
        vec![(
            "Booked slots (removing slots someone is booked on)".into(),
            Box::new(opened(
                AffectedScreen::new(
                    Removal {
                        doctor: dr.id,
                        doctor_name: dr.full_name.clone(),
                        date: tomorrow,
                        from: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                        to: chrono::NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
                    },
                    "booked".into(),
                ),
                &doc_ctx,
            )),
        )],
    ));

    // The front desk.
    let walk_in = clinic.patients(&admin.actor, None, false, 1, 0).unwrap()[0].clone();
    doc.push_str(&role(
        "Front desk",
        Role::Admin,
        &desk,
        vec![
            (
                "History (Enter on a patient)".into(),
                Box::new(opened(
                    HistoryScreen::new(walk_in.id, walk_in.full_name.clone()),
                    &desk,
                )),
            ),
            (
                "Care team (t on a patient)".into(),
                Box::new(opened(
                    CareTeamScreen::new(walk_in.id, walk_in.full_name.clone()),
                    &desk,
                )),
            ),
            (
                "Book for a patient (Enter on a patient in Book)".into(),
                Box::new(opened(
                    FindSlots::new(
                        tomorrow,
                        Purpose::BookFor(walk_in.id, walk_in.full_name.clone()),
                    ),
                    &desk,
                )),
            ),
            (
                "A doctor's schedule (Enter on a doctor)".into(),
                Box::new(opened(ScheduleScreen::of(&dr, demo::now()), &desk)),
            ),
        ],
    ));
    doc
}

fn first_free(
    clinic: &clinic::Clinic,
    who: &Session,
    day: chrono::NaiveDate,
) -> clinic::domain::Slot {
    let mut filter = SlotFilter::day(day);
    filter.free_only = true;
    clinic
        .slots(&who.actor, &filter)
        .unwrap()
        .into_iter()
        .next()
        .expect("a free slot")
}

#[test]
fn the_keys_document_is_made_from_the_screens_command_lists() {
    let made = document();
    if std::env::var_os("UPDATE_KEYS").is_some() {
        std::fs::write(PATH, &made).expect("write assets/tui-keys.md");
        return;
    }
    let on_disk = std::fs::read_to_string(PATH).unwrap_or_default();
    if on_disk != made {
        let first = on_disk
            .lines()
            .zip(made.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(on_disk.lines().count().min(made.lines().count()));
        panic!(
            "assets/tui-keys.md is out of date from line {} (UPDATE_KEYS=1 cargo test --test \
             keys_doc writes it anew):\n  file: {:?}\n  made: {:?}",
            first + 1,
            on_disk.lines().nth(first).unwrap_or(""),
            made.lines().nth(first).unwrap_or("")
        );
    }
}
