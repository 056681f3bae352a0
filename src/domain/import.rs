//! Importing patients or doctors from a spreadsheet (SPEC §13): which columns a file may
//! have, what each row means, and when two records are the same person.
//!
//! A cell's line breaks in the free-text columns (notes, description) become spaces: those
//! are one line wherever the clinic shows them. Anywhere else a line break is refused by the
//! field's own rule.
//!
//! Pure: the service reads the file with the `csv` crate and hands each row's fields here;
//! every row is then validated by the same [`PatientInput`] / [`DoctorInput`] rules as the
//! CLI and the TUI.

use super::DoctorProfile;
use super::doctor::DoctorInput;
use super::patient::{PatientInput, PatientProfile};
use super::text::search_key;
use crate::error::{Error, Result};
use serde::Serialize;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Patients,
    Doctors,
}

impl ImportKind {
    /// The columns a file may have, and whether each must be there.
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            ImportKind::Patients => &[
                ("full_name", true),
                ("gender", false),
                ("dob", false),
                ("phone", false),
                ("email", false),
                ("notes", false),
                ("contact", false),
            ],
            ImportKind::Doctors => &[
                ("full_name", true),
                ("specialty", true),
                ("fee", false),
                ("max_per_day", false),
                ("max_minutes", false),
                ("description", false),
            ],
        }
    }

    /// "patients", "doctors".
    pub fn noun(self) -> &'static str {
        match self {
            ImportKind::Patients => "patients",
            ImportKind::Doctors => "doctors",
        }
    }
}

/// Where each known column is in the file's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    kind: ImportKind,
    /// For each of [`ImportKind::columns`], its position in a row, if the file has it.
    at: Vec<Option<usize>>,
}

/// Reads the header row: column names in any order and any case; an unknown, repeated or
/// missing required column refuses the file (naming them all).
pub fn header(kind: ImportKind, names: &[String]) -> Result<Header> {
    let columns = kind.columns();
    let mut at = vec![None; columns.len()];
    let mut unknown = Vec::new();
    let mut repeated = Vec::new();
    for (i, raw) in names.iter().enumerate() {
        let name = raw.trim().trim_start_matches('\u{feff}').to_lowercase();
        match columns.iter().position(|(c, _)| *c == name) {
            Some(k) if at[k].is_some() => repeated.push(name),
            Some(k) => at[k] = Some(i),
            None => unknown.push(if name.is_empty() {
                format!("(column {} has no name)", i + 1)
            } else {
                name
            }),
        }
    }
    let known = || {
        columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !unknown.is_empty() {
        return Err(Error::invalid(format!(
            "unknown column{} {} in the header (a file of {} has {})",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", "),
            kind.noun(),
            known()
        )));
    }
    if !repeated.is_empty() {
        return Err(Error::invalid(format!(
            "the header names {} more than once",
            repeated.join(", ")
        )));
    }
    let missing: Vec<&str> = columns
        .iter()
        .zip(&at)
        .filter(|((_, required), at)| *required && at.is_none())
        .map(|((c, _), _)| *c)
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(format!(
            "the header has no {} column (a file of {} needs it)",
            missing.join(" and no "),
            kind.noun()
        )));
    }
    Ok(Header { kind, at })
}

impl Header {
    /// The value of `column` in `row`, blank as `None`.
    fn get(&self, row: &[String], column: &str) -> Option<String> {
        let k = self.kind.columns().iter().position(|(c, _)| *c == column)?;
        let v = row.get(self.at[k]?)?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    fn number(&self, row: &[String], column: &str) -> Result<Option<u32>> {
        self.get(row, column)
            .map(|v| {
                v.parse()
                    .map_err(|_| Error::invalid(format!("{column} '{v}' is not a whole number")))
            })
            .transpose()
    }

    /// A free-text column, whose line breaks (a spreadsheet cell may have them) become spaces:
    /// the clinic's notes are one line, everywhere they are shown.
    fn prose(&self, row: &[String], column: &str) -> Option<String> {
        self.get(row, column).map(|v| {
            v.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    pub fn patient(&self, row: &[String]) -> PatientInput {
        PatientInput {
            full_name: self.get(row, "full_name").unwrap_or_default(),
            gender: self.get(row, "gender"),
            dob: self.get(row, "dob"),
            phone: self.get(row, "phone"),
            email: self.get(row, "email"),
            notes: self.prose(row, "notes"),
            contact: self.get(row, "contact"),
        }
    }

    pub fn doctor(&self, row: &[String]) -> Result<DoctorInput> {
        Ok(DoctorInput {
            full_name: self.get(row, "full_name").unwrap_or_default(),
            specialty: self.get(row, "specialty").unwrap_or_default(),
            description: self.prose(row, "description"),
            fee: self.number(row, "fee")?,
            max_per_day: self.number(row, "max_per_day")?,
            max_minutes: self.number(row, "max_minutes")?,
        })
    }
}

/// What makes two records the same (SPEC §13): for patients the name (any case, any accents)
/// with the birth date, or the e-mail address; for doctors the name with the specialty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sameness {
    NameAndBirth(String, chrono::NaiveDate),
    Email(String),
    NameAndSpecialty(String, String),
}

impl Sameness {
    /// Why two records with this in common are one: "same name and birth date".
    pub fn words(&self) -> &'static str {
        match self {
            Sameness::NameAndBirth(..) => "same name and birth date",
            Sameness::Email(_) => "same e-mail",
            Sameness::NameAndSpecialty(..) => "same name and specialty",
        }
    }
}

pub fn patient_keys(
    full_name: &str,
    dob: Option<chrono::NaiveDate>,
    email: Option<&str>,
) -> Vec<Sameness> {
    let mut keys = Vec::new();
    if let Some(d) = dob {
        keys.push(Sameness::NameAndBirth(search_key(full_name), d));
    }
    if let Some(e) = email {
        keys.push(Sameness::Email(e.to_lowercase()));
    }
    keys
}

pub fn profile_keys(p: &PatientProfile) -> Vec<Sameness> {
    patient_keys(&p.full_name, p.dob, p.email.as_deref())
}

pub fn doctor_keys(full_name: &str, specialty: &str) -> Vec<Sameness> {
    vec![Sameness::NameAndSpecialty(
        search_key(full_name),
        search_key(specialty),
    )]
}

pub fn doctor_profile_keys(d: &DoctorProfile) -> Vec<Sameness> {
    doctor_keys(&d.full_name, &d.specialty)
}

/// Why a line of the file was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// It breaks a rule: nothing is imported while any line does.
    Invalid,
    /// It is someone already on file or earlier in the file.
    Duplicate,
}

/// One line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// The file's line the row starts on (the header is line 1).
    pub line: u64,
    pub message: String,
    #[serde(skip)]
    pub problem: Problem,
}

