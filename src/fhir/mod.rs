//! HL7 FHIR R4 (SPEC §13): the resources the clinic exports, as serde types
//! ([`resources`]), and how its records map onto them ([`map`]).
//!
//! Pure: no SQL, no I/O. The service streams records from the store through [`map`] and
//! writes each resource as it comes, so an export of any size runs in constant memory. Ids
//! are the clinic's own (`Patient/12`, `Appointment/345`), stable from one export to the
//! next; a doctor's `Schedule` has the doctor's id.

pub mod map;
pub mod resources;

pub use resources::Resource;
