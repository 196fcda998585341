//! The desktop's light/dark preference: the freedesktop appearance setting `color-scheme`, read
//! through the settings portal (`org.freedesktop.portal.Settings`) and followed as it changes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use zbus::zvariant::OwnedValue;

const NAMESPACE: &str = "org.freedesktop.appearance";
const KEY: &str = "color-scheme";

/// What the desktop prefers, shared with the thread that follows it.
#[derive(Clone, Debug, Default)]
pub struct Appearance {
    /// 0 unknown or no preference, 1 dark, 2 light (the portal's own values).
    scheme: Arc<AtomicU8>,
}

impl Appearance {
    /// `Some(true)` when the desktop prefers dark, `Some(false)` light, `None` when it says
    /// nothing (or there is no portal).
    pub fn prefers_dark(&self) -> Option<bool> {
        match self.scheme.load(Ordering::Relaxed) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        }
    }

    /// Reads the preference on a thread of its own and follows its changes on the session bus at
    /// `address` (the user's session bus when `None`), calling `changed` each time.
    pub fn watch(address: Option<String>, changed: impl Fn() + Send + 'static) -> Self {
        let appearance = Self::default();
        let scheme = Arc::clone(&appearance.scheme);
        let _ = std::thread::Builder::new().name("unhunch-appearance".to_owned()).spawn(move || {
            let Ok(conn) = connect(address.as_deref()) else { return };
            let Ok(proxy) = portal(&conn) else { return };
            if let Some(v) = read(&proxy) {
                scheme.store(v, Ordering::Relaxed);
                changed();
            }
            let Ok(signals) = proxy.receive_signal("SettingChanged") else { return };
            for signal in signals {
                if let Ok((namespace, key, value)) = signal.body().deserialize::<(String, String, OwnedValue)>()
                    && namespace == NAMESPACE
                    && key == KEY
                    && let Ok(v) = u32::try_from(value)
                {
                    scheme.store(u8::try_from(v).unwrap_or(0), Ordering::Relaxed);
                    changed();
                }
            }
        });
        appearance
    }
}

fn connect(address: Option<&str>) -> zbus::Result<zbus::blocking::Connection> {
    match address {
        Some(a) => super::bus::at(a, super::bus::CALL_TIMEOUT),
        None => super::bus::session(super::bus::CALL_TIMEOUT),
    }
}

fn portal(conn: &zbus::blocking::Connection) -> zbus::Result<zbus::blocking::Proxy<'static>> {
    zbus::blocking::Proxy::new(
        conn,
        "org.freedesktop.portal.Desktop",
        "/org/freedesktop/portal/desktop",
        "org.freedesktop.portal.Settings",
    )
}

/// The current value: `ReadOne` (portal version 2), or the older `Read`, which wraps the value in
/// one more variant.
fn read(proxy: &zbus::blocking::Proxy<'_>) -> Option<u8> {
    let value: OwnedValue = proxy
        .call("ReadOne", &(NAMESPACE, KEY))
        .or_else(|_| proxy.call::<_, _, OwnedValue>("Read", &(NAMESPACE, KEY)))
        .ok()?;
    let inner = if let Ok(v) = u32::try_from(&value) {
        v
    } else {
        let nested: OwnedValue = value.downcast_ref::<zbus::zvariant::Value<'_>>().ok()?.try_into().ok()?;
        u32::try_from(nested).ok()?
    };
    u8::try_from(inner).ok()
}

/// Reads the preference once from the bus at `address`, without following it.
pub fn read_once(address: &str) -> Option<bool> {
    let conn = connect(Some(address)).ok()?;
    let proxy = portal(&conn).ok()?;
    match read(&proxy)? {
        1 => Some(true),
        2 => Some(false),
        _ => None,
    }
}
