//! Appointment search (seed 002): a text matched against the doctor's or the patient's name,
//! case-insensitive, any status, combined with the other filters, scoped by role; LIKE's
//! wildcards in the text are plain characters.

mod support;

use clinic::ErrorKind;
use clinic::domain::{Actor, AppointmentId, DoctorId, PatientId, Status};
use clinic::store::appointments::AppointmentQuery;
use support::clinic::Fixture;
use support::{at, kind_of};

/// Now 2030-01-07T08:00. Dr. Maria Lopez (login) and Dr. Ken Adams; patients Anna Lopez
/// (login), Bob Stone (login), "100% Real", "Ann_a", "Annxa", "Back\slash".
///
/// | id  | when           | doctor | patient    | status    |
/// |-----|----------------|--------|------------|-----------|
/// | a1  | 01-08 09:00    | Lopez  | Bob Stone  | booked    |
/// | a2  | 01-08 09:30    | Adams  | Anna Lopez | cancelled |
/// | a3  | 01-08 10:00    | Adams  | Bob Stone  | no_show (set on the day) |
/// | a4  | 01-09 09:00    | Lopez  | Anna Lopez | booked    |
/// | a5  | 01-09 09:30    | Adams  | 100% Real  | booked    |
/// | a6  | 01-09 10:00    | Adams  | Ann_a      | booked    |
/// | a7  | 01-09 10:30    | Adams  | Annxa      | booked    |
/// | a8  | 01-09 11:00    | Adams  | Back\slash | booked    |
struct Fx {
    desk: Fixture,
    lopez: (DoctorId, Actor),
    anna: (PatientId, Actor),
    bob: (PatientId, Actor),
    a: Vec<AppointmentId>,
}

fn fixture() -> Fx {
    let desk = Fixture::blank("2030-01-07T08:00");
    let lopez = desk.add_doctor_login("Dr. Maria Lopez", "Cardiology", "lopez");
    let adams = desk.add_doctor("Dr. Ken Adams", "Dermatology");
    let anna = desk.add_patient_login("Anna Lopez", "anna");
    let bob = desk.add_patient_login("Bob Stone", "bob");
    let real = desk.add_patient("100% Real", None);
    let under = desk.add_patient("Ann_a", None);
    let plain = desk.add_patient("Annxa", None);
    let slash = desk.add_patient("Back\\slash", None);
    let l8 = desk.declare_slots_of(lopez.0, "2030-01-08", "09:00", "09:30", 30);
    let d8 = desk.declare_slots_of(adams, "2030-01-08", "09:30", "10:30", 30);
    let l9 = desk.declare_slots_of(lopez.0, "2030-01-09", "09:00", "09:30", 30);
    let d9 = desk.declare_slots_of(adams, "2030-01-09", "09:30", "11:30", 30);
    let a = vec![
        desk.book_for(bob.0, l8[0]).id,
        desk.book_for(anna.0, d8[0]).id,
        desk.book_for(bob.0, d8[1]).id,
        desk.book_for(anna.0, l9[0]).id,
        desk.book_for(real, d9[0]).id,
        desk.book_for(under, d9[1]).id,
        desk.book_for(plain, d9[2]).id,
        desk.book_for(slash, d9[3]).id,
    ];
    desk.cancel(a[1]);
    desk.set_now("2030-01-08T10:20");
    desk.set_status(a[2], Status::NoShow);
    desk.set_now("2030-01-08T10:30");
    Fx {
        desk,
        lopez,
        anna,
        bob,
        a,
    }
}

impl Fx {
    fn ids(&self, actor: &Actor, q: AppointmentQuery<'_>) -> Vec<AppointmentId> {
        self.desk
            .clinic
            .appointments(actor, &q)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect()
    }

    fn search(&self, actor: &Actor, text: &str) -> Vec<AppointmentId> {
        self.ids(
            actor,
            AppointmentQuery {
                search: Some(text),
                ..Default::default()
            },
        )
    }

    fn pick(&self, which: &[usize]) -> Vec<AppointmentId> {
        which.iter().map(|&i| self.a[i - 1]).collect()
    }
}

#[test]
fn matches_doctor_or_patient_name_case_insensitively_in_any_status() {
    let fx = fixture();
    let admin = &fx.desk.admin();
    // "lopez": Dr. Lopez's (a1, a4) and Anna Lopez's (a2 cancelled, a4), by time.
    let lopez = fx.pick(&[1, 2, 4]);
    assert_eq!(fx.search(admin, "lopez"), lopez);
    assert_eq!(fx.search(admin, "LOPEZ"), lopez);
    assert_eq!(fx.search(admin, "  LoPeZ "), lopez);
    // Part of a name, in the middle.
    assert_eq!(fx.search(admin, "ton"), fx.pick(&[1, 3]));
    assert_eq!(fx.search(admin, "ken ada"), fx.pick(&[2, 3, 5, 6, 7, 8]));
    // Not matched against other fields (the specialty, the reason…).
    assert!(fx.search(admin, "cardiology").is_empty());
    assert!(fx.search(admin, "nobody").is_empty());
    // A blank search does not filter.
    assert_eq!(fx.search(admin, "   ").len(), 8);
}

