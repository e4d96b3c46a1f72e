import Foundation
import HTTPTypes
import Hummingbird

/// An HTTP refusal with a JSON body `{"error": code, "error_description": sentence}`.
///
/// The shape is RFC 6749 §5.2's, used on every route (OAuth and admin API alike) so a client
/// has one error format to read. The description says what was wrong with the request and
/// nothing about internals.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The machine-readable code (`invalid_request`, `not_found`, …).
    public let code: String
    /// A sentence for people.
    public let message: String
    /// Extra response headers (e.g. `WWW-Authenticate`).
    public let headers: [String: String]

    /// Creates an error response.
    public init(status: HTTPResponse.Status, code: String, message: String, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The request is malformed: bad JSON, an unknown or missing field, a wrong content type.
    public static func invalidRequest(_ message: String) -> Self {
        .init(status: .badRequest, code: "invalid_request", message: message)
    }

    /// The named resource does not exist.
    public static func notFound(_ message: String) -> Self {
        .init(status: .notFound, code: "not_found", message: message)
    }

    /// The request conflicts with the current state (duplicate name, wrong status …).
    public static func conflict(_ message: String) -> Self {
        .init(status: .conflict, code: "conflict", message: message)
    }

    /// No admin credential, or one that is not valid. RFC 6750 §3 asks for a challenge.
    public static func unauthenticated(_ message: String) -> Self {
        .init(
            status: .unauthorized, code: "unauthorized", message: message,
            headers: ["WWW-Authenticate": #"Bearer realm="leash-admin""#]
        )
    }

    /// The admin credential is valid but its role does not allow this operation.
    public static func forbidden(_ message: String) -> Self {
        .init(status: .forbidden, code: "forbidden", message: message)
    }

    /// The request body exceeds the configured limit.
    public static func bodyTooLarge(limit: Int) -> Self {
        .init(status: .contentTooLarge, code: "invalid_request", message: "request body is larger than \(limit) bytes")
    }

    /// Something failed on the server; the detail is logged, never sent.
    public static var internalError: Self {
        .init(status: .internalServerError, code: "server_error", message: "the server could not complete the request")
    }

    /// The body Leash sends for this error.
    public struct Body: Codable, Sendable, Equatable {
        /// The machine-readable code.
        public var error: String
        /// The sentence for people.
        public var errorDescription: String

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let data = try JSONEncoder().encode(Body(error: code, errorDescription: message))
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A domain error that knows its HTTP refusal.
///
/// LeashHTTP conforms the engine's error types to this (see `ErrorMapping.swift`), so the
/// error middleware has one place to ask.
public protocol APIErrorConvertible: Error {
    /// The HTTP refusal for this error.
    var apiError: APIError { get }
}

extension APIError: APIErrorConvertible {
    public var apiError: APIError { self }
}
