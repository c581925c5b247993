//! The idempotency records in an embedded SQLite file, through sqlx (`sqlx::query` with binds;
//! no compile-time checked queries, no `DATABASE_URL`). The table is created when the store is
//! first used (`CREATE TABLE IF NOT EXISTS`), records untouched for `KEEP_FOR` are deleted then
//! and hourly after, the file is in WAL mode, and every write is synced before it returns.
//!
//! One proxy per file: the locks that make two requests with one key wait for each other are the
//! proxy's own (in memory). This module stores what it is given and decides nothing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::Row;

use super::{now_ms, Claimed, Fingerprint, Record, RecordId, RecordState, Store, StoreError, StoreFuture, StoredReply};

/// How often an open store deletes old records.
const PRUNE_EVERY_MS: i64 = 60 * 60 * 1000;

const SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS idempotency (
        connection TEXT NOT NULL,
        key TEXT NOT NULL,
        operator TEXT NOT NULL,
        operation TEXT NOT NULL,
        target TEXT NOT NULL,
        digest TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in_progress', 'final', 'retryable')),
        status INTEGER,
        content_type TEXT,
        headers TEXT,
        body BLOB,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (connection, key)
    ) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS idempotency_updated ON idempotency (updated_ms)",
];

const COLUMNS: &str =
    "connection, key, operator, operation, target, digest, state, status, content_type, headers, body, created_ms, updated_ms";

/// Idempotency records in one SQLite file.
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
    /// Table created and old records deleted (once per store; tried again after a failure).
    ready: tokio::sync::OnceCell<()>,
    last_pruned_ms: AtomicI64,
}

fn failed(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| StoreError(format!("the state file could not {what}: {e}"))
}

impl SqliteStore {
    /// The store in `path` (the file and its folder are created if missing), without touching the
    /// file yet: its first use creates the table and deletes old records. Needs a Tokio runtime.
    pub fn open_lazy(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError(format!("cannot create the folder {}: {e}", dir.display())))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL, not NORMAL: with WAL, NORMAL may lose the last commits on a power loss, and an
            // `in_progress` record must be on disk before its change is forwarded (like the audit
            // log's `started` line). FULL syncs the WAL on every commit; writes are one per change.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(5))
            .connect_lazy_with(options);
        Ok(SqliteStore {
            pool,
            path: path.to_owned(),
            ready: tokio::sync::OnceCell::new(),
            last_pruned_ms: AtomicI64::new(0),
        })
    }

    /// The store in `path`, its table created and records older than `KEEP_FOR` deleted.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let store = SqliteStore::open_lazy(path)?;
        store.ready().await?;
        Ok(store)
    }

    /// The file the records are in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the file's connections (waits for queries under way).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn ready(&self) -> Result<(), StoreError> {
        self.ready
            .get_or_try_init(|| async {
                for statement in SCHEMA {
                    sqlx::query(statement).execute(&self.pool).await.map_err(failed("be opened"))?;
                }
                self.prune_old().await
            })
            .await
            .map(|_| ())
    }

    async fn prune_old(&self) -> Result<(), StoreError> {
        let now = now_ms();
        self.last_pruned_ms.store(now, Ordering::Relaxed);
        let keep_ms = i64::try_from(super::KEEP_FOR.as_millis()).unwrap_or(i64::MAX);
        let gone = self.delete_before(now.saturating_sub(keep_ms)).await?;
        if gone > 0 {
            tracing::info!(records = gone, "old idempotency records deleted");
        }
        Ok(())
    }

    async fn delete_before(&self, before_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM idempotency WHERE updated_ms < ?")
            .bind(before_ms)
            .execute(&self.pool)
            .await
            .map_err(failed("delete old records"))?;
        Ok(done.rows_affected())
    }

    async fn read(&self, id: &RecordId) -> Result<Option<Record>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM idempotency WHERE connection = ? AND key = ?"))
            .bind(&id.connection)
            .bind(&id.key)
            .fetch_optional(&self.pool)
            .await
            .map_err(failed("be read"))?;
        row.map(|row| record(&row)).transpose()
    }
}

