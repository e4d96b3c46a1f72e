import Crypto
import Foundation
import JWTKit
import LeashCore
import LeashStore
import Synchronization

@testable import LeashEngine

/// A clock tests move by hand, so expiry is tested without sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_900_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A real SQLite store in a temporary directory with a token engine on top of it.
struct TokenFixture {
    static let issuer = "https://leash.test"
    static let tokenEndpoint = "https://leash.test/oauth/token"

    let directory: URL
    let store: SQLiteStore
    let clock: TestClock
    let engine: TokenEngine

    var service: TokenService { engine.service }
    var now: Date { clock.now }

    /// Opens an empty store and an engine with `configuration` (issuer `https://leash.test`).
    static func make(
        configuration: TokenConfiguration = TokenConfiguration(issuer: TokenFixture.issuer),
        fetch: IssuerKeyCache.Fetch? = nil
    ) async throws -> TokenFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-engine-\(UUID().uuidString)")
        let store = try SQLiteStore(dataDirectory: directory)
        let clock = TestClock()
        var engine = try await TokenEngine.open(store: store, configuration: configuration, now: { clock.now })
        if let fetch {
            let service = TokenService(
                configuration: configuration, store: store, snapshots: engine.service.snapshots,
                keyRing: engine.service.keyRing, issuerKeys: IssuerKeyCache(ttl: configuration.issuerKeysCacheTTL, fetch: fetch),
                replayCache: ReplayCache(capacity: configuration.replayCacheCapacity), usage: engine.usage,
                now: { clock.now })
            engine = TokenEngine(service: service, refresher: engine.refresher, usage: engine.usage)
        }
        return TokenFixture(directory: directory, store: store, clock: clock, engine: engine)
    }

    /// Closes the store and removes the directory.
    func close() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes to the store, then refreshes the snapshot as the change feed would.
    func write(_ body: @escaping @Sendable (any StoreTransaction) throws -> Void) async throws {
        try await store.write { transaction in try body(transaction) }
        try await engine.refresher.refresh()
    }

    // MARK: estate builders

    func addAPI(_ name: String, audience: String, maxTokenTTL: Int? = nil, status: APIStatus = .active) async throws {
        let now = now
        try await write { try $0.insert(API(name: name, audience: audience, owner: "team", maxTokenTTL: maxTokenTTL, status: status, createdAt: now, updatedAt: now)) }
    }

    func addIdentity(_ id: String, status: IdentityStatus = .active, expiresAt: Date? = nil) async throws {
        let now = now
        try await write {
            try $0.insert(Identity(id: id, kind: .service, name: id, owner: "team", expiresAt: expiresAt, status: status, createdAt: now, updatedAt: now))
        }
    }

    /// Adds a client secret credential and returns the secret.
    @discardableResult
    func addSecret(to identity: String, secret: String? = nil, expiresAt: Date? = nil, revoked: Bool = false) async throws -> String {
        let secret = secret ?? SecretHashing.generate(kind: .clientSecret)
        let now = now
        let credential = Credential(
            id: ResourceID.make(prefix: ResourceID.credentialPrefix), identityID: identity, kind: .clientSecret,
            secretHash: SecretHashing.hash(secret), hint: SecretFormat.hint(of: secret), createdAt: now,
            expiresAt: expiresAt, revokedAt: revoked ? now : nil)
        try await write { try $0.insert(credential) }
        return secret
    }

    /// Registers a public key for `private_key_jwt`; returns the credential id.
    @discardableResult
    func addPublicKey(to identity: String, jwk: String, kid: String?, revoked: Bool = false) async throws -> String {
        let now = now
        let credential = Credential(
            id: ResourceID.make(prefix: ResourceID.credentialPrefix), identityID: identity, kind: .publicKey,
            publicJWK: jwk, kid: kid, createdAt: now, revokedAt: revoked ? now : nil)
        try await write { try $0.insert(credential) }
        return credential.id
    }

    func addGrant(_ identity: String, api: String, scope: String, expiresAt: Date? = nil) async throws {
        let now = now
        try await write {
            try $0.insert(Grant(id: ResourceID.make(prefix: ResourceID.grantPrefix), identityID: identity, api: api, scope: scope, expiresAt: expiresAt, grantedBy: "system", createdAt: now))
        }
    }

    func addIssuer(_ issuer: TrustedIssuer) async throws {
        try await write { try $0.insert(issuer) }
    }

    // MARK: requests

    static func basic(_ id: String, _ secret: String) -> String {
        func formEncode(_ text: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._*")
            return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
        }
        return "Basic " + Data("\(formEncode(id)):\(formEncode(secret))".utf8).base64EncodedString()
    }

    /// A `client_credentials` request with Basic authentication.
    func clientCredentials(_ id: String, _ secret: String, _ extra: [String: String] = [:]) async throws(OAuthError) -> TokenResponse {
        try await service.token(
            OAuthRequest(parameters: ["grant_type": "client_credentials"].merging(extra) { _, new in new }, authorization: Self.basic(id, secret)))
    }

    /// The claims of a token (after checking Leash verifies it).
    func claims(of token: String) async throws -> AccessTokenClaims {
        try await service.keyRing.verify(token)
    }
}

