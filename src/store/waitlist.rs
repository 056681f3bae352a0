//! Queries on `waitlist` and `offers` (R7).

use super::sql::{Filter, date, minute_at, opt_date_at, stamp, stamp_at};
use crate::domain::{AccountId, DoctorId, PatientId, SlotId, VisitTypeId, WaitlistId};
use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

/// A waitlist row joined with names, and its live offer if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    pub id: WaitlistId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub doctor_id: Option<DoctorId>,
    pub doctor_name: Option<String>,
    pub specialty: String,
    pub day: NaiveDate,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub offer: Option<OfferRow>,
    /// The visit type waited for, if any: id and name.
    pub visit_type: Option<(VisitTypeId, String)>,
}

/// A live offer: a freed slot held for a waitlisted patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRow {
    pub id: i64,
    pub waitlist_id: WaitlistId,
    pub slot_id: SlotId,
    pub start: NaiveDateTime,
    pub doctor_name: String,
    pub expires_at: NaiveDateTime,
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Connection,
    patient: PatientId,
    doctor: Option<DoctorId>,
    specialty: Option<i64>,
    day: NaiveDate,
    visit_type: Option<VisitTypeId>,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<WaitlistId> {
    let duplicate: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM waitlist WHERE patient_id = ?1 AND day = ?4
                 AND doctor_id IS ?2 AND specialty_id IS ?3 AND status IN ('waiting', 'offered'))",
        )?
        .query_row(params![patient, doctor, specialty, date(day)], |r| r.get(0))?;
    if duplicate {
        return Err(Error::conflict("the patient is already on that waitlist"));
    }
    conn.prepare_cached(
        "INSERT INTO waitlist (patient_id, doctor_id, specialty_id, day, created_at, created_by,
                               visit_type_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        patient,
        doctor,
        specialty,
        date(day),
        stamp(now),
        by,
        visit_type
    ])?;
    Ok(WaitlistId(conn.last_insert_rowid()))
}

const SELECT: &str = "SELECT w.id, w.patient_id, p.full_name, w.doctor_id, d.full_name,
        coalesce(sp.name, dsp.name), w.day, w.status, w.created_at,
        o.id, o.slot_id, s.start, sd.full_name, o.expires_at, w.visit_type_id, vt.name
    FROM waitlist w
    JOIN patients p ON p.id = w.patient_id
    LEFT JOIN doctors d ON d.id = w.doctor_id
    LEFT JOIN specialties dsp ON dsp.id = d.specialty_id
    LEFT JOIN specialties sp ON sp.id = w.specialty_id
    LEFT JOIN offers o ON o.waitlist_id = w.id AND o.outcome IS NULL
    LEFT JOIN slots s ON s.id = o.slot_id
    LEFT JOIN doctors sd ON sd.id = s.doctor_id
    LEFT JOIN visit_types vt ON vt.id = w.visit_type_id";

fn entry(r: &Row<'_>) -> rusqlite::Result<EntryRow> {
    let offer_id: Option<i64> = r.get(9)?;
    let offer = match (offer_id, r.get::<_, Option<SlotId>>(10)?) {
        (Some(id), Some(slot_id)) => Some(OfferRow {
            id,
            waitlist_id: r.get(0)?,
            slot_id,
            start: minute_at(r, 11)?,
            doctor_name: r.get(12)?,
            expires_at: stamp_at(r, 13)?,
        }),
        _ => None,
    };
    Ok(EntryRow {
        id: r.get(0)?,
        patient_id: r.get(1)?,
        patient_name: r.get(2)?,
        doctor_id: r.get(3)?,
        doctor_name: r.get(4)?,
        specialty: r.get(5)?,
        day: opt_date_at(r, 6)?.unwrap_or_default(),
        status: r.get(7)?,
        created_at: stamp_at(r, 8)?,
        offer,
        visit_type: match (
            r.get::<_, Option<VisitTypeId>>(14)?,
            r.get::<_, Option<String>>(15)?,
        ) {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        },
    })
}

pub fn get(conn: &Connection, id: WaitlistId) -> Result<EntryRow> {
    conn.prepare_cached(&format!("{SELECT} WHERE w.id = ?1"))?
        .query_row([id], entry)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no waitlist entry {id}")))
}

