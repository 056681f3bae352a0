//! The waitlist and its offers (R6, R7) with a frozen clock: a cancellation holds the freed
//! slot for the oldest matching entry's patient; the offer is booked, or expires / is
//! declined and passes to the next entry; and who may see or add what.

mod support;

use clinic::ErrorKind;
use clinic::domain::{Actor, AppointmentId, DoctorId, PatientId, SlotId, WaitlistId};
use clinic::service::{WaitlistEntry, WaitlistTarget};
use support::clinic::Fixture;
use support::{at, day, kind_of};

const D: &str = "2030-01-08";

/// Now 2030-01-07T08:00. Cardiology: Dr. Wait (with a login) and Dr. Other; Dermatology:
/// Dr. Skin. Dr. Wait has slots at 09:00 and 09:30 on D, Dr. Other at 09:00; the 09:00 one
/// of Dr. Wait is booked by a walk-in whose cancellation starts each scenario.
///
/// Waitlist, oldest first: Cat for Dr. Wait on D+1 and for any dermatologist on D (both never
/// match), then Ann for Dr. Wait on D, then Bob for any cardiologist on D.
struct Fx {
    desk: Fixture,
    wait: DoctorId,
    other: DoctorId,
    doctor: Actor,
    ann: (PatientId, Actor),
    bob: (PatientId, Actor),
    cat: (PatientId, Actor),
    walk_in: PatientId,
    s900: SlotId,
    s930: SlotId,
    other900: SlotId,
    booked: AppointmentId,
    e_cat_day: WaitlistId,
    e_cat_derm: WaitlistId,
    e_ann: WaitlistId,
    e_bob: WaitlistId,
}

fn fixture() -> Fx {
    let desk = Fixture::blank("2030-01-07T08:00");
    let (wait, doctor) = desk.add_doctor_login("Dr. Wait", "Cardiology", "drwait");
    let other = desk.add_doctor("Dr. Other", "Cardiology");
    desk.add_doctor("Dr. Skin", "Dermatology");
    let ann = desk.add_patient_login("Ann Waiting", "ann");
    let bob = desk.add_patient_login("Bob Waiting", "bob");
    let cat = desk.add_patient_login("Cat Elsewhere", "cat");
    let walk_in = desk.add_patient("Walt In", Some("+1 555 0111"));
    let slots = desk.declare_slots_of(wait, D, "09:00", "10:00", 30);
    desk.declare_slots_of(wait, "2030-01-09", "09:00", "10:00", 30);
    let other900 = desk.declare_slots_of(other, D, "09:00", "09:30", 30)[0];
    let booked = desk.book_for(walk_in, slots[0]).id;

    let join = |actor: &Actor, patient, target: WaitlistTarget, date: &str| {
        let e = desk
            .clinic
            .join_waitlist(actor, patient, &target, date)
            .expect("join waitlist");
        desk.advance_minutes(1);
        e
    };
    let e_cat_day = join(&cat.1, None, WaitlistTarget::Doctor(wait), "2030-01-09");
    let e_cat_derm = join(
        &desk.admin(),
        Some(cat.0),
        WaitlistTarget::Specialty("dermatology".into()),
        D,
    );
    let e_ann = join(&ann.1, None, WaitlistTarget::Doctor(wait), D);
    let e_bob = join(
        &desk.admin(),
        Some(bob.0),
        WaitlistTarget::Specialty("Cardiology".into()),
        D,
    );
    assert_eq!(e_ann.status, "waiting");
    assert_eq!(e_ann.patient_id, ann.0);
    assert_eq!(e_ann.doctor_id, Some(wait));
    assert_eq!(e_bob.doctor_id, None);
    assert_eq!(e_bob.specialty, "Cardiology");
    assert_eq!(e_bob.date, day(D));
    assert!(e_bob.offer.is_none());
    Fx {
        wait,
        other,
        doctor,
        ann,
        bob,
        cat,
        walk_in,
        s900: slots[0],
        s930: slots[1],
        other900,
        booked,
        e_cat_day: e_cat_day.id,
        e_cat_derm: e_cat_derm.id,
        e_ann: e_ann.id,
        e_bob: e_bob.id,
        desk,
    }
}

impl Fx {
    fn entry(&self, id: WaitlistId) -> WaitlistEntry {
        self.desk
            .clinic
            .waitlist(&self.desk.admin(), None, false)
            .unwrap()
            .into_iter()
            .find(|e| e.id == id)
            .expect("entry listed")
    }

    fn status(&self, id: WaitlistId) -> String {
        self.entry(id).status
    }

