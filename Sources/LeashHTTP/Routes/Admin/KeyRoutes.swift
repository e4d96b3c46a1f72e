import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// A signing key as the admin API shows it: public facts only, never the private key.
struct SigningKeyView: Codable, Sendable {
    var kid: String
    var algorithm: String
    /// `current` signs new tokens; `retired` only verifies until `retiresAt`.
    var status: String
    var createdAt: Date
    var retiresAt: Date?

    init(_ key: SigningKey) {
        kid = key.kid
        algorithm = key.algorithm.rawValue
        status = key.retiredAt == nil ? "current" : "retired"
        createdAt = key.createdAt
        retiresAt = key.removeAfter
    }
}

/// The answer to a rotation: the new signer and every published key.
struct KeyRotationView: Codable, Sendable {
    var kid: String
    var algorithm: String
    var keys: [SigningKeyView]
}

/// `/v1/keys`: the token signing keys and their rotation.
struct KeyRoutes: Sendable {
    let inventory: InventoryService
    let keyRing: KeyRing
    let tokens: TokenConfiguration

    func register(on admin: AdminRouter) {
        let store = inventory.store
        let keyRing = self.keyRing
        let tokens = self.tokens

        /// Keys still published (not past their removal time), newest first.
        @Sendable func publishedKeys() async throws -> [SigningKeyView] {
            let now = Date()
            return try await store.read { try $0.signingKeys() }
                .filter { key in key.removeAfter.map { $0 > now } ?? true }
                .sorted { $0.createdAt > $1.createdAt }
                .map(SigningKeyView.init)
        }

        admin.on(.get, "/keys", role: .viewer) { _, _, _ in
            try JSONResponse(ItemList(items: try await publishedKeys()))
        }
        admin.on(.post, "/keys/rotate", role: .admin) { _, _, caller in
            // The old key stays in the JWKS for the longest token lifetime, so every token it signed stays verifiable.
            let kid = try await keyRing.rotate(
                in: store, algorithm: tokens.signingAlgorithm, maxTokenTTL: tokens.maxTokenTTL, now: Date(), actor: caller.id)
            return try JSONResponse(KeyRotationView(kid: kid, algorithm: tokens.signingAlgorithm.rawValue, keys: try await publishedKeys()))
        }
    }
}
