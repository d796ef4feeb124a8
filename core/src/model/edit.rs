//! Small, reversible changes to a [`Document`].
//!
//! A user's change is an [`Edit`]: a list of [`Patch`]es, each putting one source, programme,
//! goal or indicator in place of another at a position (or adding or removing one there). A
//! patch carries what was there before and what is there after, so the inverse of an edit is
//! its patches reversed with before and after swapped. The document in memory and the store
//! apply the same patches; undo replays inverses. An edit holds only what it touches, so the
//! history is as large as the changes, not as the document.

use super::{Document, Goal, Indicator, IndicatorId, Programme, Source};

/// One thing put in place of another at a position of the document. `before: None` adds it
/// there, `after: None` takes it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Patch {
    /// A source, at its position in [`Document::sources`].
    Source {
        /// Position.
        at: usize,
        /// What was there.
        before: Option<Source>,
        /// What is there after.
        after: Option<Source>,
    },
    /// A programme's name, at its position. A programme is added empty and taken out empty:
    /// its goals come and go by their own patches.
    Programme {
        /// Position.
        at: usize,
        /// The name that was there.
        before: Option<String>,
        /// The name there after.
        after: Option<String>,
    },
    /// A goal's heading (code, title, footnotes, source; its `indicators` are always empty
    /// here): the indicators come and go by their own patches.
    Goal {
        /// The programme's position.
        programme: usize,
        /// The goal's position in it.
        at: usize,
        /// What was there.
        before: Option<Goal>,
        /// What is there after.
        after: Option<Goal>,
    },
    /// An indicator with its sub-series and cells.
    Indicator {
        /// The programme's position.
        programme: usize,
        /// The goal's position in the programme.
        goal: usize,
        /// The indicator's position in the goal.
        at: usize,
        /// What was there.
        before: Option<Indicator>,
        /// What is there after.
        after: Option<Indicator>,
    },
}

/// Why an edit does not fit the document it is applied to (a defect, never the user's doing).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a change does not fit the document: {0}")]
pub struct EditMismatch(pub String);

/// A change of the document, made of patches applied in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edit {
    /// The patches, in the order they apply.
    pub patches: Vec<Patch>,
}

impl Patch {
    /// The patch that undoes this one.
    pub fn inverse(&self) -> Patch {
        match self.clone() {
            Patch::Source { at, before, after } => Patch::Source {
                at,
                before: after,
                after: before,
            },
            Patch::Programme { at, before, after } => Patch::Programme {
                at,
                before: after,
                after: before,
            },
            Patch::Goal {
                programme,
                at,
                before,
                after,
            } => Patch::Goal {
                programme,
                at,
                before: after,
                after: before,
            },
            Patch::Indicator {
                programme,
                goal,
                at,
                before,
                after,
            } => Patch::Indicator {
                programme,
                goal,
                at,
                before: after,
                after: before,
            },
        }
    }

    /// Applies the patch to `document`, after checking that what it replaces is there.
    pub fn apply(&self, document: &mut Document) -> Result<(), EditMismatch> {
        match self {
            Patch::Source { at, before, after } => put(
                &mut document.sources,
                *at,
                before.as_ref(),
                after.clone(),
                "source",
            ),
            Patch::Programme { at, before, after } => {
                let list = &mut document.programmes;
                match (before, after) {
                    (Some(name), Some(new_name)) => {
                        let programme = slot(list, *at, "programme")?;
                        if &programme.name != name {
                            return Err(mismatch("programme", *at));
                        }
                        programme.name = new_name.clone();
                        Ok(())
                    }
                    (None, Some(name)) => insert(
                        list,
                        *at,
                        Programme {
                            name: name.clone(),
                            goals: Vec::new(),
                        },
                        "programme",
                    ),
                    (Some(name), None) => {
                        let empty = Programme {
                            name: name.clone(),
                            goals: Vec::new(),
                        };
                        put(list, *at, Some(&empty), None, "programme")
                    }
                    (None, None) => Ok(()),
                }
            }
            Patch::Goal {
                programme,
                at,
                before,
                after,
            } => {
                let goals = &mut slot(&mut document.programmes, *programme, "programme")?.goals;
                match (before, after) {
                    (Some(before), Some(after)) => {
                        let goal = slot(goals, *at, "goal")?;
                        if heading_of(goal) != *before {
                            return Err(mismatch("goal", *at));
                        }
                        goal.code = after.code.clone();
                        goal.title = after.title.clone();
                        goal.footnotes = after.footnotes.clone();
                        goal.source = after.source.clone();
                        Ok(())
                    }
                    (None, Some(after)) => insert(goals, *at, heading_of(after), "goal"),
                    (Some(before), None) => put(goals, *at, Some(before), None, "goal"),
                    (None, None) => Ok(()),
                }
            }
            Patch::Indicator {
                programme,
                goal,
                at,
                before,
                after,
            } => {
                let goals = &mut slot(&mut document.programmes, *programme, "programme")?.goals;
                let indicators = &mut slot(goals, *goal, "goal")?.indicators;
                put(indicators, *at, before.as_ref(), after.clone(), "indicator")
            }
        }
    }
}

