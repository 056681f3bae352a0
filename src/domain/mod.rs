//! The clinic itself: ids, entities and rules R1–R11, authorization.
//!
//! Pure code: no SQL, no terminal, no clock of its own ("now" is always passed in), so every
//! rule is testable in isolation.

pub mod access;
pub mod account;
pub mod appointment;
pub mod audit;
pub mod contact;
pub mod doctor;
pub mod endpoints;
pub mod flow;
pub mod ids;
pub mod import;
pub mod limits;
pub mod message;
pub mod patient;
pub mod plan;
pub mod reminders;
pub mod settings;
pub mod slot;
pub mod templates;
pub mod text;
pub mod time;
pub mod time_off;
pub mod visit_type;
pub mod window;

pub use account::{Account, Actor, Role};
pub use appointment::{Appointment, Status};
pub use contact::Contact;
pub use doctor::{Doctor, DoctorInput, DoctorProfile};
pub use ids::*;
pub use limits::DayLoad;
pub use message::{Channel, Message, MessageKind, MessageStatus};
pub use patient::{Patient, PatientInput, PatientProfile};
pub use settings::Settings;
pub use slot::{Slot, SlotPlan, SlotSort, SlotState};
pub use visit_type::{Repeat, VisitType, VisitTypeInput};
