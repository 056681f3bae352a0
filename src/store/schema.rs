//! The schema, as append-only migrations keyed on `PRAGMA user_version`.
//!
//! Never edit a step that has shipped: add a new one. Each step says why it exists.
//! Pragmas (WAL, foreign keys, …) are per-connection and live in `store::open`, not here.
//!
//! Times are TEXT: schedule times `YYYY-MM-DDTHH:MM` (clinic-local, minute precision) and
//! event stamps `YYYY-MM-DDTHH:MM:SS`; both sort correctly as text, and stay readable from the
//! `sqlite3` shell. The rules the code enforces are repeated here as constraints and triggers,
//! a second line of defence should a bug or a hand-written statement try to break them.

use rusqlite_migration::{HookResult, M, Migrations};
use std::sync::LazyLock;

/// Step 1: the core clinic (SPEC §3–§4).
const CORE: &str = r#"
CREATE TABLE settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    opens             TEXT    NOT NULL DEFAULT '09:00' CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),
    closes            TEXT    NOT NULL DEFAULT '21:00' CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]'),
    slot_minutes      INTEGER NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 15 AND 120),
    hold_minutes      INTEGER NOT NULL DEFAULT 15 CHECK (hold_minutes BETWEEN 1 AND 240),
    idle_lock_minutes INTEGER NOT NULL DEFAULT 5  CHECK (idle_lock_minutes BETWEEN 1 AND 240),
    CHECK (opens < closes)
) STRICT;
INSERT INTO settings (id) VALUES (1);

-- Logins. R11: usernames unique case-insensitively (stored lower-cased, compared NOCASE).
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 3 AND 32),
    role          TEXT    NOT NULL CHECK (role IN ('patient', 'doctor', 'admin')),
    full_name     TEXT    NOT NULL,
    password_hash TEXT    NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until  TEXT,
    created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE specialties (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE doctors (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER UNIQUE REFERENCES accounts (id),
    full_name    TEXT    NOT NULL CHECK (full_name <> ''),
    specialty_id INTEGER NOT NULL REFERENCES specialties (id),
    description  TEXT,
    fee          INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
    max_per_day  INTEGER NOT NULL DEFAULT 12 CHECK (max_per_day > 0),
    max_minutes  INTEGER NOT NULL DEFAULT 480 CHECK (max_minutes > 0),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX doctors_by_specialty ON doctors (specialty_id);

-- Walk-ins have no account.
CREATE TABLE patients (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER UNIQUE REFERENCES accounts (id),
    full_name  TEXT    NOT NULL CHECK (full_name <> ''),
    gender     TEXT,
    dob        TEXT CHECK (dob IS NULL OR dob GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    phone      TEXT,
    email      TEXT,
    notes      TEXT,
    archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES accounts (id)
) STRICT;
CREATE INDEX patients_by_name ON patients (full_name COLLATE NOCASE);

-- R1: a doctor's slots never overlap; starts on the 5-minute grid; 15-120 minutes.
CREATE TABLE slots (
    id        INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors (id),
    start     TEXT    NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][05]'),
    end_at    TEXT    NOT NULL,
    duration  INTEGER NOT NULL CHECK (duration BETWEEN 15 AND 120 AND duration % 5 = 0),
    CHECK (end_at > start),
    CHECK (substr(end_at, 1, 10) = substr(start, 1, 10)),
    UNIQUE (doctor_id, start)
) STRICT;
CREATE INDEX slots_by_start ON slots (start, doctor_id);

CREATE TRIGGER slots_never_overlap
BEFORE INSERT ON slots
WHEN EXISTS (
    SELECT 1 FROM slots s
    WHERE s.doctor_id = NEW.doctor_id
      AND s.start < NEW.end_at
      AND s.start > strftime('%Y-%m-%dT%H:%M', NEW.start, '-120 minutes')
      AND s.end_at > NEW.start
)
BEGIN
    SELECT RAISE(ABORT, 'R1: the new slot overlaps another slot of this doctor');
END;

-- The appointment copies its slot's doctor and times, so history survives slot removal
-- (R10) and R3/R4 need no join. Nothing is ever deleted (R7).
CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    slot_id         INTEGER REFERENCES slots (id) ON DELETE SET NULL,
    doctor_id       INTEGER NOT NULL REFERENCES doctors (id),
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    start           TEXT    NOT NULL,
    end_at          TEXT    NOT NULL,
    duration        INTEGER NOT NULL CHECK (duration > 0),
    status          TEXT    NOT NULL DEFAULT 'booked'
                    CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    reason          TEXT,
    override_reason TEXT,
    reschedules     INTEGER NOT NULL DEFAULT 0 CHECK (reschedules >= 0),
    booked_at       TEXT    NOT NULL,
    booked_by       INTEGER REFERENCES accounts (id),
    checked_in_at   TEXT,
    completed_at    TEXT,
    cancelled_at    TEXT,
    cancelled_by    INTEGER REFERENCES accounts (id),
    cancel_reason   TEXT,
    updated_at      TEXT    NOT NULL,
    CHECK (end_at > start),
    CHECK (slot_id IS NOT NULL OR status = 'cancelled'),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
) STRICT;

-- R2: at most one active appointment per slot, guaranteed by the schema.
CREATE UNIQUE INDEX appointments_one_active_per_slot ON appointments (slot_id) WHERE status <> 'cancelled';
CREATE INDEX appointments_by_slot    ON appointments (slot_id);
CREATE INDEX appointments_by_patient ON appointments (patient_id, start);
CREATE INDEX appointments_by_doctor  ON appointments (doctor_id, start);
CREATE INDEX appointments_by_start   ON appointments (start);

-- R3: a patient never has two active appointments that overlap in time.
CREATE TRIGGER appointments_no_patient_overlap_insert
BEFORE INSERT ON appointments
WHEN NEW.status <> 'cancelled' AND EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.patient_id = NEW.patient_id
      AND a.status <> 'cancelled'
      AND a.start < NEW.end_at
      AND a.start > strftime('%Y-%m-%dT%H:%M', NEW.start, '-1 day')
      AND a.end_at > NEW.start
)
BEGIN
    SELECT RAISE(ABORT, 'R3: the patient already has an appointment at that time');
