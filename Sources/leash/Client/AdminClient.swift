import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small client for Leash's HTTP API (admin API with a Bearer secret, and the OAuth endpoints).
struct AdminClient: Sendable {
    let baseURL: String
    let adminToken: String?

    /// A response: status and body.
    struct Reply: Sendable {
        let status: Int
        let body: Data
    }

    /// Sends a JSON request to the admin API and returns the body of a 2xx answer;
    /// any other answer becomes a ``CLIError`` carrying the server's message.
    func send(_ method: HTTPMethod, _ path: String, query: [String: String?] = [:], json body: [String: Any]? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path + Self.queryString(query))
        request.method = method
        if let adminToken { request.headers.add(name: "Authorization", value: "Bearer \(adminToken)") }
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        return try await Self.check(execute(request))
    }

    /// Sends a form-urlencoded request (the OAuth endpoints), with optional HTTP Basic credentials.
    func sendForm(_ path: String, form: [String: String], basic: (user: String, password: String)? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let basic {
            // RFC 6749 §2.3.1: form-urlencode the id and secret before Base64.
            let pair = "\(Self.formEncode(basic.user)):\(Self.formEncode(basic.password))"
            request.headers.add(name: "Authorization", value: "Basic \(Data(pair.utf8).base64EncodedString())")
        }
        let body = form.sorted { $0.key < $1.key }.map { "\(Self.formEncode($0.key))=\(Self.formEncode($0.value))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        return try await Self.check(execute(request))
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Reply {
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw CLIError("cannot reach the Leash server at \(baseURL): \(error)")
        }
        var buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        return Reply(status: Int(response.status.code), body: Data(bytes))
    }

    private static func check(_ reply: Reply) throws -> Data {
        guard (200..<300).contains(reply.status) else {
            if let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any],
                let code = object["error"] as? String
            {
                let description = object["error_description"] as? String
                throw CLIError("server refused (\(reply.status) \(code))" + (description.map { ": \($0)" } ?? ""))
            }
            throw CLIError("server answered \(reply.status)")
        }
        return reply.body
    }

    static func queryString(_ query: [String: String?]) -> String {
        let pairs = query.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 }
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded` encoding of one name or value.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
    }
}