impl Edit {
    /// An edit of these patches.
    pub fn of(patches: Vec<Patch>) -> Edit {
        Edit { patches }
    }

    /// Whether the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        self.patches.is_empty()
    }

    /// The edit that undoes this one: the inverse patches in reverse order.
    pub fn inverse(&self) -> Edit {
        Edit {
            patches: self.patches.iter().rev().map(Patch::inverse).collect(),
        }
    }

    /// Applies every patch to `document`. When one does not fit, those already applied are
    /// taken back, so the document is as it was.
    pub fn apply(&self, document: &mut Document) -> Result<(), EditMismatch> {
        for (done, patch) in self.patches.iter().enumerate() {
            if let Err(error) = patch.apply(document) {
                for applied in self.patches.iter().take(done).rev() {
                    // Each was just applied, so its inverse fits.
                    let _ = applied.inverse().apply(document);
                }
                return Err(error);
            }
        }
        Ok(())
    }
}

/// The goal's heading: the goal without its indicators, as a [`Patch::Goal`] holds it.
pub fn heading_of(goal: &Goal) -> Goal {
    Goal {
        code: goal.code.clone(),
        title: goal.title.clone(),
        footnotes: goal.footnotes.clone(),
        source: goal.source.clone(),
        indicators: Vec::new(),
    }
}

fn mismatch(what: &str, at: usize) -> EditMismatch {
    EditMismatch(format!("{what} {at} is not what the change expects"))
}

fn slot<'a, T>(list: &'a mut [T], at: usize, what: &str) -> Result<&'a mut T, EditMismatch> {
    list.get_mut(at)
        .ok_or_else(|| EditMismatch(format!("there is no {what} {at}")))
}

fn insert<T>(list: &mut Vec<T>, at: usize, item: T, what: &str) -> Result<(), EditMismatch> {
    if at > list.len() {
        return Err(EditMismatch(format!("{what} {at} is past the end")));
    }
    list.insert(at, item);
    Ok(())
}

/// Puts `after` at `at` in place of `before` (checked), adding or removing as they say.
fn put<T: PartialEq>(
    list: &mut Vec<T>,
    at: usize,
    before: Option<&T>,
    after: Option<T>,
    what: &str,
) -> Result<(), EditMismatch> {
    match (before, after) {
        (Some(before), after) => {
            if list.get(at) != Some(before) {
                return Err(mismatch(what, at));
            }
            match after {
                Some(after) => {
                    if let Some(place) = list.get_mut(at) {
                        *place = after;
                    }
                }
                None => {
                    list.remove(at);
                }
            }
            Ok(())
        }
        (None, Some(after)) => insert(list, at, after, what),
        (None, None) => Ok(()),
    }
}

/// Where an indicator is: programme, goal and own position.
pub fn position_of(document: &Document, id: &IndicatorId) -> Option<(usize, usize, usize)> {
    document
        .programmes
        .iter()
        .enumerate()
        .filter(|(_, programme)| programme.name == id.programme)
        .flat_map(|(p, programme)| {
            programme
                .goals
                .iter()
                .enumerate()
                .flat_map(move |(g, goal)| {
                    goal.indicators
                        .iter()
                        .enumerate()
                        .filter(|(_, indicator)| indicator.code == id.code)
                        .map(move |(i, _)| (p, g, i))
                })
        })
        .next()
}

/// The patch that changes indicator `id` as `change` does; `None` when there is no such
/// indicator. The patch is `None` inside when the change left it as it was.
pub fn change_indicator<E>(
    document: &Document,
    id: &IndicatorId,
    change: impl FnOnce(&mut Indicator) -> Result<(), E>,
) -> Option<Result<Option<Patch>, E>> {
    let (programme, goal, at) = position_of(document, id)?;
    let before = document
        .programmes
        .get(programme)?
        .goals
        .get(goal)?
        .indicators
        .get(at)?;
    let mut after = before.clone();
    Some(change(&mut after).map(|()| {
        (after != *before).then(|| Patch::Indicator {
            programme,
            goal,
            at,
            before: Some(before.clone()),
            after: Some(after),
        })
    }))
}

