use crate::prelude::*;
use clinic::tui::screens::care_team::*;
#[test]
fn n_assigns_a_doctor_and_c_removes_after_a_confirmation() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let p = clinic
        .register_patient(
            &admin.actor,
            &clinic::domain::PatientInput {
                full_name: "Team Less".into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let doctor = clinic.doctors(None).unwrap()[2].clone();
    let mut s = CareTeamScreen::new(p.id, p.full_name.clone());
    s.reload(&ctx).unwrap();
    assert!(s.rows().is_empty());
    s.update(&Action::New, &ctx);
    s.choose(doctor.id);
    match s.update(&Action::Submit, &ctx) {
        Outcome::Saved(m) => assert_eq!(
            m.text,
            format!("{} is now on Team Less's care team.", doctor.full_name)
        ),
        _ => panic!("expected the assignment"),
    }
    s.reload(&ctx).unwrap();
    assert_eq!(s.rows().len(), 1);
    assert_eq!(s.rows()[0].doctor_id, doctor.id);
    s.update(&Action::Cancel, &ctx);
    s.update(&Action::Back, &ctx);
    assert_eq!(s.rows().len(), 1, "Esc keeps the assignment");
    s.update(&Action::Cancel, &ctx);
    s.update(&Action::Submit, &ctx);
    s.reload(&ctx).unwrap();
    assert!(s.rows().is_empty());
    assert!(
        clinic
            .assignments(&admin.actor, Some(p.id))
            .unwrap()
            .is_empty()
    );
}