#[test]
fn combines_with_date_status_doctor_and_patient_filters() {
    let fx = fixture();
    let admin = &fx.desk.admin();
    let day8 = AppointmentQuery {
        from: Some(at("2030-01-08T00:00")),
        to: Some(at("2030-01-09T00:00")),
        ..Default::default()
    };
    assert_eq!(
        fx.ids(
            admin,
            AppointmentQuery {
                search: Some("lopez"),
                ..day8.clone()
            }
        ),
        fx.pick(&[1, 2])
    );
    assert_eq!(
        fx.ids(
            admin,
            AppointmentQuery {
                search: Some("lopez"),
                status: Some(Status::Cancelled),
                ..Default::default()
            }
        ),
        fx.pick(&[2])
    );
    assert_eq!(
        fx.ids(
            admin,
            AppointmentQuery {
                search: Some("stone"),
                status: Some(Status::NoShow),
                ..day8.clone()
            }
        ),
        fx.pick(&[3])
    );
    assert_eq!(
        fx.ids(
            admin,
            AppointmentQuery {
                search: Some("lopez"),
                doctor: Some(fx.lopez.0),
                ..Default::default()
            }
        ),
        fx.pick(&[1, 4])
    );
    assert_eq!(
        fx.ids(
            admin,
            AppointmentQuery {
                search: Some("adams"),
                patient: Some(fx.anna.0),
                ..Default::default()
            }
        ),
        fx.pick(&[2])
    );
    assert!(
        fx.ids(
            admin,
            AppointmentQuery {
                search: Some("lopez"),
                status: Some(Status::Completed),
                ..Default::default()
            }
        )
        .is_empty()
    );
}

#[test]
fn wildcards_in_the_text_are_literal() {
    let fx = fixture();
    let admin = &fx.desk.admin();
    // "%" would match everything, "_" any one character, as LIKE wildcards.
    assert_eq!(fx.search(admin, "%"), fx.pick(&[5]));
    assert_eq!(fx.search(admin, "0% r"), fx.pick(&[5]));
    assert_eq!(fx.search(admin, "_"), fx.pick(&[6]));
    assert_eq!(fx.search(admin, "n_a"), fx.pick(&[6]));
    assert_eq!(fx.search(admin, "nxa"), fx.pick(&[7]));
    assert_eq!(fx.search(admin, "\\"), fx.pick(&[8]));
    assert_eq!(fx.search(admin, "k\\s"), fx.pick(&[8]));
    assert!(fx.search(admin, "%%").is_empty());
    assert!(fx.search(admin, "a%a").is_empty());
}

#[test]
fn a_patient_searching_sees_only_their_own_appointments() {
    let fx = fixture();
    // Bob: "lopez" finds his visit with Dr. Lopez, never Anna Lopez's appointments.
    assert_eq!(fx.search(&fx.bob.1, "lopez"), fx.pick(&[1]));
    assert!(fx.search(&fx.bob.1, "anna").is_empty());
    assert!(fx.search(&fx.bob.1, "%").is_empty());
    assert_eq!(fx.search(&fx.bob.1, "").len(), 2);
    // Anna: her own, the cancelled one included.
    assert_eq!(fx.search(&fx.anna.1, "lopez"), fx.pick(&[2, 4]));
    assert!(fx.search(&fx.anna.1, "stone").is_empty());
    // Asking for another patient is refused, not quietly narrowed.
    assert_eq!(
        kind_of(fx.desk.clinic.appointments(
            &fx.bob.1,
            &AppointmentQuery {
                patient: Some(fx.anna.0),
                search: Some("lopez"),
                ..Default::default()
            }
        )),
        ErrorKind::Forbidden
    );
}

#[test]
fn a_doctor_searching_sees_only_their_own_appointments() {
    let fx = fixture();
    let me = &fx.lopez.1;
    assert_eq!(fx.search(me, "stone"), fx.pick(&[1]));
    assert_eq!(fx.search(me, "anna"), fx.pick(&[4]));
    assert_eq!(fx.search(me, "lopez"), fx.pick(&[1, 4]));
    assert!(fx.search(me, "adams").is_empty());
    assert!(fx.search(me, "real").is_empty());
    assert_eq!(
        kind_of(fx.desk.clinic.appointments(
            me,
            &AppointmentQuery {
                doctor: Some(DoctorId(fx.lopez.0.0 + 1)),
                search: Some("a"),
                ..Default::default()
            }
        )),
        ErrorKind::Forbidden
    );
}

#[test]
fn guests_and_overlong_texts_are_refused() {
    let fx = fixture();
    let q = AppointmentQuery {
        search: Some("lopez"),
        ..Default::default()
    };
    assert_eq!(
        kind_of(fx.desk.clinic.appointments(&Actor::Guest, &q)),
        ErrorKind::Auth
    );
    let long = "x".repeat(101);
    assert_eq!(
        kind_of(fx.desk.clinic.appointments(
            &fx.desk.admin(),
            &AppointmentQuery {
                search: Some(&long),
                ..Default::default()
            }
        )),
        ErrorKind::Invalid
    );
    assert!(fx.search(&fx.desk.admin(), &"x".repeat(100)).is_empty());
}
