//! D-Bus connections whose every method call is bounded. zbus waits for a reply for ever by
//! default; a frozen notification server, gnome-shell or bus daemon would then hold whoever asked.
//! Every connection Unhunch opens comes from here, with a timeout chosen for who waits on it.

use std::time::Duration;

/// The bound for calls made on a thread of their own (a reply that takes longer is an error).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(3);

/// A connection to the session bus whose method calls give up after `timeout`.
///
/// # Errors
/// No session bus, or it refused the connection.
pub fn session(timeout: Duration) -> zbus::Result<zbus::blocking::Connection> {
    zbus::blocking::connection::Builder::session()?.method_timeout(timeout).build()
}

/// A connection to the system bus whose method calls give up after `timeout`.
///
/// # Errors
/// No system bus, or it refused the connection.
pub fn system(timeout: Duration) -> zbus::Result<zbus::blocking::Connection> {
    zbus::blocking::connection::Builder::system()?.method_timeout(timeout).build()
}

/// A connection to the bus at `address` (tests, portals on a given bus), bounded the same way.
///
/// # Errors
/// The address is not one, or nothing answers there.
pub fn at(address: &str, timeout: Duration) -> zbus::Result<zbus::blocking::Connection> {
    zbus::blocking::connection::Builder::address(address)?.method_timeout(timeout).build()
}

/// True when `e` says the peer did not answer in time (the connection itself may be fine).
pub fn timed_out(e: &zbus::Error) -> bool {
    matches!(e, zbus::Error::InputOutput(io) if io.kind() == std::io::ErrorKind::TimedOut)
}

/// True when `e` says the connection itself is gone (the bus daemon stopped or restarted): a new
/// connection is needed, and may work once the bus is back.
pub fn connection_lost(e: &zbus::Error) -> bool {
    matches!(e, zbus::Error::InputOutput(io) if io.kind() != std::io::ErrorKind::TimedOut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_and_a_lost_connection_are_told_apart() {
        let late = zbus::Error::InputOutput(std::io::Error::from(std::io::ErrorKind::TimedOut).into());
        let gone = zbus::Error::InputOutput(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into());
        assert!(timed_out(&late) && !connection_lost(&late));
        assert!(connection_lost(&gone) && !timed_out(&gone));
        assert!(!connection_lost(&zbus::Error::Failure("refused".to_owned())));
    }
}
