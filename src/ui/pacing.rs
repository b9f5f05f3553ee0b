//! The browser clock's arithmetic, as plain data: how loop time maps to real time at a speed
//! factor. The driver keeps one [`Pacer`] per run; everything here takes "now" as an argument,
//! so it is tested on the host.
//!
//! The pacer holds an *anchor*: a real instant (ms, `performance.now()`) at which the loop
//! clock read a given loop time (s). Loop time `t` is due at `anchor_wall + (t − anchor_loop)
//! × 1000 / speed`; real time already spent since the last clock jump (running steps, drawing)
//! is thereby subtracted from the next wait. Pausing freezes the clock; changing speed
//! re-anchors at the current instant so the clock never jumps.

/// How late (real ms) a clock jump may arrive before the pacer stops trying to catch up.
/// Within this, the next deadline keeps the ideal schedule (timer overshoot does not drift);
/// beyond it (a long computation), the schedule restarts from the late instant.
pub const CATCH_UP_MS: f64 = 50.0;

/// Maps loop time to real time for one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pacer {
    speed: f64,
    anchor_wall: f64,
    anchor_loop: f64,
}

impl Pacer {
    /// A pacer at `speed` (loop seconds per real second) whose clock reads `loop_now` at the
    /// real instant `wall_now`.
    pub fn new(speed: f64, wall_now: f64, loop_now: f64) -> Pacer {
        Pacer {
            speed: sanitize(speed),
            anchor_wall: wall_now,
            anchor_loop: loop_now,
        }
    }

    /// The speed factor.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// The real instant (ms) at which loop time `t` is due.
    pub fn wall_for(&self, t: f64) -> f64 {
        self.anchor_wall + (t - self.anchor_loop) * 1000.0 / self.speed
    }

    /// The real milliseconds left, at `wall_now`, before loop time `t` is due (never negative).
    pub fn wait_ms(&self, t: f64, wall_now: f64) -> f64 {
        (self.wall_for(t) - wall_now).max(0.0)
    }

    /// What the loop clock reads at the real instant `wall` (not clamped).
    pub fn loop_at(&self, wall: f64) -> f64 {
        self.anchor_loop + (wall - self.anchor_wall) * self.speed / 1000.0
    }

    /// The clock has jumped to `t` at the real instant `wall_now`: keep the ideal schedule if
    /// on time (within [`CATCH_UP_MS`]), else restart it from now.
    pub fn arrived(&mut self, t: f64, wall_now: f64) {
        let due = self.wall_for(t);
        self.anchor_wall = if wall_now - due <= CATCH_UP_MS {
            due
        } else {
            wall_now
        };
        self.anchor_loop = t;
    }

    /// Restarts the schedule: the clock reads `loop_now` at `wall_now` (after a pause or a
    /// step).
    pub fn reanchor(&mut self, wall_now: f64, loop_now: f64) {
        self.anchor_wall = wall_now;
        self.anchor_loop = loop_now;
    }

    /// Changes the speed at `wall_now` without moving the clock: it keeps reading what it read
    /// at that instant (`loop_now`, clamped by the caller).
    pub fn set_speed(&mut self, speed: f64, wall_now: f64, loop_now: f64) {
        self.reanchor(wall_now, loop_now);
        self.speed = sanitize(speed);
    }
}

fn sanitize(speed: f64) -> f64 {
    if speed.is_finite() && speed > 0.0 {
        speed
    } else {
        1.0
    }
}

/// Adapts the number of evaluator steps between preemptions so that one poll takes about
/// `target_ms`: doubles while polls are much faster, halves when slower. Bounded to
/// `[MIN_BUDGET, MAX_BUDGET]`.
pub fn next_step_budget(budget: u64, poll_ms: f64, target_ms: f64) -> u64 {
    let next = if poll_ms < target_ms / 4.0 {
        budget.saturating_mul(2)
    } else if poll_ms > target_ms {
        budget / 2
    } else {
        budget
    };
    next.clamp(MIN_BUDGET, MAX_BUDGET)
}

