//! `plan apply` on the big clinic (SPEC §15): 500 doctors' plans laid out through an 8-week
//! horizon (≤ 5 s), then again with nothing to do (≤ 1 s). Each round works on a fresh copy
//! of the big clinic with the clock on the day after its year of slots, so the eight weeks are
//! new; one transaction per doctor, as cron's `clinic plan apply` does it.
//!
//! Run with `cargo bench --bench plans`. Prints each round; asserts nothing.

mod big_clinic;

use chrono::Duration;
use std::time::Instant;

const ROUNDS: usize = 3;

fn main() {
    big_clinic::path();
    let after = (big_clinic::last_day() + Duration::days(1))
        .and_hms_opt(7, 0, 0)
        .expect("valid time");
    let mut first = Vec::new();
    let mut again = Vec::new();
    for round in 1..=ROUNDS {
        let copy = big_clinic::copy("plans.db");
        let clinic = big_clinic::open_at(&copy, after);
        let admin = clinic
            .login("admin", clinic::demo::DEMO_PASSWORD)
            .expect("admin login")
            .actor;
        let started = Instant::now();
        let made = clinic.apply_plans(&admin, None, None).expect("apply");
        let took = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let none = clinic.apply_plans(&admin, None, None).expect("apply again");
        let idle = started.elapsed().as_secs_f64();
        assert_eq!(none.created, 0);
        println!(
            "round {round}: {} slots for 500 doctors through 8 weeks in {took:.2} s; \
             again with nothing to do in {idle:.3} s",
            made.created
        );
        first.push(took);
        again.push(idle);
    }
    first.sort_by(f64::total_cmp);
    again.sort_by(f64::total_cmp);
    println!(
        "plan apply, median of {ROUNDS}: {:.2} s (target ≤ 5 s); nothing to do: {:.3} s (target ≤ 1 s)",
        first[ROUNDS / 2],
        again[ROUNDS / 2]
    );
}
