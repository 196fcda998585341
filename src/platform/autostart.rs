//! Starting the reminder engine at login: an XDG autostart entry
//! (`$XDG_CONFIG_HOME/autostart/unhunch.desktop`) that runs `unhunch daemon` — no window at login.

use std::path::{Path, PathBuf};
use std::{fs, io};

use super::files::{FileError, write_atomic};

/// The autostart entry's path.
pub fn entry_path() -> Result<PathBuf, FileError> {
    let base = directories::BaseDirs::new().ok_or(FileError::NoHome)?;
    Ok(base.config_dir().join("autostart").join("unhunch.desktop"))
}

/// `exe` as one argument of an `Exec` key, per the Desktop Entry spec: a path with a reserved
/// character (a space, a quote, `$`, …) is put in double quotes, with `"`, `` ` ``, `$` and `\`
/// escaped by a backslash inside them; then, as in every string value, each backslash is doubled;
/// and `%` is written `%%` (field codes).
pub fn exec_argument(exe: &str) -> String {
    const RESERVED: &[char] =
        &[' ', '\t', '\n', '"', '\'', '\\', '>', '<', '~', '|', '&', ';', '$', '*', '?', '#', '(', ')', '`'];
    let arg = if exe.contains(RESERVED) {
        let mut quoted = String::from('"');
        for c in exe.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        quoted
    } else {
        exe.to_owned()
    };
    arg.replace('\\', "\\\\").replace('%', "%%").replace('\n', "\\n").replace('\t', "\\t")
}

/// The entry's text, running `exe daemon`.
pub fn entry(exe: &Path) -> String {
    let exe = exec_argument(&exe.to_string_lossy());
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=Unhunch reminders\n\
         Comment=Counts sitting time and reminds you to take short breaks (no window)\n\
         Exec={exe} daemon\n\
         Icon=unhunch\n\
         Terminal=false\n\
         NoDisplay=true\n\
         X-GNOME-Autostart-enabled=true\n"
    )
}

/// True when the entry exists.
pub fn is_enabled() -> bool {
    entry_path().is_ok_and(|p| p.exists())
}

/// Writes (atomically) or removes the entry; returns its path.
pub fn set(on: bool) -> Result<PathBuf, FileError> {
    let path = entry_path()?;
    if on {
        let exe = std::env::current_exe()
            .map_err(|source| FileError::Read { path: PathBuf::from("/proc/self/exe"), source })?;
        write_atomic(&path, entry(&exe).as_bytes())?;
    } else {
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(FileError::Write { path, source }),
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_starts_only_the_engine_and_quotes_the_path_as_the_spec_says() {
        let text = entry(Path::new("/opt/my apps/unhunch"));
        assert!(text.contains("Exec=\"/opt/my apps/unhunch\" daemon\n"), "{text}");
        assert!(text.starts_with("[Desktop Entry]\nType=Application\n"));
        assert_eq!(exec_argument("/usr/bin/unhunch"), "/usr/bin/unhunch", "a plain path stays plain");
        // Inside quotes `$` and `"` get a backslash, which the string level doubles.
        assert_eq!(exec_argument("/h/a$b\"c/unhunch"), "\"/h/a\\\\$b\\\\\"c/unhunch\"");
        assert_eq!(exec_argument("/h/100%/unhunch"), "/h/100%%/unhunch");
        assert_eq!(exec_argument("/h/a\\b"), "\"/h/a\\\\\\\\b\"", "a backslash: escaped, then doubled");
    }
}
