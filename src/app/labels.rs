//! Every string the window shows that a test looks for (and most that it doesn't), in one place.

pub const APP_TITLE: &str = "Unhunch";

// Tabs.
pub const TAB_TODAY: &str = "Today";
pub const TAB_ROUTINES: &str = "Routines";
pub const TAB_SETTINGS: &str = "Settings";
pub const TAB_HISTORY: &str = "History";
pub const HISTORY_DAYS: &str = "Days";
pub const HISTORY_WEEKS: &str = "Weeks";
pub const HISTORY_MONTHS: &str = "Months";
pub const EXPORT_CSV: &str = "Export CSV…";
pub const EXPORT_JSON: &str = "Export JSON…";
pub const HISTORY_EMPTY: &str = "Nothing here yet — and that's fine on a first day.";
pub const IS_IT_HELPING: &str = "Is it helping?";
pub const CHART_SITTING: &str = "Hours sitting";
pub const CHART_TAKEN: &str = "Breaks taken (completed or time away)";
pub const CHART_LONGEST: &str = "Longest time sitting, by week";
pub const CHART_RATE: &str = "Due breaks completed, by week";
pub const CHART_BACK: &str = "How your back felt, by week";

// Safety notice.
pub const SAFETY_TITLE: &str = "Before you start";
pub const SAFETY_ACKNOWLEDGE: &str = "I understand";

// Dashboard.
pub const SITTING_FOR: &str = "Sitting for";
pub const START_STRETCH_NOW: &str = "Start a stretch now";
pub const PAUSE_MENU: &str = "Pause reminders";
pub const RESUME: &str = "Resume reminders";
pub const BREAK_DUE: &str = "Break due";
pub const START_BREAK: &str = "Start";
pub const SNOOZE: &str = "Snooze";
pub const SKIP: &str = "Skip";
pub const TODAY_HEADING: &str = "Today so far";
pub const ENGINE_LOST: &str = "Lost contact with the reminder engine";
pub const ENGINE_STOPPED: &str = "The reminder engine was stopped";
pub const RESTART_ENGINE: &str = "Start reminders again";
pub const DISMISS: &str = "Dismiss";
pub const BREAK_IN_PROGRESS: &str = "A break is in progress";
pub const RESUME_AT_STEP: &str = "Resume at step";
pub const END_THIS_BREAK: &str = "End this break";

// Player.
pub const PAUSE: &str = "Pause";
pub const RESUME_SESSION: &str = "Resume";
pub const NEXT: &str = "Next";
pub const PREVIOUS: &str = "Previous";
pub const END_SESSION: &str = "End";
pub const STOP_PAIN: &str = "Stop — I feel pain";
pub const SESSION_DONE: &str = "Nicely done";
pub const SESSION_OVER: &str = "Session over";
pub const SESSION_ENDED: &str = "Session ended";
pub const START_NOW: &str = "Start now";
pub const PAUSED_HINT: &str = "Paused — Space or Resume carries on";
pub const END_SESSION_QUESTION: &str = "End this session?";
pub const KEEP_GOING: &str = "Keep going";
pub const END_NOW: &str = "End the session";
pub const BACK_TO_TODAY: &str = "Back to today";
pub const BACK_TO_EDITOR: &str = "Back to the editor";
pub const RED_FLAGS_TITLE: &str = "Stopped: you felt pain";
pub const NEXT_UP: &str = "Next up";
pub const KEYS_HINT: &str = "Keys: Space pause · Right next · Left previous · Esc end · P I feel pain";
/// The keys in a strict break, where Esc does nothing.
pub const KEYS_HINT_STRICT: &str = "Each step plays to its end. Keys: Space pause · Left previous · P I feel pain";

// Library.
pub const START_ROUTINE: &str = "Start this routine";
pub const ROUTINES_HEADING: &str = "Routines";
pub const EXERCISES_HEADING: &str = "Exercises";
pub const BUILT_IN: &str = "built-in";
pub const YOURS: &str = "yours";

