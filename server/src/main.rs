//! `server`: the 掌上人大 reference backend.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use server::{app, demo, AppState, Config};

const HELP: &str = "\
server — 掌上人大 reference backend (API /api/v1 + the built web app)

USAGE:
    server [OPTIONS]

OPTIONS:
    --addr <host:port>   Address to listen on [default: 127.0.0.1:8080]
    --database <where>   The database, created or migrated on start: a SQLite file (its
                         directory is created; `sqlite:<path>` too) or a PostgreSQL URL,
                         postgres://user:password@host:port/dbname, which several
                         servers may share (README: Several instances) [default:
                         data/zsrd.db]; --db <path> is the same
    --db-readers <n>     Read-only connections to the database, so that reads do not
                         wait behind writes; 0: every read waits for the one writer
                         connection (for comparison) [default: the cores, at least 2]
    --static <dir>       Directory of the built web app (Trunk's dist) [default: dist]
    --base-path <path>   Serve everything (the app, /api/v1, /media) under this path, e.g.
                         /renda for https://example.gov.cn/renda/ (the same build as at
                         the root; README: Deploying under a path) [default: the root]
    --name <text>        Name of the deploying body shown by /api/v1/meta
                         (with --demo: 清远市清新区龙湾镇人大主席团)
    --township <text>    Short name of the place served, e.g. 龙湾镇 (/api/v1/meta)
    --emblem <url>       The township's mark, a square image: a URL or a path on this
                         origin (/api/v1/meta; with --demo: a generated one)
    --main-station <id>  The main liaison station (/api/v1/meta: its phone on the home
                         screen; messages of writers not sure whom to address go to it)
                         [default: the first station]
    --demo               Seed the demo content (articles, events, stations, deputies,
                         departments, demo accounts) where the database has none yet;
                         sign-in codes are also returned in the answer (demo only)
    --relaxed-limits     FOR AUTOMATED TESTS ONLY: rate limits × 1000, no interval
                         between sign-in codes
    --bench-fresh-keys   FOR LOAD BENCHMARKS ONLY (with --demo): an Idempotency-Key of
                         `fresh` is replaced by a new random key, so that a load
                         generator's identical requests each create (scripts/bench-server)
    --sms-budget <n>     Sign-in codes sent per hour in all (the SMS budget) [default: 1000]
    --messages-per-hour <n>
                         Messages one user may send per hour [default: 10]
    --api-limit <where>  Where the per-address limit of API requests is counted: database
                         (every instance on the database shares it) or memory (each
                         process its own) [default: database on PostgreSQL, memory on
                         SQLite]
    --web-push <contact> Send Web Push to the devices users subscribe (alerts with the app
                         closed); <contact> is who runs the server, a mailto: or https:
                         URL told to the push services (VAPID). The key is made once and
                         kept in the database [default: no Web Push]
    --push-hosts <list>  The push services sent to, comma-separated hosts or *.domains
                         [default: FCM, Mozilla, Apple and Windows push services]
    --sms-config <file>  Send SMS (sign-in codes, alerts of the SMS channel) through a
                         provider: a JSON file naming it (tencent, aliyun or webhook), its
                         credentials, the 签名, the templates and a daily budget (see
                         the README: SMS) [default: no SMS is sent]
    --wechat-config <file>
                         Inside WeChat, let the app set its share cards (title, summary,
                         cover) through WeChat's JS-SDK: a JSON file with the official
                         account's app_id and app_secret (README: WeChat) [default: no
                         WeChat JS-SDK; /api/v1/wechat/js-config is 404]
    --trusted-proxy-header <name>
                         Behind a reverse proxy: the header it puts the client address in
                         (e.g. X-Forwarded-For, X-Real-IP); believed only from
                         --trusted-proxies. Without it, the client is the socket peer.
    --trusted-proxies <list>
                         The proxies' addresses or networks, comma-separated
                         (e.g. 127.0.0.1,10.0.0.0/8) [default: 127.0.0.1,::1]
    --max-connections <n>
                         Open connections at most [default: 10000]
    --stream-max-secs <n>
                         A live notification stream ends after this long (90–100 % of
                         it); the app reconnects by itself [default: 3600]
    --shutdown-grace-secs <n>
                         On SIGTERM or SIGINT: /readyz answers 503, new connections are
                         refused, live streams end; the requests in flight get this long
                         to finish [default: 10]
    --log-format <text|json>
                         Log lines as text, or one JSON object per line; each line of a
                         request carries its X-Request-Id [default: text]
    --comments-moderation <pre|post>
                         pre (先审后发): citizens' comments wait for staff approval;
                         post (先发后审): shown at once, reviewed on reports [default: post]
    --topics-moderation <pre|post>
                         The same for topics proposed by citizens [default: pre]
    --word-list <file>   Words (one per line, # comments) that hold a post for review
                         instead of publishing it [with --demo: server/word-list.txt's
                         built-in copy]
    --record-public <parts>
                         The parts of a deputy's 履职档案 everyone sees, comma-separated:
                         courses, study, practice, responsiveness, events; none: nothing
                         (test scores are never public) [default: courses,responsiveness]
    -h, --help           Print this help

Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=debug) for more. GET /healthz (the process
is up) and GET /readyz (ready for requests) are for load balancers.
";

