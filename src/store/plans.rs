//! Query-plan guard: every statement the hot use cases run must reach the big tables
//! (`slots`, `appointments`, `patients`, `holds`, `waitlist`, `offers`, `audit`) through an
//! index range, never a full scan, so a schema change cannot silently make the clinic slow.
//!
//! The statements are captured from the real use cases with SQLite's trace hook (bound values
//! expanded), then each is run through `EXPLAIN QUERY PLAN`.

#[cfg(test)]
mod tests {
    use crate::clock::FixedClock;
    use crate::demo::{self, DemoSpec};
    use crate::domain::*;
    use crate::service::{BookRequest, Clinic, SlotFilter, WaitlistTarget};
    use crate::store::appointments::AppointmentQuery;
    use chrono::{Duration, NaiveDate};
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::{Arc, Mutex};

    static CAPTURED: Mutex<Vec<String>> = Mutex::new(Vec::new());

    fn capture(event: TraceEvent<'_>) {
        if let TraceEvent::Stmt(stmt, _) = event
            && let Some(sql) = stmt.expanded_sql()
        {
            CAPTURED.lock().unwrap().push(sql);
        }
    }

    /// Tables small enough to read whole: doctors and specialties number in the hundreds, the
    /// waitlist gains a few thousand rows a year; settings and accounts are tiny; plans are a
    /// few per doctor, time off a few hundred rows a year. (`planned_days`, a row per doctor
    /// and day, is big.)
    const SMALL: &[&str] = &[
        "doctors",
        "specialties",
        "settings",
        "accounts",
        "waitlist",
        "care_team",
        "plans",
        "time_off",
    ];

    /// Partial indexes of a working set that stays small however big the file grows, so
    /// reading one whole is a range of its table, not a scan: the messages still queued (the
    /// next days' reminders), not the millions sent.
    const SMALL_PARTIAL: &[&str] = &["outbox_due"];

    const SQL_WORDS: &[&str] = &[
        "WHERE",
        "ON",
        "JOIN",
        "LEFT",
        "RIGHT",
        "INNER",
        "CROSS",
        "FULL",
        "OUTER",
        "NATURAL",
        "ORDER",
        "GROUP",
        "LIMIT",
        "USING",
        "SET",
        "VALUES",
        "WINDOW",
        "UNION",
        "EXCEPT",
        "INTERSECT",
        "HAVING",
        "INDEXED",
        "NOT",
        "AS",
        "RETURNING",
        "DO",
    ];

    const SUBQUERY: &str = "(subquery)";

    fn is_name(word: &str) -> bool {
        !word.is_empty()
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !SQL_WORDS.contains(&word.to_uppercase().as_str())
    }

