//! `make bench-sse`: how the reference server holds many idle notification streams and how
//! fast a broadcast reaches them. Not a test.
//!
//! The example runs itself twice: a child process (`bench_sse serve`) is the server — the
//! same router and the same `server::serve::serve` as the `server` binary, on a temporary
//! database with the demo people, relaxed rate limits — and this process is the client. The client:
//!
//! 1. reads the server's RSS (VmRSS of /proc/<pid>/status);
//! 2. gets N stream tickets (`POST /notifications/stream-tickets`, default 2,000) for one
//!    user and opens N concurrent streams (`GET /notifications/stream?ticket=…`), each over
//!    its own TCP connection, and waits until every stream got its opening `unread` event;
//! 3. reads the RSS again;
//! 4. R times (default 5): a deputy replies to the user's message over HTTP
//!    (`POST /messages/{id}/replies`), which notifies the user; for every stream, the time
//!    from just before the request to the arrival of the `event: notification` — p50 / p99 /
//!    max over all streams. With `--trigger direct` the server process calls
//!    `server::notify::notify` itself instead (a line on its stdin): the hub and the streams
//!    without the reply's request.
//!
//! Usage: `cargo run --release -p server --example bench_sse [-- --streams N --rounds R
//! --trigger http|direct --instances I --database postgres://…]`.
//!
//! With `--instances 2` (issue 17) two server processes share one database (a SQLite file of
//! the run, or the PostgreSQL of `--database`), each with its relay (`server::notify::relay`);
//! the streams are spread over them and the replies go to the first, so half the streams get
//! each broadcast through the other instance's relay. The memory is both processes' together.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use server::demo::{CITIZEN_WANG, DEPUTY_CHEN, DEPUTY_CHEN_USER, STAFF_HUANG};
use server::notify::{self, NewNotification};
use server::{app, open_db, AppState, Config, Limits};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

type Res<T> = Result<T, String>;

/// Counts live heap bytes (the server process answers `heap` with it), to tell the memory
/// the streams hold from what the allocator keeps around.
struct Counting;

static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new, std::sync::atomic::Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator
        unsafe { std::alloc::System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("serve") {
        serve(&args[1..])
    } else {
        client(&args)
    };
    if let Err(e) = result {
        eprintln!("bench_sse: {e}");
        std::process::exit(1);
    }
}

// ---------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------

/// `serve --db <file>` or `serve --database <postgres://…>`: an instance on that database
/// (the client gives every instance the same one).
fn serve(args: &[String]) -> Res<()> {
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let dir = std::env::temp_dir().join(format!("bench-sse-{}", std::process::id()));
    let db = match (value("--database"), value("--db")) {
        (Some(url), _) => server::db::open_postgres(&url, server::db::default_readers()),
        (None, Some(file)) => open_db(std::path::Path::new(&file)),
        (None, None) => return Err("serve needs --db <file> or --database <url>".into()),
    }
    .map_err(|e| e.to_string())?;
    let now = server::clock::now_secs();
    server::demo::seed_people_if_empty(&db, now).map_err(|e| e.to_string())?;
    let mut tokens = Vec::new();
    for user in [CITIZEN_WANG, DEPUTY_CHEN_USER, STAFF_HUANG] {
        let t = db
            .with_conn(|c| server::auth::create_session(c, user, now, 86_400))
            .map_err(|e| format!("{e:?}"))?;
        tokens.push(t);
    }
    let tokens = tokens.join(" ");
    let state = AppState::new(
        db.clone(),
        Config {
            static_dir: dir.join("no-dist"),
            // (one user holds every stream, so their limit per user is lifted too)
            limits: Limits { streams_per_user: 1_000_000, ..Limits::relaxed() },
            ..Config::default()
        },
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("ready {addr} {tokens}");
        let _ = std::io::stdout().flush();
        let router = app(state.clone());
        tokio::spawn(async move {
            let _ = server::serve::serve(listener, router, std::future::pending()).await;
        });
        // what another instance stores reaches the streams here (as the server binary does)
        server::notify::relay::spawn(state.clone());
        // commands on stdin: "notify" → one notification to the user of the streams
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut n = 0;
        while let Some(cmd) = rx.recv().await {
            match cmd.trim() {
                "notify" => {
                    n += 1;
                    let hub = Arc::clone(state.hub());
                    let at = state.now();
                    let sent = state
                        .db()
                        .call(move |conn| {
                            notify::notify(
                                conn,
                                &hub,
                                &NewNotification {
                                    user_id: CITIZEN_WANG.into(),
                                    kind: contract::NotificationKind::Reply,
                                    title: "您的留言有了新回复".into(),
                                    body: format!("《村口路灯不亮》：第{n}次测试回复"),
                                    message_id: Some("m_bench".into()),
                                    link: None,
                                },
                                at,
                            )
                        })
                        .await;
                    println!("sent {}", sent.is_ok());
                    let _ = std::io::stdout().flush();
                }
                "heap" => {
                    println!("heap {}", LIVE.load(std::sync::atomic::Ordering::Relaxed));
                    let _ = std::io::stdout().flush();
                }
                "quit" => break,
                _ => {}
            }
        }
        Ok::<(), String>(())
    })?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------

