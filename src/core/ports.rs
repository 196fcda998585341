//! Ports: the small traits the core's drivers use to reach the outside world. Adapters live in
//! `platform`, with fakes for tests.

use super::timer::Now;

/// Reads the time. The only way anything in Unhunch learns what time it is.
pub trait Clock {
    /// Monotonic and wall time, read together.
    fn now(&self) -> Now;
}
