//! `clinic plan …` and `clinic timeoff …` (SPEC §9): doctors' weekly plans, laying them out,
//! leave and closures.

use super::args::{PlanAction, TimeOffAction, TimeOffArgs};
use super::output::{self, emit, table};
use crate::domain::plan::parse_week;
use crate::domain::time::{fmt_date, parse_date};
use crate::domain::time_off::{TimeOffInput, end_of, start_of};
use crate::domain::{Actor, DoctorId, TimeOffId};
use crate::error::Result;
use crate::service::Clinic;

pub fn plan(clinic: &Clinic, action: PlanAction, json: bool, actor: &Actor) -> Result<()> {
    match action {
        PlanAction::Show { doctor, history } => {
            let list = clinic.plans(actor, DoctorId(doctor), history)?;
            emit(json, &list, |l| {
                if l.is_empty() {
                    return "no plan: slots are declared by hand".to_string();
                }
                table(
                    &["ID", "FROM", "UNTIL", "WEEK"],
                    l.iter()
                        .map(|p| {
                            vec![
                                p.id.to_string(),
                                fmt_date(p.plan.effective_from),
                                match (&p.replaced, p.until) {
                                    (Some(at), _) => format!("replaced {at}"),
                                    (None, Some(u)) => fmt_date(u),
                                    (None, None) => "-".into(),
                                },
                                if p.week.is_empty() {
                                    "no working hours".into()
                                } else {
                                    p.week.clone()
                                },
                            ]
                        })
                        .collect(),
                )
            });
        }
        PlanAction::Set {
            doctor,
            from,
            week,
            length,
        } => {
            let length = length.unwrap_or(clinic.settings()?.slot_minutes);
            let ranges = parse_week(&week, length)?;
            let from = from.as_deref().map(parse_date).transpose()?;
            let changes = clinic.set_plan(actor, DoctorId(doctor), from, ranges)?;
            emit(json, &changes, |c| c.sentence());
        }
        PlanAction::Apply { doctor, until } => {
            let until = until.as_deref().map(parse_date).transpose()?;
            let changes = clinic.apply_plans(actor, doctor.map(DoctorId), until)?;
            emit(json, &changes, |c| c.sentence());
        }
    }
    Ok(())
}

pub fn time_off(clinic: &Clinic, args: TimeOffArgs, json: bool, actor: &Actor) -> Result<()> {
    match args.action {
        Some(TimeOffAction::Add {
            doctor,
            closure,
            from,
            to,
            reason,
            cancel_booked,
        }) => {
            let doctor = if closure { None } else { doctor.map(DoctorId) };
            let input = TimeOffInput::parse(doctor, &from, to.as_deref(), reason.as_deref())?;
            let added = clinic
                .add_time_off(actor, &input, cancel_booked)
                .map_err(|e| match e.kind() {
                    crate::ErrorKind::Conflict => {
                        crate::Error::conflict(format!("{} (--cancel-booked)", e.message()))
                    }
                    _ => e,
                })?;
            emit(json, &added, |a| a.sentence());
        }
        Some(TimeOffAction::Remove { id }) => {
            let t = clinic.remove_time_off(actor, TimeOffId(id))?;
            emit(json, &t, |t| {
                format!("time off {} taken back: {}", t.id, t.span_text())
            });
        }
        None => {
            let span = match (&args.from, &args.to) {
                (Some(f), Some(t)) => Some((start_of(f)?, end_of(t)?)),
                (Some(f), None) => Some((start_of(f)?, chrono::NaiveDateTime::MAX)),
                (None, Some(t)) => Some((clinic.now_minute(), end_of(t)?)),
                (None, None) => None,
            };
            let list = clinic.time_off(actor, args.doctor.map(DoctorId), span)?;
            emit(json, &list, |l| {
                table(
                    &["ID", "WHO", "WHEN", "REASON"],
                    l.iter()
                        .map(|t| {
                            vec![
                                t.id.to_string(),
                                t.whose().to_string(),
                                t.span_text(),
                                output::opt(&t.reason),
                            ]
                        })
                        .collect(),
                )
            });
        }
    }
    Ok(())
}
