//! The Yew single-page app: editor, run controls, timeline, task table and console. The only
//! module that touches the DOM.
