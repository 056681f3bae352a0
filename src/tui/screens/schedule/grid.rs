//! Drawing the schedule grid: rows of times, a column per day, each cell the slot there.
//! The week scrolls sideways to keep the selected day in view on a narrow terminal, and
//! names are fitted by display width, so wide characters never spill into the next day.

use super::ScheduleScreen;
use super::fmt_day;
use crate::domain::limits::check_day_limits;
use crate::domain::time::fmt_clock;
use crate::domain::{DayLoad, Slot, SlotState};
use crate::tui::theme::Theme;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::text::{fit, initials, width};
use chrono::{Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

/// Width of one day's column in the week view.
const COL: u16 = 10;

impl ScheduleScreen {
    /// Whether a patient could no longer book `slot`'s day: the doctor's daily limit (R4)
    /// is reached by the visits booked that day (only the front desk may go past it).
    fn day_is_full(&self, slot: &Slot) -> bool {
        let Some(doctor) = &self.profile else {
            return false;
        };
        let day = slot.start.date();
        let load = self
            .slots
            .iter()
            .filter(|s| s.start.date() == day && s.state == SlotState::Booked)
            .fold(DayLoad::default(), |l, s| DayLoad {
                appointments: l.appointments + 1,
                minutes: l.minutes + s.duration,
            });
        check_day_limits(doctor, load, slot.duration, None).is_err()
    }

    /// "12 free, 8 booked (3 past), 1 held, 4 full" for the days shown.
    fn counts(&self) -> String {
        let (mut free, mut booked, mut past, mut held, mut full) = (0, 0, 0, 0, 0);
        for s in &self.slots {
            match s.state {
                SlotState::Free if s.start > self.now && self.day_is_full(s) => full += 1,
                SlotState::Free if s.start > self.now => free += 1,
                SlotState::Held if s.start > self.now => held += 1,
                SlotState::Booked if s.start > self.now => booked += 1,
                SlotState::Booked => past += 1,
                _ => {}
            }
        }
        let mut text = format!("{free} free, {} booked", booked + past);
        if past > 0 {
            text.push_str(&format!(" ({past} past)"));
        }
        if held > 0 {
            text.push_str(&format!(", {held} held"));
        }
        if full > 0 {
            text.push_str(&format!(", {full} at the daily limit"));
        }
        text
    }

    /// Text and style of one cell; `wide` is the day view.
    fn cell(&self, day: NaiveDate, row: usize, wide: bool, theme: &Theme) -> (String, Style) {
        let row_start = day.and_time(self.row_time(row));
        let row_end = row_start + chrono::Duration::minutes(i64::from(self.step));
        let off = self.off.iter().find(|t| t.overlaps(row_start, row_end));
        let Some(s) = self.slot_at(day, row) else {
            if let Some(t) = off {
                // Leave or a closure: no slot can be made here.
                let what = if t.doctor_id.is_some() {
                    "off"
                } else {
                    "closed"
                };
                let text = match (&t.reason, wide) {
                    (Some(why), true) => format!("  {what}: {why}"),
                    _ => format!("  {what}"),
                };
                return (text, theme.dim);
            }
            let style = if row_start <= self.now {
                theme.dim
            } else {
                Style::default()
            };
            return ("  ·".into(), style);
        };
        if s.start < row_start {
            return ("  ┆".into(), theme.dim);
        }
        let past = s.start <= self.now;
        let full = !past && s.state == SlotState::Free && self.day_is_full(s);
        let at = if s.start != row_start {
            format!("{} ", fmt_clock(s.start.time()))
        } else {
            String::new()
        };
        let who = s.patient_name.clone().unwrap_or_default();
        let state = match s.state {
            _ if past && s.state != SlotState::Booked => "past",
            SlotState::Free if full => "full",
            other => other.as_str(),
        };
        let text = if wide {
            let mut text = format!("{at}{state:<8}{who}");
            if full {
                text.push_str("(the daily limit is reached)");
            }
            if s.duration != self.step {
                text.push_str(&format!("  ({} min)", s.duration));
            }
            text
        } else {
            match s.state {
                SlotState::Held => format!("held {}", initials(&who)),
                SlotState::Booked if past => format!("({})", short_name(&who, COL as usize - 3)),
                SlotState::Booked => short_name(&who, COL as usize - 1),
                _ => format!("{at}{state}"),
            }
        };
        let style = match s.state {
            _ if past => theme.dim,
            SlotState::Free if full => theme.dim,
            SlotState::Free => theme.info,
            SlotState::Booked => theme.heading,
            SlotState::Held => theme.key,
        };
        (text, style)
    }

    /// The days of the week that fit in `room` columns, scrolled so the selected day shows.
    pub fn visible_days(&self, room: u16) -> Vec<NaiveDate> {
        let (first, _) = self.span();
        let fit = usize::from(room / COL).clamp(1, 7);
        let selected = (self.date - first).num_days() as usize;
        let start = selected.saturating_sub(fit - 1).min(7 - fit);
        (start..start + fit)
            .map(|k| first + Duration::days(k as i64))
            .collect()
    }

    pub(super) fn render_grid(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let (first, _) = self.span();
        let title = if self.week {
            format!(
                " {} · week of {} ",
                self.doctor_name,
                first.format("%-d %b %Y")
            )
        } else {
            format!(" {} · {} ", self.doctor_name, fmt_day(first))
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(fit(&title, area.width.saturating_sub(4) as usize))
            .title_bottom(Line::styled(
                format!(
                    " {}: {} ",
                    if self.week { "this week" } else { "this day" },
                    self.counts()
                ),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        if inner.height < 3 {
            return;
        }
        let time_width: u16 = if self.week { 7 } else { 14 };
        let days = if self.week {
            self.visible_days(inner.width.saturating_sub(time_width))
        } else {
            vec![self.date]
        };
        // Headings: the days shown, the selected one marked.
        let head = Rect { height: 1, ..inner };
        if self.week {
            let mut spans = vec![Span::styled("Time   ", theme.heading)];
            for d in &days {
                let style = if *d == self.date {
                    theme.tab_active
                } else {
                    theme.heading
                };
                let label = d.format("%a %-d").to_string();
                spans.push(Span::styled(
                    format!("{label:<w$}", w = COL as usize),
                    style,
                ));
            }
            Line::from(spans).render(head, buf);
        } else {
            Line::styled("Time          Slot", theme.heading).render(head, buf);
        }
        let visible = (inner.height - 1) as usize;
        let top = (self.row + 1).saturating_sub(visible);
        for (i, row) in (top..self.rows()).take(visible).enumerate() {
            let y = inner.y + 1 + i as u16;
            let t = self.row_time(row);
            let time = if self.week {
                format!("{}  ", fmt_clock(t))
            } else {
                format!(
                    "{}–{}   ",
                    fmt_clock(t),
                    fmt_clock(t + Duration::minutes(i64::from(self.step)))
                )
            };
            let time_style = if row == self.row {
                theme.heading
            } else {
                theme.dim
            };
            Line::styled(time, time_style).render(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                buf,
            );
            for (k, day) in days.iter().enumerate() {
                let x = inner.x + time_width + k as u16 * COL;
                if x >= inner.right() {
                    break;
                }
                let cell_width = if self.week {
                    (COL - 1).min(inner.right() - x)
                } else {
                    inner.right() - x
                };
                let cell = Rect {
                    x,
                    y,
                    width: cell_width,
                    height: 1,
                };
                let (text, mut style) = self.cell(*day, row, !self.week, theme);
                if *day == self.date && row == self.row {
                    style = theme.selected;
                    buf.set_style(cell, theme.selected);
                }
                Line::styled(fit(&text, cell.width as usize), style).render(cell, buf);
            }
        }
    }
}

/// "A. Smith": a patient's name short enough for a week cell (`max` columns).
fn short_name(name: &str, max: usize) -> String {
    let mut parts = name.split_whitespace();
    let short = match (parts.next(), parts.next_back()) {
        (Some(first), Some(last)) => {
            format!("{}.{}", first.chars().next().unwrap_or(' '), last)
        }
        (Some(only), None) => only.to_string(),
        _ => String::new(),
    };
    if width(&short) <= max {
        short
    } else {
        fit(&short, max)
    }
}
