//! Queries on `patients`.

use super::sql::{Filter, date, opt_date_at, opt_parsed_at, stamp};
use crate::domain::text;
use crate::domain::{AccountId, Contact, DoctorId, Patient, PatientId, PatientProfile};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params, params_from_iter};

const SELECT: &str = "SELECT id, full_name, gender, dob, phone, email, notes, archived, account_id,
                             contact
                      FROM patients";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Patient> {
    let phone: Option<String> = r.get(4)?;
    let email: Option<String> = r.get(5)?;
    let chosen = opt_parsed_at(r, 9)?;
    Ok(Patient {
        id: r.get(0)?,
        full_name: r.get(1)?,
        gender: r.get(2)?,
        dob: opt_date_at(r, 3)?,
        contact: Contact::effective(chosen, email.as_deref(), phone.as_deref()),
        contact_chosen: chosen,
        phone,
        email,
        notes: r.get(6)?,
        archived: r.get(7)?,
        account: r.get(8)?,
    })
}

pub fn insert(
    conn: &Connection,
    p: &PatientProfile,
    account: Option<AccountId>,
    created_by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<PatientId> {
    conn.prepare_cached(
        "INSERT INTO patients (account_id, full_name, gender, dob, phone, email, notes,
                               created_at, created_by, search_key, contact)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        account,
        p.full_name,
        p.gender,
        p.dob.map(date),
        p.phone,
        p.email,
        p.notes,
        stamp(now),
        created_by,
        search_key(&p.full_name, p.phone.as_deref()),
        p.contact.map(Contact::as_str)
    ])?;
    Ok(PatientId(conn.last_insert_rowid()))
}

/// Inserts many patients without logins (an import), in order, with one statement into
/// `patients`: the rows are staged in a temporary table first, because each statement on
/// `patients` flushes the name search's full-text index, and one flush for the lot is what
/// makes 50 000 rows take seconds rather than minutes.
pub fn insert_many(
    conn: &Connection,
    rows: &[PatientProfile],
    created_by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS arriving_patients (
             n INTEGER PRIMARY KEY, full_name TEXT, gender TEXT, dob TEXT, phone TEXT,
             email TEXT, notes TEXT, search_key TEXT, contact TEXT);
         DELETE FROM temp.arriving_patients;",
    )?;
    {
        let mut stage = conn.prepare_cached(
            "INSERT INTO temp.arriving_patients
                 (full_name, gender, dob, phone, email, notes, search_key, contact)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for p in rows {
            stage.execute(params![
                p.full_name,
                p.gender,
                p.dob.map(date),
                p.phone,
                p.email,
                p.notes,
                search_key(&p.full_name, p.phone.as_deref()),
                p.contact.map(Contact::as_str)
            ])?;
        }
    }
    conn.execute(
        "INSERT INTO patients (full_name, gender, dob, phone, email, notes, created_at,
                               created_by, search_key, contact)
         SELECT full_name, gender, dob, phone, email, notes, ?1, ?2, search_key, contact
         FROM temp.arriving_patients ORDER BY n",
        params![stamp(now), created_by],
    )?;
    conn.execute_batch("DELETE FROM temp.arriving_patients;")?;
    Ok(())
}

pub fn update(conn: &Connection, id: PatientId, p: &PatientProfile) -> Result<()> {
    conn.prepare_cached(
        "UPDATE patients SET full_name = ?2, gender = ?3, dob = ?4, phone = ?5, email = ?6,
                             notes = ?7, search_key = ?8, contact = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        p.full_name,
        p.gender,
        p.dob.map(date),
        p.phone,
        p.email,
        p.notes,
        search_key(&p.full_name, p.phone.as_deref()),
        p.contact.map(Contact::as_str)
    ])?;
    Ok(())
}

pub fn set_archived(conn: &Connection, id: PatientId, archived: bool) -> Result<()> {
    conn.prepare_cached("UPDATE patients SET archived = ?2 WHERE id = ?1")?
        .execute(params![id, archived])?;
    Ok(())
}

/// What tells one patient from another when a file is imported.
#[derive(Debug, Clone)]
pub struct Identity {
    pub id: PatientId,
    pub full_name: String,
    pub dob: Option<chrono::NaiveDate>,
    pub email: Option<String>,
}