END;

CREATE TRIGGER appointments_no_patient_overlap_update
BEFORE UPDATE OF start, end_at, status, patient_id ON appointments
WHEN NEW.status <> 'cancelled' AND EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.patient_id = NEW.patient_id
      AND a.id <> NEW.id
      AND a.status <> 'cancelled'
      AND a.start < NEW.end_at
      AND a.start > strftime('%Y-%m-%dT%H:%M', NEW.start, '-1 day')
      AND a.end_at > NEW.start
)
BEGIN
    SELECT RAISE(ABORT, 'R3: the patient already has an appointment at that time');
END;

-- R9: status moves forward only; nothing leaves completed, cancelled or no_show.
CREATE TRIGGER appointments_status_forward_only
BEFORE UPDATE OF status ON appointments
WHEN OLD.status <> NEW.status AND NOT (
       (OLD.status = 'booked'     AND NEW.status IN ('checked_in', 'cancelled', 'no_show'))
    OR (OLD.status = 'checked_in' AND NEW.status IN ('completed', 'no_show'))
)
BEGIN
    SELECT RAISE(ABORT, 'R9: an appointment status only moves forward');
END;

-- R6: a hold reserves a free slot for one patient until it expires.
CREATE TABLE holds (
    slot_id    INTEGER PRIMARY KEY REFERENCES slots (id) ON DELETE CASCADE,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    held_by    INTEGER REFERENCES accounts (id),
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
) STRICT;
CREATE INDEX holds_by_patient ON holds (patient_id);

-- Every change and every login attempt. Append-only.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts (id),
    username   TEXT,
    action     TEXT NOT NULL,
    subject    TEXT,
    detail     TEXT
) STRICT;

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Step 2: the front desk's care teams (seed 004) and the waitlist with its offers (R7).
const FRONT_DESK: &str = r#"
CREATE TABLE care_team (
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    doctor_id   INTEGER NOT NULL REFERENCES doctors (id),
    assigned_at TEXT    NOT NULL,
    assigned_by INTEGER REFERENCES accounts (id),
    PRIMARY KEY (patient_id, doctor_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX care_team_by_doctor ON care_team (doctor_id, patient_id);

-- A patient waiting for a day with one doctor, or with any doctor of a specialty.
CREATE TABLE waitlist (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    doctor_id    INTEGER REFERENCES doctors (id),
    specialty_id INTEGER REFERENCES specialties (id),
    day          TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    status       TEXT    NOT NULL DEFAULT 'waiting'
                 CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'withdrawn')),
    created_at   TEXT    NOT NULL,
    created_by   INTEGER REFERENCES accounts (id),
    CHECK ((doctor_id IS NULL) <> (specialty_id IS NULL))
) STRICT;
CREATE INDEX waitlist_by_day ON waitlist (day, status, id);
CREATE INDEX waitlist_by_patient ON waitlist (patient_id);

-- A freed slot held for a waitlisted patient; outcome NULL while the offer is live.
CREATE TABLE offers (
    id          INTEGER PRIMARY KEY,
    waitlist_id INTEGER NOT NULL REFERENCES waitlist (id),
    slot_id     INTEGER REFERENCES slots (id) ON DELETE SET NULL,
    made_at     TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    outcome     TEXT CHECK (outcome IN ('booked', 'expired', 'declined'))
) STRICT;
CREATE INDEX offers_live ON offers (expires_at) WHERE outcome IS NULL;
CREATE INDEX offers_by_slot ON offers (slot_id);
"#;

/// Step 3: indexes the query-plan guard (`store::plans`) asked for: open waitlist entries
/// and the offers of an entry.
const WAITLIST_INDEXES: &str = r#"
CREATE INDEX waitlist_open ON waitlist (day, created_at, id) WHERE status IN ('waiting', 'offered');
CREATE INDEX offers_by_entry ON offers (waitlist_id);
"#;

