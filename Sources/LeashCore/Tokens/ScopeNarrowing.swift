/// Why a scope request cannot be met. Scopes are never silently narrowed or widened.
public struct ScopeRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The requested scopes that lie outside what may be given (empty when nothing may be given at all).
    public let outside: ScopeSet

    /// A sentence naming the problem (scope names are not secret).
    public var description: String {
        outside.isEmpty
            ? "no scope is available for this request"
            : "the requested scope is not granted: \(outside.formatted)"
    }
}

/// The pure rules that decide which scopes a token carries.
public enum ScopeNarrowing {
    /// RFC 6749 §3.3: the token's scope is the requested scope when every requested scope lies
    /// within `ceiling`; with no request, the whole ceiling. Asking for anything outside the
    /// ceiling is refused rather than silently narrowed, and an empty result is refused.
    public static func select(requested: ScopeSet?, within ceiling: ScopeSet) -> Result<ScopeSet, ScopeRefusal> {
        guard let requested, !requested.isEmpty else {
            return ceiling.isEmpty ? .failure(ScopeRefusal(outside: .empty)) : .success(ceiling)
        }
        let outside = requested.subtracting(ceiling)
        guard outside.isEmpty else { return .failure(ScopeRefusal(outside: outside)) }
        return .success(requested)
    }

    /// RFC 8693 §2.1 delegation: the result may hold only scopes both the subject token carries
    /// and the acting identity is granted, so a delegated token is never wider than either party.
    public static func delegated(
        requested: ScopeSet?, subjectScopes: ScopeSet, actorGrants: ScopeSet
    ) -> Result<ScopeSet, ScopeRefusal> {
        select(requested: requested, within: subjectScopes.intersection(actorGrants))
    }
}
