import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Logging
import Testing

/// No secret, token or Authorization header ever reaches the log.
@Suite("secrets stay out of the logs")
struct SecretLoggingTests {
    @Test("after issuing, introspecting and revoking tokens at trace level, the log holds none of the secrets or tokens")
    func noSecretsLogged() async throws {
        let server = try await TestServer.make()
        let (estate, tokens) = try await server.test { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            var tokens: [String] = []
            for _ in 0..<3 { tokens.append(try await estate.token(client)) }
            let basic = Requests.formHeaders(basic: (estate.identityID, estate.clientSecret))
            _ = try await client.execute(uri: "/oauth/introspect", method: .post, headers: basic, body: Requests.form([("token", tokens[0])]))
            _ = try await client.execute(uri: "/oauth/revoke", method: .post, headers: basic, body: Requests.form([("token", tokens[1])]))
            // A refused request with a wrong secret must not log the attempt either.
            _ = try await client.execute(
                uri: "/oauth/token", method: .post, headers: Requests.formHeaders(basic: (estate.identityID, "leash_cs_guess")),
                body: Requests.form([("grant_type", "client_credentials")]))
            return (estate, tokens)
        }
        let log = server.logs.captured.joined(separator: "\n")
        #expect(server.logs.captured.count > 10, "the test must see request logs to mean anything")
        let basicValue = Data("\(estate.identityID):\(estate.clientSecret)".utf8).base64EncodedString()
        var forbidden = [server.adminSecret, estate.clientSecret, basicValue, "leash_cs_guess"]
        for token in tokens {
            forbidden.append(token)
            // Not even the signature part alone.
            if let signature = token.split(separator: ".").last { forbidden.append(String(signature)) }
        }
        for secret in forbidden {
            #expect(!log.contains(secret), "the log contains a secret or token")
        }
        #expect(!log.lowercased().contains("authorization\":\"b"), "an Authorization header value was logged")
    }

    @Test("the JSON log handler redacts metadata that names a secret")
    func redaction() {
        let capture = LogCapture()
        let logger = capture.logger()
        logger.info("x", metadata: ["client_secret": "s3cr3t", "Authorization": "Bearer abc", "route": "/oauth/token"])
        let line = capture.captured.joined()
        #expect(!line.contains("s3cr3t"))
        #expect(!line.contains("Bearer abc"))
        #expect(line.contains("/oauth/token"))
        #expect(line.contains("[redacted]"))
    }

    @Test("each log record is one line of valid JSON, whatever the message contains")
    func jsonLines() throws {
        let capture = LogCapture()
        let logger = capture.logger(label: "leash.test")
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{07} é 🔑"
        logger.warning("\(tricky)", metadata: ["list": ["a", "b\""], "nested": ["k": "v"], "n": "\(42)"])
        let lines = capture.captured
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == tricky)
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "leash.test")
        #expect(object["list"] as? [String] == ["a", "b\""])
        #expect((object["nested"] as? [String: String])?["k"] == "v")
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
    }
}
