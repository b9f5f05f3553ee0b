//! `coroscope run FILE`: the native command-line runner over the same core as the page.

fn main() {
    eprintln!("coroscope: not implemented yet");
    std::process::exit(2);
}