fn flag(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn status_field(pid: u32, field: &str) -> Res<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("no {field}"))
}

/// The server's resident memory in KiB.
fn rss_kib(pid: u32) -> Res<u64> {
    status_field(pid, "VmRSS:")
}

/// The resident memory of every instance, summed, in KiB.
fn rss_sum(pids: &[u32]) -> Res<u64> {
    pids.iter().map(|p| rss_kib(*p)).sum()
}

/// The server's live heap bytes (asked on its stdin).
fn heap(
    stdin: &mut std::process::ChildStdin,
    out: &mut std::io::BufReader<std::process::ChildStdout>,
) -> Res<u64> {
    writeln!(stdin, "heap").map_err(|e| e.to_string())?;
    stdin.flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    out.read_line(&mut line).map_err(|e| e.to_string())?;
    line.trim()
        .strip_prefix("heap ")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("heap: {line:?}"))
}

/// The server's threads (the blocking pool grows while many streams open at once).
fn threads(pid: u32) -> u64 {
    status_field(pid, "Threads:").unwrap_or(0)
}

fn open_files_limit() -> String {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Max open files"))
                .map(|l| {
                    l.split_whitespace()
                        .skip(3)
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" / ")
                })
        })
        .unwrap_or_else(|| "?".into())
}

