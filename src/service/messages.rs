//! What the clinic tells patients, and when (SPEC §11): each booking change queues its
//! messages in its own transaction, so a change that rolls back tells no one and one that
//! commits is never forgotten.
//!
//! The use cases in `booking`, `time_off` and `waitlist` call these helpers inside their
//! write; the sender (`outbox`) asks [`still_wanted`] again when a message falls due.
//! Rescheduling replaces a visit's pending messages, cancelling skips them; a visit cancelled
//! before its confirmation went out is dropped quietly rather than told twice.

use crate::domain::message::{Channel, MessageKind};
use crate::domain::templates::{self, Subject, Values};
use crate::domain::time::{fmt_clock, human_day, human_when};
use crate::domain::{Appointment, AppointmentId, Contact, Patient, PatientId, Settings, Status};
use crate::error::Result;
use crate::store::outbox::{self, About, NewMessage};
use crate::store::{appointments, patients, settings, waitlist};
use chrono::NaiveDateTime;
use rusqlite::Connection;

/// Where a patient's messages go now, if anywhere.
pub(super) fn recipient(p: &Patient) -> Option<(Channel, String)> {
    match p.contact {
        Contact::Email => p.email.clone().map(|e| (Channel::Email, e)),
        Contact::Sms => p.phone.clone().map(|n| (Channel::Sms, n)),
        Contact::None => None,
    }
}

/// The subject and body of a message from its facts, for `channel`, with the clinic's and the
/// patient's names as they are now.
pub(super) fn write(
    kind: MessageKind,
    course: bool,
    channel: Channel,
    facts: &Values,
    patient: &Patient,
    settings: &Settings,
) -> (Option<String>, String) {
    let mut values = facts.clone();
    values
        .set("clinic", settings.clinic_name.as_str())
        .set("address", settings.address.clone().unwrap_or_default())
        .set("patient", patient.full_name.as_str());
    let about = if course {
        Subject::Course
    } else {
        Subject::One
    };
    let t = templates::template(kind, channel, about);
    let subject = t
        .subject
        .map(|s| templates::render(s, &values).trim().to_string());
    (subject, templates::render(t.body, &values))
}

/// What a visit's messages say about it.
fn visit_facts(a: &Appointment) -> Values {
    let mut v = Values::new();
    v.set("doctor", a.doctor_name.as_str())
        .set("specialty", a.specialty.as_str())
        .set("date", human_day(a.start.date()))
        .set("time", fmt_clock(a.start.time()))
        .set("end", fmt_clock(a.end.time()))
        .set(
            "type",
            a.visit_type
                .as_ref()
                .map(|t| format!("{t} ({} minutes)", a.duration))
                .unwrap_or_default(),
        );
    v
}

/// What a course's messages say about its visits (the first names the doctor and the time).
fn course_facts(visits: &[Appointment]) -> Values {
    let mut v = visit_facts(&visits[0]);
    let days: Vec<String> = visits
        .iter()
        .map(|a| format!("  - {}", human_day(a.start.date())))
        .collect();
    v.set("count", visits.len().to_string())
        .set("dates", days.join("\n"))
        .set("last", human_day(visits[visits.len() - 1].start.date()));
    v
}

/// One message to queue, before it is written for its channel.
struct Telling {
    kind: MessageKind,
    about: About,
    series: Option<crate::domain::SeriesId>,
    visit_start: Option<NaiveDateTime>,
    course: bool,
    facts: Values,
    due_at: NaiveDateTime,
}

/// Queues `t` for `patient`, written for the channel they want; nothing if they want none.
fn queue(tx: &Connection, patient: PatientId, t: Telling, now: NaiveDateTime) -> Result<()> {
    queue_all(tx, patient, &settings::get(tx)?, vec![t], now)
}

/// Queues one change's messages to one patient, reading the patient once.
fn queue_all(
    tx: &Connection,
    patient: PatientId,
    settings: &Settings,
    tellings: Vec<Telling>,
    now: NaiveDateTime,
) -> Result<()> {
    if tellings.is_empty() {
        return Ok(());
    }
    let p = patients::get(tx, patient)?;
    let Some((channel, to)) = recipient(&p) else {
        return Ok(());
    };
    for t in tellings {
        let (subject, body) = write(t.kind, t.course, channel, &t.facts, &p, settings);
        outbox::insert(
            tx,
            &NewMessage {
                kind: t.kind,
                patient,
                about: t.about,
                series: t.series,
                visit_start: t.visit_start,
                course: t.course,
                facts: &t.facts.to_json(),
                channel,
                to: &to,
                subject: subject.as_deref(),
                body: &body,
                due_at: t.due_at,
            },
            now,
        )?;
    }
    Ok(())
}

