//! The admin's reports (SPEC §3 Reports) against hand-computed fixtures: top, busy,
//! available, utilization and the day sheet, including ties, cancelled visits, R4 limits,
//! holds, past slots and empty days; and who may run them.

mod support;

use clinic::domain::{Actor, DoctorId, PatientId, SlotId, Status};
use clinic::service::{AvailableRow, LoadRow, UtilizationRow};
use clinic::{Clinic, ErrorKind};
use support::clinic::Fixture;
use support::{at, day, kind_of};

/// `(doctor, count, minutes)` of a top/busy list.
fn loads(rows: &[LoadRow]) -> Vec<(DoctorId, u32, u32)> {
    rows.iter()
        .map(|r| (r.doctor_id, r.appointments_count, r.booked_mins))
        .collect()
}

fn free(rows: &[AvailableRow]) -> Vec<(DoctorId, u32)> {
    rows.iter().map(|r| (r.doctor_id, r.free_slots)).collect()
}

/// Walk-in patients, numbered, each with a phone.
fn walk_ins(desk: &Fixture, n: usize, tag: &str) -> Vec<PatientId> {
    (0..n)
        .map(|i| {
            desk.add_patient(
                &format!("Pat {tag}{i:02}"),
                Some(&format!("+44 20 7946 {:04}", i)),
            )
        })
        .collect()
}

/// The report day of the main fixture; "now" is the day before at 08:00.
const D: &str = "2030-01-08";

/// The main fixture, on 2030-01-08 (now: 2030-01-07T08:00):
///
/// | doctor (registered in this order) | slots                     | active on D        | other |
/// |---|---|---|---|
/// | Zed Zulu (Cardiology)   | 13:00–15:00 × 30   | 3 × 30 = 90  |  |
/// | Ann Alpha (Cardiology)  | 09:00–12:00 × 30   | 3 × 30 = 90  | one free slot held |
/// | Bob Beta (Cardiology)   | 09:00–10:00 × 30, 10:00–11:00 × 60 | 30+30+60 = 120 | full |
/// | Cy Gamma (Dermatology)  | 09:00–12:00 × 60   | 2 × 60 = 120 | a third one cancelled |
/// | Eve Delta (Dermatology) | 09:00–10:00 × 30   | —            | deactivated |
/// | Hal Count (max 2/day)   | 09:00–10:30 × 30   | 2 × 30 = 60  | at the count limit |
/// | Ida Minutes (max 60 min)| 09:00–10:30 × 30   | 2 × 30 = 60  | at the minutes limit |
/// | Jo Fit (max 90 min)     | 09:00–11:00 × 60   | 1 × 60 = 60  | a free 60 would exceed 90 |
struct Main {
    desk: Fixture,
    zed: DoctorId,
    ann: DoctorId,
    bob: DoctorId,
    cy: DoctorId,
    eve: DoctorId,
    hal: DoctorId,
    ida: DoctorId,
    jo: DoctorId,
    ann_slots: Vec<SlotId>,
    patients: Vec<PatientId>,
}

