//! The FHIR R4 export (SPEC §13) read back as JSON: every reference resolves inside the
//! export, the statuses map as the SPEC says, ids are stable, a patient sees only their own
//! record, and a real validator (the `fhir.resources` R4 models, `tests/fhir/validate.py`)
//! accepts it. `.ci/run` installs the validator and sets `CLINIC_FHIR_PYTHON` to the Python
//! that has it, and `CLINIC_REQUIRE_FHIR_VALIDATOR=1` so that a missing one fails the run.

mod support;

use clinic::ErrorKind;
use clinic::domain::{Actor, AppointmentId, Status};
use clinic::service::FhirFormat;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use support::clinic::{ANN, BOB, CYD, Fixture, GREY, HOUSE, MONDAY, TUESDAY, WHO};
use support::kind_of;

fn export(
    f: &Fixture,
    actor: &Actor,
    range: (Option<&str>, Option<&str>),
    format: FhirFormat,
) -> Vec<u8> {
    let mut out = Vec::new();
    f.clinic
        .export_fhir(
            actor,
            (range.0.map(support::day), range.1.map(support::day)),
            format,
            &mut out,
        )
        .expect("export");
    out
}

/// The resources of a bundle, checked to be one of type `collection`.
fn entries(bytes: &[u8]) -> Vec<Value> {
    let bundle: Value = serde_json::from_slice(bytes).expect("the bundle is JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    assert!(bundle["timestamp"].as_str().unwrap().ends_with('Z'));
    bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["resource"].clone())
        .collect()
}

fn ndjson(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one resource a line"))
        .collect()
}

fn key(r: &Value) -> String {
    format!(
        "{}/{}",
        r["resourceType"].as_str().unwrap(),
        r["id"].as_str().unwrap()
    )
}

/// Every `"reference"` anywhere under `v`.
fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("reference", Value::String(s)) => out.push(s.clone()),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Ids are unique and every reference names a resource of the export.
fn assert_closed(resources: &[Value]) -> HashMap<String, Value> {
    let mut by_key = HashMap::new();
    for r in resources {
        assert!(
            by_key.insert(key(r), r.clone()).is_none(),
            "{} twice",
            key(r)
        );
    }
    for r in resources {
        let mut refs = Vec::new();
        references(r, &mut refs);
        for target in refs {
            assert!(
                by_key.contains_key(&target),
                "{} refers to {target}, not in the export",
                key(r)
            );
        }
    }
    by_key
}

fn of_type<'a>(resources: &'a [Value], kind: &str) -> Vec<&'a Value> {
    resources
        .iter()
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