/// A visit's reminders at the clinic's offsets, leaving out those already due.
fn reminders(a: &Appointment, settings: &Settings, now: NaiveDateTime) -> Vec<Telling> {
    settings
        .reminders
        .due_times(a.start, now)
        .into_iter()
        .map(|due_at| Telling {
            kind: MessageKind::Reminder,
            about: About::Visit(a.id),
            series: a.series_id,
            visit_start: Some(a.start),
            course: false,
            facts: visit_facts(a),
            due_at,
        })
        .collect()
}

/// A message about one visit, due now.
fn about_visit(kind: MessageKind, a: &Appointment, now: NaiveDateTime) -> Telling {
    Telling {
        kind,
        about: About::Visit(a.id),
        series: a.series_id,
        visit_start: Some(a.start),
        course: false,
        facts: visit_facts(a),
        due_at: now,
    }
}

/// Skips a visit's pending messages about it alone (a course's confirmation stays: it is about
/// the other visits too). Returns whether its own confirmation was among them, i.e. the
/// patient has not been told of the booking yet.
fn skip_pending(tx: &Connection, visit: AppointmentId, why: &str) -> Result<bool> {
    let mut unconfirmed = false;
    for (id, kind, course) in outbox::pending_of(tx, visit)? {
        if course {
            continue;
        }
        outbox::skip(tx, id, why)?;
        unconfirmed |= kind == MessageKind::Confirmation;
    }
    Ok(unconfirmed && !outbox::any_sent(tx, visit)?)
}

/// The course confirmation of `series` not yet sent, if any (it hangs on the course's first
/// visit).
fn pending_course_confirmation(
    tx: &Connection,
    series: crate::domain::SeriesId,
) -> Result<Option<crate::domain::MessageId>> {
    let Some(first) = appointments::first_in_series(tx, series)? else {
        return Ok(None);
    };
    Ok(outbox::pending_of(tx, first)?
        .into_iter()
        .find(|(_, kind, course)| *course && *kind == MessageKind::Confirmation)
        .map(|(id, _, _)| id))
}

/// A visit was booked: its confirmation now, its reminders later.
pub(super) fn booked(tx: &Connection, a: &Appointment, now: NaiveDateTime) -> Result<()> {
    let settings = settings::get(tx)?;
    let mut all = vec![about_visit(MessageKind::Confirmation, a, now)];
    all.extend(reminders(a, &settings, now));
    queue_all(tx, a.patient_id, &settings, all, now)
}

/// A course was booked: one confirmation naming its days, and each visit's reminders.
pub(super) fn course_booked(
    tx: &Connection,
    visits: &[Appointment],
    now: NaiveDateTime,
) -> Result<()> {
    let first = match visits {
        [] => return Ok(()),
        [one] => return booked(tx, one, now),
        [first, ..] => first,
    };
    let settings = settings::get(tx)?;
    let mut all = vec![Telling {
        course: true,
        facts: course_facts(visits),
        ..about_visit(MessageKind::Confirmation, first, now)
    }];
    for a in visits {
        all.extend(reminders(a, &settings, now));
    }
    queue_all(tx, first.patient_id, &settings, all, now)
}

/// A visit moved from `was`: its pending messages are replaced by a notice of the move (or a
/// confirmation of the new time, if the first was never sent) and new reminders.
pub(super) fn rescheduled(
    tx: &Connection,
    id: AppointmentId,
    was: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    let a = appointments::get(tx, id)?;
    let unconfirmed = skip_pending(
        tx,
        id,
        &format!("replaced: the visit moved to {}", human_when(a.start)),
    )?;
    let mut t = about_visit(
        if unconfirmed {
            MessageKind::Confirmation
        } else {
            MessageKind::Rescheduled
        },
        &a,
        now,
    );
    t.facts.set("was", human_when(was));
    let settings = settings::get(tx)?;
    let mut all = vec![t];
    all.extend(reminders(&a, &settings, now));
    queue_all(tx, a.patient_id, &settings, all, now)
}

/// A visit was cancelled (by anyone, or by time off): its pending messages are skipped and
/// the patient is told, unless they were never told of the booking.
pub(super) fn cancelled(tx: &Connection, id: AppointmentId, now: NaiveDateTime) -> Result<()> {
    let a = appointments::get(tx, id)?;
    if skip_pending(tx, id, "the visit was cancelled")? {
        return Ok(());
    }
    let mut t = about_visit(MessageKind::Cancelled, &a, now);
    t.facts
        .set("why", a.cancel_reason.clone().unwrap_or_default());
    queue(tx, a.patient_id, t, now)
}

