//! Visible time: a tick a second that counts only while the page is visible
//! (`document.visibilityState`), for what is earned by looking at a screen — the 30 s read of
//! an article (points) and the heartbeats of a lesson (履职学堂). The counting is
//! [`VisibleTicker`] (pure, tested natively); [`on_visible_time`] drives it with a timer that
//! stops with the screen.

use leptos::prelude::*;

/// Seconds of visible time, and when an action is due: every `every` of them (`repeat`) or
/// once. A hidden second counts nothing, so an action never comes early because the phone
/// was in a pocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisibleTicker {
    seen: u32,
    every: u32,
    repeat: bool,
    fired: bool,
}

impl VisibleTicker {
    pub fn new(every: u32, repeat: bool) -> Self {
        VisibleTicker { seen: 0, every, repeat, fired: false }
    }

    /// A second passed, with the page `visible` or not: whether the action is due now.
    pub fn tick(&mut self, visible: bool) -> bool {
        if !visible || self.every == 0 || (self.fired && !self.repeat) {
            return false;
        }
        self.seen += 1;
        let due = self.seen % self.every == 0;
        self.fired |= due;
        due
    }

    /// Seconds of visible time so far.
    pub fn seen(&self) -> u32 {
        self.seen
    }

    /// Visible seconds since the action was last due (or since the start).
    pub fn since_due(&self) -> u32 {
        if self.every == 0 {
            0
        } else {
            self.seen % self.every
        }
    }

    /// Whether it has nothing more to do (a one-time action that was due).
    pub fn finished(&self) -> bool {
        self.fired && !self.repeat
    }
}

/// Whether the page is visible now.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Calls `due(ticker)` whenever `every` seconds of visible time have passed (once, unless
/// `repeat`), and `tick(ticker)` every second; the timer stops with the calling owner (the
/// screen), and after a one-time action.
pub fn on_visible_time(every: u32, repeat: bool, tick: impl Fn(VisibleTicker) + 'static, due: impl Fn(VisibleTicker) + 'static) {
    let ticker = StoredValue::new(VisibleTicker::new(every, repeat));
    let handle = StoredValue::new(None::<leptos::leptos_dom::helpers::IntervalHandle>);
    let each = move || {
        let Some(now_due) = ticker.try_update_value(|t| t.tick(page_visible())) else { return };
        let t = ticker.get_value();
        tick(t);
        if now_due {
            due(t);
        }
        if t.finished() {
            if let Some(h) = handle.get_value() {
                h.clear();
            }
        }
    };
    if let Ok(h) = set_interval_with_handle(each, std::time::Duration::from_secs(1)) {
        handle.set_value(Some(h));
        on_cleanup(move || h.clear());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_seconds_count() {
        let mut t = VisibleTicker::new(3, false);
        assert!(!t.tick(true));
        assert!(!t.tick(false), "hidden");
        assert!(!t.tick(false));
        assert!(!t.tick(true));
        assert_eq!(t.seen(), 2);
        assert!(t.tick(true), "the third visible second");
        assert!(t.finished());
        assert!(!t.tick(true) && !t.tick(true) && !t.tick(true), "once");
    }

    #[test]
    fn a_repeating_action_is_due_every_period_of_visible_time() {
        let mut t = VisibleTicker::new(15, true);
        let mut due = Vec::new();
        for s in 0..60 {
            // hidden from 20 s to 29 s: those ten seconds do not count
            let visible = !(20..30).contains(&s);
            if t.tick(visible) {
                due.push(s);
            }
        }
        assert_eq!(due, [14, 39, 54]);
        assert_eq!(t.seen(), 50);
        assert_eq!(t.since_due(), 5);
        assert!(!t.finished());
        assert!(!VisibleTicker::new(0, true).tick(true), "no period: never due");
    }
}
