import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Token identifiers (`jti`, RFC 7519 §4.1.7): 128 bits from the system CSPRNG, base64url.
///
/// The bits come from `arc4random_buf` (the kernel's `getrandom` on Linux) 4 KiB at a time
/// rather than one system call per token, which on the token path cost more than the rest of
/// the identifier. Each 16 bytes are handed out once and zeroed in the pool as they go.
final class TokenIDSource: Sendable {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: TokenIDSource.poolSize)
        var next = TokenIDSource.poolSize
    }

    private static let poolSize = 4096
    private static let idSize = 16
    private let pool = Mutex(Pool())

    /// Creates a source with an empty pool (filled on first use).
    init() {}

    /// A fresh identifier: 22 base64url characters.
    func next() -> String {
        var id = [UInt8](repeating: 0, count: Self.idSize)
        pool.withLock { pool in
            if pool.next + Self.idSize > pool.bytes.count {
                pool.bytes.withUnsafeMutableBytes { buffer in
                    if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
                }
                pool.next = 0
            }
            for index in 0..<Self.idSize {
                id[index] = pool.bytes[pool.next + index]
                pool.bytes[pool.next + index] = 0
            }
            pool.next += Self.idSize
        }
        return Base64URL.encode(id)
    }
}