/// Signs JWTs as a client or an external issuer would, with jwt-kit.
struct TestSigner {
    enum Kind { case eddsa, es256, rs256 }

    let collection: JWTKeyCollection
    /// The public JWK JSON (no kid member; the kid is registered separately or added by `jwk(kid:)`).
    let publicJWK: [String: String]
    let kid: String?

    static func make(_ kind: Kind, kid: String?) async throws -> TestSigner {
        let collection = JWTKeyCollection()
        let identifier = kid.map { JWKIdentifier(string: $0) }
        switch kind {
        case .eddsa:
            let key = Curve25519.Signing.PrivateKey()
            await collection.add(eddsa: EdDSA.PrivateKey(backing: key), kid: identifier)
            return TestSigner(collection: collection, publicJWK: ["kty": "OKP", "crv": "Ed25519", "x": Base64URL.encode(key.publicKey.rawRepresentation)], kid: kid)
        case .es256:
            let key = P256.Signing.PrivateKey()
            await collection.add(ecdsa: try ES256PrivateKey(backing: key), kid: identifier)
            let point = key.publicKey.x963Representation
            return TestSigner(collection: collection, publicJWK: ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(point[1..<33]), "y": Base64URL.encode(point[33..<65])], kid: kid)
        case .rs256:
            let key = try Insecure.RSA.PrivateKey(pem: rsaPrivateKeyPEM)
            await collection.add(rsa: key, digestAlgorithm: .sha256, kid: identifier)
            let members = try JSONDecoder().decode([String: String].self, from: Data(rsaPublicJWK.utf8))
            return TestSigner(collection: collection, publicJWK: members, kid: kid)
        }
    }

    /// The public JWK as JSON, with `kid` when given.
    func jwk(includeKid: Bool = false, extra: [String: String] = [:]) -> String {
        var members = publicJWK.merging(extra) { _, new in new }
        if includeKid, let kid { members["kid"] = kid }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(members)) ?? Data(), as: UTF8.self)
    }

    /// Signs `claims`; the header carries `kid` when the signer has one.
    func sign(_ claims: [String: JSONValue], typ: String? = nil) async throws -> String {
        var header = JWTHeader()
        if let typ { header.typ = typ }
        return try await collection.sign(JWTClaimSet(claims: claims), kid: kid.map { JWKIdentifier(string: $0) }, header: header)
    }

    /// Standard RFC 7523 client assertion claims for `client` at `now`.
    static func assertionClaims(client: String, audience: JSONValue = .string(TokenFixture.tokenEndpoint), now: Date, lifetime: Int = 60, jti: String = UUID().uuidString) -> [String: JSONValue] {
        let seconds = Int64(now.timeIntervalSince1970)
        return ["iss": .string(client), "sub": .string(client), "aud": audience, "iat": .integer(seconds), "exp": .integer(seconds + Int64(lifetime)), "jti": .string(jti)]
    }

    static let rsaPrivateKeyPEM = """
-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEA4HhLtxLIMMuV5SyvIHP7gfo3PoLS/WjHU/2D0XoMeiDiPvx5
P5YrVirpIXfKWfi7MBAwYdvaYRt2CfBNVsC59WtHKSqN6RameZQC/gzV3Fxqi540
HxESmK/Tc5NzBve7vWCuc0TYO2cBp0ADARwFxZ3suEBTjJt5PoZv1uoHHkjDk36N
SCZiyvxteX7wDV71w99QpSr5SOA6W8I0zP9tp2uxkTVoAQMRJmIHqkGhiJ34AmhX
PRaVG4wLyZTH5tRFx2E5nnMz3ym6lSq+oyqPNjeA69gx/AnUYfUIjYOG55JpAgcC
R/6CkfhAIHLF/W0jfyo6/mx+m4O3VQKkcGEQcQIDAQABAoIBAG0y2FKldnIWeENW
65M0GSRwHzPv3MiekmmPqPLdFvjKyoWtuSZv3YE7utInPm9qi1WkaoUQuToIa/IF
zvnnJA/6MlIae5LrC+2VTaddgySCaOqm+eArJArXblyJXKoFFnXYdMVqtm6fe7Rr
dYqyoTQz0ZcI5BxA/kimif3ZN8FI51DTF0XrtQmpBv0aYHzdsMGViWQCir2fVvWb
KYOIL5jSu2WpbjasSLd2LzC7ODjiQWFjTZUtLv7LWFdnCwGDhdn7FJXBYyJt2/6I
OcCtJqkIrSCMth6NRm5PsJok3BP0oVGtVQond3YTe48se/3/EiQXLkrAPVdNbU+k
HrIDSIkCgYEA94xWQiN8S6/jE304TDa+yk8ziCnTm2Oq3OtF6n8Rs4dt2JrdoG5f
17daoi4MB0Irrp4/0rHDXmI0NtaEgma8zn1vCJvewM2VXKXKPWRcdUglSQsFg+c6
lzruT9D/3rAtm8tbW7GPZvRgC7Ced2HMHTd9I0jOXuvpYTc6hhTdPHMCgYEA6CI+
/ALmasNuZVq1kHYDEMFNotvTWp4xppDDeMYy0iAZ8woOlSl+cAViVaS5N2G2DfFg
pyoAAnOQJHPhJoSFDyYYKr2CaGgllkih4TEhpYwdgbFOFvhPLL5FYJrPcFLhptyW
0PCeV1PTtQimA9kxBsS8Fr8WnYeX27yMNwoYSosCgYA5ca9ymZl2VtJy61PtG6ca
e1aR+mLIZFB6A36t896/smWjJgzX9cT34ex+RgE0jf5k/wQAeI/FjzRepVkKiZy2
rhTeAo2mYA6Q+Uf9BxUNgjhkwtH80eOexGYYz38QxgFPbdk9Ze7JDVxcWhfrzB35
ia7YSUTachQuIwrJon3UUQKBgBiRR0k0pV43QL/JUd3wH3LugmDyEvRMOcT/HTDz
CP3kF9r4/YIb2h3Q9A9MV63c0X+4RBps/4NC58Zz3ShObiakSXp8hAi4vQGivj8v
C/iRU64eLb2QmhCKMp1+xOWGYAtg3TVPwfJMFOPb/nX5zo6A08c0ghg5+YBv/Ab3
MorxAoGAFxkP9h3A0GJ9G4p1ap7rhKgE7QjboGN0HQ3Fj3HOlutfXHA3ftWFRw+x
Qf2CeuZcBCX4SgzztLxyBUbZwWc3vtOKH51hF4T1p2335vHcqqz8aPHQ7dVxe9d7
K2cWXdgApUfBjv2y6P+YEwkRMzr+GHl8wxCWsGWRcAOAUYL5nL8=
-----END RSA PRIVATE KEY-----
"""

    static let rsaPublicJWK = #"{"kty": "RSA", "n": "4HhLtxLIMMuV5SyvIHP7gfo3PoLS_WjHU_2D0XoMeiDiPvx5P5YrVirpIXfKWfi7MBAwYdvaYRt2CfBNVsC59WtHKSqN6RameZQC_gzV3Fxqi540HxESmK_Tc5NzBve7vWCuc0TYO2cBp0ADARwFxZ3suEBTjJt5PoZv1uoHHkjDk36NSCZiyvxteX7wDV71w99QpSr5SOA6W8I0zP9tp2uxkTVoAQMRJmIHqkGhiJ34AmhXPRaVG4wLyZTH5tRFx2E5nnMz3ym6lSq-oyqPNjeA69gx_AnUYfUIjYOG55JpAgcCR_6CkfhAIHLF_W0jfyo6_mx-m4O3VQKkcGEQcQ", "e": "AQAB"}"#
}

