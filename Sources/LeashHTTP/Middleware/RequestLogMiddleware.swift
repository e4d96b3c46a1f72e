import Foundation
import Hummingbird
import Logging

/// Middleware logging one line per request: method, route, status and duration.
///
/// It logs the matched route template (`/v1/identities/{id}`), never the query string, headers
/// or body, so secrets, tokens and `Authorization` headers cannot reach the log.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            log(request, context: context, status: nil, start: start)
            throw error
        }
        log(request, context: context, status: response.status, start: start)
        return response
    }

    private func log(_ request: Request, context: Context, status: HTTPResponse.Status?, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.route": .string(context.endpointPath ?? "unmatched"),
                "http.status": .string(String(status?.code ?? 500)),
                "duration_ms": .string(String((milliseconds * 1000).rounded() / 1000)),
            ]
        )
    }
}
