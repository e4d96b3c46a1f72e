import Foundation
import LeashCore
import LeashStore

/// A fresh data directory under the system temp dir, removed when the test is done.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("leash-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a real SQLite store in a fresh temp dir, then closes and deletes it.
func withStore<T>(_ body: (SQLiteStore, TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try SQLiteStore(dataDirectory: directory.url)
    do {
        let result = try await body(store, directory)
        try store.close()
        return result
    } catch {
        try? store.close()
        throw error
    }
}

/// Sample records with whole-millisecond dates, so they round-trip exactly.
enum Sample {
    static let now = Date(timeIntervalSince1970: 1_800_000_000.250)

    static func identity(_ id: String = "payments-api", owner: String = "team-payments", kind: IdentityKind = .service)
        -> Identity
    {
        Identity(
            id: id, kind: kind, name: "Payments API", owner: owner, purpose: "charges cards", trustTier: .partner,
            environment: "prod", tenant: "acme", labels: ["team": "payments", "app.kubernetes.io/name": "pay"],
            reviewBy: now.addingTimeInterval(86_400 * 90), expiresAt: nil, status: .active, createdAt: now,
            updatedAt: now)
    }

    static func secret(_ id: String = "cred_1", identity: String = "payments-api", hash: String = "ab12") -> Credential {
        Credential(
            id: id, identityID: identity, kind: .clientSecret, secretHash: hash, hint: "leash_cs_AbC", createdAt: now)
    }

    static func key(_ id: String = "cred_k1", identity: String = "payments-api") -> Credential {
        Credential(
            id: id, identityID: identity, kind: .publicKey, publicJWK: #"{"kty":"OKP"}"#, kid: "k1", createdAt: now,
            expiresAt: now.addingTimeInterval(3600))
    }

    static func api(_ name: String = "orders", audience: String = "https://orders.example.com") -> API {
        API(
            name: name, audience: audience, owner: "team-orders", sensitivity: .confidential, maxTokenTTL: 600,
            createdAt: now, updatedAt: now)
    }

    static func grant(_ id: String = "grant_1", identity: String = "payments-api", api: String = "orders",
                      scope: String = "orders:read") -> Grant {
        Grant(
            id: id, identityID: identity, api: api, scope: scope, expiresAt: now.addingTimeInterval(7200),
            justification: "ticket 42", grantedBy: "admin_1", createdAt: now)
    }

    static func issuer(_ id: String = "issuer_1", identity: String = "payments-api") -> TrustedIssuer {
        TrustedIssuer(
            id: id, issuer: "https://token.actions.githubusercontent.com", jwksURL: "https://example.com/jwks",
            allowedAudiences: ["https://leash.example.com"],
            claimRules: ["repository_id": "123", "kubernetes.io.namespace": "payments"], identityID: identity,
            maxScopes: ["orders:read"], maxTTL: 300, createdAt: now)
    }

    static func draft(_ action: String = "identity.update", target: String = "payments-api") -> AuditDraft {
        AuditDraft(time: now, actor: "admin_1", action: action, targetType: "identity", targetID: target,
                   before: "{}", after: "{\"x\":1}")
    }
}
