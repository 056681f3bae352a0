//! Conversions between domain values and SQLite columns.

use crate::domain::ids::*;
use crate::domain::time::{DATE_FORMAT, MINUTE_FORMAT};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Event stamps (created, cancelled, expires…) keep seconds.
pub const STAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

macro_rules! sql_id {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }
        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(v).map($name)
            }
        }
    )*};
}

sql_id!(
    AccountId,
    PatientId,
    DoctorId,
    SlotId,
    AppointmentId,
    WaitlistId,
    PlanId,
    TimeOffId,
    VisitTypeId,
    SeriesId,
    MessageId
);

/// The stored form of a moment. The calendar ends with year 9999 (dates are typed with four
/// digits): the bound just past it, e.g. the end of 9999-12-31, is a text after every stored
/// time, so ranges ending there still compare as text.
pub fn minute(t: NaiveDateTime) -> String {
    if t.year() > 9999 {
        return "9999-12-31T24:00".to_string();
    }
    crate::domain::time::fmt_minute(t)
}

pub fn stamp(t: NaiveDateTime) -> String {
    use chrono::Timelike;
    format!("{}:{:02}", minute(t), t.second())
}

/// The stored form of a day; past year 9999, a text after every stored day (see [`minute`]).
pub fn date(d: NaiveDate) -> String {
    if d.year() > 9999 {
        return "9999-12-32".to_string();
    }
    crate::domain::time::fmt_date(d)
}

pub fn parse_minute(text: &str) -> FromSqlResult<NaiveDateTime> {
    match crate::domain::time::read_minute(text) {
        Some(t) => Ok(t),
        None => NaiveDateTime::parse_from_str(text, MINUTE_FORMAT)
            .map_err(|e| FromSqlError::Other(Box::new(e))),
    }
}

pub fn parse_stamp(text: &str) -> FromSqlResult<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, STAMP_FORMAT).map_err(|e| FromSqlError::Other(Box::new(e)))
}

pub fn parse_date(text: &str) -> FromSqlResult<NaiveDate> {
    NaiveDate::parse_from_str(text, DATE_FORMAT).map_err(|e| FromSqlError::Other(Box::new(e)))
}

/// Reads a `YYYY-MM-DDTHH:MM` column.
pub fn minute_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<NaiveDateTime> {
    let text: String = row.get(idx)?;
    parse_minute(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads an optional `YYYY-MM-DDTHH:MM` column.
pub fn opt_minute_at(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<NaiveDateTime>> {
    match row.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        _ => minute_at(row, idx).map(Some),
    }
}

/// Reads a `YYYY-MM-DDTHH:MM:SS` column.
pub fn stamp_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<NaiveDateTime> {
    let text: String = row.get(idx)?;
    parse_stamp(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads an optional `YYYY-MM-DDTHH:MM:SS` column.
pub fn opt_stamp_at(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<NaiveDateTime>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        parse_stamp(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// Reads an optional `YYYY-MM-DD` column.
pub fn date_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(idx)?;
    parse_date(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub fn opt_date_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        parse_date(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// Reads a text column holding one of the domain's words (a status, a kind, a channel).
pub fn parsed_at<T>(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr<Err = crate::Error>,
{
    let text: String = row.get(idx)?;
    text.parse().map_err(|e: crate::Error| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            e.message().into(),
        )
    })
}

/// [`parsed_at`] for a column that may be NULL.
pub fn opt_parsed_at<T>(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<T>>
where
    T: std::str::FromStr<Err = crate::Error>,
{
    match row.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parsed_at(row, idx).map(Some),
    }
}

/// `[day, next day)` as the two text bounds of a range scan on a `start` column.
pub fn day_bounds(day: NaiveDate) -> (String, String) {
    (date(day), date(crate::domain::time::next_day(day)))
}

/// A `WHERE` clause built from only the filters actually given, so SQLite plans each shape
/// with the right index (`?1 IS NULL OR col = ?1` would defeat every index). Statements stay
/// parameterised and are cached per shape.
#[derive(Default)]
pub struct Filter {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql>>,
}

impl Filter {
    /// Adds `clause` (with one `?` per value, in order) joined by AND.
    pub fn and(&mut self, clause: &str, values: Vec<Box<dyn ToSql>>) -> &mut Self {
        self.clauses.push(clause.to_string());
        self.params.extend(values);
        self
    }

    /// Adds `clause` with one value when `value` is present.
    pub fn and_some<T: ToSql + 'static>(&mut self, clause: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.and(clause, vec![Box::new(v)]);
        }
        self
    }

    /// ` WHERE a AND b`, or nothing.
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The values, followed by `tail` (e.g. LIMIT and OFFSET).
    pub fn params(self, tail: Vec<Box<dyn ToSql>>) -> Vec<Box<dyn ToSql>> {
        let mut all = self.params;
        all.extend(tail);
        all
    }
}
