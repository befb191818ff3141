//! The in-memory hub of the live streams: one `tokio::sync::broadcast` channel per user
//! with open streams. A stream is its response body (no task of its own, no database
//! polling): it waits on its receiver. Publishing is one `send` per user, whatever the
//! number of streams; a stream too slow to keep up (more than [`CHANNEL_CAPACITY`] events
//! behind) is ended and reconnects with its last event id.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, Notify};

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

/// One user's channel and open streams (oldest first).
struct UserStreams {
    tx: broadcast::Sender<Push>,
    open: VecDeque<(u64, Arc<Notify>)>,
}

/// Open streams by user.
#[derive(Default)]
pub struct Hub {
    users: Mutex<HashMap<String, UserStreams>>,
    /// Streams open in all (those joined with [`Hub::join`]).
    total: AtomicUsize,
    next_id: AtomicU64,
    /// Set by [`Hub::close_all`]: streams end and new ones end at once.
    closed: std::sync::atomic::AtomicBool,
    /// The township's offset from UTC in seconds, once SMS alerts are sent ([`Hub::enable_sms`]):
    /// the other way a notification leaves the server besides the streams.
    sms_tz: std::sync::OnceLock<i64>,
    /// Wakes the SMS sender when something is put in the outbox.
    sms_wake: Notify,
    /// Web Push is sent ([`Hub::enable_push`]).
    push: std::sync::atomic::AtomicBool,
    /// Wakes the push sender.
    push_wake: Notify,
    /// Notifications published here that the relay has not passed yet ([`Hub::published_here`]).
    own: Mutex<std::collections::BTreeSet<i64>>,
}

/// Sequence numbers remembered for the relay at most (without a relay running, as in tests,
/// the oldest are forgotten).
const OWN_KEPT: usize = 4096;

/// A stream's place in the hub ([`Hub::join`]): its receiver, and the signal that ends it
/// when its user opens too many. Leaving the hub is [`Hub::leave`] with its id.
pub struct Membership {
    pub id: u64,
    pub rx: broadcast::Receiver<Push>,
    /// Notified when the hub closes this stream (its user opened a newer one beyond the cap).
    pub closed: Arc<Notify>,
}

/// [`Hub::join`] refused: the server holds as many streams as it may.
#[derive(Debug, PartialEq, Eq)]
pub struct Full;

impl Hub {
    pub fn new() -> Self {
        Self::default()
    }

    /// Alerts of the SMS channel go out (the deployment configured SMS); `tz`: the township's
    /// offset from UTC in seconds (the daily budget counts local days).
    pub fn enable_sms(&self, tz: i64) {
        let _ = self.sms_tz.set(tz);
    }

    /// The township's offset when SMS alerts go out; `None`: they do not.
    pub fn sms(&self) -> Option<i64> {
        self.sms_tz.get().copied()
    }

    /// Something was put in the SMS outbox: the sender should look now.
    pub fn wake_sms(&self) {
        self.sms_wake.notify_one();
    }

    /// Pushes go out to subscribed devices (`--web-push`).
    pub fn enable_push(&self) {
        self.push.store(true, Ordering::SeqCst);
    }

    pub fn push_enabled(&self) -> bool {
        self.push.load(Ordering::SeqCst)
    }

    /// Something was put in the push outbox.
    pub fn wake_push(&self) {
        self.push_wake.notify_one();
    }

    /// Resolves when [`Hub::wake_push`] was called.
    pub async fn push_wanted(&self) {
        self.push_wake.notified().await;
    }

