//! A strict break's cover windows in the accessibility tree (AT-SPI): eframe gives an AccessKit
//! adapter to its first window only, so each cover has one of its own, with a tree of three
//! nodes (the window, what it says, the pain button). A screen reader reads it, and pressing the
//! button through it is a press of the button.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::accesskit::{Action, ActionRequest, Node, NodeId, Role, TreeId, TreeInfo, TreeUpdate};

const WINDOW: NodeId = NodeId(1);
const TEXT: NodeId = NodeId(2);
const BUTTON: NodeId = NodeId(3);

/// One cover's accessible tree.
pub struct CoverA11y {
    adapter: accesskit_unix::Adapter,
    pressed: Arc<AtomicBool>,
    shown: (String, String),
}

impl std::fmt::Debug for CoverA11y {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CoverA11y").field("shown", &self.shown).finish_non_exhaustive()
    }
}

struct Activation;

impl egui::accesskit::ActivationHandler for Activation {
    // Given by the first update.
    fn request_initial_tree(&mut self) -> Option<TreeUpdate> {
        None
    }
}

struct Press(Arc<AtomicBool>);

impl egui::accesskit::ActionHandler for Press {
    fn do_action(&mut self, request: ActionRequest) {
        if request.target_node == BUTTON && matches!(request.action, Action::Click | Action::Focus) {
            self.0.store(request.action == Action::Click, Ordering::SeqCst);
        }
    }
}

struct Deactivation;

impl egui::accesskit::DeactivationHandler for Deactivation {
    fn deactivate_accessibility(&mut self) {}
}

/// Registers a cover window with the accessibility bus (when one runs; otherwise it waits).
impl Default for CoverA11y {
    fn default() -> Self {
        let pressed = Arc::new(AtomicBool::new(false));
        let adapter = accesskit_unix::Adapter::new(Activation, Press(Arc::clone(&pressed)), Deactivation);
        Self { adapter, pressed, shown: (String::new(), String::new()) }
    }
}

impl CoverA11y {
    /// The cover says `title` and `text`, with the pain button labelled `button`.
    pub fn show(&mut self, title: &str, text: &str, button: &str) {
        let shown = (title.to_owned(), text.to_owned());
        if shown == self.shown {
            return;
        }
        self.shown = shown;
        let mut window = Node::new(Role::Window);
        window.set_label(title);
        window.set_children(vec![TEXT, BUTTON]);
        let mut said = Node::new(Role::Label);
        said.set_value(text);
        said.set_label(text);
        let mut pain = Node::new(Role::Button);
        pain.set_label(button);
        pain.add_action(Action::Click);
        pain.add_action(Action::Focus);
        let update = || TreeUpdate {
            nodes: vec![(WINDOW, window), (TEXT, said), (BUTTON, pain)],
            tree: Some(TreeInfo::new(WINDOW)),
            tree_id: TreeId::ROOT,
            focus: BUTTON,
        };
        self.adapter.update_if_active(update);
        self.adapter.update_window_focus_state(true);
    }

    /// True once after the pain button was pressed through the accessibility tree.
    pub fn take_pressed(&self) -> bool {
        self.pressed.swap(false, Ordering::SeqCst)
    }
}
