//! The interpreter and runtime inside the browser (wasm-bindgen-test, headless Chromium):
//! the same core as the CLI, on the wasm stack and the browser's event loop.
#![cfg(target_arch = "wasm32")]

use coroscope::runtime::{run_script, RunOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn deep_recursion_raises_recursion_error_on_the_wasm_stack() {
    let out = run_script("def f(n):\n    return f(n + 1)\nf(0)\n", RunOptions::default());
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.trim_end().ends_with("RecursionError: maximum recursion depth exceeded"), "{}", out.stderr);
}

#[wasm_bindgen_test]
fn deep_coroutine_recursion_raises_recursion_error_on_the_wasm_stack() {
    let src = "import asyncio\nasync def g(n):\n    return await g(n + 1)\nasyncio.run(g(0))\n";
    let out = run_script(src, RunOptions::default());
    assert!(out.stderr.trim_end().ends_with("RecursionError: maximum recursion depth exceeded"), "{}", out.stderr);
}

#[wasm_bindgen_test]
fn a_script_prints_what_cpython_prints_in_the_browser() {
    let src = "import asyncio\nasync def w(n, d):\n    await asyncio.sleep(d)\n    print(n, 2 ** 100, round(2.675, 2), f'{d:.2f}')\n    return n\nasync def main():\n    print(await asyncio.gather(w('a', 0.2), w('b', 0.1)))\nasyncio.run(main())\n";
    let out = run_script(src, RunOptions { timestamps: true, ..RunOptions::default() });
    assert_eq!(
        out.stdout,
        "0.100 b 1267650600228229401496703205376 2.67 0.10\n0.200 a 1267650600228229401496703205376 2.67 0.20\n0.200 ['a', 'b']\n"
    );
}
