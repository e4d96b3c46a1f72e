import Foundation

/// The rule that fixes when an access token expires: the shortest of every limit that applies.
///
/// A token lives for the configured default unless something shorter applies: the API's maximum
/// TTL, a trusted issuer's maximum TTL, the earliest expiry of a grant it relies on, the identity's
/// own expiry, or (for delegation, RFC 8693) the remaining lifetime of the subject token.
/// JWT NumericDate values are whole seconds (RFC 7519 §2), so times are truncated to the second.
public struct TokenLifetime: Hashable, Sendable {
    /// When the token is issued (whole seconds).
    public let issuedAt: Date
    /// When the token stops being valid (whole seconds, strictly after `issuedAt`).
    public let expiresAt: Date

    /// Seconds between issue and expiry, as `expires_in` reports it (RFC 6749 §5.1).
    public var seconds: Int { Int(expiresAt.timeIntervalSince(issuedAt)) }

    /// Computes a lifetime, or `nil` when the limits leave no time at all (nothing may be issued).
    ///
    /// - Parameters:
    ///   - now: the current time.
    ///   - defaultTTL: the lifetime asked for when nothing shorter applies, in seconds.
    ///   - maximumTTLs: upper bounds on the lifetime, in seconds (e.g. the API's max TTL).
    ///   - deadlines: instants the token must not outlive (grant, identity and subject-token expiry).
    public static func capped(
        now: Date,
        defaultTTL: Int,
        maximumTTLs: some Sequence<Int> = [Int](),
        deadlines: some Sequence<Date> = [Date]()
    ) -> TokenLifetime? {
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        var ttl = defaultTTL
        for maximum in maximumTTLs { ttl = min(ttl, maximum) }
        var expiresAt = issuedAt.addingTimeInterval(TimeInterval(ttl))
        for deadline in deadlines {
            let truncated = Date(timeIntervalSince1970: deadline.timeIntervalSince1970.rounded(.down))
            expiresAt = min(expiresAt, truncated)
        }
        guard expiresAt > issuedAt else { return nil }
        return TokenLifetime(issuedAt: issuedAt, expiresAt: expiresAt)
    }
}
