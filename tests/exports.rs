//! Exports through real parsers: the iCalendar export (RFC 5545) read back with the
//! `icalendar` crate's parser, the day sheet CSV with the `csv` crate; what each may
//! contain, and who may export what.

mod support;

use chrono::{Local, NaiveDateTime, TimeZone, Utc};
use clinic::ErrorKind;
use clinic::domain::{Actor, Appointment, DoctorId, PatientId};
use clinic::service::CalendarOf;
use icalendar::parser::{read_calendar, unfold};
use support::clinic::Fixture;
use support::{at, day, kind_of};

const D: &str = "2030-01-08";
const JO: &str = "Smith, \"Jo\"";
const DOC: &str = "Dr. Ics, MD";

/// Now 2030-01-07T08:00. Dr. Ics (Cardiology, with a login) has on D:
/// 09:00 Jo, 09:30 Olive, 10:00 Jo, 10:30 Olive (cancelled); Dr. Two has Jo at 11:00 and
/// Olive at 09:00 the day after. Jo's name has a comma and quotes, so does the doctor's.
struct Fx {
    desk: Fixture,
    ics: (DoctorId, Actor),
    two: DoctorId,
    jo: (PatientId, Actor),
    olive: PatientId,
    appts: Vec<Appointment>,
    cancelled: Appointment,
}

fn fixture() -> Fx {
    let desk = Fixture::blank("2030-01-07T08:00");
    let ics = desk.add_doctor_login(DOC, "Cardiology", "drics");
    let two = desk.add_doctor("Dr. Two", "Dermatology");
    let jo = desk.add_patient_login(JO, "jo-smith");
    let olive = desk.add_patient("Olive Other", Some("+1 555 0123"));
    let s = desk.declare_slots_of(ics.0, D, "09:00", "11:00", 30);
    let t = desk.declare_slots_of(two, D, "11:00", "11:30", 30);
    let u = desk.declare_slots_of(two, "2030-01-09", "09:00", "09:30", 30);
    let mut appts = vec![
        desk.book_for(jo.0, s[0]),
        desk.book_for(olive, s[1]),
        desk.book_for(jo.0, s[2]),
    ];
    let cancelled = desk.book_for(olive, s[3]);
    desk.cancel(cancelled.id);
    appts.push(desk.book_for(jo.0, t[0]));
    appts.push(desk.book_for(olive, u[0]));
    Fx {
        desk,
        ics,
        two,
        jo,
        olive,
        appts,
        cancelled,
    }
}

/// `YYYYMMDDTHHMMSSZ` of a clinic-local time, by chrono's Local rules.
fn utc_text(t: NaiveDateTime) -> String {
    Local
        .from_local_datetime(&t)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// One parsed VEVENT: UID, DTSTAMP, DTSTART, DTEND, SUMMARY, DESCRIPTION (unescaped).
#[derive(Debug, Clone, PartialEq)]
struct Ev {
    uid: String,
    stamp: String,
    start: String,
    end: String,
    summary: String,
    description: String,
}

fn events(text: &str) -> Vec<Ev> {
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).expect("the export parses as iCalendar");
    let prop = |c: &icalendar::parser::Component<'_>, name: &str| -> String {
        let p = c
            .find_prop(name)
            .unwrap_or_else(|| panic!("VEVENT without {name}"));
        assert!(p.params.is_empty(), "{name} has parameters (e.g. TZID)");
        p.val.clone().unescape_text().as_str().to_string()
    };
    assert!(cal.properties.iter().any(|p| p.name == "VERSION"));
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| Ev {
            uid: prop(c, "UID"),
            stamp: prop(c, "DTSTAMP"),
            start: prop(c, "DTSTART"),
            end: prop(c, "DTEND"),
            summary: prop(c, "SUMMARY"),
            description: prop(c, "DESCRIPTION"),
        })
        .collect()
}

fn check_times(evs: &[Ev], expected: &[&Appointment], now: NaiveDateTime) {
    assert_eq!(
        evs.len(),
        expected.len(),
        "one VEVENT per active appointment"
    );
    for (e, a) in evs.iter().zip(expected) {
        assert_eq!(e.uid, format!("appointment-{}@clinic", a.id));
        assert_eq!(e.start, utc_text(a.start), "DTSTART of {}", a.id);
        assert_eq!(e.end, utc_text(a.end), "DTEND of {}", a.id);
        assert_eq!(e.stamp, utc_text(now));
        for t in [&e.start, &e.end, &e.stamp] {
            assert!(t.ends_with('Z') && t.len() == 16, "{t} is UTC");
        }
    }
}

