//! The command line, as SPEC §7 fixes it: names, flags and value shapes.
//!
//! Dates and times are taken as text and parsed by the domain, so a malformed one is an
//! `invalid` error (exit 7), not a usage error (exit 2).

use crate::domain::SlotSort;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "clinic",
    version,
    about = "Appointment booking for a medical clinic: a terminal UI and a CLI over one SQLite file",
    after_help = "Without a command, opens the terminal UI. Passwords come from CLINIC_PASSWORD \
                  (CLINIC_NEW_PASSWORD for new accounts), a prompt, or one line of stdin."
)]
pub struct Cli {
    /// The clinic's database file [default: CLINIC_DB, else clinic.db in the data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// The acting account
    #[arg(long, global = true, env = "CLINIC_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// Open the demo clinic (demo.db in the data directory, filled on first use)
    #[arg(long)]
    pub demo: bool,
    /// Create a new database file group-writable (0660) for a clinic group
    #[arg(long, global = true)]
    pub shared: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Patient,
    Doctor,
    Admin,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or migrate the file and its first admin (idempotent)
    Init {
        #[arg(long, value_name = "NAME")]
        admin: String,
        #[arg(long, value_name = "TEXT")]
        full_name: Option<String>,
    },
    /// Fill an empty file with a realistic demo clinic and print its logins
    Demo {
        #[arg(long, default_value_t = 12)]
        doctors: u32,
        #[arg(long, default_value_t = 200)]
        patients: u32,
        #[arg(long, default_value_t = 14)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Create an account: patients may register themselves; doctors and admins need an admin
    Register(RegisterArgs),
    /// List doctors, or edit one (admin)
    Doctors {
        #[arg(long, value_name = "S")]
        specialty: Option<String>,
        /// Include inactive doctors (admin)
        #[arg(long)]
        all: bool,
        #[command(subcommand)]
        action: Option<DoctorsAction>,
    },
    /// One doctor's details and free slots
    Doctor { id: i64 },
    /// List patients, or register, edit, archive one
    Patients {
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Include archived patients (admin)
        #[arg(long)]
        archived: bool,
        /// At most this many (1 or more)
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
        #[command(subcommand)]
        action: Option<PatientsAction>,
    },
    /// One patient's record
    Patient { id: i64 },
    /// List slots, or declare / remove them
    Slots(SlotsArgs),
    /// Hold a free slot (or the run a visit type covers) for a patient for the hold minutes
    Hold {
        slot: i64,
        #[arg(long, value_name = "ID")]
        patient: Option<i64>,
        /// A visit of this type (id or name): hold every slot it covers
        #[arg(long = "type", value_name = "TYPE")]
        visit_type: Option<String>,
    },
    /// Release a hold
    Release { slot: i64 },
    /// Book a slot
    Book {
        slot: i64,
        #[arg(long, value_name = "ID")]
        patient: Option<i64>,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Exceed the doctor's daily limit, with this reason (admin)
        #[arg(long = "override", value_name = "TEXT")]
        override_reason: Option<String>,
        /// A visit of this type (id or name): it covers the back-to-back slots totalling its minutes
        #[arg(long = "type", value_name = "TYPE")]
        visit_type: Option<String>,
        /// Book a series: the same doctor, time and type every week or every other week
        #[arg(long, value_enum, requires = "count")]
        repeat: Option<RepeatArg>,
        /// How many visits the series has, this one included (1–52)
        #[arg(long, value_name = "N", requires = "repeat")]
        count: Option<u32>,
        /// Book the dates that can be booked and list the others, instead of booking none
        #[arg(long, requires = "repeat")]
        skip_unavailable: bool,
    },
    /// Move an appointment to another slot
    Reschedule {
        appointment: i64,
        slot: i64,
        #[arg(long = "override", value_name = "TEXT")]
        override_reason: Option<String>,
    },
    /// Cancel an appointment
    Cancel {
        appointment: i64,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Also every later visit of its series
        #[arg(long)]
        series: bool,
    },
    /// Check a patient in (on the appointment's day)
    Checkin { appointment: i64 },
    /// Mark a checked-in visit completed
    Complete { appointment: i64 },
    /// Mark a visit as a no-show (after its start)
    #[command(name = "no-show")]
    NoShow { appointment: i64 },
    /// One appointment
    Appointment { id: i64 },
    /// Appointments, filtered and searched
    Appointments(AppointmentsArgs),
    /// A patient's appointments, newest first
    History { patient: i64 },
    /// Waitlist entries, or join / leave one
    Waitlist {
        #[arg(long, value_name = "D")]
        date: Option<String>,
        /// Include closed entries
        #[arg(long)]
        all: bool,
        #[command(subcommand)]
        action: Option<WaitlistAction>,
    },
    /// Put a doctor on a patient's care team (admin)
    Assign { patient: i64, doctor: i64 },
    /// Take a doctor off a patient's care team (admin)
    Unassign { patient: i64, doctor: i64 },
    /// Care-team assignments
    Assignments {
        #[arg(long, value_name = "ID")]
        patient: Option<i64>,
    },
    /// Reports for the front desk (admin)
    Report {
        #[command(subcommand)]
        kind: ReportKind,
    },
    /// Export a calendar (ICS) or a day sheet (CSV)
    Export {
        #[command(subcommand)]
        kind: ExportKind,
    },
    /// Copy the database to FILE with SQLite's online backup
    Backup { file: PathBuf },
    /// Integrity, foreign keys, and the R2/R3 invariants
    Check,
    /// The audit log, newest first (admin)
    Audit {
        /// At most this many (1 or more)
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Show or change the clinic's settings (changing needs an admin)
    Settings(SettingsArgs),
    /// A doctor's weekly working plan: show, set, lay out as slots
    Plan {
        #[command(subcommand)]
        action: PlanAction,
    },
    /// Doctors' leave and clinic closures: list, add, take back
    Timeoff(TimeOffArgs),
    /// The clinic's visit types: list, or add, edit, retire one (admin)
    Types {
        /// Include retired types
        #[arg(long)]
        all: bool,
        #[command(subcommand)]
        action: Option<TypesAction>,
    },
    /// Messages to patients: list them, send the due ones, retry a failed one (admin)
    Outbox(OutboxArgs),
    /// Mark visits nobody came to as no-shows (the setting --no-show-after-minutes; for cron)
    Sweep,
    /// Import patients or doctors from a CSV file with a header row, all or nothing (admin)
    Import {
        #[arg(value_enum)]
        kind: ImportKindArg,
        /// A CSV file, UTF-8, with a header row naming its columns
        file: PathBuf,
        /// Check every row and report, importing nothing
        #[arg(long)]
        dry_run: bool,
        /// Leave out rows that are already on file (or earlier in the file), and list them
        #[arg(long)]
        skip_duplicates: bool,
    },
    /// Undo the last status change of a visit on its day: checked in, completed or no-show (admin)
    Correct {
        appointment: i64,
        /// Why (audited)
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Change your password (CLINIC_NEW_PASSWORD or a prompt); an admin may name any account
    Passwd {
        #[arg(long, value_name = "NAME")]
        username: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[arg(long, value_enum)]
    pub role: RoleArg,
    #[arg(long, value_name = "NAME")]
    pub username: String,
    #[arg(long, value_name = "TEXT")]
    pub full_name: String,
    #[arg(long, value_name = "E")]
    pub email: Option<String>,
    #[arg(long, value_name = "P")]
    pub phone: Option<String>,
    #[arg(long, value_name = "G")]
    pub gender: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dob: Option<String>,
    #[arg(long, value_name = "S")]
    pub specialty: Option<String>,
    #[arg(long, value_name = "N")]
    pub fee: Option<u32>,
    #[arg(long, value_name = "N")]
    pub max_per_day: Option<u32>,
    #[arg(long, value_name = "N")]
    pub max_minutes: Option<u32>,
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// How a patient wants messages [default: email if given, else sms if a phone, else none]
    #[arg(long, value_enum)]
    pub contact: Option<ContactArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ContactArg {
    Email,
    Sms,
    None,
}

impl ContactArg {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactArg::Email => "email",
            ContactArg::Sms => "sms",
            ContactArg::None => "none",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum DoctorsAction {
    /// Edit a doctor's profile (the doctor or an admin); unset fields stay as they are
    Edit {
        id: i64,
        #[arg(long)]
        full_name: Option<String>,
        #[arg(long)]
        specialty: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        fee: Option<u32>,
        #[arg(long)]
        max_per_day: Option<u32>,
        #[arg(long)]
        max_minutes: Option<u32>,
    },
    /// Stop offering a doctor's slots (admin)
    Deactivate { id: i64 },
    /// Offer a doctor's slots again (admin)
    Activate { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum PatientsAction {
    /// Register a walk-in patient without a login (admin)
    Add(PatientFields),
    /// Edit a patient's details (the patient or an admin); unset fields stay as they are
    Edit {
        id: i64,
        #[command(flatten)]
        fields: PatientEdit,
    },
    /// Archive a patient: kept for history, hidden from lists (admin)
    Archive { id: i64 },
    /// Restore an archived patient (admin)
    Restore { id: i64 },
}

#[derive(Debug, Args)]
pub struct PatientFields {
    #[arg(long)]
    pub full_name: String,
    #[arg(long)]
    pub gender: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dob: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// How they want messages [default: email if given, else sms if a phone, else none]
    #[arg(long, value_enum)]
    pub contact: Option<ContactArg>,
}

#[derive(Debug, Args)]
pub struct PatientEdit {
    #[arg(long)]
    pub full_name: Option<String>,
    #[arg(long)]
    pub gender: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dob: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// How they want messages: email, sms or none
    #[arg(long, value_enum)]
    pub contact: Option<ContactArg>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SlotsArgs {
    #[command(subcommand)]
    pub action: Option<SlotsAction>,
    /// One day
    #[arg(long, value_name = "D", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// Start of a range (YYYY-MM-DDTHH:MM)
    #[arg(long, value_name = "DATETIME", requires = "to")]
    pub from: Option<String>,
    /// End of a range (YYYY-MM-DDTHH:MM)
    #[arg(long, value_name = "DATETIME", requires = "from")]
    pub to: Option<String>,
    #[arg(long, value_name = "ID")]
    pub doctor: Option<i64>,
    #[arg(long, value_name = "S")]
    pub specialty: Option<String>,
    /// Only bookable slots
    #[arg(long)]
    pub free: bool,
    /// Where a visit of this type (id or name) can start: its whole run is free
    #[arg(long = "type", value_name = "TYPE")]
    pub visit_type: Option<String>,
    #[arg(long, value_enum, default_value_t = SlotSort::Time)]
    pub sort: SlotSort,
    /// At most this many (1 or more)
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum SlotsAction {
    /// Declare consecutive slots on a day
    Declare {
        #[arg(long, value_name = "ID")]
        doctor: i64,
        #[arg(long, value_name = "D")]
        date: String,
        #[arg(long, value_name = "HH:MM")]
        from: String,
        #[arg(long, value_name = "HH:MM")]
        to: String,
        /// Minutes per slot [default: the clinic's, 30]
        #[arg(long, value_name = "MIN")]
        length: Option<u32>,
    },
    /// Remove free slots
    Remove {
        #[arg(required = true, value_name = "SLOT_ID")]
        ids: Vec<i64>,
    },
}

#[derive(Debug, Args)]
pub struct AppointmentsArgs {
    #[arg(long, value_name = "ID")]
    pub doctor: Option<i64>,
    #[arg(long, value_name = "ID")]
    pub patient: Option<i64>,
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// First day of a range
    #[arg(long, value_name = "D", conflicts_with = "date")]
    pub from: Option<String>,
    /// Last day of a range
    #[arg(long, value_name = "D", conflicts_with = "date")]
    pub to: Option<String>,
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Part of the doctor's or patient's name
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// At most this many (1 or more)
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum WaitlistAction {
    /// Join the waitlist for a day, with one doctor or any doctor of a specialty
    Add {
        #[arg(long, value_name = "ID")]
        patient: Option<i64>,
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "specialty",
            conflicts_with = "specialty"
        )]
        doctor: Option<i64>,
        #[arg(long, value_name = "S")]
        specialty: Option<String>,
        #[arg(long, value_name = "D")]
        date: String,
        /// Wait for a visit of this type (id or name): only a freed run that fits is offered
        #[arg(long = "type", value_name = "TYPE")]
        visit_type: Option<String>,
    },
    /// Leave the waitlist
    Leave { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// Doctors by appointments on a day
    Top {
        #[arg(long, value_name = "D")]
        date: String,
    },
    /// Doctors booked at least H hours on a day
    Busy {
        #[arg(long, value_name = "D")]
        date: String,
        #[arg(long, value_name = "H", default_value_t = 6.0)]
        min_hours: f64,
    },
    /// Doctors who can still take a booking on a day
    Available {
        #[arg(long, value_name = "D")]
        date: String,
    },
    /// Declared vs booked time per doctor over a range
    Utilization {
        #[arg(long, value_name = "D")]
        from: String,
        #[arg(long, value_name = "D")]
        to: String,
    },
    /// Every appointment of a day by doctor, with phone numbers
    Daysheet {
        #[arg(long, value_name = "D")]
        date: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportKind {
    /// A doctor's or patient's appointments as iCalendar (times in UTC)
    Ics {
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "patient",
            conflicts_with = "patient"
        )]
        doctor: Option<i64>,
        #[arg(long, value_name = "ID")]
        patient: Option<i64>,
        #[arg(long, value_name = "D")]
        from: Option<String>,
        #[arg(long, value_name = "D")]
        to: Option<String>,
    },
    /// A day sheet as CSV with a header row
    Csv {
        #[arg(long, value_name = "D")]
        date: String,
    },
    /// HL7 FHIR R4: a Bundle (or NDJSON) of Practitioners, Patients, Schedules, Slots and
    /// Appointments; a patient exports their own record
    Fhir {
        /// First day of slots and visits [default: the first]
        #[arg(long, value_name = "D")]
        from: Option<String>,
        /// Last day of slots and visits [default: the last]
        #[arg(long, value_name = "D")]
        to: Option<String>,
        /// One resource a line instead of a Bundle
        #[arg(long)]
        ndjson: bool,
    },
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    #[arg(long, value_name = "HH:MM")]
    pub opens: Option<String>,
    #[arg(long, value_name = "HH:MM")]
    pub closes: Option<String>,
    #[arg(long, value_name = "MIN")]
    pub slot_minutes: Option<u32>,
    #[arg(long, value_name = "MIN")]
    pub hold_minutes: Option<u32>,
    #[arg(long, value_name = "MIN")]
    pub idle_lock_minutes: Option<u32>,
    /// Weeks ahead that plans are laid out as slots
    #[arg(long, value_name = "N")]
    pub horizon_weeks: Option<u32>,
    /// R12: patients book at least this many minutes ahead
    #[arg(long, value_name = "N")]
    pub min_notice_minutes: Option<u32>,
    /// R12: patients book at most this many days ahead
    #[arg(long, value_name = "N")]
    pub max_advance_days: Option<u32>,
    /// The clinic's name, as messages give it
    #[arg(long, value_name = "TEXT")]
    pub clinic_name: Option<String>,
    /// The clinic's address, as messages give it ("" for none)
    #[arg(long, value_name = "TEXT")]
    pub address: Option<String>,
    /// When reminders go out before a visit, e.g. "24h,2h" ("none" for no reminders)
    #[arg(long, value_name = "LIST")]
    pub reminders: Option<String>,
    /// The mail server: smtp://host:port (STARTTLS when offered) or smtps://host ("" for none);
    /// a user may come before the host, its password from CLINIC_SMTP_PASSWORD
    #[arg(long, value_name = "URL")]
    pub smtp_url: Option<String>,
    /// Who e-mails come from, e.g. "Riverside Clinic <desk@example.org>"
    #[arg(long, value_name = "ADDR")]
    pub mail_from: Option<String>,
    /// The SMS gateway messages are posted to ("" for none); a token from CLINIC_SMS_TOKEN
    #[arg(long, value_name = "URL")]
    pub sms_url: Option<String>,
    /// A wait since check-in longer than this stands out on the today board
    #[arg(long, value_name = "MIN")]
    pub wait_alert_minutes: Option<u32>,
    /// A visit still booked this long after its start becomes a no-show (0: never)
    #[arg(long, value_name = "MIN")]
    pub no_show_after_minutes: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// The plan in force today and any later ones
    Show {
        #[arg(long, value_name = "ID")]
        doctor: i64,
        /// Every plan ever set, replaced ones included
        #[arg(long)]
        history: bool,
    },
    /// Set a doctor's plan from a date until their next plan, and lay it out
    Set {
        #[arg(long, value_name = "ID")]
        doctor: i64,
        /// The first day it is in force [default: today]
        #[arg(long, value_name = "D")]
        from: Option<String>,
        /// The week, e.g. "mon 09:00-13:00 14:00-18:00; tue-thu 09:00-12:00/15"
        #[arg(long, value_name = "WEEK")]
        week: String,
        /// Minutes per slot for ranges without their own [default: the clinic's]
        #[arg(long, value_name = "MIN")]
        length: Option<u32>,
    },
    /// Lay the plans out as slots through the horizon (for cron)
    Apply {
        #[arg(long, value_name = "ID")]
        doctor: Option<i64>,
        /// The last day to lay out [default: the horizon]
        #[arg(long, value_name = "D")]
        until: Option<String>,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TimeOffArgs {
    #[command(subcommand)]
    pub action: Option<TimeOffAction>,
    /// One doctor's (with the closures)
    #[arg(long, value_name = "ID")]
    pub doctor: Option<i64>,
    /// From this day or moment [default: now]
    #[arg(long, value_name = "D")]
    pub from: Option<String>,
    /// Until the end of this day, or this moment
    #[arg(long, value_name = "D")]
    pub to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TimeOffAction {
    /// A doctor's leave, or a closure of the whole clinic
    Add {
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "closure",
            conflicts_with = "closure"
        )]
        doctor: Option<i64>,
        /// The whole clinic is closed (whole days)
        #[arg(long)]
        closure: bool,
        /// First day, or moment (D or DTHH:MM)
        #[arg(long, value_name = "D[THH:MM]")]
        from: String,
        /// Last day (inclusive), or moment [default: the day of --from]
        #[arg(long, value_name = "D[THH:MM]")]
        to: Option<String>,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Cancel the booked visits inside, with the reason
        #[arg(long)]
        cancel_booked: bool,
    },
    /// Take time off back (one under way ends now)
    Remove { id: i64 },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RepeatArg {
    Weekly,
    Biweekly,
}

#[derive(Debug, Subcommand)]
pub enum TypesAction {
    /// Add a visit type
    Add {
        #[arg(long, value_name = "TEXT")]
        name: String,
        /// 5–240, in steps of 5
        #[arg(long, value_name = "N")]
        minutes: u32,
        #[arg(long, value_name = "N")]
        fee: Option<u32>,
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// Change a visit type; visits already booked keep their minutes
    Edit {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        #[arg(long, value_name = "N")]
        minutes: Option<u32>,
        #[arg(long, value_name = "N")]
        fee: Option<u32>,
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// Retire a visit type: no new visits of it; booked ones keep it
    Retire { id: i64 },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct OutboxArgs {
    #[command(subcommand)]
    pub action: Option<OutboxAction>,
    /// Only messages in this state
    #[arg(long, value_enum)]
    pub status: Option<MessageStatusArg>,
    /// Only this patient's messages
    #[arg(long, value_name = "ID")]
    pub patient: Option<i64>,
    /// At most this many, newest first (1 or more)
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKindArg {
    Patients,
    Doctors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageStatusArg {
    Queued,
    Sent,
    Failed,
    Skipped,
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Send the messages that are due (for cron; needs no sign-in)
    Send {
        /// Keep running: send messages as they fall due, until SIGTERM or Ctrl-C
        #[arg(long)]
        watch: bool,
    },
    /// Queue a failed message again, due now
    Retry { id: i64 },
    /// One message with its text
    Show { id: i64 },
}
