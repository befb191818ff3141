//! Serving the router over HTTP/1.1 with graceful shutdown.
//!
//! `axum::serve` detects HTTP/2 on every connection (hyper-util's `auto` builder), which costs
//! about 60 KiB per open connection — most of what an idle notification stream costs
//! (`make bench-sse`: 86 KiB per stream with it, about 20 KiB with this). The reference server
//! speaks plain HTTP (TLS and HTTP/2 are a reverse proxy's job; browsers use HTTP/2 only over
//! TLS), so it serves HTTP/1.1 only, with hyper directly.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Connections get this long to finish after the shutdown signal, by default
/// (`--shutdown-grace-secs`).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Open connections at most, by default (`--max-connections`). Each costs a file descriptor
/// and some memory (an idle notification stream about 20 KiB): the cap keeps a flood of
/// connections from taking the process down; beyond it, new connections wait in the
/// listener's backlog until one closes.
pub const MAX_CONNECTIONS: usize = 10_000;

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting, lets
/// the open connections finish their requests (at most [`SHUTDOWN_GRACE`]) and returns.
/// Long-lived responses (notification streams) must end on the same signal (see
/// [`crate::notify::Hub::close_all`]). At most [`MAX_CONNECTIONS`] connections.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    serve_with(listener, router, shutdown, MAX_CONNECTIONS).await
}

/// [`serve`] with at most `max_connections` open connections.
pub async fn serve_with(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
    max_connections: usize,
) -> std::io::Result<()> {
    serve_graceful(listener, router, shutdown, max_connections, SHUTDOWN_GRACE).await
}

/// [`serve_with`], the open connections given `grace` to finish after `shutdown` (then it
/// returns all the same; the binary exits, which drops them). When `shutdown` completes, the
/// listener is closed at once (new connections are refused: the load balancer tries another
/// instance), idle keep-alive connections are closed, and each request in flight gets its
/// answer, after which its connection is closed.
pub async fn serve_graceful(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
    max_connections: usize,
    grace: Duration,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A free place first, then a connection: at the cap, the next ones wait unaccepted.
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // e.g. too many open files: wait a little instead of spinning
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(
            router.clone().map_request(move |req: Request<Incoming>| {
                // the peer, for the client address (crate::client)
                let mut req = req.map(Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            }),
        );
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(30))
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!("connection: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => {
            tracing::warn!("connections still open after {} s; stopping anyway", grace.as_secs_f32());
        }
    }
    Ok(())
}
