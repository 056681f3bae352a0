//! The slot finder's filters: a day, a window of start times, a specialty, a doctor, a visit
//! type and a sort order; the form that edits them and the line that names them.

use crate::Result;
use crate::domain::time::{fmt_clock, fmt_date, human_day, parse_clock, parse_date};
use crate::domain::{Doctor, DoctorId, SlotSort, VisitType, VisitTypeId};
use crate::tui::widgets::form::{Field, Form};
use chrono::{NaiveDate, NaiveTime};

const SORTS: [(SlotSort, &str); 4] = [
    (SlotSort::Time, "time"),
    (SlotSort::Doctor, "doctor"),
    (SlotSort::Specialty, "specialty"),
    (SlotSort::Fee, "fee"),
];

fn sort_name(sort: SlotSort) -> &'static str {
    SORTS
        .iter()
        .find(|(s, _)| *s == sort)
        .map(|(_, n)| *n)
        .unwrap_or("time")
}

/// The filters a patient sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    pub date: NaiveDate,
    pub window: Option<(NaiveTime, NaiveTime)>,
    pub specialty: Option<String>,
    pub doctor: Option<DoctorId>,
    /// Only where a visit of this type can start (its whole run free); `None`: one slot.
    pub visit_type: Option<VisitTypeId>,
    pub sort: SlotSort,
}

/// The filter form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Date,
    From,
    To,
    Specialty,
    Doctor,
    Type,
    Sort,
}

impl Filters {
    /// Every slot of `date`, by time.
    pub fn day(date: NaiveDate) -> Filters {
        Filters {
            date,
            window: None,
            specialty: None,
            doctor: None,
            visit_type: None,
            sort: SlotSort::Time,
        }
    }

    /// The same filters sorted the next way round.
    pub fn next_sort(&self) -> Filters {
        let i = SORTS.iter().position(|(s, _)| *s == self.sort).unwrap_or(0);
        Filters {
            sort: SORTS[(i + 1) % SORTS.len()].0,
            ..self.clone()
        }
    }

    /// The form that edits them, offering `doctors`, `specialties` and visit `types`.
    pub fn form(&self, doctors: &[Doctor], specialties: &[String], types: &[VisitType]) -> Form<F> {
        let any = |what: &str| std::iter::once((format!("any {what}"), String::new()));
        let specialties = any("specialty")
            .chain(specialties.iter().map(|s| (s.clone(), s.clone())))
            .collect();
        let doctors = any("doctor")
            .chain(doctors.iter().map(|d| {
                (
                    format!("{} ({})", d.full_name, d.specialty),
                    d.id.0.to_string(),
                )
            }))
            .collect();
        let types = std::iter::once(("one slot".to_string(), String::new()))
            .chain(types.iter().map(|t| {
                let fee = t.fee.map(|f| format!(", fee {f}")).unwrap_or_default();
                (
                    format!("{} ({} min{fee})", t.name, t.minutes),
                    t.id.0.to_string(),
                )
            }))
            .collect();
        let sorts = SORTS
            .iter()
            .map(|(_, n)| (n.to_string(), n.to_string()))
            .collect();
        let (from, to) = match self.window {
            Some((a, b)) => (fmt_clock(a), fmt_clock(b)),
            None => (String::new(), String::new()),
        };
        let mut form = Form::new(vec![
            (
                F::Date,
                Field::filled("Date", &fmt_date(self.date), "YYYY-MM-DD"),
            ),
            (
                F::From,
                Field::filled("Starts at/after", &from, "HH:MM or empty"),
            ),
            (F::To, Field::filled("Starts before", &to, "HH:MM or empty")),
            (F::Specialty, Field::choice("Specialty", specialties)),
            (F::Doctor, Field::choice("Doctor", doctors)),
            (F::Type, Field::choice("Visit type", types)),
            (F::Sort, Field::choice("Sort by", sorts)),
        ]);
        form.choose(F::Specialty, self.specialty.as_deref().unwrap_or_default());
        form.choose(
            F::Doctor,
            &self.doctor.map(|d| d.0.to_string()).unwrap_or_default(),
        );
        form.choose(
            F::Type,
            &self.visit_type.map(|t| t.0.to_string()).unwrap_or_default(),
        );
        form.choose(F::Sort, sort_name(self.sort));
        form
    }

    /// Reads the form; a malformed date or time is the library's invalid error.
    pub fn read(form: &Form<F>) -> Result<Filters> {
        let date = parse_date(&form.text(F::Date))?;
        let window = match (form.optional(F::From), form.optional(F::To)) {
            (None, None) => None,
            (from, to) => {
                let from = from
                    .map(|t| parse_clock(&t))
                    .transpose()?
                    .unwrap_or(NaiveTime::MIN);
                let to = match to {
                    Some(t) => parse_clock(&t)?,
                    None => NaiveTime::from_hms_opt(23, 59, 0).expect("valid time"),
                };
                Some((from, to))
            }
        };
        let sort = SORTS
            .iter()
            .find(|(_, n)| *n == form.text(F::Sort))
            .map(|(s, _)| *s)
            .unwrap_or_default();
        Ok(Filters {
            date,
            window,
            specialty: form.optional(F::Specialty),
            doctor: form
                .optional(F::Doctor)
                .and_then(|d| d.parse().ok())
                .map(DoctorId),
            visit_type: form
                .optional(F::Type)
                .and_then(|t| t.parse().ok())
                .map(VisitTypeId),
            sort,
        })
    }

    /// "Tue 8 Jan 2030 · any time · any specialty · Dr. Lee · New patient · by time".
    pub fn describe(&self, doctors: &[Doctor], types: &[VisitType]) -> String {
        let window = match self.window {
            Some((a, b)) => format!("starts {}–{}", fmt_clock(a), fmt_clock(b)),
            None => "any time".into(),
        };
        let doctor = match self.doctor {
            Some(id) => doctors
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.full_name.clone())
                .unwrap_or_else(|| "one doctor".into()),
            None => "any doctor".into(),
        };
        let mut parts = vec![
            human_day(self.date),
            window,
            self.specialty
                .clone()
                .unwrap_or_else(|| "any specialty".into()),
            doctor,
        ];
        if let Some(t) = self
            .visit_type
            .and_then(|id| types.iter().find(|t| t.id == id))
        {
            parts.push(format!("{} {} min", t.name, t.minutes));
        }
        parts.push(format!("by {}", sort_name(self.sort)));
        parts.join(" · ")
    }
}