    fn state(&self, slot: SlotId) -> String {
        self.desk.slot_view(slot).state.as_str().to_string()
    }

    /// Cancels the walk-in's 09:00 appointment with Dr. Wait.
    fn cancel_walk_in(&self) {
        self.desk.cancel(self.booked);
    }

    fn untouched(&self) {
        assert_eq!(self.status(self.e_cat_day), "waiting", "another day");
        assert_eq!(self.status(self.e_cat_derm), "waiting", "another specialty");
    }
}

#[test]
fn a_cancellation_offers_the_slot_to_the_oldest_matching_entry_who_books_it() {
    let fx = fixture();
    assert_eq!(fx.state(fx.s900), "booked");
    let cancelled_at = fx.desk.clinic.now();
    fx.cancel_walk_in();

    // Held for Ann (the oldest matching entry), shown as an offer.
    assert_eq!(fx.state(fx.s900), "held");
    let e = fx.entry(fx.e_ann);
    assert_eq!(e.status, "offered");
    let offer = e.offer.expect("an offer");
    assert_eq!(offer.slot_id, fx.s900);
    assert_eq!(offer.start, at("2030-01-08T09:00"));
    assert_eq!(offer.doctor_name, "Dr. Wait");
    assert_eq!(
        offer.expires_at,
        cancelled_at + chrono::Duration::minutes(15)
    );
    assert_eq!(fx.status(fx.e_bob), "waiting");
    assert!(fx.entry(fx.e_bob).offer.is_none());
    fx.untouched();

    // Ann sees her offer; Bob sees his entry, still waiting.
    let mine = fx.desk.clinic.waitlist(&fx.ann.1, None, true).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].offer.as_ref().map(|o| o.slot_id), Some(fx.s900));
    let bobs = fx.desk.clinic.waitlist(&fx.bob.1, None, true).unwrap();
    assert_eq!(bobs.len(), 1);
    assert!(bobs[0].offer.is_none());

    // Nobody else can take it meanwhile: not Bob, not the desk for Bob or the walk-in.
    assert_eq!(
        kind_of(fx.desk.try_book_by(&fx.bob.1, fx.s900, None)),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind_of(
            fx.desk
                .try_book_by(&fx.desk.admin(), fx.s900, Some(fx.bob.0))
        ),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind_of(
            fx.desk
                .try_book_by(&fx.desk.admin(), fx.s900, Some(fx.walk_in))
        ),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind_of(fx.desk.clinic.hold(&fx.bob.1, fx.s900, None)),
        ErrorKind::Conflict
    );

    // Ann takes it.
    fx.desk.advance_minutes(5);
    let a = fx.desk.try_book_by(&fx.ann.1, fx.s900, None).unwrap();
    assert_eq!(a.patient_id, fx.ann.0);
    assert_eq!(fx.state(fx.s900), "booked");
    let e = fx.entry(fx.e_ann);
    assert_eq!(e.status, "booked");
    assert!(e.offer.is_none());
    assert_eq!(fx.status(fx.e_bob), "waiting");
    // Not open any more.
    let open = fx.desk.clinic.waitlist(&fx.ann.1, None, true).unwrap();
    assert!(open.is_empty());
    fx.untouched();
}

#[test]
fn the_desk_books_an_offer_for_its_patient() {
    let fx = fixture();
    fx.cancel_walk_in();
    let a = fx
        .desk
        .try_book_by(&fx.desk.admin(), fx.s900, Some(fx.ann.0))
        .unwrap();
    assert_eq!(a.patient_id, fx.ann.0);
    assert_eq!(fx.status(fx.e_ann), "booked");
    assert_eq!(fx.status(fx.e_bob), "waiting");
}

