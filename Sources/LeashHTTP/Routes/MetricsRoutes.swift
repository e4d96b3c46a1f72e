import Hummingbird
import Prometheus

/// `/metrics` in the Prometheus text exposition format (version 0.0.4).
struct MetricsRoutes: Sendable {
    /// The registry the process's `PrometheusMetricsFactory` records into.
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<LeashRequestContext>) {
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            let bytes = registry.emitToBuffer()
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
