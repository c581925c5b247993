//! The `lockdesk-proxy` command: reads flags and the config, starts the sandbox when asked, serves.
//!
//! All behaviour lives in the library (`lockdesk_proxy::app`); this file only wires it together and
//! must not print or log any secret.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lockdesk_proxy::config::{AuditSettings, Config, Connection, Credential, StateSettings};
use lockdesk_proxy::forward::upstream::{self, BaseUrl};
use secrecy::SecretString;

/// lockdesk-proxy: serves the lockdesk panel and forwards only the operations lockdesk knows to
/// the identity providers in its config, holding their API keys so the browser never sees them.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Config file (TOML) listing the provider connections.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Folder with the built panel (trunk's dist/), served at /.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,
    /// Also start the embedded sandbox on loopback (every provider), with a connection to each.
    #[arg(long)]
    sandbox: bool,
    /// Audit log file (JSONL) when the config has no [audit] section.
    #[arg(long, value_name = "FILE", default_value = "lockdesk-audit.jsonl")]
    audit_log: PathBuf,
    /// State file (SQLite: the changes' idempotency records) when the config has no [state]
    /// section. Default: lockdesk-state.sqlite beside the audit log; with --sandbox, a new file
    /// in a folder of its own under the temporary folder (the sandbox starts afresh too).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Serve a non-loopback address without operator accounts (anyone who reaches it may act).
    #[arg(long)]
    allow_anonymous: bool,
    /// Address for the embedded sandbox (its fault-injection admin endpoint lives there too).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    sandbox_listen: SocketAddr,
}

#[derive(Subcommand)]
enum Command {
    /// Run only the sandbox (every provider); its API key is read from LOCKDESK_SANDBOX_API_KEY.
    Sandbox {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9011")]
        listen: SocketAddr,
        /// Serve only this provider (its config name, e.g. `okta`), at the root as the real one is.
        #[arg(long, value_name = "KIND")]
        only: Option<String>,
    },
    /// Read a password from standard input and print its argon2id hash for the config.
    HashPassword,
    /// Check a config file without starting, and explain each problem.
    CheckConfig {
        /// The config file to check.
        file: PathBuf,
    },
}