/// A row as a record.
fn record(row: &SqliteRow) -> Result<Record, StoreError> {
    let bad = |e: sqlx::Error| StoreError(format!("the state file holds a record lockdesk-proxy cannot read: {e}"));
    let text = |name: &str| row.try_get::<String, _>(name).map_err(bad);
    let state = match text("state")?.as_str() {
        "in_progress" => RecordState::InProgress,
        "retryable" => RecordState::Retryable,
        "final" => {
            let status = row.try_get::<i64, _>("status").map_err(bad)?;
            let headers: Option<String> = row.try_get("headers").map_err(bad)?;
            let headers = serde_json::from_str(headers.as_deref().unwrap_or("[]"))
                .map_err(|e| StoreError(format!("the state file holds unreadable reply headers: {e}")))?;
            RecordState::Final(StoredReply {
                status: u16::try_from(status).map_err(|_| StoreError(format!("status {status} out of range")))?,
                content_type: row.try_get("content_type").map_err(bad)?,
                headers,
                body: row.try_get::<Option<Vec<u8>>, _>("body").map_err(bad)?.unwrap_or_default(),
            })
        }
        other => return Err(StoreError(format!("the state file holds an unknown state \"{other}\""))),
    };
    Ok(Record {
        id: RecordId { connection: text("connection")?, key: text("key")? },
        fingerprint: Fingerprint {
            operator: text("operator")?,
            operation: text("operation")?,
            target: text("target")?,
            digest: text("digest")?,
        },
        state,
        created_ms: row.try_get("created_ms").map_err(bad)?,
        updated_ms: row.try_get("updated_ms").map_err(bad)?,
    })
}

impl Store for SqliteStore {
    fn claim<'a>(&'a self, id: &'a RecordId, fingerprint: &'a Fingerprint) -> StoreFuture<'a, Claimed> {
        Box::pin(async move {
            self.ready().await?;
            if now_ms().saturating_sub(self.last_pruned_ms.load(Ordering::Relaxed)) > PRUNE_EVERY_MS {
                self.prune_old().await?;
            }
            let now = now_ms();
            let written = sqlx::query(
                "INSERT INTO idempotency (connection, key, operator, operation, target, digest, state, created_ms, updated_ms)
                 VALUES (?, ?, ?, ?, ?, ?, 'in_progress', ?, ?) ON CONFLICT (connection, key) DO NOTHING",
            )
            .bind(&id.connection)
            .bind(&id.key)
            .bind(&fingerprint.operator)
            .bind(&fingerprint.operation)
            .bind(&fingerprint.target)
            .bind(&fingerprint.digest)
            .bind(now)
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(failed("be written"))?;
            if written.rows_affected() == 1 {
                return Ok(Claimed::Fresh);
            }
            match self.read(id).await? {
                Some(record) => Ok(Claimed::Existing(Box::new(record))),
                None => Err(StoreError("a record went while it was being claimed".into())),
            }
        })
    }

    fn set<'a>(&'a self, id: &'a RecordId, state: &'a RecordState) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.ready().await?;
            let reply = match state {
                RecordState::Final(reply) => Some(reply),
                RecordState::InProgress | RecordState::Retryable => None,
            };
            let headers = reply
                .map(|r| serde_json::to_string(&r.headers))
                .transpose()
                .map_err(|e| StoreError(format!("reply headers could not be written as JSON: {e}")))?;
            let written = sqlx::query(
                "UPDATE idempotency SET state = ?, status = ?, content_type = ?, headers = ?, body = ?, updated_ms = ?
                 WHERE connection = ? AND key = ?",
            )
            .bind(state.word())
            .bind(reply.map(|r| i64::from(r.status)))
            .bind(reply.and_then(|r| r.content_type.as_deref()))
            .bind(headers)
            .bind(reply.map(|r| r.body.as_slice()))
            .bind(now_ms())
            .bind(&id.connection)
            .bind(&id.key)
            .execute(&self.pool)
            .await
            .map_err(failed("be written"))?;
            match written.rows_affected() {
                0 => Err(StoreError("no record for that key".into())),
                _ => Ok(()),
            }
        })
    }

    fn get<'a>(&'a self, id: &'a RecordId) -> StoreFuture<'a, Option<Record>> {
        Box::pin(async move {
            self.ready().await?;
            self.read(id).await
        })
    }

    fn prune(&self, before_ms: i64) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            self.ready().await?;
            self.delete_before(before_ms).await
        })
    }
}

#[cfg(test)]
mod tests;