/// The patches that change every indicator as `change` does, one indicator at a time (so that
/// no copy of the whole document is made); indicators left as they were get none.
pub fn change_each_indicator(
    document: &Document,
    mut change: impl FnMut(&mut Indicator),
) -> Vec<Patch> {
    let mut patches = Vec::new();
    for (p, programme) in document.programmes.iter().enumerate() {
        for (g, goal) in programme.goals.iter().enumerate() {
            for (i, before) in goal.indicators.iter().enumerate() {
                let mut after = before.clone();
                change(&mut after);
                if after != *before {
                    patches.push(Patch::Indicator {
                        programme: p,
                        goal: g,
                        at: i,
                        before: Some(before.clone()),
                        after: Some(after),
                    });
                }
            }
        }
    }
    patches
}

/// The patch that adds `source` at the end, when the document has no source with its key.
pub fn add_source(document: &Document, source: Source) -> Option<Patch> {
    let absent = document.source(&source.key).is_none();
    absent.then_some(Patch::Source {
        at: document.sources.len(),
        before: None,
        after: Some(source),
    })
}

/// The patch that changes the source with `key` as `change` does; `None` when there is no such
/// source or nothing changed.
pub fn change_source(
    document: &Document,
    key: &str,
    change: impl FnOnce(&mut Source),
) -> Option<Patch> {
    let at = document
        .sources
        .iter()
        .position(|source| source.key == key)?;
    let before = document.sources.get(at)?;
    let mut after = before.clone();
    change(&mut after);
    (after != *before).then(|| Patch::Source {
        at,
        before: Some(before.clone()),
        after: Some(after),
    })
}

/// The edit that adds `incoming` to `document` (see [`Document::merge`]): how an import lands,
/// in the window and on the command line alike.
pub fn merge(document: &Document, incoming: Document) -> Edit {
    let mut merged = document.clone();
    merged.merge(incoming);
    diff(document, &merged)
}

/// The edit that turns `before` into `after`, position by position: what differs at a
/// position is replaced, what is past the end of one of them is added or taken out. Made for
/// changes that keep the order of what is there (an import adds, a new budget year adds), for
/// which it touches only what changed; any other change it still makes right, with more
/// patches.
pub fn diff(before: &Document, after: &Document) -> Edit {
    let mut patches = Vec::new();
    // Sources first, so that what is added may refer to them; sources taken out go last.
    let mut late = Vec::new();
    diff_list(&before.sources, &after.sources, &mut |at, old, new| {
        let patch = Patch::Source {
            at,
            before: old.cloned(),
            after: new.cloned(),
        };
        if new.is_none() {
            late.push(patch)
        } else {
            patches.push(patch)
        }
    });
    diff_list(&before.programmes, &after.programmes, &mut |p, old, new| {
        diff_programme(p, old, new, &mut patches);
    });
    // `diff_list` gives those taken out from the end backwards, so each position is right.
    patches.extend(late);
    Edit { patches }
}

/// What [`diff_list`] calls for each position where two lists differ.
type ListChange<'a, T> = dyn FnMut(usize, Option<&T>, Option<&T>) + 'a;

/// Calls `each(at, before, after)` for every position where the lists differ: both there and
/// different, only in `after` (added, in increasing order), only in `before` (taken out, from
/// the end backwards, so that each position is right when its patch applies).
fn diff_list<T: PartialEq>(before: &[T], after: &[T], each: &mut ListChange<'_, T>) {
    for (at, (old, new)) in before.iter().zip(after).enumerate() {
        if old != new {
            each(at, Some(old), Some(new));
        }
    }
    for (at, new) in after.iter().enumerate().skip(before.len()) {
        each(at, None, Some(new));
    }
    for (at, old) in before.iter().enumerate().skip(after.len()).rev() {
        each(at, Some(old), None);
    }
}

fn diff_programme(
    p: usize,
    before: Option<&Programme>,
    after: Option<&Programme>,
    patches: &mut Vec<Patch>,
) {
    let no_goals: &[Goal] = &[];
    let old_goals = before.map_or(no_goals, |programme| &programme.goals);
    let new_goals = after.map_or(no_goals, |programme| &programme.goals);
    match (before, after) {
        (None, Some(after)) => patches.push(Patch::Programme {
            at: p,
            before: None,
            after: Some(after.name.clone()),
        }),
        (Some(before), Some(after)) if before.name != after.name => {
            patches.push(Patch::Programme {
                at: p,
                before: Some(before.name.clone()),
                after: Some(after.name.clone()),
            })
        }
        _ => {}
    }
    diff_list(old_goals, new_goals, &mut |g, old, new| {
        diff_goal(p, g, old, new, patches);
    });
    if let (Some(before), None) = (before, after) {
        patches.push(Patch::Programme {
            at: p,
            before: Some(before.name.clone()),
            after: None,
        });
    }
}

