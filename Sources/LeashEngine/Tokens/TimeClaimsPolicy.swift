import Foundation

/// The time rules for JWTs Leash receives (client assertions, federated and subject tokens).
///
/// RFC 7519 §4.1.4/§4.1.5 and RFC 7523 §3 items 4–6: `exp` must be present and in the future,
/// `nbf` (if present) in the past, `iat` (if present) not in the future, each with a small leeway
/// for clock skew; and the token must not claim a validity far longer than `maximumLifetime`.
struct TimeClaimsPolicy: Sendable {
    /// Tolerated clock skew, in seconds.
    var leeway: TimeInterval
    /// How far `exp` may lie beyond now, in seconds (nil: no limit).
    var maximumLifetime: TimeInterval?

    /// Checks the time claims at `now`; the returned sentence names the first problem.
    func check(_ claims: JWTClaimSet, now: Date) -> String? {
        guard claims.has("exp") else { return "the token has no exp claim" }
        guard let expiry = claims.date("exp") else { return "the token's exp claim is not a number" }
        if expiry.addingTimeInterval(leeway) <= now { return "the token has expired" }
        if let maximumLifetime, expiry > now.addingTimeInterval(maximumLifetime + leeway) {
            return "the token's exp lies too far in the future"
        }
        if claims.has("nbf") {
            guard let notBefore = claims.date("nbf") else { return "the token's nbf claim is not a number" }
            if notBefore > now.addingTimeInterval(leeway) { return "the token is not valid yet" }
        }
        if claims.has("iat") {
            guard let issuedAt = claims.date("iat") else { return "the token's iat claim is not a number" }
            if issuedAt > now.addingTimeInterval(leeway) { return "the token was issued in the future" }
        }
        return nil
    }
}
