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
    /// Peer and header addresses parsed once each (a gateway sends the same few again and again).
    private let addresses = AddressCache()

    /// Trusts the given addresses and CIDR ranges; entries that do not parse are skipped
    /// (``problems(in:)`` names them, for configuration checks).
    public init(_ ranges: [String] = ["127.0.0.0/8", "::1/128"]) {
        self.ranges = ranges
        parsed = ranges.compactMap { try? IPAddr(parsing: $0) }
    }

    /// Two sets of trusted proxies are equal when they trust the same configured ranges.
    public static func == (lhs: TrustedProxies, rhs: TrustedProxies) -> Bool { lhs.ranges == rhs.ranges }

    /// The entries of `ranges` that are not addresses or CIDR ranges.
    public static func problems(in ranges: [String]) -> [String] {
        ranges.filter { (try? IPAddr(parsing: $0)) == nil }
    }

    /// Whether `address` is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard let ip = addresses.address(Self.bare(address)) else { return false }
        return parsed.contains { ip.isInRange($0) }
    }

    /// The caller's address: the peer itself unless the peer is a trusted proxy; then `X-Real-IP`,
    /// else the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its
    /// left were written by the client and prove nothing), else the peer.
    func sourceAddress(headers: HTTPFields, peer: String?) -> String? {
        sourceAddress(GatewayRequestHeaders(headers), peer: peer)
    }

    /// ``sourceAddress(headers:peer:)`` from headers already read.
    func sourceAddress(_ headers: GatewayRequestHeaders, peer: String?) -> String? {
        guard let peer, trusts(peer) else { return peer }
        if let real = headers.realIP.map(Self.trimmed), !real.isEmpty {
            return String(real)
        }
        let forwarded = headers.forwardedFor
            .flatMap { $0.split(separator: ",") }
            .map(Self.trimmed)
            .filter { !$0.isEmpty }
            .map(String.init)
        for entry in forwarded.reversed() where !trusts(entry) { return entry }
        return forwarded.first ?? peer
    }

    /// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace, RFC 9110 §5.6.3).
    private static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let sub = Substring(text)
        guard let first = sub.firstIndex(where: { !blank($0) }), let last = sub.lastIndex(where: { !blank($0) }) else {
            return sub[sub.endIndex...]
        }
        return sub[first...last]
    }

    /// An address without IPv6 brackets or a zone.
    private static func bare(_ address: String) -> String {
        // The usual case (a plain address) is returned as it is, without a copy.
        guard address.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "%") }) else { return address }
        var text = Substring(address)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { text = text[text.index(after: text.startIndex)..<end] }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        return String(text)
    }
}
