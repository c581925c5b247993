//! The pacer against providers simulated call by call (a fixed window of 600 calls a minute, with
//! and without rate-limit headers) and against a recorded run of Okta's headers, and the retry rule.

use super::*;

/// A provider that allows `limit` calls per fixed minute and answers after `latency` ms.
struct Provider {
    limit: u32,
    headers: bool,
    window_start: u64,
    used: u32,
}

impl Provider {
    /// Whether a call arriving at `t` gets through, and the window its reply describes.
    fn call(&mut self, t: u64) -> (bool, Option<RateWindow>, u64) {
        if t >= self.window_start + MINUTE_MS {
            self.window_start = t - (t - self.window_start) % MINUTE_MS;
            self.used = 0;
        }
        let resets_in_ms = self.window_start + MINUTE_MS - t;
        let ok = self.used < self.limit;
        if ok {
            self.used += 1;
        }
        let window = RateWindow {
            limit: self.limit,
            remaining: self.limit - self.used,
            resets_in_s: resets_in_ms.div_ceil(1000),
        };
        (ok, self.headers.then_some(window), resets_in_ms)
    }
}

/// Runs `calls` calls through a pacer with `in_flight` workers; returns (elapsed ms, refusals).
fn simulate(provider: &mut Provider, calls: u32, in_flight: u32, latency: u64) -> (u64, u32) {
    let mut pacer = Pacer::new(in_flight);
    let mut replies: Vec<(u64, bool, Option<RateWindow>, u64)> = Vec::new();
    let (mut done, mut refused, mut now) = (0u32, 0u32, 0u64);
    while done < calls {
        let free = (replies.len() as u32) < in_flight;
        let send_at = pacer.ready_at().max(now);
        let first_reply = replies.iter().map(|r| r.0).min();
        match first_reply {
            Some(at) if !free || at <= send_at => {
                let i = replies.iter().position(|r| r.0 == at).unwrap();
                let (at, ok, window, resets_in) = replies.remove(i);
                now = at;
                if ok {
                    done += 1;
                    pacer.observe(at, window, None);
                } else {
                    refused += 1;
                    pacer.observe(at, window, Some(Some(resets_in)));
                }
            }
            _ => {
                now = send_at;
                pacer.sent(now);
                let (ok, window, resets_in) = provider.call(now);
                replies.push((now + latency, ok, window, resets_in.saturating_sub(latency)));
            }
        }
    }
    (now, refused)
}

#[test]
fn with_headers_the_limit_is_used_evenly_and_never_crossed() {
    let mut provider = Provider { limit: 600, headers: true, window_start: 0, used: 0 };
    let (elapsed, refused) = simulate(&mut provider, 3_000, 4, 40);
    assert_eq!(refused, 0, "a 429 with the window known");
    let rate = 3_000.0 / (elapsed as f64 / MINUTE_MS as f64) / 600.0;
    assert!(rate >= 0.95, "achieved {rate:.3} of the limit in {elapsed} ms");
}

#[test]
fn without_headers_one_refusal_teaches_the_limit() {
    let mut provider = Provider { limit: 600, headers: false, window_start: 0, used: 0 };
    let (elapsed, refused) = simulate(&mut provider, 3_000, 4, 40);
    // The calls on their way when a 429 came are refused with it: the first teaches the limit, and
    // the pacer probes upwards (a twentieth a minute) and is refused again now and then.
    assert!(refused <= 10, "{refused} refusals in {elapsed} ms");
    let rate = 3_000.0 / (elapsed as f64 / MINUTE_MS as f64) / 600.0;
    assert!(rate >= 0.9, "achieved {rate:.3} of the limit in {elapsed} ms");
}

#[test]
fn a_recorded_okta_run_slows_down_as_the_window_empties() {
    // X-Rate-Limit-Limit / -Remaining / -Reset as an Okta org sent them, seconds to the reset
    // worked out against its Date header: (ms into the run, remaining, resets in s).
    let recorded = [(0, 99, 60), (1_000, 80, 59), (2_000, 60, 58), (3_000, 40, 57), (4_000, 20, 56), (5_000, 5, 55)];
    let mut pacer = Pacer::new(2);
    let mut gaps = Vec::new();
    for (t, remaining, resets_in_s) in recorded {
        pacer.observe(t, Some(RateWindow { limit: 100, remaining, resets_in_s }), None);
        pacer.sent(t);
        gaps.push(pacer.ready_at() - t);
    }
    assert!(gaps.windows(2).all(|w| w[0] < w[1]), "gaps must grow: {gaps:?}");
    // Five left, a reserve of two for calls on their way: the last three are spread to the reset.
    assert!(gaps[5] >= 55_000 / 4, "{gaps:?}");
    // The window is used up (remaining within the reserve): wait for the reset.
    pacer.observe(5_500, Some(RateWindow { limit: 100, remaining: 1, resets_in_s: 55 }), None);
    assert!(pacer.ready_at() >= 60_500, "{}", pacer.ready_at());
}

