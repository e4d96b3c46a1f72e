import Foundation
import Cedar
import HTTPTypes
import LeashEngine

/// The proxies whose `X-Real-IP` / `X-Forwarded-For` headers are believed when finding a gateway
/// check's source address. Default: loopback only (a gateway on the same host).
public struct TrustedProxies: Sendable, Equatable {
    /// Addresses or CIDR ranges, as configured.
    public let ranges: [String]
    private let parsed: [IPAddr]

    /// Trusts the given addresses and CIDR ranges; entries that do not parse are skipped
    /// (``problems(in:)`` names them, for configuration checks).
    public init(_ ranges: [String] = ["127.0.0.0/8", "::1/128"]) {
        self.ranges = ranges
        parsed = ranges.compactMap { try? IPAddr(parsing: $0) }
    }

    /// The entries of `ranges` that are not addresses or CIDR ranges.
    public static func problems(in ranges: [String]) -> [String] {
        ranges.filter { (try? IPAddr(parsing: $0)) == nil }
    }

    /// Whether `address` is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard let ip = try? IPAddr(parsing: Self.bare(address)) else { return false }
        return parsed.contains { ip.isInRange($0) }
    }

    /// The caller's address: the peer itself unless the peer is a trusted proxy; then `X-Real-IP`,
    /// else the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its
    /// left were written by the client and prove nothing), else the peer.
    func sourceAddress(headers: HTTPFields, peer: String?) -> String? {
        guard let peer, trusts(peer) else { return peer }
        if let real = headers[GatewayHeaders.realIP]?.trimmingCharacters(in: .whitespaces), !real.isEmpty {
            return real
        }
        let forwarded = headers[values: GatewayHeaders.forwardedFor]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for entry in forwarded.reversed() where !trusts(entry) { return entry }
        return forwarded.first ?? peer
    }

    /// An address without IPv6 brackets or a zone.
    private static func bare(_ address: String) -> String {
        var text = Substring(address)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { text = text[text.index(after: text.startIndex)..<end] }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        return String(text)
    }
}
