import Hummingbird
import NIOCore

/// The request context of every Leash route.
///
/// Carries the authenticated admin caller once ``AdminAuthMiddleware`` has run.
public struct LeashRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The admin caller, set by ``AdminAuthMiddleware`` on `/v1/` routes.
    public var admin: AdminCaller?
    /// The connection's peer (the gateway for `/gateway/…` checks), when known.
    public var peer: SocketAddress?

    /// Creates a context for one request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.admin = nil
        self.peer = source.channel.remoteAddress
    }
}