fn main_fixture() -> Main {
    let desk = Fixture::blank("2030-01-07T08:00");
    let zed = desk.add_doctor("Dr. Zed Zulu", "Cardiology");
    let ann = desk.add_doctor("Dr. Ann Alpha", "Cardiology");
    let bob = desk.add_doctor("Dr. Bob Beta", "Cardiology");
    let cy = desk.add_doctor("Dr. Cy Gamma", "Dermatology");
    let eve = desk.add_doctor("Dr. Eve Delta", "Dermatology");
    let hal = desk.add_doctor_limits("Dr. Hal Count", "Neurology", Some(2), None);
    let ida = desk.add_doctor_limits("Dr. Ida Minutes", "Neurology", None, Some(60));
    let jo = desk.add_doctor_limits("Dr. Jo Fit", "Neurology", None, Some(90));
    let p = walk_ins(&desk, 20, "m");
    let mut next = p.iter().copied();
    let mut book = |slot: SlotId| desk.book_for(next.next().expect("enough patients"), slot);

    let zed_slots = desk.declare_slots_of(zed, D, "13:00", "15:00", 30);
    for &s in &zed_slots[..3] {
        book(s);
    }
    let ann_slots = desk.declare_slots_of(ann, D, "09:00", "12:00", 30);
    for &s in &ann_slots[..3] {
        book(s);
    }
    let mut bob_slots = desk.declare_slots_of(bob, D, "09:00", "10:00", 30);
    bob_slots.extend(desk.declare_slots_of(bob, D, "10:00", "11:00", 60));
    for &s in &bob_slots {
        book(s);
    }
    let cy_slots = desk.declare_slots_of(cy, D, "09:00", "12:00", 60);
    book(cy_slots[0]);
    book(cy_slots[1]);
    let gone = book(cy_slots[2]);
    desk.cancel(gone.id);
    desk.declare_slots_of(eve, D, "09:00", "10:00", 30);
    desk.clinic
        .set_doctor_active(&desk.admin(), eve, false)
        .expect("deactivate");
    let hal_slots = desk.declare_slots_of(hal, D, "09:00", "10:30", 30);
    book(hal_slots[0]);
    book(hal_slots[1]);
    let ida_slots = desk.declare_slots_of(ida, D, "09:00", "10:30", 30);
    book(ida_slots[0]);
    book(ida_slots[1]);
    let jo_slots = desk.declare_slots_of(jo, D, "09:00", "11:00", 60);
    book(jo_slots[0]);
    Main {
        desk,
        zed,
        ann,
        bob,
        cy,
        eve,
        hal,
        ida,
        jo,
        ann_slots,
        patients: p,
    }
}

#[test]
fn top_orders_by_count_then_minutes_then_id_and_ignores_cancelled() {
    let m = main_fixture();
    let rows = m.desk.clinic.report_top(&m.desk.admin(), day(D)).unwrap();
    // Bob and Zed and Ann have 3; Bob has more minutes; Zed and Ann tie on both and Zed has
    // the lower id (registered first) although Ann sorts first by name. Cy has 2: her
    // cancelled visit would make 3 and 180 minutes (first place) if it counted.
    assert_eq!(
        loads(&rows),
        vec![
            (m.bob, 3, 120),
            (m.zed, 3, 90),
            (m.ann, 3, 90),
            (m.cy, 2, 120),
            (m.hal, 2, 60),
            (m.ida, 2, 60),
            (m.jo, 1, 60),
        ]
    );
    assert!(m.zed < m.ann, "the tie is broken by id, not by name");
    assert_eq!(rows[0].doctor_name, "Dr. Bob Beta");
    assert!(!rows.iter().any(|r| r.doctor_id == m.eve));
}

#[test]
fn top_counts_checked_in_completed_and_no_show_but_not_cancelled() {
    let desk = Fixture::blank("2030-01-07T08:00");
    let doc = desk.add_doctor("Dr. Solo", "Cardiology");
    let p = walk_ins(&desk, 5, "s");
    let slots = desk.declare_slots_of(doc, D, "09:00", "11:30", 30);
    let a: Vec<_> = (0..5).map(|i| desk.book_for(p[i], slots[i])).collect();
    desk.cancel(a[4].id);
    desk.set_now("2030-01-08T10:45");
    desk.set_status(a[0].id, Status::CheckedIn);
    desk.set_status(a[0].id, Status::Completed);
    desk.set_status(a[1].id, Status::NoShow);
    desk.set_status(a[2].id, Status::CheckedIn);
    let rows = desk.clinic.report_top(&desk.admin(), day(D)).unwrap();
    assert_eq!(loads(&rows), vec![(doc, 4, 120)]);
}