#[test]
fn a_burst_of_refusals_early_is_a_pause_not_a_limit() {
    let mut pacer = Pacer::new(3);
    for t in 0..3 {
        pacer.sent(t);
        pacer.observe(t + 5, None, Some(Some(1_000)));
    }
    assert_eq!(pacer.ready_at(), 1_007, "paused for the second asked, no more");
    pacer.sent(2_000);
    assert_eq!(pacer.ready_at(), 2_000, "no limit learnt from three calls");
}

#[test]
fn a_learnt_limit_rises_again_without_refusals() {
    let mut pacer = Pacer::new(1);
    for t in 0..99 {
        pacer.sent(t * 10);
        pacer.observe(t * 10 + 5, None, None);
    }
    pacer.sent(990);
    pacer.observe(1_000, None, Some(Some(30_000)));
    pacer.sent(31_000);
    assert_eq!(pacer.ready_at() - 31_000, MINUTE_MS.div_ceil(99), "99 got through: 99 a minute");
    pacer.sent(1_000 + 10 * MINUTE_MS);
    assert_eq!(
        pacer.ready_at() - (1_000 + 10 * MINUTE_MS),
        MINUTE_MS.div_ceil(148),
        "half as much again after ten quiet minutes"
    );
    // A burst of 429s asking for a second each teaches nothing.
    let mut burst = Pacer::new(1);
    for t in 0..99 {
        burst.sent(t * 10);
        burst.observe(t * 10 + 5, None, None);
    }
    burst.sent(990);
    burst.observe(1_000, None, Some(Some(1_000)));
    burst.sent(2_000);
    assert_eq!(burst.ready_at(), 2_000);
}

#[test]
fn a_refusal_pauses_until_the_provider_said() {
    let mut pacer = Pacer::new(1);
    pacer.sent(0);
    pacer.observe(10, None, Some(Some(7_000)));
    assert_eq!(pacer.ready_at(), 7_010);
}

fn error(kind: ErrorKind) -> Error {
    Error::new(kind, "test")
}

#[test]
fn retries_back_off_with_jitter_and_honour_the_providers_wait() {
    let retry = Retry::default();
    assert_eq!(retry.after(1, &error(ErrorKind::Server), 0, 1.0), Next::Wait(1_000));
    assert_eq!(retry.after(3, &error(ErrorKind::Server), 0, 0.5), Next::Wait(2_000));
    assert_eq!(retry.after(5, &error(ErrorKind::Gateway), 0, 1.0), Next::Wait(16_000));
    assert_eq!(retry.after(2, &error(ErrorKind::Server), 0, 0.0), Next::Wait(0));
    let mut busy = error(ErrorKind::RateLimited);
    busy.retry_after_s = Some(9);
    assert_eq!(retry.after(1, &busy, 0, 0.1), Next::Wait(9_000));
    let mut until = error(ErrorKind::RateLimited);
    until.retry_at_epoch_s = Some(1_000_030);
    assert_eq!(retry.after(1, &until, 1_000_000, 0.0), Next::Wait(30_000));
    assert_eq!(retry.after(6, &error(ErrorKind::Server), 0, 1.0), Next::GiveUp, "attempts used up");
    // A burst of 429s is waited out much longer than failures are.
    assert_eq!(retry.after(6, &busy, 0, 0.0), Next::Wait(9_000));
    assert_eq!(retry.after(30, &busy, 0, 0.0), Next::GiveUp);
}

#[test]
fn refusals_are_final() {
    for kind in [
        ErrorKind::BadRequest,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::NotAllowedInState,
        ErrorKind::Unauthorized,
    ] {
        assert_eq!(Retry::default().after(1, &error(kind.clone()), 0, 1.0), Next::GiveUp, "{kind:?}");
    }
}
