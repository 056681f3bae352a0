//! The authorization table of SPEC §3, one test per row, through the real `Clinic` methods:
//! each asserts what is allowed and what is refused for patient, doctor and admin (and a
//! guest where it matters). The pure access functions have unit tests beside the code; these
//! check that every use case actually asks them, with the right ids.

mod support;

use clinic::domain::{Actor, AppointmentId, DoctorInput, PatientInput, SlotState, Status};
use clinic::service::{SlotFilter, WaitlistTarget};
use clinic::store::appointments::AppointmentQuery;
use clinic::{Error, ErrorKind};
use support::clinic::*;
use support::{at, hm};

/// Asserts the outcome for one actor: `None` = allowed, `Some(kind)` = refused with `kind`.
#[track_caller]
fn expect<T: std::fmt::Debug>(who: &str, what: &str, r: Result<T, Error>, want: Option<ErrorKind>) {
    match (r, want) {
        (Ok(_), None) => {}
        (Err(e), Some(k)) => assert_eq!(e.kind(), k, "{who} {what}: {}", e.message()),
        (Ok(v), Some(k)) => panic!("{who} {what}: expected {k:?}, but it was allowed: {v:?}"),
        (Err(e), None) => panic!("{who} {what}: expected it allowed, got {e:?}"),
    }
}

const AUTH: Option<ErrorKind> = Some(ErrorKind::Auth);
const FORBIDDEN: Option<ErrorKind> = Some(ErrorKind::Forbidden);
const OK: Option<ErrorKind> = None;

/// Monday to Wednesday, every slot.
fn all_days() -> SlotFilter {
    let mut f = SlotFilter::day(MONDAY);
    f.to = at("2030-01-10T00:00");
    f
}

fn free_days() -> SlotFilter {
    let mut f = all_days();
    f.free_only = true;
    f
}

fn person(name: &str) -> PatientInput {
    PatientInput {
        full_name: name.into(),
        ..Default::default()
    }
}

/// Bookings used by several rows: Ann with House on Tuesday 09:00, Bob with Grey on
/// Tuesday 09:00, Cyd with Who on Monday 10:00 (today).
struct Booked {
    ann_house: AppointmentId,
    bob_grey: AppointmentId,
    cyd_who: AppointmentId,
}

fn book_three(fx: &Fixture) -> Booked {
    Booked {
        ann_house: fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00")).id,
        bob_grey: fx.book_as(BOB, fx.slot(GREY, "2030-01-08T09:00")).id,
        cyd_who: fx.book_as(CYD, fx.slot(WHO, "2030-01-07T10:00")).id,
    }
}

// ----- list doctors, doctor detail, free slots: everyone ----------------------------------

#[test]
fn authz_anyone_lists_doctors_doctor_detail_and_free_slots() {
    let fx = Fixture::new();
    book_three(&fx);
    // The catalogue is public: no actor needed.
    let doctors = fx.clinic.doctors(None).unwrap();
    assert_eq!(doctors.len(), 3);
    assert_eq!(fx.clinic.doctors(Some("Cardiology")).unwrap().len(), 2);
    assert_eq!(
        fx.clinic.doctor(fx.doctor_id(WHO)).unwrap().full_name,
        DOCTOR_NAMES[WHO]
    );
    for (who, actor) in fx.everyone() {
        let free = fx.clinic.slots(&actor, &free_days()).unwrap();
        assert_eq!(free.len(), 36 - 3, "{who}");
        assert!(free.iter().all(|s| s.state == SlotState::Free), "{who}");
        // Without the free filter a guest still sees only free slots; signed-in people see all.
        let all = fx.clinic.slots(&actor, &all_days()).unwrap();
        let want = if who == "guest" { 33 } else { 36 };
        assert_eq!(all.len(), want, "{who}");
    }
    // Refused: the full doctor list with inactive doctors is the front desk's.
    fx.clinic
        .set_doctor_active(&fx.admin(), fx.doctor_id(WHO), false)
        .unwrap();
    for (who, actor) in fx.everyone() {
        let want = match who {
            "admin" => OK,
            "guest" => AUTH,
            _ => FORBIDDEN,
        };
        expect(who, "all_doctors", fx.clinic.all_doctors(&actor), want);
        // An inactive doctor's free slots are not offered to anyone.
        let free = fx.clinic.slots(&actor, &free_days()).unwrap();
        assert!(
            free.iter().all(|s| s.doctor_id != fx.doctor_id(WHO)),
            "{who}"
        );
    }
    assert_eq!(fx.clinic.doctors(None).unwrap().len(), 2);
    assert_eq!(fx.clinic.all_doctors(&fx.admin()).unwrap().len(), 3);
}

// ----- see who booked a slot: patient no, doctor own slots, admin yes ---------------------

