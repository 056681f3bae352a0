use crate::prelude::*;
use clinic::domain::import::ImportKind;
use clinic::tui::screens::import::*;
use clinic::tui::screens::patients::{PatientsPurpose, PatientsScreen};

fn csv(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Types the path and presses Enter on the last field, as the desk would.
fn check(s: &mut Dialogs<ImportScreen>, path: &std::path::Path, ctx: &Ctx) -> Outcome {
    let form = ImportScreen::form_mut(s);
    form.set_text(F::Path, &path.display().to_string());
    form.focus_last();
    s.update(&Action::Submit, ctx)
}

fn patient_count(clinic: &Clinic, admin: &Session) -> usize {
    clinic
        .patients(&admin.actor, None, true, 10_000, 0)
        .unwrap()
        .len()
}

#[test]
fn i_on_the_patients_opens_the_import_and_a_clean_file_is_checked_then_imported() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        &dir,
        "new.csv",
        "full_name,dob,phone,email\r\nIngrid Import,1971-03-04,555-0142,ingrid@example.org\r\n\"Olu, Jr. Okafor\",1988-11-30,,\r\n",
    );
    let mut patients = PatientsScreen::new(PatientsPurpose::Manage);
    patients.reload(&ctx).unwrap();
    let Outcome::Push(mut opened) = patients.update(&Action::Import, &ctx) else {
        panic!("I opens the import");
    };
    assert_eq!(opened.title(), "Import patients");
    let before = patient_count(&clinic, &admin);

    let mut s = ImportScreen::new(ImportKind::Patients);
    let outcome = check(&mut s, &path, &ctx);
    assert!(
        matches!(outcome, Outcome::None),
        "{:?}",
        demo::said(&outcome)
    );
    assert_eq!(s.report().unwrap().imported, 2);
    assert_eq!(
        patient_count(&clinic, &admin),
        before,
        "the check writes nothing"
    );
    let d = s.asking().expect("a clean file is offered for import");
    assert_eq!(d.title, "Import 2 patients?");
    let screen = demo::rendered(&s, 80, 24);
    assert!(screen.contains("Import 2 patients?"), "{screen}");

    match s.update(&Action::Submit, &ctx) {
        Outcome::Pop(1, Some(m)) => assert_eq!(
            m.text,
            format!("Imported 2 patients from {}.", path.display())
        ),
        other => panic!("expected the import to close, got {:?}", demo::said(&other)),
    }
    assert_eq!(patient_count(&clinic, &admin), before + 2);
    let found = clinic
        .patients(&admin.actor, Some("olu, jr"), false, 10, 0)
        .unwrap();
    assert_eq!(found[0].full_name, "Olu, Jr. Okafor");
    // Back on the list, closing the import screen first.
    opened.update(&Action::Back, &ctx);
}

#[test]
fn a_file_with_bad_lines_shows_every_one_and_offers_nothing() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        &dir,
        "bad.csv",
        "full_name,dob\nGood Person,1990-01-01\n,1990-01-01\nLate Born,2999-01-01\n",
    );
    let before = patient_count(&clinic, &admin);
    let mut s = ImportScreen::new(ImportKind::Patients);
    let outcome = check(&mut s, &path, &ctx);
    assert_eq!(
        demo::said(&outcome).unwrap(),
        "2 rows are invalid (lines 3, 4); nothing was imported"
    );
    assert!(s.asking().is_none(), "nothing to confirm");
    let lines: Vec<u64> = s.report().unwrap().errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4]);
    let screen = demo::rendered(&s, 80, 24);
    assert!(screen.contains("line 3: "), "{screen}");
    assert!(screen.contains("line 4: "), "{screen}");
    assert_eq!(patient_count(&clinic, &admin), before);

    // A path that is not there is one clear line too.
    let outcome = check(&mut s, &dir.path().join("missing.csv"), &ctx);
    assert!(
        demo::said(&outcome)
            .unwrap()
            .starts_with("there is no file "),
        "{:?}",
        demo::said(&outcome)
    );
}

#[test]
fn duplicates_refuse_the_file_unless_the_desk_chooses_to_leave_them_out() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let known = clinic
        .patients(&admin.actor, None, false, 10_000, 0)
        .unwrap()
        .into_iter()
        .find(|p| p.email.is_some())
        .expect("a demo patient with an e-mail");
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        &dir,
        "dupes.csv",
        &format!(
            "full_name,email\nSomeone Else,{}\nNew Person,new@example.org\n",
            known.email.as_deref().unwrap().to_uppercase()
        ),
    );
    let mut s = ImportScreen::new(ImportKind::Patients);
    let outcome = check(&mut s, &path, &ctx);
    let said = demo::said(&outcome).unwrap();
    assert!(
        said.starts_with("1 row is already on file or earlier in the file (line 2)"),
        "{said}"
    );
    assert!(s.asking().is_none());
    let screen = demo::rendered(&s, 80, 24);
    assert!(
        screen.contains(&format!("line 2: the same as patient {}", known.id)),
        "{screen}"
    );

    ImportScreen::form_mut(&mut s).choose(F::Duplicates, "skip");
    let outcome = check(&mut s, &path, &ctx);
    assert!(matches!(outcome, Outcome::None));
    let d = s.asking().expect("the others are offered");
    assert_eq!(d.title, "Import 1 patients?");
    assert!(
        d.lines
            .iter()
            .any(|l| l.starts_with("1 already on file or earlier in the file will be left out"))
    );
    match s.update(&Action::Submit, &ctx) {
        Outcome::Pop(1, Some(m)) => assert!(
            m.text.ends_with("; left out 1 already on file."),
            "{}",
            m.text
        ),
        other => panic!("expected the import to close, got {:?}", demo::said(&other)),
    }
}

#[test]
fn doctors_are_imported_from_the_doctors_screen() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        &dir,
        "doctors.csv",
        "full_name,specialty,fee\nDr. Nia Nowak,Sports medicine,70\n",
    );
    let mut doctors = clinic::tui::screens::doctors::DoctorsScreen::new();
    doctors.reload(&ctx).unwrap();
    let Outcome::Push(opened) = doctors.update(&Action::Import, &ctx) else {
        panic!("I opens the import");
    };
    assert_eq!(opened.title(), "Import doctors");
    let mut s = ImportScreen::new(ImportKind::Doctors);
    check(&mut s, &path, &ctx);
    s.update(&Action::Submit, &ctx);
    let all = clinic.all_doctors(&admin.actor).unwrap();
    let nia = all.iter().find(|d| d.full_name == "Dr. Nia Nowak").unwrap();
    assert_eq!(nia.specialty, "Sports medicine");
    assert!(
        clinic
            .all_specialties()
            .unwrap()
            .contains(&"Sports medicine".to_string())
    );
}
