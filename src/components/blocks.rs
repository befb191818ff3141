//! Renders rich text blocks from the API. Every string is inserted as text (never as
//! HTML), and URLs pass through [`crate::api::media_url`], which refuses non-http schemes.

use contract::Block;
use leptos::prelude::*;

use crate::api::media_url;
use crate::components::icons::{Icon, Svg};
use crate::i18n::{lang, t, Key};

stylance::import_crate_style!(pub css, "src/components/blocks.module.css");

/// "1.2 MB" style sizes: one decimal, rounded half to even (as `{:.1}` of the `f64` would),
/// in integer maths so that float formatting stays out of the wasm.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut unit = 0;
    let mut divisor: u64 = 1;
    while bytes / divisor >= 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    // bytes × 10 / divisor without overflow: divisor ≤ 2³⁰, so (bytes % divisor) × 10 fits.
    let (whole, part) = (bytes / divisor, bytes % divisor * 10);
    let (mut tenths, rest) = (whole * 10 + part / divisor, part % divisor);
    if rest * 2 > divisor || (rest * 2 == divisor && tenths % 2 == 1) {
        tenths += 1;
    }
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// Heading levels of blocks sit below the page's `h1`: 2..=4.
pub fn clamp_level(level: u8) -> u8 {
    level.clamp(2, 4)
}

#[component]
pub fn RichText(blocks: Vec<Block>) -> impl IntoView {
    view! { <div class=css::rich>{blocks.into_iter().map(render_block).collect_view()}</div> }
}

/// An image that shows its alt text if it fails to load.
#[component]
pub fn SafeImage(
    url: String,
    #[prop(into)] alt: String,
    #[prop(default = None)] width: Option<u32>,
    #[prop(default = None)] height: Option<u32>,
    #[prop(optional)] eager: bool,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    let Some(src) = media_url(&url) else {
        return view! { <div class=crate::components::states::css::missing role="img" aria-label=alt.clone()>{alt.clone()}</div> }.into_any();
    };
    // The image, or its text once it failed (a plain closure: lighter than `<Show>`).
    (move || {
        if failed.get() {
            let label = if alt.is_empty() { None } else { Some(alt.clone()) };
            let text = label.clone();
            view! {
                <div class=crate::components::states::css::missing role="img" aria-label=move || label.clone().unwrap_or_default()>
                    {move || text.clone().unwrap_or_else(|| t(Key::ImageMissing)().to_string())}
                </div>
            }
            .into_any()
        } else {
            view! {
                <img
                    src=src.clone()
                    alt=alt.clone()
                    width=width
                    height=height
                    loading=if eager { "eager" } else { "lazy" }
                    decoding="async"
                    on:error=move |_| failed.set(true)
                />
            }
            .into_any()
        }
    })
    .into_any()
}

/// An image that opens full screen when tapped, where the screen has a viewer
/// (`components::viewer`); a plain image elsewhere.
#[component]
pub fn Zoomable(
    url: String,
    alt: String,
    #[prop(default = None)] width: Option<u32>,
    #[prop(default = None)] height: Option<u32>,
    #[prop(optional)] eager: bool,
) -> impl IntoView {
    let Some(viewer) = crate::components::viewer::Viewer::get().filter(|_| media_url(&url).is_some()) else {
        return view! { <SafeImage url=url alt=alt width=width height=height eager=eager/> }.into_any();
    };
    let lang = lang();
    let label = if alt.trim().is_empty() {
        lang.get_untracked().text(Key::ViewerOpen).to_string()
    } else {
        crate::i18n::fill(lang.get_untracked().text(Key::ViewerOpenAlt), &[("alt", &alt)])
    };
    let picture = crate::components::viewer::Picture { url: url.clone(), alt: alt.clone() };
    view! {
        <button type="button" class=crate::components::viewer::css::zoom aria-label=label aria-haspopup="dialog"
            on:click=move |_| viewer.open(picture.clone())>
            <SafeImage url=url alt=alt width=width height=height eager=eager/>
        </button>
    }
    .into_any()
}

fn render_block(block: Block) -> AnyView {
    match block {
        Block::Paragraph { text } => view! { <p>{text}</p> }.into_any(),
        Block::Heading { level, text } => match clamp_level(level) {
            2 => view! { <h2>{text}</h2> }.into_any(),
            3 => view! { <h3>{text}</h3> }.into_any(),
            _ => view! { <h4>{text}</h4> }.into_any(),
        },
        Block::List { ordered, items } => {
            let items = items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Quote { text, cite } => view! {
            <figure class=css::quote>
                <blockquote><p>{text}</p></blockquote>
                {cite.filter(|c| !c.trim().is_empty()).map(|c| view! { <figcaption>"— "{c}</figcaption> })}
            </figure>
        }
        .into_any(),
        Block::Image { url, alt, caption, width, height } => view! {
            <figure class=css::figure>
                <Zoomable url=url alt=alt width=width height=height/>
                {caption.filter(|c| !c.trim().is_empty()).map(|c| view! { <figcaption>{c}</figcaption> })}
            </figure>
        }
        .into_any(),
        Block::Attachment { url, name, size_bytes, .. } => {
            let Some(href) = media_url(&url) else {
                return ().into_any();
            };
            let lang = lang();
            let name = if name.trim().is_empty() { lang.get_untracked().text(Key::Attachment).to_string() } else { name };
            let label_name = name.clone();
            let label = move || crate::i18n::fill(lang.get().text(Key::AttachmentDownload), &[("name", &label_name)]);
            view! {
                <a class=css::attachment href=href download="" rel="noopener" aria-label=label>
                    <Svg icon=Icon::Clip/>
                    <span>{name}</span>
                    {size_bytes.map(|s| view! { <span class=css::attachment_size>{human_size(s)}</span> })}
                </a>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2.0 KB");
        assert_eq!(human_size(1_572_864), "1.5 MB");
        // Same text as formatting the f64 with `{:.1}`, ties and carries included.
        let float = |bytes: u64| {
            const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
            let mut value = bytes as f64;
            let mut unit = 0;
            while value >= 1024.0 && unit < UNITS.len() - 1 {
                value /= 1024.0;
                unit += 1;
            }
            if unit == 0 {
                format!("{bytes} B")
            } else {
                format!("{value:.1} {}", UNITS[unit])
            }
        };
        let mut samples: Vec<u64> = (0..5000).map(|i| i * 37).collect();
        samples.extend([1023, 1024, 1075, 1076, 2304, 2355, 1_048_575, 1_048_576, 1_073_741_823, 1_073_741_824]);
        samples.extend([5 << 40, 123_456_789_012, (1 << 52) + 1, u64::MAX, u64::MAX - 1, 1 << 63]);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(x >> (x % 40));
        }
        for b in samples {
            assert_eq!(human_size(b), float(b), "{b} bytes");
        }
    }

    #[test]
    fn heading_levels_stay_below_the_page_title() {
        assert_eq!(clamp_level(0), 2);
        assert_eq!(clamp_level(1), 2);
        assert_eq!(clamp_level(3), 3);
        assert_eq!(clamp_level(9), 4);
    }
}
