//! The time of day, read in one place: the program asks a `Clock`, which tests can set.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// Where the time comes from: the system's clock, or one that a test sets by hand.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// The local time a set clock shows; `None` for the system's clock.
    set: Option<Arc<Mutex<NaiveDateTime>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that shows the local time `at` until it is set again; its copies share it.
    pub fn set_to(at: NaiveDateTime) -> Clock {
        Clock { set: Some(Arc::new(Mutex::new(at))) }
    }

    /// Moves a set clock to `at` (the system's clock cannot be moved).
    pub fn set(&self, at: NaiveDateTime) {
        if let Some(set) = &self.set {
            *set.lock().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }

    /// The local date and time.
    pub fn now(&self) -> NaiveDateTime {
        match &self.set {
            Some(set) => *set.lock().unwrap_or_else(|e| e.into_inner()),
            None => Local::now().naive_local(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// How long until the next day begins (at least a second).
    pub fn until_tomorrow(&self) -> Duration {
        let now = self.now();
        let Some(tomorrow) = now.date().succ_opt() else { return Duration::MAX };
        (tomorrow.and_time(NaiveTime::MIN) - now)
            .to_std()
            .unwrap_or_default()
            .max(Duration::from_secs(1))
    }
}

/// The local time `local` in UTC (taken as UTC where the local time does not exist).
pub fn utc(local: NaiveDateTime) -> DateTime<Utc> {
    local.and_local_timezone(Local).earliest().map_or(local.and_utc(), |t| t.to_utc())
}

/// The local time `local` in UTC as records store it, e.g. `2026-06-15T09:30:00Z`.
pub fn utc_timestamp(local: NaiveDateTime) -> String {
    crate::model::timestamp(utc(local).naive_utc())
}

/// A clock stopped at noon of `day`.
impl From<NaiveDate> for Clock {
    fn from(day: NaiveDate) -> Clock {
        Clock::set_to(day.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_counts_down_to_midnight_and_moves_for_all_its_copies() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let clock = Clock::from(day);
        assert_eq!(clock.until_tomorrow(), Duration::from_secs(12 * 3600));
        let copy = clock.clone();
        clock.set(day.and_hms_opt(23, 59, 59).unwrap());
        assert_eq!(copy.until_tomorrow(), Duration::from_secs(1));
        clock.set(day.succ_opt().unwrap().and_hms_opt(0, 0, 1).unwrap());
        assert_eq!(copy.today(), day.succ_opt().unwrap());
    }
}
