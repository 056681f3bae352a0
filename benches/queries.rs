//! Read paths on the big clinic (SPEC §8, §15): free-slot search (also where a visit of a
//! type can start), reports, utilization, patient search, history — each a library call, as
//! the TUI and CLI make it.

mod big_clinic;

use chrono::Duration;
use clinic::domain::{Actor, PatientId};
use clinic::service::SlotFilter;
use clinic::store::appointments::AppointmentQuery;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn queries(c: &mut Criterion) {
    let clinic = big_clinic::open(&big_clinic::path());
    let admin = clinic
        .login("admin", clinic::demo::DEMO_PASSWORD)
        .expect("admin login")
        .actor;
    let day = big_clinic::day() + Duration::days(1);

    let mut free = SlotFilter::day(day);
    free.free_only = true;
    c.bench_function("free_slots/one_day_all_doctors_sorted", |b| {
        b.iter(|| black_box(clinic.slots(&Actor::Guest, &free).unwrap().len()))
    });
    let first_page = SlotFilter {
        limit: 50,
        ..free.clone()
    };
    c.bench_function("free_slots/one_day_first_page_of_50", |b| {
        b.iter(|| black_box(clinic.slots(&Actor::Guest, &first_page).unwrap().len()))
    });

    // SPEC §15: where a 45-minute visit can start (its whole run of slots free).
    let new_patient = clinic
        .visit_type("New patient")
        .expect("the demo's visit types");
    let typed = SlotFilter {
        visit_type: Some(new_patient.id),
        ..free.clone()
    };
    c.bench_function("typed_slots/new_patient_one_day_all_doctors", |b| {
        b.iter(|| black_box(clinic.slots(&Actor::Guest, &typed).unwrap().len()))
    });
    let typed_page = SlotFilter {
        limit: 50,
        ..typed.clone()
    };
    c.bench_function("typed_slots/new_patient_first_page_of_50", |b| {
        b.iter(|| black_box(clinic.slots(&Actor::Guest, &typed_page).unwrap().len()))
    });

    let today = big_clinic::day();
    c.bench_function("report/top_one_day", |b| {
        b.iter(|| black_box(clinic.report_top(&admin, today).unwrap().len()))
    });
    c.bench_function("report/busy_one_day", |b| {
        b.iter(|| black_box(clinic.report_busy(&admin, today, 360).unwrap().len()))
    });
    c.bench_function("report/available_one_day", |b| {
        b.iter(|| black_box(clinic.report_available(&admin, day).unwrap().len()))
    });
    c.bench_function("report/day_sheet_one_day", |b| {
        b.iter(|| black_box(clinic.day_sheet(&admin, today).unwrap().len()))
    });
    let month_start = today - Duration::days(30);
    c.bench_function("report/utilization_one_month", |b| {
        b.iter(|| {
            black_box(
                clinic
                    .report_utilization(&admin, month_start, today)
                    .unwrap()
                    .len(),
            )
        })
    });

    c.bench_function("patients/search_name_fragment", |b| {
        b.iter(|| {
            black_box(
                clinic
                    .patients(&admin, Some("rossi"), false, 50, 0)
                    .unwrap()
                    .len(),
            )
        })
    });
    c.bench_function("appointments/search_name_one_week", |b| {
        let q = AppointmentQuery {
            search: Some("larsen"),
            from: Some(today.and_hms_opt(0, 0, 0).unwrap()),
            to: Some((today + Duration::days(7)).and_hms_opt(0, 0, 0).unwrap()),
            limit: 200,
            ..Default::default()
        };
        b.iter(|| black_box(clinic.appointments(&admin, &q).unwrap().len()))
    });
    c.bench_function("appointments/patient_history", |b| {
        b.iter(|| black_box(clinic.history(&admin, PatientId(4242)).unwrap().len()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = queries
}
criterion_main!(benches);
