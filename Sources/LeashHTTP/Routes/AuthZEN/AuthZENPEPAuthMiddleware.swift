import Foundation
import Hummingbird

/// Middleware authenticating the policy enforcement point calling the AuthZEN API.
///
/// AuthZEN 1.0 §11 (Security): the PDP SHOULD authenticate the PEP. Leash accepts any valid admin
/// credential as `Authorization: Bearer <secret>`; a missing or wrong one is a 401 with a
/// `WWW-Authenticate` challenge (RFC 6750 §3). With `authenticate` nil (configuration
/// `authzen.allowUnauthenticatedPEP`, loopback listeners only) every caller is accepted.
struct AuthZENPEPAuthMiddleware: RouterMiddleware {
    typealias Context = LeashRequestContext

    /// Whether a presented secret belongs to an admin credential in force; nil: no authentication.
    let authenticate: (@Sendable (String) -> Bool)?

    static func refusal(_ message: String) -> APIError {
        APIError(
            status: .unauthorized, code: "unauthorized", message: message,
            headers: ["WWW-Authenticate": #"Bearer realm="leash-authzen""#])
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authenticate else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw Self.refusal("the PEP must authenticate: Authorization: Bearer <admin secret>")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.refusal("the Authorization header must use the Bearer scheme")
        }
        guard authenticate(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw Self.refusal("the presented secret is not a valid admin credential")
        }
        return try await next(request, context)
    }
}