    /// Each alias in `sql` and the table or CTE it stands for (`FROM appointments t` →
    /// `t` → `appointments`), so a short alias cannot hide a scan of a big table; and the
    /// names of the statement's CTEs.
    fn aliases(sql: &str) -> (std::collections::HashMap<String, String>, Vec<String>) {
        let spaced: String = sql
            .chars()
            .flat_map(|c| match c {
                '(' | ')' | ',' => vec![' ', c, ' '],
                '\n' | '\t' => vec![' '],
                c => vec![c],
            })
            .collect();
        let words: Vec<&str> = spaced.split(' ').filter(|w| !w.is_empty()).collect();
        let mut map = std::collections::HashMap::new();
        let mut ctes = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let upper = w.to_uppercase();
            // `name AS (` after WITH or a comma opens a CTE.
            if upper == "AS" && words.get(i + 1) == Some(&"(") && i > 0 && is_name(words[i - 1]) {
                ctes.push(words[i - 1].to_string());
            }
            let starts_source = upper == "FROM" || upper == "JOIN" || (*w == "," && i > 0);
            if !starts_source {
                continue;
            }
            // `FROM ( SELECT … ) t`: the alias names a subquery's rows, planned on their own.
            let (table, mut j) = if words.get(i + 1) == Some(&"(") {
                let mut depth = 0;
                let mut k = i + 1;
                while k < words.len() {
                    match words[k] {
                        "(" => depth += 1,
                        ")" => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    k += 1;
                }
                (SUBQUERY, k + 1)
            } else {
                match words.get(i + 1).filter(|t| is_name(t)) {
                    Some(t) => (*t, i + 2),
                    None => continue,
                }
            };
            if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("AS")) {
                j += 1;
            }
            let alias = words
                .get(j)
                .filter(|a| is_name(a))
                .copied()
                .unwrap_or(table);
            map.insert(alias.to_string(), table.to_string());
        }
        (map, ctes)
    }

    /// The tables `EXPLAIN QUERY PLAN` says `sql` reads whole, aliases resolved.
    fn full_scans(clinic: &Clinic, sql: &str) -> Vec<String> {
        let conn = clinic.store().conn();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let (aliases, ctes) = aliases(sql);
        // One page of a table newest first (`ORDER BY t.id DESC LIMIT n`, no sort): the scan
        // walks the rowid b-tree backwards and stops after the page.
        let squeezed = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let newest_page = !details.iter().any(|d| d.contains("TEMP B-TREE"))
            && squeezed.contains(".id DESC LIMIT ")
            && squeezed.matches("ORDER BY").count() == 1;
        details
            .into_iter()
            .filter(|line| {
                let Some(rest) = line.strip_prefix("SCAN ") else {
                    return false;
                };
                if newest_page && !rest.contains(" INDEX ") {
                    return false;
                }
                // A full-text table searched with MATCH reads its own index ("INDEX 0:M1");
                // "INDEX 0:" alone would be a scan of it.
                // `json_each` reads the rows a statement was given, not the file.
                if rest.contains(" VIRTUAL TABLE INDEX ") {
                    return rest.ends_with(':') && !rest.starts_with("json_each ");
                }
                if rest.starts_with("CONSTANT ROW") || rest.contains("USING INTEGER PRIMARY KEY") {
                    return false;
                }
                if SMALL_PARTIAL.iter().any(|ix| {
                    rest.ends_with(&format!(" INDEX {ix}"))
                        || rest.contains(&format!(" INDEX {ix} "))
                }) {
                    return false;
                }
                let target = rest.split(' ').next().unwrap_or(rest);
                let table = aliases.get(target).map_or(target, String::as_str);
                !(SMALL.contains(&table) || table == SUBQUERY || ctes.iter().any(|c| c == table))
            })
            .collect()
    }

    #[test]
    fn aliases_resolve_to_their_tables() {
        let (map, ctes) = aliases(
            "WITH free AS (SELECT 1) SELECT * FROM appointments t JOIN doctors AS d ON d.id = t.doctor_id, slots s
             LEFT JOIN free ON 1 WHERE t.id IN (SELECT id FROM patients)",
        );
        assert_eq!(map["t"], "appointments");
        assert_eq!(map["d"], "doctors");
        assert_eq!(map["s"], "slots");
        assert_eq!(map["patients"], "patients");
        assert_eq!(ctes, ["free"]);
    }

    #[test]
    fn a_short_alias_does_not_hide_a_scan_of_a_big_table() {
        let clock = Arc::new(FixedClock::new(
            NaiveDate::from_ymd_opt(2030, 1, 7)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap(),
        ));
        let clinic = Clinic::in_memory(clock).unwrap();
        let scans = full_scans(
            &clinic,
            "SELECT count(*) FROM appointments t WHERE t.reason = 'x'",
        );
        assert_eq!(scans.len(), 1, "{scans:?}");
        assert!(full_scans(&clinic, "SELECT * FROM doctors d WHERE d.fee > 3").is_empty());
        // One page newest first reads a page; sorting by anything else reads them all.
        assert!(
            full_scans(
                &clinic,
                "SELECT * FROM appointments a ORDER BY a.id DESC LIMIT 50"
            )
            .is_empty()
        );
        assert_eq!(
            full_scans(
                &clinic,
                "SELECT * FROM appointments a ORDER BY a.reason DESC, a.id DESC LIMIT 50"
            )
            .len(),
            1
        );
    }

    #[test]
    fn hot_queries_use_indexes() {
        let day = NaiveDate::from_ymd_opt(2030, 1, 7).unwrap();
        let clock = Arc::new(FixedClock::new(day.and_hms_opt(8, 0, 0).unwrap()));
        let clinic = Clinic::in_memory(clock.clone()).unwrap();
        demo::generate(
            &clinic,
            DemoSpec {
                doctors: 4,
                patients: 30,
                days: 6,
                seed: 3,
            },
        )
        .unwrap();
        let admin = clinic.login("admin", demo::DEMO_PASSWORD).unwrap().actor;
        let patient = clinic.login("patient1", demo::DEMO_PASSWORD).unwrap().actor;
        let doctor = clinic.login("doctor1", demo::DEMO_PASSWORD).unwrap().actor;

        clinic
            .store()
            .conn()
            .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(capture));

        // The hot paths of the TUI, the CLI and the reports.
        let mut free = SlotFilter::day(day + Duration::days(1));
        free.free_only = true;
        free.limit = 100;
        let slots = clinic.slots(&Actor::Guest, &free).unwrap();
        for sort in [SlotSort::Doctor, SlotSort::Specialty, SlotSort::Fee] {
            clinic
                .slots(
                    &patient,
                    &SlotFilter {
                        sort,
                        ..free.clone()
                    },
                )
                .unwrap();
        }
        // Where a visit of a type can start (SPEC §10), as a patient and as the desk.
        let new_patient = clinic.visit_type("New patient").unwrap();
        let typed = SlotFilter {
            visit_type: Some(new_patient.id),
            ..free.clone()
        };
        clinic.slots(&patient, &typed).unwrap();
        clinic.slots(&admin, &typed).unwrap();
        let mut week = SlotFilter::day(day);
        week.to = week.from + Duration::days(7);
        week.doctor = Some(DoctorId(1));
        clinic.slots(&doctor, &week).unwrap();
        clinic.report_top(&admin, day).unwrap();
        clinic.report_busy(&admin, day, 360).unwrap();
        clinic.report_available(&admin, day).unwrap();
        clinic
            .report_utilization(&admin, day - Duration::days(30), day)
            .unwrap();
        clinic.day_sheet(&admin, day).unwrap();
        clinic
            .appointments(
                &doctor,
                &AppointmentQuery {
                    from: Some(week.from),
                    to: Some(week.to),
                    ..Default::default()
                },
            )
            .unwrap();
        clinic
            .appointments(
                &admin,
                &AppointmentQuery {
                    search: Some("larsen"),
                    ..Default::default()
                },
            )
            .unwrap();
        clinic.history(&admin, PatientId(7)).unwrap();
        clinic
            .appointments(&patient, &AppointmentQuery::default())
            .unwrap();
        let me = patient.patient_id().unwrap();
        // A Monday two weeks on: past the demo's holiday and its doctor on leave.
        let later = day + Duration::days(14);
        let fresh = clinic
            .declare_slots(
                &admin,
                DoctorId(3),
                later,
                chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
                None,
            )
            .unwrap();
        clinic
            .join_waitlist(
                &patient,
                None,
                &WaitlistTarget::Doctor(slots[0].doctor_id),
                "2030-01-08",
            )
            .unwrap();
        let hold = clinic.hold(&patient, fresh[0].id, None).unwrap();
        let booked = clinic
            .book(
                &patient,
                &BookRequest {
                    slot: hold.slot_id,
                    patient: None,
                    reason: None,
                    override_reason: None,
                    visit_type: None,
                },
            )
            .unwrap();
        clinic
            .reschedule(&patient, booked.id, fresh[2].id, None)
            .unwrap();
        clinic
            .cancel(&patient, booked.id, Some("plans test"))
            .unwrap();
        // A typed visit, a series, and cancelling the rest of it.
        let physio = clinic.visit_type("Physiotherapy").unwrap();
        let course = clinic
            .book_series(
                &admin,
                &BookRequest {
                    slot: fresh[1].id,
                    patient: Some(me),
                    reason: None,
                    override_reason: None,
                    visit_type: Some(physio.id),
                },
                crate::service::SeriesRequest {
                    repeat: crate::domain::visit_type::Repeat::Weekly,
                    count: 2,
                    skip_unavailable: true,
                },
            )
            .unwrap();
        clinic
            .cancel_series(&admin, course.booked[0].id, Some("plans test"))
            .unwrap();
        clinic.waitlist(&admin, None, true).unwrap();
        clinic.history(&patient, me).unwrap();
        // Plans and time off (SPEC §9).
        let week = crate::domain::plan::parse_week("mon-fri 09:00-12:00", 30).unwrap();
        clinic.set_plan(&admin, DoctorId(4), None, week).unwrap();
        clinic.plans(&admin, DoctorId(4), true).unwrap();
        clinic.apply_plans(&admin, None, None).unwrap();
        clinic.extend_horizon(&admin).unwrap();
        let leave = crate::domain::time_off::TimeOffInput::parse(
            Some(DoctorId(4)),
            "2030-01-22",
            None,
            Some("course"),
        )
        .unwrap();
        let leave = clinic.add_time_off(&admin, &leave, true).unwrap();
        clinic.time_off(&admin, None, None).unwrap();
        clinic.time_off(&patient, None, None).unwrap();
        clinic.remove_time_off(&admin, leave.time_off.id).unwrap();
        // The outbox (SPEC §11): the desk's lists, and a run of the sender that claims,
        // re-checks and fails a message (an SMS gateway nothing listens on), then one with
        // nothing it may send.
        let statuses = crate::domain::MessageStatus::ALL.iter().copied().map(Some);
        for status in std::iter::once(None).chain(statuses) {
            clinic.outbox(&admin, status, None, 50, 0).unwrap();
        }
        clinic.outbox(&admin, None, Some(me), 50, 0).unwrap();
        clinic.outbox_counts(&admin).unwrap();
        let mut settings = clinic.settings().unwrap();
        settings.sms_url = Some("http://127.0.0.1:9/send".into());
        clinic.update_settings(&admin, &settings).unwrap();
        let secrets = crate::transport::Secrets::default();
        clinic.send_outbox(&Actor::Guest, &secrets).unwrap();
        settings.sms_url = None;
        clinic.update_settings(&admin, &settings).unwrap();
        clinic.send_outbox(&Actor::Guest, &secrets).unwrap();
        clinic.next_message_due().unwrap();
        // The front desk's day (SPEC §12): counts, the automatic no-show, a correction.
        clinic.day_counts(&admin, day).unwrap();
        clinic.day_counts(&doctor, day).unwrap();
        settings.no_show_after_minutes = 30;
        clinic.update_settings(&admin, &settings).unwrap();
        clinic.sweep(&Actor::Guest).unwrap();
        let today = clinic
            .appointments(
                &admin,
                &AppointmentQuery {
                    from: Some(day.and_hms_opt(0, 0, 0).unwrap()),
                    to: Some((day + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap()),
                    status: Some(Status::Booked),
                    ..Default::default()
                },
            )
            .unwrap();
        let arrived = clinic
            .set_visit_status(&admin, today[0].id, Status::CheckedIn)
            .unwrap();
        clinic
            .correct_status(&admin, arrived.id, "plans test")
            .unwrap();
        // A month's FHIR export (SPEC §13), the desk's and a patient's: ranged reads only.
        // (The whole clinic's export and an import's duplicate check read every record on
        // purpose.)
        let month = (Some(day), Some(day + Duration::days(30)));
        for who in [&admin, &patient] {
            clinic
                .export_fhir(
                    who,
                    month,
                    crate::service::FhirFormat::Ndjson,
                    &mut std::io::sink(),
                )
                .unwrap();
        }

        let captured = std::mem::take(&mut *CAPTURED.lock().unwrap());
        clinic
            .store()
            .conn()
            .trace_v2(TraceEventCodes::empty(), None);
        assert!(
            captured.len() > 30,
            "the trace hook saw too little: {}",
            captured.len()
        );
        let mut offenders = Vec::new();
        for sql in captured {
            let verb = sql.split_whitespace().next().unwrap_or("").to_uppercase();
            if !matches!(
                verb.as_str(),
                "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "WITH"
            ) {
                continue;
            }
            let scans = full_scans(&clinic, &sql);
            if !scans.is_empty() {
                offenders.push(format!("{scans:?} in {sql}"));
            }
        }
        assert!(
            offenders.is_empty(),
            "full scans:\n{}",
            offenders.join("\n\n")
        );
    }
}
