import Foundation
import Hummingbird

/// `/healthz` (the process answers) and `/readyz` (it can do its job).
struct HealthRoutes: Sendable {
    /// Says whether the server is ready, and if not, why (store unreachable, no signing key …).
    let readiness: @Sendable () async -> [String]

    /// The body of both routes.
    struct Status: Codable, Sendable {
        var status: String
        var problems: [String]?
    }

    func register(on router: Router<LeashRequestContext>) {
        router.get("/healthz") { _, _ in
            try JSONResponse(Status(status: "ok", problems: nil))
        }
        router.get("/readyz") { _, _ in
            let problems = await readiness()
            if problems.isEmpty {
                return try JSONResponse(Status(status: "ready", problems: nil))
            }
            return try JSONResponse(Status(status: "not_ready", problems: problems), status: .serviceUnavailable)
        }
    }
}
