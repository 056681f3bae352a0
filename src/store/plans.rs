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

    /// Aliases of small tables and of CTEs, where a scan is fine: doctors and specialties
    /// number in the hundreds; the waitlist gains a few thousand rows a year and its open
    /// part has its own partial index.
    const SMALL: &[&str] = &[
        "w",
        "waitlist",
        "d",
        "sd",
        "doctors",
        "sp",
        "dsp",
        "specialties",
        "settings",
        "accounts",
        "ca",
        "free",
        "t",
        "booked",
        "declared",
        "visits",
        "CONSTANT ROW",
    ];

    fn full_scans(clinic: &Clinic, sql: &str) -> Vec<String> {
        let conn = clinic.store().conn();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        details
            .into_iter()
            .filter(|line| {
                let Some(rest) = line.strip_prefix("SCAN ") else {
                    return false;
                };
                let target = rest.split(' ').next().unwrap_or(rest);
                // A full-text table searched with MATCH reads its own index ("INDEX 0:M1");
                // "INDEX 0:" alone would be a scan of it.
                if rest.contains(" VIRTUAL TABLE INDEX ") && !rest.ends_with(':') {
                    return false;
                }
                // Searching names for a fragment ("%lee%") cannot use a B-tree; it reads the
                // narrow name index instead of the table, a few thousand entries per ms.
                if rest.starts_with("patients USING COVERING INDEX patients_by_name") {
                    return false;
                }
                let on_big_index = [
                    "slots",
                    "appointments",
                    "patients",
                    "holds",
                    "offers",
                    "audit",
                ]
                .iter()
                .any(|t| {
                    rest.contains(&format!("INDEX {t}"))
                        || rest.contains(&format!("sqlite_autoindex_{t}"))
                });
                on_big_index
                    || !(SMALL.contains(&target)
                        || rest.starts_with("CONSTANT ROW")
                        || rest.contains("USING INTEGER PRIMARY KEY"))
            })
            .collect()
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
        let later = day + Duration::days(10);
        let fresh = clinic
            .declare_slots(
                &admin,
                DoctorId(2),
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
                },
            )
            .unwrap();
        clinic
            .reschedule(&patient, booked.id, fresh[2].id, None)
            .unwrap();
        clinic
            .cancel(&patient, booked.id, Some("plans test"))
            .unwrap();
        clinic.waitlist(&admin, None, true).unwrap();
        clinic.history(&patient, me).unwrap();

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
