//! The timeline's public API end to end: a `gather` of three sleepers written as the runtime
//! would record it, derived into states, drawn, and exported for Perfetto.

use coroscope::trace::chrome;
use coroscope::trace::model::{Model, TaskState};
use coroscope::trace::synth::TraceBuilder;
use coroscope::trace::view::{draw_list, hit, Axis, DrawOptions, Viewport};
use coroscope::trace::{Cause, Trace};

/// `main` gathers workers sleeping 1, 2 and 3 seconds.
fn gather_of_sleepers() -> Trace {
    let mut b = TraceBuilder::new();
    let main = b.create("main", None);
    b.run(main);
    let workers: Vec<_> = (1..=3)
        .map(|i| b.create(&format!("worker-{i}"), Some(main)))
        .collect();
    b.await_future(main, "gather(3)");
    let timers: Vec<_> = workers
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            b.run(w);
            b.sleep(w, (i + 1) as f64)
        })
        .collect();
    for (&w, &timer) in workers.iter().zip(&timers) {
        b.fire(timer).run(w);
        b.print(Some(w), "done");
        b.finish(w, "None");
    }
    b.queue(main, Cause::Task(workers[2])).run(main);
    b.finish(main, "[None, None, None]");
    b.build()
}

#[test]
fn gather_of_sleepers_is_derived_drawn_and_exported() {
    let trace = gather_of_sleepers();
    let model = Model::from_trace(&trace);
    let names: Vec<&str> = model
        .lanes()
        .iter()
        .map(|&t| model.name(&trace, t))
        .collect();
    assert_eq!(names, ["main", "worker-1", "worker-2", "worker-3"]);
    let states: Vec<Option<TaskState>> = model
        .lanes()
        .iter()
        .map(|&t| model.state_at(t, 1.5))
        .collect();
    assert_eq!(
        states,
        [
            Some(TaskState::Awaiting),
            Some(TaskState::Ready),
            Some(TaskState::Awaiting),
            Some(TaskState::Awaiting)
        ]
    );
    let rows = model.task_rows_at_pos(&trace, model.pos_at_time(&trace, 1.5));
    assert_eq!(rows[0].awaiting, "gather(3)");
    assert_eq!(rows[3].awaiting, "sleep(3.0)");
    assert_eq!(model.timer_heap_at(&trace, 1.5).len(), 2);

    let mut vp = Viewport::new(600.0, 200.0, 20.0);
    vp.fit_run(&model, Axis::Time);
    let list = draw_list(&trace, &model, &vp, &DrawOptions::at(model.end_time()));
    assert_eq!(list.lanes.len(), 4);
    assert!(list.labels.iter().any(|l| l.text == "gather(3)"));
    assert!(list.labels.iter().any(|l| l.text == "sleep(2.0)"));
    assert_eq!(list.markers.len(), 3);
    let (task, seg) = hit(&model, &vp, Axis::Time, vp.x_of(2.5), 70.0).expect("hit");
    assert_eq!(model.name(&trace, task), "worker-3");
    assert_eq!(model.segments(task)[seg].state, TaskState::Awaiting);

    let json = chrome::export(&trace);
    assert!(json.starts_with('{') && json.trim_end().ends_with('}'));
    assert_eq!(json.matches("\"thread_name\"").count(), 5);
}
