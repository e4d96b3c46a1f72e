import Foundation
import HTTPTypes
import Hummingbird
import LeashEngine

/// `POST /oauth/token`, `/oauth/introspect` and `/oauth/revoke`: form-encoded requests in,
/// JSON out, RFC 6749 §5.2 errors, `Cache-Control: no-store` on every answer (RFC 6749 §5.1).
struct OAuthRoutes: Sendable {
    let tokens: TokenService
    let body: RequestBodyReader

    func register(on router: Router<LeashRequestContext>) {
        let tokens = self.tokens
        let body = self.body

        /// The parsed form and `Authorization` header of an OAuth request.
        @Sendable func oauthRequest(_ request: Request) async throws -> OAuthRequest {
            let form = try await body.form(from: request)
            return OAuthRequest(form: form, authorization: request.headers[.authorization])
        }

        router.post("/oauth/token") { request, _ in
            let response = try await tokens.token(try await oauthRequest(request))
            return OAuthJSONResponse(data: response.jsonBody)
        }
        router.post("/oauth/introspect") { request, _ in
            let response = try await tokens.introspect(try await oauthRequest(request))
            return try OAuthJSONResponse(response)
        }
        router.post("/oauth/revoke") { request, _ in
            try await tokens.revoke(try await oauthRequest(request))
            // RFC 7009 §2.2: 200 whether or not the token was known; the body is ignored by clients.
            var headers = HTTPFields()
            headers[.cacheControl] = "no-store"
            headers.setNoCachePragma()
            return Response(status: .ok, headers: headers)
        }
    }
}

/// A JSON answer of an OAuth endpoint, with `Cache-Control: no-store` and `Pragma: no-cache`
/// (RFC 6749 §5.1).
struct OAuthJSONResponse: ResponseGenerator {
    let data: Data

    /// Sends a body already written as JSON.
    init(data: Data) {
        self.data = data
    }

    init(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        data = try encoder.encode(value)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers.setNoCachePragma()
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPFields {
    /// Adds `Pragma: no-cache` (RFC 9111 §5.4), which RFC 6749 §5.1 still asks token responses to carry.
    mutating func setNoCachePragma() {
        if let pragma = HTTPField.Name("Pragma") { self[pragma] = "no-cache" }
    }
}