#[test]
fn authz_see_who_booked_a_slot() {
    let fx = Fixture::new();
    let house_slot = fx.slot(HOUSE, "2030-01-08T09:00");
    let grey_slot = fx.slot(GREY, "2030-01-08T10:00");
    fx.book_as(ANN, house_slot);
    fx.clinic
        .hold(&fx.admin(), grey_slot, Some(fx.patient_id(BOB)))
        .unwrap();
    let ann = Some(Some(fx.patient_id(ANN)));
    let bob = Some(Some(fx.patient_id(BOB)));
    for (who, actor) in fx.everyone() {
        let house = fx.slot_view_as(&actor, house_slot);
        let grey = fx.slot_view_as(&actor, grey_slot);
        let (want_house, want_grey) = match who {
            "admin" => (ann, bob),
            "dr.house" => (ann, None),
            "dr.grey" => (None, bob),
            _ => (None, None),
        };
        if who == "guest" {
            assert!(
                house.is_none() && grey.is_none(),
                "a guest sees free slots only"
            );
            continue;
        }
        let (house, grey) = (house.unwrap(), grey.unwrap());
        assert_eq!(house.state, SlotState::Booked, "{who}");
        assert_eq!(grey.state, SlotState::Held, "{who}");
        assert_eq!(house.patient_id, want_house, "{who}");
        assert_eq!(grey.patient_id, want_grey, "{who}");
        assert_eq!(house.patient_name.is_some(), want_house.is_some(), "{who}");
        assert_eq!(grey.patient_name.is_some(), want_grey.is_some(), "{who}");
    }
    // Even the patient who booked it is not shown a patient field on the slot list.
    let own = fx.slot_view_as(&fx.patient(ANN), house_slot).unwrap();
    assert_eq!(own.patient_id, None);
    let json = serde_json::to_value(&own).unwrap();
    assert!(json.get("patient_id").is_none(), "{json}");
}

// ----- declare / remove slots: patient no, doctor own, admin any --------------------------

#[test]
fn authz_declare_and_remove_slots() {
    let fx = Fixture::new();
    let house = fx.doctor_id(HOUSE);
    let declare = |actor: &Actor, from: &str, to: &str| {
        fx.clinic
            .declare_slots(actor, house, WEDNESDAY, hm(from), hm(to), None)
    };
    expect(
        "guest",
        "declare",
        declare(&Actor::Guest, "09:00", "09:30"),
        AUTH,
    );
    expect(
        "ann",
        "declare",
        declare(&fx.patient(ANN), "09:00", "09:30"),
        FORBIDDEN,
    );
    expect(
        "dr.grey",
        "declare for House",
        declare(&fx.doctor(GREY), "09:00", "09:30"),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "declare own",
        declare(&fx.doctor(HOUSE), "09:00", "09:30"),
        OK,
    );
    expect(
        "admin",
        "declare for House",
        declare(&fx.admin(), "09:30", "10:00"),
        OK,
    );
    let mut f = SlotFilter::day(WEDNESDAY);
    f.doctor = Some(house);
    assert_eq!(fx.clinic.slots(&fx.admin(), &f).unwrap().len(), 2);

    let a = fx.slot(HOUSE, "2030-01-09T09:00");
    let b = fx.slot(HOUSE, "2030-01-09T09:30");
    expect(
        "guest",
        "remove",
        fx.clinic.remove_slots(&Actor::Guest, &[a]),
        AUTH,
    );
    expect(
        "ann",
        "remove",
        fx.clinic.remove_slots(&fx.patient(ANN), &[a]),
        FORBIDDEN,
    );
    expect(
        "dr.grey",
        "remove House's",
        fx.clinic.remove_slots(&fx.doctor(GREY), &[a]),
        FORBIDDEN,
    );
    // Mixing an own slot with someone else's refuses the whole request.
    let grey_own = fx.slot(GREY, "2030-01-08T11:30");
    expect(
        "dr.grey",
        "remove mixed",
        fx.clinic.remove_slots(&fx.doctor(GREY), &[grey_own, a]),
        FORBIDDEN,
    );
    assert!(fx.slot_view_as(&fx.admin(), grey_own).is_some());
    expect(
        "dr.house",
        "remove own",
        fx.clinic.remove_slots(&fx.doctor(HOUSE), &[a]),
        OK,
    );
    expect(
        "admin",
        "remove House's",
        fx.clinic.remove_slots(&fx.admin(), &[b]),
        OK,
    );
    assert!(fx.clinic.slots(&fx.admin(), &f).unwrap().is_empty());
}

// ----- hold, book: patient self, doctor no, admin for any patient ------------------------

