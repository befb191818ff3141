//! The chooser of "my village" (see `state::village`): a native select, grouped by liaison
//! station — on phones it opens the system's big list, which is easier for older people than
//! a custom one, and it is accessible as it is.

use contract::Station;
use leptos::prelude::*;

use crate::i18n::t;
use crate::i18n::Key;
use crate::state::village::{self, Village};

stylance::import_crate_style!(css, "src/components/village.module.css");

/// `chosen` is read and set (and the choice stored on the device).
#[component]
pub fn VillageChooser(stations: Vec<Station>, chosen: RwSignal<Option<Village>>, id: &'static str) -> impl IntoView {
    let all = village::choices(&stations);
    if all.is_empty() {
        return ().into_any();
    }
    let all = StoredValue::new(all);
    let hint_id = format!("{id}-hint");
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let picked = all.with_value(|a| village::from_option_value(&value, a).cloned());
        village::save(picked.as_ref());
        if let Some(v) = &picked {
            village::send_to_account(v);
        }
        chosen.set(picked);
    };
    let selected = move |v: &Village| chosen.with(|c| c.as_ref() == Some(v));
    let groups = stations
        .iter()
        .filter_map(|s| {
            let options: Vec<Village> = all.with_value(|a| a.iter().filter(|v| v.station_id == s.id).cloned().collect());
            (!options.is_empty()).then(|| {
                view! {
                    <optgroup label=s.name.clone()>
                        {options.into_iter().map(|v| {
                            let value = village::option_value(&v);
                            let name = v.name.clone();
                            view! { <option value=value selected=move || selected(&v)>{name}</option> }
                        }).collect_view()}
                    </optgroup>
                }
            })
        })
        .collect_view();
    view! {
        <div class=css::village>
            <label for=id>{t(Key::VillageLabel)}</label>
            <select id=id aria-describedby=hint_id.clone() on:change=on_change>
                <option value="" selected=move || chosen.with(Option::is_none)>{t(Key::VillageNone)}</option>
                {groups}
            </select>
            <p id=hint_id>{t(Key::VillageHint)}</p>
        </div>
    }
    .into_any()
}
