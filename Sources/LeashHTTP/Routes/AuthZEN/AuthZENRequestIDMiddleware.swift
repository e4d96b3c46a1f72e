import HTTPTypes
import Hummingbird

/// Middleware echoing the PEP's `X-Request-ID` on every AuthZEN response, refusals included
/// (AuthZEN 1.0 §10.1.2: if the PEP sends one, the PDP MUST return the same value).
///
/// Errors thrown further in are turned into their JSON refusal here, so the header is added to
/// them as well.
struct AuthZENRequestIDMiddleware: RouterMiddleware {
    typealias Context = LeashRequestContext

    static let header = HTTPField.Name("X-Request-ID")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try ErrorMiddleware<Context>.map(error, logger: context.logger).response(from: request, context: context)
        }
        if let id = request.headers[Self.header] { response.headers[Self.header] = id }
        return response
    }
}