#[test]
fn authz_hold_and_book() {
    let fx = Fixture::new();
    let ann = fx.patient_id(ANN);
    let bob = fx.patient_id(BOB);
    let s = |t: &str| fx.slot(WHO, &format!("2030-01-08T{t}"));

    // Holding.
    expect(
        "guest",
        "hold",
        fx.clinic.hold(&Actor::Guest, s("09:00"), Some(ann)),
        AUTH,
    );
    expect(
        "ann",
        "hold for Bob",
        fx.clinic.hold(&fx.patient(ANN), s("09:00"), Some(bob)),
        FORBIDDEN,
    );
    expect(
        "dr.who",
        "hold for Ann",
        fx.clinic.hold(&fx.doctor(WHO), s("09:00"), Some(ann)),
        FORBIDDEN,
    );
    expect(
        "ann",
        "hold for herself",
        fx.clinic.hold(&fx.patient(ANN), s("09:00"), None),
        OK,
    );
    expect(
        "admin",
        "hold for Bob",
        fx.clinic.hold(&fx.admin(), s("09:30"), Some(bob)),
        OK,
    );

    // Booking.
    let book = |actor: &Actor, slot, patient| fx.clinic.book(actor, &request(slot, patient));
    expect(
        "guest",
        "book",
        book(&Actor::Guest, s("10:00"), Some(ann)),
        AUTH,
    );
    expect("guest", "book", book(&Actor::Guest, s("10:00"), None), AUTH);
    expect(
        "ann",
        "book for Bob",
        book(&fx.patient(ANN), s("10:00"), Some(bob)),
        FORBIDDEN,
    );
    expect(
        "dr.who",
        "book own slot",
        book(&fx.doctor(WHO), s("10:00"), Some(ann)),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "book",
        book(&fx.doctor(HOUSE), s("10:00"), Some(ann)),
        FORBIDDEN,
    );
    assert_eq!(
        fx.slot_view(s("10:00")).state,
        SlotState::Free,
        "nothing was booked"
    );
    expect(
        "ann",
        "book own hold",
        book(&fx.patient(ANN), s("09:00"), None),
        OK,
    );
    expect(
        "ann",
        "book for herself by id",
        book(&fx.patient(ANN), s("10:00"), Some(ann)),
        OK,
    );
    expect(
        "admin",
        "book Bob's hold",
        book(&fx.admin(), s("09:30"), Some(bob)),
        OK,
    );
    expect(
        "admin",
        "book for Cyd",
        book(&fx.admin(), s("11:00"), Some(fx.patient_id(CYD))),
        OK,
    );
    // An admin must say whom for.
    expect(
        "admin",
        "book for nobody",
        book(&fx.admin(), s("11:30"), None),
        Some(ErrorKind::Invalid),
    );
}

// ----- reschedule: patient own, doctor no, admin any --------------------------------------

#[test]
fn authz_reschedule() {
    let fx = Fixture::new();
    let b = book_three(&fx);
    let to = |t: &str| fx.slot(HOUSE, &format!("2030-01-08T{t}"));
    let re = |actor: &Actor, id, slot| fx.clinic.reschedule(actor, id, slot, None);
    expect(
        "guest",
        "reschedule",
        re(&Actor::Guest, b.ann_house, to("10:00")),
        AUTH,
    );
    expect(
        "bob",
        "reschedule Ann's",
        re(&fx.patient(BOB), b.ann_house, to("10:00")),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "reschedule own patient",
        re(&fx.doctor(HOUSE), b.ann_house, to("10:00")),
        FORBIDDEN,
    );
    expect(
        "dr.grey",
        "reschedule",
        re(&fx.doctor(GREY), b.bob_grey, to("10:00")),
        FORBIDDEN,
    );
    assert_eq!(fx.appt(b.ann_house).reschedules, 0);
    expect(
        "ann",
        "reschedule own",
        re(&fx.patient(ANN), b.ann_house, to("10:00")),
        OK,
    );
    expect(
        "admin",
        "reschedule Bob's",
        re(&fx.admin(), b.bob_grey, to("11:00")),
        OK,
    );
    assert_eq!(fx.appt(b.ann_house).start, at("2030-01-08T10:00"));
    assert_eq!(fx.appt(b.bob_grey).doctor_id, fx.doctor_id(HOUSE));
}

// ----- cancel: patient own, doctor own, admin any -----------------------------------------

#[test]
fn authz_cancel() {
    let fx = Fixture::new();
    let b = book_three(&fx);
    let cancel = |actor: &Actor, id| fx.clinic.cancel(actor, id, Some("reason"));
    expect("guest", "cancel", cancel(&Actor::Guest, b.ann_house), AUTH);
    expect(
        "bob",
        "cancel Ann's",
        cancel(&fx.patient(BOB), b.ann_house),
        FORBIDDEN,
    );
    expect(
        "dr.grey",
        "cancel House's",
        cancel(&fx.doctor(GREY), b.ann_house),
        FORBIDDEN,
    );
    expect(
        "dr.who",
        "cancel Grey's",
        cancel(&fx.doctor(WHO), b.bob_grey),
        FORBIDDEN,
    );
    for id in [b.ann_house, b.bob_grey, b.cyd_who] {
        assert_eq!(fx.status(id), Status::Booked);
    }
    expect(
        "ann",
        "cancel own",
        cancel(&fx.patient(ANN), b.ann_house),
        OK,
    );
    expect(
        "dr.grey",
        "cancel own",
        cancel(&fx.doctor(GREY), b.bob_grey),
        OK,
    );
    expect("admin", "cancel any", cancel(&fx.admin(), b.cyd_who), OK);
    for id in [b.ann_house, b.bob_grey, b.cyd_who] {
        assert_eq!(fx.status(id), Status::Cancelled);
    }
}

// ----- check in: patient no, doctor own, admin any ----------------------------------------

