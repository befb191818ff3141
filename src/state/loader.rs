//! A value a screen loads from the API: a small stand-in for Leptos' `LocalResource`
//! (which brings a whole async-derived signal per value type into the wasm).
//!
//! Same behaviour as the resource it replaces: the first load starts on the next tick;
//! reactive values read by `path` (a route parameter, say) start a new load when they
//! change; `refetch` loads again; the value shown stays until the new one arrives; a load
//! whose screen went away, or that a newer load replaced, is cancelled and never lands.

use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::endpoints::Method;
use crate::api::{decode, fetch_raw, ApiError, Canceller, Endpoint};

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

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Loader<T> {
    /// Loads the endpoint `endpoint()` (one of `crate::api::endpoints`, whose answer type is
    /// `T`), now and whenever what it reads reactively changes.
    pub fn new(endpoint: impl Fn() -> Endpoint<(), T> + 'static) -> Self {
        let value = RwSignal::new(None);
        let again = RwSignal::new(0);
        let request = move || {
            let ep = endpoint();
            (ep.method, ep.path)
        };
        start(Box::new(request), again, Rc::new(move |body| {
            value.try_set(Some(decode(body)));
        }));
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

/// The part that does not depend on the value type (one copy in the wasm): calls the
/// endpoint, and hands the body to `land` unless the load was cancelled meanwhile.
type Request = Box<dyn Fn() -> (Method, String)>;

fn start(request: Request, again: RwSignal<u32>, land: Rc<dyn Fn(Result<String, ApiError>)>) {
    super::effect(move || {
        again.track();
        let (method, path) = request();
        // Tied to this effect's run: cancelled when the next run starts or the screen goes away.
        let canceller = Canceller::for_owner();
        let land = land.clone();
        leptos::task::spawn_local(async move {
            let body = fetch_raw(method, &path, &canceller).await;
            if !canceller.is_cancelled() {
                land(body);
            }
        });
    });
}