/// Builds unsigned or wrongly signed tokens for refusal tests.
enum ForgedToken {
    static func encode(header: [String: String], claims: [String: JSONValue], signature: [UInt8]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let headerPart = Base64URL.encode((try? encoder.encode(header)) ?? Data())
        let claimsPart = Base64URL.encode((try? encoder.encode(claims)) ?? Data())
        return "\(headerPart).\(claimsPart).\(Base64URL.encode(signature))"
    }

    /// `alg: none` with an empty signature (RFC 7519 §6.1 unsecured JWT).
    static func unsecured(claims: [String: JSONValue], kid: String? = nil) -> String {
        var header = ["alg": "none", "typ": "JWT"]
        if let kid { header["kid"] = kid }
        return encode(header: header, claims: claims, signature: [])
    }

    /// HS256 "signed" with the bytes of a public key as the HMAC secret (the key-confusion attack).
    static func hmacWithPublicKey(_ publicKey: String, claims: [String: JSONValue], kid: String? = nil) -> String {
        var header = ["alg": "HS256", "typ": "JWT"]
        if let kid { header["kid"] = kid }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let input = Base64URL.encode((try? encoder.encode(header)) ?? Data()) + "." + Base64URL.encode((try? encoder.encode(claims)) ?? Data())
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(publicKey.utf8)))
        return input + "." + Base64URL.encode(Array(mac))
    }
}