#[test]
fn a_doctors_calendar_has_every_active_appointment_and_no_patient() {
    let fx = fixture();
    let text = fx
        .desk
        .clinic
        .export_ics(&fx.ics.1, CalendarOf::Doctor(fx.ics.0), None, None)
        .unwrap();
    assert!(text.contains("\r\n"), "CRLF line endings");
    let evs = events(&text);
    let mine = [&fx.appts[0], &fx.appts[1], &fx.appts[2]];
    check_times(&evs, &mine, at("2030-01-07T08:00"));
    assert!(evs.iter().all(|e| e.summary == "Appointment (30 min)"));
    // The cancelled one is gone; no patient name, phone or id text anywhere.
    let unfolded = unfold(&text);
    assert!(!unfolded.contains(&format!("appointment-{}@", fx.cancelled.id)));
    for secret in ["Smith", "Jo\"", "Olive", "555 0123", "+1 555"] {
        assert!(
            !unfolded.contains(secret),
            "{secret} leaked into {unfolded}"
        );
    }
    // The admin gets the same calendar.
    let by_admin = fx
        .desk
        .clinic
        .export_ics(&fx.desk.admin(), CalendarOf::Doctor(fx.ics.0), None, None)
        .unwrap();
    assert_eq!(events(&by_admin), evs);
}

#[test]
fn a_patients_calendar_has_their_own_appointments_only() {
    let fx = fixture();
    let text = fx
        .desk
        .clinic
        .export_ics(&fx.jo.1, CalendarOf::Patient(fx.jo.0), None, None)
        .unwrap();
    let evs = events(&text);
    let mine = [&fx.appts[0], &fx.appts[2], &fx.appts[3]];
    check_times(&evs, &mine, at("2030-01-07T08:00"));
    // Summaries name the doctor (escaped comma round-trips) and the specialty.
    assert_eq!(evs[0].summary, "Dr. Ics, MD (Cardiology)");
    assert_eq!(evs[2].summary, "Dr. Two (Dermatology)");
    // Nothing of Olive: not her name, phone, or her appointments' ids.
    let unfolded = unfold(&text);
    assert!(!unfolded.contains("Olive"));
    assert!(!unfolded.contains("555 0123"));
    for other in [&fx.appts[1], &fx.appts[4], &fx.cancelled] {
        assert!(!unfolded.contains(&format!("appointment-{}@", other.id)));
        assert!(!evs.iter().any(|e| {
            e.description
                .contains(&format!("Appointment {} ", other.id))
        }));
    }
}

#[test]
fn a_date_range_narrows_the_calendar() {
    let fx = fixture();
    let c = &fx.desk.clinic;
    let admin = &fx.desk.admin();
    let olive = CalendarOf::Patient(fx.olive);
    let all = events(&c.export_ics(admin, olive, None, None).unwrap());
    assert_eq!(all.len(), 2);
    let d9 = Some(day("2030-01-09"));
    let only_9 = events(&c.export_ics(admin, olive, d9, d9).unwrap());
    assert_eq!(only_9.len(), 1);
    assert_eq!(
        only_9[0].uid,
        format!("appointment-{}@clinic", fx.appts[4].id)
    );
    let until_8 = events(&c.export_ics(admin, olive, None, Some(day(D))).unwrap());
    assert_eq!(until_8.len(), 1);
    assert_eq!(
        until_8[0].uid,
        format!("appointment-{}@clinic", fx.appts[1].id)
    );
    // An empty calendar still parses.
    let later = Some(day("2030-02-01"));
    assert!(events(&c.export_ics(admin, olive, later, None).unwrap()).is_empty());
    assert_eq!(
        kind_of(c.export_ics(admin, olive, d9, Some(day(D)))),
        ErrorKind::Invalid
    );
}

#[test]
fn appointments_that_happened_stay_and_cancelled_ones_do_not() {
    let fx = fixture();
    fx.desk.set_now("2030-01-08T12:00");
    fx.desk
        .set_status(fx.appts[0].id, clinic::domain::Status::NoShow);
    fx.desk
        .set_status(fx.appts[2].id, clinic::domain::Status::CheckedIn);
    fx.desk
        .set_status(fx.appts[2].id, clinic::domain::Status::Completed);
    fx.desk.cancel(fx.appts[4].id);
    let evs = events(
        &fx.desk
            .clinic
            .export_ics(&fx.desk.admin(), CalendarOf::Patient(fx.olive), None, None)
            .unwrap(),
    );
    check_times(&evs, &[&fx.appts[1]], at("2030-01-08T12:00"));
    let evs = events(
        &fx.desk
            .clinic
            .export_ics(&fx.jo.1, CalendarOf::Patient(fx.jo.0), None, None)
            .unwrap(),
    );
    assert_eq!(evs.len(), 3);
}

