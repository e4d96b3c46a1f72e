import Hummingbird
import LeashCore

/// Middleware authenticating admin API callers by their `Authorization: Bearer <admin secret>`.
///
/// A missing, malformed or unknown secret is a 401 with a `WWW-Authenticate` challenge
/// (RFC 6750 §3). The role check happens per route (see ``AdminRouter``).
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = LeashRequestContext

    /// Resolves a presented secret to its caller, or throws a 401-mapped error.
    let authenticate: @Sendable (String) async throws -> AdminCaller

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthenticated("an admin secret is required: Authorization: Bearer <secret>")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthenticated("the Authorization header must use the Bearer scheme")
        }
        let caller = try await authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces))
        var context = context
        context.admin = caller
        context.logger[metadataKey: "admin.id"] = .string(caller.id)
        return try await next(request, context)
    }
}