// Settings.
pub const SAVE_SETTINGS: &str = "Save settings";
pub const SAVE_SETTINGS_KEY: &str = "Ctrl+S";
pub const SETTINGS_SAVED: &str = "Settings saved";
pub const REVERT_SETTINGS: &str = "Revert";
pub const ENABLED: &str = "reminders on";
pub const INTERVAL: &str = "After sitting for";
pub const LENGTH: &str = "Time away that winds it back fully";
pub const REMIND_EVERY: &str = "Remind again if ignored, every";
pub const MOVEMENT_WORDS: &str = "Words for the movement (left empty: Up, Hold, Down, …)";
pub const FIGURE: &str = "Figure";
pub const ADD_FIGURE: &str = "Add a figure";
pub const FIGURE_VIEW: &str = "View";
pub const FIGURE_STANCE: &str = "Stance";
pub const FIGURE_KEY: &str = "Key pose:";
pub const FIGURE_TOUCHES: &str = "Touches (kept through the move):";
pub const FIGURE_TOUCHES_NONE: &str = "Nothing yet; feet on the floor stay planted without one.";
pub const CONTACT_PART: &str = "Part";
pub const CONTACT_SURFACE: &str = "On";
pub const ADD_CONTACT: &str = "Add this contact";
pub const REMOVE_CONTACT: &str = "Remove";
pub const PLAY_MOVE: &str = "Play the move";
pub const PLAY_MOVE_HINT: &str = "The figure moves through every key pose and back, as it will in the player";
pub const FRONT_VIEW_MIRROR: &str =
    "From the front, the figure faces you: its left is on your right, so \"bent to the left\" leans to your right.";
pub const ADD_JOINT: &str = "Move a body part";
pub const REMOVE_JOINT: &str = "Leave this body part as it is in this key pose";
pub const OUT_OF_RANGE: &str = "Beyond this joint's range: the file will not load until it is within";
pub const WHEN_TO_GET_HELP: &str = "When to get help";
pub const HELP_TITLE: &str = "When to get help: the signs, most urgent first";
pub const CLOSE_HELP: &str = "Close";
/// The Settings heading over the emergency number.
pub const SAFETY_HEADING: &str = "If something is wrong";
pub const EMERGENCY_HINT: &str = "Shown with the warning signs in \"When to get help\" and after \"Stop — I feel pain\" (empty: the common numbers, 999 / 911 / 112 / 000).";
pub const EMERGENCY_NUMBER: &str = "Local emergency number";
pub const THEME: &str = "Colours:";
pub const SOUND_HEADING: &str = "Sound and voice in a session";
pub const SOUND_CUES: &str = "Soft sounds for a new step, a side switch and the end";
pub const PHASE_SOUNDS: &str = "A tick at each part of a rep too";
pub const VOLUME: &str = "Volume";
pub const VOICE: &str = "Voice guidance: say the step, the side, holds and reps, and what's next";
pub const TEST_SOUND: &str = "Test sound";
pub const TEST_VOICE: &str = "Test voice";
pub const SOUND_HINT: &str = "Heard nothing? `unhunch test-sound --voice` in a terminal says why.";
pub const REDUCE_MOTION: &str = "Reduce motion: show the key positions still";
pub const LEAD_IN: &str = "Get-ready before the first exercise";
pub const IDLE_THRESHOLD: &str = "Time away that counts as the break";
pub const POLICY: &str = "When you are away";
pub const SNOOZE_MINUTES: &str = "Snooze for";
pub const MAX_SNOOZES: &str = "Snoozes per break";
pub const STRICTNESS: &str = "How firm";
pub const CALL_MICROPHONE: &str = "Hold reminders while the microphone records (a call)";
pub const CALL_CAMERA: &str = "Hold reminders while the camera is on (a call)";
pub const DESK_CHECK_OFFERS: &str = "Offer the desk check a week after starting, then every three months";
pub const PAUSE_MEDIA: &str = "Pause music and videos during a break, play them again after";
pub const FIRM_AFTER: &str = "A firm break comes on top after ignored reminders";
pub const SKIPS_PER_DAY: &str = "Skips allowed per day";
pub const SKIP_STRICT: &str = "Skip this break";
pub const STRICT_BREAK: &str = "Break time";
/// Under the pain button on a strict break's cover.
pub const COVER_KEYS: &str = "Key: P I feel pain";
pub const WARNING: &str = "Heads-up before a break";
pub const STRENGTH_PER_DAY: &str = "Strength routines per day";
pub const ROTATION: &str = "Routines, in turn";
pub const AUTOSTART: &str = "Start reminders when I log in";
pub const WORKING_HOURS: &str = "Only remind me during working hours";
pub const TEST_NOTIFICATION: &str = "Send a test notification";