/// What an import did, or would do (SPEC §13 JSON): every bad line, not only the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: u64,
    pub skipped: u64,
    pub errors: Vec<LineError>,
    /// The duplicates left out with `--skip-duplicates`, and whom they duplicate.
    pub skipped_lines: Vec<LineError>,
    /// Nothing was written: a dry run, or a refused file.
    pub dry_run: bool,
}

impl ImportReport {
    /// The refusal the report amounts to: invalid lines (exit 7) before duplicates (exit 6).
    pub fn refusal(&self) -> Option<Error> {
        let count = |p| self.errors.iter().filter(|e| e.problem == p).count();
        let lines = |p| {
            let shown: Vec<String> = self
                .errors
                .iter()
                .filter(|e| e.problem == p)
                .take(10)
                .map(|e| e.line.to_string())
                .collect();
            let more = count(p).saturating_sub(shown.len());
            format!(
                "{}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )
        };
        let rows = |n: usize| match n {
            1 => "1 row is".to_string(),
            n => format!("{n} rows are"),
        };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (count(Problem::Invalid), count(Problem::Duplicate)) {
            (0, 0) => None,
            (n, _) if n > 0 => Some(Error::invalid(format!(
                "{} invalid (line{} {}); nothing was imported",
                rows(n),
                plural(n),
                lines(Problem::Invalid)
            ))),
            (_, n) => Some(Error::conflict(format!(
                "{} already on file or earlier in the file (line{} {}); nothing was imported (--skip-duplicates imports the others)",
                rows(n),
                plural(n),
                lines(Problem::Duplicate)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_come_in_any_order_and_case_and_strangers_are_refused() {
        let h = header(
            ImportKind::Patients,
            &names(&["\u{feff}Email", " full_name ", "DOB"]),
        )
        .unwrap();
        let p = h.patient(&names(&["ann@example.org", "Ann Archer", "1990-04-02"]));
        assert_eq!(p.full_name, "Ann Archer");
        assert_eq!(p.email.as_deref(), Some("ann@example.org"));
        assert_eq!(p.dob.as_deref(), Some("1990-04-02"));
        let e = header(ImportKind::Patients, &names(&["full_name", "nhs", "age"])).unwrap_err();
        assert_eq!(
            e.message(),
            "unknown columns nhs, age in the header (a file of patients has full_name, gender, dob, phone, email, notes, contact)"
        );
        let e = header(ImportKind::Doctors, &names(&["full_name"])).unwrap_err();
        assert_eq!(
            e.message(),
            "the header has no specialty column (a file of doctors needs it)"
        );
        let e = header(ImportKind::Patients, &names(&["full_name", "Full_Name"])).unwrap_err();
        assert_eq!(e.message(), "the header names full_name more than once");
    }

    #[test]
    fn numbers_must_be_whole() {
        let h = header(
            ImportKind::Doctors,
            &names(&["full_name", "specialty", "fee"]),
        )
        .unwrap();
        let e = h
            .doctor(&names(&["Dr. A", "Cardiology", "12.5"]))
            .unwrap_err();
        assert_eq!(e.message(), "fee '12.5' is not a whole number");
        assert_eq!(
            h.doctor(&names(&["Dr. A", "Cardiology", ""])).unwrap().fee,
            None
        );
    }

    #[test]
    fn the_same_person_is_found_by_name_and_birth_or_email() {
        let d = chrono::NaiveDate::from_ymd_opt(1990, 4, 2);
        let a = patient_keys("Émile ZOLA", d, Some("E@x.org"));
        let b = patient_keys("emile zola", d, None);
        assert!(a.iter().any(|k| b.contains(k)));
        let c = patient_keys("Émile Zola", None, Some("e@X.org"));
        assert!(a.iter().any(|k| c.contains(k)));
        assert!(
            patient_keys("Émile Zola", None, None).is_empty(),
            "a name alone is common"
        );
        assert_eq!(
            doctor_keys("Dr. Lee", "cardiology"),
            doctor_keys("DR. LEE", "Cardiology")
        );
    }
}
