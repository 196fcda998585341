//! Desktop notifications over D-Bus, with Start / Snooze / Skip buttons.
//!
//! Notices are built with `notify-rust` and sent over one `zbus` connection from a thread of
//! their own, so a slow or missing notification server never blocks the engine. One listener
//! thread on that connection turns the button the user pressed into a [`NoticeAction`]
//! (converted from its D-Bus key here, at the boundary). A re-notification replaces the bubble on screen (same id) instead of stacking, and a
//! withdrawal closes it by id over `zbus`. The server's capabilities decide whether buttons,
//! markup and sounds are used.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify_rust::{Hint, Notification, Timeout, Urgency};

use crate::core::ports::{Notice, NoticeAction, Notifier};
use crate::core::units::human;

const BUS_NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// What the notification thread reports back to the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotifierEvent {
    /// A notice is on screen (`test`: the test notification).
    Shown { test: bool },
    /// A notice could not be shown; a sentence for the user.
    Failed { message: String, test: bool },
    /// The user pressed a button, clicked the bubble or dismissed it.
    Action { action: NoticeAction, test: bool },
    /// The session bus went away (restarted, or its daemon died): whatever else is registered on
    /// it (the tray) must register again once it is back. Notices connect again by themselves.
    BusLost,
}

enum Job {
    Show(Notice),
    Message(String, String),
    Withdraw,
    /// Answers once every job before it is done.
    Flush(mpsc::SyncSender<()>),
}

/// Sends notices to the desktop's notification server.
#[derive(Debug)]
pub struct DbusNotifier {
    jobs: mpsc::Sender<Job>,
}

/// What the server can do (from `GetCapabilities`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub actions: bool,
    pub body_markup: bool,
    pub sound: bool,
}

impl Capabilities {
    /// Reads the list a server returns.
    pub fn from_list(caps: &[String]) -> Self {
        let has = |c: &str| caps.iter().any(|x| x == c);
        Self { actions: has("actions"), body_markup: has("body-markup"), sound: has("sound") }
    }
}

type Report = Arc<dyn Fn(NotifierEvent) + Send + Sync>;

impl DbusNotifier {
    /// Starts the sending thread. `icon` is an icon name or an absolute path; `report` is called
    /// (on a notification thread) with failures and with what the user did.
    pub fn spawn(icon: String, report: impl Fn(NotifierEvent) + Send + Sync + 'static) -> std::io::Result<Self> {
        let (jobs, rx) = mpsc::channel::<Job>();
        let report: Report = Arc::new(report);
        std::thread::Builder::new().name("notifications".to_owned()).spawn(move || run(&rx, &icon, &report))?;
        Ok(Self { jobs })
    }
}

/// The bubble on screen that the user can act on: its id, and whether it is the test notification.
type Current = Arc<Mutex<Option<(u32, bool)>>>;

/// How long the notification server has to answer a call. A `Notify` not acknowledged by then
/// counts as failed (the engine falls back to the window and a banner), and the jobs behind it go
/// on: a server that never answers costs each notice this long, never the reminders after it.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(4);

/// One session-bus connection for every notice: each is sent on it, and the server's answers
/// (buttons, dismissals; some servers send them only to the connection that showed the bubble)
/// come back on it to one listener thread. A replaced bubble leaves nothing behind. When the bus
/// goes away (it was restarted, or the session's bus daemon died), the listener says so and the
/// next job connects again.
struct Bus {
    conn: zbus::blocking::Connection,
    /// Set by the listener when the connection closed.
    lost: Arc<AtomicBool>,
}

impl Bus {
    fn open(current: &Current, report: &Report) -> zbus::Result<Self> {
        let conn = super::bus::session(ANSWER_WITHIN)?;
        let rule =
            zbus::MatchRule::builder().msg_type(zbus::message::Type::Signal).interface(BUS_NAME)?.path(PATH)?.build();
        let signals = zbus::blocking::MessageIterator::for_match_rule(rule, &conn, Some(16))?;
        let lost = Arc::new(AtomicBool::new(false));
        let (current, report, gone) = (Arc::clone(current), Arc::clone(report), Arc::clone(&lost));
        std::thread::Builder::new()
            .name("notify-answers".to_owned())
            .spawn(move || {
                listen(signals, &current, &report);
                gone.store(true, Ordering::SeqCst);
                report(NotifierEvent::BusLost);
            })
            .map_err(|e| zbus::Error::Failure(e.to_string()))?;
        Ok(Self { conn, lost })
    }

