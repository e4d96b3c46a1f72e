import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// The JWKS of trusted issuers that publish their keys at a URL, fetched on demand and reused
/// for `ttl` seconds. An unknown `kid` triggers one early refetch (issuers rotate keys), at most
/// once per `minimumRefetchInterval`, so a stream of forged kids cannot hammer the issuer.
public final class IssuerKeyCache: Sendable {
    /// Fetches the body of a JWKS URL.
    public typealias Fetch = @Sendable (_ url: String) async throws -> Data

    private struct Entry {
        var keys: [VerificationKey]
        var fetchedAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let ttl: TimeInterval
    private let minimumRefetchInterval: TimeInterval
    private let fetch: Fetch

    /// Creates a cache that fetches with `fetch`.
    public init(ttl: Int, minimumRefetchInterval: Int = 30, fetch: @escaping Fetch) {
        self.ttl = TimeInterval(ttl)
        self.minimumRefetchInterval = TimeInterval(minimumRefetchInterval)
        self.fetch = fetch
    }

    /// Creates a cache that fetches over HTTP(S) with AsyncHTTPClient, refusing bodies over 1 MiB.
    public convenience init(ttl: Int, timeout: Int, httpClient: HTTPClient = .shared) {
        self.init(ttl: ttl) { url in
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await httpClient.execute(request, timeout: .seconds(Int64(timeout)))
            guard response.status == .ok else { throw IssuerKeysError("the JWKS URL answered \(response.status.code)") }
            let body = try await response.body.collect(upTo: 1 << 20)
            return Data(body.readableBytesView)
        }
    }

    /// The keys published at `url`, for a token whose header names `keyID`, owned by `owner`.
    public func keys(url: String, keyID: String?, owner: String, now: Date) async throws -> [VerificationKey] {
        let cached = entries.withLock { $0[url] }
        if let cached, now.timeIntervalSince(cached.fetchedAt) < ttl {
            let knowsKey = keyID.map { kid in cached.keys.contains { $0.keyID == kid } } ?? true
            if knowsKey || now.timeIntervalSince(cached.fetchedAt) < minimumRefetchInterval {
                return cached.keys
            }
        }
        let body = try await fetch(url)
        guard let keys = VerificationKey.keySet(json: body, owner: owner) else {
            throw IssuerKeysError("the JWKS URL did not return a JWK Set")
        }
        entries.withLock { $0[url] = Entry(keys: keys, fetchedAt: now) }
        return keys
    }
}

/// A failure to obtain a trusted issuer's keys.
public struct IssuerKeysError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