fn client(args: &[String]) -> Res<()> {
    let streams = flag(args, "--streams", 2000);
    let rounds = flag(args, "--rounds", 5);
    let instances = flag(args, "--instances", 1).max(1);
    let database = args.iter().position(|a| a == "--database").and_then(|i| args.get(i + 1)).cloned();
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // every instance on one database: a SQLite file of this run, or the PostgreSQL given
    let dir = std::env::temp_dir().join(format!("bench-sse-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db_args = match &database {
        Some(url) => vec!["--database".to_owned(), url.clone()],
        None => vec!["--db".to_owned(), dir.join("bench.db").display().to_string()],
    };
    let mut children = Vec::new();
    let mut addrs = Vec::new();
    let mut tokens = Vec::new();
    for _ in 0..instances {
        // one after the other: the first migrates and seeds the database, the others find it so
        let mut child = Command::new(&exe)
            .arg("serve")
            .args(&db_args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let mut out = std::io::BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let mut line = String::new();
        out.read_line(&mut line).map_err(|e| e.to_string())?;
        let mut parts = line.split_whitespace();
        if parts.next() != Some("ready") {
            return Err(format!("the server said {line:?}"));
        }
        let addr: SocketAddr = parts.next().and_then(|a| a.parse().ok()).ok_or("no address")?;
        addrs.push(addr);
        tokens.push(parts.map(str::to_owned).collect::<Vec<_>>());
        children.push((child, stdin, out));
    }
    let pids: Vec<u32> = children.iter().map(|(c, _, _)| c.id()).collect();
    let pid = pids[0];
    let addr = addrs[0];
    let [token, deputy, staff] = <[String; 3]>::try_from(tokens[0].clone()).map_err(|_| "no tokens")?;
    let (_, stdin0, out0) = &mut children[0];
    let (mut stdin, mut out) = (stdin0, out0);
    let direct = args
        .iter()
        .position(|a| a == "--trigger")
        .and_then(|i| args.get(i + 1))
        .is_some_and(|t| t == "direct");
    println!(
        "bench-sse: {instances} server instance(s) (pids {pids:?}) on {}; {addrs:?}; {streams} streams (spread over the instances), {rounds} broadcasts; open files (soft / hard): {}",
        if database.is_some() { "one PostgreSQL database" } else { "one SQLite file" },
        open_files_limit()
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let setup = Setup {
        addr,
        addrs,
        pids: pids.clone(),
        token,
        deputy,
        staff,
        streams,
        rounds,
        pid,
        direct,
    };
    let result = rt.block_on(run(setup, &mut stdin, &mut out));
    for (child, stdin, _) in &mut children {
        let _ = writeln!(stdin, "quit");
        let _ = stdin.flush();
        for _ in 0..50 {
            if matches!(child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = std::fs::remove_dir_all(&dir);
    result
}

struct Setup {
    /// The first instance: the message, its triage and the replies go there.
    addr: SocketAddr,
    /// Every instance: stream `i` (and its ticket) goes to `addrs[i % n]`.
    addrs: Vec<SocketAddr>,
    /// Every instance's process (the server's memory is their sum).
    pids: Vec<u32>,
    /// Bearer tokens of the citizen (the streams), the deputy and staff.
    token: String,
    deputy: String,
    staff: String,
    streams: usize,
    rounds: usize,
    pid: u32,
    /// Trigger by calling `notify` in the server process instead of a reply over HTTP.
    direct: bool,
}

async fn run(
    setup: Setup,
    stdin: &mut std::process::ChildStdin,
    out: &mut std::io::BufReader<std::process::ChildStdout>,
) -> Res<()> {
    let Setup {
        addr,
        addrs,
        pids,
        token,
        deputy,
        staff,
        streams,
        rounds,
        pid,
        direct,
    } = setup;
    // a message of the citizen to the deputy, triaged: the deputy's replies are the broadcasts
    let (status, m) = request(
        addr,
        "POST",
        "/api/v1/messages",
        &token,
        Some("bench-message"),
        Some(&serde_json::json!({
            "recipient": {"kind": "deputy", "id": DEPUTY_CHEN},
            "category_id": "mc_traffic",
            "title": "村口路灯不亮",
            "body": "村口到小学的路段没有路灯，晚上孩子放学很不安全，希望尽快安装。",
            "public": false,
        })),
    )
    .await?;
    if status != 201 {
        return Err(format!("create message: {status} {m}"));
    }
    let message_id = m["id"].as_str().ok_or("no message id")?.to_owned();
    let (status, t) = request(
        addr,
        "POST",
        &format!("/api/v1/messages/{message_id}/triage"),
        &staff,
        None,
        Some(&serde_json::json!({
            "version": m["version"],
            "track": "fast",
            "category_id": "mc_traffic",
            "handler": {"kind": "deputy", "id": DEPUTY_CHEN},
        })),
    )
    .await?;
    if status != 200 {
        return Err(format!("triage: {status} {t}"));
    }
    println!(
        "trigger: {}",
        if direct {
            "server::notify::notify called in the server process"
        } else {
            "the deputy replies over HTTP (POST /messages/{id}/replies)"
        }
    );
    let rss_idle = rss_sum(&pids)?;

    // tickets, 8 requests at a time
    let t0 = Instant::now();
    let mut tickets = Vec::with_capacity(streams);
    for chunk in (0..streams).collect::<Vec<_>>().chunks(8) {
        let mut set = tokio::task::JoinSet::new();
        for &i in chunk {
            let token = token.clone();
            let at = addrs[i % addrs.len()];
            set.spawn(async move { ticket(at, &token).await.map(|t| (i, t)) });
        }
        while let Some(r) = set.join_next().await {
            tickets.push(r.map_err(|e| e.to_string())??);
        }
    }
    let rss_before = rss_sum(&pids)?;
    let heap_before = heap(stdin, out)?;
    println!(
        "tickets: {} in {:.2} s; server RSS {:.1} MiB",
        tickets.len(),
        t0.elapsed().as_secs_f64(),
        rss_before as f64 / 1024.0
    );

    // open the streams; each task reports when its opening arrived, then every broadcast
    let (opened_tx, mut opened_rx) = tokio::sync::mpsc::unbounded_channel::<Res<()>>();
    // (round, arrival, the instance the stream is on: 0 stored the notification)
    let (got_tx, mut got_rx) = tokio::sync::mpsc::unbounded_channel::<(usize, Instant, usize)>();
    let t1 = Instant::now();
    let addrs_n = addrs.len();
    for (i, t) in tickets {
        let opened_tx = opened_tx.clone();
        let got_tx = got_tx.clone();
        let at = addrs[i % addrs.len()];
        tokio::spawn(async move {
            if let Err(e) = stream(at, i % addrs_n, &t, &opened_tx, &got_tx).await {
                let _ = opened_tx.send(Err(e));
            }
        });
    }
    drop(opened_tx);
    drop(got_tx);
    let mut open = 0;
    while open < streams {
        match tokio::time::timeout(Duration::from_secs(60), opened_rx.recv()).await {
            Ok(Some(Ok(()))) => open += 1,
            Ok(Some(Err(e))) => return Err(format!("a stream failed after {open} opened: {e}")),
            Ok(None) => return Err(format!("only {open} streams opened")),
            Err(_) => return Err(format!("timeout: only {open} streams opened")),
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_after = rss_sum(&pids)?;
    println!(
        "streams: {open} open in {:.2} s; server RSS {:.1} MiB, {} threads (idle server {:.1} MiB) → {:.1} KiB per stream",
        t1.elapsed().as_secs_f64(),
        rss_after as f64 / 1024.0,
        threads(pid),
        rss_idle as f64 / 1024.0,
        (rss_after.saturating_sub(rss_before)) as f64 / streams as f64
    );
    // tokio's blocking pool (database calls) retires idle threads after 10 s
    tokio::time::sleep(Duration::from_secs(12)).await;
    let rss_settled = rss_sum(&pids)?;
    let heap_settled = heap(stdin, out)?;
    println!(
        "streams idle 12 s later: server RSS {:.1} MiB, {} threads (the first instance) → {:.1} KiB per stream; \
         the first instance's live heap {:.1} MiB → {:.1} KiB per stream of its {}",
        rss_settled as f64 / 1024.0,
        threads(pid),
        (rss_settled.saturating_sub(rss_before)) as f64 / streams as f64,
        heap_settled as f64 / 1048576.0,
        (heap_settled.saturating_sub(heap_before)) as f64 / 1024.0 / streams.div_ceil(addrs.len()) as f64,
        streams.div_ceil(addrs.len())
    );

    // broadcasts
    let mut all = Vec::with_capacity(streams * rounds);
    let (mut here, mut relayed) = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        // (spaced unevenly: with another instance's relay on a 500 ms timer, rounds 500 ms apart
        // would all meet it at the same point of its period)
        tokio::time::sleep(Duration::from_millis(300 + (round as u64 * 137) % 500)).await;
        let start = Instant::now();
        if direct {
            writeln!(stdin, "notify").map_err(|e| e.to_string())?;
            stdin.flush().map_err(|e| e.to_string())?;
        } else {
            let path = format!("/api/v1/messages/{message_id}/replies");
            let key = format!("bench-reply-{round}");
            let body = serde_json::json!({"body": format!("第{round}次测试回复：已联系供电所。")});
            let deputy = deputy.clone();
            tokio::spawn(async move {
                match request(addr, "POST", &path, &deputy, Some(&key), Some(&body)).await {
                    Ok((201, _)) => {}
                    Ok((s, v)) => eprintln!("reply: {s} {v}"),
                    Err(e) => eprintln!("reply: {e}"),
                }
            });
        }
        let mut latencies = Vec::with_capacity(streams);
        while latencies.len() < streams {
            match tokio::time::timeout(Duration::from_secs(10), got_rx.recv()).await {
                Ok(Some((r, at, inst))) if r == round => {
                    let d = at.saturating_duration_since(start);
                    latencies.push(d);
                    if inst == 0 { &mut here } else { &mut relayed }.push(d);
                }
                Ok(Some(_)) => {}
                _ => {
                    return Err(format!(
                    "round {round}: only {} of {streams} streams got the notification within 10 s",
                    latencies.len()
                ))
                }
            }
        }
        if direct {
            let mut ack = String::new();
            out.read_line(&mut ack).map_err(|e| e.to_string())?;
        }
        latencies.sort();
        println!("broadcast {round}: {}", summary(&latencies));
        all.extend(latencies);
    }
    all.sort();
    println!("all broadcasts: {}", summary(&all));
    if addrs_n > 1 {
        here.sort();
        relayed.sort();
        println!("  on the instance that stored them: {}", summary(&here));
        println!("  on the other instance(s), relayed: {}", summary(&relayed));
    }
    let rss_end = rss_sum(&pids)?;
    println!("server RSS at the end {:.1} MiB", rss_end as f64 / 1024.0);
    Ok(())
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn summary(sorted: &[Duration]) -> String {
    format!(
        "{} deliveries, p50 {}, p99 {}, max {}",
        sorted.len(),
        ms(pct(sorted, 0.5)),
        ms(pct(sorted, 0.99)),
        ms(sorted.last().copied().unwrap_or_default())
    )
}

/// One request over its own connection (`Connection: close`); the status and the JSON
/// answer (`null` when there is none).
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    key: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Res<(u16, serde_json::Value)> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let key = key
        .map(|k| format!("Idempotency-Key: {k}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n{key}\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&buf);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let answer = text.split("\r\n\r\n").nth(1).unwrap_or("");
    let v = serde_json::from_str(answer).unwrap_or(serde_json::Value::Null);
    Ok((status, v))
}

/// `POST /api/v1/notifications/stream-tickets`
async fn ticket(addr: SocketAddr, token: &str) -> Res<String> {
    let (status, v) = request(
        addr,
        "POST",
        "/api/v1/notifications/stream-tickets",
        token,
        None,
        None,
    )
    .await?;
    if status != 201 {
        return Err(format!("ticket: {status} {v}"));
    }
    v["ticket"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no ticket".into())
}

/// Opens a stream and reads it (chunked transfer encoding), reporting the opening and the
/// arrival time of each notification (by round: the n-th notification).
async fn stream(
    addr: SocketAddr,
    instance: usize,
    ticket: &str,
    opened: &tokio::sync::mpsc::UnboundedSender<Res<()>>,
    got: &tokio::sync::mpsc::UnboundedSender<(usize, Instant, usize)>,
) -> Res<()> {
    let mut s = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let req = format!(
        "GET /api/v1/notifications/stream?ticket={ticket} HTTP/1.1\r\nHost: {addr}\r\n\
         Accept: text/event-stream\r\n\r\n"
    );
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut r = BufReader::with_capacity(1024, s);
    let mut line = String::new();
    r.read_line(&mut line).await.map_err(|e| e.to_string())?;
    if !line.starts_with("HTTP/1.1 200") {
        return Err(format!("stream: {}", line.trim()));
    }
    loop {
        line.clear();
        r.read_line(&mut line).await.map_err(|e| e.to_string())?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    let mut round = 0;
    let mut text = String::new();
    loop {
        // one chunk: size line, data, CRLF
        line.clear();
        if r.read_line(&mut line).await.map_err(|e| e.to_string())? == 0 {
            return Err("the stream ended".into());
        }
        let size = usize::from_str_radix(line.trim(), 16).map_err(|_| "bad chunk".to_owned())?;
        if size == 0 {
            return Err("the stream ended".into());
        }
        let mut data = vec![0u8; size + 2];
        r.read_exact(&mut data).await.map_err(|e| e.to_string())?;
        let at = Instant::now();
        text.push_str(&String::from_utf8_lossy(&data[..size]));
        while let Some(end) = text.find("\n\n") {
            let event: String = text.drain(..end + 2).collect();
            if event.contains("event: unread") && round == 0 {
                round = 1; // the opening
                let _ = opened.send(Ok(()));
            } else if event.contains("event: notification") {
                let _ = got.send((round, at, instance));
                round += 1;
            }
        }
    }
}
