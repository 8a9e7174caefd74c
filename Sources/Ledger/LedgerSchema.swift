/// The ledger's tables after the first version. Plain SQL, so the triggers and constraints
/// that protect billing data read as what SQLite enforces.
enum LedgerSchema {
    static let version2 = """
        CREATE TABLE subscribers (
            id TEXT PRIMARY KEY NOT NULL,
            email TEXT NOT NULL,
            tier TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
            external_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE subscriber_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            subscriber_id TEXT NOT NULL REFERENCES subscribers(id),
            action TEXT NOT NULL,
            detail TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TRIGGER subscriber_audit_no_update BEFORE UPDATE ON subscriber_audit
            BEGIN SELECT RAISE(ABORT, 'subscriber_audit is append-only'); END;
        CREATE TRIGGER subscriber_audit_no_delete BEFORE DELETE ON subscriber_audit
            BEGIN SELECT RAISE(ABORT, 'subscriber_audit is append-only'); END;

        CREATE TABLE usage_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) <= 100),
            event TEXT NOT NULL,
            subscriber_id TEXT,
            value INTEGER NOT NULL,
            occurred_at TEXT NOT NULL,
            source TEXT NOT NULL,
            properties TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX usage_events_by_time ON usage_events(occurred_at);
        CREATE TRIGGER usage_events_no_update BEFORE UPDATE ON usage_events
            BEGIN SELECT RAISE(ABORT, 'usage_events is append-only'); END;
        CREATE TRIGGER usage_events_no_delete BEFORE DELETE ON usage_events
            BEGIN SELECT RAISE(ABORT, 'usage_events is append-only'); END;

        CREATE TABLE exports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id INTEGER NOT NULL REFERENCES usage_events(id),
            target TEXT NOT NULL CHECK (target IN ('stripe', 'lago')),
            batch TEXT NOT NULL,
            exported_at TEXT NOT NULL
        );
        CREATE INDEX exports_by_event ON exports(event_id, target);

        ALTER TABLE builds ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
        """
}

extension LedgerSchema {
    /// Delivery: whether a subscriber takes the email edition, the alert endpoints, and the
    /// outbox every email and alert passes through (a row first, a network call second).
    static let version5 = """
        ALTER TABLE subscribers ADD COLUMN email_state TEXT NOT NULL DEFAULT 'on' CHECK (email_state IN ('on', 'off', 'bounced'));

        CREATE TABLE endpoints (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            subscriber_id TEXT REFERENCES subscribers(id),
            tier TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack', 'discord', 'telegram')),
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
            detail TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE outbox (
            id TEXT PRIMARY KEY NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'slack', 'discord', 'telegram')),
            edition TEXT NOT NULL,
            tier TEXT NOT NULL,
            subscriber_id TEXT REFERENCES subscribers(id),
            endpoint_id INTEGER REFERENCES endpoints(id),
            address TEXT NOT NULL,
            payload BLOB NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'retrying', 'sent', 'bounced', 'disabled', 'cancelled', 'failed')),
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            next_attempt_at TEXT NOT NULL,
            last_result TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

        CREATE TABLE outbox_attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            outbox_id TEXT NOT NULL REFERENCES outbox(id),
            attempt INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            result TEXT NOT NULL
        );
        CREATE TRIGGER outbox_attempts_no_update BEFORE UPDATE ON outbox_attempts
            BEGIN SELECT RAISE(ABORT, 'outbox_attempts is append-only'); END;
        CREATE TRIGGER outbox_attempts_no_delete BEFORE DELETE ON outbox_attempts
            BEGIN SELECT RAISE(ABORT, 'outbox_attempts is append-only'); END;
        """
}
