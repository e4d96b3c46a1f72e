import Foundation
import Hummingbird
import LeashCore
import LeashEngine
import LeashStore

/// `GET /v1/findings`: the least-privilege analysis over the server's own store, with the default
/// settings (docs/analysis.md). Readable by every admin role. Large offline runs and custom
/// thresholds belong to `leash analyze --data-dir`, which reads the same database directly.
struct AnalysisRoutes: Sendable {
    let store: any LeashStore
    /// The current time (injected so tests can pin windows).
    var now: @Sendable () -> Date = { Date() }

    func register(on admin: AdminRouter) {
        let store = self.store
        let now = self.now

        admin.on(.get, "/findings", role: .viewer) { request, _, _ in
            let query = request.uri.queryParameters
            let text = query["window"].map(String.init) ?? "90d"
            guard let window = AnalysisWindow(parsing: text, endingAt: now()) else {
                throw APIError.invalidRequest(
                    "query parameter 'window' must be a number of days or weeks such as 90d or 12w, at most \(UsageWindow.maximumDays)d")
            }
            let identity = query["identity"].map(String.init)
            if let identity {
                guard !identity.isEmpty else { throw APIError.invalidRequest("query parameter 'identity' must not be empty") }
                guard try await store.identity(id: identity) != nil else {
                    throw APIError.notFound("identity \(identity) does not exist")
                }
            }
            guard let scanning = store as? any AnalysisScanStore & LeashStore else { throw APIError.internalError }
            let report = try await AnalysisRun.run(store: scanning, window: window, identity: identity)
            return try JSONResponse(report)
        }
    }
}
