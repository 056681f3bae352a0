//! Care teams (seed 004): assign / unassign / assignments, what an assignment lets a doctor
//! read, and who may do what.

mod support;

use clinic::ErrorKind;
use clinic::domain::{Actor, DoctorId, PatientId};
use support::clinic::Fixture;
use support::{at, kind_of};

struct Fx {
    desk: Fixture,
    house: (DoctorId, Actor),
    locum: (DoctorId, Actor),
    ann: (PatientId, Actor),
    bob: (PatientId, Actor),
    walk_in: PatientId,
}

fn fixture() -> Fx {
    let desk = Fixture::blank("2030-01-07T08:00");
    let house = desk.add_doctor_login("Dr. House", "Internal Medicine", "house");
    let locum = desk.add_doctor_login("Dr. Locum", "Cardiology", "locum");
    let ann = desk.add_patient_login("Ann Cared", "ann");
    let bob = desk.add_patient_login("Bob Cared", "bob");
    let walk_in = desk.add_patient("Walt In", None);
    Fx {
        desk,
        house,
        locum,
        ann,
        bob,
        walk_in,
    }
}

fn pairs(list: &[clinic::service::Assignment]) -> Vec<(PatientId, DoctorId)> {
    list.iter().map(|a| (a.patient_id, a.doctor_id)).collect()
}

#[test]
fn the_fixture_actors_are_what_signing_in_gives() {
    let fx = fixture();
    assert_eq!(fx.desk.sign_in("house"), fx.house.1);
    assert_eq!(fx.desk.sign_in("ann"), fx.ann.1);
}

#[test]
fn assign_list_and_unassign() {
    let fx = fixture();
    let (c, admin) = (&fx.desk.clinic, &fx.desk.admin());
    let a = c.assign(admin, fx.ann.0, fx.house.0).unwrap();
    assert_eq!(a.patient_id, fx.ann.0);
    assert_eq!(a.patient_name, "Ann Cared");
    assert_eq!(a.doctor_id, fx.house.0);
    assert_eq!(a.doctor_name, "Dr. House");
    assert_eq!(a.specialty, "Internal Medicine");
    assert_eq!(a.assigned_at, at("2030-01-07T08:00"));
    c.assign(admin, fx.ann.0, fx.locum.0).unwrap();
    c.assign(admin, fx.walk_in, fx.house.0).unwrap();

    // All, ordered by patient name then doctor name; one patient's.
    assert_eq!(
        pairs(&c.assignments(admin, None).unwrap()),
        vec![
            (fx.ann.0, fx.house.0),
            (fx.ann.0, fx.locum.0),
            (fx.walk_in, fx.house.0)
        ]
    );
    assert_eq!(
        pairs(&c.assignments(admin, Some(fx.walk_in)).unwrap()),
        vec![(fx.walk_in, fx.house.0)]
    );
    assert!(c.assignments(admin, Some(fx.bob.0)).unwrap().is_empty());

    c.unassign(admin, fx.ann.0, fx.house.0).unwrap();
    assert_eq!(
        pairs(&c.assignments(admin, Some(fx.ann.0)).unwrap()),
        vec![(fx.ann.0, fx.locum.0)]
    );
    // Assigning again after an unassignment is fine.
    c.assign(admin, fx.ann.0, fx.house.0).unwrap();
    assert_eq!(c.assignments(admin, Some(fx.ann.0)).unwrap().len(), 2);
}

#[test]
fn duplicates_missing_ones_and_unknown_ids() {
    let fx = fixture();
    let (c, admin) = (&fx.desk.clinic, &fx.desk.admin());
    c.assign(admin, fx.ann.0, fx.house.0).unwrap();
    assert_eq!(
        kind_of(c.assign(admin, fx.ann.0, fx.house.0)),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind_of(c.unassign(admin, fx.ann.0, fx.locum.0)),
        ErrorKind::NotFound
    );
    c.unassign(admin, fx.ann.0, fx.house.0).unwrap();
    assert_eq!(
        kind_of(c.unassign(admin, fx.ann.0, fx.house.0)),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.assign(admin, PatientId(999), fx.house.0)),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.assign(admin, fx.ann.0, DoctorId(999))),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.unassign(admin, PatientId(999), fx.house.0)),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.assignments(admin, Some(PatientId(999)))),
        ErrorKind::NotFound
    );
    // Nothing was left behind by the refusals.
    assert!(c.assignments(admin, None).unwrap().is_empty());
}