/// `--record-public`: parts by name, comma-separated; `none` for nothing.
fn record_parts(v: &str) -> Result<Vec<contract::RecordPart>, String> {
    if v.trim() == "none" {
        return Ok(Vec::new());
    }
    v.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            contract::RecordPart::parse(p)
                .filter(|p| *p != contract::RecordPart::Unknown)
                .ok_or_else(|| format!("--record-public: {p:?} is none of courses, study, practice, responsiveness, events"))
        })
        .collect()
}

struct Args {
    addr: SocketAddr,
    db: PathBuf,
    /// `--database postgres://…`: PostgreSQL instead of the SQLite file `db`.
    postgres: Option<String>,
    db_readers: usize,
    static_dir: PathBuf,
    base_path: String,
    name: String,
    township: String,
    emblem: Option<String>,
    main_station: Option<String>,
    demo: bool,
    relaxed_limits: bool,
    bench_fresh_keys: bool,
    sms_budget: Option<u32>,
    messages_per_hour: Option<u32>,
    api_limit_in_database: Option<bool>,
    sms_config: Option<PathBuf>,
    wechat_config: Option<PathBuf>,
    web_push: Option<String>,
    push_hosts: Option<Vec<String>>,
    proxy_header: Option<axum::http::HeaderName>,
    trusted_proxies: Vec<ipnet::IpNet>,
    max_connections: usize,
    stream_max_secs: u64,
    shutdown_grace: std::time::Duration,
    log_format: server::ops::LogFormat,
    moderation: contract::ModerationPolicy,
    word_list: Option<PathBuf>,
    record_public: Option<Vec<contract::RecordPart>>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut out = Args {
        addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
        db: PathBuf::from("data/zsrd.db"),
        postgres: None,
        db_readers: server::db::default_readers(),
        static_dir: PathBuf::from("dist"),
        base_path: String::new(),
        name: String::new(),
        township: String::new(),
        emblem: None,
        main_station: None,
        demo: false,
        relaxed_limits: false,
        bench_fresh_keys: false,
        sms_budget: None,
        messages_per_hour: None,
        api_limit_in_database: None,
        sms_config: None,
        wechat_config: None,
        web_push: None,
        push_hosts: None,
        proxy_header: None,
        trusted_proxies: server::client::parse_trusted("127.0.0.1,::1")?,
        max_connections: server::serve::MAX_CONNECTIONS,
        stream_max_secs: server::Config::default().stream_max_secs,
        shutdown_grace: server::serve::SHUTDOWN_GRACE,
        log_format: server::ops::LogFormat::default(),
        moderation: server::Config::default().moderation,
        word_list: None,
        record_public: None,
    };
    fn mode(flag: &str, v: &str) -> Result<contract::ModerationMode, String> {
        contract::ModerationMode::parse(v).ok_or_else(|| format!("{flag} {v:?} must be pre or post"))
    }
    fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
        v.parse().ok().filter(|_| !v.starts_with('-')).ok_or_else(|| format!("{flag} {v:?} is not a positive number"))
    }
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value (see --help)"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--addr" => {
                let v = value("--addr")?;
                out.addr = std::net::ToSocketAddrs::to_socket_addrs(v.as_str())
                    .ok()
                    .and_then(|mut addrs| addrs.next())
                    .ok_or_else(|| format!("--addr {v:?} is not an address like 127.0.0.1:8080"))?;
            }
            "--db" | "--database" => {
                let v = value(&flag)?;
                if v.starts_with("postgres://") || v.starts_with("postgresql://") {
                    out.postgres = Some(v);
                } else {
                    out.db = PathBuf::from(v.strip_prefix("sqlite:").unwrap_or(&v));
                    out.postgres = None;
                }
            }
            "--db-readers" => out.db_readers = number("--db-readers", &value("--db-readers")?)?,
            "--static" => out.static_dir = PathBuf::from(value("--static")?),
            "--name" => out.name = value("--name")?,
            "--township" => out.township = value("--township")?,
            "--emblem" => out.emblem = Some(value("--emblem")?),
            "--main-station" => out.main_station = Some(value("--main-station")?),
            "--demo" => out.demo = true,
            "--relaxed-limits" => out.relaxed_limits = true,
            "--bench-fresh-keys" => out.bench_fresh_keys = true,
            "--comments-moderation" => out.moderation.comments = mode("--comments-moderation", &value("--comments-moderation")?)?,
            "--topics-moderation" => out.moderation.topics = mode("--topics-moderation", &value("--topics-moderation")?)?,
            "--word-list" => out.word_list = Some(PathBuf::from(value("--word-list")?)),
            "--record-public" => out.record_public = Some(record_parts(&value("--record-public")?)?),
            "--sms-budget" => out.sms_budget = Some(number("--sms-budget", &value("--sms-budget")?)?),
            "--messages-per-hour" => out.messages_per_hour = Some(number("--messages-per-hour", &value("--messages-per-hour")?)?),
            "--api-limit" => {
                out.api_limit_in_database = match value("--api-limit")?.as_str() {
                    "database" => Some(true),
                    "memory" => Some(false),
                    other => return Err(format!("--api-limit: {other:?} is neither database nor memory")),
                }
            }
            "--sms-config" => out.sms_config = Some(PathBuf::from(value("--sms-config")?)),
            "--base-path" => out.base_path = server::base_path::parse(&value("--base-path")?)?,
            "--wechat-config" => out.wechat_config = Some(PathBuf::from(value("--wechat-config")?)),
            "--web-push" => out.web_push = Some(value("--web-push")?),
            "--push-hosts" => {
                out.push_hosts = Some(value("--push-hosts")?.split(',').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect())
            }
            "--trusted-proxy-header" => {
                let v = value("--trusted-proxy-header")?;
                out.proxy_header = Some(
                    axum::http::HeaderName::try_from(v.trim())
                        .map_err(|_| format!("--trusted-proxy-header {v:?} is not a header name"))?,
                );
            }
            "--trusted-proxies" => out.trusted_proxies = server::client::parse_trusted(&value("--trusted-proxies")?)?,
            "--max-connections" => {
                out.max_connections = number("--max-connections", &value("--max-connections")?)?;
                if out.max_connections == 0 {
                    return Err("--max-connections must be at least 1".into());
                }
            }
            "--stream-max-secs" => {
                out.stream_max_secs = number("--stream-max-secs", &value("--stream-max-secs")?)?;
                if out.stream_max_secs == 0 {
                    return Err("--stream-max-secs must be at least 1".into());
                }
            }
            "--shutdown-grace-secs" => {
                let v = value("--shutdown-grace-secs")?;
                out.shutdown_grace = std::time::Duration::from_secs(number("--shutdown-grace-secs", &v)?);
            }
            "--log-format" => {
                let v = value("--log-format")?;
                out.log_format = server::ops::LogFormat::parse(&v).ok_or_else(|| format!("--log-format {v:?} must be text or json"))?;
            }
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    if out.bench_fresh_keys && !out.demo {
        return Err("--bench-fresh-keys is for load benchmarks of a demo server: add --demo".into());
    }
    Ok(Some(out))
}

