import Crypto
import Foundation
import LeashCore

/// Making and checking Leash static secrets: CSPRNG generation, SHA-256 storage form, constant-time comparison.
public enum SecretHashing {
    /// A fresh secret of `kind` from 32 bytes of the system CSPRNG, in the DESIGN.md format.
    public static func generate(kind: SecretKind) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<SecretFormat.minimumRandomBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SecretFormat.make(kind: kind, randomBytes: bytes)
    }

    /// Lower-case hex SHA-256 of the secret's UTF-8 bytes: the only form ever stored.
    public static func hash(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Compares two strings in time that depends only on their lengths, never on where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
    }

    /// Compares two byte strings in time that depends only on their lengths, never on where they differ.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// Whether `secret` hashes to `storedHash`, compared in constant time.
    public static func matches(_ secret: String, storedHash: String) -> Bool {
        constantTimeEquals(hash(secret), storedHash)
    }
}
