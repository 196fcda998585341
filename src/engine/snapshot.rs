//! What a client sees: the engine's state as one [`Snapshot`], built from the timer, the break in
//! progress and the history kept in memory. Its size is bounded whatever the history holds (see
//! [`super::checks`]).

use std::time::{SystemTime, UNIX_EPOCH};

use super::Engine;
use crate::core::break_watch::Player;
use crate::core::history::counts;
use crate::core::kind::{BreakKind, Now};
use crate::core::timer::Phase;
use crate::protocol::{NextBreak, OnBreak, Snapshot, State};

impl Engine {
    /// Everything a client shows.
    pub fn snapshot(&self, now: Now) -> Snapshot {
        let view = self.timer.view(now);
        let unix = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let at = unix(now.wall);
        let (state, break_kind, snoozed_until) = match view.phase {
            Phase::Working => (State::Working, view.announced, None),
            Phase::Due { kind, .. } => (State::Due, Some(kind), None),
            Phase::Snoozed { kind, until } => {
                let left = until.saturating_duration_since(now.mono);
                (State::Snoozed, Some(kind), Some(unix(now.wall + left)))
            }
            Phase::OnBreak { kind, .. } => (State::OnBreak, Some(kind), None),
        };
        let state = match (state, view.away, view.paused) {
            (State::OnBreak, _, _) => State::OnBreak,
            (_, Some(_), _) => State::Away,
            (_, None, Some(_)) => State::Paused,
            (s, None, None) => s,
        };
        let next = BreakKind::ALL
            .iter()
            .map(|kind| {
                let until = view.until_due[*kind];
                let routine = self.next_routine(*kind, now);
                let adapted = routine.as_ref().and_then(|id| self.for_user(id, now));
                let found = adapted.as_ref();
                NextBreak {
                    kind: *kind,
                    in_secs: until.as_secs(),
                    routine_name: found.map(|r| r.name.clone()),
                    routine_secs: found.map_or(0, |r| r.duration().as_secs()),
                    routine,
                    enabled: self.settings.kind(*kind).enabled,
                }
            })
            .collect();
        let day = self.day_start(now.wall);
        let on_break = self.session.as_ref().map(|s| {
            let progress = s.watch.progress().clone();
            OnBreak {
                kind: s.kind,
                routine: s.routine.clone(),
                routine_name: s.routine_name.clone(),
                step: progress.step,
                steps: progress.steps,
                progress,
                playing: s.watch.player() == Player::Playing,
                claimed: s.watch.was_claimed(),
                ends_in_secs: s.watch.deadline().map(|d| d.saturating_duration_since(now.mono).as_secs()),
                strict: view.strict,
                plan: Some(s.plan.clone()),
            }
        });
        let snoozes_left = |k: BreakKind| view.snoozes_left[k];
        Snapshot {
            at,
            state,
            break_kind,
            snoozes_left: break_kind.map_or(0, snoozes_left),
            snoozed_until,
            paused_until: match view.paused {
                Some(crate::core::timer::Pause::Until(t)) => Some(unix(t)),
                Some(crate::core::timer::Pause::UntilResumed) | None => None,
            },
            paused: view.paused.is_some(),
            away: view.away,
            sitting_secs: view.sitting.as_secs(),
            counting: view.counting,
            next,
            today: counts(&self.history, day, u64::MAX),
            session: self.session.as_ref().map(|s| s.routine.clone()),
            on_break,
            banners: self.banners.texts(),
            history_waiting: self.unsaved.len(),
            do_not_disturb_by: self.dnd_by.map(str::to_owned),
            call_by: self.call_by().map(str::to_owned),
            insisting: view.insisting,
            skips_left: self.skips_left(now),
            window_open: false,
            blocked: view.blocked,
            held: view.held,
            off_hours: view.off_hours,
            idle_backend: self.idle_backend.to_owned(),
            idle_secs: self.last_idle.as_secs(),
            recent: self.recent(now),
            level_offer: self.level_offer(at),
            desk_check_offer: self.desk_check_offer(now),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// The first routine in the rotations ready for its next level.
    fn level_offer(&self, now: u64) -> Option<crate::protocol::LevelOffer> {
        let programme = &self.settings.programme;
        let ids = self.settings.micro.routines.iter().chain(&self.settings.long.routines);
        let mut ids: Vec<&String> = ids.chain(std::iter::once(&programme.end_of_day)).collect();
        ids.dedup();
        ids.into_iter().find_map(|id| {
            let routine = self.catalogue.routines.get(id)?;
            let choice = programme.levels.get(id).cloned().unwrap_or_default();
            crate::core::level::offer_next(&self.history, id, &choice, now).then(|| crate::protocol::LevelOffer {
                routine: id.clone(),
                name: routine.name.clone(),
                level: choice.level + 1,
            })
        })
    }
}
