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

/// The cancel dialog's fields: why, and for a visit of a course, which visits go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelField {
    Reason,
    Which,
}

/// The [`CancelField::Which`] choice that cancels the rest of the course too.
const REST_OF_COURSE: &str = "rest";

/// The dialog a list of visits opens on `c`: cancelling the selected one, if any.
pub fn ask_cancel(
    action: &Action,
    selected: Option<&Appointment>,
    staff: bool,
) -> Option<CancelDialog> {
    let a = selected.filter(|_| *action == Action::Cancel)?;
    Some(cancel_dialog(a, a.clone(), staff))
}

/// Submits [`ask_cancel`]'s dialog.
pub fn answer_cancel(d: &CancelDialog, ctx: &Ctx) -> Result<Reply<Appointment, CancelField>> {
    cancel(ctx, &d.purpose, &d.form).map(Reply::from)
}

/// The cancel dialog of a list of visits.
pub type CancelDialog = Dialog<Appointment, CancelField>;

/// The dialog asking to cancel `a`: the reason, and for a visit of a course whether the
/// later visits of the course go too.
pub fn cancel_dialog<P>(a: &Appointment, purpose: P, staff: bool) -> Dialog<P, CancelField> {
    let hint = if staff {
        "required: the patient is told"
    } else {
        "optional"
    };
    let mut fields = Vec::new();
    if a.series_id.is_some() {
        fields.push((
            CancelField::Which,
            Field::choice(
                "Cancel",
                vec![
                    ("this visit only".to_string(), String::new()),
                    (
                        "this and every later visit of the course".to_string(),
                        REST_OF_COURSE.to_string(),
                    ),
                ],
            ),
        ));
    }
    fields.push((CancelField::Reason, Field::filled("Reason", "", hint)));
    let mut d = Dialog::new(purpose, "Cancel this appointment?", Form::new(fields))
        .danger()
        .done("cancel it");
    d = d.line(format!("{} with {}", human_when(a.start), a.doctor_name));
    match (&a.visit_type, a.series_id) {
        (Some(kind), Some(_)) => {
            d = d.line(format!("{kind}, {} min, one visit of a course", a.duration))
        }
        (Some(kind), None) => d = d.line(format!("{kind}, {} min", a.duration)),
        (None, Some(_)) => d = d.line("One visit of a course"),
        (None, None) => {}
    }
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

/// Cancels `a` (and, when the form says so, the later visits of its course), and says what
/// became of its slot: free, or held for a waitlisted patient (named only to staff) until
/// when.
pub fn cancel(ctx: &Ctx, a: &Appointment, form: &Form<CancelField>) -> Result<Outcome> {
    let reason = form.optional(CancelField::Reason);
    let whose = |c: &Appointment| {
        if ctx.actor().patient_id() == Some(c.patient_id) {
            "your".to_string()
        } else {
            format!("{}'s", c.patient_name)
        }
    };
    if a.series_id.is_some() && form.text(CancelField::Which) == REST_OF_COURSE {
        let gone = ctx
            .clinic
            .cancel_series(&ctx.actor(), a.id, reason.as_deref())?;
        return Ok(Outcome::saved(format!(
            "Cancelled {} of {} course with {}, from {} on.",
            crate::domain::text::count(gone.len(), "visit"),
            whose(a),
            a.doctor_name,
            fmt_when(a.start)
        )));
    }
    let done = ctx
        .clinic
        .cancel_visit(&ctx.actor(), a.id, reason.as_deref())?;
    let c = &done.appointment;
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
        "Cancelled {} {} appointment with {}; {slot}.",
        whose(c),
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

/// What undoing `a`'s last status change would set it back to (SPEC §12), or the domain's
/// sentence why it cannot be undone now; asked before the dialog opens.
pub fn correction_for(a: &Appointment, now: chrono::NaiveDateTime) -> Result<Status> {
    crate::domain::flow::corrected(a.status, a.checked_in_at.is_some(), a.start, now)
}

/// The dialog undoing `a`'s last status change, back to `back`, with a reason.
pub fn correction_dialog<P>(a: &Appointment, back: Status, purpose: P) -> Dialog<P, CancelField> {
    let form = Form::new(vec![(
        CancelField::Reason,
        Field::filled("Reason", "", "required: the audit log keeps it"),
    )]);
    Dialog::new(purpose, format!("Undo \"{}\"?", a.status.words()), form)
        .done("undo it")
        .line(format!(
            "{} · {} with {}",
            a.patient_name,
            human_when(a.start),
            a.doctor_name
        ))
        .line(format!(
            "The visit goes back to {}, as it was before this mistake.",
            back.state_words()
        ))
}

/// Submits [`correction_dialog`].
pub fn correct(ctx: &Ctx, a: &Appointment, form: &Form<CancelField>) -> Result<Outcome> {
    let reason = form.text(CancelField::Reason);
    let done = ctx.clinic.correct_status(&ctx.actor(), a.id, &reason)?;
    Ok(Outcome::saved(format!(
        "{} is {} again.",
        done.patient_name,
        done.status.state_words()
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