#[test]
fn who_may_export_a_calendar() {
    let fx = fixture();
    let c = &fx.desk.clinic;
    let (olive_login, olive) = {
        let p = fx.desk.add_patient_login("Olive Second", "olive2");
        (p.1, p.0)
    };
    let doc = CalendarOf::Doctor(fx.ics.0);
    let two = CalendarOf::Doctor(fx.two);
    let jo = CalendarOf::Patient(fx.jo.0);
    // A doctor: own calendar only, never a patient's (not even their own patient's).
    assert!(c.export_ics(&fx.ics.1, doc, None, None).is_ok());
    assert_eq!(
        kind_of(c.export_ics(&fx.ics.1, two, None, None)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.export_ics(&fx.ics.1, jo, None, None)),
        ErrorKind::Forbidden
    );
    // A patient: own calendar only.
    assert!(c.export_ics(&fx.jo.1, jo, None, None).is_ok());
    assert_eq!(
        kind_of(c.export_ics(&olive_login, jo, None, None)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.export_ics(&fx.jo.1, doc, None, None)),
        ErrorKind::Forbidden
    );
    assert!(
        c.export_ics(&olive_login, CalendarOf::Patient(olive), None, None)
            .is_ok()
    );
    // Guests: sign in. The desk: anyone's; an unknown id is not found.
    for of in [doc, jo] {
        assert_eq!(
            kind_of(c.export_ics(&Actor::Guest, of, None, None)),
            ErrorKind::Auth
        );
        assert!(c.export_ics(&fx.desk.admin(), of, None, None).is_ok());
    }
    assert_eq!(
        kind_of(c.export_ics(
            &fx.desk.admin(),
            CalendarOf::Doctor(DoctorId(999)),
            None,
            None
        )),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.export_ics(
            &fx.desk.admin(),
            CalendarOf::Patient(PatientId(999)),
            None,
            None
        )),
        ErrorKind::NotFound
    );
}

const HEADER: [&str; 14] = [
    "doctor_id",
    "doctor_name",
    "specialty",
    "start",
    "end",
    "duration",
    "appointment_id",
    "status",
    "arrival",
    "wait_minutes",
    "patient_id",
    "patient_name",
    "patient_phone",
    "reason",
];

#[test]
fn the_day_sheet_csv_round_trips_through_a_csv_parser() {
    let fx = fixture();
    // A reason with a comma, quotes and a semicolon on one more booking.
    let s = fx.desk.declare_slots_of(fx.two, D, "12:00", "12:30", 30)[0];
    let reason = "pain, \"sharp\"; left knee";
    let extra = fx
        .desk
        .clinic
        .book(
            &fx.desk.admin(),
            &clinic::service::BookRequest {
                slot: s,
                patient: Some(fx.olive),
                reason: Some(reason.into()),
                override_reason: None,
                visit_type: None,
            },
        )
        .unwrap();
    let text = fx.desk.clinic.export_csv(&fx.desk.admin(), day(D)).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // D's active appointments, by doctor name then time; not the cancelled one, not D+1.
    let expected = [
        &fx.appts[0],
        &fx.appts[1],
        &fx.appts[2],
        &fx.appts[3],
        &extra,
    ];
    assert_eq!(rows.len(), expected.len());
    for (row, a) in rows.iter().zip(expected) {
        assert_eq!(row.len(), HEADER.len());
        let f = |name: &str| {
            row.get(HEADER.iter().position(|h| *h == name).unwrap())
                .unwrap()
        };
        assert_eq!(f("appointment_id"), a.id.to_string());
        assert_eq!(f("doctor_id"), a.doctor_id.to_string());
        assert_eq!(f("doctor_name"), a.doctor_name);
        assert_eq!(f("specialty"), a.specialty);
        assert_eq!(f("start"), a.start.format("%Y-%m-%dT%H:%M").to_string());
        assert_eq!(f("end"), a.end.format("%Y-%m-%dT%H:%M").to_string());
        assert_eq!(f("duration"), "30");
        assert_eq!(f("status"), "booked");
        assert_eq!(
            (f("arrival"), f("wait_minutes")),
            ("", ""),
            "not arrived yet"
        );
        assert_eq!(f("patient_id"), a.patient_id.to_string());
        assert_eq!(f("patient_name"), a.patient_name);
        // A leading + would make a spreadsheet read a formula: the cell is quoted.
        assert_eq!(
            f("patient_phone"),
            format!("'{}", a.patient_phone.clone().unwrap_or_default())
        );
        assert_eq!(f("reason"), a.reason.clone().unwrap_or_default());
    }
    // The awkward names and the reason came back exactly.
    assert_eq!(rows[0].get(1), Some(DOC));
    assert_eq!(rows[0].get(11), Some(JO));
    assert_eq!(rows[1].get(11), Some("Olive Other"));
    assert_eq!(rows[1].get(12), Some("'+1 555 0123"));
    assert_eq!(rows[4].get(13), Some(reason));
    assert!(
        rows.iter()
            .all(|r| r.get(6) != Some(fx.cancelled.id.to_string().as_str()))
    );
}

