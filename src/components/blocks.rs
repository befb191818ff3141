//! Renders rich text blocks from the API. Every string is inserted as text (never as
//! HTML), and URLs pass through [`crate::api::media_url`], which refuses non-http schemes.

// (shared with the reference server's drawings of the first screens)
pub use contract::display::{clamp_level, human_size};
use contract::Block;
use leptos::prelude::*;

use crate::api::media_url;
use crate::components::icons::{Icon, Svg};
use crate::i18n::{lang, t, Key};

stylance::import_crate_style!(pub css, "src/components/blocks.module.css");



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