    /// Resolves when [`Hub::wake_sms`] was called (once per call, a call before the wait
    /// included).
    pub async fn sms_wanted(&self) {
        self.sms_wake.notified().await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, UserStreams>> {
        self.users.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A receiver of everything published for `user_id` from now on (after
    /// [`Hub::close_all`]: a closed one). Not counted against any cap (see [`Hub::join`]).
    pub fn subscribe(&self, user_id: &str) -> broadcast::Receiver<Push> {
        let mut users = self.lock();
        if self.closed.load(Ordering::SeqCst) {
            return broadcast::channel(1).1;
        }
        users
            .entry(user_id.to_owned())
            .or_insert_with(|| UserStreams { tx: broadcast::channel(CHANNEL_CAPACITY).0, open: VecDeque::new() })
            .tx
            .subscribe()
    }

    /// A new stream of `user_id`: at most `per_user` streams per user stay open (the oldest
    /// are told to close: a phone that lost its connection without the server noticing, or a
    /// user with many tabs, must not pile up connections), and at most `total` in all.
    pub fn join(&self, user_id: &str, per_user: usize, total: usize) -> Result<Membership, Full> {
        let mut users = self.lock();
        if self.closed.load(Ordering::SeqCst) {
            return Ok(Membership { id: 0, rx: broadcast::channel(1).1, closed: Arc::new(Notify::new()) });
        }
        let entry = users
            .entry(user_id.to_owned())
            .or_insert_with(|| UserStreams { tx: broadcast::channel(CHANNEL_CAPACITY).0, open: VecDeque::new() });
        // The user's own oldest streams make room before the global cap is looked at: a user
        // at their cap can always replace a stream.
        let mut freed = 0;
        while entry.open.len() >= per_user.max(1) {
            if let Some((_, closed)) = entry.open.pop_front() {
                closed.notify_one();
                freed += 1;
            }
        }
        self.total.fetch_sub(freed, Ordering::SeqCst);
        if self.total.load(Ordering::SeqCst) >= total {
            if entry.open.is_empty() && entry.tx.receiver_count() == 0 {
                users.remove(user_id);
            }
            return Err(Full);
        }
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let closed = Arc::new(Notify::new());
        entry.open.push_back((id, Arc::clone(&closed)));
        self.total.fetch_add(1, Ordering::SeqCst);
        Ok(Membership { id, rx: entry.tx.subscribe(), closed })
    }

    /// A stream of [`Hub::join`] ended (its receiver must be dropped first): it no longer
    /// counts, and a user without streams is forgotten.
    pub fn leave(&self, user_id: &str, id: u64) {
        let mut users = self.lock();
        let Some(entry) = users.get_mut(user_id) else { return };
        if let Some(i) = entry.open.iter().position(|(s, _)| *s == id) {
            entry.open.remove(i);
            self.total.fetch_sub(1, Ordering::SeqCst);
        }
        if entry.tx.receiver_count() == 0 {
            users.remove(user_id);
        }
    }

    /// Sends to every open stream of `user_id` (none: nothing to do). A notification is
    /// remembered as published here, for the relay (`super::relay`) not to send it again.
    pub fn publish(&self, user_id: &str, push: Push) {
        if let Push::Notification { seq, .. } = &push {
            let mut own = self.own.lock().unwrap_or_else(|p| p.into_inner());
            own.insert(*seq);
            if own.len() > OWN_KEPT {
                own.pop_first();
            }
        }
        self.relay(user_id, push);
    }

    /// Whether the notification `seq` was published here, the relay passing it; it is
    /// forgotten then. (Only it: an older one of this instance may still be committing while
    /// another instance's newer one is read — the relay reads in sequence order, not commit
    /// order. What is never passed is dropped by the [`OWN_KEPT`] cap.)
    pub fn published_here(&self, seq: i64) -> bool {
        let mut own = self.own.lock().unwrap_or_else(|p| p.into_inner());
        own.remove(&seq)
    }

    /// Sends what another instance stored (`super::relay`) to the streams of `user_id` here.
    pub fn relay(&self, user_id: &str, push: Push) {
        let mut users = self.lock();
        if let Some(entry) = users.get(user_id) {
            if entry.tx.send(push).is_err() && entry.open.is_empty() {
                // every receiver is gone
                users.remove(user_id);
            }
        }
    }

    /// Forgets the channel of a user whose streams all ended.
    pub fn prune(&self, user_id: &str) {
        let mut users = self.lock();
        if users
            .get(user_id)
            .is_some_and(|e| e.tx.receiver_count() == 0 && e.open.is_empty())
        {
            users.remove(user_id);
        }
    }

    /// Ends every stream (server shutdown: streams would otherwise hold it up; clients
    /// reconnect to the next server and get what they missed replayed).
    pub fn close_all(&self) {
        let mut users = self.lock();
        self.closed.store(true, Ordering::SeqCst);
        for entry in users.values() {
            for (_, closed) in &entry.open {
                closed.notify_one();
            }
        }
        users.clear();
        self.total.store(0, Ordering::SeqCst);
    }

    /// Open streams of a user.
    pub fn streams(&self, user_id: &str) -> usize {
        self.lock().get(user_id).map_or(0, |e| e.tx.receiver_count())
    }

    /// Streams open in all (joined with [`Hub::join`]).
    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }

    /// Users with open streams.
    pub fn users(&self) -> usize {
        self.lock().len()
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

    #[tokio::test]
    async fn a_users_oldest_streams_close_and_the_total_is_capped() {
        let hub = Hub::new();
        let a1 = hub.join("a", 2, 3).unwrap();
        let a2 = hub.join("a", 2, 3).unwrap();
        assert_eq!(hub.total(), 2);
        // a third stream of a: the oldest is told to close, the total stays
        let a3 = hub.join("a", 2, 3).unwrap();
        assert_eq!(hub.total(), 2);
        tokio::time::timeout(std::time::Duration::from_millis(100), a1.closed.notified())
            .await
            .expect("the oldest is closed");
        assert!(tokio::time::timeout(std::time::Duration::from_millis(50), a2.closed.notified()).await.is_err());
        // the one closed leaves (its receiver dropped): nothing changes in the count
        drop(a1.rx);
        hub.leave("a", a1.id);
        assert_eq!(hub.total(), 2);
        let b1 = hub.join("b", 2, 3).unwrap();
        assert_eq!(hub.total(), 3);
        // the server is full: c gets none, but b may still replace its own
        assert_eq!(hub.join("c", 2, 3).err(), Some(Full));
        assert_eq!(hub.users(), 2, "a refused user leaves no channel behind");
        let b2 = hub.join("b", 1, 3).unwrap();
        tokio::time::timeout(std::time::Duration::from_millis(100), b1.closed.notified()).await.expect("b1 closed");
        // publishing reaches the open ones
        hub.publish("a", Push::Unread(7));
        let mut a3rx = a3.rx;
        assert!(matches!(a3rx.try_recv(), Ok(Push::Unread(7))));
        for (user, m) in [("a", a2), ("b", b2)] {
            drop(m.rx);
            hub.leave(user, m.id);
        }
        drop(a3rx);
        hub.leave("a", a3.id);
        drop(b1.rx);
        hub.leave("b", b1.id);
        assert_eq!((hub.total(), hub.users()), (0, 0));
    }
}