#[test]
fn busy_threshold_is_inclusive_in_minutes() {
    let m = main_fixture();
    let busy = |min| {
        loads(
            &m.desk
                .clinic
                .report_busy(&m.desk.admin(), day(D), min)
                .unwrap(),
        )
    };
    // Exactly at the threshold counts; same order as top.
    assert_eq!(busy(120), vec![(m.bob, 3, 120), (m.cy, 2, 120)]);
    assert_eq!(busy(121), vec![]);
    assert_eq!(
        busy(90),
        vec![
            (m.bob, 3, 120),
            (m.zed, 3, 90),
            (m.ann, 3, 90),
            (m.cy, 2, 120)
        ]
    );
    // The seeds' six hours: nobody here.
    assert_eq!(busy(360), vec![]);
}

/// Fay is booked 12 × 30 = 360 minutes; Gus 11 × 30 = 330 plus a cancelled 30.
fn six_hours_fixture() -> (Fixture, DoctorId, DoctorId) {
    let desk = Fixture::blank("2030-01-07T08:00");
    let fay = desk.add_doctor("Dr. Fay Busy", "Cardiology");
    let gus = desk.add_doctor("Dr. Gus Nearly", "Cardiology");
    let p = walk_ins(&desk, 24, "b");
    let fay_slots = desk.declare_slots_of(fay, D, "09:00", "15:00", 30);
    let gus_slots = desk.declare_slots_of(gus, D, "09:00", "15:00", 30);
    for i in 0..12 {
        desk.book_for(p[i], fay_slots[i]);
        let a = desk.book_for(p[12 + i], gus_slots[i]);
        if i == 11 {
            desk.cancel(a.id);
        }
    }
    (desk, fay, gus)
}

#[test]
fn busy_at_six_hours_exactly() {
    let (desk, fay, _gus) = six_hours_fixture();
    let rows = desk.clinic.report_busy(&desk.admin(), day(D), 360).unwrap();
    assert_eq!(loads(&rows), vec![(fay, 12, 360)]);
    assert_eq!(rows[0].doctor_name, "Dr. Fay Busy");
    let rows = desk.clinic.report_busy(&desk.admin(), day(D), 361).unwrap();
    assert!(rows.is_empty());
}

#[test]
fn busy_defaults_to_six_hours_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    let (fay, gus) = {
        let clock = support::clock();
        let c =
            Clinic::open_with_clock(&path, clinic::service::OpenOptions::create(), clock).unwrap();
        c.init_admin("admin", None, || Ok(support::PASSWORD.into()))
            .unwrap();
        let admin = c.login("admin", support::PASSWORD).unwrap().actor;
        let doctor = |name: &str| {
            c.register_doctor(
                &admin,
                &clinic::domain::DoctorInput {
                    full_name: name.into(),
                    specialty: "Cardiology".into(),
                    ..Default::default()
                },
                None,
            )
            .unwrap()
            .id
        };
        let (fay, gus) = (doctor("Dr. Fay Busy"), doctor("Dr. Gus Nearly"));
        for (doc, n) in [(fay, 12), (gus, 11)] {
            let slots = c
                .declare_slots(
                    &admin,
                    doc,
                    day(D),
                    support::hm("09:00"),
                    support::hm("15:00"),
                    Some(30),
                )
                .unwrap();
            for s in &slots[..n] {
                let p = c
                    .register_patient(
                        &admin,
                        &clinic::domain::PatientInput {
                            full_name: format!("Pat {doc}-{}", s.id),
                            ..Default::default()
                        },
                        None,
                    )
                    .unwrap();
                c.book(
                    &admin,
                    &clinic::service::BookRequest {
                        slot: s.id,
                        patient: Some(p.id),
                        reason: None,
                        override_reason: None,
                        visit_type: None,
                    },
                )
                .unwrap();
            }
        }
        (fay, gus)
    };
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = assert_cmd::Command::cargo_bin("clinic")
            .unwrap()
            .env("CLINIC_NOW", "2030-01-07T08:00")
            .env("CLINIC_PASSWORD", support::PASSWORD)
            .env_remove("CLINIC_USER")
            .env_remove("CLINIC_DB")
            .args(["--db", path.to_str().unwrap(), "--user", "admin", "--json"])
            .args(["report", "busy", "--date", D])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let ids = |v: &serde_json::Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["doctor_id"].as_i64().unwrap())
            .collect()
    };
    let default = run(&[]);
    assert_eq!(ids(&default), vec![fay.0]);
    assert_eq!(default[0]["appointments_count"], 12);
    assert_eq!(default[0]["booked_mins"], 360);
    assert_eq!(default[0]["doctor_name"], "Dr. Fay Busy");
    assert_eq!(ids(&run(&["--min-hours", "5.5"])), vec![fay.0, gus.0]);
    assert_eq!(ids(&run(&["--min-hours", "6.01"])), Vec::<i64>::new());
}

