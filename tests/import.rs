//! CSV import of patients and doctors (SPEC §13): files as spreadsheets write them (a BOM,
//! CRLF, quoted commas and line breaks, columns in any order), every bad line reported with
//! its number and nothing imported, duplicates against the clinic and within the file, dry
//! runs, authorization and the audit; then the CLI contract (report, exit codes 0/7/6).

mod support;

use clinic::ErrorKind;
use clinic::domain::import::{ImportKind, ImportReport};
use clinic::domain::{Actor, Patient};
use clinic::service::ImportOptions;
use serde_json::Value;
use std::path::PathBuf;
use support::clinic::{ANN, Fixture, HOUSE};
use support::kind_of;

fn file(f: &Fixture, name: &str, bytes: &[u8]) -> PathBuf {
    let path = f.dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(
    f: &Fixture,
    kind: ImportKind,
    path: &std::path::Path,
    options: ImportOptions,
) -> ImportReport {
    f.clinic
        .import_csv(&f.admin(), kind, path, options)
        .expect("the file is read")
}

const PLAIN: ImportOptions = ImportOptions {
    dry_run: false,
    skip_duplicates: false,
};
const SKIP: ImportOptions = ImportOptions {
    dry_run: false,
    skip_duplicates: true,
};
const DRY: ImportOptions = ImportOptions {
    dry_run: true,
    skip_duplicates: false,
};

fn everyone(f: &Fixture) -> Vec<Patient> {
    f.clinic
        .patients(&f.admin(), None, true, 10_000, 0)
        .unwrap()
}

fn named(f: &Fixture, name: &str) -> Patient {
    everyone(f)
        .into_iter()
        .find(|p| p.full_name == name)
        .unwrap_or_else(|| panic!("{name} is not on file"))
}

fn lines(r: &ImportReport) -> Vec<(u64, String)> {
    r.errors
        .iter()
        .map(|e| (e.line, e.message.clone()))
        .collect()
}

#[test]
fn a_spreadsheets_file_is_read_whole_bom_crlf_quotes_and_line_breaks() {
    let f = Fixture::new();
    let before = everyone(&f).len();
    let mut bytes = "\u{feff}Phone,FULL_NAME,dob,notes,email,gender,contact\r\n"
        .as_bytes()
        .to_vec();
    bytes.extend(
        concat!(
            "555-0142,\"Okafor, Olu\",1988-11-30,\"allergic to penicillin\r\nand to latex\",olu@example.org,male,sms\r\n",
            ",Zoë Ångström,,,,,\r\n",
            "\r\n",
            "+44 20 7946 0000,\"Mary \"\"May\"\" Ma\",1950-02-28,,,female,\r\n",
        )
        .as_bytes(),
    );
    let path = file(&f, "patients.csv", &bytes);
    let r = import(&f, ImportKind::Patients, &path, PLAIN);
    assert_eq!(lines(&r), []);
    assert_eq!((r.imported, r.skipped, r.dry_run), (3, 0, false));
    assert_eq!(everyone(&f).len(), before + 3);

    let olu = named(&f, "Okafor, Olu");
    assert_eq!(olu.phone.as_deref(), Some("555-0142"));
    assert_eq!(olu.email.as_deref(), Some("olu@example.org"));
    assert_eq!(olu.dob, Some(support::day("1988-11-30")));
    assert_eq!(
        olu.notes.as_deref(),
        Some("allergic to penicillin and to latex")
    );
    assert_eq!(olu.account, None, "an imported patient has no login");
    assert_eq!(named(&f, "Zoë Ångström").phone, None);
    assert_eq!(
        named(&f, "Mary \"May\" Ma").gender.as_deref(),
        Some("female")
    );

    let event = f
        .audit()
        .into_iter()
        .find(|e| e.action == "import_patients")
        .unwrap();
    assert_eq!(
        event.subject.as_deref(),
        Some(path.display().to_string().as_str())
    );
    assert_eq!(
        event.detail.as_deref(),
        Some("3 patients imported, 0 duplicates skipped")
    );
    f.assert_check_ok();
}

#[test]
fn every_bad_line_is_reported_by_its_number_and_nothing_is_imported() {
    let f = Fixture::new();
    let before = everyone(&f).len();
    let path = file(
        &f,
        "bad.csv",
        concat!(
            "full_name,dob,phone,email\n",
            "Good Gail,1970-01-01,,\n",          // 2
            ",1970-01-01,,\n",                   // 3: no name
            "Future Fay,2999-01-01,,\n",         // 4: born later
            "\"Multi\nLine Mo\",1970-13-01,,\n", // 5–6: a bad date, on the row's first line
            "Phoney Phil,,call me,\n",           // 7: not a phone
            "Mail Mel,,,not-an-address\n",       // 8: not an e-mail
            "Short Sam,1970-01-01\n",            // 9: a field missing
            "Good Gus,1971-01-01,,\n",           // 10
        )
        .as_bytes(),
    );
    let r = import(&f, ImportKind::Patients, &path, PLAIN);
    let numbers: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(numbers, [3, 4, 5, 7, 8, 9], "{:?}", lines(&r));
    assert_eq!(r.imported, 0);
    assert!(r.dry_run, "a refused file writes nothing");
    assert_eq!(r.errors[5].message, "has 2 fields where the header has 4");
    let e = r.refusal().unwrap();
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert_eq!(
        e.message(),
        "6 rows are invalid (lines 3, 4, 5, 7, 8, 9); nothing was imported"
    );
    assert_eq!(everyone(&f).len(), before, "all or nothing");
    assert!(f.audit().iter().all(|e| e.action != "import_patients"));
    // Every message is the rule's own, as the CLI and the TUI say it.
    let e3 = f
        .clinic
        .register_patient(
            &f.admin(),
            &clinic::domain::PatientInput {
                full_name: String::new(),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
    assert_eq!(r.errors[0].message, e3.message());
}

#[test]
fn a_header_with_unknown_or_missing_columns_refuses_the_file() {
    let f = Fixture::new();
    let cases: [(&[u8], &str); 5] = [
        (
            b"full_name,nhs_number\nA,1\n",
            "unknown column nhs_number in the header (a file of patients has full_name, gender, dob, phone, email, notes, contact)",
        ),
        (b"name,phone\nA,1\n", "unknown column name in the header"),
        (
            b"phone,email\n1,a@b.org\n",
            "the header has no full_name column (a file of patients needs it)",
        ),
        (b"", "is empty: it needs a header row"),
        (b"full_name\n\xff\xfe\n", "line 2: "),
    ];
    for (bytes, said) in cases {
        let path = file(&f, "h.csv", bytes);
        match f
            .clinic
            .import_csv(&f.admin(), ImportKind::Patients, &path, PLAIN)
        {
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Invalid);
                assert!(
                    e.message().contains(said),
                    "{} does not say {said}",
                    e.message()
                );
            }
            Ok(r) => {
                let (line, message) = &lines(&r)[0];
                assert_eq!(
                    format!("line {line}: {message}"),
                    "line 2: is not UTF-8 text; save the file as UTF-8"
                );
                assert!(said.starts_with("line 2"));
            }
        }
    }
    let e = f
        .clinic
        .import_csv(
            &f.admin(),
            ImportKind::Patients,
            &f.dir().join("nope.csv"),
            PLAIN,
        )
        .unwrap_err();
    assert_eq!(
        e.message(),
        format!("there is no file {}", f.dir().join("nope.csv").display())
    );
}

#[test]
fn duplicates_of_the_clinic_and_within_the_file_refuse_it_unless_skipped() {
    let f = Fixture::new();
    let ann = f.clinic.patient(&f.admin(), f.patient_id(ANN)).unwrap();
    let ann_email = ann.email.clone().expect("ann has an e-mail");
    let path = file(
        &f,
        "dupes.csv",
        format!(
            concat!(
                "full_name,dob,email\n",
                "Someone New,1980-05-05,{}\n", // 2: Ann's e-mail, in another case
                "Twin Tam,1990-01-01,\n",      // 3
                "TWIN TÁM,1990-01-01,\n",      // 4: line 3 again, any case and accents
                "Only Olga,1991-01-01,\n",     // 5
            ),
            ann_email.to_uppercase()
        )
        .as_bytes(),
    );
    let r = import(&f, ImportKind::Patients, &path, PLAIN);
    assert_eq!(
        lines(&r),
        [
            (
                2,
                format!("the same as patient {} (Ann Archer): same e-mail", ann.id)
            ),
            (
                4,
                "the same as line 3: same name and birth date".to_string()
            ),
        ]
    );
    let e = r.refusal().unwrap();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(e.message().contains("--skip-duplicates imports the others"));
    assert!(everyone(&f).iter().all(|p| p.full_name != "Only Olga"));

    let r = import(&f, ImportKind::Patients, &path, SKIP);
    assert_eq!(lines(&r), []);
    assert_eq!((r.imported, r.skipped), (2, 2));
    let skipped: Vec<u64> = r.skipped_lines.iter().map(|e| e.line).collect();
    assert_eq!(skipped, [2, 4]);
    named(&f, "Twin Tam");
    named(&f, "Only Olga");
    // The same file again: everyone is on file now.
    let r = import(&f, ImportKind::Patients, &path, SKIP);
    assert_eq!((r.imported, r.skipped), (0, 4));
    f.assert_check_ok();
}

#[test]
fn a_dry_run_reports_what_would_happen_and_writes_nothing() {
    let f = Fixture::new();
    let path = file(
        &f,
        "p.csv",
        b"full_name,phone\nDry Dora,555-0199\nDry Dan,\n",
    );
    let before = everyone(&f).len();
    let audit_before = f.audit().len();
    let r = import(&f, ImportKind::Patients, &path, DRY);
    assert_eq!((r.imported, r.skipped, r.dry_run), (2, 0, true));
    assert_eq!(everyone(&f).len(), before);
    assert_eq!(f.audit().len(), audit_before, "a rehearsal leaves no trace");
    let r = import(&f, ImportKind::Patients, &path, PLAIN);
    assert_eq!((r.imported, r.dry_run), (2, false));
    assert_eq!(everyone(&f).len(), before + 2);
}

#[test]
fn doctors_come_with_their_specialties_which_are_created_as_needed() {
    let f = Fixture::new();
    let path = file(
        &f,
        "doctors.csv",
        concat!(
            "specialty,full_name,fee,max_per_day,max_minutes,description\n",
            "Sports Medicine,Dr. Nia Nowak,70,10,300,\"knees, ankles\"\n",
            "cardiology,Dr. Omar Obi,,,,\n",
        )
        .as_bytes(),
    );
    let r = import(&f, ImportKind::Doctors, &path, PLAIN);
    assert_eq!(lines(&r), []);
    assert_eq!(r.imported, 2);
    let all = f.clinic.all_doctors(&f.admin()).unwrap();
    let nia = all.iter().find(|d| d.full_name == "Dr. Nia Nowak").unwrap();
    assert_eq!(nia.specialty, "Sports Medicine");
    assert_eq!((nia.fee, nia.max_per_day, nia.max_minutes), (70, 10, 300));
    assert_eq!(nia.description.as_deref(), Some("knees, ankles"));
    assert!(
        f.clinic
            .all_specialties()
            .unwrap()
            .contains(&"Sports Medicine".to_string())
    );

    // Same name and specialty as one on file; a bad fee; no specialty.
    let house = f.doctor_record(HOUSE);
    let path = file(
        &f,
        "more.csv",
        format!(
            "full_name,specialty,fee\n{},CARDIOLOGY,\nDr. Pat Pay,Oncology,lots\nDr. Ned None,,\n",
            house.full_name
        )
        .as_bytes(),
    );
    let r = import(&f, ImportKind::Doctors, &path, PLAIN);
    let numbers: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(numbers, [2, 3, 4], "{:?}", lines(&r));
    assert_eq!(r.errors[1].message, "fee 'lots' is not a whole number");
    assert!(r.errors[0].message.ends_with("same name and specialty"));
    assert_eq!(
        r.refusal().unwrap().kind(),
        ErrorKind::Invalid,
        "invalid lines come first"
    );
    let event = f
        .audit()
        .into_iter()
        .find(|e| e.action == "import_doctors")
        .unwrap();
    assert_eq!(
        event.detail.as_deref(),
        Some("2 doctors imported, 0 duplicates skipped")
    );
}

#[test]
fn only_the_front_desk_imports() {
    let f = Fixture::new();
    let path = file(&f, "p.csv", b"full_name\nNobody Else\n");
    for (who, actor) in [
        ("a patient", f.patient(ANN)),
        ("a doctor", f.doctor(HOUSE)),
        ("a guest", Actor::Guest),
    ] {
        let kind = kind_of(
            f.clinic
                .import_csv(&actor, ImportKind::Patients, &path, PLAIN),
        );
        assert!(
            matches!(kind, ErrorKind::Forbidden | ErrorKind::Auth),
            "{who}: {kind:?}"
        );
    }
    assert!(everyone(&f).iter().all(|p| p.full_name != "Nobody Else"));
}

// ----- the CLI ----------------------------------------------------------------------------

fn cli_file(f: &support::cli::Fixture, name: &str, text: &str) -> PathBuf {
    let path = f.dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(f: &support::cli::Fixture, args: &[&str]) -> (i32, Value, String) {
    let out = f
        .as_user("admin")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_prints_the_report_and_exits_0_7_or_6() {
    let f = support::cli::Fixture::new();
    let good = cli_file(
        &f,
        "good.csv",
        "full_name,dob\nCli Cleo,1980-01-01\nCli Cal,1981-01-01\n",
    );
    let good = good.to_str().unwrap();
    let (code, json, _) = run(&f, &["import", "patients", good, "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(json["imported"], 2);
    assert_eq!(json["dry_run"], true);
    let (code, json, _) = run(&f, &["import", "patients", good]);
    assert_eq!(code, 0);
    assert_eq!(
        json,
        serde_json::json!({"imported": 2, "skipped": 0, "errors": [], "skipped_lines": [], "dry_run": false})
    );

    // The same file again: duplicates, exit 6, the report and the error object together.
    let (code, json, stderr) = run(&f, &["import", "patients", good]);
    assert_eq!(code, 6);
    assert_eq!(json["imported"], 0);
    assert_eq!(json["errors"][0]["line"], 2);
    assert_eq!(json["error"]["kind"], "conflict");
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    let (code, json, _) = run(&f, &["import", "patients", good, "--skip-duplicates"]);
    assert_eq!((code, json["skipped"].as_u64()), (0, Some(2)));

    let bad = cli_file(
        &f,
        "bad.csv",
        "full_name,dob\n,1980-01-01\nLate,2999-01-01\n",
    );
    let (code, json, stderr) = run(&f, &["import", "patients", bad.to_str().unwrap()]);
    assert_eq!(code, 7);
    let numbers: Vec<u64> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 3]);
    assert!(json["errors"][0]["message"].is_string());
    assert!(
        stderr.starts_with("error: 2 rows are invalid (lines 2, 3)"),
        "{stderr}"
    );

    // Without --json: a line per refused row, then the one error line.
    let human = f
        .as_user("admin")
        .args(["import", "patients", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(7));
    assert!(String::from_utf8_lossy(&human.stdout).starts_with("line 2: "));
    assert!(String::from_utf8_lossy(&human.stderr).contains("nothing was imported"));
    let doctors = f
        .as_user("admin")
        .args(["import", "doctors", good])
        .output()
        .unwrap();
    assert_eq!(doctors.status.code(), Some(7));
    assert!(
        String::from_utf8_lossy(&doctors.stderr)
            .contains("unknown column dob in the header (a file of doctors has")
    );
    let patient = f.add_patient("pat1", "Pat One");
    assert!(patient > 0);
    f.as_user("pat1")
        .args(["import", "patients", good])
        .assert()
        .code(4);
}