#[test]
fn an_unused_offer_expires_at_the_next_write_and_passes_to_the_next_entry() {
    let fx = fixture();
    fx.cancel_walk_in();
    assert_eq!(fx.status(fx.e_ann), "offered");

    // Still Ann's one minute before the hold runs out.
    fx.desk.advance_minutes(14);
    assert_eq!(fx.state(fx.s900), "held");
    assert_eq!(
        kind_of(fx.desk.try_book_by(&fx.bob.1, fx.s900, None)),
        ErrorKind::Conflict
    );
    assert_eq!(fx.status(fx.e_ann), "offered");

    // Past it: the listing no longer shows the dead offer, even before anything is written.
    fx.desk.advance_minutes(2);
    assert!(fx.entry(fx.e_ann).offer.is_none());

    // The next write (any booking transaction, here an unrelated hold) settles it: Ann's
    // offer expires and the slot is held for Bob.
    let moved_at = fx.desk.clinic.now();
    fx.desk
        .clinic
        .hold(&fx.desk.admin(), fx.other900, Some(fx.walk_in))
        .unwrap();
    assert_eq!(fx.status(fx.e_ann), "expired");
    let e = fx.entry(fx.e_bob);
    assert_eq!(e.status, "offered");
    let offer = e.offer.expect("Bob's offer");
    assert_eq!(offer.slot_id, fx.s900);
    assert_eq!(offer.expires_at, moved_at + chrono::Duration::minutes(15));
    assert_eq!(fx.state(fx.s900), "held");
    fx.untouched();

    // Ann has lost it; Bob books it.
    assert_eq!(
        kind_of(fx.desk.try_book_by(&fx.ann.1, fx.s900, None)),
        ErrorKind::Conflict
    );
    fx.desk.try_book_by(&fx.bob.1, fx.s900, None).unwrap();
    assert_eq!(fx.status(fx.e_bob), "booked");
    assert_eq!(fx.status(fx.e_ann), "expired");
}

#[test]
fn an_offer_nobody_takes_leaves_the_slot_free() {
    let fx = fixture();
    fx.cancel_walk_in();
    fx.desk.advance_minutes(16);
    // Ann's expires, Bob's is made (at the next write: an unrelated hold)…
    fx.desk
        .clinic
        .hold(&fx.desk.admin(), fx.other900, Some(fx.walk_in))
        .unwrap();
    assert_eq!(fx.status(fx.e_bob), "offered");
    // …and expires in turn: nobody is left, the slot is free for anyone.
    fx.desk.advance_minutes(16);
    let a = fx
        .desk
        .try_book_by(&fx.desk.admin(), fx.s900, Some(fx.walk_in))
        .unwrap();
    assert_eq!(a.slot_id, Some(fx.s900));
    assert_eq!(fx.status(fx.e_ann), "expired");
    assert_eq!(fx.status(fx.e_bob), "expired");
    fx.untouched();
}

#[test]
fn releasing_an_offer_passes_it_on() {
    let fx = fixture();
    fx.cancel_walk_in();
    // Ann declines by releasing the hold.
    fx.desk.clinic.release(&fx.ann.1, fx.s900).unwrap();
    assert_eq!(fx.status(fx.e_ann), "expired");
    assert_eq!(fx.status(fx.e_bob), "offered");
    assert_eq!(fx.state(fx.s900), "held");
    // Ann cannot release Bob's.
    assert_eq!(
        kind_of(fx.desk.clinic.release(&fx.ann.1, fx.s900)),
        ErrorKind::Forbidden
    );
    // The desk releases Bob's: nobody is left, the slot is free.
    fx.desk.clinic.release(&fx.desk.admin(), fx.s900).unwrap();
    assert_eq!(fx.status(fx.e_bob), "expired");
    assert_eq!(fx.state(fx.s900), "free");
    fx.untouched();
}

#[test]
fn leaving_the_waitlist_with_an_offer_passes_it_on() {
    let fx = fixture();
    fx.cancel_walk_in();
    let left = fx.desk.clinic.leave_waitlist(&fx.ann.1, fx.e_ann).unwrap();
    assert_eq!(left.status, "withdrawn");
    assert!(left.offer.is_none());
    assert_eq!(fx.status(fx.e_bob), "offered");
    assert_eq!(fx.entry(fx.e_bob).offer.unwrap().slot_id, fx.s900);
    // Leaving twice is a conflict.
    assert_eq!(
        kind_of(fx.desk.clinic.leave_waitlist(&fx.ann.1, fx.e_ann)),
        ErrorKind::Conflict
    );
    fx.desk
        .clinic
        .leave_waitlist(&fx.desk.admin(), fx.e_bob)
        .unwrap();
    assert_eq!(fx.state(fx.s900), "free");
}

#[test]
fn a_patient_who_would_overlap_is_skipped() {
    let fx = fixture();
    // Ann is booked with Dr. Other at 09:00 on D: the freed 09:00 would overlap (R3).
    fx.desk.book_for(fx.ann.0, fx.other900);
    fx.cancel_walk_in();
    assert_eq!(fx.status(fx.e_ann), "waiting");
    let e = fx.entry(fx.e_bob);
    assert_eq!(e.status, "offered");
    assert_eq!(e.offer.unwrap().slot_id, fx.s900);
}

