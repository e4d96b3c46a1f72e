import Foundation
import LeashCore
import LeashStore

extension KeyRing {
    /// Opens the key ring from the store, generating the first signing key on first start.
    public static func open(store: any LeashStore, algorithm: SigningAlgorithm, now: Date) async throws -> KeyRing {
        let stored = try await store.write { transaction -> [SigningKey] in
            let keys = try transaction.signingKeys()
            guard !keys.contains(where: { $0.retiredAt == nil && ($0.removeAfter.map { $0 > now } ?? true) }) else {
                return keys
            }
            let key = SigningKey.generate(algorithm: algorithm, now: now)
            try transaction.insert(key)
            try transaction.appendAudit(
                AuditDraft(
                    time: now, actor: "system", action: "signing_key.create", targetType: "signing_key",
                    targetID: key.kid, after: key.publicJWK))
            return keys + [key]
        }
        return try await KeyRing(keys: stored, now: now)
    }

    /// Makes a new key the signer. Each retired key stays in the JWKS until `now + maxTokenTTL`
    /// (every token it signed has expired by then), after which it is deleted. Returns the new key's kid.
    @discardableResult
    public func rotate(
        in store: any LeashStore, algorithm: SigningAlgorithm, maxTokenTTL: Int, now: Date, actor: String = "system"
    ) async throws -> String {
        let removeAfter = now.addingTimeInterval(TimeInterval(maxTokenTTL))
        let stored = try await store.write { transaction -> [SigningKey] in
            for var old in try transaction.signingKeys() {
                if let leaving = old.removeAfter, leaving <= now {
                    try transaction.deleteSigningKey(kid: old.kid)
                } else if old.retiredAt == nil {
                    old.retiredAt = now
                    old.removeAfter = removeAfter
                    try transaction.update(old)
                }
            }
            let key = SigningKey.generate(algorithm: algorithm, now: now)
            try transaction.insert(key)
            try transaction.appendAudit(
                AuditDraft(
                    time: now, actor: actor, action: "signing_key.rotate", targetType: "signing_key",
                    targetID: key.kid, after: key.publicJWK))
            return try transaction.signingKeys()
        }
        try await reload(stored, now: now)
        return signingKeyID
    }
}
