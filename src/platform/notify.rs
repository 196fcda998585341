//! Desktop notifications over D-Bus (`notify-rust`), sent from a thread of their own so a slow or
//! missing notification server never blocks the engine. Failures are reported back through a
//! callback, which the daemon turns into an engine input.

use std::sync::mpsc;
use std::time::Duration;

use notify_rust::{Notification, Timeout, Urgency};

use crate::core::ports::{Notice, Notifier};
use crate::core::timer::BreakKind;
use crate::core::units::human;

enum Job {
    Show(Notice),
    Withdraw,
}

/// Sends notices to the desktop's notification server.
#[derive(Debug)]
pub struct DbusNotifier {
    jobs: mpsc::Sender<Job>,
}

impl DbusNotifier {
    /// Starts the sending thread. `icon` is an icon name or an absolute path; `on_error` is called
    /// (on that thread) with a sentence when a notice could not be shown.
    pub fn spawn(icon: String, on_error: impl Fn(String) + Send + 'static) -> std::io::Result<Self> {
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new().name("notifications".to_owned()).spawn(move || {
            let mut shown: Option<notify_rust::NotificationHandle> = None;
            for job in rx {
                match job {
                    Job::Show(notice) => {
                        let mut n = build(&notice, &icon);
                        if let Some(h) = &shown {
                            n.id(h.id());
                        }
                        match n.show() {
                            Ok(handle) => shown = Some(handle),
                            Err(e) => on_error(e.to_string()),
                        }
                    }
                    Job::Withdraw => {
                        if let Some(h) = shown.take() {
                            h.close();
                        }
                    }
                }
            }
        })?;
        Ok(Self { jobs })
    }
}

impl Notifier for DbusNotifier {
    fn show(&mut self, notice: &Notice) {
        let _ = self.jobs.send(Job::Show(notice.clone()));
    }

    fn withdraw(&mut self) {
        let _ = self.jobs.send(Job::Withdraw);
    }
}

/// Escapes the few characters notification servers treat as markup in the body.
pub fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The summary and body of a notice, as people will read them.
pub fn texts(notice: &Notice) -> (String, String) {
    let what = match notice.kind {
        BreakKind::Micro => "posture reset",
        BreakKind::Long => "stretch break",
    };
    let routine =
        notice.routine.as_ref().map_or_else(|| what.to_owned(), |(name, len)| format!("{name} ({})", human(*len)));
    match notice.warning {
        Some(within) => (
            format!("A {what} in {}", human(within)),
            format!("Next up: {routine}. Find a place to pause what you're doing."),
        ),
        None => (
            format!("Time for a {what}"),
            format!("{routine} is ready. Open Unhunch to start, or snooze it from the window."),
        ),
    }
}

fn build(notice: &Notice, icon: &str) -> Notification {
    let (summary, body) = texts(notice);
    let mut n = Notification::new();
    n.appname("Unhunch")
        .summary(&summary)
        .body(&escape_markup(&body))
        .icon(icon)
        .urgency(Urgency::Normal)
        .timeout(if notice.warning.is_some() { Timeout::Milliseconds(10_000) } else { Timeout::Never });
    n
}

/// How long to wait before retrying a failed notification server (used by callers that retry).
pub const RETRY_AFTER: Duration = Duration::from_secs(60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_name_the_break_and_its_routine() {
        let notice = Notice {
            kind: BreakKind::Long,
            warning: None,
            routine: Some(("Thoracic mobility".to_owned(), Duration::from_secs(300))),
            snoozes_left: 3,
        };
        let (summary, body) = texts(&notice);
        assert_eq!(summary, "Time for a stretch break");
        assert!(body.starts_with("Thoracic mobility (5 min) is ready."), "{body}");
        let warn = Notice { warning: Some(Duration::from_secs(30)), ..notice };
        assert_eq!(texts(&warn).0, "A stretch break in 30 s");
    }

    #[test]
    fn markup_in_user_text_shows_literally() {
        assert_eq!(escape_markup("<b>Rows & \"W\"s</b>"), "&lt;b&gt;Rows &amp; \"W\"s&lt;/b&gt;");
    }
}
