import Foundation
import HTTPTypes
import Hummingbird
import LeashCore
import LeashEngine
import NIOCore

/// The gateway check endpoints: `/gateway/check` for nginx `auth_request` and
/// `/gateway/ext-authz/{path…}` for Envoy's `ext_authz` HTTP service. Each asks the decision point
/// about the forwarded call and answers 200 (with identity headers for the upstream), 401, 403, 429
/// or 503. See docs/gateway.md.
struct GatewayRoutes: Sendable {
    let engine: DecisionEngine
    let proxies: TrustedProxies

    /// The path prefix of the Envoy endpoint.
    static let extAuthzPrefix = "/gateway/ext-authz"

    func register(on router: Router<LeashRequestContext>) {
        let engine = self.engine
        let proxies = self.proxies
        let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        for method in methods {
            // nginx: the original method and URI arrive as headers (set with proxy_set_header).
            router.on("/gateway/check", method: method) { request, context in
                let headers = GatewayRequestHeaders(request.headers)
                let input = DecisionInput(
                    method: headers.originalMethod ?? request.method.rawValue,
                    path: headers.originalURI ?? "",
                    authorization: headers.authorization,
                    sourceAddress: proxies.sourceAddress(headers, peer: context.peer?.ipAddress),
                    time: engine.now())
                return GatewayAnswer(outcome: await engine.decideAndRecord(input))
            }
            // Envoy: the original method and path (after the prefix), headers as sent.
            let handler: @Sendable (Request, LeashRequestContext) async throws -> GatewayAnswer = { request, context in
                let target = request.head.path ?? "/"
                var path = target.dropFirst(Self.extAuthzPrefix.count)
                if path.isEmpty || path.first == "?" { path = "/" + path }
                let headers = GatewayRequestHeaders(request.headers)
                let input = DecisionInput(
                    method: request.method.rawValue, path: String(path), authorization: headers.authorization,
                    sourceAddress: proxies.sourceAddress(headers, peer: context.peer?.ipAddress),
                    time: engine.now())
                return GatewayAnswer(outcome: await engine.decideAndRecord(input))
            }
            router.on("\(Self.extAuthzPrefix)", method: method, use: handler)
            router.on("\(Self.extAuthzPrefix)/**", method: method, use: handler)
        }
    }
}

/// Header names of the gateway protocol.
enum GatewayHeaders {
    static let originalMethod = HTTPField.Name("X-Original-Method")!
    static let originalURI = HTTPField.Name("X-Original-URI")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let realIP = HTTPField.Name("X-Real-IP")!
    static let identity = HTTPField.Name("X-Leash-Identity")!
    static let scopes = HTTPField.Name("X-Leash-Scopes")!
    static let operation = HTTPField.Name("X-Leash-Operation")!
    static let reason = HTTPField.Name("X-Leash-Reason")!
}

/// The request headers a gateway check reads, found in one pass over the fields (rather than one
/// scan per header). A header sent more than once reads as its values joined by ", ", as
/// `HTTPFields` joins them, so a duplicated `Authorization` never picks one token silently.
struct GatewayRequestHeaders {
    var originalMethod: String?
    var originalURI: String?
    var authorization: String?
    var realIP: String?
    /// Every `X-Forwarded-For` field value, in order.
    var forwardedFor: [String] = []

    init(_ fields: HTTPFields) {
        func join(_ value: String, into slot: inout String?) {
            if let existing = slot { slot = existing + ", " + value } else { slot = value }
        }
        for field in fields {
            switch field.name {
            case .authorization: join(field.value, into: &authorization)
            case GatewayHeaders.originalMethod: join(field.value, into: &originalMethod)
            case GatewayHeaders.originalURI: join(field.value, into: &originalURI)
            case GatewayHeaders.realIP: join(field.value, into: &realIP)
            case GatewayHeaders.forwardedFor: forwardedFor.append(field.value)
            default: continue
            }
        }
    }
}

/// The HTTP answer of a gateway check for one decision.
struct GatewayAnswer: ResponseGenerator {
    let outcome: DecisionOutcome

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        // Appended, not assigned: each name is set once, so there is nothing to search for first.
        headers.append(HTTPField(name: .cacheControl, value: "no-store"))
        let reason = outcome.reason
        guard !outcome.allowed else {
            if let identity = outcome.identityID { headers.append(HTTPField(name: GatewayHeaders.identity, value: identity)) }
            if let scopes = outcome.scopes { headers.append(HTTPField(name: GatewayHeaders.scopes, value: scopes)) }
            if let operation = outcome.operationID {
                headers.append(HTTPField(name: GatewayHeaders.operation, value: operation))
            }
            return Response(status: .ok, headers: headers)
        }
        headers[GatewayHeaders.reason] = reason.code
        headers[.contentType] = "application/json; charset=utf-8"
        let error: String
        switch reason.httpStatus {
        case 401:
            // RFC 6750 §3 / §3.1: no error code when the request carried no token at all.
            if reason == .tokenMissing {
                headers[.wwwAuthenticate] = #"Bearer realm="leash""#
            } else {
                headers[.wwwAuthenticate] =
                    #"Bearer realm="leash", error="invalid_token", error_description="\#(reason.description)""#
            }
            error = "invalid_token"
        case 429:
            // RFC 6585 §4, RFC 9110 §10.2.3.
            headers[.retryAfter] = String(outcome.retryAfterSeconds ?? 1)
            error = "rate_limited"
        case 503:
            headers[.retryAfter] = "1"
            error = "unavailable"
        default:
            error = "forbidden"
        }
        let body = GatewayDenial(error: error, reason: reason.code, description: reason.description)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":"forbidden"}"#.utf8)
        return Response(
            status: HTTPResponse.Status(code: reason.httpStatus), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON body of a refused gateway check.
struct GatewayDenial: Encodable {
    var error: String
    var reason: String
    var description: String
}
