//! The task table: one row per task at the shown position (name, state with what it means,
//! awaiting — for a pending task, its place in the ready queue —, result or exception,
//! created at, finished at), sortable by column; a row click reveals the task's `async def`
//! line. On a phone each row becomes a card with every column labelled. Each row carries
//! `data-testid="task-row"`, `data-task-name` and `data-state` for tests.

use std::rc::Rc;

use yew::prelude::*;

use super::derive::{count, format_time, sort_rows, task_identity, SortKey};
use crate::trace::model::{TaskRow, TaskState};

/// Properties of [`TaskTable`].
#[derive(Properties, PartialEq, Clone)]
pub struct TaskTableProps {
    /// The rows in lane order.
    pub rows: Rc<Vec<TaskRow>>,
    /// A row was clicked: the line of its `async def`.
    pub onjump: Callback<u32>,
}

/// The glyph that doubles each state's colour (the colour-blind-safe second cue).
pub fn state_glyph(state: TaskState) -> &'static str {
    match state {
        TaskState::Pending => "◌",
        TaskState::Running => "▶",
        TaskState::Awaiting => "◔",
        TaskState::Ready => "✓",
        TaskState::Failed => "✗",
        TaskState::Cancelled => "⊘",
    }
}

/// Rows drawn at most (the rest are counted); sorting picks which ones.
pub const TABLE_LIMIT: usize = 300;

const COLUMNS: [(SortKey, &str); 4] = [
    (SortKey::Name, "Task"),
    (SortKey::State, "State"),
    (SortKey::Created, "Created"),
    (SortKey::Finished, "Finished"),
];

/// The task table.
#[component]
pub fn TaskTable(props: &TaskTableProps) -> Html {
    let sort = use_state(|| (SortKey::Lane, true));
    let (key, ascending) = *sort;
    let mut rows = (*props.rows).clone();
    sort_rows(&mut rows, key, ascending);
    let total = rows.len();
    rows.truncate(TABLE_LIMIT);
    let header = |k: SortKey, label: &'static str| {
        let sort = sort.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let (current, asc) = *sort;
            // Ascending, descending, then back to lane order.
            sort.set(match (current == k, asc) {
                (false, _) => (k, true),
                (true, true) => (k, false),
                (true, false) => (SortKey::Lane, true),
            });
        });
        let aria = if key == k {
            if ascending {
                "ascending"
            } else {
                "descending"
            }
        } else {
            "none"
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="coroscope-sort" {onclick}>
                    { label }
                    if key == k { { if ascending { " ▲" } else { " ▼" } } }
                </button>
            </th>
        }
    };
    html! {
        <section class="coroscope-pane coroscope-tasks" aria-label="Tasks">
            <h2 class="coroscope-pane-title">{ format!("Tasks ({total})") }</h2>
            <div class="coroscope-table-wrap">
                <table class="coroscope-table" data-testid="task-table">
                    <thead><tr>
                        { header(COLUMNS[0].0, COLUMNS[0].1) }
                        { header(COLUMNS[1].0, COLUMNS[1].1) }
                        <th scope="col">{"Awaiting"}</th>
                        <th scope="col">{"Result / exception"}</th>
                        { header(COLUMNS[2].0, COLUMNS[2].1) }
                        { header(COLUMNS[3].0, COLUMNS[3].1) }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|row| {
                            let line = row.line;
                            let onclick = props.onjump.reform(move |_: MouseEvent| line);
                            let state = row.state.name();
                            html! {
                                <tr data-testid="task-row" data-task-name={row.name.clone()}
                                    data-state={state} class={format!("state-{state}")}>
                                    <th scope="row" style={format!("padding-left: {}px", 6 + 12 * row.depth)}>
                                        <button type="button" class="coroscope-task-name" {onclick}
                                            title={format!("{} — async def {} (line {})", row.name, row.coro, row.line)}>
                                            <span class={classes!("coroscope-swatch", task_identity(Some(row.task)).class())} aria-hidden="true"></span>
                                            { &row.name }
                                        </button>
                                    </th>
                                    <td data-label="State">
                                        <span class={format!("coroscope-state {state}")}>
                                            <span aria-hidden="true">{ state_glyph(row.state) }</span>{" "}{ state }
                                        </span>
                                        <span class="coroscope-meaning" data-testid="state-meaning">{ row.state.meaning() }</span>
                                    </td>
                                    <td class="mono" data-label="Awaiting">{ &row.awaiting }</td>
                                    <td class="mono" data-label="Result">{ row.outcome.clone().unwrap_or_default() }</td>
                                    <td class="num" data-label="Created">{ format_time(row.created) }</td>
                                    <td class="num" data-label="Finished">{ row.finished.map(format_time).unwrap_or_default() }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if total > rows.len() {
                    <p class="coroscope-empty" data-testid="task-rows-hidden">
                        { format!("{} not shown (sort to pick which)", count(total - rows.len(), "more task", "more tasks")) }
                    </p>
                }
                if rows.is_empty() {
                    <p class="coroscope-empty">{"Tasks appear here when the script runs."}</p>
                }
            </div>
        </section>
    }
}