#[test]
fn authz_check_in() {
    let fx = Fixture::new();
    let cyd = fx.book_as(CYD, fx.slot(WHO, "2030-01-07T10:00")).id;
    let ann = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T10:00")).id;
    let check_in = |actor: &Actor, id| fx.clinic.set_visit_status(actor, id, Status::CheckedIn);
    expect("guest", "check in", check_in(&Actor::Guest, cyd), AUTH);
    expect(
        "cyd",
        "check in herself",
        check_in(&fx.patient(CYD), cyd),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "check in Who's",
        check_in(&fx.doctor(HOUSE), cyd),
        FORBIDDEN,
    );
    assert_eq!(fx.status(cyd), Status::Booked);
    expect("dr.who", "check in own", check_in(&fx.doctor(WHO), cyd), OK);
    expect("admin", "check in any", check_in(&fx.admin(), ann), OK);
    assert_eq!(fx.status(cyd), Status::CheckedIn);
    assert_eq!(fx.status(ann), Status::CheckedIn);
}

// ----- complete, no-show: patient no, doctor own, admin any -------------------------------

#[test]
fn authz_complete_and_no_show() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let done = fx.book_as(CYD, fx.slot(WHO, "2030-01-07T10:00")).id;
    let done2 = fx.book_as(ANN, fx.slot(WHO, "2030-01-07T11:00")).id;
    let missed = fx.book_as(BOB, fx.slot(WHO, "2030-01-07T09:00")).id;
    let missed2 = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T09:00")).id;
    fx.clinic
        .set_visit_status(&admin, done, Status::CheckedIn)
        .unwrap();
    fx.clinic
        .set_visit_status(&admin, done2, Status::CheckedIn)
        .unwrap();
    fx.set_now("2030-01-07T11:45");
    for status in [Status::Completed, Status::NoShow] {
        let id = if status == Status::Completed {
            done
        } else {
            missed
        };
        let set = |actor: &Actor| fx.clinic.set_visit_status(actor, id, status);
        expect("guest", status.as_str(), set(&Actor::Guest), AUTH);
        expect(
            "own patient",
            status.as_str(),
            set(&fx.patient_for(id)),
            FORBIDDEN,
        );
        expect("dr.grey", status.as_str(), set(&fx.doctor(GREY)), FORBIDDEN);
        expect(
            "dr.house",
            status.as_str(),
            set(&fx.doctor(HOUSE)),
            FORBIDDEN,
        );
        expect("dr.who", status.as_str(), set(&fx.doctor(WHO)), OK);
    }
    expect(
        "admin",
        "complete",
        fx.clinic.set_visit_status(&admin, done2, Status::Completed),
        OK,
    );
    expect(
        "admin",
        "no-show",
        fx.clinic.set_visit_status(&admin, missed2, Status::NoShow),
        OK,
    );
    assert_eq!(fx.status(done), Status::Completed);
    assert_eq!(fx.status(missed), Status::NoShow);
}

trait PatientFor {
    fn patient_for(&self, id: AppointmentId) -> Actor;
}

impl PatientFor for Fixture {
    /// The signed-in patient an appointment belongs to.
    fn patient_for(&self, id: AppointmentId) -> Actor {
        let p = self.appt(id).patient_id;
        (0..3)
            .map(|i| self.patient(i))
            .find(|a| a.patient_id() == Some(p))
            .expect("a fixture patient")
    }
}

// ----- appointment detail: patient own, doctor own, admin any -----------------------------

#[test]
fn authz_appointment_detail() {
    let fx = Fixture::new();
    let b = book_three(&fx);
    let show = |actor: &Actor, id| fx.clinic.appointment(actor, id);
    expect("guest", "detail", show(&Actor::Guest, b.ann_house), AUTH);
    expect(
        "bob",
        "Ann's detail",
        show(&fx.patient(BOB), b.ann_house),
        FORBIDDEN,
    );
    expect(
        "dr.grey",
        "House's detail",
        show(&fx.doctor(GREY), b.ann_house),
        FORBIDDEN,
    );
    expect("ann", "own detail", show(&fx.patient(ANN), b.ann_house), OK);
    expect(
        "dr.house",
        "own detail",
        show(&fx.doctor(HOUSE), b.ann_house),
        OK,
    );
    expect("admin", "any detail", show(&fx.admin(), b.bob_grey), OK);
    // The doctor's view carries the patient's contact details.
    let a = show(&fx.doctor(HOUSE), b.ann_house).unwrap();
    assert_eq!(a.patient_name, PATIENT_NAMES[ANN]);
    assert_eq!(a.patient_phone.as_deref(), Some("555-0100"));
    // Lists are scoped the same way, and asking for someone else's is refused.
    let mut q = AppointmentQuery::default();
    expect(
        "guest",
        "list",
        fx.clinic.appointments(&Actor::Guest, &q),
        AUTH,
    );
    let ann_list = fx.clinic.appointments(&fx.patient(ANN), &q).unwrap();
    assert_eq!(
        ann_list.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![b.ann_house]
    );
    let house_list = fx.clinic.appointments(&fx.doctor(HOUSE), &q).unwrap();
    assert_eq!(
        house_list.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![b.ann_house]
    );
    assert_eq!(fx.clinic.appointments(&fx.admin(), &q).unwrap().len(), 3);
    q.patient = Some(fx.patient_id(BOB));
    expect(
        "ann",
        "Bob's list",
        fx.clinic.appointments(&fx.patient(ANN), &q),
        FORBIDDEN,
    );
    q.patient = None;
    q.doctor = Some(fx.doctor_id(GREY));
    expect(
        "dr.house",
        "Grey's list",
        fx.clinic.appointments(&fx.doctor(HOUSE), &q),
        FORBIDDEN,
    );
}

