//! What every list of visits offers alike: cancel (staff give a reason, a patient may),
//! check in / done / no-show after a confirmation (they cannot be undone but by the front
//! desk's correction), and reschedule. Screens that list appointments build these dialogs
//! and submit them here, so the sentences and the library calls are written once.

use super::find_slots::{FindSlots, Purpose};
use super::{fmt_when, human_when};
use crate::Result;
use crate::domain::time::fmt_clock;
use crate::domain::{Appointment, Status};
use crate::tui::action::Action;
use crate::tui::asking::Reply;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};

/// The cancel dialog's one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason;

/// The dialog a list of visits opens on `c`: cancelling the selected one, if any.
pub fn ask_cancel(
    action: &Action,
    selected: Option<&Appointment>,
    staff: bool,
) -> Option<CancelDialog> {
    let a = selected.filter(|_| *action == Action::Cancel)?;
    Some(cancel_dialog(a, a.clone(), Reason, staff))
}

/// Submits [`ask_cancel`]'s dialog.
pub fn answer_cancel(d: &CancelDialog, ctx: &Ctx) -> Result<Reply<Appointment, Reason>> {
    cancel(ctx, &d.purpose, d.form.optional(Reason)).map(Reply::from)
}

/// The cancel dialog of a list of visits.
pub type CancelDialog = Dialog<Appointment, Reason>;

/// The dialog asking to cancel `a`, with its reason field `reason`.
pub fn cancel_dialog<P, K: Copy + PartialEq + std::fmt::Debug>(
    a: &Appointment,
    purpose: P,
    reason: K,
    staff: bool,
) -> Dialog<P, K> {
    let hint = if staff {
        "required: the patient is told"
    } else {
        "optional"
    };
    let form = Form::new(vec![(reason, Field::filled("Reason", "", hint))]);
    let mut d = Dialog::new(purpose, "Cancel this appointment?", form)
        .danger()
        .done("cancel it");
    d = d.line(format!("{} with {}", human_when(a.start), a.doctor_name));
    if staff {
        d = d.line(format!(
            "Patient: {}{}",
            a.patient_name,
            a.patient_phone
                .as_ref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default()
        ));
    }
    d
}

/// Cancels `a`, and says what became of its slot: free, or held for a waitlisted patient
/// (named only to staff) until when.
pub fn cancel(ctx: &Ctx, a: &Appointment, reason: Option<String>) -> Result<Outcome> {
    let done = ctx
        .clinic
        .cancel_visit(&ctx.actor(), a.id, reason.as_deref())?;
    let c = &done.appointment;
    let whose = if ctx.actor().patient_id() == Some(c.patient_id) {
        "your".to_string()
    } else {
        format!("{}'s", c.patient_name)
    };
    let slot = match &done.offered {
        None => "the slot is free".to_string(),
        Some(o) => format!(
            "the slot is held for {} (waitlist) until {}",
            o.patient_name
                .clone()
                .unwrap_or_else(|| "a waitlisted patient".into()),
            fmt_clock(o.until.time())
        ),
    };
    Ok(Outcome::saved(format!(
        "Cancelled {whose} {} appointment with {}; {slot}.",
        fmt_when(c.start),
        c.doctor_name
    )))
}

/// The status `action` (check in, done, no-show, cancel) would give `a`: `None` for other
/// actions, else the domain's yes (R9) or its sentence why not, asked before a dialog
/// opens. The library decides again when the dialog is confirmed.
pub fn change_for(
    action: &Action,
    a: &Appointment,
    now: chrono::NaiveDateTime,
) -> Option<Result<Status>> {
    let to = match action {
        Action::CheckIn => Status::CheckedIn,
        Action::Complete => Status::Completed,
        Action::NoShow => Status::NoShow,
        Action::Cancel => Status::Cancelled,
        _ => return None,
    };
    let allowed = match to {
        Status::Cancelled => a.check_cancellable(now, false),
        _ => crate::domain::appointment::check_transition(a.status, to, a.start, now),
    };
    Some(allowed.map(|_| to))
}

/// What a status change is called, and what confirming it says.
fn status_words(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::CheckedIn => ("Check in", "checked in"),
        Status::Completed => ("Mark done", "marked done"),
        Status::NoShow => ("Mark no-show", "marked as a no-show"),
        _ => ("Change", "changed"),
    }
}

/// The confirmation of a status change of `a` (R9 moves forward only).
pub fn status_dialog<P, K: Copy + PartialEq + std::fmt::Debug>(
    a: &Appointment,
    status: Status,
    purpose: P,
) -> Dialog<P, K> {
    let (verb, _) = status_words(status);
    Dialog::confirm(purpose, format!("{verb}?"))
        .line(format!(
            "{} · {} with {}",
            a.patient_name,
            human_when(a.start),
            a.doctor_name
        ))
        .line("Only the front desk can undo this, on the visit's day.")
}

/// Sets `a`'s status and says so.
pub fn set_status(ctx: &Ctx, a: &Appointment, status: Status) -> Result<Outcome> {
    let done = ctx.clinic.set_visit_status(&ctx.actor(), a.id, status)?;
    Ok(Outcome::saved(format!(
        "{} {}.",
        done.patient_name,
        status_words(status).1
    )))
}

/// The slot finder for moving `a`, or why it cannot move (the library decides again when
/// the new slot is confirmed, R8).
pub fn reschedule(a: Option<&Appointment>, ctx: &Ctx) -> Outcome {
    match a {
        Some(a) if a.can_reschedule(ctx.now()) => {
            let date = a.start.date().max(ctx.now().date());
            Outcome::Push(Box::new(FindSlots::new(
                date,
                Purpose::Reschedule(Box::new(a.clone())),
            )))
        }
        Some(a) => Outcome::Message(Message::error(format!(
            "This appointment is {}; only a booked one that has not started can move.",
            a.status.words()
        ))),
        None => Outcome::info("Nothing selected."),
    }
}
