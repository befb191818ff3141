//! Responsiveness figures (回复率, 首次回复用时, 按期办结率, 满意度) of a deputy or department,
//! formatted with integer math (no float formatting in the wasm).

use contract::Responsiveness;
use leptos::prelude::*;

use crate::i18n::{fill, lang, t, Key, Lang};

use crate::pages::people_css as css;

/// A rate 0–1 as a whole percentage ("92"), `None` when absent or not a number.
pub fn percent(rate: Option<f64>) -> Option<u32> {
    let r = rate.filter(|r| r.is_finite())?;
    Some((r.clamp(0.0, 1.0) * 100.0).round() as u32)
}

/// Tenths as text: 46 → "4.6", 40 → "4", 5 → "0.5".
fn tenths_text(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A duration in hours for people: under an hour, whole hours below two days, else days
/// with one decimal. `None` when absent or not a number.
pub fn duration_text(hours: Option<f64>, lang: Lang) -> Option<String> {
    let h = hours.filter(|h| h.is_finite())?.max(0.0);
    Some(if h < 1.0 {
        lang.text(Key::FigUnderAnHour).to_string()
    } else if h < 48.0 {
        fill(lang.text(Key::FigHours), &[("n", &(h.round() as u32).to_string())])
    } else {
        let tenths = (h * 10.0 / 24.0).round().min(1e6) as u32;
        fill(lang.text(Key::FigDays), &[("n", &tenths_text(tenths))])
    })
}

/// A mean rating 1–5 with one decimal ("4.6"), `None` when absent.
pub fn rating_text(satisfaction: Option<f64>) -> Option<String> {
    let s = satisfaction.filter(|s| s.is_finite())?.clamp(0.0, 5.0);
    Some(tenths_text((s * 10.0).round() as u32))
}

/// The four figures as text, in the order of [`FIGURE_LABELS`] (`None` = 暂无数据).
pub fn figure_texts(s: &Responsiveness, lang: Lang) -> [Option<String>; 4] {
    [
        percent(s.reply_rate).map(|p| {
            fill(lang.text(Key::FigReplyRateValue), &[("p", &p.to_string()), ("r", &s.replied.to_string()), ("n", &s.assigned.to_string())])
        }),
        duration_text(s.median_first_reply_hours, lang),
        percent(s.on_time_rate).map(|p| format!("{p}%")),
        rating_text(s.satisfaction).map(|r| fill(lang.text(Key::FigRatingValue), &[("r", &r), ("n", &s.ratings.to_string())])),
    ]
}

/// Labels of the figures.
pub const FIGURE_LABELS: [Key; 4] = [Key::FigReplyRate, Key::FigFirstReply, Key::FigOnTime, Key::FigSatisfaction];

/// The figures as a list of labelled values.
#[component]
pub fn Figures(stats: Responsiveness) -> impl IntoView {
    let lang = lang();
    let stats = StoredValue::new(stats);
    view! {
        <dl class=css::figures>
            {FIGURE_LABELS
                .into_iter()
                .enumerate()
                .map(|(i, label)| {
                    let value = move || {
                        let l = lang.get();
                        stats.with_value(|s| figure_texts(s, l)[i].clone()).unwrap_or_else(|| l.text(Key::FigNone).to_string())
                    };
                    view! {
                        <div class=css::figure>
                            <dt>{t(label)}</dt>
                            <dd>{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_whole_percentages() {
        assert_eq!(percent(Some(0.9166)), Some(92));
        assert_eq!(percent(Some(1.0)), Some(100));
        assert_eq!(percent(Some(0.0)), Some(0));
        assert_eq!(percent(Some(0.005)), Some(1));
        assert_eq!(percent(Some(1.7)), Some(100), "clamped");
        assert_eq!(percent(Some(f64::NAN)), None);
        assert_eq!(percent(None), None);
    }

    #[test]
    fn durations_and_ratings() {
        let zh = Lang::Zh;
        assert_eq!(duration_text(Some(0.4), zh).as_deref(), Some("不到 1 小时"));
        assert_eq!(duration_text(Some(26.5), zh).as_deref(), Some("27 小时"));
        assert_eq!(duration_text(Some(48.0), zh).as_deref(), Some("2 天"));
        assert_eq!(duration_text(Some(60.0), zh).as_deref(), Some("2.5 天"));
        assert_eq!(duration_text(Some(-3.0), zh).as_deref(), Some("不到 1 小时"));
        assert_eq!(duration_text(None, zh), None);
        assert_eq!(duration_text(Some(f64::INFINITY), zh), None);
        assert_eq!(duration_text(Some(30.0), Lang::En).as_deref(), Some("30 h"));
        assert_eq!(rating_text(Some(4.6)).as_deref(), Some("4.6"));
        assert_eq!(rating_text(Some(4.25)).as_deref(), Some("4.3"));
        assert_eq!(rating_text(Some(5.0)).as_deref(), Some("5"));
        assert_eq!(rating_text(Some(9.0)).as_deref(), Some("5"));
        assert_eq!(rating_text(None), None);
    }

    #[test]
    fn all_figures() {
        let s = Responsiveness {
            assigned: 12,
            replied: 11,
            reply_rate: Some(0.9166),
            median_first_reply_hours: Some(26.5),
            on_time_rate: Some(1.0),
            satisfaction: Some(4.6),
            ratings: 7,
        };
        let f = figure_texts(&s, Lang::Zh);
        assert_eq!(f[0].as_deref(), Some("92%（11/12 件）"));
        assert_eq!(f[1].as_deref(), Some("27 小时"));
        assert_eq!(f[2].as_deref(), Some("100%"));
        assert_eq!(f[3].as_deref(), Some("4.6 / 5（7 人评价）"));
        assert_eq!(figure_texts(&Responsiveness::default(), Lang::Zh), [None, None, None, None]);
    }
}