fn init_logging(format: server::ops::LogFormat) {
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let subscriber = server::ops::subscriber(format, server::ops::env_filter(), ansi, std::io::stderr);
    if let Err(e) = tracing::subscriber::set_global_default(subscriber) {
        eprintln!("server: cannot set up the logs: {e}");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: not ready, live streams ended, finishing the requests in flight");
}

/// A PostgreSQL URL as it may be logged: without its password.
fn without_password(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((who, place)) => format!("{scheme}://{}@{place}", who.split(':').next().unwrap_or("")),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

async fn run(args: Args) -> Result<(), String> {
    let db = match &args.postgres {
        Some(url) => {
            let db = server::db::open_postgres(url, args.db_readers).map_err(|e| e.to_string())?;
            tracing::info!("database PostgreSQL {} ({} read-only sessions)", without_password(url), db.reader_count());
            db
        }
        None => {
            let db = server::db::open_db_with(&args.db, args.db_readers).map_err(|e| e.to_string())?;
            tracing::info!("database {} ({} read-only connections)", args.db.display(), db.reader_count());
            db
        }
    };
    if args.demo {
        demo::seed_all(&db)?;
        tracing::warn!("--demo: sign-in codes are returned in the API answer and logged (demo only)");
    } else {
        tracing::warn!(
            "the reference server has no SMS gateway: sign-in codes are neither sent nor logged \
             (only --demo shows them); a deployment that signs people in needs a backend that sends SMS"
        );
    }
    if args.relaxed_limits {
        tracing::warn!("--relaxed-limits: rate limits relaxed; for automated tests only");
    }
    if args.bench_fresh_keys {
        tracing::warn!("--bench-fresh-keys: the Idempotency-Key `fresh` is replaced by a new one; for load benchmarks only");
    }
    if !args.static_dir.join("index.html").is_file() {
        tracing::warn!(
            "{} has no index.html: the web app is not built (run `make run`); the API works",
            args.static_dir.display()
        );
    }
    let mut limits = if args.relaxed_limits {
        server::Limits::relaxed()
    } else {
        server::Limits::default()
    };
    if let Some(n) = args.sms_budget {
        limits.codes_per_hour_total = n;
    }
    if let Some(n) = args.messages_per_hour {
        limits.messages_per_hour = n;
    }
    limits.api_limit_in_database = args.api_limit_in_database;
    let word_list = match &args.word_list {
        Some(path) => server::participation::parse_word_list(
            &std::fs::read_to_string(path).map_err(|e| format!("--word-list {}: {e}", path.display()))?,
        ),
        None if args.demo => server::participation::parse_word_list(server::participation::DEMO_WORD_LIST),
        None => Vec::new(),
    };
    if let Some(h) = &args.proxy_header {
        tracing::info!("client addresses from {h} when the peer is one of {:?}", args.trusted_proxies);
    }
    let sms = match &args.sms_config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("--sms-config {}: {e}", path.display()))?;
            let c = server::sms::SmsConfig::parse(&text).map_err(|e| format!("--sms-config {}: {e}", path.display()))?;
            tracing::info!("SMS through {}, at most {} a day", c.provider.name(), c.daily_budget);
            Some(c)
        }
        None => None,
    };
    let web_push = match &args.web_push {
        Some(contact) if contact.starts_with("mailto:") || contact.starts_with("https://") => {
            let mut c = server::push::PushConfig::new(contact);
            if let Some(hosts) = &args.push_hosts {
                c.hosts = hosts.clone();
            }
            tracing::info!("Web Push to {}", c.hosts.join(", "));
            Some(c)
        }
        Some(other) => return Err(format!("--web-push {other}: give a mailto: or https: URL")),
        None => None,
    };
    let wechat = match &args.wechat_config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("--wechat-config {}: {e}", path.display()))?;
            let c = server::wechat::WechatConfig::parse(&text).map_err(|e| format!("--wechat-config {}: {e}", path.display()))?;
            tracing::info!("WeChat JS-SDK for the official account {}", c.app_id);
            Some(c)
        }
        None => None,
    };
    let config = Config {
        sms,
        web_push,
        wechat,
        static_dir: args.static_dir,
        base_path: args.base_path.clone(),
        name: args.name,
        township: args.township,
        emblem: args.emblem,
        main_station: args.main_station,
        demo: args.demo,
        bench_fresh_keys: args.bench_fresh_keys,
        limits,
        stream_max_secs: args.stream_max_secs,
        moderation: args.moderation,
        word_list,
        record_public: args.record_public.unwrap_or_else(|| Config::default().record_public),
        proxy: server::client::ProxyConfig {
            header: args.proxy_header,
            trusted: args.trusted_proxies,
        },
        ..Config::default()
    };
    let state = AppState::new(
        db,
        if args.demo {
            config.with_demo_identity()
        } else {
            config
        },
    );
    // The periodic jobs: each runs on one instance at a time among those on the same database,
    // the one that holds its lease (server/src/jobs.rs says which jobs are leased, and why the
    // SMS and push senders need not be).
    tracing::info!("instance {}", state.instance_id());
    // deadline alerts (approaching / passed), every minute
    server::notify::spawn_sweeper(state.clone());
    // notifications stored by another instance on the same database, to the streams held here
    // (on every instance: each holds its own streams)
    server::notify::relay::spawn(state.clone());
    // uploads never attached to a message, after a day
    server::uploads::spawn_cleaner(state.clone());
    // old rate, code, ticket and view rows; idle addresses of the request limiter
    server::cleanup::spawn(state.clone());
    // the voters of a poll whose time passed are told its results are out
    server::polls::spawn_closer(state.clone());
    // assigned courses due in 3 days, or overdue, are recalled to their deputies
    server::training::assign::spawn_sweeper(state.clone());
    // attempts past their time are submitted with what was saved
    server::training::assess::spawn_sweeper(state.clone());
    // sign-in codes and alerts of the SMS channel, when SMS is configured
    server::sms::spawn_sender(state.clone());
    // alerts to subscribed devices, with --web-push
    server::push::spawn_sender(state.clone());
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    tracing::info!("listening on http://{}{}/", args.addr, args.base_path);
    let stopping = state.clone();
    let shutdown = async move {
        shutdown_signal().await;
        // readiness turns 503 at once; notification streams never end by themselves: end
        // them, so that the open connections can finish (their clients reconnect elsewhere)
        stopping.begin_shutdown();
    };
    let grace = args.shutdown_grace;
    let leases = state.clone();
    server::serve::serve_graceful(listener, app(state), shutdown, args.max_connections, grace)
        .await
        .map_err(|e| format!("server error: {e}"))?;
    // the periodic jobs this instance ran go to another instance at its next tick, rather
    // than when their leases run out (server/src/jobs.rs)
    let (me, now) = (leases.instance_id().to_owned(), leases.now());
    match leases.db().call(move |conn| server::jobs::release_all(conn, &me, now)).await {
        Ok(0) => {}
        Ok(n) => tracing::info!("released the leases of {n} periodic jobs"),
        Err(e) => tracing::warn!("the leases of the periodic jobs were not released: {e:?}"),
    }
    tracing::info!("stopped");
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("server: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(args.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("server: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn defaults_and_flags() {
        let a = parse(&[]).unwrap().unwrap();
        assert_eq!(a.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(a.db, PathBuf::from("data/zsrd.db"));
        assert_eq!(a.static_dir, PathBuf::from("dist"));
        assert!(!a.demo);
        let a = parse(&[
            "--addr",
            "0.0.0.0:9000",
            "--db=x/y.db",
            "--static",
            "out",
            "--demo",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(a.db, PathBuf::from("x/y.db"));
        assert_eq!(a.static_dir, PathBuf::from("out"));
        assert!(a.demo);
        assert!(!a.relaxed_limits);
        assert!(
            parse(&["--relaxed-limits"])
                .unwrap()
                .unwrap()
                .relaxed_limits
        );
        let a = parse(&["--township", "龙湾镇", "--emblem=/media/emblem.svg", "--main-station", "st_1"])
            .unwrap()
            .unwrap();
        assert_eq!(a.township, "龙湾镇");
        assert_eq!(a.emblem.as_deref(), Some("/media/emblem.svg"));
        assert_eq!(a.main_station.as_deref(), Some("st_1"));
        assert!(a.db_readers >= 2, "one reader per core, at least 2");
        assert_eq!(parse(&["--db-readers", "0"]).unwrap().unwrap().db_readers, 0);
        assert!(parse(&["--db-readers", "-1"]).is_err());
        assert!(parse(&["--bench-fresh-keys"]).is_err(), "a demo server only");
        assert!(parse(&["--bench-fresh-keys", "--demo"]).unwrap().unwrap().bench_fresh_keys);
        assert!(parse(&["--help"]).unwrap().is_none());
        assert!(parse(&["--db"]).is_err());
        let a = parse(&["--database", "postgres://zsrd:secret@db:5432/zsrd"]).unwrap().unwrap();
        assert_eq!(a.postgres.as_deref(), Some("postgres://zsrd:secret@db:5432/zsrd"));
        let a = parse(&["--database=sqlite:x/z.db"]).unwrap().unwrap();
        assert_eq!((a.db, a.postgres), (PathBuf::from("x/z.db"), None));
        assert_eq!(without_password("postgres://zsrd:secret@db:5432/zsrd"), "postgres://zsrd@db:5432/zsrd");
        assert_eq!(without_password("postgres://db/zsrd"), "postgres://db/zsrd");
        assert!(parse(&["--addr", "nope"]).is_err());
        assert!(parse(&["--what"]).is_err());
        let a = parse(&[
            "--trusted-proxy-header", "X-Forwarded-For", "--trusted-proxies", "10.0.0.0/8,192.0.2.1",
            "--sms-budget", "200", "--max-connections=50", "--stream-max-secs", "600",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.proxy_header.as_ref().map(|h| h.as_str()), Some("x-forwarded-for"));
        assert_eq!(a.trusted_proxies.len(), 2);
        assert_eq!((a.sms_budget, a.max_connections, a.stream_max_secs), (Some(200), 50, 600));
        assert_eq!(parse(&["--messages-per-hour", "100"]).unwrap().unwrap().messages_per_hour, Some(100));
        let a = parse(&["--shutdown-grace-secs", "25", "--log-format=json"]).unwrap().unwrap();
        assert_eq!((a.shutdown_grace.as_secs(), a.log_format), (25, server::ops::LogFormat::Json));
        let d = parse(&[]).unwrap().unwrap();
        assert_eq!((d.shutdown_grace, d.log_format), (server::serve::SHUTDOWN_GRACE, server::ops::LogFormat::Text));
        assert_eq!(parse(&[]).unwrap().unwrap().messages_per_hour, None);
        assert_eq!(parse(&[]).unwrap().unwrap().api_limit_in_database, None);
        assert_eq!(parse(&["--api-limit", "memory"]).unwrap().unwrap().api_limit_in_database, Some(false));
        assert_eq!(parse(&["--api-limit=database"]).unwrap().unwrap().api_limit_in_database, Some(true));
        assert!(parse(&["--api-limit", "redis"]).is_err());
        let d = parse(&[]).unwrap().unwrap();
        assert_eq!(d.proxy_header, None);
        assert_eq!(d.trusted_proxies.len(), 2, "loopback is trusted by default, the header is not");
        for bad in [
            &["--trusted-proxies", "nope"][..],
            &["--trusted-proxy-header", "bad header"],
            &["--max-connections", "0"],
            &["--stream-max-secs", "-5"],
            &["--sms-budget", "x"],
            &["--shutdown-grace-secs", "-1"],
            &["--log-format", "yaml"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
