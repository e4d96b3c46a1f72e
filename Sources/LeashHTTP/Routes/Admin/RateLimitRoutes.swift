import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `PUT /v1/rate-limits/{identity}[/{api}]`.
struct RateLimitRequest: StrictDecodable {
    /// Sustained calls per second.
    var requestsPerSecond: Double
    /// Calls allowed at once; default one second's worth.
    var burst: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case requestsPerSecond, burst }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// A rate limit as the admin API shows it.
struct RateLimitView: Codable, Sendable {
    var identityId: String
    var api: String?
    var requestsPerSecond: Double
    var burst: Int
    var updatedAt: Date

    init(_ limit: RateLimit) {
        identityId = limit.identityID
        api = limit.api
        requestsPerSecond = limit.requestsPerSecond
        burst = limit.burst
        updatedAt = limit.updatedAt
    }
}

/// `/v1/rate-limits`: per-identity token buckets, for all of an identity's calls or one API's.
struct RateLimitRoutes: Sendable {
    let rateLimits: RateLimitService

    func register(on admin: AdminRouter) {
        let rateLimits = self.rateLimits
        let body = admin.body

        @Sendable func set(_ request: Request, identity: String, api: String?, actor: String) async throws -> JSONResponse {
            let input = try await body.json(RateLimitRequest.self, from: request)
            let limit = try await rateLimits.set(
                identityID: identity, api: api, requestsPerSecond: input.requestsPerSecond, burst: input.burst,
                actor: actor)
            return try JSONResponse(RateLimitView(limit))
        }

        admin.on(.get, "/rate-limits", role: .viewer) { request, _, _ in
            let identity = request.uri.queryParameters["identityId"].map(String.init)
            return try JSONResponse(ItemList(items: try await rateLimits.list(identityID: identity).map(RateLimitView.init)))
        }
        admin.on(.put, "/rate-limits/:identity", role: .operator) { request, context, caller in
            try await set(request, identity: try context.pathParameter("identity"), api: nil, actor: caller.id)
        }
        admin.on(.put, "/rate-limits/:identity/:api", role: .operator) { request, context, caller in
            try await set(
                request, identity: try context.pathParameter("identity"), api: try context.pathParameter("api"),
                actor: caller.id)
        }
        admin.on(.delete, "/rate-limits/:identity", role: .operator) { _, context, caller in
            try await rateLimits.delete(identityID: try context.pathParameter("identity"), api: nil, actor: caller.id)
            return NoContent()
        }
        admin.on(.delete, "/rate-limits/:identity/:api", role: .operator) { _, context, caller in
            try await rateLimits.delete(
                identityID: try context.pathParameter("identity"), api: try context.pathParameter("api"), actor: caller.id)
            return NoContent()
        }
    }
}