/// The real validator's verdict on `bytes` (success, what it said), when there is one; there
/// always is in `.ci/run`.
fn verdict(bytes: &[u8]) -> Option<(bool, String)> {
    let python = std::env::var("CLINIC_FHIR_PYTHON").ok();
    let required = std::env::var("CLINIC_REQUIRE_FHIR_VALIDATOR").is_ok_and(|v| v == "1");
    let Some(python) = python else {
        assert!(
            !required,
            "CLINIC_REQUIRE_FHIR_VALIDATOR=1 but CLINIC_FHIR_PYTHON is not set"
        );
        eprintln!("no FHIR validator: set CLINIC_FHIR_PYTHON to a Python with fhir.resources 6.4");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    std::fs::write(&file, bytes).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir/validate.py");
    let run = std::process::Command::new(&python)
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    Some((run.status.success(), said))
}

fn validate(bytes: &[u8]) {
    if let Some((valid, said)) = verdict(bytes) {
        assert!(valid, "the validator refused the export:\n{said}");
        assert!(said.starts_with("valid: "), "{said}");
    }
}

/// Monday's visits in every status, a held slot on Tuesday, and a typed visit.
struct Day {
    f: Fixture,
    booked: AppointmentId,
    arrived: AppointmentId,
    done: AppointmentId,
    missed: AppointmentId,
    cancelled: AppointmentId,
    held: clinic::domain::SlotId,
}

fn day_of_every_status() -> Day {
    let f = Fixture::new();
    let booked = f
        .book_for(f.patient_id(ANN), f.slot(HOUSE, "2030-01-07T11:30"))
        .id;
    let arrived = f
        .book_for(f.patient_id(ANN), f.slot(HOUSE, "2030-01-07T09:00"))
        .id;
    let done = f
        .book_for(f.patient_id(BOB), f.slot(GREY, "2030-01-07T09:00"))
        .id;
    let missed = f
        .book_for(f.patient_id(CYD), f.slot(WHO, "2030-01-07T09:00"))
        .id;
    let cancelled = f
        .book_for(f.patient_id(BOB), f.slot(HOUSE, "2030-01-07T10:00"))
        .id;
    f.clinic
        .cancel(&f.admin(), cancelled, Some("patient has the flu"))
        .unwrap();
    f.set_now("2030-01-07T09:40");
    f.set_status(arrived, Status::CheckedIn);
    f.set_status(done, Status::CheckedIn);
    f.set_status(done, Status::Completed);
    f.set_status(missed, Status::NoShow);
    let held = f.slot_of(f.doctor_id(WHO), "2030-01-08T10:00");
    f.clinic
        .hold(&f.admin(), held, Some(f.patient_id(CYD)))
        .unwrap();
    Day {
        f,
        booked,
        arrived,
        done,
        missed,
        cancelled,
        held,
    }
}

#[test]
fn the_clinics_bundle_holds_every_record_with_statuses_as_the_spec_maps_them() {
    let d = day_of_every_status();
    let bytes = export(&d.f, &d.f.admin(), (None, None), FhirFormat::Bundle);
    let all = entries(&bytes);
    let by_key = assert_closed(&all);
    assert_eq!(of_type(&all, "Practitioner").len(), 3);
    assert_eq!(of_type(&all, "Schedule").len(), 3, "one schedule a doctor");
    assert_eq!(of_type(&all, "Patient").len(), 3);
    assert_eq!(of_type(&all, "Slot").len(), 36);
    assert_eq!(of_type(&all, "Appointment").len(), 5);

    let appt = |id: AppointmentId| &by_key[&format!("Appointment/{id}")];
    for (id, status) in [
        (d.booked, "booked"),
        (d.arrived, "checked-in"),
        (d.done, "fulfilled"),
        (d.cancelled, "cancelled"),
        (d.missed, "noshow"),
    ] {
        assert_eq!(appt(id)["status"], status, "appointment {id}");
        let back = clinic::fhir::map::status_from_fhir(status).unwrap();
        assert_eq!(
            back,
            d.f.status(id),
            "{status} reads back as the clinic's status"
        );
    }
    let cancelled = appt(d.cancelled);
    assert_eq!(
        cancelled["cancelationReason"]["text"],
        "patient has the flu"
    );
    assert!(appt(d.booked).get("cancelationReason").is_none());

    // Participants: the patient and the practitioner, by reference.
    let booked = appt(d.booked);
    let actors: Vec<&str> = booked["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["actor"]["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors,
        [
            format!("Patient/{}", d.f.patient_id(ANN)),
            format!("Practitioner/{}", d.f.doctor_id(HOUSE))
        ]
    );
    assert_eq!(
        booked["start"], "2030-01-07T11:30:00Z",
        "the tests' zone is UTC"
    );
    assert_eq!(booked["end"], "2030-01-07T12:00:00Z");
    assert_eq!(booked["minutesDuration"], 30);
    assert_eq!(
        booked["slot"][0]["reference"],
        format!("Slot/{}", d.f.slot(HOUSE, "2030-01-07T11:30"))
    );

    // Slots: free, busy for a booked one, busy-tentative while held.
    let slot = |id| by_key[&format!("Slot/{id}")]["status"].clone();
    assert_eq!(slot(d.held), "busy-tentative");
    assert_eq!(slot(d.f.slot(HOUSE, "2030-01-07T11:30")), "busy");
    assert_eq!(slot(d.f.slot(GREY, "2030-01-07T11:30")), "free");
    assert_eq!(
        by_key[&format!("Slot/{}", d.held)]["schedule"]["reference"],
        format!("Schedule/{}", d.f.doctor_id(WHO))
    );
    validate(&bytes);
}

#[test]
fn a_typed_visit_carries_its_service_type_and_every_slot_it_covers() {
    let f = Fixture::new();
    let long = f
        .clinic
        .add_visit_type(
            &f.admin(),
            &clinic::domain::VisitTypeInput {
                name: Some("Long consultation".into()),
                minutes: Some(60),
                ..Default::default()
            },
        )
        .unwrap();
    let mut request =
        support::clinic::request(f.slot(HOUSE, "2030-01-07T09:00"), Some(f.patient_id(ANN)));
    request.visit_type = Some(long.id);
    let a = f.clinic.book(&f.admin(), &request).unwrap();
    let bytes = export(&f, &f.admin(), (None, None), FhirFormat::Bundle);
    let all = entries(&bytes);
    let by_key = assert_closed(&all);
    let visit = &by_key[&format!("Appointment/{}", a.id)];
    assert_eq!(visit["serviceType"][0]["text"], "Long consultation");
    assert_eq!(visit["minutesDuration"], 60);
    let covered: Vec<&str> = visit["slot"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        covered,
        [
            format!("Slot/{}", f.slot(HOUSE, "2030-01-07T09:00")),
            format!("Slot/{}", f.slot(HOUSE, "2030-01-07T09:30"))
        ]
    );
    validate(&bytes);
}

#[test]
fn ids_are_the_clinics_own_and_the_same_in_every_export_and_in_ndjson() {
    let d = day_of_every_status();
    let first = entries(&export(
        &d.f,
        &d.f.admin(),
        (None, None),
        FhirFormat::Bundle,
    ));
    d.f.book_for(d.f.patient_id(CYD), d.f.slot(GREY, "2030-01-07T11:00"));
    let second = entries(&export(
        &d.f,
        &d.f.admin(),
        (None, None),
        FhirFormat::Bundle,
    ));
    let keys = |rs: &[Value]| rs.iter().map(key).collect::<HashSet<_>>();
    assert!(
        keys(&first).is_subset(&keys(&second)),
        "the same records keep their ids"
    );
    assert_eq!(
        keys(&second).len(),
        keys(&first).len() + 1,
        "one more appointment"
    );
    let p = d.f.patient_id(ANN);
    let ann = second
        .iter()
        .find(|r| key(r) == format!("Patient/{p}"))
        .unwrap();
    assert_eq!(ann["identifier"][0]["system"], "urn:clinic:patient");
    assert_eq!(ann["identifier"][0]["value"], p.to_string());
    assert_eq!(ann["name"][0]["text"], "Ann Archer");

    let lines_bytes = export(&d.f, &d.f.admin(), (None, None), FhirFormat::Ndjson);
    let lines = ndjson(&lines_bytes);
    assert_eq!(
        lines, second,
        "NDJSON holds the bundle's resources, one a line, in order"
    );
    assert_closed(&lines);
    validate(&lines_bytes);
}

#[test]
fn a_range_keeps_the_visits_and_slots_of_its_days_and_their_patients() {
    let d = day_of_every_status();
    let tuesday =
        d.f.book_for(d.f.patient_id(BOB), d.f.slot(GREY, "2030-01-08T09:00"))
            .id;
    let t = TUESDAY.to_string();
    let bytes = export(&d.f, &d.f.admin(), (Some(&t), Some(&t)), FhirFormat::Bundle);
    let all = entries(&bytes);
    assert_closed(&all);
    let visits: Vec<String> = of_type(&all, "Appointment")
        .iter()
        .map(|r| key(r))
        .collect();
    assert_eq!(visits, [format!("Appointment/{tuesday}")]);
    assert_eq!(of_type(&all, "Slot").len(), 18, "Tuesday's slots only");
    let patients: Vec<String> = of_type(&all, "Patient").iter().map(|r| key(r)).collect();
    assert_eq!(
        patients,
        [format!("Patient/{}", d.f.patient_id(BOB))],
        "those with a visit in range"
    );
    assert_eq!(of_type(&all, "Practitioner").len(), 3);

    let m = MONDAY.to_string();
    let e =
        d.f.clinic
            .export_fhir(
                &d.f.admin(),
                (Some(TUESDAY), Some(MONDAY)),
                FhirFormat::Bundle,
                &mut Vec::new(),
            )
            .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Invalid,
        "{m}: a range that ends before it starts"
    );
}

