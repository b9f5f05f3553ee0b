//! The interpreter and runtime inside the browser (wasm-bindgen-test, headless Chromium):
//! the same core as the CLI gives the same output in wasm. (Deep recursion is checked by the
//! end-to-end tests against the release build: unoptimised wasm frames are several times
//! larger than the shipped ones and overflow the engine's stack long before Python's limit.)
#![cfg(target_arch = "wasm32")]

use coroscope::runtime::{run_script, RunOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_script_prints_what_cpython_prints_in_the_browser() {
    let src = "import asyncio\nasync def w(n, d):\n    await asyncio.sleep(d)\n    print(n, 2 ** 100, round(2.675, 2), f'{d:.2f}')\n    return n\nasync def main():\n    print(await asyncio.gather(w('a', 0.2), w('b', 0.1)))\nasyncio.run(main())\n";
    let out = run_script(
        src,
        RunOptions {
            timestamps: true,
            ..RunOptions::default()
        },
    );
    assert_eq!(
        out.stdout,
        "0.100 b 1267650600228229401496703205376 2.67 0.10\n0.200 a 1267650600228229401496703205376 2.67 0.20\n0.200 ['a', 'b']\n"
    );
}