#[test]
fn an_empty_day_is_a_header_only_csv_and_only_the_desk_exports_it() {
    let fx = fixture();
    let c = &fx.desk.clinic;
    let text = c.export_csv(&fx.desk.admin(), day("2030-01-10")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        &csv::StringRecord::from(HEADER.to_vec())
    );
    assert_eq!(reader.records().count(), 0);
    assert_eq!(
        kind_of(c.export_csv(&fx.ics.1, day(D))),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.export_csv(&fx.jo.1, day(D))),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.export_csv(&Actor::Guest, day(D))),
        ErrorKind::Auth
    );
}

/// The binary in another time zone: clinic-local times become UTC with that zone's rules,
/// winter and summer (New York: UTC−5, daylight time UTC−4).
#[test]
fn the_command_line_export_converts_with_the_local_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    let (doctor, winter, summer) = {
        let clock = support::clock();
        let c =
            clinic::Clinic::open_with_clock(&path, clinic::service::OpenOptions::create(), clock)
                .unwrap();
        c.init_admin("admin", None, || Ok(support::PASSWORD.into()))
            .unwrap();
        let admin = c.login("admin", support::PASSWORD).unwrap().actor;
        let doctor = c
            .register_doctor(
                &admin,
                &clinic::domain::DoctorInput {
                    full_name: "Dr. Zone".into(),
                    specialty: "Cardiology".into(),
                    ..Default::default()
                },
                None,
            )
            .unwrap()
            .id;
        let patient = c
            .register_patient(
                &admin,
                &clinic::domain::PatientInput {
                    full_name: "Pat Zone".into(),
                    ..Default::default()
                },
                None,
            )
            .unwrap()
            .id;
        let book = |date: &str| {
            let slot = c
                .declare_slots(
                    &admin,
                    doctor,
                    day(date),
                    support::hm("09:00"),
                    support::hm("09:30"),
                    Some(30),
                )
                .unwrap()[0]
                .id;
            c.book(
                &admin,
                &clinic::service::BookRequest {
                    slot,
                    patient: Some(patient),
                    reason: None,
                    override_reason: None,
                    visit_type: None,
                },
            )
            .unwrap()
            .id
        };
        (doctor, book("2030-01-08"), book("2030-07-08"))
    };
    let out = assert_cmd::Command::cargo_bin("clinic")
        .unwrap()
        .env("TZ", "America/New_York")
        .env("CLINIC_NOW", "2030-01-07T08:00")
        .env("CLINIC_PASSWORD", support::PASSWORD)
        .env_remove("CLINIC_USER")
        .env_remove("CLINIC_DB")
        .args(["--db", path.to_str().unwrap(), "--user", "admin"])
        .args(["export", "ics", "--doctor", &doctor.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let evs = events(&text);
    assert_eq!(evs.len(), 2);
    assert_eq!(evs[0].uid, format!("appointment-{winter}@clinic"));
    assert_eq!(evs[0].start, "20300108T140000Z");
    assert_eq!(evs[0].end, "20300108T143000Z");
    assert_eq!(evs[0].stamp, "20300107T130000Z");
    assert_eq!(evs[1].uid, format!("appointment-{summer}@clinic"));
    assert_eq!(evs[1].start, "20300708T130000Z");
    assert_eq!(evs[1].end, "20300708T133000Z");
}
