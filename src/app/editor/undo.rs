//! Undo and redo for the editor: a bounded history of whole documents, where every change made
//! while one field keeps the focus counts as one step — one Undo takes the field back to what it
//! was before the typing began.
//!
//! egui's own `Undoer` groups changes by time (a pause starts a new step), which splits a burst of
//! slow typing into several steps and merges quick edits in different fields; grouping by the
//! focused field is what people expect of a form, so this is a small type of its own.

/// A bounded undo/redo history of states of type `T`; `K` tells apart the fields being changed.
#[derive(Clone, Debug)]
pub struct UndoHistory<T, K> {
    undo: Vec<T>,
    redo: Vec<T>,
    /// The field the last change was made in, while it keeps the focus.
    group: Option<K>,
    depth: usize,
}

impl<T, K: PartialEq> UndoHistory<T, K> {
    /// An empty history keeping at most `depth` steps.
    pub fn new(depth: usize) -> Self {
        Self { undo: Vec::new(), redo: Vec::new(), group: None, depth }
    }

    /// The state changed from `before`, in field `field` (`None`: not a field being typed into, a
    /// button). A change in the same field as the last one joins its step.
    pub fn changed(&mut self, before: T, field: Option<K>) {
        let same = field.is_some() && field == self.group;
        if !same {
            self.undo.push(before);
            if self.undo.len() > self.depth {
                self.undo.remove(0);
            }
        }
        self.group = field;
        self.redo.clear();
    }

    /// Steps back: the state to show instead of `current`, if there is one.
    pub fn undo(&mut self, current: T) -> Result<T, T> {
        self.group = None;
        match self.undo.pop() {
            Some(before) => {
                self.redo.push(current);
                Ok(before)
            }
            None => Err(current),
        }
    }

    /// Steps forward again: the state to show instead of `current`, if there is one.
    pub fn redo(&mut self, current: T) -> Result<T, T> {
        self.group = None;
        match self.redo.pop() {
            Some(after) => {
                self.undo.push(current);
                Ok(after)
            }
            None => Err(current),
        }
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_in_one_field_undoes_as_one_step_whatever_the_pauses() {
        let mut h: UndoHistory<&str, u8> = UndoHistory::new(10);
        // "2" typed over as "9", "90", "900" in field 1.
        h.changed("2", Some(1));
        h.changed("9", Some(1));
        h.changed("90", Some(1));
        assert_eq!(h.undo("900"), Ok("2"), "back to before the typing");
        assert_eq!(h.redo("2"), Ok("900"));
    }

    #[test]
    fn another_field_or_a_button_starts_a_new_step() {
        let mut h: UndoHistory<u32, u8> = UndoHistory::new(10);
        h.changed(0, Some(1));
        h.changed(1, Some(2));
        h.changed(2, None);
        h.changed(3, None);
        assert_eq!(h.undo(4), Ok(3));
        assert_eq!(h.undo(3), Ok(2));
        assert_eq!(h.undo(2), Ok(1));
        assert_eq!(h.undo(1), Ok(0));
        assert_eq!(h.undo(0), Err(0), "nothing more");
    }

    #[test]
    fn a_new_change_forgets_what_could_be_redone_and_the_depth_is_kept() {
        let mut h: UndoHistory<u32, u8> = UndoHistory::new(2);
        for v in 0..5 {
            h.changed(v, None);
        }
        assert_eq!(h.undo(5), Ok(4));
        h.changed(4, None);
        assert!(!h.can_redo());
        assert_eq!(h.undo(9), Ok(4));
        assert_eq!(h.undo(4), Ok(3));
        assert_eq!(h.undo(3), Err(3), "only the last two steps are kept");
        // After an undo, typing in the field typed into before is a new step, not a join.
        let mut h: UndoHistory<&str, u8> = UndoHistory::new(5);
        h.changed("a", Some(1));
        assert_eq!(h.undo("ab"), Ok("a"));
        h.changed("a", Some(1));
        assert!(h.can_undo());
    }
}