// ----- patient history: self; doctors they have/had appointments with or are assigned to ---

#[test]
fn authz_patient_history() {
    let fx = Fixture::new();
    let b = book_three(&fx);
    let ann = fx.patient_id(ANN);
    let history = |actor: &Actor| fx.clinic.history(actor, ann);
    let record = |actor: &Actor| fx.clinic.patient(actor, ann);
    expect("guest", "history", history(&Actor::Guest), AUTH);
    expect("bob", "Ann's history", history(&fx.patient(BOB)), FORBIDDEN);
    expect("bob", "Ann's record", record(&fx.patient(BOB)), FORBIDDEN);
    expect("ann", "own history", history(&fx.patient(ANN)), OK);
    expect("ann", "own record", record(&fx.patient(ANN)), OK);
    expect("admin", "history", history(&fx.admin()), OK);
    // House has an appointment with Ann; Grey has none and is not assigned.
    expect("dr.house", "history", history(&fx.doctor(HOUSE)), OK);
    expect("dr.house", "record", record(&fx.doctor(HOUSE)), OK);
    expect("dr.grey", "history", history(&fx.doctor(GREY)), FORBIDDEN);
    expect("dr.grey", "record", record(&fx.doctor(GREY)), FORBIDDEN);
    // Had: a cancelled appointment still relates them.
    fx.clinic
        .cancel(&fx.patient(ANN), b.ann_house, None)
        .unwrap();
    expect(
        "dr.house",
        "history after cancel",
        history(&fx.doctor(HOUSE)),
        OK,
    );
    // Assigned via the care team, without any appointment; unassigned again, refused again.
    fx.clinic
        .assign(&fx.admin(), ann, fx.doctor_id(GREY))
        .unwrap();
    expect("dr.grey", "assigned history", history(&fx.doctor(GREY)), OK);
    fx.clinic
        .unassign(&fx.admin(), ann, fx.doctor_id(GREY))
        .unwrap();
    expect(
        "dr.grey",
        "unassigned history",
        history(&fx.doctor(GREY)),
        FORBIDDEN,
    );
    // A doctor's patient list holds only related patients.
    let listed = fx
        .clinic
        .patients(&fx.doctor(HOUSE), None, false, 100, 0)
        .unwrap();
    assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ann]);
    assert!(
        fx.clinic
            .patients(&fx.doctor(GREY), Some("Ann"), false, 100, 0)
            .unwrap()
            .is_empty()
    );
    let _ = b;
}

// ----- patients: create / edit / archive ---------------------------------------------------

#[test]
fn authz_patients_create_edit_archive() {
    let fx = Fixture::new();
    let ann = fx.patient_id(ANN);
    // Create: guests self-register (with a login), the desk registers anyone.
    expect(
        "ann",
        "register",
        fx.clinic
            .register_patient(&fx.patient(ANN), &person("X Y"), None),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "register",
        fx.clinic
            .register_patient(&fx.doctor(HOUSE), &person("X Y"), None),
        FORBIDDEN,
    );
    let walk_in = fx
        .clinic
        .register_patient(&fx.admin(), &person("Walter Walk"), None);
    expect("admin", "register walk-in", walk_in.clone(), OK);
    let walk_in = walk_in.unwrap().id;

    // Edit: self or the desk.
    let current = fx.clinic.patient(&fx.admin(), ann).unwrap();
    let mut edited = patient_input(&current);
    edited.phone = Some("555-4242".into());
    let edit = |actor: &Actor, id| fx.clinic.update_patient(actor, id, &edited);
    expect("guest", "edit", edit(&Actor::Guest, ann), AUTH);
    expect("bob", "edit Ann", edit(&fx.patient(BOB), ann), FORBIDDEN);
    expect(
        "dr.house",
        "edit Ann",
        edit(&fx.doctor(HOUSE), ann),
        FORBIDDEN,
    );
    assert_eq!(
        fx.clinic
            .patient(&fx.admin(), ann)
            .unwrap()
            .phone
            .as_deref(),
        Some("555-0100")
    );
    expect("ann", "edit self", edit(&fx.patient(ANN), ann), OK);
    assert_eq!(
        fx.clinic
            .patient(&fx.admin(), ann)
            .unwrap()
            .phone
            .as_deref(),
        Some("555-4242")
    );
    expect(
        "admin",
        "edit a walk-in",
        fx.clinic
            .update_patient(&fx.admin(), walk_in, &person("Walter Walker")),
        OK,
    );

    // Archive: the desk only.
    for (who, actor) in fx.everyone() {
        let want = match who {
            "admin" => OK,
            "guest" => AUTH,
            _ => FORBIDDEN,
        };
        expect(
            who,
            "archive",
            fx.clinic.set_patient_archived(&actor, walk_in, true),
            want,
        );
    }
    assert!(fx.clinic.patient(&fx.admin(), walk_in).unwrap().archived);
    // An archived patient cannot be booked.
    expect(
        "admin",
        "book archived",
        fx.try_book_for(walk_in, fx.slot(HOUSE, "2030-01-08T09:00")),
        Some(ErrorKind::Conflict),
    );
}

