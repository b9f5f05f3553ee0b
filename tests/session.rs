//! The run session contract the browser driver relies on, checked natively: a CPU-bound loop
//! gives control back (and can be stopped), the paced clock asks for real time to pass
//! before each jump, and pacing never changes what the script prints.

use coroscope::runtime::run::{Session, Waiting};
use coroscope::runtime::{run_script, Clock, RunOptions};

fn paced(budget: u64) -> RunOptions {
    RunOptions {
        clock: Clock::Paced,
        timestamps: true,
        step_budget: budget,
        ..RunOptions::default()
    }
}

#[test]
fn an_endless_loop_yields_to_the_driver_and_can_be_stopped() {
    let mut s = Session::new("while True:\n    pass\n", paced(1_000));
    for _ in 0..5 {
        assert_eq!(s.poll(), Some(Waiting::Preempted));
    }
    s.stop();
    assert_eq!(s.poll(), None);
    assert!(s.finished().is_some());
}

#[test]
fn an_endless_loop_inside_a_task_yields_too() {
    let src =
        "import asyncio\nasync def spin():\n    while True:\n        pass\nasyncio.run(spin())\n";
    let mut s = Session::new(src, paced(500));
    assert_eq!(s.poll(), Some(Waiting::Preempted));
    assert_eq!(s.poll(), Some(Waiting::Preempted));
    s.stop();
    assert_eq!(s.poll(), None);
}

#[test]
fn the_paced_clock_waits_for_each_timer_and_prints_the_same_as_the_virtual_clock() {
    let src = "import asyncio\nasync def main():\n    print('a')\n    await asyncio.sleep(1)\n    print('b')\n    await asyncio.sleep(0.5)\n    print('c')\nasyncio.run(main())\n";
    let mut s = Session::new(src, paced(u64::MAX));
    let mut waits = Vec::new();
    while let Some(w) = s.poll() {
        waits.push(w);
    }
    assert_eq!(waits, vec![Waiting::Until(1.0), Waiting::Until(1.5)]);
    let paced_out = s.rt.stdout.borrow().clone();
    let virt = run_script(
        src,
        RunOptions {
            timestamps: true,
            ..RunOptions::default()
        },
    );
    assert_eq!(paced_out, virt.stdout);
    assert_eq!(virt.stdout, "0.000 a\n1.000 b\n1.500 c\n");
}

#[test]
fn a_blocking_time_sleep_asks_the_driver_to_block() {
    let src = "import time\nprint('x')\ntime.sleep(0.25)\nprint('y')\n";
    let mut s = Session::new(src, paced(u64::MAX));
    assert_eq!(s.poll(), Some(Waiting::Blocked(0.25)));
    assert_eq!(s.poll(), None);
    assert_eq!(&*s.rt.stdout.borrow(), "0.000 x\n0.250 y\n");
}

#[test]
fn a_syntax_error_ends_the_session_at_once_with_the_located_error() {
    let mut s = Session::new("print('a'\n", paced(u64::MAX));
    assert_eq!(s.poll(), None);
    assert_eq!(s.finished(), Some(1));
    let err = s.rt.stderr.borrow().clone();
    assert!(
        err.contains("line 1")
            && err
                .trim_end()
                .ends_with("SyntaxError: '(' was never closed"),
        "{err}"
    );
}

#[test]
fn deep_recursion_raises_recursion_error_instead_of_overflowing() {
    let src = "def f(n):\n    return f(n + 1)\nf(0)\n";
    let out = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run_script(src, RunOptions::default()))
        .expect("thread")
        .join()
        .expect("no panic");
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr
            .trim_end()
            .ends_with("RecursionError: maximum recursion depth exceeded"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("[Previous line repeated 996 more times]"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unsupported_module_is_refused_before_anything_runs() {
    let mut s = Session::new("print('never printed')\nimport socket\n", paced(u64::MAX));
    assert_eq!(s.poll(), None);
    assert_eq!(s.finished(), Some(1));
    assert_eq!(&*s.rt.stdout.borrow(), "");
    let err = s.rt.stderr.borrow().clone();
    assert!(
        err.contains("line 2") && err.contains("module 'socket' cannot be used in Coroscope"),
        "{err}"
    );
}

#[test]
fn a_task_that_never_yields_for_long_gets_a_teaching_hint() {
    let src = "import asyncio\nasync def busy():\n    n = 0\n    for i in range(300000):\n        n += i\n    return n\nasyncio.run(busy())\n";
    let out = run_script(src, RunOptions::default());
    let hint = out
        .trace
        .warnings
        .iter()
        .find(|w| w.kind == coroscope::trace::WarningKind::LongRunningStep);
    assert!(
        hint.is_some_and(|w| w.line == 2 && w.message.contains("without yielding")),
        "{:?}",
        out.trace.warnings
    );
    assert_eq!(out.stderr, "", "the hint is not CPython output");
}

#[test]
fn two_runs_at_once_each_get_cpythons_random_numbers() {
    let src = "import random, asyncio\nrandom.seed(7)\nasync def main():\n    for _ in range(3):\n        print(random.randint(1, 100))\n        await asyncio.sleep(0.1)\nasyncio.run(main())\n";
    let alone = run_script(
        src,
        RunOptions {
            timestamps: true,
            ..RunOptions::default()
        },
    )
    .stdout;
    let mut a = Session::new(src, paced(u64::MAX));
    let mut b = Session::new(src, paced(u64::MAX));
    loop {
        let (x, y) = (a.poll(), b.poll());
        if x.is_none() && y.is_none() {
            break;
        }
    }
    assert_eq!(*a.rt.stdout.borrow(), alone);
    assert_eq!(*b.rt.stdout.borrow(), alone);
}

#[test]
fn bytes_and_complex_literals_are_refused_before_anything_runs() {
    for (src, what) in [
        ("print('a')\nx = [1, b'raw']\n", "bytes"),
        ("def f():\n    return 1 + 2j\n", "complex"),
    ] {
        let mut s = Session::new(src, paced(u64::MAX));
        assert_eq!(s.poll(), None);
        assert_eq!(&*s.rt.stdout.borrow(), "");
        let err = s.rt.stderr.borrow().clone();
        assert!(
            err.contains("line 2") && err.contains(what) && err.contains("not supported"),
            "{err}"
        );
    }
}
