import Foundation

/// One call to decide, as a gateway forwards it: what is asked, with which token, from where, when.
public struct DecisionInput: Sendable, Hashable {
    /// The request method, as sent (compared upper-case).
    public var method: String
    /// The raw request target: path, possibly with a query, percent-encoding and dot-segments.
    public var path: String
    /// The `Authorization` header value (`Bearer <token>`), or nil when the call carried none.
    public var authorization: String?
    /// The caller's address, when known.
    public var sourceAddress: String?
    /// When the call is decided.
    public var time: Date

    /// Creates an input from the `Authorization` header value.
    public init(method: String, path: String, authorization: String?, sourceAddress: String? = nil, time: Date) {
        self.method = method
        self.path = path
        self.authorization = authorization
        self.sourceAddress = sourceAddress
        self.time = time
    }

    /// Creates an input from a bare bearer token (in-process callers such as middleware and benchmarks).
    public init(method: String, path: String, bearerToken: String?, sourceAddress: String? = nil, time: Date) {
        self.init(
            method: method, path: path, authorization: bearerToken.map { "Bearer " + $0 }, sourceAddress: sourceAddress,
            time: time)
    }

    /// The token of a `Bearer` authorization (RFC 6750 §2.1: scheme case-insensitive, one space,
    /// then the token), or nil for no header, another scheme, or an empty token.
    public var bearerToken: Substring? {
        guard let authorization else { return nil }
        let utf8 = authorization.utf8
        guard utf8.count > 7 else { return nil }
        var index = utf8.startIndex
        for expected in "bearer".utf8 {
            // ASCII case folding: OR 0x20 lowers A–Z and leaves lower-case letters as they are.
            guard utf8[index] | 0x20 == expected else { return nil }
            index = utf8.index(after: index)
        }
        guard utf8[index] == UInt8(ascii: " ") else { return nil }
        var start = utf8.index(after: index)
        while start < utf8.endIndex, utf8[start] == UInt8(ascii: " ") { start = utf8.index(after: start) }
        var end = utf8.endIndex
        while end > start, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        guard start < end else { return nil }
        return authorization[start..<end]
    }
}