#[test]
fn a_patient_exports_themself_and_their_own_visits_only() {
    let d = day_of_every_status();
    let bytes = export(&d.f, &d.f.patient(ANN), (None, None), FhirFormat::Bundle);
    let all = entries(&bytes);
    assert_closed(&all);
    let kinds: HashSet<&str> = all
        .iter()
        .map(|r| r["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        HashSet::from(["Practitioner", "Patient", "Appointment"])
    );
    let patients: Vec<String> = of_type(&all, "Patient").iter().map(|r| key(r)).collect();
    assert_eq!(patients, [format!("Patient/{}", d.f.patient_id(ANN))]);
    let mut visits: Vec<String> = of_type(&all, "Appointment")
        .iter()
        .map(|r| key(r))
        .collect();
    visits.sort();
    let mut own = vec![
        format!("Appointment/{}", d.booked),
        format!("Appointment/{}", d.arrived),
    ];
    own.sort();
    assert_eq!(visits, own);
    let doctors: Vec<String> = of_type(&all, "Practitioner")
        .iter()
        .map(|r| key(r))
        .collect();
    assert_eq!(
        doctors,
        [format!("Practitioner/{}", d.f.doctor_id(HOUSE))],
        "only their doctor"
    );
    assert!(
        !String::from_utf8_lossy(&bytes).contains("Bob Baker"),
        "nobody else's name"
    );
    validate(&bytes);
}

#[test]
fn doctors_and_guests_may_not_export_and_every_export_is_audited() {
    let d = day_of_every_status();
    let mut sink = Vec::new();
    let no = |actor: &Actor, sink: &mut Vec<u8>| {
        kind_of(
            d.f.clinic
                .export_fhir(actor, (None, None), FhirFormat::Bundle, sink),
        )
    };
    assert_eq!(no(&d.f.doctor(HOUSE), &mut sink), ErrorKind::Forbidden);
    assert_eq!(no(&Actor::Guest, &mut sink), ErrorKind::Auth);
    assert!(sink.is_empty(), "a refusal writes nothing");
    export(&d.f, &d.f.admin(), (None, None), FhirFormat::Bundle);
    let event =
        d.f.audit()
            .into_iter()
            .find(|e| e.action == "export_fhir")
            .expect("the export is audited");
    assert_eq!(
        event.detail.as_deref().unwrap(),
        "3 practitioners, 3 patients, 36 slots, 5 appointments"
    );
}

#[test]
fn the_demo_clinics_export_is_valid_r4() {
    let clinic = support::demo::demo_clinic();
    let admin = support::demo::admin(&clinic);
    let mut bytes = Vec::new();
    let counts = clinic
        .export_fhir(&admin.actor, (None, None), FhirFormat::Bundle, &mut bytes)
        .unwrap();
    let all = entries(&bytes);
    assert_closed(&all);
    assert_eq!(
        all.len() as u64,
        counts.practitioners
            + counts.schedules
            + counts.patients
            + counts.slots
            + counts.appointments
    );
    let statuses: HashSet<&str> = of_type(&all, "Appointment")
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.is_superset(&HashSet::from([
            "booked",
            "fulfilled",
            "cancelled",
            "noshow"
        ])),
        "{statuses:?}"
    );
    validate(&bytes);
}

#[test]
fn the_validator_refuses_what_r4_does_not_allow() {
    let d = day_of_every_status();
    let good =
        String::from_utf8(export(&d.f, &d.f.admin(), (None, None), FhirFormat::Ndjson)).unwrap();
    let broken = [
        // A status outside Appointment.status's value set.
        good.replacen(r#""status":"booked""#, r#""status":"confirmed""#, 1),
        // A reference to nothing in the export.
        good.replacen(r#""reference":"Schedule/"#, r#""reference":"Schedule/9"#, 1),
        // A Slot without its required end.
        good.replacen(r#","end":"#, r#","ending":"#, 1),
    ];
    for text in broken {
        assert_ne!(text, good);
        if let Some((valid, said)) = verdict(text.as_bytes()) {
            assert!(!valid, "the validator let this through: {said}");
        }
    }
}
