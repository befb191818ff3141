//! `server`: the 掌上人大 reference backend.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use server::{app, demo, open_db, AppState, Config};

const HELP: &str = "\
server — 掌上人大 reference backend (API /api/v1 + the built web app)

USAGE:
    server [OPTIONS]

OPTIONS:
    --addr <host:port>   Address to listen on [default: 127.0.0.1:8080]
    --db <path>          SQLite database file, created and migrated on start;
                         its directory is created [default: data/zsrd.db]
    --static <dir>       Directory of the built web app (Trunk's dist) [default: dist]
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
    -h, --help           Print this help

Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=debug) for more.
";

struct Args {
    addr: SocketAddr,
    db: PathBuf,
    static_dir: PathBuf,
    name: String,
    township: String,
    emblem: Option<String>,
    main_station: Option<String>,
    demo: bool,
    relaxed_limits: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut out = Args {
        addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
        db: PathBuf::from("data/zsrd.db"),
        static_dir: PathBuf::from("dist"),
        name: String::new(),
        township: String::new(),
        emblem: None,
        main_station: None,
        demo: false,
        relaxed_limits: false,
    };
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
            "--db" => out.db = PathBuf::from(value("--db")?),
            "--static" => out.static_dir = PathBuf::from(value("--static")?),
            "--name" => out.name = value("--name")?,
            "--township" => out.township = value("--township")?,
            "--emblem" => out.emblem = Some(value("--emblem")?),
            "--main-station" => out.main_station = Some(value("--main-station")?),
            "--demo" => out.demo = true,
            "--relaxed-limits" => out.relaxed_limits = true,
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Some(out))
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
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
    tracing::info!("shutting down");
}

async fn run(args: Args) -> Result<(), String> {
    let db = open_db(&args.db).map_err(|e| e.to_string())?;
    tracing::info!("database {}", args.db.display());
    if args.demo {
        demo::seed_all(&db)?;
        tracing::warn!("--demo: sign-in codes are returned in the API answer (demo only)");
    }
    if args.relaxed_limits {
        tracing::warn!("--relaxed-limits: rate limits relaxed; for automated tests only");
    }
    if !args.static_dir.join("index.html").is_file() {
        tracing::warn!(
            "{} has no index.html: the web app is not built (run `make run`); the API works",
            args.static_dir.display()
        );
    }
    let config = Config {
        static_dir: args.static_dir,
        name: args.name,
        township: args.township,
        emblem: args.emblem,
        main_station: args.main_station,
        demo: args.demo,
        limits: if args.relaxed_limits {
            server::Limits::relaxed()
        } else {
            server::Limits::default()
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
    // deadline alerts (approaching / passed), every minute
    server::notify::spawn_sweeper(state.clone());
    // uploads never attached to a message, after a day
    server::uploads::spawn_cleaner(state.clone());
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    tracing::info!("listening on http://{}", args.addr);
    let hub = std::sync::Arc::clone(state.hub());
    let shutdown = async move {
        shutdown_signal().await;
        // notification streams never end by themselves: end them, so that the open
        // connections can finish
        hub.close_all();
    };
    server::serve::serve(listener, app(state), shutdown)
        .await
        .map_err(|e| format!("server error: {e}"))
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
    init_logging();
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
        assert!(parse(&["--help"]).unwrap().is_none());
        assert!(parse(&["--db"]).is_err());
        assert!(parse(&["--addr", "nope"]).is_err());
        assert!(parse(&["--what"]).is_err());
    }
}