/// Step 4: speed at scale (SPEC §8). `slots.booked` mirrors "has an active appointment",
/// kept by triggers so no code path can forget it; with it, free-slot searches and the
/// reports read one covering index instead of probing a million appointments per day.
/// Appointments are never deleted (R7), now also by the schema.
const BOOKED_FLAG: &str = r#"
ALTER TABLE slots ADD COLUMN booked INTEGER NOT NULL DEFAULT 0 CHECK (booked IN (0, 1));
UPDATE slots SET booked = 1
WHERE id IN (SELECT slot_id FROM appointments WHERE status <> 'cancelled' AND slot_id IS NOT NULL);

CREATE TRIGGER slots_booked_on_insert
AFTER INSERT ON appointments WHEN NEW.status <> 'cancelled'
BEGIN
    UPDATE slots SET booked = 1 WHERE id = NEW.slot_id;
END;

CREATE TRIGGER slots_booked_on_update
AFTER UPDATE OF status, slot_id ON appointments
BEGIN
    UPDATE slots SET booked = 0 WHERE id = OLD.slot_id AND OLD.status <> 'cancelled';
    UPDATE slots SET booked = 1 WHERE id = NEW.slot_id AND NEW.status <> 'cancelled';
END;

CREATE TRIGGER appointments_are_never_deleted
BEFORE DELETE ON appointments
BEGIN
    SELECT RAISE(ABORT, 'R7: appointments are never deleted; cancel them');
END;

DROP INDEX slots_by_start;
CREATE INDEX slots_by_start ON slots (start, doctor_id, booked, duration, end_at);
DROP INDEX appointments_by_start;
CREATE INDEX appointments_by_start ON appointments (start, doctor_id, status, duration);
"#;

