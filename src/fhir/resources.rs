//! The parts of FHIR R4's Practitioner, Patient, Schedule, Slot and Appointment the clinic
//! fills, with R4's element names. Empty optional elements are left out, as FHIR wants.

use serde::Serialize;

/// One resource, tagged with its `resourceType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "resourceType")]
pub enum Resource {
    Practitioner(Practitioner),
    Patient(Patient),
    Schedule(Schedule),
    Slot(Slot),
    Appointment(Appointment),
}

impl Resource {
    /// `Patient/12`: how other resources refer to this one.
    pub fn reference(&self) -> String {
        let (kind, id) = match self {
            Resource::Practitioner(r) => ("Practitioner", &r.id),
            Resource::Patient(r) => ("Patient", &r.id),
            Resource::Schedule(r) => ("Schedule", &r.id),
            Resource::Slot(r) => ("Slot", &r.id),
            Resource::Appointment(r) => ("Appointment", &r.id),
        };
        format!("{kind}/{id}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A concept by its text alone (the clinic has no coded terminology for specialties, visit
/// types or reasons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeableConcept {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identifier {
    pub system: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HumanName {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactPoint {
    /// `phone` or `email`.
    pub system: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Practitioner {
    pub id: String,
    pub identifier: Vec<Identifier>,
    pub active: bool,
    pub name: Vec<HumanName>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    pub id: String,
    pub identifier: Vec<Identifier>,
    /// False for an archived patient.
    pub active: bool,
    pub name: Vec<HumanName>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub telecom: Vec<ContactPoint>,
    /// `male | female | other | unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
}

/// A doctor's availability: the container of their slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub id: String,
    pub active: bool,
    pub specialty: Vec<CodeableConcept>,
    pub actor: Vec<Reference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub id: String,
    pub schedule: Reference,
    /// `free | busy | busy-tentative` (held).
    pub status: &'static str,
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: String,
    /// `booked | checked-in | fulfilled | cancelled | noshow`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelation_reason: Option<CodeableConcept>,
    /// The visit type, if it was booked with one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_type: Vec<CodeableConcept>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub specialty: Vec<CodeableConcept>,
    /// Why the patient comes, as they or the desk wrote it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reason_code: Vec<CodeableConcept>,
    pub start: String,
    pub end: String,
    pub minutes_duration: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub slot: Vec<Reference>,
    pub created: String,
    pub participant: Vec<Participant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub actor: Reference,
    /// `required`: both the patient and the doctor are.
    pub required: &'static str,
    /// `accepted`.
    pub status: &'static str,
}