#[test]
fn available_counts_free_future_unheld_slots_of_doctors_under_their_limits() {
    let m = main_fixture();
    let avail = || {
        free(
            &m.desk
                .clinic
                .report_available(&m.desk.admin(), day(D))
                .unwrap(),
        )
    };
    // Ann 3 free, Cy 1 (her cancelled visit freed it), Zed 1. Bob is full, Eve inactive,
    // Hal at 2 of 2 appointments, Ida at 60 of 60 minutes, Jo at 60 of 90 with only a
    // 60-minute slot left. Sorted by name.
    assert_eq!(avail(), vec![(m.ann, 3), (m.cy, 1), (m.zed, 1)]);

    // A held slot is not free; once the hold expires it is again.
    m.desk
        .clinic
        .hold(&m.desk.admin(), m.ann_slots[4], Some(m.patients[19]))
        .unwrap();
    assert_eq!(avail(), vec![(m.ann, 2), (m.cy, 1), (m.zed, 1)]);
    m.desk.set_now("2030-01-07T08:16");
    assert_eq!(avail(), vec![(m.ann, 3), (m.cy, 1), (m.zed, 1)]);

    // Reactivating Eve brings her two free slots back.
    m.desk
        .clinic
        .set_doctor_active(&m.desk.admin(), m.eve, true)
        .unwrap();
    assert_eq!(avail(), vec![(m.ann, 3), (m.cy, 1), (m.eve, 2), (m.zed, 1)]);
    let names: Vec<_> = m
        .desk
        .clinic
        .report_available(&m.desk.admin(), day(D))
        .unwrap()
        .into_iter()
        .map(|r| (r.doctor_name, r.specialty))
        .collect();
    assert_eq!(names[1], ("Dr. Cy Gamma".into(), "Dermatology".into()));
    let _ = (m.bob, m.hal, m.ida, m.jo);
}

#[test]
fn available_leaves_out_past_slots() {
    let desk = Fixture::blank("2030-01-07T08:00");
    let doc = desk.add_doctor("Dr. Kay Clock", "Cardiology");
    let p = desk.add_patient("Pat Past", None);
    let slots = desk.declare_slots_of(doc, D, "09:00", "12:00", 30); // 09:00 … 11:30
    desk.book_for(p, slots[5]); // 11:30
    let avail = |now: &str| {
        desk.set_now(now);
        free(&desk.clinic.report_available(&desk.admin(), day(D)).unwrap())
    };
    assert_eq!(avail("2030-01-07T23:59"), vec![(doc, 5)]);
    // At 10:15 the 10:30 and 11:00 slots are ahead; 11:30 is booked.
    assert_eq!(avail("2030-01-08T10:15"), vec![(doc, 2)]);
    // A slot starting right now is past (R5).
    assert_eq!(avail("2030-01-08T10:30"), vec![(doc, 1)]);
    assert_eq!(avail("2030-01-08T11:00"), vec![]);
    // The day is over: nothing is available, whatever was free.
    assert_eq!(avail("2030-01-09T08:00"), vec![]);
}

