//! Property test: random sequences of book (one slot, a visit of a type covering several, or a
//! series) / cancel (one, or the rest of a series) / reschedule / hold / release / declare /
//! remove / check-in / complete / no-show / time passing, by random actors (admin, doctors,
//! patients, a guest, and actors with ids that do not exist), on a real clinic file.
//!
//! After every step the file itself is read through a second connection and must satisfy
//! R1 (slots inside hours, on the grid, never overlapping), R2 for every slot a visit covers
//! (and a visit covers exactly its minutes), R3 on real spans, R4 (for appointments booked
//! without an override reason), R5 for anything newly booked or moved, R9 (no status ever moves
//! backwards; nothing is ever deleted), R6 (no live hold on a booked slot), and `check()`.
//! Refusals are fine; panics, internal or database errors and broken invariants are not.

mod support;

use chrono::{Duration, NaiveDateTime};
use clinic::domain::VisitTypeId;
use clinic::domain::visit_type::{Repeat, VisitTypeInput};
use clinic::domain::{AccountId, Actor, AppointmentId, DoctorId, PatientId, SlotId, Status};
use clinic::service::{BookRequest, SeriesRequest};
use clinic::{Error, ErrorKind};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rusqlite::Connection;
use std::collections::HashMap;
use support::clinic::*;
use support::hm;

/// Who acts: an index into [`World::actor`].
type Who = u8;
/// Picks among the ids that exist (or, now and then, one that does not).
type Pick = u16;

#[derive(Debug, Clone)]
enum Op {
    Book {
        who: Who,
        slot: Pick,
        patient: Pick,
        override_limit: bool,
        /// 0–1: one slot; else a visit type.
        kind: u8,
        /// 0: one visit; else a series of this many, weekly or every other week.
        series: u8,
    },
    Cancel {
        who: Who,
        appt: Pick,
        /// This visit and the later ones of its series.
        series: bool,
    },
    Reschedule {
        who: Who,
        appt: Pick,
        slot: Pick,
        override_limit: bool,
    },
    Hold {
        who: Who,
        slot: Pick,
        patient: Pick,
        kind: u8,
    },
    Release {
        who: Who,
        slot: Pick,
    },
    Declare {
        who: Who,
        doctor: Pick,
        day: u8,
        from: u8,
        count: u8,
        length: u8,
    },
    Remove {
        who: Who,
        slots: Vec<Pick>,
    },
    Visit {
        who: Who,
        appt: Pick,
        status: u8,
    },
    Advance {
        minutes: u16,
    },
}