#[test]
fn any_doctor_of_the_specialty_matches_and_other_days_and_specialties_do_not() {
    let fx = fixture();
    // A slot of Dr. Other (Cardiology) freed on D: only Bob's "any cardiologist" matches;
    // Ann waits for Dr. Wait.
    let val = fx.desk.add_patient("Val Other", None);
    let a = fx.desk.book_for(val, fx.other900);
    fx.desk
        .clinic
        .cancel(&fx.desk.admin(), a.id, Some("moved"))
        .unwrap();
    assert_eq!(fx.status(fx.e_ann), "waiting");
    let e = fx.entry(fx.e_bob);
    assert_eq!(e.status, "offered");
    assert_eq!(e.offer.unwrap().doctor_name, "Dr. Other");
    fx.untouched();

    // A freed slot of Dr. Wait on D+1: Cat waits for that day, so she is offered it.
    let next_day = fx
        .desk
        .clinic
        .slots(
            &fx.desk.admin(),
            &clinic::service::SlotFilter {
                doctor: Some(fx.wait),
                ..clinic::service::SlotFilter::day(day("2030-01-09"))
            },
        )
        .unwrap()[0]
        .id;
    let a = fx.desk.book_for(fx.walk_in, next_day);
    fx.desk.cancel(a.id);
    assert_eq!(fx.status(fx.e_cat_day), "offered");
    assert_eq!(fx.status(fx.e_cat_derm), "waiting");
    assert_eq!(fx.status(fx.e_ann), "waiting");
}

#[test]
fn rescheduling_away_frees_the_old_slot_for_the_waitlist() {
    let fx = fixture();
    fx.desk
        .clinic
        .reschedule(&fx.desk.admin(), fx.booked, fx.s930, None)
        .unwrap();
    assert_eq!(fx.status(fx.e_ann), "offered");
    assert_eq!(fx.entry(fx.e_ann).offer.unwrap().slot_id, fx.s900);
}

#[test]
fn a_doctor_cancelling_also_makes_an_offer() {
    let fx = fixture();
    fx.desk
        .clinic
        .cancel(&fx.doctor, fx.booked, Some("called away"))
        .unwrap();
    assert_eq!(fx.status(fx.e_ann), "offered");
}

#[test]
fn a_past_slot_is_never_offered() {
    let fx = fixture();
    fx.desk.set_now("2030-01-08T09:10");
    // The appointment has started; the desk cancels it anyway.
    fx.cancel_walk_in();
    assert_eq!(fx.status(fx.e_ann), "waiting");
    assert_eq!(fx.status(fx.e_bob), "waiting");
}