/// Every patient's name, birth date and e-mail, archived ones too: what duplicates are
/// looked for by when a file is imported.
pub fn identities(conn: &Connection) -> Result<Vec<Identity>> {
    let mut stmt = conn.prepare_cached("SELECT id, full_name, dob, email FROM patients")?;
    let rows = stmt.query_map([], |r| {
        Ok(Identity {
            id: r.get(0)?,
            full_name: r.get(1)?,
            dob: opt_date_at(r, 2)?,
            email: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every patient (or those with an appointment starting in `[from, to)`), by id, one at a
/// time through `f`.
pub fn each(
    conn: &Connection,
    with_visits_in: Option<(NaiveDateTime, NaiveDateTime)>,
    mut f: impl FnMut(Patient) -> Result<()>,
) -> Result<()> {
    let (mut stmt, bounds) = match with_visits_in {
        Some((from, to)) => (
            conn.prepare_cached(&format!(
                "{SELECT} WHERE id IN (SELECT patient_id FROM appointments
                                       WHERE start >= ?1 AND start < ?2)
                 ORDER BY id"
            ))?,
            (super::sql::minute(from), super::sql::minute(to)),
        ),
        None => (
            conn.prepare_cached(&format!(
                "{SELECT} WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL ORDER BY id"
            ))?,
            (String::new(), String::new()),
        ),
    };
    let mut rows = stmt.query(params![bounds.0, bounds.1])?;
    while let Some(r) = rows.next()? {
        f(from_row(r)?)?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: PatientId) -> Result<Patient> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no patient {id}")))
}

/// Patients with this e-mail address (any case).
pub fn with_email(conn: &Connection, email: &str) -> Result<Vec<Patient>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE email = ?1 COLLATE NOCASE"))?;
    let rows = stmt.query_map([email], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What narrows a patient list.
#[derive(Debug, Clone, Default)]
pub struct PatientQuery<'a> {
    /// Part of the name or phone number, case-insensitive.
    pub search: Option<&'a str>,
    /// Only patients this doctor has or had appointments with (or is assigned to).
    pub related_to: Option<DoctorId>,
    pub include_archived: bool,
    pub limit: u32,
    pub offset: u32,
}

/// Patients by name, paged.
pub fn search(conn: &Connection, q: &PatientQuery<'_>) -> Result<Vec<Patient>> {
    let mut w = Filter::default();
    if let Some(text) = q.search {
        let (clause, value) = matching("p", text);
        w.and(&clause, vec![value]);
    }
    if !q.include_archived {
        w.and("p.archived = 0", vec![]);
    }
    if let Some(d) = q.related_to {
        w.and(
            "(p.id IN (SELECT patient_id FROM appointments WHERE doctor_id = ?)
              OR p.id IN (SELECT patient_id FROM care_team WHERE doctor_id = ?))",
            vec![Box::new(d), Box::new(d)],
        );
    }
    let sql = format!(
        "{SELECT} p{} ORDER BY p.full_name COLLATE NOCASE, p.id LIMIT ? OFFSET ?",
        w.sql()
    );
    let params = w.params(vec![Box::new(q.limit), Box::new(q.offset)]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Does `doctor` have or had an appointment with `patient`, or is on their care team?
pub fn is_related(conn: &Connection, doctor: DoctorId, patient: PatientId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM appointments WHERE doctor_id = ?1 AND patient_id = ?2)
                 OR EXISTS (SELECT 1 FROM care_team WHERE doctor_id = ?1 AND patient_id = ?2)",
        )?
        .query_row(params![doctor, patient], |r| r.get(0))?)
}

/// What search finds a patient by: the folded name (no case, no accents, any script) and,
/// after a `|`, the phone number's digits.
pub fn search_key(full_name: &str, phone: Option<&str>) -> String {
    let mut key = text::search_key(full_name);
    let digits: String = phone
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if !digits.is_empty() {
        key.push_str(" | ");
        key.push_str(&digits);
    }
    key
}

/// A typed search as keys hold it: a phone number's digits, else the folded text.
fn search_text(typed: &str) -> String {
    let t = typed.trim();
    let phone = t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone {
        t.chars().filter(char::is_ascii_digit).collect()
    } else {
        text::search_key(t)
    }
}

/// The condition "patient `alias` matches `typed`" and its one value: by the trigram index
/// when the search has the three characters a trigram needs, else by reading the keys (one
/// or two characters match so many names that the first page fills at once).
pub fn matching(alias: &str, typed: &str) -> (String, Box<dyn ToSql>) {
    let key = search_text(typed);
    if key.chars().count() >= 3 {
        (
            format!(
                "{alias}.id IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?)"
            ),
            Box::new(format!("\"{}\"", key.replace('"', "\"\""))),
        )
    } else {
        (format!("instr({alias}.search_key, ?) > 0"), Box::new(key))
    }
}
