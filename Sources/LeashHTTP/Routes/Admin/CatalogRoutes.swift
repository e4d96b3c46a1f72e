import Foundation
import Hummingbird
import LeashCore
import LeashEngine

extension CatalogError: APIErrorConvertible {
    /// A document that cannot be imported ⇒ 422 `invalid_document` naming the place; a missing field needed to
    /// create the API ⇒ 400 `invalid_request`.
    public var apiError: APIError {
        if self == .missingField { return .invalidRequest(message) }
        return APIError(status: .unprocessableContent, code: "invalid_document", message: message)
    }
}

/// `/v1/apis/{name}/import`, `/operations`, `/imports`: the API catalog imported from OpenAPI documents.
struct CatalogRoutes: Sendable {
    /// Largest OpenAPI document accepted, in bytes (documents are larger than other admin bodies).
    static let maximumDocumentSize = 4 * 1024 * 1024

    let catalog: CatalogService

    func register(on admin: AdminRouter) {
        let catalog = self.catalog
        let documents = RequestBodyReader(limit: Self.maximumDocumentSize)

        admin.on(.post, "/apis/:name/import", role: .operator) { request, context, caller in
            guard let contentType = request.headers[.contentType] else {
                throw APIError.invalidRequest("Content-Type must be application/json or application/yaml")
            }
            guard let format = OpenAPIFormat.mediaType(contentType) else {
                throw APIError.invalidRequest(
                    "Content-Type must be application/json, application/yaml or application/openapi+yaml, not \(contentType)")
            }
            let query = request.uri.queryParameters
            let buffer = try await documents.bytes(of: request)
            let result = try await catalog.importOpenAPI(
                api: try context.pathParameter("name"), document: Data(buffer.readableBytesView), format: format,
                audience: query["audience"].map(String.init), owner: query["owner"].map(String.init),
                basePath: query["basePath"].map(String.init), actor: caller.id)
            return try JSONResponse(result, status: result.created ? .created : .ok)
        }
        admin.on(.get, "/apis/:name/operations", role: .viewer) { _, context, _ in
            try JSONResponse(ItemList(items: try await catalog.operations(api: context.pathParameter("name"))))
        }
        admin.on(.get, "/apis/:name/imports", role: .viewer) { request, context, _ in
            let limit = try request.integerQuery("limit", in: 1...1000) ?? 100
            return try JSONResponse(
                ItemList(items: try await catalog.imports(api: context.pathParameter("name"), limit: limit)))
        }
    }
}
