#![cfg(target_arch = "wasm32")]
#![allow(missing_docs)]
use coroscope::runtime::{run_script, RunOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
wasm_bindgen_test_configure!(run_in_browser);
fn ends_with_recursion_error(src: &str) {
    let out = run_script(src, RunOptions::default());
    assert!(out.stderr.trim_end().ends_with("RecursionError: maximum recursion depth exceeded"), "{}", out.stderr);
}
#[wasm_bindgen_test] fn plain() { ends_with_recursion_error("def f(n):\n    return f(n + 1)\nf(0)\n") }
#[wasm_bindgen_test] fn method_in_comprehension() { ends_with_recursion_error("class A:\n    def m(self, n):\n        return [self.m(n + 1) for _ in range(1)]\nA().m(0)\n") }
#[wasm_bindgen_test] fn through_try_with_and_fstring() { ends_with_recursion_error("class C:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        return False\ndef f(n):\n    try:\n        with C():\n            for i in range(1):\n                while True:\n                    return f'{f(n + 1)}'\n    finally:\n        pass\nf(0)\n") }
#[wasm_bindgen_test] fn coroutines() { ends_with_recursion_error("import asyncio\nasync def g(n):\n    return await g(n + 1)\nasyncio.run(g(0))\n") }
#[wasm_bindgen_test] fn generators() { ends_with_recursion_error("def g(n):\n    yield from g(n + 1)\nlist(g(0))\n") }
