import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/dependencies`.
struct DependencyCreateRequest: StrictDecodable {
    var api: String
    var calls: String
    var identityId: String

    enum CodingKeys: String, CodingKey, CaseIterable { case api, calls, identityId }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// A declared dependency on the wire.
struct DependencyView: Encodable, Sendable {
    var api: String
    var calls: String
    var identityId: String
    var declaredBy: String
    var createdAt: Date

    init(_ dependency: DeclaredDependency) {
        api = dependency.api
        calls = dependency.calls
        identityId = dependency.identityID
        declaredBy = dependency.declaredBy
        createdAt = dependency.createdAt
    }
}

/// `/v1/dependencies` (declared downstream dependencies) and `/v1/identities/{id}/blast-radius`.
struct DependencyRoutes: Sendable {
    let reach: BlastRadiusService

    func register(on admin: AdminRouter) {
        let reach = self.reach
        let body = admin.body

        admin.on(.post, "/dependencies", role: .operator) { request, _, caller in
            let create = try await body.json(DependencyCreateRequest.self, from: request)
            let dependency = try await reach.declare(api: create.api, calls: create.calls, identityID: create.identityId, actor: caller.id)
            return try JSONResponse(DependencyView(dependency), status: .created)
        }
        admin.on(.get, "/dependencies", role: .viewer) { request, _, _ in
            let api = request.uri.queryParameters["api"].map(String.init)
            return try JSONResponse(ItemList(items: try await reach.dependencies(api: api).map(DependencyView.init)))
        }
        admin.on(.delete, "/dependencies/:api/:calls/:identity", role: .operator) { _, context, caller in
            try await reach.remove(
                api: context.pathParameter("api"), calls: context.pathParameter("calls"),
                identityID: context.pathParameter("identity"), actor: caller.id)
            return NoContent()
        }
        admin.on(.get, "/identities/:id/blast-radius", role: .viewer) { request, context, _ in
            let query = request.uri.queryParameters
            let windowDays = try request.integerQuery("windowDays") ?? BlastRadiusService.defaultWindowDays
            let depth = try request.integerQuery("depth") ?? 6
            let radius = try await reach.radius(of: context.pathParameter("id"), windowDays: windowDays, maxDepth: depth)
            switch query["format"].map(String.init) {
            case nil, "json": return BlastRadiusResponse.json(try JSONResponse(radius))
            case "dot": return BlastRadiusResponse.dot(radius.dot)
            case let other?: throw APIError.invalidRequest("format must be json or dot, not \(other)")
            }
        }
    }
}

/// A blast radius as JSON, or as Graphviz DOT (`text/vnd.graphviz`).
enum BlastRadiusResponse: ResponseGenerator {
    case json(JSONResponse)
    case dot(String)

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .json(let response):
            return try response.response(from: request, context: context)
        case .dot(let text):
            var headers = HTTPFields()
            headers[.contentType] = "text/vnd.graphviz; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
