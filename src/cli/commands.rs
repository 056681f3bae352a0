//! One arm per subcommand: sign in, call the library, print.

use super::args::*;
use super::credentials::read_password;
use super::output::{self, emit, table};
use crate::clock::Clock;
use crate::demo::{self, DemoSpec};
use crate::domain::appointment::AppointmentQuery;
use crate::domain::time::{fmt_clock, fmt_minute, parse_clock, parse_date, parse_minute};
use crate::domain::visit_type::Repeat;
use crate::domain::*;
use crate::error::{Error, ErrorKind, Result};
use crate::service::{
    BookRequest, CalendarOf, Clinic, FhirFormat, ImportOptions, NewLogin, SeriesRequest,
    SlotFilter, WaitlistTarget,
};
use crate::service::{Create, OpenOptions};
use chrono::{Duration, NaiveTime};
use serde_json::json;
use std::sync::Arc;

pub fn dispatch(cli: Cli, clock: Arc<dyn Clock>) -> Result<()> {
    let Some(command) = cli.command else {
        return Err(Error::internal("no command given"));
    };
    let is_demo = matches!(command, Command::Demo { .. });
    let path = crate::paths::database(cli.db, cli.demo || is_demo)?;
    // Only `init` and `demo` make a new clinic; every other command needs one (SPEC §14).
    let create = if matches!(command, Command::Init { .. } | Command::Demo { .. }) {
        Create::IfMissingOrEmpty
    } else {
        Create::Never
    };
    let options = OpenOptions {
        shared: cli.shared,
        create,
    };
    let clinic = Clinic::open_with_clock(&path, options, clock)?;
    let json = cli.json;
    let user = cli.user.filter(|u| !u.trim().is_empty());
    let actor = || sign_in(&clinic, user.as_deref());
    run(&clinic, command, json, actor).map_err(|e| {
        if e.kind() == ErrorKind::Auth && e.message() == "sign in first" {
            Error::auth("sign in first: pass --user NAME (or set CLINIC_USER)")
        } else {
            e
        }
    })
}

fn sign_in(clinic: &Clinic, user: Option<&str>) -> Result<Actor> {
    match user {
        None => Ok(Actor::Guest),
        Some(name) => {
            let password = read_password("CLINIC_PASSWORD", &format!("Password for {name}: "))?;
            Ok(clinic.login(name, &password)?.actor)
        }
    }
}

fn new_password() -> Result<String> {
    read_password("CLINIC_NEW_PASSWORD", "New password: ")
}