/// Several visits of a course were cancelled at once: one message naming their days.
pub(super) fn course_cancelled(
    tx: &Connection,
    visits: &[Appointment],
    now: NaiveDateTime,
) -> Result<()> {
    // The whole course gone before its confirmation went out: nobody is told anything.
    if let Some(series) = visits.first().and_then(|a| a.series_id)
        && let Some(confirmation) = pending_course_confirmation(tx, series)?
        && appointments::booked_in_series_after(tx, series, now)? == 0
    {
        outbox::skip(tx, confirmation, "the course was cancelled")?;
        for a in visits {
            skip_pending(tx, a.id, "the visit was cancelled")?;
        }
        return Ok(());
    }
    let mut told = Vec::new();
    for a in visits {
        if !skip_pending(tx, a.id, "the visit was cancelled")? {
            told.push(a.clone());
        }
    }
    match told.as_slice() {
        [] => Ok(()),
        [one] => {
            let mut t = about_visit(MessageKind::Cancelled, one, now);
            t.facts
                .set("why", one.cancel_reason.clone().unwrap_or_default());
            queue(tx, one.patient_id, t, now)
        }
        [first, ..] => {
            let mut facts = course_facts(&told);
            facts.set("why", first.cancel_reason.clone().unwrap_or_default());
            queue(
                tx,
                first.patient_id,
                Telling {
                    course: true,
                    facts,
                    ..about_visit(MessageKind::Cancelled, first, now)
                },
                now,
            )
        }
    }
}

/// A freed slot (or run of slots) from `start` to `end` with `doctor` is held for a waitlisted
/// patient until `until`.
pub(super) struct OfferFacts<'a> {
    pub offer: i64,
    pub patient: PatientId,
    pub doctor: &'a crate::domain::Doctor,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub visit_type: Option<&'a str>,
    pub until: NaiveDateTime,
}

pub(super) fn offered(tx: &Connection, o: &OfferFacts<'_>, now: NaiveDateTime) -> Result<()> {
    let mut facts = Values::new();
    facts
        .set("doctor", o.doctor.full_name.as_str())
        .set("specialty", o.doctor.specialty.as_str())
        .set("date", human_day(o.start.date()))
        .set("time", fmt_clock(o.start.time()))
        .set("end", fmt_clock(o.end.time()))
        .set("until", fmt_clock(o.until.time()))
        .set(
            "type",
            o.visit_type
                .map(|t| format!("{t} ({} minutes)", (o.end - o.start).num_minutes()))
                .unwrap_or_default(),
        );
    queue(
        tx,
        o.patient,
        Telling {
            kind: MessageKind::Offer,
            about: About::Offer(o.offer),
            series: None,
            visit_start: Some(o.start),
            course: false,
            facts,
            due_at: now,
        },
        now,
    )
}

/// Whether a due message still has something to say at `now`; if not, why not (it is then
/// skipped with that reason).
pub(super) fn still_wanted(
    tx: &Connection,
    m: &outbox::Due,
    now: NaiveDateTime,
) -> Result<Result<(), String>> {
    let visit = match m.about {
        About::Offer(offer) => {
            return Ok(if waitlist::offer_is_live(tx, offer, now)? {
                Ok(())
            } else {
                Err("the offer has ended".into())
            });
        }
        About::Visit(id) => appointments::get(tx, id)?,
    };
    if m.kind == MessageKind::Cancelled {
        return Ok(if visit.status == Status::Cancelled {
            Ok(())
        } else {
            Err("the visit is no longer cancelled".into())
        });
    }
    // A course's confirmation stands while any of its visits is still to come.
    if m.course {
        let to_come = match m.series {
            Some(series) => appointments::booked_in_series_after(tx, series, now)?,
            None => 0,
        };
        return Ok(if to_come > 0 {
            Ok(())
        } else {
            Err("no visit of the course is still to come".into())
        });
    }
    Ok(match visit.status {
        Status::Cancelled => Err("the visit was cancelled".into()),
        Status::Booked if Some(visit.start) != m.visit_start => {
            Err(format!("the visit moved to {}", human_when(visit.start)))
        }
        Status::Booked if visit.start <= now => Err("too late: the visit has begun".into()),
        Status::Booked => Ok(()),
        other => Err(format!("the visit is {}", other.state_words())),
    })
}