/// Entries, oldest first, narrowed by patient, by doctor (direct or via specialty), by day,
/// and to open ones (waiting or offered).
pub fn list(
    conn: &Connection,
    patient: Option<PatientId>,
    doctor: Option<DoctorId>,
    day: Option<NaiveDate>,
    open_only: bool,
) -> Result<Vec<EntryRow>> {
    let mut w = Filter::default();
    w.and_some("w.patient_id = ?", patient)
        .and_some("w.day = ?", day.map(date));
    if let Some(d) = doctor {
        w.and(
            "(w.doctor_id = ? OR w.specialty_id = (SELECT specialty_id FROM doctors WHERE id = ?))",
            vec![Box::new(d), Box::new(d)],
        );
    }
    if open_only {
        // Matches the partial index `waitlist_open` word for word.
        w.and("w.status IN ('waiting', 'offered')", vec![]);
    }
    let sql = format!(
        "{SELECT}{} ORDER BY w.day, w.created_at, w.id LIMIT 1000",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let params = w.params(vec![]);
    let rows = stmt.query_map(params_from_iter(params.iter()), entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Waiting entries that a freed slot of `doctor` on `day` would suit, oldest first.
/// The entries waiting for `doctor` (or their specialty) on `day`, oldest first, with the
/// minutes of the visit type each waits for (`None`: one slot).
pub fn matching(
    conn: &Connection,
    doctor: DoctorId,
    day: NaiveDate,
) -> Result<Vec<(WaitlistId, PatientId, Option<u32>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.id, w.patient_id, vt.minutes FROM waitlist w
         LEFT JOIN visit_types vt ON vt.id = w.visit_type_id
         WHERE w.day = ?2 AND w.status = 'waiting'
           AND (w.doctor_id = ?1
                OR w.specialty_id = (SELECT specialty_id FROM doctors WHERE id = ?1))
         ORDER BY w.created_at, w.id",
    )?;
    let rows = stmt.query_map(params![doctor, date(day)], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Has `patient` already let an offer of `slot` go (it expired, or they declined it)? The
/// slot then passes on to someone else even if they wait for it under another entry.
pub fn let_go(conn: &Connection, slot: SlotId, patient: PatientId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM offers o JOIN waitlist w ON w.id = o.waitlist_id
                 WHERE o.slot_id = ?1 AND w.patient_id = ?2
                   AND o.outcome IN ('expired', 'declined'))",
        )?
        .query_row(params![slot, patient], |r| r.get(0))?)
}

pub fn set_status(conn: &Connection, id: WaitlistId, status: &str) -> Result<()> {
    conn.prepare_cached("UPDATE waitlist SET status = ?2 WHERE id = ?1")?
        .execute(params![id, status])?;
    Ok(())
}

pub fn insert_offer(
    conn: &Connection,
    entry: WaitlistId,
    slot: SlotId,
    now: NaiveDateTime,
    expires: NaiveDateTime,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO offers (waitlist_id, slot_id, made_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![entry, slot, stamp(now), stamp(expires)])?;
    Ok(conn.last_insert_rowid())
}

/// Whether an offer still holds its slot at `now`: not booked, declined or expired.
pub fn offer_is_live(conn: &Connection, offer: i64, now: NaiveDateTime) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM offers
                            WHERE id = ?1 AND outcome IS NULL AND expires_at > ?2)",
        )?
        .query_row(params![offer, stamp(now)], |r| r.get(0))?)
}

/// Live offers whose time is up: `(offer, entry, slot)`.
pub fn expired_offers(
    conn: &Connection,
    now: NaiveDateTime,
) -> Result<Vec<(i64, WaitlistId, Option<SlotId>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, waitlist_id, slot_id FROM offers
         WHERE outcome IS NULL AND expires_at <= ?1 ORDER BY expires_at, id",
    )?;
    let rows = stmt.query_map([stamp(now)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live offer on `slot`: `(offer, entry, patient)`.
pub fn live_offer_on(
    conn: &Connection,
    slot: SlotId,
) -> Result<Option<(i64, WaitlistId, PatientId)>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.id, o.waitlist_id, w.patient_id FROM offers o
             JOIN waitlist w ON w.id = o.waitlist_id
             WHERE o.slot_id = ?1 AND o.outcome IS NULL",
        )?
        .query_row([slot], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

pub fn close_offer(conn: &Connection, offer: i64, outcome: &str) -> Result<()> {
    conn.prepare_cached("UPDATE offers SET outcome = ?2 WHERE id = ?1")?
        .execute(params![offer, outcome])?;
    Ok(())
}