#[test]
fn utilization_over_a_range() {
    let desk = Fixture::blank("2030-01-07T08:00");
    let ulla = desk.add_doctor("Dr. Ulla Used", "Cardiology");
    let vic = desk.add_doctor("Dr. Vic Vacant", "Cardiology");
    let _wes = desk.add_doctor("Dr. Wes Without", "Cardiology");
    let p = walk_ins(&desk, 5, "u");
    let d8 = desk.declare_slots_of(ulla, "2030-01-08", "09:00", "11:00", 30); // 4 × 30 = 120
    let d9 = desk.declare_slots_of(ulla, "2030-01-09", "09:00", "10:00", 60); // 1 × 60 = 60
    desk.declare_slots_of(vic, "2030-01-08", "09:00", "10:00", 30); // 60, never booked
    let a1 = desk.book_for(p[0], d8[0]);
    let a2 = desk.book_for(p[1], d8[1]);
    let a3 = desk.book_for(p[2], d8[2]);
    desk.cancel(a3.id);
    desk.book_for(p[3], d8[2]); // the freed slot taken again
    desk.book_for(p[4], d9[0]);
    desk.set_now("2030-01-08T12:00");
    desk.set_status(a1.id, Status::CheckedIn);
    desk.set_status(a1.id, Status::Completed);
    desk.set_status(a2.id, Status::NoShow);

    let util = |from: &str, to: &str| -> Vec<UtilizationRow> {
        desk.clinic
            .report_utilization(&desk.admin(), day(from), day(to))
            .unwrap()
    };
    let row = |doctor, declared, booked, pct, count, completed, cancelled, no_shows| {
        (
            doctor, declared, booked, pct, count, completed, cancelled, no_shows,
        )
    };
    let flat = |rows: Vec<UtilizationRow>| {
        rows.into_iter()
            .map(|r| {
                row(
                    r.doctor_id,
                    r.declared_mins,
                    r.booked_mins,
                    r.utilization_pct,
                    r.appointments_count,
                    r.completed,
                    r.cancelled,
                    r.no_shows,
                )
            })
            .collect::<Vec<_>>()
    };
    // Both days: Ulla declared 180, booked 30 + 30 (no-show) + 30 (rebooked) + 60 = 150.
    assert_eq!(
        flat(util("2030-01-08", "2030-01-09")),
        vec![
            row(ulla, 180, 150, 83.3, 4, 1, 1, 1),
            row(vic, 60, 0, 0.0, 0, 0, 0, 0),
        ]
    );
    assert_eq!(
        flat(util("2030-01-08", "2030-01-08")),
        vec![
            row(ulla, 120, 90, 75.0, 3, 1, 1, 1),
            row(vic, 60, 0, 0.0, 0, 0, 0, 0),
        ]
    );
    assert_eq!(
        flat(util("2030-01-09", "2030-01-09")),
        vec![row(ulla, 60, 60, 100.0, 1, 0, 0, 0)]
    );
    // A range reaching past the data still counts what lies inside it.
    assert_eq!(
        flat(util("2030-01-01", "2030-01-31"))[0],
        row(ulla, 180, 150, 83.3, 4, 1, 1, 1)
    );
    assert!(util("2030-01-10", "2030-01-12").is_empty());
    assert_eq!(
        kind_of(desk.clinic.report_utilization(
            &desk.admin(),
            day("2030-01-09"),
            day("2030-01-08")
        )),
        ErrorKind::Invalid
    );
}

