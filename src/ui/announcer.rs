//! The one place the page speaks to screen readers: a polite live region that says what
//! changed in the run (started, paused, stepped to an event, finished...), never each print
//! or event. The text settles for [`SETTLE_MS`] before it is announced, so holding → while
//! stepping announces where the steps stopped, not every step.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long the text must stay the same before it is announced (ms).
pub const SETTLE_MS: u32 = 400;

/// Properties of [`Announcer`].
#[derive(Properties, PartialEq, Clone)]
pub struct AnnouncerProps {
    /// What to announce (empty: nothing).
    pub text: AttrValue,
}

/// The live region (visually hidden).
#[component]
pub fn Announcer(props: &AnnouncerProps) -> Html {
    let shown = use_state(AttrValue::default);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let shown = shown.clone();
        use_effect_with(props.text.clone(), move |text| {
            let text = text.clone();
            // Replacing the timer cancels the previous one.
            *timer.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || shown.set(text)));
        });
    }
    html! {
        <div class="coroscope-visually-hidden" data-testid="announcer"
            aria-live="polite" aria-atomic="true">
            { (*shown).clone() }
        </div>
    }
}
