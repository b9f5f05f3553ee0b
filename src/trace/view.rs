//! Canvas layout maths for the timeline (work in progress).
