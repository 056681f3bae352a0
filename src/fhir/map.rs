//! The clinic's records as FHIR R4 resources: the status words both ways, genders, instants.

use super::resources::*;
use crate::domain::time::{fmt_date, real_span};
use crate::domain::{Appointment as Visit, Doctor, Patient as Person, SlotId, SlotState, Status};
use chrono::{DateTime, Local, NaiveDateTime, SecondsFormat, Utc};

/// Identifiers name the clinic's own ids too, so a receiving system can match records back.
const DOCTOR_IDS: &str = "urn:clinic:doctor";
const PATIENT_IDS: &str = "urn:clinic:patient";

/// R9's statuses as FHIR's Appointment.status.
pub fn appointment_status(status: Status) -> &'static str {
    match status {
        Status::Booked => "booked",
        Status::CheckedIn => "checked-in",
        Status::Completed => "fulfilled",
        Status::Cancelled => "cancelled",
        Status::NoShow => "noshow",
    }
}

/// FHIR's Appointment.status back as the clinic's, for the statuses the clinic has.
pub fn status_from_fhir(code: &str) -> Option<Status> {
    Status::ALL
        .into_iter()
        .find(|s| appointment_status(*s) == code)
}

/// A slot's state as FHIR's Slot.status: a held slot is tentatively busy.
pub fn slot_status(state: SlotState) -> &'static str {
    match state {
        SlotState::Free => "free",
        SlotState::Held => "busy-tentative",
        SlotState::Booked => "busy",
    }
}

/// The gender as typed, in FHIR's administrative genders (`other` for anything else said).
pub fn gender(typed: Option<&str>) -> Option<&'static str> {
    let typed = typed?.trim().to_lowercase();
    Some(match typed.as_str() {
        "" => return None,
        "f" | "female" | "woman" => "female",
        "m" | "male" | "man" => "male",
        "unknown" => "unknown",
        _ => "other",
    })
}

/// A clinic-local moment as a FHIR instant in UTC, by the local zone's rules.
pub fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The real span of `minutes` from the local `start` (across a clock change too), as instants.
fn span(start: NaiveDateTime, minutes: u32) -> (String, String) {
    let (begin, end) = real_span(&Local, start, minutes);
    (instant(begin), instant(end))
}

fn reference(kind: &str, id: impl std::fmt::Display, display: Option<&str>) -> Reference {
    Reference {
        reference: format!("{kind}/{id}"),
        display: display.map(str::to_string),
    }
}

fn concept(text: &str) -> CodeableConcept {
    CodeableConcept {
        text: text.to_string(),
    }
}

pub fn practitioner(d: &Doctor) -> Resource {
    Resource::Practitioner(Practitioner {
        id: d.id.to_string(),
        identifier: vec![Identifier {
            system: DOCTOR_IDS,
            value: d.id.to_string(),
        }],
        active: d.active,
        name: vec![HumanName {
            text: d.full_name.clone(),
        }],
    })
}

/// A doctor's schedule: it carries their slots, and their specialty.
pub fn schedule(d: &Doctor) -> Resource {
    Resource::Schedule(Schedule {
        id: d.id.to_string(),
        active: d.active,
        specialty: vec![concept(&d.specialty)],
        actor: vec![reference("Practitioner", d.id, Some(&d.full_name))],
    })
}

pub fn patient(p: &Person) -> Resource {
    let mut telecom = Vec::new();
    if let Some(phone) = &p.phone {
        telecom.push(ContactPoint {
            system: "phone",
            value: phone.clone(),
        });
    }
    if let Some(email) = &p.email {
        telecom.push(ContactPoint {
            system: "email",
            value: email.clone(),
        });
    }
    Resource::Patient(Patient {
        id: p.id.to_string(),
        identifier: vec![Identifier {
            system: PATIENT_IDS,
            value: p.id.to_string(),
        }],
        active: !p.archived,
        name: vec![HumanName {
            text: p.full_name.clone(),
        }],
        telecom,
        gender: gender(p.gender.as_deref()),
        birth_date: p.dob.map(fmt_date),
    })
}

/// One slot of a doctor, with its state now.
pub struct SlotRecord {
    pub id: SlotId,
    pub doctor: crate::domain::DoctorId,
    pub start: NaiveDateTime,
    pub minutes: u32,
    pub state: SlotState,
}

pub fn slot(s: &SlotRecord) -> Resource {
    let (start, end) = span(s.start, s.minutes);
    Resource::Slot(Slot {
        id: s.id.to_string(),
        schedule: reference("Schedule", s.doctor, None),
        status: slot_status(s.state),
        start,
        end,
    })
}

/// A visit, with the slots it covers (none where they are not in the same export) and when
/// it was booked.
pub fn appointment(a: &Visit, slots: &[SlotId], booked_at: NaiveDateTime) -> Resource {
    let (start, end) = span(a.start, a.duration);
    let accepted = |actor| Participant {
        actor,
        required: "required",
        status: "accepted",
    };
    Resource::Appointment(Appointment {
        id: a.id.to_string(),
        status: appointment_status(a.status),
        cancelation_reason: a.cancel_reason.as_deref().map(concept),
        service_type: a.visit_type.as_deref().map(concept).into_iter().collect(),
        specialty: vec![concept(&a.specialty)],
        reason_code: a.reason.as_deref().map(concept).into_iter().collect(),
        start,
        end,
        minutes_duration: a.duration,
        slot: slots.iter().map(|s| reference("Slot", s, None)).collect(),
        created: instant(real_span(&Local, booked_at, 0).0),
        participant: vec![
            accepted(reference("Patient", a.patient_id, Some(&a.patient_name))),
            accepted(reference("Practitioner", a.doctor_id, Some(&a.doctor_name))),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_maps_to_fhir_and_back() {
        for s in Status::ALL {
            assert_eq!(status_from_fhir(appointment_status(s)), Some(s), "{s}");
        }
        assert_eq!(status_from_fhir("proposed"), None);
        assert_eq!(appointment_status(Status::Completed), "fulfilled");
        assert_eq!(appointment_status(Status::NoShow), "noshow");
        assert_eq!(appointment_status(Status::CheckedIn), "checked-in");
    }

    #[test]
    fn genders_as_typed_fall_into_fhirs_four() {
        assert_eq!(gender(Some("Female")), Some("female"));
        assert_eq!(gender(Some(" m ")), Some("male"));
        assert_eq!(gender(Some("non-binary")), Some("other"));
        assert_eq!(gender(Some("")), None);
        assert_eq!(gender(None), None);
    }

    #[test]
    fn slot_states_map_to_fhir() {
        assert_eq!(slot_status(SlotState::Free), "free");
        assert_eq!(slot_status(SlotState::Held), "busy-tentative");
        assert_eq!(slot_status(SlotState::Booked), "busy");
    }
}
