//! The Overview screen: the engagement at a glance. It has no list and no actions of its
//! own; what it shows is worked out in `ui::overview`.

use super::Component;

#[derive(Debug, Clone, Copy, Default)]
pub struct OverviewScreen;

impl Component for OverviewScreen {
    fn filters(&self) -> bool {
        false
    }
}
