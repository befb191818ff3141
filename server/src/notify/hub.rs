//! The in-memory hub of the live streams: one `tokio::sync::broadcast` channel per user
//! with open streams. A stream is its response body (no task of its own, no database
//! polling): it waits on its receiver. Publishing is one `send` per user, whatever the
//! number of streams; a stream too slow to keep up (more than [`CHANNEL_CAPACITY`] events
//! behind) is ended and reconnects with its last event id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

/// Events a stream may fall behind before it is ended (it reconnects and replays).
pub const CHANNEL_CAPACITY: usize = 256;

/// What a stream receives.
#[derive(Debug, Clone)]
pub enum Push {
    /// A new notification: its sequence number (event id), its JSON (serialised once for
    /// every stream) and the unread count after it.
    Notification {
        seq: i64,
        json: Arc<str>,
        unread: u32,
    },
    /// The unread count changed (marked read).
    Unread(u32),
}

/// Open streams by user.
#[derive(Default)]
pub struct Hub {
    users: Mutex<HashMap<String, broadcast::Sender<Push>>>,
    /// Set by [`Hub::close_all`]: streams end and new ones end at once.
    closed: std::sync::atomic::AtomicBool,
}

impl Hub {
    pub fn new() -> Self {
        Self::default()
    }

    /// A receiver of everything published for `user_id` from now on (after
    /// [`Hub::close_all`]: a closed one).
    pub fn subscribe(&self, user_id: &str) -> broadcast::Receiver<Push> {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            return broadcast::channel(1).1;
        }
        match users.get(user_id) {
            Some(tx) => tx.subscribe(),
            None => {
                let (tx, rx) = broadcast::channel(CHANNEL_CAPACITY);
                users.insert(user_id.to_owned(), tx);
                rx
            }
        }
    }

    /// Sends to every open stream of `user_id` (none: nothing to do).
    pub fn publish(&self, user_id: &str, push: Push) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = users.get(user_id) {
            if tx.send(push).is_err() {
                // every receiver is gone
                users.remove(user_id);
            }
        }
    }

    /// Forgets the channel of a user whose streams all ended.
    pub fn prune(&self, user_id: &str) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if users
            .get(user_id)
            .is_some_and(|tx| tx.receiver_count() == 0)
        {
            users.remove(user_id);
        }
    }

    /// Ends every stream (server shutdown: streams would otherwise hold it up; clients
    /// reconnect to the next server and get what they missed replayed).
    pub fn close_all(&self) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        users.clear();
    }

    /// Open streams of a user.
    pub fn streams(&self, user_id: &str) -> usize {
        let users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        users.get(user_id).map_or(0, |tx| tx.receiver_count())
    }

    /// Users with open streams.
    pub fn users(&self) -> usize {
        self.users.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_delivers_to_every_stream_of_the_user_only() {
        let hub = Hub::new();
        let mut a1 = hub.subscribe("a");
        let mut a2 = hub.subscribe("a");
        let mut b = hub.subscribe("b");
        assert_eq!((hub.streams("a"), hub.streams("b"), hub.users()), (2, 1, 2));
        hub.publish("a", Push::Unread(3));
        for rx in [&mut a1, &mut a2] {
            assert!(matches!(rx.try_recv(), Ok(Push::Unread(3))));
        }
        assert!(b.try_recv().is_err());
        drop(b);
        hub.prune("b");
        assert_eq!(hub.users(), 1);
        drop(a1);
        drop(a2);
        hub.publish("a", Push::Unread(0));
        assert_eq!(hub.users(), 0, "publishing to nobody forgets the channel");
        let mut c = hub.subscribe("c");
        hub.close_all();
        assert!(matches!(
            c.try_recv(),
            Err(broadcast::error::TryRecvError::Closed)
        ));
        let mut d = hub.subscribe("d");
        assert!(matches!(
            d.try_recv(),
            Err(broadcast::error::TryRecvError::Closed)
        ));
    }
}