fn run(
    clinic: &Clinic,
    command: Command,
    json: bool,
    actor: impl Fn() -> Result<Actor>,
) -> Result<()> {
    match command {
        Command::Init { admin, full_name } => {
            let (account, created) =
                clinic.init_admin(&admin, full_name.as_deref(), new_password)?;
            emit(
                json,
                &json!({ "account": account, "created": created, "database": path_text(clinic) }),
                |_| {
                    if created {
                        format!(
                            "created admin '{}' in {}",
                            account.username,
                            path_text(clinic)
                        )
                    } else {
                        format!(
                            "'{}' is already the admin of {}; nothing changed",
                            account.username,
                            path_text(clinic)
                        )
                    }
                },
            );
        }
        Command::Demo {
            doctors,
            patients,
            days,
            seed,
        } => {
            let summary = demo::generate(
                clinic,
                DemoSpec {
                    doctors,
                    patients,
                    days,
                    seed,
                },
            )?;
            emit(json, &summary, |s| {
                let mut text = format!(
                    "demo clinic in {}: {} doctors, {} patients, {} slots, {} appointments\n\nlogins (password '{}'):\n",
                    path_text(clinic),
                    s.doctors,
                    s.patients,
                    s.slots,
                    s.appointments,
                    demo::DEMO_PASSWORD
                );
                text.push_str(&table(
                    &["USERNAME", "ROLE", "NAME"],
                    s.logins
                        .iter()
                        .map(|l| vec![l.username.clone(), l.role.to_string(), l.full_name.clone()])
                        .collect(),
                ));
                text
            });
        }
        Command::Register(args) => register(clinic, args, json, &actor()?)?,
        Command::Doctors {
            specialty,
            all,
            action,
        } => match action {
            None => {
                let list = if all {
                    clinic.all_doctors(&actor()?)?
                } else {
                    clinic.doctors(specialty.as_deref())?
                };
                let list: Vec<_> = list
                    .into_iter()
                    .filter(|d| {
                        specialty
                            .as_deref()
                            .is_none_or(|s| d.specialty.eq_ignore_ascii_case(s))
                    })
                    .collect();
                emit(json, &list, |l| output::doctors(l));
            }
            Some(DoctorsAction::Edit {
                id,
                full_name,
                specialty,
                description,
                fee,
                max_per_day,
                max_minutes,
            }) => {
                let current = clinic.doctor(DoctorId(id))?;
                let input = DoctorInput {
                    full_name: full_name.unwrap_or(current.full_name),
                    specialty: specialty.unwrap_or(current.specialty),
                    description: description.or(current.description),
                    fee: Some(fee.unwrap_or(current.fee)),
                    max_per_day: Some(max_per_day.unwrap_or(current.max_per_day)),
                    max_minutes: Some(max_minutes.unwrap_or(current.max_minutes)),
                };
                let d = clinic.update_doctor(&actor()?, DoctorId(id), &input)?;
                emit(json, &d, |d| output::doctors(std::slice::from_ref(d)));
            }
            Some(DoctorsAction::Deactivate { id }) => {
                let d = clinic.set_doctor_active(&actor()?, DoctorId(id), false)?;
                emit(json, &d, |d| format!("{} is now inactive", d.full_name));
            }
            Some(DoctorsAction::Activate { id }) => {
                let d = clinic.set_doctor_active(&actor()?, DoctorId(id), true)?;
                emit(json, &d, |d| format!("{} is active again", d.full_name));
            }
        },
        Command::Doctor { id } => {
            let doctor = clinic.doctor(DoctorId(id))?;
            let now = clinic.now_minute();
            let mut filter = SlotFilter::day(now.date());
            filter.to = filter.from + Duration::days(14);
            filter.doctor = Some(doctor.id);
            filter.free_only = true;
            filter.limit = 50;
            let free = clinic.slots(&Actor::Guest, &filter)?;
            let mut value =
                serde_json::to_value(&doctor).map_err(|e| Error::internal(e.to_string()))?;
            value["free_slots"] =
                serde_json::to_value(&free).map_err(|e| Error::internal(e.to_string()))?;
            emit(json, &value, |_| {
                format!(
                    "{} (id {}), {}\nfee {}; up to {} appointments / {} minutes a day{}\n{}\n\nnext free slots:\n{}",
                    doctor.full_name,
                    doctor.id,
                    doctor.specialty,
                    doctor.fee,
                    doctor.max_per_day,
                    doctor.max_minutes,
                    if doctor.active { "" } else { "; INACTIVE" },
                    doctor.description.clone().unwrap_or_default(),
                    output::slots(&free)
                )
            });
        }
        Command::Patients {
            search,
            archived,
            limit,
            action,
        } => patients(clinic, search, archived, limit, action, json, &actor()?)?,
        Command::Patient { id } => {
            let p = clinic.patient(&actor()?, PatientId(id))?;
            emit(json, &p, |p| output::patients(std::slice::from_ref(p)));
        }
        Command::Slots(args) => slots(clinic, args, json, &actor()?)?,
        Command::Hold {
            slot,
            patient,
            visit_type,
        } => {
            let kind = visit_type_named(clinic, visit_type.as_deref())?;
            let hold = clinic.hold_visit(&actor()?, SlotId(slot), patient.map(PatientId), kind)?;
            emit(json, &hold, |h| {
                format!(
                    "slot {} held for patient {} until {}",
                    h.slot_id,
                    h.patient_id,
                    fmt_minute(h.expires_at)
                )
            });
        }
        Command::Release { slot } => {
            clinic.release(&actor()?, SlotId(slot))?;
            emit(json, &json!({ "slot_id": slot, "released": true }), |_| {
                format!("slot {slot} released")
            });
        }
        Command::Book {
            slot,
            patient,
            reason,
            override_reason,
            visit_type,
            repeat,
            count,
            skip_unavailable,
        } => {
            let req = BookRequest {
                slot: SlotId(slot),
                patient: patient.map(PatientId),
                reason,
                override_reason,
                visit_type: visit_type_named(clinic, visit_type.as_deref())?,
            };
            match (repeat, count) {
                (Some(repeat), Some(count)) => {
                    let series = SeriesRequest {
                        repeat: match repeat {
                            RepeatArg::Weekly => Repeat::Weekly,
                            RepeatArg::Biweekly => Repeat::Biweekly,
                        },
                        count,
                        skip_unavailable,
                    };
                    let booked = clinic.book_series(&actor()?, &req, series)?;
                    emit(json, &booked, output::series);
                }
                _ => {
                    let a = clinic.book(&actor()?, &req)?;
                    emit(json, &a, |a| {
                        format!("booked appointment {}\n{}", a.id, output::appointment(a))
                    });
                }
            }
        }
        Command::Reschedule {
            appointment,
            slot,
            override_reason,
        } => {
            let a = clinic.reschedule(
                &actor()?,
                AppointmentId(appointment),
                SlotId(slot),
                override_reason.as_deref(),
            )?;
            emit(json, &a, |a| {
                format!("moved appointment {}\n{}", a.id, output::appointment(a))
            });
        }
        Command::Cancel {
            appointment,
            reason,
            series: true,
        } => {
            let list =
                clinic.cancel_series(&actor()?, AppointmentId(appointment), reason.as_deref())?;
            emit(json, &list, |l| {
                format!(
                    "cancelled {}: {}",
                    crate::domain::text::count(l.len(), "appointment"),
                    l.iter()
                        .map(|a| a.id.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        }
        Command::Cancel {
            appointment,
            reason,
            series: false,
        } => {
            let a = clinic.cancel(&actor()?, AppointmentId(appointment), reason.as_deref())?;
            emit(json, &a, |a| format!("cancelled appointment {}", a.id));
        }
        Command::Checkin { appointment } => {
            visit(clinic, &actor()?, appointment, Status::CheckedIn, json)?
        }
        Command::Complete { appointment } => {
            visit(clinic, &actor()?, appointment, Status::Completed, json)?
        }
        Command::NoShow { appointment } => {
            visit(clinic, &actor()?, appointment, Status::NoShow, json)?
        }
        Command::Appointment { id } => {
            let a = clinic.appointment(&actor()?, AppointmentId(id))?;
            emit(json, &a, output::appointment);
        }
        Command::Appointments(args) => {
            let (from, to) = day_range(
                args.date.as_deref(),
                args.from.as_deref(),
                args.to.as_deref(),
            )?;
            let status = args
                .status
                .as_deref()
                .map(str::parse::<Status>)
                .transpose()?;
            let q = AppointmentQuery {
                doctor: args.doctor.map(DoctorId),
                patient: args.patient.map(PatientId),
                from,
                to,
                status,
                search: args.search.as_deref(),
                limit: args.limit,
                ..Default::default()
            };
            let list = clinic.appointments(&actor()?, &q)?;
            emit(json, &list, |l| output::appointments(l));
        }
        Command::History { patient } => {
            let list = clinic.history(&actor()?, PatientId(patient))?;
            emit(json, &list, |l| output::appointments(l));
        }
        Command::Waitlist { date, all, action } => {
            waitlist(clinic, date, all, action, json, &actor()?)?
        }
        Command::Assign { patient, doctor } => {
            let a = clinic.assign(&actor()?, PatientId(patient), DoctorId(doctor))?;
            emit(json, &a, |a| {
                format!("{} is now on {}'s care team", a.doctor_name, a.patient_name)
            });
        }
        Command::Unassign { patient, doctor } => {
            clinic.unassign(&actor()?, PatientId(patient), DoctorId(doctor))?;
            emit(
                json,
                &json!({ "patient_id": patient, "doctor_id": doctor, "removed": true }),
                |_| format!("doctor {doctor} is off patient {patient}'s care team"),
            );
        }
        Command::Assignments { patient } => {
            let list = clinic.assignments(&actor()?, patient.map(PatientId))?;
            emit(json, &list, |l| {
                table(
                    &["PATIENT", "NAME", "DOCTOR", "NAME", "SPECIALTY"],
                    l.iter()
                        .map(|a| {
                            vec![
                                a.patient_id.to_string(),
                                a.patient_name.clone(),
                                a.doctor_id.to_string(),
                                a.doctor_name.clone(),
                                a.specialty.clone(),
                            ]
                        })
                        .collect(),
                )
            });
        }
        Command::Report { kind } => report(clinic, kind, json, &actor()?)?,
        Command::Export { kind } => export(clinic, kind, &actor()?)?,
        Command::Backup { file } => {
            clinic.backup(&file)?;
            // A path need not be UTF-8; `json!` would panic on one that is not.
            let shown = file.display().to_string();
            emit(json, &json!({ "backup": shown, "ok": true }), |_| {
                format!("backed up to {}", file.display())
            });
        }
        Command::Check => {
            let report = clinic.check()?;
            // With --json a failed check prints only the error object, like every other
            // failure: stdout stays one JSON document.
            if json && !report.ok {
                return report.into_result().map(drop);
            }
            emit(json, &report, |r| {
                if r.ok {
                    "ok: integrity, foreign keys, R2, R3 and time off all hold".to_string()
                } else {
                    r.problems
                        .iter()
                        .map(|p| format!("{}: {}", p.check, p.detail))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            });
            report.into_result()?;
        }
        Command::Audit { limit } => {
            let list = clinic.audit_log(&actor()?, limit, None)?;
            emit(json, &list, |l| {
                table(
                    &["ID", "AT", "WHO", "ACTION", "SUBJECT", "DETAIL"],
                    l.iter()
                        .map(|e| {
                            vec![
                                e.id.to_string(),
                                e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                                e.username.clone().unwrap_or_else(|| "the clinic".into()),
                                e.action.clone(),
                                output::opt(&e.subject),
                                output::opt(&e.detail),
                            ]
                        })
                        .collect(),
                )
            });
        }
        Command::Passwd { username } => {
            let actor = actor()?;
            clinic.change_password(&actor, username.as_deref(), &new_password()?)?;
            emit(json, &json!({ "changed": true }), |_| {
                "password changed".to_string()
            });
        }
        Command::Plan { action } => super::plans::plan(clinic, action, json, &actor()?)?,
        Command::Timeoff(args) => super::plans::time_off(clinic, args, json, &actor()?)?,
        Command::Types { all, action } => super::types::types(clinic, all, action, json, actor)?,
        Command::Settings(args) => settings(clinic, args, json, actor)?,
        Command::Outbox(args) => super::outbox::outbox(clinic, args, json, actor)?,
        Command::Import {
            kind,
            file,
            dry_run,
            skip_duplicates,
        } => super::import::import(
            clinic,
            kind,
            &file,
            ImportOptions {
                dry_run,
                skip_duplicates,
            },
            json,
            &actor()?,
        )?,
        Command::Sweep => {
            let swept = clinic.sweep(&actor()?)?;
            emit(json, &swept, |s| {
                match (s.after_minutes, s.no_shows.len()) {
                    (0, _) => {
                        "the automatic no-show is off (settings --no-show-after-minutes N)".into()
                    }
                    (m, 0) => format!("no visit is still booked {m} minutes after its start"),
                    (m, n) => format!(
                        "{} marked as no-shows, not arrived {m} minutes after the start: {}",
                        crate::domain::text::count(n, "visit"),
                        s.no_shows
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            });
        }
        Command::Correct {
            appointment,
            reason,
        } => {
            let a = clinic.correct_status(&actor()?, AppointmentId(appointment), &reason)?;
            emit(json, &a, |a| {
                format!("appointment {} is {} again", a.id, a.status.words())
            });
        }
    }
    Ok(())
}

fn settings(
    clinic: &Clinic,
    args: SettingsArgs,
    json: bool,
    actor: impl Fn() -> Result<Actor>,
) -> Result<()> {
    let mut s = clinic.settings()?;
    let changing = args.opens.is_some()
        || args.closes.is_some()
        || args.slot_minutes.is_some()
        || args.hold_minutes.is_some()
        || args.idle_lock_minutes.is_some()
        || args.horizon_weeks.is_some()
        || args.min_notice_minutes.is_some()
        || args.max_advance_days.is_some()
        || args.clinic_name.is_some()
        || args.address.is_some()
        || args.reminders.is_some()
        || args.smtp_url.is_some()
        || args.mail_from.is_some()
        || args.sms_url.is_some()
        || args.wait_alert_minutes.is_some()
        || args.no_show_after_minutes.is_some();
    if let Some(t) = &args.opens {
        s.opens = parse_clock(t)?;
    }
    if let Some(t) = &args.closes {
        s.closes = parse_clock(t)?;
    }
    s.slot_minutes = args.slot_minutes.unwrap_or(s.slot_minutes);
    s.hold_minutes = args.hold_minutes.unwrap_or(s.hold_minutes);
    s.idle_lock_minutes = args.idle_lock_minutes.unwrap_or(s.idle_lock_minutes);
    s.horizon_weeks = args.horizon_weeks.unwrap_or(s.horizon_weeks);
    s.min_notice_minutes = args.min_notice_minutes.unwrap_or(s.min_notice_minutes);
    s.max_advance_days = args.max_advance_days.unwrap_or(s.max_advance_days);
    s.wait_alert_minutes = args.wait_alert_minutes.unwrap_or(s.wait_alert_minutes);
    s.no_show_after_minutes = args
        .no_show_after_minutes
        .unwrap_or(s.no_show_after_minutes);
    if let Some(name) = args.clinic_name {
        s.clinic_name = name;
    }
    if let Some(r) = &args.reminders {
        s.reminders = r.parse()?;
    }
    // "" clears an optional setting.
    let set = |value: Option<String>, current: &mut Option<String>| {
        if let Some(v) = value {
            *current = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
    };
    set(args.address, &mut s.address);
    set(args.smtp_url, &mut s.smtp_url);
    set(args.mail_from, &mut s.mail_from);
    set(args.sms_url, &mut s.sms_url);
    if changing {
        s = clinic.update_settings(&actor()?, &s)?;
    }
    emit(json, &s, |s| {
        let none = |v: &Option<String>| v.clone().unwrap_or_else(|| "not set".into());
        format!(
            "open {}–{}, slots of {} min, holds last {} min, the TUI locks after {} idle min\n\
             plans laid out {} weeks ahead; patients book {} min to {} days ahead\n\
             {}, {}\n\
             reminders {}; mail server {} from {}; SMS gateway {}\n\
             waits over {} min stand out; automatic no-show {}",
            fmt_clock(s.opens),
            fmt_clock(s.closes),
            s.slot_minutes,
            s.hold_minutes,
            s.idle_lock_minutes,
            s.horizon_weeks,
            s.min_notice_minutes,
            s.max_advance_days,
            s.clinic_name,
            none(&s.address),
            s.reminders,
            none(&s.smtp_url),
            none(&s.mail_from),
            none(&s.sms_url),
            s.wait_alert_minutes,
            match s.no_show_after_minutes {
                0 => "off".to_string(),
                m => format!("{m} min after the start"),
            }
        )
    });
    Ok(())
}

/// Exports are files, not JSON, whatever --json says: written to stdout as they are.
fn export(clinic: &Clinic, kind: ExportKind, actor: &Actor) -> Result<()> {
    let text = match kind {
        ExportKind::Ics {
            doctor,
            patient,
            from,
            to,
        } => {
            let of = match (doctor, patient) {
                (Some(d), _) => CalendarOf::Doctor(DoctorId(d)),
                (None, Some(p)) => CalendarOf::Patient(PatientId(p)),
                (None, None) => return Err(Error::invalid("say --doctor ID or --patient ID")),
            };
            let from = from.as_deref().map(parse_date).transpose()?;
            let to = to.as_deref().map(parse_date).transpose()?;
            clinic.export_ics(actor, of, from, to)?
        }
        ExportKind::Csv { date } => clinic.export_csv(actor, parse_date(&date)?)?,
        ExportKind::Fhir { from, to, ndjson } => {
            let from = from.as_deref().map(parse_date).transpose()?;
            let to = to.as_deref().map(parse_date).transpose()?;
            let format = if ndjson {
                FhirFormat::Ndjson
            } else {
                FhirFormat::Bundle
            };
            // Streamed as it is read, whatever its size.
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            clinic.export_fhir(actor, (from, to), format, &mut out)?;
            return Ok(());
        }
    };
    output::file(&text);
    Ok(())
}

fn path_text(clinic: &Clinic) -> String {
    clinic
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

fn register(clinic: &Clinic, a: RegisterArgs, json: bool, actor: &Actor) -> Result<()> {
    let login = || -> Result<NewLogin> {
        Ok(NewLogin {
            username: a.username.clone(),
            password: new_password()?,
        })
    };
    match a.role {
        RoleArg::Patient => {
            let input = PatientInput {
                full_name: a.full_name.clone(),
                gender: a.gender.clone(),
                dob: a.dob.clone(),
                phone: a.phone.clone(),
                email: a.email.clone(),
                notes: None,
                contact: a.contact.map(|c| c.as_str().to_string()),
            };
            // Validate before asking for a password, so bad input fails fast.
            input.validate(clinic.now().date())?;
            let p = clinic.register_patient(actor, &input, Some(&login()?))?;
            emit(json, &p, |p| {
                format!("registered patient {} ({})", p.id, p.full_name)
            });
        }
        RoleArg::Doctor => {
            crate::domain::access::admin(actor)?;
            let input = DoctorInput {
                full_name: a.full_name.clone(),
                specialty: a
                    .specialty
                    .clone()
                    .ok_or_else(|| Error::invalid("a doctor needs --specialty"))?,
                description: a.description.clone(),
                fee: a.fee,
                max_per_day: a.max_per_day,
                max_minutes: a.max_minutes,
            };
            input.validate()?;
            let d = clinic.register_doctor(actor, &input, Some(&login()?))?;
            emit(json, &d, |d| {
                format!("registered doctor {} ({})", d.id, d.full_name)
            });
        }
        RoleArg::Admin => {
            crate::domain::access::admin(actor)?;
            let account = clinic.register_admin(actor, &a.full_name, &login()?)?;
            emit(json, &account, |a| {
                format!("registered admin {} ({})", a.username, a.full_name)
            });
        }
    }
    Ok(())
}

fn patients(
    clinic: &Clinic,
    search: Option<String>,
    archived: bool,
    limit: u32,
    action: Option<PatientsAction>,
    json: bool,
    actor: &Actor,
) -> Result<()> {
    match action {
        None => {
            let list = clinic.patients(actor, search.as_deref(), archived, limit, 0)?;
            emit(json, &list, |l| output::patients(l));
        }
        Some(PatientsAction::Add(f)) => {
            let input = PatientInput {
                full_name: f.full_name,
                gender: f.gender,
                dob: f.dob,
                phone: f.phone,
                email: f.email,
                notes: f.notes,
                contact: f.contact.map(|c| c.as_str().to_string()),
            };
            let p = clinic.register_patient(actor, &input, None)?;
            emit(json, &p, |p| {
                format!("registered walk-in patient {} ({})", p.id, p.full_name)
            });
        }
        Some(PatientsAction::Edit { id, fields }) => {
            let current = clinic.patient(actor, PatientId(id))?;
            let keep = |new: Option<String>, old: Option<String>| new.or(old);
            let input = PatientInput {
                full_name: fields.full_name.unwrap_or(current.full_name),
                gender: keep(fields.gender, current.gender),
                dob: keep(fields.dob, current.dob.map(crate::domain::time::fmt_date)),
                phone: keep(fields.phone, current.phone),
                email: keep(fields.email, current.email),
                notes: keep(fields.notes, current.notes),
                contact: keep(
                    fields.contact.map(|c| c.as_str().to_string()),
                    current.contact_chosen.map(|c| c.as_str().to_string()),
                ),
            };
            let p = clinic.update_patient(actor, PatientId(id), &input)?;
            emit(json, &p, |p| output::patients(std::slice::from_ref(p)));
        }
        Some(PatientsAction::Archive { id }) => {
            let p = clinic.set_patient_archived(actor, PatientId(id), true)?;
            emit(json, &p, |p| {
                format!("archived patient {} ({})", p.id, p.full_name)
            });
        }
        Some(PatientsAction::Restore { id }) => {
            let p = clinic.set_patient_archived(actor, PatientId(id), false)?;
            emit(json, &p, |p| {
                format!("restored patient {} ({})", p.id, p.full_name)
            });
        }
    }
    Ok(())
}

fn slots(clinic: &Clinic, args: SlotsArgs, json: bool, actor: &Actor) -> Result<()> {
    match args.action {
        Some(SlotsAction::Declare {
            doctor,
            date,
            from,
            to,
            length,
        }) => {
            let created = clinic.declare_slots(
                actor,
                DoctorId(doctor),
                parse_date(&date)?,
                parse_clock(&from)?,
                parse_clock(&to)?,
                length,
            )?;
            emit(json, &created, |l| {
                format!("declared {} slot(s)\n{}", l.len(), output::slots(l))
            });
        }
        Some(SlotsAction::Remove { ids }) => {
            let ids: Vec<SlotId> = ids.into_iter().map(SlotId).collect();
            let n = clinic.remove_slots(actor, &ids)?;
            emit(json, &json!({ "removed": ids }), |_| {
                format!("removed {n} slot(s)")
            });
        }
        None => {
            let mut filter = match (&args.date, &args.from, &args.to) {
                (Some(d), _, _) => SlotFilter::day(parse_date(d)?),
                (None, Some(f), Some(t)) => {
                    let mut f2 = SlotFilter::day(clinic.now().date());
                    f2.from = parse_minute(f)?;
                    f2.to = parse_minute(t)?;
                    f2
                }
                _ => SlotFilter::day(clinic.now().date()),
            };
            filter.doctor = args.doctor.map(DoctorId);
            filter.specialty = args.specialty;
            filter.free_only = args.free;
            filter.visit_type = visit_type_named(clinic, args.visit_type.as_deref())?;
            filter.sort = args.sort;
            filter.limit = args.limit;
            let list = clinic.slots(actor, &filter)?;
            emit(json, &list, |l| output::slots(l));
        }
    }
    Ok(())
}

/// `--type TYPE`: a visit type's id or name.
fn visit_type_named(clinic: &Clinic, named: Option<&str>) -> Result<Option<VisitTypeId>> {
    named
        .map(|n| clinic.visit_type(n).map(|t| t.id))
        .transpose()
}

fn visit(clinic: &Clinic, actor: &Actor, id: i64, status: Status, json: bool) -> Result<()> {
    let a = clinic.set_visit_status(actor, AppointmentId(id), status)?;
    emit(json, &a, |a| {
        format!("appointment {} is now {}", a.id, a.status)
    });
    Ok(())
}

/// `--date D` or `--from D --to D` (whole days) as a `[from, to)` range.
fn day_range(
    date: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>)> {
    let start =
        |d| -> Result<chrono::NaiveDateTime> { Ok(parse_date(d)?.and_time(NaiveTime::MIN)) };
    let end = |d| -> Result<chrono::NaiveDateTime> {
        Ok(crate::domain::time::next_day(parse_date(d)?).and_time(NaiveTime::MIN))
    };
    match date {
        Some(d) => Ok((Some(start(d)?), Some(end(d)?))),
        None => Ok((from.map(start).transpose()?, to.map(end).transpose()?)),
    }
}

fn waitlist(
    clinic: &Clinic,
    date: Option<String>,
    all: bool,
    action: Option<WaitlistAction>,
    json: bool,
    actor: &Actor,
) -> Result<()> {
    match action {
        Some(WaitlistAction::Add {
            patient,
            doctor,
            specialty,
            date,
            visit_type,
        }) => {
            let target = match (doctor, specialty) {
                (Some(d), _) => WaitlistTarget::Doctor(DoctorId(d)),
                (None, Some(s)) => WaitlistTarget::Specialty(s),
                (None, None) => return Err(Error::invalid("say --doctor ID or --specialty S")),
            };
            let kind = visit_type_named(clinic, visit_type.as_deref())?;
            let e =
                clinic.join_waitlist_for(actor, patient.map(PatientId), &target, &date, kind)?;
            emit(json, &e, |e| {
                format!(
                    "waitlist entry {} for {} on {}",
                    e.id, e.patient_name, e.date
                )
            });
        }
        Some(WaitlistAction::Leave { id }) => {
            let e = clinic.leave_waitlist(actor, WaitlistId(id))?;
            emit(json, &e, |e| format!("waitlist entry {} withdrawn", e.id));
        }
        None => {
            let day = date.as_deref().map(parse_date).transpose()?;
            let list = clinic.waitlist(actor, day, !all)?;
            emit(json, &list, |l| {
                table(
                    &["ID", "DATE", "PATIENT", "FOR", "STATUS", "OFFER"],
                    l.iter()
                        .map(|e| {
                            vec![
                                e.id.to_string(),
                                e.date.to_string(),
                                e.patient_name.clone(),
                                e.doctor_name
                                    .clone()
                                    .unwrap_or_else(|| format!("any {}", e.specialty)),
                                e.status.clone(),
                                e.offer
                                    .as_ref()
                                    .map(|o| {
                                        format!(
                                            "slot {} at {} until {}",
                                            o.slot_id,
                                            fmt_clock(o.start.time()),
                                            fmt_clock(o.expires_at.time())
                                        )
                                    })
                                    .unwrap_or_default(),
                            ]
                        })
                        .collect(),
                )
            });
        }
    }
    Ok(())
}

fn report(clinic: &Clinic, kind: ReportKind, json: bool, actor: &Actor) -> Result<()> {
    let load_table = |l: &Vec<crate::service::LoadRow>| {
        table(
            &["DOCTOR", "NAME", "APPOINTMENTS", "BOOKED MIN"],
            l.iter()
                .map(|r| {
                    vec![
                        r.doctor_id.to_string(),
                        r.doctor_name.clone(),
                        r.appointments_count.to_string(),
                        r.booked_mins.to_string(),
                    ]
                })
                .collect(),
        )
    };
    match kind {
        ReportKind::Top { date } => {
            let rows = clinic.report_top(actor, parse_date(&date)?)?;
            emit(json, &rows, load_table);
        }
        ReportKind::Busy { date, min_hours } => {
            let day = parse_date(&date)?;
            if !(0.0..=24.0).contains(&min_hours) || min_hours.is_nan() {
                return Err(Error::invalid("--min-hours is 0 to 24"));
            }
            let rows = clinic.report_busy(actor, day, (min_hours * 60.0).round() as u32)?;
            emit(json, &rows, load_table);
        }
        ReportKind::Available { date } => {
            let rows = clinic.report_available(actor, parse_date(&date)?)?;
            emit(json, &rows, |l| {
                table(
                    &["DOCTOR", "NAME", "SPECIALTY", "FREE SLOTS"],
                    l.iter()
                        .map(|r| {
                            vec![
                                r.doctor_id.to_string(),
                                r.doctor_name.clone(),
                                r.specialty.clone(),
                                r.free_slots.to_string(),
                            ]
                        })
                        .collect(),
                )
            });
        }
        ReportKind::Utilization { from, to } => {
            let rows = clinic.report_utilization(actor, parse_date(&from)?, parse_date(&to)?)?;
            emit(json, &rows, |l| {
                table(
                    &[
                        "DOCTOR",
                        "NAME",
                        "DECLARED",
                        "BOOKED",
                        "%",
                        "DONE",
                        "CANCELLED",
                        "NO-SHOW",
                    ],
                    l.iter()
                        .map(|r| {
                            vec![
                                r.doctor_id.to_string(),
                                r.doctor_name.clone(),
                                r.declared_mins.to_string(),
                                r.booked_mins.to_string(),
                                format!("{:.1}", r.utilization_pct),
                                r.completed.to_string(),
                                r.cancelled.to_string(),
                                r.no_shows.to_string(),
                            ]
                        })
                        .collect(),
                )
            });
        }
        ReportKind::Daysheet { date } => {
            let rows = clinic.day_sheet(actor, parse_date(&date)?)?;
            emit(json, &rows, |l| output::day_sheet(l));
        }
    }
    Ok(())
}
