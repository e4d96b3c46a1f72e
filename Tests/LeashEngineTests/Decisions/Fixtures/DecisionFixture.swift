import Crypto
import Foundation
import LeashCore
import LeashStore
import Synchronization

@testable import LeashEngine

/// Collects the records the decision engine hands over.
final class CollectedRecords: DecisionRecordSink {
    private let records = Mutex<[DecisionRecord]>([])

    func record(_ record: DecisionRecord) async { records.withLock { $0.append(record) } }

    var all: [DecisionRecord] { records.withLock { $0 } }
}

/// A real SQLite store with the token engine and the decision engine on top of it, and a small
/// estate: API `orders` (audience `https://orders.example`) with three operations, identity `svc-a`
/// with a client secret and grants `orders:read orders:write`, and a baseline permit-all policy.
struct DecisionFixture {
    static let audience = "https://orders.example"
    static let baseline = #"@id("baseline-permit") permit(principal is Leash::Identity, action, resource);"#

    let tokens: TokenFixture
    let engine: DecisionEngine
    let records: CollectedRecords
    let secret: String
    let credentialID: String

    var store: SQLiteStore { tokens.store }
    var clock: TestClock { tokens.clock }
    var inventory: InventoryService { InventoryService(store: tokens.store, now: { [clock] in clock.now }) }
    var revocations: RevocationService {
        RevocationService(
            engine: engine, inventory: inventory, tokenSnapshots: tokens.service.snapshots, now: { [clock] in clock.now })
    }
    var rateLimits: RateLimitService { RateLimitService(engine: engine, inventory: inventory, now: { [clock] in clock.now }) }

    static func make(
        configuration: DecisionConfiguration = DecisionConfiguration(issuer: TokenFixture.issuer),
        policy: String = DecisionFixture.baseline
    ) async throws -> DecisionFixture {
        let tokens = try await TokenFixture.make()
        try await tokens.addAPI("orders", audience: audience)
        try await tokens.addIdentity("svc-a")
        let secret = try await tokens.addSecret(to: "svc-a")
        try await tokens.addGrant("svc-a", api: "orders", scope: "orders:read")
        try await tokens.addGrant("svc-a", api: "orders", scope: "orders:write")
        let operations = [
            Operation(api: "orders", id: "getOrder", method: "GET", pathTemplate: "/orders/{id}", scope: "orders:read", sensitivity: .internal, scopeSource: .security),
            Operation(api: "orders", id: "deleteOrder", method: "DELETE", pathTemplate: "/orders/{id}", scope: "orders:write", sensitivity: .confidential, scopeSource: .security),
            Operation(api: "orders", id: "adminReport", method: "GET", pathTemplate: "/admin", scope: "orders:admin", sensitivity: .restricted, scopeSource: .security),
        ]
        try await tokens.store.write { transaction in
            try transaction.replaceOperations(api: "orders", with: operations)
        }
        let credentialID = try await tokens.store.read { try $0.credentials(identityID: "svc-a").first?.id } ?? ""
        let records = CollectedRecords()
        let clock = tokens.clock
        let engine = try await DecisionEngine.open(
            store: tokens.store, configuration: configuration, recorder: records, now: { clock.now })
        let fixture = DecisionFixture(
            tokens: tokens, engine: engine, records: records, secret: secret, credentialID: credentialID)
        try await fixture.installPolicy(policy, mode: .enforced)
        return fixture
    }

    func close() { tokens.close() }

    /// Stores `text` as the next policy version and makes it current for `mode`.
    func installPolicy(_ text: String, mode: PolicyMode) async throws {
        let now = clock.now
        try await store.write { transaction in
            let version = try transaction.latestPolicyVersionNumber() + 1
            try transaction.insert(
                PolicyVersion(
                    version: version, files: ["main.cedar": text], mode: mode, createdAt: now, createdBy: "test",
                    digest: String(repeating: "0", count: 64)))
            try transaction.setCurrentPolicyVersion(version, mode: mode)
        }
        try await engine.refresh()
    }

    /// A token for `svc-a` with `scope` (default: every granted scope).
    func token(scope: String? = nil) async throws -> String {
        var extra = ["resource": Self.audience]
        if let scope { extra["scope"] = scope }
        return try await tokens.clientCredentials("svc-a", secret, extra).accessToken
    }

    /// A fresh token and the claims the snapshot's verifier reads from it (for tests of the cache).
    func verifiedToken() async throws -> (token: String, claims: VerifiedAccessToken) {
        let token = try await token()
        guard let claims = engine.snapshot.verifier.verify(Substring(token)) else {
            throw FixtureError("a fresh token did not verify")
        }
        return (token, claims)
    }

    /// Decides `method path` with `token` at the fixture's clock.
    func decide(_ token: String?, _ method: String = "GET", _ path: String = "/orders/42", source: String? = "10.1.2.3") -> DecisionOutcome {
        engine.decide(DecisionInput(method: method, path: path, bearerToken: token, sourceAddress: source, time: clock.now))
    }

    /// Signs arbitrary header and claims with Leash's own current signing key (for tokens the token
    /// service would never issue: wrong `typ`, wrong `iss`, unknown `aud`, future `nbf`).
    func signWithLeashKey(header: [String: String], claims: [String: Any]) async throws -> String {
        let keys = try await store.read { try $0.signingKeys() }
        guard let stored = keys.first(where: { $0.retiredAt == nil }) else { throw FixtureError("no signing key") }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: stored.privateKey)
        var fullHeader = ["alg": "EdDSA", "kid": stored.kid]
        fullHeader.merge(header) { _, new in new }
        let input =
            Base64URL.encode(try JSONSerialization.data(withJSONObject: fullHeader, options: .sortedKeys)) + "."
            + Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    /// The claims the token service would issue for `svc-a` now, as a dictionary to alter.
    func standardClaims() -> [String: Any] {
        let now = Int64(clock.now.timeIntervalSince1970)
        return [
            "iss": TokenFixture.issuer, "sub": "svc-a", "client_id": "svc-a", "aud": Self.audience,
            "scope": "orders:read", "jti": UUID().uuidString, "iat": now, "nbf": now, "exp": now + 300,
        ]
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