#[test]
fn who_sees_and_adds_waitlist_entries() {
    let fx = fixture();
    let c = &fx.desk.clinic;
    let ids = |actor: &Actor| -> Vec<WaitlistId> {
        c.waitlist(actor, None, false)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    };
    // The desk sees all, oldest first (by day, then when they joined).
    assert_eq!(
        ids(&fx.desk.admin()),
        vec![fx.e_cat_derm, fx.e_ann, fx.e_bob, fx.e_cat_day]
    );
    // Patients see their own only.
    assert_eq!(ids(&fx.ann.1), vec![fx.e_ann]);
    assert_eq!(ids(&fx.bob.1), vec![fx.e_bob]);
    assert_eq!(ids(&fx.cat.1), vec![fx.e_cat_derm, fx.e_cat_day]);
    // A doctor sees those for them and for any doctor of their specialty.
    assert_eq!(ids(&fx.doctor), vec![fx.e_ann, fx.e_bob, fx.e_cat_day]);
    // Filtering by day.
    let on_d: Vec<_> = c
        .waitlist(&fx.desk.admin(), Some(day("2030-01-09")), false)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(on_d, vec![fx.e_cat_day]);
    assert_eq!(
        kind_of(c.waitlist(&Actor::Guest, None, false)),
        ErrorKind::Auth
    );

    // Adding: a patient for themself only; doctors never; guests must sign in.
    let target = WaitlistTarget::Doctor(fx.other);
    assert_eq!(
        kind_of(c.join_waitlist(&fx.ann.1, Some(fx.bob.0), &target, D)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.join_waitlist(&fx.doctor, Some(fx.ann.0), &target, D)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.join_waitlist(&fx.doctor, None, &target, D)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.join_waitlist(&Actor::Guest, None, &target, D)),
        ErrorKind::Auth
    );
    assert_eq!(
        kind_of(c.join_waitlist(&Actor::Guest, Some(fx.ann.0), &target, D)),
        ErrorKind::Auth
    );
    let mine = c
        .join_waitlist(&fx.ann.1, Some(fx.ann.0), &target, D)
        .unwrap();
    assert_eq!(mine.patient_id, fx.ann.0);

    // Leaving: own entry or the desk; not another patient's, not a doctor.
    assert_eq!(
        kind_of(c.leave_waitlist(&fx.bob.1, fx.e_ann)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.leave_waitlist(&fx.doctor, fx.e_ann)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind_of(c.leave_waitlist(&Actor::Guest, fx.e_ann)),
        ErrorKind::Auth
    );
    assert_eq!(
        kind_of(c.leave_waitlist(&fx.desk.admin(), WaitlistId(9999))),
        ErrorKind::NotFound
    );
    c.leave_waitlist(&fx.ann.1, mine.id).unwrap();
}

#[test]
fn joining_is_checked() {
    let fx = fixture();
    let c = &fx.desk.clinic;
    let admin = &fx.desk.admin();
    let target = WaitlistTarget::Doctor(fx.wait);
    // The same wait twice.
    assert_eq!(
        kind_of(c.join_waitlist(&fx.ann.1, None, &target, D)),
        ErrorKind::Conflict
    );
    // A day gone by, a malformed date.
    assert_eq!(
        kind_of(c.join_waitlist(&fx.ann.1, None, &target, "2030-01-06")),
        ErrorKind::Invalid
    );
    assert_eq!(
        kind_of(c.join_waitlist(&fx.ann.1, None, &target, "08/01/2030")),
        ErrorKind::Invalid
    );
    // Unknown doctor, patient, specialty.
    assert_eq!(
        kind_of(c.join_waitlist(
            admin,
            Some(fx.ann.0),
            &WaitlistTarget::Doctor(DoctorId(999)),
            D
        )),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.join_waitlist(admin, Some(PatientId(999)), &target, D)),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind_of(c.join_waitlist(
            admin,
            Some(fx.ann.0),
            &WaitlistTarget::Specialty("Astrology".into()),
            D
        )),
        ErrorKind::NotFound
    );
    // The desk must say for whom.
    assert_eq!(
        kind_of(c.join_waitlist(admin, None, &target, D)),
        ErrorKind::Invalid
    );
}

#[test]
fn an_offer_let_go_is_not_made_again_to_the_same_patient_under_another_entry() {
    let fx = fixture();
    // Ann also waits for any cardiologist that day (after Bob).
    let e_ann_any = fx
        .desk
        .clinic
        .join_waitlist(
            &fx.ann.1,
            None,
            &WaitlistTarget::Specialty("Cardiology".into()),
            D,
        )
        .unwrap()
        .id;
    fx.cancel_walk_in();
    assert_eq!(fx.status(fx.e_ann), "offered");
    // Ann lets it expire; Bob gets it and declines it.
    fx.desk.advance_minutes(16);
    fx.desk
        .clinic
        .hold(&fx.desk.admin(), fx.other900, Some(fx.walk_in))
        .unwrap();
    assert_eq!(fx.status(fx.e_bob), "offered");
    fx.desk.clinic.release(&fx.bob.1, fx.s900).unwrap();
    // Ann's second entry is not offered the slot she already let go: it is free.
    assert_eq!(fx.status(e_ann_any), "waiting");
    assert_eq!(fx.state(fx.s900), "free");
    // Another freed slot that day still reaches her second entry.
    let val = fx.desk.add_patient("Val Other", None);
    let a = fx.desk.book_for(val, fx.s930);
    fx.desk.cancel(a.id);
    assert_eq!(fx.status(e_ann_any), "offered");
    assert_eq!(fx.entry(e_ann_any).offer.unwrap().slot_id, fx.s930);
}

#[test]
fn a_day_already_over_cannot_be_waited_for() {
    let fx = fixture();
    let c = &fx.desk.clinic;
    let target = WaitlistTarget::Doctor(fx.wait);
    fx.desk.set_now("2030-01-08T21:30");
    let refused = c.join_waitlist(&fx.cat.1, None, &target, "2030-01-08");
    assert_eq!(
        refused.unwrap_err().message(),
        "the clinic closed at 21:00 today; choose another day"
    );
    // Before closing, today still counts; tomorrow always does.
    fx.desk.set_now("2030-01-08T20:59");
    c.join_waitlist(&fx.cat.1, None, &target, "2030-01-08")
        .expect("today before closing");
    fx.desk.set_now("2030-01-08T21:30");
    c.join_waitlist(&fx.bob.1, None, &target, "2030-01-10")
        .expect("another day");
}
