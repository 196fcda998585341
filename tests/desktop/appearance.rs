//! The desktop's light/dark preference through the settings portal, on a private bus with a
//! portal that answers as xdg-desktop-portal does (`ReadOne`, and `SettingChanged` when the user
//! switches).
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::sync::{Arc, Mutex};

use libtest_mimic::Trial;
use unhunch::platform::appearance::Appearance;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

use crate::rig::{Bus, needs};
use crate::util::eventually;

struct Portal {
    scheme: Arc<Mutex<u32>>,
}

#[zbus::interface(name = "org.freedesktop.portal.Settings")]
impl Portal {
    #[zbus(name = "ReadOne")]
    fn read_one(&self, namespace: &str, key: &str) -> zbus::fdo::Result<OwnedValue> {
        if (namespace, key) == ("org.freedesktop.appearance", "color-scheme") {
            Ok(OwnedValue::from(*self.scheme.lock().unwrap()))
        } else {
            Err(zbus::fdo::Error::Failed("no such setting".to_owned()))
        }
    }

    #[zbus(signal, name = "SettingChanged")]
    async fn setting_changed(
        emitter: &SignalEmitter<'_>,
        namespace: &str,
        key: &str,
        value: zbus::zvariant::Value<'_>,
    ) -> zbus::Result<()>;
}

fn the_desktop_dark_preference_is_read_and_followed() {
    let bus = Bus::start();
    let scheme = Arc::new(Mutex::new(1_u32));
    let conn = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .serve_at("/org/freedesktop/portal/desktop", Portal { scheme: Arc::clone(&scheme) })
        .unwrap()
        .name("org.freedesktop.portal.Desktop")
        .unwrap()
        .build()
        .unwrap();
    let appearance = Appearance::watch(Some(bus.address.clone()), || {});
    assert!(eventually(|| appearance.prefers_dark() == Some(true)), "1 is dark");
    // The user switches to light: the portal says so, and the window follows.
    *scheme.lock().unwrap() = 2;
    let iface = conn.object_server().interface::<_, Portal>("/org/freedesktop/portal/desktop").unwrap();
    // The watcher subscribes right after its first read: the portal says it again until the
    // change is seen (a signal sent before the subscription is lost, as on a real bus).
    let emit = || {
        zbus::block_on(Portal::setting_changed(
            iface.signal_emitter(),
            "org.freedesktop.appearance",
            "color-scheme",
            zbus::zvariant::Value::from(2_u32),
        ))
        .unwrap();
        appearance.prefers_dark() == Some(false)
    };
    assert!(eventually(emit), "2 is light");
}

fn with_no_portal_there_is_no_preference() {
    let bus = Bus::start();
    let appearance = Appearance::watch(Some(bus.address.clone()), || {});
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(appearance.prefers_dark(), None);
    assert_eq!(unhunch::platform::appearance::read_once(&bus.address), None);
}

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            &["dbus-daemon"],
            "the_desktop_dark_preference_is_read_and_followed",
            the_desktop_dark_preference_is_read_and_followed,
        ),
        needs(&["dbus-daemon"], "with_no_portal_there_is_no_preference", with_no_portal_there_is_no_preference),
    ]
}
