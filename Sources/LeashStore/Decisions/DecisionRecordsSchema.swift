import GRDB

extension Schema {
    /// `v2-decisions`: the raw decision records and the per-day usage aggregates.
    ///
    /// Shaped for the analyzer (issue 5), which streams millions of records in time order:
    /// - `decision_records` is append-only; its rowid is the append order and `decision_records_time`
    ///   (time, rowid) serves the time-ordered keyset scan (`WHERE (time, id) > (?, ?)`) and retention
    ///   pruning, `decision_records_identity` one identity's window (replay proofs, `GET /v1/decisions`).
    ///   Nullable columns are NULL rather than empty so rows stay small; list columns (`policy_ids`,
    ///   `shadow_policy_ids`, `act`) hold the ids joined by U+001F (see `DecisionRecordColumns`), which
    ///   reads back far faster than JSON.
    /// - `decision_usage` has one row per identity × API × operation × UTC day (days since 1970), keyed
    ///   without a rowid so a key lookup is one B-tree descent; `sources` holds `DistinctSources.encoded`.
    ///   Rows are kept when raw records are pruned.
    static func registerDecisionRecordMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-decisions") { db in
            try db.execute(sql: """
                CREATE TABLE decision_records (
                    id INTEGER PRIMARY KEY NOT NULL,
                    time INTEGER NOT NULL,
                    identity_id TEXT,
                    credential_id TEXT,
                    jti TEXT,
                    api TEXT,
                    operation_id TEXT,
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    allowed INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    policy_ids TEXT,
                    shadow_allowed INTEGER,
                    shadow_policy_ids TEXT,
                    source TEXT,
                    latency_us INTEGER NOT NULL,
                    act TEXT
                ) STRICT;
                CREATE INDEX decision_records_time ON decision_records(time);
                CREATE INDEX decision_records_identity ON decision_records(identity_id, time);

                CREATE TABLE decision_usage (
                    identity_id TEXT NOT NULL,
                    api TEXT NOT NULL,
                    operation_id TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    allowed INTEGER NOT NULL,
                    denied INTEGER NOT NULL,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    sources BLOB NOT NULL,
                    PRIMARY KEY (identity_id, api, operation_id, day)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX decision_usage_day ON decision_usage(day);
                """)
        }
    }
}