// ----- doctors: create / edit / deactivate -------------------------------------------------

#[test]
fn authz_doctors_create_edit_deactivate() {
    let fx = Fixture::new();
    let house = fx.doctor_id(HOUSE);
    let new = DoctorInput {
        full_name: "James Wilson".into(),
        specialty: "Oncology".into(),
        ..Default::default()
    };
    let current = fx.doctor_record(HOUSE);
    let mut profile = doctor_input(&current);
    profile.description = Some("Diagnostics".into());
    for (who, actor) in fx.everyone() {
        let admin = who == "admin";
        let refused = if who == "guest" { AUTH } else { FORBIDDEN };
        let want_admin_only = if admin { OK } else { refused };
        expect(
            who,
            "create doctor",
            fx.clinic.register_doctor(&actor, &new, None),
            want_admin_only,
        );
        let want_edit = if admin || who == "dr.house" {
            OK
        } else {
            refused
        };
        expect(
            who,
            "edit House",
            fx.clinic.update_doctor(&actor, house, &profile),
            want_edit,
        );
        if !admin {
            expect(
                who,
                "deactivate House",
                fx.clinic.set_doctor_active(&actor, house, false),
                refused,
            );
        }
    }
    assert_eq!(
        fx.doctor_record(HOUSE).description.as_deref(),
        Some("Diagnostics")
    );
    // A doctor edits their profile but not their own daily limits.
    let mut limits = doctor_input(&fx.doctor_record(HOUSE));
    limits.max_per_day = Some(40);
    expect(
        "dr.house",
        "raise own limit",
        fx.clinic.update_doctor(&fx.doctor(HOUSE), house, &limits),
        FORBIDDEN,
    );
    expect(
        "admin",
        "raise House's limit",
        fx.clinic.update_doctor(&fx.admin(), house, &limits),
        OK,
    );
    assert_eq!(fx.doctor_record(HOUSE).max_per_day, 40);
    expect(
        "admin",
        "deactivate",
        fx.clinic.set_doctor_active(&fx.admin(), house, false),
        OK,
    );
    assert!(!fx.doctor_record(HOUSE).active);
    assert!(fx.clinic.doctors(Some("Oncology")).unwrap().len() == 1);
}

// ----- care-team assignments: patient sees own, doctor sees own, admin all ----------------

#[test]
fn authz_care_team_assignments() {
    let fx = Fixture::new();
    let (ann, bob) = (fx.patient_id(ANN), fx.patient_id(BOB));
    let (house, grey) = (fx.doctor_id(HOUSE), fx.doctor_id(GREY));
    for (who, actor) in fx.everyone() {
        let refused = match who {
            "admin" => continue,
            "guest" => AUTH,
            _ => FORBIDDEN,
        };
        expect(who, "assign", fx.clinic.assign(&actor, ann, house), refused);
    }
    fx.clinic.assign(&fx.admin(), ann, house).unwrap();
    fx.clinic.assign(&fx.admin(), bob, grey).unwrap();
    fx.clinic.assign(&fx.admin(), bob, house).unwrap();
    expect(
        "admin",
        "assign twice",
        fx.clinic.assign(&fx.admin(), ann, house),
        Some(ErrorKind::Conflict),
    );
    for (who, actor) in fx.everyone() {
        let refused = match who {
            "admin" => continue,
            "guest" => AUTH,
            _ => FORBIDDEN,
        };
        expect(
            who,
            "unassign",
            fx.clinic.unassign(&actor, bob, house),
            refused,
        );
    }

    // Seeing: own only.
    let pairs = |actor: &Actor, patient| -> Vec<(i64, i64)> {
        fx.clinic
            .assignments(actor, patient)
            .unwrap()
            .iter()
            .map(|a| (a.patient_id.0, a.doctor_id.0))
            .collect()
    };
    assert_eq!(pairs(&fx.patient(ANN), None), vec![(ann.0, house.0)]);
    assert_eq!(pairs(&fx.patient(ANN), Some(ann)), vec![(ann.0, house.0)]);
    expect(
        "ann",
        "Bob's care team",
        fx.clinic.assignments(&fx.patient(ANN), Some(bob)),
        FORBIDDEN,
    );
    assert!(pairs(&fx.patient(CYD), None).is_empty());
    let mut house_sees = pairs(&fx.doctor(HOUSE), None);
    house_sees.sort();
    assert_eq!(house_sees, vec![(ann.0, house.0), (bob.0, house.0)]);
    assert_eq!(pairs(&fx.doctor(GREY), None), vec![(bob.0, grey.0)]);
    assert_eq!(
        pairs(&fx.doctor(GREY), Some(ann)),
        vec![],
        "not Ann's other doctors"
    );
    assert!(pairs(&fx.doctor(WHO), None).is_empty());
    assert_eq!(pairs(&fx.admin(), None).len(), 3);
    expect(
        "guest",
        "see assignments",
        fx.clinic.assignments(&Actor::Guest, None),
        AUTH,
    );
    fx.clinic.unassign(&fx.admin(), bob, house).unwrap();
    assert_eq!(pairs(&fx.admin(), Some(bob)), vec![(bob.0, grey.0)]);
}

