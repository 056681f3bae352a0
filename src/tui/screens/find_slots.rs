//! Find a free slot across all doctors, one day at a time: filters for time window,
//! specialty and doctor, four sort orders, paged from SQL. Enter holds the slot and opens
//! the booking confirmation, or (when rescheduling) the move confirmation. With nothing
//! suitable, `w` joins the waitlist for the day.

use super::book::{BookScreen, SlotSummary};
use super::reschedule::RescheduleScreen;
use super::waitlist_join::WaitlistJoinScreen;
use super::{fmt_day, fmt_when};
use crate::Result;
use crate::domain::time::{fmt_clock, fmt_date, next_day, parse_clock, parse_date};
use crate::domain::{Appointment, Doctor, DoctorId, PatientId, Slot, SlotSort};
use crate::service::SlotFilter;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::{Choice, TextField};
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::list::Paged;
use chrono::{Duration, NaiveDate, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

const F_DATE: usize = 0;
const F_FROM: usize = 1;
const F_TO: usize = 2;
const F_SPECIALTY: usize = 3;
const F_DOCTOR: usize = 4;
const F_SORT: usize = 5;

const SORTS: [(SlotSort, &str); 4] = [
    (SlotSort::Time, "time"),
    (SlotSort::Doctor, "doctor"),
    (SlotSort::Specialty, "specialty"),
    (SlotSort::Fee, "fee"),
];

fn sort_name(sort: SlotSort) -> &'static str {
    SORTS
        .iter()
        .find(|(s, _)| *s == sort)
        .map(|(_, n)| *n)
        .unwrap_or("time")
}

/// What picking a slot is for.
#[derive(Debug, Clone)]
pub enum Purpose {
    /// A new booking.
    Book,
    /// Moving this appointment.
    Reschedule(Box<Appointment>),
    /// The front desk books for this patient.
    BookFor(PatientId, String),
}

/// The filters a patient sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    pub date: NaiveDate,
    pub window: Option<(NaiveTime, NaiveTime)>,
    pub specialty: Option<String>,
    pub doctor: Option<DoctorId>,
    pub sort: SlotSort,
}

pub struct FindSlots {
    purpose: Purpose,
    filters: Filters,
    list: Paged<Slot>,
    doctors: Vec<Doctor>,
    specialties: Vec<String>,
    /// The filter form while `/` is being used.
    editing: Option<Form>,
}

impl FindSlots {
    pub fn new(date: NaiveDate, purpose: Purpose) -> FindSlots {
        FindSlots {
            purpose,
            filters: Filters {
                date,
                window: None,
                specialty: None,
                doctor: None,
                sort: SlotSort::Time,
            },
            list: Paged::default(),
            doctors: Vec::new(),
            specialties: Vec::new(),
            editing: None,
        }
    }

    /// The finder for a new booking, starting today.
    pub fn booking(ctx: &Ctx) -> FindSlots {
        FindSlots::new(ctx.now().date(), Purpose::Book)
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    pub fn slots(&self) -> &Paged<Slot> {
        &self.list
    }

    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        self.editing.as_mut()
    }