/// Users generated in the sandbox beside the seeded ones.
const SANDBOX_USERS: usize = 520;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("LOCKDESK_LOG").unwrap_or_else(|_| "info".into()))
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lockdesk-proxy: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Some(Command::CheckConfig { file }) => {
            let config = Config::load(&file).map_err(|e| e.to_string())?;
            println!("{}: OK, {} connection(s)", file.display(), config.connections.len());
            return Ok(());
        }
        Some(Command::HashPassword) => {
            let mut password = String::new();
            std::io::stdin().read_line(&mut password).map_err(|e| format!("cannot read the password: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.len() < 12 {
                return Err("use a password of at least 12 characters".into());
            }
            println!("{}", lockdesk_proxy::operators::hash_password(password)?);
            return Ok(());
        }
        Some(Command::Sandbox { listen, only }) => {
            let key = std::env::var("LOCKDESK_SANDBOX_API_KEY")
                .map_err(|_| "set LOCKDESK_SANDBOX_API_KEY to the API key the sandbox should accept".to_string())?;
            let sandbox = lockdesk_sandbox::Sandbox::seeded(1, SANDBOX_USERS, key);
            let router = match &only {
                Some(name) => sandbox.router_for(name).ok_or_else(|| {
                    let known: Vec<&str> = lockdesk_sandbox::PROVIDERS.iter().map(|p| p.name).collect();
                    format!("the sandbox has no provider \"{name}\"; it has {}", known.join(", "))
                })?,
                None => sandbox.router(),
            };
            let addr = lockdesk_sandbox::spawn_router(router, listen)
                .await
                .map_err(|e| format!("sandbox on {listen}: {e}"))?;
            let what = only.as_deref().unwrap_or("every provider");
            println!("sandbox ({what}) listening on http://{addr}/");
            return shutdown_signal().await;
        }
        None => {}
    }
    let mut config = match &cli.config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None if cli.sandbox => Config::default(),
        None => {
            return Err("give --config FILE, or --sandbox to try lockdesk on the embedded sandbox (see --help)".into())
        }
    };
    if cli.sandbox {
        let key = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let sandbox = lockdesk_sandbox::Sandbox::seeded(1, SANDBOX_USERS, key.clone());
        let addr = lockdesk_sandbox::spawn(sandbox, cli.sandbox_listen)
            .await
            .map_err(|e| format!("sandbox on {}: {e}", cli.sandbox_listen))?;
        for provider in lockdesk_sandbox::PROVIDERS {
            let name = provider.name;
            let kind = idp::ProviderKind::from_config_name(name)
                .ok_or_else(|| format!("the sandbox's {name} is not a provider lockdesk knows"))?;
            let base_url = BaseUrl::parse(&format!("http://{addr}{}{}", provider.mount, provider.api_path))?;
            let settings = idp::Settings::of(provider.settings);
            idp::adapter(kind, &settings).map_err(|e| format!("the sandbox's {name} settings: {e}"))?;
            config.connections.push(Connection {
                id: format!("{name}-sandbox"),
                label: format!("{} (sandbox)", kind.label()),
                kind,
                address_policy: base_url.policy(false),
                base_url,
                settings,
                credential: Credential::Vault(SecretString::from(key.clone())),
                max_concurrent_requests: lockdesk_proxy::config::DEFAULT_MAX_CONCURRENT,
            });
        }
        println!("sandbox admin (fault injection): http://{addr}/_sandbox/faults");
    }
    if config.operators.is_none() && !cli.listen.ip().is_loopback() && !cli.allow_anonymous {
        return Err(format!(
            "{} is reachable from other machines but the config has no [operators]: anyone could act with the provider keys. Add operator accounts (see README), listen on 127.0.0.1, or pass --allow-anonymous if something in front already restricts access",
            cli.listen
        ));
    }
    let dist = if cli.dist.join("index.html").is_file() {
        Some(cli.dist.clone())
    } else {
        eprintln!(
            "lockdesk-proxy: {} has no index.html, so only the API is served; build the panel with scripts/build-panel.sh or pass --dist DIR",
            cli.dist.display()
        );
        None
    };
    let audit = config.audit.get_or_insert_with(|| AuditSettings::at(cli.audit_log.clone()));
    println!("audit log: {}", audit.path.display());
    let beside_audit = audit.path.with_file_name("lockdesk-state.sqlite");
    // A sandbox's people start afresh, so its keys must too: a file of its own, removed at the end.
    let mut sandbox_state = None;
    if config.state.is_none() {
        let path = match &cli.state {
            Some(path) => path.clone(),
            None if cli.sandbox => {
                let dir = std::env::temp_dir().join(format!("lockdesk-sandbox-{}", uuid::Uuid::new_v4().simple()));
                sandbox_state = Some(dir.clone());
                dir.join("state.sqlite")
            }
            None => beside_audit,
        };
        config.state = Some(StateSettings { path });
    }
    if let Some(state) = &config.state {
        // Opened once here, so a file that cannot be used stops the proxy before it listens.
        let store = lockdesk_proxy::state::SqliteStore::open(&state.path)
            .await
            .map_err(|e| format!("cannot open the state file {}: {e}", state.path.display()))?;
        store.close().await;
        println!("state: {}", state.path.display());
    }
    let client = upstream::client(&config, lockdesk_proxy::forward::resolver::system_lookup())
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
    let (router, draining) = lockdesk_proxy::app_with_draining(config, client, dist)?;
    let listener =
        tokio::net::TcpListener::bind(cli.listen).await.map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!("lockdesk is ready: open http://{local}/");
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let _ = shutdown_signal().await;
        let _ = stop.send(true);
    });
    let signalled = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let serve = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(signalled(stopping.clone()))
        .into_future();
    // Open connections get a grace period, then serving ends whatever they do (a client that
    // never finishes its request must not keep the proxy from stopping).
    let grace = async {
        signalled(stopping).await;
        tokio::time::sleep(CONNECTIONS_WITHIN).await;
    };
    tokio::select! {
        served = serve => served.map_err(|e| e.to_string())?,
        () = grace => eprintln!("lockdesk-proxy: connections still open after {}s; stopping", CONNECTIONS_WITHIN.as_secs()),
    }
    // Changes run detached from their requests: let the ones under way finish and be recorded.
    let running = draining.running();
    if running > 0 {
        println!("waiting up to {}s for {running} change(s) under way to finish", DRAIN_WITHIN.as_secs());
        if !draining.wait(DRAIN_WITHIN).await {
            eprintln!("lockdesk-proxy: stopped with changes still under way; the audit log shows them as unfinished");
        }
    }
    if let Some(dir) = sandbox_state {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}

/// How long a stopping proxy lets open connections finish their requests.
const CONNECTIONS_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);
/// How long it then waits for changes still under way (their calls take at most about 80 s).
const DRAIN_WITHIN: std::time::Duration = std::time::Duration::from_secs(85);

async fn shutdown_signal() -> Result<(), String> {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).map_err(|e| e.to_string())?;
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    ctrl_c.await.map_err(|e| e.to_string())?;
    Ok(())
}
