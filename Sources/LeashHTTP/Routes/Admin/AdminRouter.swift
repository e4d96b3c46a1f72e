import Foundation
import Hummingbird
import LeashCore

/// Registers admin API routes with the role each one requires.
///
/// viewer may read; operator may change the inventory (identities, credentials, APIs, grants);
/// admin may do everything (trusted issuers, admin credentials, signing keys, audit).
struct AdminRouter {
    let group: RouterGroup<LeashRequestContext>
    /// Reads request bodies within the configured limit.
    let body: RequestBodyReader
    /// Brings the token service's snapshot up to date after a change, so the change is in force
    /// (a revoked credential refused, a new grant usable) by the time the admin call returns.
    let afterChange: @Sendable () async throws -> Void

    /// Registers `handler` for `method path`, refusing callers below `role` with 403.
    func on<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: RouterPath, role: AdminRole,
        handler: @escaping @Sendable (Request, LeashRequestContext, AdminCaller) async throws -> Output
    ) {
        let afterChange = self.afterChange
        group.on(path, method: method) { request, context in
            guard let caller = context.admin else {
                throw APIError.unauthenticated("an admin secret is required")
            }
            guard caller.role >= role else {
                throw APIError.forbidden("this operation needs the \(role.rawValue) role; the credential has \(caller.role.rawValue)")
            }
            let output = try await handler(request, context, caller)
            if method != .get {
                do {
                    try await afterChange()
                } catch {
                    // The change is committed; the snapshot refresher's change feed will catch up.
                    context.logger.error("snapshot refresh after change failed", metadata: ["error": "\(error)"])
                }
            }
            return output
        }
    }
}

extension LeashRequestContext {
    /// A required path parameter.
    func pathParameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else {
            throw APIError.invalidRequest("missing path parameter \(name)")
        }
        return value
    }
}

/// A list answer: `{"items": [...]}`.
struct ItemList<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
}

/// A 204 answer with no body.
struct NoContent: ResponseGenerator {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        return Response(status: .noContent, headers: headers)
    }
}