    fn doctor_name(&self, id: DoctorId) -> String {
        self.doctors
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.full_name.clone())
            .unwrap_or_else(|| format!("doctor {id}"))
    }

    fn filter_form(&self) -> Form {
        let f = &self.filters;
        let mut specialty = Choice::new(
            "Specialty",
            std::iter::once(("any specialty".to_string(), String::new()))
                .chain(self.specialties.iter().map(|s| (s.clone(), s.clone())))
                .collect(),
        );
        specialty.select(&f.specialty.clone().unwrap_or_default());
        let mut doctor = Choice::new(
            "Doctor",
            std::iter::once(("any doctor".to_string(), String::new()))
                .chain(self.doctors.iter().map(|d| {
                    (
                        format!("{} ({})", d.full_name, d.specialty),
                        d.id.0.to_string(),
                    )
                }))
                .collect(),
        );
        doctor.select(&f.doctor.map(|d| d.0.to_string()).unwrap_or_default());
        let mut sort = Choice::new(
            "Sort by",
            SORTS
                .iter()
                .map(|(_, n)| (n.to_string(), n.to_string()))
                .collect(),
        );
        sort.select(&sort_name(f.sort).to_string());
        let (from, to) = match f.window {
            Some((a, b)) => (fmt_clock(a), fmt_clock(b)),
            None => (String::new(), String::new()),
        };
        Form::new(vec![
            Field::Text(
                TextField::new("Date")
                    .with_value(&fmt_date(f.date))
                    .hint("YYYY-MM-DD"),
            ),
            Field::Text(
                TextField::new("Starts at/after")
                    .with_value(&from)
                    .hint("HH:MM or empty"),
            ),
            Field::Text(
                TextField::new("Starts before")
                    .with_value(&to)
                    .hint("HH:MM or empty"),
            ),
            Field::Choice(specialty),
            Field::Choice(doctor),
            Field::Choice(sort),
        ])
    }

    /// Reads the filter form; a malformed date or time is the library's invalid error.
    fn read_form(form: &Form) -> Result<Filters> {
        let date = parse_date(&form.value(F_DATE))?;
        let window = match (form.optional(F_FROM), form.optional(F_TO)) {
            (None, None) => None,
            (from, to) => {
                let from = from
                    .map(|t| parse_clock(&t))
                    .transpose()?
                    .unwrap_or(NaiveTime::MIN);
                let to = match to {
                    Some(t) => parse_clock(&t)?,
                    None => NaiveTime::from_hms_opt(23, 59, 0).expect("valid time"),
                };
                Some((from, to))
            }
        };
        let sort = SORTS
            .iter()
            .find(|(_, n)| *n == form.value(F_SORT))
            .map(|(s, _)| *s)
            .unwrap_or_default();
        Ok(Filters {
            date,
            window,
            specialty: form.optional(F_SPECIALTY),
            doctor: form
                .optional(F_DOCTOR)
                .and_then(|d| d.parse().ok())
                .map(DoctorId),
            sort,
        })
    }

    fn load(&mut self, ctx: &Ctx) -> Result<()> {
        let f = &self.filters;
        let day = f.date.and_time(NaiveTime::MIN);
        let filter = SlotFilter {
            from: day,
            to: next_day(f.date).and_time(NaiveTime::MIN),
            doctor: f.doctor,
            specialty: f.specialty.clone(),
            time_window: f.window,
            free_only: true,
            sort: f.sort,
            limit: Paged::<Slot>::fetch_limit(),
            offset: self.list.offset,
        };
        let rows = ctx.clinic.slots(&ctx.actor(), &filter)?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn change_filters(&mut self, filters: Filters, ctx: &Ctx) -> Outcome {
        self.filters = filters;
        self.list.reset();
        Outcome::from(self.load(ctx).map(|_| Outcome::None))
    }

    fn pick(&mut self, ctx: &Ctx) -> Outcome {
        let Some(slot) = self.list.selected().cloned() else {
            return Outcome::info(
                "No slot selected. Try another day (←/→) or press w for the waitlist.",
            );
        };
        match &self.purpose {
            Purpose::Book => match ctx.clinic.hold(&ctx.actor(), slot.id, None) {
                Ok(hold) => Outcome::Push(Box::new(BookScreen::new(SlotSummary::from_slot(
                    &slot,
                    Some(hold.expires_at),
                )))),
                Err(e) => {
                    let _ = self.load(ctx);
                    Outcome::error(&e)
                }
            },
            Purpose::Reschedule(appt) => {
                Outcome::Push(Box::new(RescheduleScreen::new((**appt).clone(), slot)))
            }
            Purpose::BookFor(patient, name) => {
                match ctx.clinic.hold(&ctx.actor(), slot.id, Some(*patient)) {
                    Ok(hold) => Outcome::Push(Box::new(BookScreen::for_patient(
                        SlotSummary::from_slot(&slot, Some(hold.expires_at)),
                        *patient,
                        name.clone(),
                    ))),
                    Err(e) => {
                        let _ = self.load(ctx);
                        Outcome::error(&e)
                    }
                }
            }
        }
    }

    fn update_editing(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        let Some(form) = self.editing.as_mut() else {
            return Outcome::None;
        };
        match action {
            Action::Input(key) => form.input(*key),
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            Action::Back => self.editing = None,
            Action::Submit => match Self::read_form(form) {
                Ok(filters) => {
                    self.editing = None;
                    return self.change_filters(filters, ctx);
                }
                Err(e) => return Outcome::error(&e),
            },
            _ => {}
        }
        Outcome::None
    }

    fn title_line(&self) -> String {
        let f = &self.filters;
        let mut parts = vec![fmt_day(f.date)];
        parts.push(match f.window {
            Some((a, b)) => format!("starts {}–{}", fmt_clock(a), fmt_clock(b)),
            None => "any time".into(),
        });
        parts.push(
            f.specialty
                .clone()
                .unwrap_or_else(|| "any specialty".into()),
        );
        parts.push(match f.doctor {
            Some(d) => self.doctor_name(d),
            None => "any doctor".into(),
        });
        parts.push(format!("by {}", sort_name(f.sort)));
        parts.join(" · ")
    }

    fn render_list(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = match &self.purpose {
            Purpose::Book => " Free slots ".to_string(),
            Purpose::Reschedule(a) => {
                format!(" New time for the {} appointment ", fmt_when(a.start))
            }
            Purpose::BookFor(_, name) => format!(" Free slots for {name} "),
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(title)
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("slots")),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let summary = Rect { height: 1, ..inner };
        Line::from(vec![
            Span::styled("◀ ", theme.dim),
            Span::styled(self.title_line(), theme.heading),
            Span::styled(" ▶", theme.dim),
        ])
        .render(summary, buf);
        let table_area = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        if self.list.rows.is_empty() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(" No free slots match on this day."),
                Line::raw(""),
                Line::raw("   ←/→  look at the day before or after"),
                Line::raw("   /    change the time, specialty or doctor"),
                Line::raw("   w    join the waitlist for this day"),
            ])
            .wrap(Wrap { trim: false })
            .render(table_area, buf);
            return;
        }
        let rows = self.list.rows.iter().map(|s| {
            Row::new(vec![
                Cell::from(format!(
                    "{}–{}",
                    fmt_clock(s.start.time()),
                    fmt_clock(s.end.time())
                )),
                Cell::from(s.doctor_name.clone()),
                Cell::from(s.specialty.clone()),
                Cell::from(Line::from(format!("{}", s.fee)).right_aligned()),
                Cell::from(Line::from(format!("{} min", s.duration)).right_aligned()),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(11),
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Length(5),
                Constraint::Length(7),
            ],
        )
        .header(Row::new(["Time", "Doctor", "Specialty", "Fee", "Length"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.list.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
    }
}

impl Screen for FindSlots {
    fn title(&self) -> String {
        match self.purpose {
            Purpose::Book => "Find a slot".into(),
            Purpose::Reschedule(_) => "Reschedule".into(),
            Purpose::BookFor(..) => "Book for a patient".into(),
        }
    }

    fn mode(&self) -> Mode {
        if self.editing.is_some() {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    fn hints(&self) -> Vec<Hint> {
        if self.editing.is_some() {
            return vec![
                hint("Enter", "apply"),
                hint("Tab", "next field"),
                hint("←→", "choose"),
                hint("Esc", "cancel"),
            ];
        }
        let act = match self.purpose {
            Purpose::Book | Purpose::BookFor(..) => hint("Enter", "book"),
            Purpose::Reschedule(_) => hint("Enter", "move here"),
        };
        let mut hints = vec![
            act,
            hint("←→", "day"),
            hint("/", "filter"),
            hint("o", "sort"),
        ];
        if matches!(self.purpose, Purpose::Book) {
            hints.push(hint("w", "waitlist"));
        } else {
            hints.push(hint("Esc", "back"));
        }
        hints
    }

    fn help(&self) -> Vec<Hint> {
        let mut h = vec![
            hint("↑↓ j k", "move"),
            hint("PgUp PgDn", "page (loads more slots)"),
            hint("Home End", "first / last"),
            hint("← → h l", "previous / next day"),
            hint(
                "Enter",
                "book the slot (it is held for you while you confirm)",
            ),
            hint("/", "filters: date, time window, specialty, doctor, sort"),
            hint("o", "sort by time, doctor, specialty or fee"),
            hint("w", "join the waitlist for this day"),
        ];
        match self.purpose {
            Purpose::Reschedule(_) => {
                h[4] = hint("Enter", "move the appointment to this slot");
                h[7] = hint("Esc", "back to my appointments");
            }
            Purpose::BookFor(..) => {
                h[4] = hint("Enter", "hold the slot for the patient and confirm");
                h[7] = hint("Esc", "back to the patients");
            }
            Purpose::Book => {}
        }
        h
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.editing.is_some() {
            return self.update_editing(action, ctx);
        }
        match action {
            Action::Left | Action::Right => {
                let days = if *action == Action::Left { -1 } else { 1 };
                let date = self.filters.date + Duration::days(days);
                if date < ctx.now().date() {
                    return Outcome::info("That day is in the past.");
                }
                let filters = Filters {
                    date,
                    ..self.filters.clone()
                };
                self.change_filters(filters, ctx)
            }
            Action::Sort => {
                let i = SORTS
                    .iter()
                    .position(|(s, _)| *s == self.filters.sort)
                    .unwrap_or(0);
                let filters = Filters {
                    sort: SORTS[(i + 1) % SORTS.len()].0,
                    ..self.filters.clone()
                };
                self.change_filters(filters, ctx)
            }
            Action::Filter => {
                self.editing = Some(self.filter_form());
                Outcome::None
            }
            Action::Submit => self.pick(ctx),
            Action::Waitlist if matches!(self.purpose, Purpose::Book) => {
                let f = &self.filters;
                Outcome::Push(Box::new(WaitlistJoinScreen::new(
                    f.date,
                    f.doctor,
                    f.specialty.clone(),
                )))
            }
            Action::Back if !matches!(self.purpose, Purpose::Book) => Outcome::Pop(1, None),
            a => {
                if self.list.step(a) {
                    return Outcome::from(self.load(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.doctors = ctx.clinic.doctors(None)?;
        self.specialties = ctx.clinic.specialties()?;
        if self.filters.date < ctx.now().date() {
            self.filters.date = ctx.now().date();
        }
        self.load(ctx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        match &self.editing {
            Some(form) => {
                let height = form.height() + 2;
                let block = Block::bordered()
                    .border_style(theme.focus)
                    .title(" Filters: Enter applies, Esc cancels ");
                let form_area = Rect {
                    height: height.min(area.height),
                    ..area
                };
                let inner = block.inner(form_area);
                block.render(form_area, buf);
                form.render(inner, buf, theme);
                let rest = Rect {
                    y: form_area.bottom(),
                    height: area.height.saturating_sub(form_area.height),
                    ..area
                };
                self.render_list(rest, buf, theme);
            }
            None => self.render_list(area, buf, theme),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    fn setup() -> (crate::Clinic, crate::service::Session) {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        (clinic, session)
    }

    #[test]
    fn opens_on_today_with_free_future_slots_sorted_by_time() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = FindSlots::booking(&ctx);
        s.reload(&ctx).unwrap();
        assert_eq!(s.filters().date, fixture::now().date());
        let rows = &s.slots().rows;
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.start > fixture::now()));
        assert!(rows.windows(2).all(|w| w[0].start <= w[1].start));
    }

    #[test]
    fn arrows_change_the_day_but_never_into_the_past() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = FindSlots::booking(&ctx);
        s.reload(&ctx).unwrap();
        assert!(matches!(s.update(&Action::Left, &ctx), Outcome::Message(_)));
        assert_eq!(s.filters().date, fixture::now().date());
        s.update(&Action::Right, &ctx);
        assert_eq!(s.filters().date, fixture::now().date().succ_opt().unwrap());
        assert!(
            s.slots()
                .rows
                .iter()
                .all(|r| r.start.date() == s.filters().date)
        );
    }

    #[test]
    fn sort_cycles_through_doctor_specialty_fee_and_time() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = FindSlots::booking(&ctx);
        s.reload(&ctx).unwrap();
        s.update(&Action::Sort, &ctx);
        assert_eq!(s.filters().sort, SlotSort::Doctor);
        s.update(&Action::Sort, &ctx);
        s.update(&Action::Sort, &ctx);
        assert_eq!(s.filters().sort, SlotSort::Fee);
        let fees: Vec<u32> = s.slots().rows.iter().map(|r| r.fee).collect();
        assert!(fees.windows(2).all(|w| w[0] <= w[1]), "{fees:?}");
        s.update(&Action::Sort, &ctx);
        assert_eq!(s.filters().sort, SlotSort::Time);
    }

    #[test]
    fn the_filter_form_narrows_by_specialty_and_time_window() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let specialty = clinic.specialties().unwrap()[0].clone();
        let mut s = FindSlots::booking(&ctx);
        s.reload(&ctx).unwrap();
        s.update(&Action::Filter, &ctx);
        assert!(s.is_editing());
        assert_eq!(s.mode(), Mode::TextEntry);
        let form = s.form_mut().unwrap();
        form.set_text(F_FROM, "14:00");
        form.set_text(F_TO, "16:00");
        form.choice_mut(F_SPECIALTY).unwrap().select(&specialty);
        s.update(&Action::Submit, &ctx);
        assert!(!s.is_editing());
        assert_eq!(s.filters().specialty.as_deref(), Some(specialty.as_str()));
        let rows = &s.slots().rows;
        assert!(!rows.is_empty());
        for r in rows {
            assert_eq!(r.specialty, specialty);
            assert!(r.start.time() >= NaiveTime::from_hms_opt(14, 0, 0).unwrap());
            assert!(r.start.time() < NaiveTime::from_hms_opt(16, 0, 0).unwrap());
        }
    }

    #[test]
    fn a_malformed_date_in_the_filter_is_reported_and_the_form_stays() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = FindSlots::booking(&ctx);
        s.reload(&ctx).unwrap();
        s.update(&Action::Filter, &ctx);
        s.form_mut().unwrap().set_text(F_DATE, "tomorrow");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("is not a date"), "{}", m.text),
            _ => panic!("expected an error"),
        }
        assert!(s.is_editing());
        s.update(&Action::Back, &ctx);
        assert!(!s.is_editing());
    }

    #[test]
    fn enter_holds_the_slot_and_opens_the_confirmation() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = FindSlots::booking(&ctx);
        s.reload(&ctx).unwrap();
        s.update(&Action::Down, &ctx);
        let slot = s.slots().selected().unwrap().clone();
        match s.update(&Action::Submit, &ctx) {
            Outcome::Push(screen) => assert_eq!(screen.title(), "Book"),
            _ => panic!("expected the booking confirmation"),
        }
        let held = clinic
            .slots(&session.actor, &SlotFilter::day(slot.start.date()))
            .unwrap()
            .into_iter()
            .find(|x| x.id == slot.id)
            .unwrap();
        assert_eq!(held.state, crate::domain::SlotState::Held);
    }

    #[test]
    fn paging_past_the_first_page_loads_the_next_from_the_library() {
        let (clinic, session) = setup();
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = FindSlots::new(fixture::now().date().succ_opt().unwrap(), Purpose::Book);
        s.reload(&ctx).unwrap();
        assert!(
            s.slots().has_more,
            "a demo day has more than one page of free slots"
        );
        let first = s.slots().rows[0].id;
        s.update(&Action::Last, &ctx);
        s.update(&Action::Down, &ctx);
        assert_eq!(s.slots().offset, crate::tui::widgets::list::PAGE);
        assert_ne!(s.slots().rows[0].id, first);
        s.update(&Action::Up, &ctx);
        assert_eq!(s.slots().offset, 0);
    }
}
