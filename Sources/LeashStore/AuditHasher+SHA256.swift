import Crypto
import LeashCore

extension AuditHasher {
    /// SHA-256 (swift-crypto), the hash of Leash's audit chain.
    public static var sha256: AuditHasher {
        AuditHasher { bytes in Array(SHA256.hash(data: bytes)) }
    }
}