#[test]
fn an_assigned_doctor_may_read_the_patients_history() {
    let fx = fixture();
    let (c, admin) = (&fx.desk.clinic, &fx.desk.admin());
    // Ann has one appointment, with a third doctor.
    let third = fx.desk.add_doctor("Dr. Third", "Dermatology");
    let slot = fx
        .desk
        .declare_slots_of(third, "2030-01-08", "09:00", "09:30", 30)[0];
    let appt = fx.desk.book_for(fx.ann.0, slot);

    // Neither House nor Locum has seen Ann.
    assert_eq!(
        kind_of(c.history(&fx.house.1, fx.ann.0)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.history(&fx.locum.1, fx.ann.0)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.patient(&fx.house.1, fx.ann.0)),
        ErrorKind::Forbidden
    );

    c.assign(admin, fx.ann.0, fx.house.0).unwrap();
    let history = c.history(&fx.house.1, fx.ann.0).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].id, appt.id);
    assert_eq!(
        c.patient(&fx.house.1, fx.ann.0).unwrap().full_name,
        "Ann Cared"
    );
    // Still not the unassigned one, nor House for another patient.
    assert_eq!(
        kind_of(c.history(&fx.locum.1, fx.ann.0)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.history(&fx.house.1, fx.bob.0)),
        ErrorKind::Forbidden
    );

    // Unassigned again: the door closes.
    c.unassign(admin, fx.ann.0, fx.house.0).unwrap();
    assert_eq!(
        kind_of(c.history(&fx.house.1, fx.ann.0)),
        ErrorKind::Forbidden
    );
    // Having an appointment is the other way in: the desk books Ann with Locum.
    let slot = fx
        .desk
        .declare_slots_of(fx.locum.0, "2030-01-09", "09:00", "09:30", 30)[0];
    fx.desk.book_for(fx.ann.0, slot);
    assert_eq!(c.history(&fx.locum.1, fx.ann.0).unwrap().len(), 2);
    // A patient reads their own history, never another's.
    assert_eq!(c.history(&fx.ann.1, fx.ann.0).unwrap().len(), 2);
    assert_eq!(
        kind_of(c.history(&fx.bob.1, fx.ann.0)),
        ErrorKind::Forbidden
    );
    assert_eq!(kind_of(c.history(&Actor::Guest, fx.ann.0)), ErrorKind::Auth);
}

#[test]
fn who_may_see_and_change_care_teams() {
    let fx = fixture();
    let (c, admin) = (&fx.desk.clinic, &fx.desk.admin());
    c.assign(admin, fx.ann.0, fx.house.0).unwrap();
    c.assign(admin, fx.bob.0, fx.locum.0).unwrap();
    c.assign(admin, fx.walk_in, fx.house.0).unwrap();

    // Changing: the desk only.
    for (actor, expected) in [
        (&fx.ann.1, ErrorKind::Forbidden),
        (&fx.house.1, ErrorKind::Forbidden),
        (&Actor::Guest, ErrorKind::Auth),
    ] {
        assert_eq!(kind_of(c.assign(actor, fx.bob.0, fx.house.0)), expected);
        assert_eq!(kind_of(c.unassign(actor, fx.ann.0, fx.house.0)), expected);
    }
    assert_eq!(c.assignments(admin, None).unwrap().len(), 3);

    // Seeing: a patient their own (asking for another's is refused).
    assert_eq!(
        pairs(&c.assignments(&fx.ann.1, None).unwrap()),
        vec![(fx.ann.0, fx.house.0)]
    );
    assert_eq!(
        pairs(&c.assignments(&fx.ann.1, Some(fx.ann.0)).unwrap()),
        vec![(fx.ann.0, fx.house.0)]
    );
    assert_eq!(
        kind_of(c.assignments(&fx.ann.1, Some(fx.bob.0))),
        ErrorKind::Forbidden
    );
    // A doctor their own patients only.
    assert_eq!(
        pairs(&c.assignments(&fx.house.1, None).unwrap()),
        vec![(fx.ann.0, fx.house.0), (fx.walk_in, fx.house.0)]
    );
    assert_eq!(
        pairs(&c.assignments(&fx.locum.1, None).unwrap()),
        vec![(fx.bob.0, fx.locum.0)]
    );
    assert!(
        c.assignments(&fx.locum.1, Some(fx.ann.0))
            .unwrap()
            .is_empty()
    );
    // Guests nothing.
    assert_eq!(kind_of(c.assignments(&Actor::Guest, None)), ErrorKind::Auth);
}