// ----- reports, appointment search, audit log: admin only ---------------------------------

#[test]
fn authz_reports_search_and_audit_log_are_admin_only() {
    let fx = Fixture::new();
    book_three(&fx);
    for (who, actor) in fx.everyone() {
        let want = match who {
            "admin" => OK,
            "guest" => AUTH,
            _ => FORBIDDEN,
        };
        expect(who, "top", fx.clinic.report_top(&actor, TUESDAY), want);
        expect(
            who,
            "busy",
            fx.clinic.report_busy(&actor, TUESDAY, 360),
            want,
        );
        expect(
            who,
            "available",
            fx.clinic.report_available(&actor, TUESDAY),
            want,
        );
        expect(
            who,
            "utilization",
            fx.clinic.report_utilization(&actor, MONDAY, TUESDAY),
            want,
        );
        expect(who, "day sheet", fx.clinic.day_sheet(&actor, TUESDAY), want);
        expect(
            who,
            "audit log",
            fx.clinic.audit_log(&actor, 50, None),
            want,
        );
    }
    assert_eq!(fx.clinic.report_top(&fx.admin(), TUESDAY).unwrap().len(), 2);
    assert_eq!(fx.clinic.day_sheet(&fx.admin(), TUESDAY).unwrap().len(), 2);
    // Search across everyone's appointments is the desk's; a patient or doctor searching only
    // ever gets their own.
    let q = AppointmentQuery {
        search: Some("baker"),
        ..Default::default()
    };
    let found = fx.clinic.appointments(&fx.admin(), &q).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].patient_id, fx.patient_id(BOB));
    assert!(
        fx.clinic
            .appointments(&fx.patient(ANN), &q)
            .unwrap()
            .is_empty()
    );
    assert!(
        fx.clinic
            .appointments(&fx.doctor(HOUSE), &q)
            .unwrap()
            .is_empty()
    );
    expect(
        "guest",
        "search",
        fx.clinic.appointments(&Actor::Guest, &q),
        AUTH,
    );
}

// ----- waitlist: patient own entries, doctor sees own, admin any --------------------------

#[test]
fn authz_waitlist() {
    let fx = Fixture::new();
    let (ann, bob) = (fx.patient_id(ANN), fx.patient_id(BOB));
    let to_house = WaitlistTarget::Doctor(fx.doctor_id(HOUSE));
    let to_derm = WaitlistTarget::Specialty("Dermatology".into());
    let join = |actor: &Actor, patient, target: &WaitlistTarget| {
        fx.clinic
            .join_waitlist(actor, patient, target, "2030-01-08")
    };
    expect(
        "guest",
        "join",
        join(&Actor::Guest, Some(ann), &to_house),
        AUTH,
    );
    expect(
        "ann",
        "join for Bob",
        join(&fx.patient(ANN), Some(bob), &to_house),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "join for Ann",
        join(&fx.doctor(HOUSE), Some(ann), &to_house),
        FORBIDDEN,
    );
    expect(
        "ann",
        "join herself",
        join(&fx.patient(ANN), None, &to_house),
        OK,
    );
    expect(
        "admin",
        "join for Bob",
        join(&fx.admin(), Some(bob), &to_derm),
        OK,
    );
    expect(
        "admin",
        "join for nobody",
        join(&fx.admin(), None, &to_derm),
        Some(ErrorKind::Invalid),
    );

    let patients_of = |actor: &Actor| -> Vec<i64> {
        fx.clinic
            .waitlist(actor, None, false)
            .unwrap()
            .iter()
            .map(|e| e.patient_id.0)
            .collect()
    };
    expect(
        "guest",
        "see",
        fx.clinic.waitlist(&Actor::Guest, None, false),
        AUTH,
    );
    assert_eq!(patients_of(&fx.patient(ANN)), vec![ann.0]);
    assert_eq!(patients_of(&fx.patient(BOB)), vec![bob.0]);
    assert!(patients_of(&fx.patient(CYD)).is_empty());
    assert_eq!(patients_of(&fx.doctor(HOUSE)), vec![ann.0]);
    assert!(patients_of(&fx.doctor(GREY)).is_empty());
    assert_eq!(patients_of(&fx.doctor(WHO)), vec![bob.0], "by specialty");
    assert_eq!(patients_of(&fx.admin()).len(), 2);

    // Leaving: own entry or the desk.
    let entries = fx.clinic.waitlist(&fx.admin(), None, false).unwrap();
    let ann_entry = entries.iter().find(|e| e.patient_id == ann).unwrap().id;
    let bob_entry = entries.iter().find(|e| e.patient_id == bob).unwrap().id;
    expect(
        "bob",
        "withdraw Ann's",
        fx.clinic.leave_waitlist(&fx.patient(BOB), ann_entry),
        FORBIDDEN,
    );
    expect(
        "dr.house",
        "withdraw Ann's",
        fx.clinic.leave_waitlist(&fx.doctor(HOUSE), ann_entry),
        FORBIDDEN,
    );
    expect(
        "ann",
        "withdraw own",
        fx.clinic.leave_waitlist(&fx.patient(ANN), ann_entry),
        OK,
    );
    expect(
        "admin",
        "withdraw Bob's",
        fx.clinic.leave_waitlist(&fx.admin(), bob_entry),
        OK,
    );
}