    /// Sends `n` (replacing bubble `id` when given); the server's id for it.
    fn send(&self, n: &Notification, id: Option<u32>) -> zbus::Result<u32> {
        let hints: std::collections::HashMap<&str, zbus::zvariant::Value<'_>> =
            n.hints.iter().map(<(&str, zbus::zvariant::Value<'_>)>::from).collect();
        let body = (&n.appname, id.unwrap_or(0), &n.icon, &n.summary, &n.body, &n.actions, hints, i32::from(n.timeout));
        self.conn.call_method(Some(BUS_NAME), PATH, Some(BUS_NAME), "Notify", &body)?.body().deserialize()
    }

    fn capabilities(&self) -> zbus::Result<Capabilities> {
        let list: Vec<String> = self
            .conn
            .call_method(Some(BUS_NAME), PATH, Some(BUS_NAME), "GetCapabilities", &())?
            .body()
            .deserialize()?;
        Ok(Capabilities::from_list(&list))
    }

    fn close(&self, id: u32) -> zbus::Result<()> {
        self.conn.call_method(Some(BUS_NAME), PATH, Some(BUS_NAME), "CloseNotification", &(id,)).map(drop)
    }
}

/// Turns the server's signals about the current bubble into what the user did; returns when the
/// connection closes.
fn listen(signals: zbus::blocking::MessageIterator, current: &Current, report: &Report) {
    for msg in signals {
        let msg = match msg {
            Ok(msg) => msg,
            // The socket is gone: nothing more will come on this connection.
            Err(e) if super::bus::connection_lost(&e) => return,
            Err(_) => continue,
        };
        let header = msg.header();
        let (id, action) = match header.member().map(zbus::names::MemberName::as_str) {
            Some("ActionInvoked") => {
                let Ok((id, key)) = msg.body().deserialize::<(u32, String)>() else { continue };
                let action = if key == "default" { Some(NoticeAction::Open) } else { NoticeAction::from_key(&key) };
                (id, action)
            }
            // Reason 2: dismissed by the user (1 is expired, 3 closed by us).
            Some("NotificationClosed") => {
                let Ok((id, reason)) = msg.body().deserialize::<(u32, u32)>() else { continue };
                (id, (reason == 2).then_some(NoticeAction::Dismissed))
            }
            Some(_) | None => continue,
        };
        let shown = *current.lock().unwrap_or_else(PoisonError::into_inner);
        if let (Some((mine, test)), Some(action)) = (shown, action)
            && mine == id
        {
            report(NotifierEvent::Action { action, test });
        }
    }
}

/// The notification thread's state: the connection (opened again after the bus went away), what
/// the server can do, and the bubble on screen.
struct Sender {
    icon: String,
    report: Report,
    current: Current,
    bus: Option<Bus>,
    caps: Option<Capabilities>,
}

/// Why a job was not done.
enum JobError {
    /// No bus, or it went away during the job: worth one more try on a fresh connection.
    Lost(String),
    /// The server refused or did not answer in time.
    Failed(String),
}

impl JobError {
    fn from_call(e: &zbus::Error) -> Self {
        if super::bus::timed_out(e) {
            Self::Failed(format!(
                "the notification server did not answer within {} s (is it frozen?)",
                ANSWER_WITHIN.as_secs()
            ))
        } else if super::bus::connection_lost(e) {
            Self::Lost(format!("the session bus went away ({e})"))
        } else {
            Self::Failed(e.to_string())
        }
    }
}

fn run(rx: &mpsc::Receiver<Job>, icon: &str, report: &Report) {
    let mut sender =
        Sender { icon: icon.to_owned(), report: Arc::clone(report), current: Arc::default(), bus: None, caps: None };
    // Connected at once, so that a bus that goes away is noticed even before the first notice.
    let _ = sender.connect();
    for job in rx {
        if let Job::Flush(done) = &job {
            let _ = done.try_send(());
            continue;
        }
        let test = matches!(&job, Job::Show(n) if n.test) || matches!(job, Job::Message(..));
        // A connection that went away is replaced, and the job tried once more on the new one.
        let mut result = sender.connect().and_then(|()| sender.run(&job));
        if let Err(JobError::Lost(_)) = result {
            sender.bus = None;
            result = sender.connect().and_then(|()| sender.run(&job));
        }
        let message = match result {
            Ok(()) => continue,
            Err(JobError::Lost(m)) => {
                sender.bus = None;
                m
            }
            Err(JobError::Failed(m)) => m,
        };
        sender.caps = None;
        if !matches!(job, Job::Withdraw) {
            report(NotifierEvent::Failed { message, test });
        }
    }
}

impl Sender {
    /// Opens a connection unless one is open and alive.
    fn connect(&mut self) -> Result<(), JobError> {
        if self.bus.as_ref().is_some_and(|b| b.lost.load(Ordering::SeqCst)) {
            self.bus = None;
            self.caps = None;
        }
        if self.bus.is_none() {
            let bus =
                Bus::open(&self.current, &self.report).map_err(|e| JobError::Lost(format!("no session bus: {e}")))?;
            self.bus = Some(bus);
        }
        Ok(())
    }

    fn run(&mut self, job: &Job) -> Result<(), JobError> {
        let Some(b) = &self.bus else { return Err(JobError::Lost("no session bus".to_owned())) };
        let shown = self.current.lock().unwrap_or_else(PoisonError::into_inner).map(|(id, _)| id);
        match job {
            Job::Show(notice) => {
                let c = if let Some(c) = &self.caps {
                    c.clone()
                } else {
                    let c = b.capabilities().map_err(|e| match JobError::from_call(&e) {
                        JobError::Failed(m) => JobError::Failed(format!("no notification server answered: {m}")),
                        lost @ JobError::Lost(_) => lost,
                    })?;
                    self.caps = Some(c.clone());
                    c
                };
                let n = build(notice, &self.icon, &c);
                // A break that is due goes up as a new bubble, the one before closed first:
                // GNOME Shell shows a bubble that replaces another (same id) without its buttons.
                // Only the heads-up replaces (there is nothing before it to lose).
                let replace = if notice.warning.is_some() {
                    shown
                } else {
                    if let Some(id) = shown {
                        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
                        let _ = b.close(id);
                    }
                    None
                };
                let id = b.send(&n, replace).map_err(|e| JobError::from_call(&e))?;
                *self.current.lock().unwrap_or_else(PoisonError::into_inner) = c.actions.then_some((id, notice.test));
                (self.report)(NotifierEvent::Shown { test: notice.test });
                // Servers that play no sound (dunst, mako): the cue from here.
                if let (false, Some(volume)) = (c.sound, notice.sound) {
                    play_cue(volume);
                }
            }
            Job::Message(summary, body) => {
                let mut n = Notification::new();
                n.appname("Unhunch")
                    .summary(summary)
                    .body(&escape_markup(body))
                    .icon(&self.icon)
                    .hint(Hint::DesktopEntry("unhunch".to_owned()))
                    .timeout(Timeout::Milliseconds(8000));
                // The message replaces the bubble it answers; its own buttons are none.
                *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
                b.send(&n, shown).map_err(|e| JobError::from_call(&e))?;
            }
            Job::Withdraw => {
                *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
                if let Some(id) = shown {
                    b.close(id).map_err(|e| JobError::from_call(&e))?;
                }
            }
            Job::Flush(done) => {
                let _ = done.try_send(());
            }
        }
        Ok(())
    }
}

/// Plays the new-step cue at `percent` volume on a short-lived thread of its own (the sound server is
/// given a few seconds at most; the notifications never wait for it).
fn play_cue(percent: u32) {
    let samples = crate::core::cues::synth(crate::core::cues::Cue::Step, percent.min(100) as f32 / 100.0);
    let _ = std::thread::Builder::new().name("notify-sound".to_owned()).spawn(move || {
        let _ = super::sound::play_blocking(&samples);
    });
}

impl Notifier for DbusNotifier {
    fn show(&mut self, notice: &Notice) {
        let _ = self.jobs.send(Job::Show(notice.clone()));
    }

    fn message(&mut self, summary: &str, body: &str) {
        let _ = self.jobs.send(Job::Message(summary.to_owned(), body.to_owned()));
    }

    fn withdraw(&mut self) {
        let _ = self.jobs.send(Job::Withdraw);
    }

    fn flush(&mut self, within: Duration) {
        let (done, wait) = mpsc::sync_channel(1);
        if self.jobs.send(Job::Flush(done)).is_ok() {
            let _ = wait.recv_timeout(within);
        }
    }
}

/// Escapes the few characters notification servers treat as markup in the body.
pub fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The summary and body of a notice, as people will read them. Without buttons, the body says
/// how to start the break instead.
pub fn texts(notice: &Notice, caps: &Capabilities) -> (String, String) {
    let what = notice.kind.noun();
    let routine =
        notice.routine.as_ref().map_or_else(|| what.to_owned(), |(name, len)| format!("{name} ({})", human(*len)));
    let how = if caps.actions {
        ""
    } else {
        " Start it from the Unhunch tray icon or window, or with `unhunch start` (`unhunch snooze` and `unhunch skip` work too)."
    };
    if notice.test {
        return (
            format!("Test: time for a {what}"),
            format!("This is how a break reminder looks. Its buttons only say that they work.{how}"),
        );
    }
    match notice.warning {
        Some(within) => (
            format!("A {what} in {}", human(within)),
            format!("Next up: {routine}. Find a place to pause what you're doing.{how}"),
        ),
        None if notice.repeat => (format!("Still time for a {what}"), format!("{routine} is ready when you are.{how}")),
        None => (format!("Time for a {what}"), format!("{routine} is ready.{how}")),
    }
}

/// The buttons: `(key, label)` pairs, the D-Bus way.
pub fn buttons(notice: &Notice, snooze: Duration) -> Vec<(&'static str, String)> {
    let mut b =
        vec![(NoticeAction::Open.key(), "Open Unhunch".to_owned()), (NoticeAction::Start.key(), "Start".to_owned())];
    if notice.snoozes_left > 0 || notice.warning.is_some() {
        b.push((NoticeAction::Snooze.key(), format!("Snooze {}", human(snooze))));
    }
    if notice.can_skip {
        b.push((NoticeAction::Skip.key(), "Skip".to_owned()));
    }
    b
}

fn build(notice: &Notice, icon: &str, caps: &Capabilities) -> Notification {
    let (summary, body) = texts(notice, caps);
    let body = if caps.body_markup { escape_markup(&body) } else { body };
    let mut n = Notification::new();
    // A due break stays on screen everywhere: GNOME takes a normal-urgency bubble down after
    // about 4 s while the user is active. Unhunch holds reminders itself during do-not-disturb,
    // so this never breaks through one the user set. The heads-up is normal.
    let urgency = if notice.warning.is_some() { Urgency::Normal } else { Urgency::Critical };
    n.appname("Unhunch")
        .summary(&summary)
        .body(&body)
        .icon(icon)
        .urgency(urgency)
        .hint(Hint::Category("x-unhunch.break".to_owned()))
        .hint(Hint::DesktopEntry("unhunch".to_owned()))
        .timeout(if notice.warning.is_some() { Timeout::Milliseconds(15_000) } else { Timeout::Never });
    if notice.sound.is_some() {
        n.hint(Hint::SoundName("message-new-instant".to_owned()));
    } else {
        n.hint(Hint::SuppressSound(true));
    }
    if caps.actions {
        for (key, label) in buttons(notice, notice.snooze) {
            n.action(key, &label);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kind::BreakKind;

    fn notice(warning: Option<Duration>) -> Notice {
        Notice {
            kind: BreakKind::Long,
            warning,
            routine: Some(("Thoracic mobility".to_owned(), Duration::from_secs(300))),
            snoozes_left: 3,
            snooze: Duration::from_secs(300),
            repeat: false,
            can_skip: true,
            test: false,
            sound: None,
        }
    }

    #[test]
    fn notices_name_the_break_and_its_routine() {
        let caps = Capabilities { actions: true, body_markup: true, sound: false };
        let (summary, body) = texts(&notice(None), &caps);
        assert_eq!(summary, "Time for a stretch break");
        assert_eq!(body, "Thoracic mobility (5 min) is ready.");
        assert_eq!(texts(&notice(Some(Duration::from_secs(30))), &caps).0, "A stretch break in 30 s");
    }

    #[test]
    fn without_buttons_the_body_says_how_to_start() {
        let (_, body) = texts(&notice(None), &Capabilities::default());
        assert!(body.contains("`unhunch start`"), "{body}");
    }

    #[test]
    fn buttons_offer_start_snooze_and_skip_until_snoozes_or_skips_run_out() {
        let keys: Vec<&str> = buttons(&notice(None), Duration::from_secs(300)).iter().map(|b| b.0).collect();
        assert_eq!(keys, ["default", "start", "snooze", "skip"]);
        let out_of_snoozes = Notice { snoozes_left: 0, ..notice(None) };
        let keys: Vec<&str> = buttons(&out_of_snoozes, Duration::from_secs(300)).iter().map(|b| b.0).collect();
        assert_eq!(keys, ["default", "start", "skip"]);
        assert_eq!(buttons(&notice(None), Duration::from_secs(300))[2].1, "Snooze 5 min");
        let out_of_skips = Notice { can_skip: false, ..notice(None) };
        let keys: Vec<&str> = buttons(&out_of_skips, Duration::from_secs(300)).iter().map(|b| b.0).collect();
        assert_eq!(keys, ["default", "start", "snooze"], "today's skips are used up");
    }

    #[test]
    fn markup_in_user_text_shows_literally() {
        assert_eq!(escape_markup("<b>Rows & \"W\"s</b>"), "&lt;b&gt;Rows &amp; \"W\"s&lt;/b&gt;");
    }

    #[test]
    fn action_keys_become_actions_at_the_boundary() {
        assert_eq!(NoticeAction::from_key("snooze"), Some(NoticeAction::Snooze));
        assert_eq!(NoticeAction::from_key("default"), Some(NoticeAction::Open));
        assert_eq!(NoticeAction::from_key("reboot"), None);
    }
}