/// How long (ms) the view waits after an update before showing the run again: an Instant run
/// every `instant_ms`; a paced one at once unless the last update cost `render_ms` beyond its
/// frame, then twice that (at most `max_ms`), so rendering never takes more than a third of
/// the time.
pub fn update_interval(instant: bool, render_ms: f64, instant_ms: f64, max_ms: f64) -> f64 {
    if instant {
        instant_ms
    } else {
        (2.0 * render_ms.max(0.0)).min(max_ms)
    }
}

/// The smallest step budget the driver uses.
pub const MIN_BUDGET: u64 = 64;
/// The largest step budget the driver uses.
pub const MAX_BUDGET: u64 = 1 << 22;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_at_1x_is_due_after_its_loop_time_in_real_ms() {
        let p = Pacer::new(1.0, 1000.0, 0.0);
        assert_eq!(p.wall_for(0.2), 1200.0);
        assert_eq!(p.wait_ms(0.2, 1000.0), 200.0);
    }

    #[test]
    fn real_time_already_spent_is_subtracted_from_the_wait() {
        let p = Pacer::new(1.0, 1000.0, 0.0);
        assert_eq!(p.wait_ms(0.2, 1050.0), 150.0);
        assert_eq!(p.wait_ms(0.2, 1300.0), 0.0);
    }

    #[test]
    fn speed_scales_the_wait() {
        assert_eq!(Pacer::new(4.0, 0.0, 0.0).wait_ms(1.0, 0.0), 250.0);
        assert_eq!(Pacer::new(0.25, 0.0, 0.0).wait_ms(1.0, 0.0), 4000.0);
    }

    #[test]
    fn an_invalid_speed_falls_back_to_1x() {
        assert_eq!(Pacer::new(0.0, 0.0, 0.0).speed(), 1.0);
        assert_eq!(Pacer::new(f64::NAN, 0.0, 0.0).speed(), 1.0);
    }

    #[test]
    fn timer_overshoot_does_not_accumulate() {
        let mut p = Pacer::new(1.0, 0.0, 0.0);
        p.arrived(0.1, 104.0); // 4 ms late
        assert_eq!(p.wall_for(0.2), 200.0);
    }

    #[test]
    fn a_long_computation_restarts_the_schedule() {
        let mut p = Pacer::new(1.0, 0.0, 0.0);
        p.arrived(0.1, 900.0);
        assert_eq!(p.wall_for(0.2), 1000.0);
    }

    #[test]
    fn changing_speed_keeps_the_clock_reading_and_rescales_what_is_left() {
        let mut p = Pacer::new(1.0, 0.0, 0.0);
        let reading = p.loop_at(500.0);
        assert_eq!(reading, 0.5);
        p.set_speed(2.0, 500.0, reading);
        assert_eq!(p.loop_at(500.0), 0.5);
        assert_eq!(p.wall_for(1.0), 750.0);
    }

    #[test]
    fn reanchoring_after_a_pause_resumes_where_the_clock_stopped() {
        let mut p = Pacer::new(1.0, 0.0, 0.0);
        let frozen = p.loop_at(300.0);
        p.reanchor(10_000.0, frozen);
        assert_eq!(p.wait_ms(1.0, 10_000.0), 700.0);
    }

    #[test]
    fn cheap_renders_update_every_frame_and_costly_ones_back_off() {
        assert_eq!(update_interval(false, 0.0, 250.0, 500.0), 0.0);
        assert_eq!(update_interval(false, 40.0, 250.0, 500.0), 80.0);
        assert_eq!(update_interval(false, 900.0, 250.0, 500.0), 500.0);
        assert_eq!(update_interval(true, 0.0, 250.0, 500.0), 250.0);
    }

    #[test]
    fn the_step_budget_grows_when_polls_are_quick_and_shrinks_when_slow() {
        assert_eq!(next_step_budget(1000, 0.1, 4.0), 2000);
        assert_eq!(next_step_budget(1000, 9.0, 4.0), 500);
        assert_eq!(next_step_budget(1000, 3.0, 4.0), 1000);
        assert_eq!(next_step_budget(MIN_BUDGET, 50.0, 4.0), MIN_BUDGET);
        assert_eq!(next_step_budget(MAX_BUDGET, 0.0, 4.0), MAX_BUDGET);
    }
}
