import Hummingbird
import LeashEngine
import LeashStore

// The engine's and the store's errors, as HTTP refusals.

extension OAuthError: APIErrorConvertible {
    /// RFC 6749 §5.2: 400, or 401 for `invalid_client` with a `WWW-Authenticate` challenge.
    public var apiError: APIError {
        let status: HTTPResponse.Status = self.status == 401 ? .unauthorized : .badRequest
        var headers: [String: String] = [:]
        if status == .unauthorized {
            // RFC 9110 §15.5.2: a 401 always carries a challenge.
            headers["WWW-Authenticate"] = challenge ?? #"Basic realm="leash""#
        }
        return APIError(status: status, code: code.rawValue, message: message.isEmpty ? code.rawValue : message, headers: headers)
    }
}

extension StoreError: APIErrorConvertible {
    /// Not found ⇒ 404; duplicate or constraint ⇒ 409; a broken store ⇒ 500 (detail only logged).
    public var apiError: APIError {
        if self == .notFound { return .notFound(message) }
        if self == .duplicate || self == .constraint("") { return .conflict(message) }
        return .internalError
    }
}

extension InventoryError: APIErrorConvertible {
    /// invalid input ⇒ 400 naming the field; not found ⇒ 404; conflict ⇒ 409; bad admin secret ⇒ 401;
    /// store failure ⇒ 500 (the message, which may hold internals, is only logged).
    public var apiError: APIError {
        switch category {
        case .invalidInput: .invalidRequest(message)
        case .notFound: .notFound(message)
        case .conflict: .conflict(message)
        case .unauthenticated: .unauthenticated(message)
        case .unavailable: .internalError
        }
    }
}
