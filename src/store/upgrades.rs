//! Upgrade tests: every migration that moves data is run on a file at the version before it,
//! holding rows written the way that version wrote them, and what it carried over is checked.
//! (Migrations that only add tables or indexes are covered by opening a new file.)

use super::schema::MIGRATIONS;
use rusqlite::Connection;

/// A database migrated to `version`, as a build of that time would have left it.
fn at_version(version: usize) -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    MIGRATIONS.to_version(&mut conn, version).unwrap();
    conn
}

/// The first column of every row `sql` returns.
fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> Vec<T> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn to_latest(conn: &mut Connection) {
    MIGRATIONS.to_latest(conn).unwrap();
    let problems = super::checks::run(conn).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

/// Two doctors, two patients, slots on two days and appointments in every status, written
/// with the columns of versions 1–3.
fn part_one_clinic(conn: &Connection) {
    conn.execute_batch(
        "INSERT INTO accounts (id, username, role, full_name, password_hash, created_at)
             VALUES (1, 'admin', 'admin', 'Admin', '$argon2id$x', '2030-01-01T00:00:00');
         INSERT INTO specialties (id, name) VALUES (1, 'Cardiology');
         INSERT INTO doctors (id, full_name, specialty_id, created_at)
             VALUES (1, 'Dr. Émile Ångström', 1, '2030-01-01T00:00:00'),
                    (2, 'Dr. Bo Lee', 1, '2030-01-01T00:00:00');
         INSERT INTO patients (id, full_name, phone, created_at)
             VALUES (1, 'Ελένη Παπαδοπούλου', '+44 20 7946 0958', '2030-01-01T00:00:00'),
                    (2, 'Zoë Ōtake', NULL, '2030-01-01T00:00:00');
         INSERT INTO slots (id, doctor_id, start, end_at, duration) VALUES
             (1, 1, '2030-01-07T09:00', '2030-01-07T09:30', 30),
             (2, 1, '2030-01-07T09:30', '2030-01-07T10:00', 30),
             (3, 1, '2030-01-07T10:00', '2030-01-07T10:45', 45),
             (4, 2, '2030-01-08T09:00', '2030-01-08T09:30', 30);
         INSERT INTO appointments (id, slot_id, doctor_id, patient_id, start, end_at, duration,
                                   status, booked_at, updated_at, checked_in_at, completed_at) VALUES
             (1, 1, 1, 1, '2030-01-07T09:00', '2030-01-07T09:30', 30, 'completed',
              '2030-01-01T00:00:00', '2030-01-07T09:40:00', '2030-01-07T08:55:00', '2030-01-07T09:40:00'),
             (2, 3, 1, 2, '2030-01-07T10:00', '2030-01-07T10:45', 45, 'booked',
              '2030-01-01T00:00:00', '2030-01-01T00:00:00', NULL, NULL),
             (3, 4, 2, 1, '2030-01-08T09:00', '2030-01-08T09:30', 30, 'no_show',
              '2030-01-01T00:00:00', '2030-01-08T10:00:00', NULL, NULL);
         INSERT INTO appointments (id, slot_id, doctor_id, patient_id, start, end_at, duration,
                                   status, booked_at, updated_at, cancelled_at, cancel_reason) VALUES
             (4, 2, 1, 2, '2030-01-07T09:30', '2030-01-07T10:00', 30, 'cancelled',
              '2030-01-01T00:00:00', '2030-01-02T00:00:00', '2030-01-02T00:00:00', 'moved away');",
    )
    .unwrap();
}

#[test]
fn migration_4_marks_the_slots_that_carry_an_active_appointment() {
    let mut conn = at_version(3);
    part_one_clinic(&conn);
    to_latest(&mut conn);
    let booked: Vec<i64> = column(&conn, "SELECT id FROM slots WHERE booked = 1 ORDER BY id");
    // Slot 2's only appointment is cancelled: free.
    assert_eq!(booked, [1, 3, 4]);
}

#[test]
fn migration_5_totals_each_doctor_day_from_its_slots_and_appointments() {
    let mut conn = at_version(4);
    part_one_clinic(&conn);
    to_latest(&mut conn);
    let rows: Vec<String> = column(
        &conn,
        "SELECT day || ' ' || doctor_id || ': ' || slots || ' slots ' || declared_mins
                    || ' min, ' || active || ' active ' || booked_mins || ' min, '
                    || completed || ' done ' || cancelled || ' cancelled ' || no_shows
                    || ' no-show'
             FROM doctor_days ORDER BY day, doctor_id",
    );
    assert_eq!(
        rows,
        [
            "2030-01-07 1: 3 slots 105 min, 2 active 75 min, 1 done 1 cancelled 0 no-show",
            "2030-01-08 2: 1 slots 30 min, 1 active 30 min, 0 done 0 cancelled 1 no-show",
        ]
    );
}

#[test]
fn migration_7_carries_a_lock_in_force_and_makes_every_name_searchable() {
    let mut conn = at_version(6);
    part_one_clinic(&conn);
    conn.execute_batch(
        "INSERT INTO accounts (id, username, role, full_name, password_hash, created_at,
                               failed_logins, locked_until)
             VALUES (2, 'ann', 'patient', 'Ann', '$argon2id$x', '2030-01-01T00:00:00',
                     0, '2030-01-07T08:15:00'),
                    (3, 'bob', 'patient', 'Bob', '$argon2id$x', '2030-01-01T00:00:00', 3, NULL);",
    )
    .unwrap();
    to_latest(&mut conn);
    let attempts: Vec<(String, String, String)> = conn
        .prepare("SELECT username, at, outcome FROM login_attempts ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        attempts,
        vec![
            (
                "ann".to_string(),
                "2030-01-07T08:00:00".to_string(),
                "failed".to_string()
            );
            5
        ]
    );
    let find = |key: &str| -> Vec<i64> {
        let (clause, value) = super::patients::matching("p", key);
        conn.prepare(&format!(
            "SELECT p.id FROM patients p WHERE {clause} ORDER BY p.id"
        ))
        .unwrap()
        .query_map([value], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    assert_eq!(find("ελενη"), [1]);
    assert_eq!(find("zoe"), [2]);
    assert_eq!(find("7946"), [1]);
    let doctor: String = conn
        .query_row("SELECT search_key FROM doctors WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(doctor, "dr. emile angstrom");
}

/// Every appointment's slot, span, minutes and status, as text.
const VISITS: &str = "SELECT id || ' ' || slot_id || ' ' || start || '-' || end_at || ' ' || duration || ' ' || status FROM appointments ORDER BY id";

#[test]
fn migration_10_carries_single_slot_visits_over_unchanged_and_covers_their_slots() {
    let mut conn = at_version(9);
    part_one_clinic(&conn);
    let before: Vec<String> = column(&conn, VISITS);
    to_latest(&mut conn);
    let after: Vec<String> = column(&conn, VISITS);
    assert_eq!(before, after);
    let untyped: i64 = conn
        .query_row(
            "SELECT count(*) FROM appointments WHERE visit_type_id IS NULL AND series_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(untyped, 4);
    // Every active visit covers its own slot; the cancelled one covers nothing.
    let covered: Vec<(i64, i64)> = conn
        .prepare("SELECT slot_id, appointment_id FROM visit_slots ORDER BY slot_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(covered, [(1, 1), (3, 2), (4, 3)]);
    // And the schema now keeps them: cancelling frees the slot, a second visit on it fails.
    conn.execute(
        "UPDATE appointments SET status = 'cancelled', cancelled_at = '2030-01-02T00:00:00' WHERE id = 2",
        [],
    )
    .unwrap();
    let booked: i64 = conn
        .query_row("SELECT booked FROM slots WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    assert_eq!(booked, 0);
    let problems = super::checks::run(&conn).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}