fn diff_goal(
    p: usize,
    g: usize,
    before: Option<&Goal>,
    after: Option<&Goal>,
    patches: &mut Vec<Patch>,
) {
    let no_indicators: &[Indicator] = &[];
    let old_indicators = before.map_or(no_indicators, |goal| &goal.indicators);
    let new_indicators = after.map_or(no_indicators, |goal| &goal.indicators);
    let old_heading = before.map(heading_of);
    let new_heading = after.map(heading_of);
    // A new goal's heading comes before its indicators; a changed one likewise.
    if new_heading.is_some() && old_heading != new_heading {
        patches.push(Patch::Goal {
            programme: p,
            at: g,
            before: old_heading.clone(),
            after: new_heading,
        });
    }
    diff_list(old_indicators, new_indicators, &mut |i, old, new| {
        patches.push(Patch::Indicator {
            programme: p,
            goal: g,
            at: i,
            before: old.cloned(),
            after: new.cloned(),
        });
    });
    // A goal taken out goes after its indicators.
    if after.is_none() {
        patches.push(Patch::Goal {
            programme: p,
            at: g,
            before: old_heading,
            after: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, CellValue, Column, ValueKind};
    use rust_decimal::Decimal;

    fn sample() -> Document {
        crate::sample::sample_document().unwrap()
    }

    #[test]
    fn an_edit_and_its_inverse_bring_the_document_back() {
        let before = sample();
        let id = before.indicators().nth(3).map(|(p, _, i)| IndicatorId {
            programme: p.name.clone(),
            code: i.code.clone(),
        });
        let id = id.unwrap();
        let patch = change_indicator(&before, &id, |indicator| {
            indicator.name = "Nieuwe naam".into();
            Ok::<(), ()>(())
        })
        .unwrap()
        .unwrap()
        .unwrap();
        let edit = Edit::of(vec![patch]);
        let mut document = before.clone();
        edit.apply(&mut document).unwrap();
        assert_eq!(document.indicator(&id).unwrap().name, "Nieuwe naam");
        edit.inverse().apply(&mut document).unwrap();
        assert_eq!(document, before);
    }

    #[test]
    fn the_diff_of_a_merge_touches_only_what_the_import_changed_and_undoes_exactly() {
        let before = sample();
        let mut after = before.clone();
        // An import: a changed value, a new goal with an indicator, a new programme, a source.
        let mut incoming = Document::default();
        let first = before.programmes[0].clone();
        let mut goal = first.goals[0].clone();
        goal.indicators.truncate(1);
        goal.indicators[0].cells[0].value = CellValue::Number(Decimal::new(42, 0));
        let mut new_goal = goal.clone();
        new_goal.code = "99".into();
        new_goal.indicators[0].code = "99.1".into();
        incoming.programmes.push(Programme {
            name: first.name.clone(),
            goals: vec![goal, new_goal.clone()],
        });
        incoming.programmes.push(Programme {
            name: "Nieuw programma".into(),
            goals: vec![new_goal],
        });
        after.merge(incoming);
        let edit = diff(&before, &after);
        let indicators_patched = edit
            .patches
            .iter()
            .filter(|patch| matches!(patch, Patch::Indicator { .. }))
            .count();
        assert_eq!(indicators_patched, 3, "{:#?}", edit.patches);
        let mut document = before.clone();
        edit.apply(&mut document).unwrap();
        assert_eq!(document, after);
        edit.inverse().apply(&mut document).unwrap();
        assert_eq!(document, before);
    }

    #[test]
    fn the_diff_takes_things_out_and_puts_them_back() {
        let before = sample();
        let mut after = before.clone();
        after.programmes.truncate(1);
        after.programmes[0].goals.truncate(1);
        after.sources.clear();
        let edit = diff(&before, &after);
        let mut document = before.clone();
        edit.apply(&mut document).unwrap();
        assert_eq!(document, after);
        edit.inverse().apply(&mut document).unwrap();
        assert_eq!(document, before);
    }

    #[test]
    fn a_patch_that_does_not_fit_leaves_the_document_as_it_was() {
        let before = sample();
        let mut stale = before.programmes[0].goals[0].indicators[0].clone();
        stale.name = "Niet zoals het is".into();
        let edit = Edit::of(vec![
            Patch::Source {
                at: before.sources.len(),
                before: None,
                after: Some(before.sources[0].clone()),
            },
            Patch::Indicator {
                programme: 0,
                goal: 0,
                at: 0,
                before: Some(stale),
                after: None,
            },
        ]);
        let mut document = before.clone();
        assert!(edit.apply(&mut document).is_err());
        assert_eq!(document, before);
    }

    #[test]
    fn every_indicator_is_changed_one_at_a_time() {
        let document = sample();
        let column = Column::new(ValueKind::Budget, 2099);
        let patches = change_each_indicator(&document, |indicator| {
            for series in indicator.value_rows() {
                indicator.cells.push(Cell::blank(&series, column, "x"));
            }
        });
        assert_eq!(patches.len(), document.indicators().count());
        let mut changed = document.clone();
        Edit::of(patches).apply(&mut changed).unwrap();
        assert!(changed.columns().contains(&column));
    }
}
