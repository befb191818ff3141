//! Category chips: a horizontally scrolling row of links that filter a list.

use contract::Category;
use leptos::prelude::*;

use crate::i18n::{t, Key};

stylance::import_crate_style!(pub css, "src/components/chips.module.css");

/// `base` is the list's path; a chip links to `base?category=<id>`.
#[component]
pub fn CategoryChips(
    base: &'static str,
    categories: Vec<Category>,
    #[prop(into)] current: Signal<Option<String>>,
) -> impl IntoView {
    let all_current = move || current.get().is_none().then_some("page");
    view! {
        <nav aria-label=t(Key::CategoriesLabel)>
            <ul class=css::row>
                <li><a class=css::chip href=crate::paths::to(&base) aria-current=all_current>{t(Key::CategoryAll)}</a></li>
                {categories
                    .into_iter()
                    .map(|c| {
                        let id = c.id.clone();
                        let href = format!("{base}?category={}", crate::api::url::encode_component(&c.id));
                        let is_current = move || (current.get().as_deref() == Some(id.as_str())).then_some("page");
                        view! { <li><a class=css::chip href=crate::paths::to(&href) aria-current=is_current>{c.name}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