// Routines screen and editor.
pub const PROBLEMS: &str = "Problems";
pub const NEW_ROUTINE: &str = "New routine";
pub const NEW_EXERCISE: &str = "New exercise";
pub const EDIT: &str = "Edit";
pub const CUSTOMIZE: &str = "Customize";
pub const DUPLICATE: &str = "Duplicate";
pub const DELETE: &str = "Delete";
pub const COPY_PATH: &str = "Copy path";
pub const REVEAL: &str = "Show in folder";
pub const OPEN_FILE: &str = "Open in text editor";
pub const CUSTOMIZED: &str = "customized";
pub const UNSAVED: &str = "unsaved changes";
pub const SAVE: &str = "Save";
pub const PREVIEW: &str = "Preview";
/// The player's progress bar, for screen readers.
pub const SESSION_PROGRESS: &str = "Session progress";
/// Why Next is greyed out in a strict break.
pub const STRICT_NO_NEXT: &str =
    "A strict break plays each step to its end. If a step hurts or doesn't suit you, press Stop — I feel pain.";
/// A preview asked for before the engine's settings arrived.
pub const PREVIEW_NEEDS_SETTINGS: &str = "Preview plays the routine as it plays for you, and your settings have not arrived from the engine yet. Try again in a moment.";
pub const UNDO: &str = "Undo";
pub const REDO: &str = "Redo";
pub const CLOSE_EDITOR: &str = "Close editor";
pub const CHANGED_ON_DISK: &str = "This file changed on disk";
pub const RELOAD_FROM_DISK: &str = "Reload from disk";
pub const KEEP_MINE: &str = "Keep mine";
pub const NAME: &str = "Name";
pub const SUMMARY: &str = "Summary";
pub const STEPS: &str = "Steps";
pub const NOTE: &str = "Note";
pub const ADD_STEP: &str = "Add a step:";
pub const ADD_FIRST_STEP: &str = "No steps yet: add an exercise below to begin.";
pub const FIND_EXERCISE: &str = "Find an exercise";
pub const ADD_REST: &str = "Add rest";
pub const MOVE_UP: &str = "Move up";
pub const MOVE_DOWN: &str = "Move down";
pub const REMOVE_STEP: &str = "Remove";
pub const HOLD_SECONDS: &str = "hold (s)";
pub const TIMES: &str = "times";
pub const RELEASE: &str = "release (s)";
pub const REPS: &str = "reps";
pub const TIMED_SECONDS: &str = "for (s)";
pub const SETS: &str = "sets";
pub const SET_REST: &str = "set rest (s)";
pub const SWITCH: &str = "switch (s)";
pub const GET_READY: &str = "get ready (s)";
pub const REST_SECONDS: &str = "rest (s)";
pub const FAMILY: &str = "Family";
pub const WORK_KIND: &str = "do";
pub const SIDES: &str = "sides";
pub const POSITION: &str = "Position";
pub const EQUIPMENT: &str = "Equipment";
pub const HOME_ONLY: &str = "Only at home (needs the floor)";
pub const CUES: &str = "Cues";
pub const BREATHING: &str = "Breathing";
pub const MISTAKES: &str = "Common mistakes";
pub const STOP_IF: &str = "Stop if";
pub const DEFAULT_DOSE: &str = "Usual dose";
pub const SAVE_AND_CONTINUE: &str = "Save";
pub const DISCARD: &str = "Discard changes";
pub const KEEP_EDITING: &str = "Keep editing";
pub const CONFIRM_DELETE: &str = "Move to trash";
pub const CANCEL: &str = "Cancel";