/// Mostly people who may act (the desk, patients for themselves), sometimes anyone.
fn who() -> impl Strategy<Value = Who> + Clone {
    prop_oneof![
        1 => Just(0u8),
        7 => Just(1u8),
        3 => 3u8..6,
        6 => 6u8..9,
        1 => 9u8..11,
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let who = who();
    prop_oneof![
        6 => (
            who.clone(),
            any::<Pick>(),
            any::<Pick>(),
            proptest::bool::weighted(0.2),
            0u8..6,
            prop_oneof![4 => Just(0u8), 1 => 2u8..5],
        )
            .prop_map(|(who, slot, patient, override_limit, kind, series)| Op::Book {
                who,
                slot,
                patient,
                override_limit,
                kind,
                series
            }),
        2 => (who.clone(), any::<Pick>(), proptest::bool::weighted(0.3))
            .prop_map(|(who, appt, series)| Op::Cancel { who, appt, series }),
        2 => (who.clone(), any::<Pick>(), any::<Pick>(), proptest::bool::weighted(0.2)).prop_map(
            |(who, appt, slot, override_limit)| Op::Reschedule { who, appt, slot, override_limit }
        ),
        2 => (who.clone(), any::<Pick>(), any::<Pick>(), 0u8..6)
            .prop_map(|(who, slot, patient, kind)| Op::Hold { who, slot, patient, kind }),
        1 => (who.clone(), any::<Pick>()).prop_map(|(who, slot)| Op::Release { who, slot }),
        1 => (who.clone(), any::<Pick>(), 0u8..3, 0u8..150, 1u8..4, 0u8..8).prop_map(
            |(who, doctor, day, from, count, length)| Op::Declare { who, doctor, day, from, count, length }
        ),
        1 => (who.clone(), proptest::collection::vec(any::<Pick>(), 1..3))
            .prop_map(|(who, slots)| Op::Remove { who, slots }),
        3 => (who, any::<Pick>(), 0u8..3)
            .prop_map(|(who, appt, status)| Op::Visit { who, appt, status }),
        1 => (1u16..200).prop_map(|minutes| Op::Advance { minutes }),
    ]
}

/// The fixture plus what the checks remember between steps.
struct World {
    fx: Fixture,
    db: Connection,
    walk_ins: Vec<PatientId>,
    /// Visit types of 15, 30, 45 and 60 minutes.
    kinds: Vec<VisitTypeId>,
    /// Last seen status and reschedule count of every appointment.
    seen: HashMap<i64, (Status, u32)>,
}

const BOGUS: i64 = 987_654;

impl World {
    fn new() -> World {
        let fx = Fixture::new();
        // Tight limits so R4 is reached: House 3 a day, Grey 150 minutes a day.
        fx.set_limits(HOUSE, 3, 480);
        fx.set_limits(GREY, 12, 150);
        let walk_ins = vec![fx.walk_in("Walk One"), fx.walk_in("Walk Two")];
        let kinds = [
            ("Follow-up", 15),
            ("Consultation", 30),
            ("New patient", 45),
            ("Long", 60),
        ]
        .into_iter()
        .map(|(name, minutes)| {
            fx.clinic
                .add_visit_type(
                    &fx.admin(),
                    &VisitTypeInput {
                        name: Some(name.into()),
                        minutes: Some(minutes),
                        ..Default::default()
                    },
                )
                .expect("a visit type")
                .id
        })
        .collect();
        // A 15-minute grid on three Wednesdays, so runs and series have room.
        for week in 0..3 {
            fx.declare(
                HOUSE,
                WEDNESDAY + Duration::weeks(week),
                "09:00",
                "12:00",
                Some(15),
            );
        }
        let db = Connection::open(fx.path()).expect("second connection");
        db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        World {
            fx,
            db,
            walk_ins,
            kinds,
            seen: HashMap::new(),
        }
    }

    fn actor(&self, who: Who) -> Actor {
        let fx = &self.fx;
        match who {
            0 => Actor::Guest,
            1 | 2 => fx.admin(),
            3 => fx.doctor(HOUSE),
            4 => fx.doctor(GREY),
            5 => fx.doctor(WHO),
            6 => fx.patient(ANN),
            7 => fx.patient(BOB),
            8 => fx.patient(CYD),
            // Ids that do not exist, on a real account.
            _ => {
                if who % 2 == 0 {
                    Actor::Patient {
                        account: fx.patient_account(ANN),
                        patient: PatientId(BOGUS),
                    }
                } else {
                    Actor::Doctor {
                        account: AccountId(BOGUS),
                        doctor: DoctorId(BOGUS),
                    }
                }
            }
        }
    }

    fn ids(&self, sql: &str) -> Vec<i64> {
        let mut stmt = self.db.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// One of `ids` by `pick`, or a bogus id now and then (and always when there are none).
    fn pick(ids: &[i64], pick: Pick) -> i64 {
        if ids.is_empty() || pick % 23 == 0 {
            BOGUS
        } else {
            ids[pick as usize % ids.len()]
        }
    }

    fn slot(&self, pick: Pick) -> SlotId {
        SlotId(Self::pick(
            &self.ids("SELECT id FROM slots ORDER BY id"),
            pick,
        ))
    }

    /// Mostly a slot that has (or had) a hold: releasing a random slot is rarely interesting.
    fn held_slot(&self, pick: Pick) -> SlotId {
        let held = self.ids("SELECT slot_id FROM holds ORDER BY slot_id");
        if held.is_empty() || pick % 4 == 0 {
            self.slot(pick)
        } else {
            SlotId(held[pick as usize % held.len()])
        }
    }

    fn appt(&self, pick: Pick) -> AppointmentId {
        AppointmentId(Self::pick(
            &self.ids("SELECT id FROM appointments ORDER BY id"),
            pick,
        ))
    }

    /// Whom a hold or booking is for: a patient mostly books for themself, the desk names a
    /// patient; otherwise any of [`World::patient`].
    fn patient_for(&self, who: Who, pick: Pick) -> Option<PatientId> {
        match self.actor(who) {
            Actor::Patient { .. } if pick % 5 != 0 => None,
            Actor::Admin { .. } if pick % 5 != 0 => {
                self.patient(pick).or(Some(self.fx.patient_id(ANN)))
            }
            _ => self.patient(pick),
        }
    }

    /// `None` (for themself), one of the patients, a walk-in, or a bogus id.
    fn patient(&self, pick: Pick) -> Option<PatientId> {
        match pick % 8 {
            0 => None,
            1..=3 => Some(self.fx.patient_id(usize::from(pick % 8) - 1)),
            4 | 5 => Some(self.walk_ins[usize::from(pick % 2)]),
            6 => Some(PatientId(BOGUS)),
            _ => Some(self.fx.patient_id(usize::from(pick / 8) % 3)),
        }
    }

    /// 0–1: no type (one slot); else one of the four types.
    fn kind(&self, pick: u8) -> Option<VisitTypeId> {
        usize::from(pick)
            .checked_sub(2)
            .map(|i| self.kinds[i % self.kinds.len()])
    }

    fn doctor(&self, pick: Pick) -> DoctorId {
        match pick % 7 {
            6 => DoctorId(BOGUS),
            n => self.fx.doctor_id(usize::from(n) % 3),
        }
    }

    fn run(&self, op: &Op) -> Result<(), Error> {
        let c = &self.fx.clinic;
        let reason = |yes: bool| yes.then(|| "front desk override".to_string());
        match op {
            Op::Book {
                who,
                slot,
                patient,
                override_limit,
                kind,
                series,
            } => {
                let req = BookRequest {
                    slot: self.slot(*slot),
                    patient: self.patient_for(*who, *patient),
                    reason: Some("check-up".into()),
                    override_reason: reason(*override_limit),
                    visit_type: self.kind(*kind),
                };
                if *series == 0 {
                    c.book(&self.actor(*who), &req).map(drop)
                } else {
                    let series = SeriesRequest {
                        repeat: if series % 2 == 0 {
                            Repeat::Weekly
                        } else {
                            Repeat::Biweekly
                        },
                        count: u32::from(*series),
                        skip_unavailable: *kind % 2 == 0,
                    };
                    c.book_series(&self.actor(*who), &req, series).map(drop)
                }
            }
            Op::Cancel { who, appt, series } => {
                let (actor, appt) = (self.actor(*who), self.appt(*appt));
                if *series {
                    c.cancel_series(&actor, appt, Some("property test"))
                        .map(drop)
                } else {
                    c.cancel(&actor, appt, Some("property test")).map(drop)
                }
            }
            Op::Reschedule {
                who,
                appt,
                slot,
                override_limit,
            } => c
                .reschedule(
                    &self.actor(*who),
                    self.appt(*appt),
                    self.slot(*slot),
                    reason(*override_limit).as_deref(),
                )
                .map(drop),
            Op::Hold {
                who,
                slot,
                patient,
                kind,
            } => c
                .hold_visit(
                    &self.actor(*who),
                    self.slot(*slot),
                    self.patient_for(*who, *patient),
                    self.kind(*kind),
                )
                .map(drop),
            Op::Release { who, slot } => c.release(&self.actor(*who), self.held_slot(*slot)),
            Op::Declare {
                who,
                doctor,
                day,
                from,
                count,
                length,
            } => {
                let length = [15u32, 20, 25, 30, 45, 60, 90, 120][usize::from(*length)];
                // From 08:00 on the 5-minute grid, so some fall outside opening hours.
                let from = hm("08:00") + Duration::minutes(5 * i64::from(*from));
                let to = from + Duration::minutes(i64::from(length) * i64::from(*count));
                c.declare_slots(
                    &self.actor(*who),
                    self.doctor(*doctor),
                    MONDAY + Duration::days(i64::from(*day)),
                    from,
                    to,
                    Some(length),
                )
                .map(drop)
            }
            Op::Remove { who, slots } => {
                let ids: Vec<SlotId> = slots.iter().map(|&p| self.slot(p)).collect();
                c.remove_slots(&self.actor(*who), &ids).map(drop)
            }
            Op::Visit { who, appt, status } => {
                let status =
                    [Status::CheckedIn, Status::Completed, Status::NoShow][usize::from(*status)];
                c.set_visit_status(&self.actor(*who), self.appt(*appt), status)
                    .map(drop)
            }
            Op::Advance { minutes } => {
                self.fx
                    .clock
                    .advance(Duration::minutes(i64::from(*minutes)));
                Ok(())
            }
        }
    }

    /// Every invariant, read from the file. `now` is the clock during the step just run.
    fn check(&mut self, now: NaiveDateTime, step: &str) -> Result<(), TestCaseError> {
        let report = self.fx.clinic.check().expect("check runs");
        prop_assert!(report.ok, "{step}: check() found {:?}", report.problems);

        let none = |sql: &str| -> Vec<String> { self.ids_text(sql) };

        // R1: every slot inside 09:00–21:00 on one day, 15–120 minutes on the 5-minute grid,
        // never overlapping another slot of the same doctor.
        let bad = none(
            "SELECT id || ' ' || start || '-' || end_at FROM slots
             WHERE substr(start, 12) < '09:00' OR substr(end_at, 12) > '21:00'
                OR substr(start, 1, 10) <> substr(end_at, 1, 10)
                OR duration NOT BETWEEN 15 AND 120 OR duration % 5 <> 0
                OR CAST(substr(start, 16, 1) AS INTEGER) % 5 <> 0
                OR strftime('%Y-%m-%dT%H:%M', start, '+' || duration || ' minutes') <> end_at",
        );
        prop_assert!(bad.is_empty(), "{step}: R1 broken by slots {bad:?}");
        let bad = none(
            "SELECT a.id || ' overlaps ' || b.id FROM slots a JOIN slots b
               ON b.doctor_id = a.doctor_id AND b.id > a.id
              AND b.start < a.end_at AND b.end_at > a.start",
        );
        prop_assert!(bad.is_empty(), "{step}: R1 overlap {bad:?}");

        // R2, for every slot a visit covers; and a visit covers back-to-back slots from its
        // own that total exactly its minutes.
        let bad = none(
            "SELECT s.id || ': ' || group_concat(a.id) FROM appointments a
             JOIN slots s ON s.doctor_id = a.doctor_id AND s.start >= a.start AND s.start < a.end_at
             WHERE a.status <> 'cancelled'
             GROUP BY s.id HAVING count(*) > 1",
        );
        prop_assert!(bad.is_empty(), "{step}: R2 broken {bad:?}");
        let bad = none(
            "SELECT a.id || ' (' || a.duration || ' min)' FROM appointments a
             WHERE a.status <> 'cancelled'
               AND (a.duration <> (SELECT coalesce(sum(s.duration), 0) FROM slots s
                                   WHERE s.doctor_id = a.doctor_id AND s.start >= a.start
                                     AND s.end_at <= a.end_at)
                    OR NOT EXISTS (SELECT 1 FROM slots f WHERE f.id = a.slot_id AND f.start = a.start)
                    OR (a.visit_type_id IS NOT NULL
                        AND a.duration <> (SELECT minutes FROM visit_types t WHERE t.id = a.visit_type_id)))",
        );
        prop_assert!(
            bad.is_empty(),
            "{step}: visits not covering their minutes {bad:?}"
        );

        // R3.
        let bad = none(
            "SELECT a.id || ' and ' || b.id FROM appointments a JOIN appointments b
               ON b.patient_id = a.patient_id AND b.id > a.id
              AND b.status <> 'cancelled' AND b.start < a.end_at AND b.end_at > a.start
             WHERE a.status <> 'cancelled'",
        );
        prop_assert!(bad.is_empty(), "{step}: R3 broken {bad:?}");

        // R4: what was booked without an override stays within the doctor's limits.
        let bad = none(
            "SELECT d.full_name || ' on ' || substr(a.start, 1, 10) || ': '
                    || count(*) || '/' || d.max_per_day || ', '
                    || sum(a.duration) || '/' || d.max_minutes || ' min'
             FROM appointments a JOIN doctors d ON d.id = a.doctor_id
             WHERE a.status <> 'cancelled' AND a.override_reason IS NULL
             GROUP BY a.doctor_id, substr(a.start, 1, 10)
             HAVING count(*) > d.max_per_day OR sum(a.duration) > d.max_minutes",
        );
        prop_assert!(bad.is_empty(), "{step}: R4 broken {bad:?}");

        // R6: booking ends a hold, so no live hold sits on a booked slot.
        let stamp = now.format("%Y-%m-%dT%H:%M:%S").to_string();
        let mut stmt = self
            .db
            .prepare(
                "SELECT h.slot_id FROM holds h
                 JOIN visit_slots v ON v.slot_id = h.slot_id
                 WHERE h.expires_at > ?1",
            )
            .unwrap();
        let held_and_booked: Vec<i64> = stmt
            .query_map([&stamp], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        prop_assert!(
            held_and_booked.is_empty(),
            "{step}: live holds on booked slots {held_and_booked:?}"
        );

        // R9 (status forward only, nothing deleted), R8 (reschedules counted one at a time),
        // R5 (nothing new or moved lies in the past).
        let mut stmt = self
            .db
            .prepare("SELECT id, status, reschedules, start FROM appointments")
            .unwrap();
        let rows: Vec<(i64, String, u32, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        prop_assert!(
            rows.len() >= self.seen.len(),
            "{step}: appointments were deleted"
        );
        let mut next = HashMap::new();
        for (id, status, reschedules, start) in rows {
            let status: Status = status.parse().expect("an R9 word");
            let start = NaiveDateTime::parse_from_str(&start, "%Y-%m-%dT%H:%M").unwrap();
            match self.seen.get(&id) {
                None => {
                    prop_assert_eq!(status, Status::Booked, "{}: new appointment {}", step, id);
                    prop_assert_eq!(reschedules, 0, "{}: new appointment {}", step, id);
                    prop_assert!(start > now, "{step}: appointment {id} booked in the past");
                }
                Some(&(before, moved)) => {
                    prop_assert!(
                        forward(before, status),
                        "{step}: appointment {id} went from {before} to {status}"
                    );
                    prop_assert!(
                        reschedules == moved || reschedules == moved + 1,
                        "{step}: appointment {id} reschedules {moved} -> {reschedules}"
                    );
                    if reschedules > moved {
                        prop_assert!(start > now, "{step}: appointment {id} moved into the past");
                    }
                }
            }
            next.insert(id, (status, reschedules));
        }
        for id in self.seen.keys() {
            prop_assert!(
                next.contains_key(id),
                "{step}: appointment {id} disappeared"
            );
        }
        self.seen = next;
        Ok(())
    }

    fn ids_text(&self, sql: &str) -> Vec<String> {
        let mut stmt = self.db.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}

/// R9: the allowed moves (or none).
fn forward(from: Status, to: Status) -> bool {
    use Status::*;
    from == to
        || matches!(
            (from, to),
            (Booked, CheckedIn | Cancelled | NoShow) | (CheckedIn, Completed | NoShow)
        )
}

fn config() -> Config {
    Config {
        cases: 64,
        failure_persistence: None,
        // Shrinking replays whole sequences on a file; keep a failure's report timely.
        max_shrink_iters: 256,
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_use_never_breaks_r1_r2_r3_r4_r5_r6_r8_r9(ops in proptest::collection::vec(op(), 40..80)) {
        let mut world = World::new();
        world.check(world.fx.clinic.now(), "start")?;
        for (i, op) in ops.iter().enumerate() {
            let now = world.fx.clinic.now();
            let outcome = world.run(op);
            if let Err(e) = &outcome {
                prop_assert!(
                    !matches!(e.kind(), ErrorKind::Internal | ErrorKind::Database),
                    "step {i} {op:?}: {:?} error: {}", e.kind(), e.message()
                );
                // A raw SQLite constraint message means the code let the schema catch it.
                prop_assert!(
                    !e.message().contains("constraint failed"),
                    "step {i} {op:?}: {}", e.message()
                );
            }
            world.check(now, &format!("step {i} {op:?} -> {outcome:?}"))?;
        }
    }
}

/// Builds a step's operation from the world as it is then (ids exist only once booked).
type MakeOp = Box<dyn Fn(&World) -> Op>;

/// Guards the generator against silently testing nothing: a fixed, plausible sequence of the
/// same operations books, is refused by R4, overrides it, checks in, reschedules, cancels and
/// completes, with every invariant checked after each step.
#[test]
fn the_operations_reach_every_state() {
    let mut world = World::new();
    let ann: Pick = 1; // patient pick 1 = Ann; 0 = the acting patient themself
    let steps: Vec<(MakeOp, bool)> = vec![
        (
            Box::new(move |w| Op::Book {
                who: 1,
                slot: slot_pick(w, HOUSE, "2030-01-07T09:00"),
                patient: ann,
                override_limit: false,
                kind: 0,
                series: 0,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Book {
                who: 7,
                slot: slot_pick(w, HOUSE, "2030-01-07T09:30"),
                patient: 0,
                override_limit: false,
                kind: 0,
                series: 0,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Book {
                who: 8,
                slot: slot_pick(w, HOUSE, "2030-01-07T10:00"),
                patient: 0,
                override_limit: false,
                kind: 0,
                series: 0,
            }),
            true,
        ),
        // House is full (3 a day): only the admin's override gets Ann's second visit in.
        (
            Box::new(|w| Op::Book {
                who: 6,
                slot: slot_pick(w, HOUSE, "2030-01-07T11:00"),
                patient: 0,
                override_limit: false,
                kind: 0,
                series: 0,
            }),
            false,
        ),
        (
            Box::new(|w| Op::Book {
                who: 6,
                slot: slot_pick(w, HOUSE, "2030-01-07T11:00"),
                patient: 0,
                override_limit: true,
                kind: 0,
                series: 0,
            }),
            false,
        ),
        (
            Box::new(move |w| Op::Book {
                who: 1,
                slot: slot_pick(w, HOUSE, "2030-01-07T11:00"),
                patient: ann,
                override_limit: true,
                kind: 0,
                series: 0,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Visit {
                who: 3,
                appt: appt_pick(w, 0),
                status: 0,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Reschedule {
                who: 7,
                appt: appt_pick(w, 1),
                slot: slot_pick(w, GREY, "2030-01-08T09:00"),
                override_limit: false,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Cancel {
                who: 8,
                appt: appt_pick(w, 2),
                series: false,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Remove {
                who: 4,
                slots: vec![slot_pick(w, GREY, "2030-01-08T09:00")],
            }),
            false,
        ),
        (
            Box::new(|_| Op::Declare {
                who: 5,
                doctor: 2,
                day: 2,
                from: 12,
                count: 2,
                length: 3,
            }),
            true,
        ),
        // Cyd books a 45-minute new-patient visit on House's 15-minute grid: three slots.
        (
            Box::new(|w| Op::Book {
                who: 8,
                slot: slot_pick(w, HOUSE, "2030-01-09T09:00"),
                patient: 0,
                override_limit: false,
                kind: 4,
                series: 0,
            }),
            true,
        ),
        // A slot inside it is taken, whoever asks.
        (
            Box::new(move |w| Op::Book {
                who: 1,
                slot: slot_pick(w, HOUSE, "2030-01-09T09:30"),
                patient: ann,
                override_limit: true,
                kind: 0,
                series: 0,
            }),
            false,
        ),
        // The desk books Ann a weekly pair of follow-ups, then cancels the course.
        (
            Box::new(move |w| Op::Book {
                who: 1,
                slot: slot_pick(w, HOUSE, "2030-01-09T10:00"),
                patient: ann,
                override_limit: false,
                kind: 2,
                series: 2,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Cancel {
                who: 1,
                appt: appt_pick(w, 5),
                series: true,
            }),
            true,
        ),
        (Box::new(|_| Op::Advance { minutes: 100 }), true),
        (
            Box::new(|w| Op::Visit {
                who: 3,
                appt: appt_pick(w, 0),
                status: 1,
            }),
            true,
        ),
        (
            Box::new(|w| Op::Visit {
                who: 1,
                appt: appt_pick(w, 0),
                status: 2,
            }),
            false,
        ),
    ];
    for (i, (make, ok)) in steps.iter().enumerate() {
        let op = make(&world);
        let now = world.fx.clinic.now();
        let r = world.run(&op);
        assert_eq!(r.is_ok(), *ok, "step {i} {op:?}: {r:?}");
        world.check(now, &format!("step {i}")).unwrap();
    }
    let mut statuses: Vec<&str> = world.seen.values().map(|s| s.0.as_str()).collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [
            "booked",
            "booked",
            "booked",
            "cancelled",
            "cancelled",
            "cancelled",
            "completed"
        ]
    );
    let covered = world.ids("SELECT v.slot_id FROM visit_slots v JOIN appointments a ON a.id = v.appointment_id WHERE a.duration = 45");
    assert_eq!(covered.len(), 3, "the new-patient visit covers three slots");
    let overridden = world.ids("SELECT id FROM appointments WHERE override_reason IS NOT NULL");
    assert_eq!(overridden.len(), 1);
    let wednesday = world.ids(&format!(
        "SELECT id FROM slots WHERE start = '2030-01-09T09:00' AND doctor_id = {}",
        world.fx.doctor_id(WHO)
    ));
    assert_eq!(wednesday.len(), 1, "Who declared 09:00-09:50 on Wednesday");
}

/// The pick that selects `id` among `ids`, avoiding the bogus picks.
fn pick_for(ids: &[i64], id: i64) -> Pick {
    let pos = ids.iter().position(|&x| x == id).expect("id exists");
    (0..)
        .map(|k| (pos + k * ids.len()) as Pick)
        .find(|p| p % 23 != 0)
        .unwrap()
}

fn slot_pick(w: &World, doctor: usize, start: &str) -> Pick {
    pick_for(
        &w.ids("SELECT id FROM slots ORDER BY id"),
        w.fx.slot(doctor, start).0,
    )
}

/// The pick of the `n`-th appointment ever booked.
fn appt_pick(w: &World, n: usize) -> Pick {
    let ids = w.ids("SELECT id FROM appointments ORDER BY id");
    pick_for(&ids, ids[n])
}
