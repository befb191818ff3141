//! A value a screen loads from the API: a small stand-in for Leptos' `LocalResource`
//! (which brings a whole async-derived signal per value type into the wasm).
//!
//! Same behaviour as the resource it replaces: the first load starts on the next tick;
//! reactive values read by `fetch` (a route parameter, say) start a new load when they
//! change; `refetch` loads again; the value shown stays until the new one arrives; a load
//! whose screen went away, or that a newer load replaced, is cancelled and never lands.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::{ApiError, Canceller};

/// What the erased part of a loader runs: start one load with this canceller.
type Run = Box<dyn Fn(Canceller) -> Pin<Box<dyn Future<Output = ()>>>>;

/// The outcome of the latest load: `None` until the first one lands.
pub struct Loader<T: Send + Sync + 'static> {
    value: RwSignal<Option<Result<T, ApiError>>>,
    again: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

impl<T: Clone + Send + Sync + 'static> Loader<T> {
    /// Loads with `fetch`, now and whenever what it reads reactively changes.
    pub fn new<Fut>(fetch: impl Fn(Canceller) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let value = RwSignal::new(None);
        let again = RwSignal::new(0);
        let run: Run = Box::new(move |canceller: Canceller| {
            let fut = fetch(canceller.clone());
            Box::pin(async move {
                let result = fut.await;
                if !canceller.is_cancelled() {
                    value.try_set(Some(result));
                }
            })
        });
        start(run, again);
        Loader { value, again }
    }

    /// The latest outcome (tracked).
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.value.get()
    }

    /// Loads again (retry).
    pub fn refetch(&self) {
        self.again.try_update(|n| *n = n.wrapping_add(1));
    }
}

/// The part that does not depend on the value type (one copy in the wasm).
fn start(run: Run, again: RwSignal<u32>) {
    super::effect(move || {
        again.track();
        // Tied to this effect's run: cancelled when the next run starts or the screen goes away.
        let canceller = Canceller::for_owner();
        leptos::task::spawn_local(run(canceller));
    });
}