/// Above what was changed in a routine for this user.
pub const CHANGED_FOR_YOU: &str = "Changed for you";
/// The check-in after a session.
pub const CHECK_IN_BACK: &str = "How does your upper back feel?";
pub const CHECK_IN_SCALE: &str = "0 = no discomfort, 10 = the worst. Optional: kept only in your history.";
pub const CHECK_IN_PAIN: &str = "Any pain during?";
/// Before what the check-in said, once it is kept.
pub const CHECK_IN_NOTED: &str = "Noted in your history:";
pub const CHECK_IN_WHICH: &str = "Which exercise hurt? It rests for a few days and the next session is gentler.";
pub const CHECK_IN_AFTER_PAIN: &str =
    "Muscle soreness for a day or two is normal when starting; joint pain, or pain that spreads, is not.";
pub const YES: &str = "Yes";
pub const NO: &str = "No";
pub const NOT_SURE: &str = "Not sure";

/// Settings: the page about the user.
pub const ABOUT_YOU: &str = "About you";
pub const PLACE_HEADING: &str = "Where you usually are";
pub const PLACE_HINT: &str =
    "The office and a standing desk leave out floor exercises; at a standing desk, standing versions are preferred.";
pub const EQUIPMENT_HEADING: &str = "What you have to hand";
pub const EQUIPMENT_HINT: &str =
    "Untick what you don't have: exercises that need it are swapped for ones that don't, and the session says so.";
pub const SCREENING_HEADING: &str = "Anything to take care of? (optional, private)";
pub const SCREENING_HINT: &str = "Kept only in settings.ron on this computer, never sent anywhere. Exercises that don't suit are left out or swapped, and those that need care say how. Change it any time.";
pub const SCREENING_CLEAR: &str = "Clear my answers";
pub const SURGERY_NOTE: &str =
    "After recent surgery, sessions are only easy walking, far gaze and breathing until a clinician clears you.";
pub const PROGRAMME_HEADING: &str = "Your programme";
pub const STRENGTH_DAYS: &str = "Strength days a week, at most";
pub const STRENGTH_RUNNING: &str = "Allow strength on two days running";
pub const END_OF_DAY: &str = "End-of-day routine";
pub const END_OF_DAY_FROM: &str = "Plays from (with working hours: the last hour)";
pub const PROGRAMME_HINT: &str =
    "2–3 strength days a week with a rest day between suit most people; at this low volume up to 5 is fine.";
pub const LEVELS_HEADING: &str = "Levels";
pub const NONE: &str = "None";
/// Dashboard: the invitation to say what suits.
pub const PROFILE_INVITE: &str =
    "Tell Unhunch what you have to hand and anything to take care of, so every break suits you (optional, private).";
pub const PROFILE_SET_UP: &str = "Set up";
pub const NOT_NOW: &str = "Not now";
pub const TRY_LEVEL: &str = "Try it";
/// The library.
pub const PLAYS_FOR_YOU: &str = "As it plays for you:";
pub const FALLBACKS: &str = "If it doesn't suit you:";
pub const ALTERNATIVES: &str = "Instead, if it doesn't suit you";
pub const NOT_FOR_YOU: &str = "Left out for you";