/// Step 5: one row per doctor and day with that day's totals, kept by triggers, so the
/// reports (top, busy, available, utilization) read a few hundred rows instead of scanning
/// hundreds of thousands of slots. `clinic check` recomputes it to prove it right.
const DOCTOR_DAYS: &str = r#"
CREATE TABLE doctor_days (
    day           TEXT    NOT NULL,
    doctor_id     INTEGER NOT NULL REFERENCES doctors (id),
    slots         INTEGER NOT NULL DEFAULT 0 CHECK (slots >= 0),
    declared_mins INTEGER NOT NULL DEFAULT 0 CHECK (declared_mins >= 0),
    active        INTEGER NOT NULL DEFAULT 0 CHECK (active >= 0),
    booked_mins   INTEGER NOT NULL DEFAULT 0 CHECK (booked_mins >= 0),
    completed     INTEGER NOT NULL DEFAULT 0 CHECK (completed >= 0),
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
    no_shows      INTEGER NOT NULL DEFAULT 0 CHECK (no_shows >= 0),
    PRIMARY KEY (day, doctor_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER doctor_days_slot_insert AFTER INSERT ON slots
BEGIN
    INSERT OR IGNORE INTO doctor_days (day, doctor_id) VALUES (substr(NEW.start, 1, 10), NEW.doctor_id);
    UPDATE doctor_days SET slots = slots + 1, declared_mins = declared_mins + NEW.duration
    WHERE day = substr(NEW.start, 1, 10) AND doctor_id = NEW.doctor_id;
END;

CREATE TRIGGER doctor_days_slot_delete AFTER DELETE ON slots
BEGIN
    UPDATE doctor_days SET slots = slots - 1, declared_mins = declared_mins - OLD.duration
    WHERE day = substr(OLD.start, 1, 10) AND doctor_id = OLD.doctor_id;
END;

CREATE TRIGGER doctor_days_appointment_insert AFTER INSERT ON appointments
BEGIN
    INSERT OR IGNORE INTO doctor_days (day, doctor_id) VALUES (substr(NEW.start, 1, 10), NEW.doctor_id);
    UPDATE doctor_days SET
        active      = active + (NEW.status <> 'cancelled'),
        booked_mins = booked_mins + (NEW.status <> 'cancelled') * NEW.duration,
        completed   = completed + (NEW.status = 'completed'),
        cancelled   = cancelled + (NEW.status = 'cancelled'),
        no_shows    = no_shows + (NEW.status = 'no_show')
    WHERE day = substr(NEW.start, 1, 10) AND doctor_id = NEW.doctor_id;
END;

CREATE TRIGGER doctor_days_appointment_update
AFTER UPDATE OF status, doctor_id, start, duration ON appointments
BEGIN
    UPDATE doctor_days SET
        active      = active - (OLD.status <> 'cancelled'),
        booked_mins = booked_mins - (OLD.status <> 'cancelled') * OLD.duration,
        completed   = completed - (OLD.status = 'completed'),
        cancelled   = cancelled - (OLD.status = 'cancelled'),
        no_shows    = no_shows - (OLD.status = 'no_show')
    WHERE day = substr(OLD.start, 1, 10) AND doctor_id = OLD.doctor_id;
    INSERT OR IGNORE INTO doctor_days (day, doctor_id) VALUES (substr(NEW.start, 1, 10), NEW.doctor_id);
    UPDATE doctor_days SET
        active      = active + (NEW.status <> 'cancelled'),
        booked_mins = booked_mins + (NEW.status <> 'cancelled') * NEW.duration,
        completed   = completed + (NEW.status = 'completed'),
        cancelled   = cancelled + (NEW.status = 'cancelled'),
        no_shows    = no_shows + (NEW.status = 'no_show')
    WHERE day = substr(NEW.start, 1, 10) AND doctor_id = NEW.doctor_id;
END;

INSERT INTO doctor_days (day, doctor_id, slots, declared_mins, active, booked_mins, completed, cancelled, no_shows)
SELECT day, doctor_id, sum(n), sum(mins), sum(act), sum(booked), sum(done), sum(gone), sum(absent)
FROM (
    SELECT substr(start, 1, 10) AS day, doctor_id, count(*) AS n, sum(duration) AS mins,
           0 AS act, 0 AS booked, 0 AS done, 0 AS gone, 0 AS absent
    FROM slots GROUP BY 1, 2
    UNION ALL
    SELECT substr(start, 1, 10), doctor_id, 0, 0, sum(status <> 'cancelled'),
           sum((status <> 'cancelled') * duration), sum(status = 'completed'),
           sum(status = 'cancelled'), sum(status = 'no_show')
    FROM appointments GROUP BY 1, 2
)
GROUP BY day, doctor_id;
"#;

/// Step 6: expired holds are purged at every booking write; this index finds them (and the
/// live ones) without scanning.
const HOLD_EXPIRY: &str = r#"
CREATE INDEX holds_by_expiry ON holds (expires_at);
"#;

/// Step 7: hardening (SPEC §14).
///
/// Sign-in attempts are rows, keyed by the username as typed (known or not), so the lockout
/// holds under parallel guessing: an attempt is recorded under the write lock before its
/// password is checked, and no more are let through while five are failed or still being
/// checked by a live process (`pid`, `began` in real seconds) in any 15 minutes. A lock in
/// force carries over as five failures ending when it does; the counter columns go.
///
/// Names are searched by a folded key the program computes (`domain::text::search_key`:
/// no case, no accents, every script); patients' keys (with their phone digits) are indexed
/// by trigrams so "contains" searches use an index on a clinic of any size.
const HARDENING: &str = r#"
CREATE TABLE login_attempts (
    id       INTEGER PRIMARY KEY,
    username TEXT    NOT NULL,
    at       TEXT    NOT NULL,
    pid      INTEGER NOT NULL DEFAULT 0,
    began    INTEGER NOT NULL DEFAULT 0,
    outcome  TEXT    CHECK (outcome IN ('ok', 'failed', 'cleared', 'locked', 'abandoned'))
) STRICT;
CREATE INDEX login_attempts_by_username ON login_attempts (username, at);
CREATE INDEX login_attempts_by_at ON login_attempts (at);

INSERT INTO login_attempts (username, at, outcome)
SELECT a.username, strftime('%Y-%m-%dT%H:%M:%S', a.locked_until, '-15 minutes'), 'failed'
FROM accounts a,
     (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5)
WHERE a.locked_until IS NOT NULL;
ALTER TABLE accounts DROP COLUMN failed_logins;
ALTER TABLE accounts DROP COLUMN locked_until;

ALTER TABLE patients ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE INDEX patients_by_email ON patients (email COLLATE NOCASE) WHERE email IS NOT NULL;
ALTER TABLE doctors ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE patient_search USING fts5(key, tokenize = 'trigram case_sensitive 1');
CREATE TRIGGER patient_search_insert AFTER INSERT ON patients
BEGIN
    INSERT INTO patient_search (rowid, key) VALUES (NEW.id, NEW.search_key);
END;
CREATE TRIGGER patient_search_update AFTER UPDATE OF search_key ON patients
BEGIN
    DELETE FROM patient_search WHERE rowid = NEW.id;
    INSERT INTO patient_search (rowid, key) VALUES (NEW.id, NEW.search_key);
END;
"#;

/// Step 8: working plans, time off and the booking window (SPEC §9).
///
/// A plan is a doctor's week of ranges from a date on; `plan set` for the same date keeps the
/// old one as history (`superseded_at`). `planned_days` records which days a plan has been
/// laid out on, so laying out again is idempotent and leaves alone a slot removed by hand;
/// slots a plan made carry its id. Time off (a doctor's, or a closure for all with no doctor)
/// is a half-open span no slot may reach into.
const PLANS: &str = r#"
ALTER TABLE settings ADD COLUMN horizon_weeks INTEGER NOT NULL DEFAULT 8
    CHECK (horizon_weeks BETWEEN 1 AND 104);
ALTER TABLE settings ADD COLUMN min_notice_minutes INTEGER NOT NULL DEFAULT 60
    CHECK (min_notice_minutes BETWEEN 0 AND 43200);
ALTER TABLE settings ADD COLUMN max_advance_days INTEGER NOT NULL DEFAULT 90
    CHECK (max_advance_days BETWEEN 1 AND 3660);
ALTER TABLE settings ADD COLUMN planned_through TEXT;

CREATE TABLE plans (
    id             INTEGER PRIMARY KEY,
    doctor_id      INTEGER NOT NULL REFERENCES doctors (id),
    effective_from TEXT    NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    created_at     TEXT    NOT NULL,
    created_by     INTEGER REFERENCES accounts (id),
    superseded_at  TEXT
) STRICT;
CREATE UNIQUE INDEX plans_in_force ON plans (doctor_id, effective_from) WHERE superseded_at IS NULL;
CREATE INDEX plans_by_doctor ON plans (doctor_id, effective_from);

CREATE TABLE plan_ranges (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts  TEXT    NOT NULL CHECK (starts GLOB '[0-2][0-9]:[0-5][0-9]'),
    ends    TEXT    NOT NULL CHECK (ends GLOB '[0-2][0-9]:[0-5][0-9]'),
    length  INTEGER NOT NULL CHECK (length BETWEEN 15 AND 120 AND length % 5 = 0),
    CHECK (starts < ends),
    PRIMARY KEY (plan_id, weekday, starts)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER plan_ranges_never_overlap
BEFORE INSERT ON plan_ranges
WHEN EXISTS (
    SELECT 1 FROM plan_ranges r
    WHERE r.plan_id = NEW.plan_id AND r.weekday = NEW.weekday
      AND r.starts < NEW.ends AND r.ends > NEW.starts
)
BEGIN
    SELECT RAISE(ABORT, 'the ranges of a plan''s day never overlap');
END;

CREATE TABLE planned_days (
    doctor_id INTEGER NOT NULL REFERENCES doctors (id),
    day       TEXT    NOT NULL,
    plan_id   INTEGER REFERENCES plans (id),
    PRIMARY KEY (doctor_id, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX planned_days_by_day ON planned_days (day);

ALTER TABLE slots ADD COLUMN plan_id INTEGER REFERENCES plans (id);
CREATE INDEX slots_by_plan ON slots (plan_id) WHERE plan_id IS NOT NULL;

CREATE TABLE time_off (
    id         INTEGER PRIMARY KEY,
    doctor_id  INTEGER REFERENCES doctors (id),
    starts     TEXT    NOT NULL CHECK (starts GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]'),
    ends       TEXT    NOT NULL CHECK (ends GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]'),
    reason     TEXT,
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES accounts (id),
    CHECK (ends > starts)
) STRICT;
CREATE INDEX time_off_by_doctor ON time_off (doctor_id, ends);

CREATE TRIGGER slots_never_in_time_off
BEFORE INSERT ON slots
WHEN EXISTS (
    SELECT 1 FROM time_off t
    WHERE (t.doctor_id = NEW.doctor_id OR t.doctor_id IS NULL)
      AND t.starts < NEW.end_at AND t.ends > NEW.start
)
BEGIN
    SELECT RAISE(ABORT, 'no slot lies inside time off');
END;
"#;

/// Step 9: the two triggers every new slot runs, made cheaper for laying plans out by the
/// thousand. The overlap check looks at the one slot that could overlap (slots never
/// overlap, so the last one starting before the new one ends) instead of a two-hour window
/// computed with `strftime`; the daily totals take one upsert instead of an insert and an
/// update. Same rules, same refusals.
const LEANER_SLOT_TRIGGERS: &str = r#"
DROP TRIGGER slots_never_overlap;
CREATE TRIGGER slots_never_overlap
BEFORE INSERT ON slots
WHEN (
    SELECT s.end_at FROM slots s
    WHERE s.doctor_id = NEW.doctor_id AND s.start < NEW.end_at
    ORDER BY s.start DESC LIMIT 1
) > NEW.start
BEGIN
    SELECT RAISE(ABORT, 'R1: the new slot overlaps another slot of this doctor');
END;

DROP TRIGGER doctor_days_slot_insert;
CREATE TRIGGER doctor_days_slot_insert AFTER INSERT ON slots
BEGIN
    INSERT INTO doctor_days (day, doctor_id, slots, declared_mins)
    VALUES (substr(NEW.start, 1, 10), NEW.doctor_id, 1, NEW.duration)
    ON CONFLICT (day, doctor_id) DO UPDATE
    SET slots = slots + 1, declared_mins = declared_mins + excluded.declared_mins;
END;
"#;

/// Step 10: visit types and series (SPEC §10). A visit covers back-to-back slots of one
/// doctor that total its minutes; `visit_slots` has a row for every slot an active visit
/// covers, keyed by the slot, so R2 holds for every covered slot in the schema whoever
/// writes and however they race. Triggers on `appointments` keep it (a visit must cover
/// exactly its minutes from its own slot, or the write is refused), and `slots.booked` now
/// follows it. A hold on a run carries the run's first slot on every slot it holds.
const VISIT_TYPES: &str = r#"
CREATE TABLE visit_types (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    name_key    TEXT    NOT NULL UNIQUE,
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 240 AND minutes % 5 = 0),
    fee         INTEGER CHECK (fee IS NULL OR fee >= 0),
    description TEXT,
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
) STRICT;

ALTER TABLE appointments ADD COLUMN visit_type_id INTEGER REFERENCES visit_types (id);
ALTER TABLE appointments ADD COLUMN series_id INTEGER CHECK (series_id > 0);
CREATE INDEX appointments_by_series ON appointments (series_id, start) WHERE series_id IS NOT NULL;

ALTER TABLE holds ADD COLUMN run_start INTEGER REFERENCES slots (id) ON DELETE CASCADE;
CREATE INDEX holds_by_run ON holds (run_start);

CREATE TABLE visit_slots (
    slot_id        INTEGER PRIMARY KEY REFERENCES slots (id),
    appointment_id INTEGER NOT NULL REFERENCES appointments (id)
) STRICT;
CREATE INDEX visit_slots_by_appointment ON visit_slots (appointment_id);

INSERT INTO visit_slots (slot_id, appointment_id)
SELECT slot_id, id FROM appointments WHERE status <> 'cancelled' AND slot_id IS NOT NULL;

DROP TRIGGER slots_booked_on_insert;
DROP TRIGGER slots_booked_on_update;
CREATE TRIGGER visit_slots_booked AFTER INSERT ON visit_slots
BEGIN
    UPDATE slots SET booked = 1 WHERE id = NEW.slot_id;
END;
CREATE TRIGGER visit_slots_freed AFTER DELETE ON visit_slots
BEGIN
    UPDATE slots SET booked = 0 WHERE id = OLD.slot_id;
END;

CREATE TRIGGER appointments_cover_their_slots_insert
AFTER INSERT ON appointments WHEN NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'a visit covers back-to-back slots of its doctor from its own slot, totalling its minutes')
    WHERE NOT EXISTS (SELECT 1 FROM slots WHERE id = NEW.slot_id AND doctor_id = NEW.doctor_id AND start = NEW.start)
       OR (SELECT coalesce(sum(duration), 0) FROM slots
           WHERE doctor_id = NEW.doctor_id AND start >= NEW.start AND start < NEW.end_at
             AND end_at <= NEW.end_at) <> NEW.duration;
    INSERT INTO visit_slots (slot_id, appointment_id)
    SELECT id, NEW.id FROM slots
    WHERE doctor_id = NEW.doctor_id AND start >= NEW.start AND start < NEW.end_at;
END;

CREATE TRIGGER appointments_cover_their_slots_update
AFTER UPDATE OF status, slot_id, doctor_id, start, end_at, duration ON appointments
WHEN NEW.status = 'cancelled' OR NEW.slot_id IS NOT OLD.slot_id OR NEW.doctor_id <> OLD.doctor_id
  OR NEW.start <> OLD.start OR NEW.end_at <> OLD.end_at OR NEW.duration <> OLD.duration
BEGIN
    DELETE FROM visit_slots WHERE appointment_id = OLD.id;
    SELECT RAISE(ABORT, 'a visit covers back-to-back slots of its doctor from its own slot, totalling its minutes')
    WHERE NEW.status <> 'cancelled' AND (
           NOT EXISTS (SELECT 1 FROM slots WHERE id = NEW.slot_id AND doctor_id = NEW.doctor_id AND start = NEW.start)
        OR (SELECT coalesce(sum(duration), 0) FROM slots
            WHERE doctor_id = NEW.doctor_id AND start >= NEW.start AND start < NEW.end_at
              AND end_at <= NEW.end_at) <> NEW.duration);
    INSERT INTO visit_slots (slot_id, appointment_id)
    SELECT id, NEW.id FROM slots
    WHERE NEW.status <> 'cancelled'
      AND doctor_id = NEW.doctor_id AND start >= NEW.start AND start < NEW.end_at;
END;
"#;

/// Step 11: a waitlist entry may wait for a visit of a type; a cancellation then offers it
/// the freed run of slots that fits the type.
const WAITLIST_TYPES: &str = r#"
ALTER TABLE waitlist ADD COLUMN visit_type_id INTEGER REFERENCES visit_types (id);
"#;

/// Step 12: messages that are really sent (SPEC §11). The clinic's name and address for the
/// texts, the reminder offsets, where mail and SMS go (never a password: those come from the
/// environment of the sender); each patient's contact preference (NULL: e-mail if they have
/// one, else SMS if they have a phone, else none).
///
/// The outbox is written in the same transaction as the change that causes a message, so a
/// rolled-back booking sends nothing and a committed one is never forgotten. A sender claims a
/// due message under a lease (`lease_owner`, `lease_until`) in a write transaction, sends it
/// with no transaction open, and records the outcome only while its lease is still its own.
/// `facts` keeps what the text was made from (the doctor, the day, …) as JSON, so a message
/// whose patient has since chosen another channel is written again for it when sent.
const MESSAGES: &str = r#"
ALTER TABLE settings ADD COLUMN clinic_name TEXT NOT NULL DEFAULT 'the clinic'
    CHECK (length(clinic_name) BETWEEN 1 AND 120);
ALTER TABLE settings ADD COLUMN address TEXT CHECK (address IS NULL OR length(address) <= 300);
ALTER TABLE settings ADD COLUMN reminders TEXT NOT NULL DEFAULT '24h,2h';
ALTER TABLE settings ADD COLUMN smtp_url TEXT CHECK (smtp_url IS NULL OR smtp_url GLOB 'smtp*://*');
ALTER TABLE settings ADD COLUMN mail_from TEXT;
ALTER TABLE settings ADD COLUMN sms_url TEXT CHECK (sms_url IS NULL OR sms_url GLOB 'http*://*');

ALTER TABLE patients ADD COLUMN contact TEXT CHECK (contact IS NULL OR contact IN ('email', 'sms', 'none'));

CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL
                   CHECK (kind IN ('confirmation', 'rescheduled', 'cancelled', 'offer', 'reminder')),
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    appointment_id INTEGER REFERENCES appointments (id),
    series_id      INTEGER CHECK (series_id IS NULL OR series_id > 0),
    offer_id       INTEGER REFERENCES offers (id),
    -- The visit's start when the message was queued: a reminder for a visit that has moved
    -- since is not sent.
    visit_start    TEXT,
    -- About several visits of a course at once (a course booked or cancelled).
    course         INTEGER NOT NULL DEFAULT 0 CHECK (course IN (0, 1)),
    facts          TEXT    NOT NULL DEFAULT '{}',
    channel        TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient      TEXT    NOT NULL CHECK (recipient <> ''),
    subject        TEXT,
    body           TEXT    NOT NULL,
    due_at         TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error     TEXT,
    sent_at        TEXT,
    lease_owner    TEXT,
    lease_until    TEXT,
    created_at     TEXT    NOT NULL,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((appointment_id IS NOT NULL) <> (offer_id IS NOT NULL)),
    CHECK ((channel = 'email') = (subject IS NOT NULL))
) STRICT;
-- What a sender claims: due, queued messages of a channel in time order (a channel that is
-- not set up keeps its messages waiting without slowing the others down).
CREATE INDEX outbox_due ON outbox (channel, due_at) WHERE status = 'queued';
-- A visit's messages (those still to go: a reschedule replaces them, a cancellation skips
-- them), and the children of an appointment or an offer for the foreign keys.
CREATE INDEX outbox_by_appointment ON outbox (appointment_id, status);
CREATE INDEX outbox_by_offer ON outbox (offer_id) WHERE offer_id IS NOT NULL;
-- The desk's lists: by status, newest first, and a patient's messages.
CREATE INDEX outbox_by_status ON outbox (status, id);
CREATE INDEX outbox_by_patient ON outbox (patient_id, id);
"#;

/// Step 13: the front desk's day (SPEC §12). The alert for long waits and the automatic
/// no-show are settings. A correction — R9's one exception — is a row of `corrections`, and
/// the forward-only trigger lets a status move back only while such a row, not yet applied,
/// names that very step: no other statement can turn a status back, whoever writes it.
const FRONT_DESK_DAY: &str = r#"
ALTER TABLE settings ADD COLUMN wait_alert_minutes INTEGER NOT NULL DEFAULT 20
    CHECK (wait_alert_minutes BETWEEN 1 AND 600);
ALTER TABLE settings ADD COLUMN no_show_after_minutes INTEGER NOT NULL DEFAULT 0
    CHECK (no_show_after_minutes BETWEEN 0 AND 1440);

CREATE TABLE corrections (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    from_status    TEXT    NOT NULL,
    to_status      TEXT    NOT NULL,
    reason         TEXT    NOT NULL CHECK (length(reason) > 0),
    corrected_at   TEXT    NOT NULL,
    corrected_by   INTEGER REFERENCES accounts (id),
    applied        INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
    CHECK ((from_status = 'checked_in' AND to_status = 'booked')
        OR (from_status = 'completed' AND to_status = 'checked_in')
        OR (from_status = 'no_show' AND to_status IN ('booked', 'checked_in')))
) STRICT;
CREATE INDEX corrections_by_appointment ON corrections (appointment_id, applied);

DROP TRIGGER appointments_status_forward_only;
CREATE TRIGGER appointments_status_forward_only
BEFORE UPDATE OF status ON appointments
WHEN OLD.status <> NEW.status AND NOT (
       (OLD.status = 'booked'     AND NEW.status IN ('checked_in', 'cancelled', 'no_show'))
    OR (OLD.status = 'checked_in' AND NEW.status IN ('completed', 'no_show'))
    OR EXISTS (SELECT 1 FROM corrections c
               WHERE c.appointment_id = NEW.id AND c.applied = 0
                 AND c.from_status = OLD.status AND c.to_status = NEW.status)
)
BEGIN
    SELECT RAISE(ABORT, 'R9: an appointment status only moves forward');
END;

CREATE TRIGGER corrections_are_applied_once
AFTER UPDATE OF status ON appointments
WHEN (OLD.status = 'checked_in' AND NEW.status = 'booked')
  OR (OLD.status = 'completed' AND NEW.status = 'checked_in')
  OR (OLD.status = 'no_show' AND NEW.status IN ('booked', 'checked_in'))
BEGIN
    UPDATE corrections SET applied = 1
    WHERE appointment_id = NEW.id AND applied = 0
      AND from_status = OLD.status AND to_status = NEW.status;
END;
"#;

/// Step 14: a booking writes fewer pages (SPEC §15, part one's booking target). Each index a
/// booking touches is one more page in its commit, so two go that repeated another:
/// - `appointments_one_active_per_slot` held R2 for a visit's first slot; `visit_slots`'
///   primary key holds it for every slot a visit covers, the first among them;
/// - `outbox_by_status` listed queued messages too, which `outbox_due` already indexes: it now
///   holds only those sent, failed or skipped, so queuing a message does not write it.
///
/// The daily-totals trigger of a new visit becomes one upsert instead of two statements.
const LEANER_BOOKING: &str = r#"
DROP INDEX appointments_one_active_per_slot;

DROP INDEX outbox_by_status;
CREATE INDEX outbox_settled ON outbox (status, id) WHERE status <> 'queued';

DROP TRIGGER doctor_days_appointment_insert;
CREATE TRIGGER doctor_days_appointment_insert AFTER INSERT ON appointments
BEGIN
    INSERT INTO doctor_days (day, doctor_id, active, booked_mins, completed, cancelled, no_shows)
    VALUES (substr(NEW.start, 1, 10), NEW.doctor_id,
            NEW.status <> 'cancelled', (NEW.status <> 'cancelled') * NEW.duration,
            NEW.status = 'completed', NEW.status = 'cancelled', NEW.status = 'no_show')
    ON CONFLICT (day, doctor_id) DO UPDATE SET
        active      = active + excluded.active,
        booked_mins = booked_mins + excluded.booked_mins,
        completed   = completed + excluded.completed,
        cancelled   = cancelled + excluded.cancelled,
        no_shows    = no_shows + excluded.no_shows;
END;
"#;

/// Fills the search keys of step 7 for the people already in the file.
fn fill_search_keys(tx: &rusqlite::Transaction) -> HookResult {
    let people: Vec<(i64, String, Option<String>)> = tx
        .prepare("SELECT id, full_name, phone FROM patients")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE patients SET search_key = ?2 WHERE id = ?1")?;
    for (id, name, phone) in people {
        update.execute(rusqlite::params![
            id,
            super::patients::search_key(&name, phone.as_deref())
        ])?;
    }
    let doctors: Vec<(i64, String)> = tx
        .prepare("SELECT id, full_name FROM doctors")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE doctors SET search_key = ?2 WHERE id = ?1")?;
    for (id, name) in doctors {
        update.execute(rusqlite::params![
            id,
            crate::domain::text::search_key(&name)
        ])?;
    }
    Ok(())
}

/// Every migration, oldest first. Append only.
static STEPS: LazyLock<Vec<M<'static>>> = LazyLock::new(|| {
    vec![
        M::up(CORE)
            .comment("core clinic: accounts, doctors, patients, slots, appointments, holds, audit"),
        M::up(FRONT_DESK).comment("care teams, waitlist and offers"),
        M::up(WAITLIST_INDEXES).comment("indexes for open waitlist entries and an entry's offers"),
        M::up(BOOKED_FLAG)
            .comment("slots.booked kept by triggers; covering indexes for searches and reports"),
        M::up(DOCTOR_DAYS).comment("per-doctor daily totals kept by triggers, for the reports"),
        M::up(HOLD_EXPIRY).comment("index holds by expiry"),
        M::up_with_hook(HARDENING, fill_search_keys)
            .comment("sign-in attempts for the lockout; folded name keys for search"),
        M::up(PLANS).comment("working plans, time off, the booking window and the horizon"),
        M::up(LEANER_SLOT_TRIGGERS)
            .comment("cheaper overlap and daily-total triggers on new slots"),
        M::up(VISIT_TYPES).comment("visit types, series, and R2 for every slot a visit covers"),
        M::up(WAITLIST_TYPES).comment("a waitlist entry may wait for a visit of a type"),
        M::up(MESSAGES).comment("the outbox, contact preferences and the messaging settings"),
        M::up(FRONT_DESK_DAY).comment("wait alerts, automatic no-shows and status corrections"),
        M::up(LEANER_BOOKING).comment("fewer index pages per booking; one upsert for daily totals"),
    ]
});

pub static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::from_slice(&STEPS));

/// The schema version this build writes.
pub fn latest_version() -> usize {
    STEPS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn migration_count_matches() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
    }
}
