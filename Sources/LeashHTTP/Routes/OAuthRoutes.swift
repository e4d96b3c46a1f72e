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
            return OAuthRequest(form: form, authorization: request.headers.onlyValue(.authorization))
        }

        router.post("/oauth/token") { request, _ in
            let response = try await tokens.token(try await oauthRequest(request))
            return OAuthJSONResponse(bytes: response.jsonBytes)
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
    let bytes: [UInt8]

    /// Sends a body already written as JSON.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        bytes = Array(try encoder.encode(value))
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The same three fields on every answer: built (and their values checked) once.
    private static let headers: HTTPFields = {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .contentType, value: "application/json; charset=utf-8"))
        headers.append(HTTPField(name: .cacheControl, value: "no-store"))
        headers.appendNoCachePragma()
        return headers
    }()
}

extension HTTPField.Name {
    /// `Pragma` (RFC 9111 §5.4), which HTTPTypes does not name.
    static let pragma = HTTPField.Name("Pragma")
}

extension HTTPFields {
    /// Adds `Pragma: no-cache` (RFC 9111 §5.4), which RFC 6749 §5.1 still asks token responses to carry.
    mutating func setNoCachePragma() {
        if let pragma = HTTPField.Name.pragma { self[pragma] = "no-cache" }
    }

    /// Appends `Pragma: no-cache` to fields that do not hold one yet.
    mutating func appendNoCachePragma() {
        if let pragma = HTTPField.Name.pragma { append(HTTPField(name: pragma, value: "no-cache")) }
    }
}
