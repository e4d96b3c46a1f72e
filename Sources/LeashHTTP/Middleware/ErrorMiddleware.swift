import Foundation
import Hummingbird
import Logging

/// Middleware turning every thrown error into a JSON response in the ``APIError`` shape.
///
/// Known errors keep their status and message; anything unmapped becomes a 500 with a generic
/// body, and only the log says what happened.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.map(error, logger: context.logger)
            return try apiError.response(from: request, context: context)
        }
    }

    /// The refusal for `error`; logs the detail of errors it cannot name.
    static func map(_ error: any Error, logger: Logger) -> APIError {
        if let convertible = error as? any APIErrorConvertible {
            let apiError = convertible.apiError
            if apiError.status == .internalServerError {
                logger.error("request failed", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
            }
            return apiError
        }
        if let httpError = error as? HTTPError {
            return Self.map(httpError)
        }
        if let httpError = error as? any HTTPResponseError {
            return APIError(status: httpError.status, code: Self.code(for: httpError.status), message: httpError.status.reasonPhrase)
        }
        logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
        return .internalError
    }

    private static func map(_ error: HTTPError) -> APIError {
        switch error.status {
        case .contentTooLarge:
            return .init(status: .contentTooLarge, code: "invalid_request", message: "request body is too large")
        case .notFound:
            return .notFound("no such route")
        case .methodNotAllowed:
            return .init(status: .methodNotAllowed, code: "invalid_request", message: "method not allowed on this route")
        default:
            return .init(status: error.status, code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase)
        }
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 409: "conflict"
        case 400..<500: "invalid_request"
        default: "server_error"
        }
    }
}
