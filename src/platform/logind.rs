//! Screen lock and suspend from logind (system bus): the session's `Lock`/`Unlock` signals and its
//! `LockedHint` property, and the manager's `PrepareForSleep`. Each becomes a [`Presence`] for
//! the engine, on a thread of its own. Without logind (or a system bus) nothing is sent; the
//! wall-clock-jump backstop in the timer still notices a suspend.

use zbus::zvariant::OwnedObjectPath;

use crate::core::timer::Presence;

const LOGIN1: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";

/// Finds this process's logind session and listens to it and to the manager. Returns a description
/// of what is watched, or why nothing is.
pub fn watch(report: impl Fn(Presence) + Send + 'static) -> Result<String, super::ServiceError> {
    let conn = super::bus::system(super::bus::CALL_TIMEOUT)
        .map_err(|e| super::ServiceError::NoBus { bus: "system", reason: e.to_string() })?;
    let session: OwnedObjectPath = conn
        .call_method(Some(LOGIN1), MANAGER_PATH, Some(MANAGER), "GetSessionByPID", &(std::process::id(),))
        .and_then(|m| m.body().deserialize())
        .or_else(|_| {
            conn.call_method(Some(LOGIN1), MANAGER_PATH, Some(MANAGER), "GetSession", &("auto",))
                .and_then(|m| m.body().deserialize())
        })
        .map_err(|e| super::ServiceError::failed("logind has no session for us", e))?;
    let rules = [
        format!("type='signal',interface='{MANAGER}',member='PrepareForSleep',path='{MANAGER_PATH}'"),
        format!("type='signal',interface='{SESSION}',path='{}'", session.as_str()),
        format!(
            "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path='{}'",
            session.as_str()
        ),
    ];
    for rule in &rules {
        conn.call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "AddMatch",
            &(rule.as_str(),),
        )
        .map_err(|e| super::ServiceError::failed("could not listen to logind", e))?;
    }
    let watched = format!("logind session {}", session.as_str());
    std::thread::Builder::new()
        .name("logind".to_owned())
        .spawn(move || {
            for msg in zbus::blocking::MessageIterator::from(&conn) {
                let Ok(msg) = msg else { continue };
                let header = msg.header();
                let (Some(member), Some(iface)) = (header.member(), header.interface()) else { continue };
                let event = match (iface.as_str(), member.as_str()) {
                    (MANAGER, "PrepareForSleep") => match msg.body().deserialize::<bool>() {
                        Ok(true) => Some(Presence::Suspending),
                        Ok(false) => Some(Presence::Resumed),
                        Err(_) => None,
                    },
                    (SESSION, "Lock") => Some(Presence::Locked),
                    (SESSION, "Unlock") => Some(Presence::Unlocked),
                    ("org.freedesktop.DBus.Properties", "PropertiesChanged") => locked_hint(&msg),
                    _ => None,
                };
                if let Some(event) = event {
                    report(event);
                }
            }
        })
        .map_err(|e| super::ServiceError::failed("could not start the logind thread", e))?;
    Ok(watched)
}

/// `LockedHint` in a session's `PropertiesChanged`, as an event.
fn locked_hint(msg: &zbus::Message) -> Option<Presence> {
    type Changed = (String, std::collections::HashMap<String, zbus::zvariant::OwnedValue>, Vec<String>);
    let (iface, changed, _) = msg.body().deserialize::<Changed>().ok()?;
    if iface != SESSION {
        return None;
    }
    let locked = bool::try_from(changed.get("LockedHint")?.clone()).ok()?;
    Some(if locked { Presence::Locked } else { Presence::Unlocked })
}
