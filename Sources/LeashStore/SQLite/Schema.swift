import GRDB

/// The SQLite schema, as an ordered list of migrations. GRDB records applied ones in `grdb_migrations`.
enum Schema {
    /// All migrations, oldest first. Never edit a released migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-inventory") { db in
            // Dates are INTEGER milliseconds since 1970 (UTC); lists and maps are JSON text.
            try db.execute(sql: """
                CREATE TABLE identities (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    trust_tier TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    review_by INTEGER,
                    expires_at INTEGER,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX identities_owner ON identities(owner);

                CREATE TABLE credentials (
                    id TEXT PRIMARY KEY NOT NULL,
                    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE RESTRICT,
                    kind TEXT NOT NULL,
                    secret_hash TEXT UNIQUE,
                    hint TEXT,
                    public_jwk TEXT,
                    kid TEXT,
                    created_at INTEGER NOT NULL,
                    last_used_at INTEGER,
                    expires_at INTEGER,
                    revoked_at INTEGER,
                    replaced_by TEXT,
                    rotated_from TEXT
                ) STRICT;
                CREATE INDEX credentials_identity ON credentials(identity_id);

                CREATE TABLE apis (
                    name TEXT PRIMARY KEY NOT NULL,
                    audience TEXT NOT NULL UNIQUE,
                    owner TEXT NOT NULL,
                    sensitivity TEXT NOT NULL,
                    max_token_ttl INTEGER,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                ) STRICT;

                CREATE TABLE grants (
                    id TEXT PRIMARY KEY NOT NULL,
                    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE RESTRICT,
                    api TEXT NOT NULL REFERENCES apis(name) ON DELETE RESTRICT,
                    scope TEXT NOT NULL,
                    expires_at INTEGER,
                    justification TEXT,
                    granted_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (identity_id, api, scope)
                ) STRICT;
                CREATE INDEX grants_api ON grants(api);

                CREATE TABLE trusted_issuers (
                    id TEXT PRIMARY KEY NOT NULL,
                    issuer TEXT NOT NULL,
                    jwks TEXT,
                    jwks_url TEXT,
                    allowed_audiences TEXT NOT NULL,
                    claim_rules TEXT NOT NULL,
                    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE RESTRICT,
                    max_scopes TEXT,
                    max_ttl INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX trusted_issuers_issuer ON trusted_issuers(issuer);

                CREATE TABLE admin_credentials (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    secret_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                ) STRICT;

                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY NOT NULL,
                    algorithm TEXT NOT NULL,
                    private_key BLOB NOT NULL,
                    public_jwk TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    retired_at INTEGER,
                    remove_after INTEGER
                ) STRICT;

                CREATE TABLE revoked_tokens (
                    jti TEXT PRIMARY KEY NOT NULL,
                    expires_at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX revoked_tokens_expiry ON revoked_tokens(expires_at);

                CREATE TABLE audit_events (
                    sequence INTEGER PRIMARY KEY NOT NULL,
                    time INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target_type TEXT NOT NULL,
                    target_id TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                ) STRICT;
                """)
        }
        // Each part of the store registers its own migrations, in this order.
        registerCatalogMigrations(&migrator)
        registerPolicyMigrations(&migrator)
        registerDecisionMigrations(&migrator)
        registerAnalysisMigrations(&migrator)
        return migrator
    }
}