#[test]
fn utilization_of_a_day_with_only_cancelled_visits_books_nothing() {
    let desk = Fixture::blank("2030-01-07T08:00");
    let doc = desk.add_doctor("Dr. Cancelled Only", "Cardiology");
    let p = walk_ins(&desk, 2, "c");
    let slots = desk.declare_slots_of(doc, D, "09:00", "10:00", 30);
    for (i, &s) in slots.iter().enumerate() {
        let a = desk.book_for(p[i], s);
        desk.cancel(a.id);
    }
    let rows = desk
        .clinic
        .report_utilization(&desk.admin(), day(D), day(D))
        .unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (
            r.declared_mins,
            r.booked_mins,
            r.utilization_pct,
            r.appointments_count,
            r.cancelled
        ),
        (60, 0, 0.0, 0, 2)
    );
}

#[test]
fn day_sheet_groups_by_doctor_then_time_with_phones() {
    let m = main_fixture();
    let rows = m.desk.clinic.day_sheet(&m.desk.admin(), day(D)).unwrap();
    let got: Vec<(DoctorId, String)> = rows
        .iter()
        .map(|a| (a.doctor_id, a.start.format("%H:%M").to_string()))
        .collect();
    let expect: Vec<(DoctorId, &str)> = vec![
        (m.ann, "09:00"),
        (m.ann, "09:30"),
        (m.ann, "10:00"),
        (m.bob, "09:00"),
        (m.bob, "09:30"),
        (m.bob, "10:00"),
        (m.cy, "09:00"),
        (m.cy, "10:00"),
        (m.hal, "09:00"),
        (m.hal, "09:30"),
        (m.ida, "09:00"),
        (m.ida, "09:30"),
        (m.jo, "09:00"),
        (m.zed, "13:00"),
        (m.zed, "13:30"),
        (m.zed, "14:00"),
    ];
    let expect: Vec<(DoctorId, String)> = expect
        .into_iter()
        .map(|(d, t)| (d, t.to_string()))
        .collect();
    assert_eq!(
        got, expect,
        "grouped by doctor name, then time; no cancelled visit"
    );
    assert!(rows.iter().all(|a| a.status != Status::Cancelled));
    // Every line carries the patient's phone as registered.
    for a in &rows {
        let patient = m
            .desk
            .clinic
            .patient(&m.desk.admin(), a.patient_id)
            .unwrap();
        assert!(a.patient_phone.is_some());
        assert_eq!(a.patient_phone, patient.phone);
        assert_eq!(a.patient_name, patient.full_name);
    }
    // The day before and after have nothing.
    assert!(
        m.desk
            .clinic
            .day_sheet(&m.desk.admin(), day("2030-01-09"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_empty_day_is_an_empty_list_for_every_report() {
    let m = main_fixture();
    let (c, admin) = (&m.desk.clinic, &m.desk.admin());
    for d in ["2030-01-07", "2030-01-09", "2031-06-30"] {
        let d = day(d);
        assert!(c.report_top(admin, d).unwrap().is_empty());
        assert!(c.report_busy(admin, d, 360).unwrap().is_empty());
        assert!(c.report_busy(admin, d, 0).unwrap().is_empty());
        assert!(c.report_available(admin, d).unwrap().is_empty());
        assert!(c.report_utilization(admin, d, d).unwrap().is_empty());
        assert!(c.day_sheet(admin, d).unwrap().is_empty());
    }
    // A clinic with no doctors at all.
    let empty = Fixture::blank("2030-01-07T08:00");
    let (c, admin) = (&empty.clinic, &empty.admin());
    let d = day(D);
    assert!(c.report_top(admin, d).unwrap().is_empty());
    assert!(c.report_busy(admin, d, 360).unwrap().is_empty());
    assert!(c.report_available(admin, d).unwrap().is_empty());
    assert!(c.report_utilization(admin, d, d).unwrap().is_empty());
    assert!(c.day_sheet(admin, d).unwrap().is_empty());
}

#[test]
fn a_day_whose_only_visit_was_cancelled_has_no_load() {
    let desk = Fixture::blank("2030-01-07T08:00");
    let doc = desk.add_doctor("Dr. Quiet", "Cardiology");
    let p = desk.add_patient("Pat Gone", Some("+1 555 0199"));
    let slots = desk.declare_slots_of(doc, D, "09:00", "09:30", 30);
    let a = desk.book_for(p, slots[0]);
    desk.cancel(a.id);
    let (c, admin, d) = (&desk.clinic, &desk.admin(), day(D));
    assert!(c.report_top(admin, d).unwrap().is_empty());
    assert!(c.report_busy(admin, d, 0).unwrap().is_empty());
    assert!(c.day_sheet(admin, d).unwrap().is_empty());
    // Its slot is free again.
    assert_eq!(free(&c.report_available(admin, d).unwrap()), vec![(doc, 1)]);
}

#[test]
fn reports_are_for_the_front_desk_only() {
    let desk = Fixture::blank("2030-01-07T08:00");
    let (_doc, doctor) = desk.add_doctor_login("Dr. Curious", "Cardiology", "curious");
    let (_p, patient) = desk.add_patient_login("Pat Nosy", "nosy");
    let d = day(D);
    let c = &desk.clinic;
    for (actor, expected) in [
        (&patient, ErrorKind::Forbidden),
        (&doctor, ErrorKind::Forbidden),
        (&Actor::Guest, ErrorKind::Auth),
    ] {
        assert_eq!(kind_of(c.report_top(actor, d)), expected, "{actor:?} top");
        assert_eq!(
            kind_of(c.report_busy(actor, d, 360)),
            expected,
            "{actor:?} busy"
        );
        assert_eq!(
            kind_of(c.report_available(actor, d)),
            expected,
            "{actor:?} available"
        );
        assert_eq!(
            kind_of(c.report_utilization(actor, d, d)),
            expected,
            "{actor:?} utilization"
        );
        assert_eq!(
            kind_of(c.day_sheet(actor, d)),
            expected,
            "{actor:?} day sheet"
        );
        assert_eq!(kind_of(c.export_csv(actor, d)), expected, "{actor:?} csv");
    }
    assert!(c.report_top(&desk.admin(), d).is_ok());
}

#[test]
fn the_demo_clinic_shows_something_in_every_report_today() {
    // Before opening, mid-morning and late in the afternoon.
    for now in ["2030-01-07T08:00", "2030-01-07T11:00", "2030-01-07T19:00"] {
        let clock = std::sync::Arc::new(clinic::clock::FixedClock::new(at(now)));
        let c = Clinic::in_memory(clock).unwrap();
        clinic::demo::generate(&c, clinic::demo::DemoSpec::default()).unwrap();
        let admin = c.login("admin", clinic::demo::DEMO_PASSWORD).unwrap().actor;
        let today = day("2030-01-07");
        let top = c.report_top(&admin, today).unwrap();
        let busy = c.report_busy(&admin, today, 360).unwrap();
        let available = c.report_available(&admin, today).unwrap();
        let week = c
            .report_utilization(&admin, day("2029-12-31"), today)
            .unwrap();
        let sheet = c.day_sheet(&admin, today).unwrap();
        assert!(!top.is_empty(), "{now}: top");
        assert!(!busy.is_empty(), "{now}: busy");
        assert!(!available.is_empty(), "{now}: available");
        assert!(
            week.iter().any(|r| r.booked_mins > 0 && r.completed > 0),
            "{now}: utilization"
        );
        assert!(!sheet.is_empty(), "{now}: day sheet");
        // Every report agrees with the day sheet.
        let sheet_count = sheet.len() as u32;
        assert_eq!(
            top.iter().map(|r| r.appointments_count).sum::<u32>(),
            sheet_count
        );
        assert!(busy.iter().all(|r| r.booked_mins >= 360));
        assert!(available.iter().all(|r| r.free_slots > 0));
        assert!(c.check().unwrap().into_result().is_ok());
    }
}