// ----- patients never see other patients' names or ids ------------------------------------

#[test]
fn authz_patients_never_see_other_patients() {
    let fx = Fixture::new();
    let b = book_three(&fx);
    let held = fx.slot(HOUSE, "2030-01-08T10:00");
    fx.clinic.hold(&fx.patient(BOB), held, None).unwrap();
    fx.clinic
        .join_waitlist(
            &fx.patient(CYD),
            None,
            &WaitlistTarget::Doctor(fx.doctor_id(HOUSE)),
            "2030-01-08",
        )
        .unwrap();
    fx.clinic
        .assign(&fx.admin(), fx.patient_id(BOB), fx.doctor_id(HOUSE))
        .unwrap();
    let me = fx.patient(ANN);
    let others = [PATIENT_NAMES[BOB], PATIENT_NAMES[CYD], "Baker", "Carter"];
    let mut seen = String::new();

    let slots = fx.clinic.slots(&me, &all_days()).unwrap();
    assert_eq!(slots.len(), 36);
    for s in &slots {
        assert_eq!(s.patient_id, None, "slot {}", s.id);
        assert_eq!(s.patient_name, None, "slot {}", s.id);
    }
    seen += &serde_json::to_string(&slots).unwrap();
    let mine = fx
        .clinic
        .appointments(&me, &AppointmentQuery::default())
        .unwrap();
    assert!(mine.iter().all(|a| a.patient_id == fx.patient_id(ANN)));
    seen += &format!("{mine:?}");
    let history = fx.clinic.history(&me, fx.patient_id(ANN)).unwrap();
    seen += &format!("{history:?}");
    let list = fx.clinic.patients(&me, None, true, 100, 0).unwrap();
    assert_eq!(
        list.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![fx.patient_id(ANN)]
    );
    seen += &format!("{list:?}");
    seen += &format!("{:?}", fx.clinic.waitlist(&me, None, false).unwrap());
    seen += &format!("{:?}", fx.clinic.assignments(&me, None).unwrap());
    // What she is told when she runs into someone else's booking or hold.
    let refusals = [
        fx.clinic
            .book(&me, &request(fx.slot(GREY, "2030-01-08T09:00"), None))
            .unwrap_err(),
        fx.clinic.book(&me, &request(held, None)).unwrap_err(),
        fx.clinic.hold(&me, held, None).unwrap_err(),
        fx.clinic.appointment(&me, b.bob_grey).unwrap_err(),
        fx.clinic.cancel(&me, b.cyd_who, None).unwrap_err(),
        fx.clinic
            .reschedule(&me, b.bob_grey, fx.slot(GREY, "2030-01-08T11:00"), None)
            .unwrap_err(),
        fx.clinic.history(&me, fx.patient_id(CYD)).unwrap_err(),
        fx.clinic.patient(&me, fx.patient_id(BOB)).unwrap_err(),
        fx.clinic.release(&me, held).unwrap_err(),
    ];
    for e in &refusals {
        seen += e.message();
        seen += "\n";
    }
    for name in others {
        assert!(!seen.contains(name), "Ann was shown '{name}':\n{seen}");
    }
    // Sanity: the same views for the admin do show the others, so the check above can fail.
    let admin_view = format!("{:?}", fx.clinic.slots(&fx.admin(), &all_days()).unwrap());
    assert!(admin_view.contains(PATIENT_NAMES[BOB]) && admin_view.contains(PATIENT_NAMES[CYD]));
}

#[test]
fn authz_unknown_patient_ids_are_refused_like_other_patients_ids() {
    let fx = Fixture::new();
    let unknown = clinic::domain::PatientId(9_999);
    let bob = fx.patient_id(BOB);
    // A patient or an unrelated doctor cannot tell an unused id from someone else's.
    for (who, actor) in [("ann", fx.patient(ANN)), ("dr.grey", fx.doctor(GREY))] {
        for id in [bob, unknown] {
            expect(who, "history", fx.clinic.history(&actor, id), FORBIDDEN);
            expect(who, "record", fx.clinic.patient(&actor, id), FORBIDDEN);
        }
    }
    expect(
        "guest",
        "history",
        fx.clinic.history(&Actor::Guest, unknown),
        AUTH,
    );
    expect(
        "guest",
        "record",
        fx.clinic.patient(&Actor::Guest, unknown),
        AUTH,
    );
    // The front desk is told plainly.
    let not_found = Some(ErrorKind::NotFound);
    expect(
        "admin",
        "history",
        fx.clinic.history(&fx.admin(), unknown),
        not_found,
    );
    expect(
        "admin",
        "record",
        fx.clinic.patient(&fx.admin(), unknown),
        not_found,
    );
}
