import Foundation
import JWTKit

/// The claims of a JWT Leash did not mint (a client assertion, a federated token), read as JSON.
///
/// `verify(using:)` accepts everything: jwt-kit checks the signature, and Leash checks the
/// registered claims itself with its injected clock and configured leeway (`TimeClaimsPolicy`).
public struct JWTClaimSet: JWTPayload, Hashable {
    /// Every claim by name.
    public let claims: [String: JSONValue]

    /// Wraps decoded claims.
    public init(claims: [String: JSONValue]) { self.claims = claims }

    /// Decodes a JSON object of claims.
    public init(from decoder: any Decoder) throws {
        claims = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    /// Encodes the claims object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(claims)
    }

    /// Signature checks only; claims are checked by `TimeClaimsPolicy` and the callers.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// A string claim (`iss`, `sub`, `jti`, ...).
    public func string(_ name: String) -> String? { claims[name]?.stringValue }

    /// A NumericDate claim (`exp`, `nbf`, `iat`); `nil` when absent or not a number.
    public func date(_ name: String) -> Date? { claims[name]?.numericDate }

    /// Whether a claim is present at all (even with a wrong type).
    public func has(_ name: String) -> Bool { claims[name] != nil }

    /// RFC 7519 §4.1.3: `aud` is a string or an array of strings; `nil` if absent or malformed.
    public var audiences: [String]? {
        switch claims["aud"] {
        case .string(let value): return [value]
        case .array(let values):
            let strings = values.compactMap(\.stringValue)
            return strings.count == values.count ? strings : nil
        default: return nil
        }
    }

    /// The value at a dotted path such as `kubernetes.io.serviceaccount.uid`.
    ///
    /// Claim names may themselves hold dots (`kubernetes.io`), so at each level the longest run of
    /// segments that names a member is taken first, then shorter ones.
    public func value(atPath path: String) -> JSONValue? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return Self.resolve(segments[...], in: claims)
    }

    private static func resolve(_ segments: ArraySlice<String>, in object: [String: JSONValue]) -> JSONValue? {
        guard !segments.isEmpty else { return nil }
        var end = segments.endIndex
        while end > segments.startIndex {
            let name = segments[segments.startIndex..<end].joined(separator: ".")
            if let member = object[name] {
                if end == segments.endIndex { return member }
                if let nested = member.objectValue, let found = resolve(segments[end...], in: nested) {
                    return found
                }
            }
            end -= 1
        }
        return nil
    }
}
