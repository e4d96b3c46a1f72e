import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `leash api import FILE --name NAME`: imports an OpenAPI document as the API's operations.
struct APIImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an OpenAPI 3.0/3.1 document (JSON or YAML) as an API's operations; creates the API if absent.",
        discussion: """
            Each operation gets a required scope (its OAuth2/OpenID Connect security requirement, else x-leash-scope, \
            else NAME:read for GET/HEAD and NAME:write otherwise) and a sensitivity (x-leash-sensitivity). \
            Re-importing prints what changed. See docs/catalog.md.
            """
    )

    @OptionGroup var client: ClientOptions
    @Argument(help: "The OpenAPI document (.json, .yaml or .yml).") var file: String
    @Option(help: "API name (slug).") var name: String
    @Option(help: "Audience URI of the API; required when the import creates it.") var audience: String?
    @Option(help: "Owning team; required when the import creates the API.") var owner: String?
    @Option(help: ArgumentHelp("Prefix for every path template, when requests reach the gateway under one.", valueName: "/v1"))
    var basePath: String?

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        let document: Data
        do {
            document = try Data(contentsOf: url)
        } catch {
            throw CLIError("cannot read \(file)")
        }
        let contentType = url.pathExtension.lowercased() == "json" ? "application/json" : "application/yaml"
        let data = try await client.adminClient().sendDocument(
            "/v1/apis/\(pathSegment(name))/import", query: ["audience": audience, "owner": owner, "basePath": basePath], document: document,
            contentType: contentType)
        try client.output(data) { Self.summary($0) }
    }

    /// The operations table, the defaulted scopes, warnings and the diff.
    static func summary(_ result: JSONObject) -> String {
        let api = result["api"]
        let record = result["record"]
        let diff = record["diff"]
        var text = (result["created"].text == "true" ? "created" : "updated") + " API \(api["name"].text)"
            + " (audience \(api["audience"].text), sensitivity \(api["sensitivity"].text))"
            + " from \(record["title"].text) \(record["documentVersion"].text), OpenAPI \(record["openAPIVersion"].text)\n\n"
        text += APIOperationsCommand.table.render(result["operations"].array)
        let defaulted = result["defaultedScopes"].array.map(\.text)
        if !defaulted.isEmpty {
            text += "\n\(defaulted.count) operation(s) named no scope and got the default (NAME:read for GET/HEAD, NAME:write otherwise):\n"
            text += defaulted.map { "  \($0)\n" }.joined()
        }
        let warnings = result["warnings"].array.map(\.text)
        if !warnings.isEmpty { text += "\nwarnings:\n" + warnings.map { "  \($0)\n" }.joined() }
        if result["created"].text != "true" { text += "\n" + diffText(diff) }
        return text
    }

    /// The diff as `+`, `-` and `~` lines.
    static func diffText(_ diff: JSONObject) -> String {
        func route(_ operation: JSONObject) -> String { "\(operation["method"].text) \(operation["pathTemplate"].text)" }
        var lines = diff["added"].array.map { "+ \(route($0))  scope \($0["scope"].text), \($0["sensitivity"].text)\n" }
        lines += diff["removed"].array.map { "- \(route($0))\n" }
        lines += diff["changed"].array.map { change in
            let fields = change["fields"].array.map(\.text).map { field in
                "\(field) \(change["before"][field].text) → \(change["after"][field].text)"
            }
            return "~ \(route(change["after"]))  \(fields.joined(separator: ", "))\n"
        }
        return lines.isEmpty ? "no operation changed\n" : "changes since the previous import:\n" + lines.joined()
    }
}

/// `leash api operations NAME`: the API's operations (its route table).
struct APIOperationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operations", abstract: "List an API's operations: method, path template, scope, sensitivity.")

    static let table = Table(columns: [
        ("METHOD", "method"), ("PATH", "pathTemplate"), ("SCOPE", "scope"), ("SENSITIVITY", "sensitivity"),
        ("SCOPE FROM", "scopeSource"), ("ID", "id"),
    ])

    @OptionGroup var client: ClientOptions
    @Argument(help: "API name.") var name: String

    func run() async throws {
        let data = try await client.adminClient().send(.GET, "/v1/apis/\(pathSegment(name))/operations")
        try client.output(data) { Self.table.render($0["items"].array) }
    }
}

/// `leash api imports NAME`: the API's import history.
struct APIImportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports", abstract: "Show an API's OpenAPI import history with each import's changes.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "API name.") var name: String
    @Option(help: "Show at most this many imports.") var limit: Int = 20

    func run() async throws {
        let data = try await client.adminClient().send(
            .GET, "/v1/apis/\(pathSegment(name))/imports", query: ["limit": String(limit)])
        try client.output(data) { list in
            let items = list["items"].array
            if items.isEmpty { return "(none)\n" }
            return items.map { record in
                "#\(Self.number(record["sequence"]))  \(record["time"].text)  by \(record["actor"].text)  "
                    + "\(record["title"].text) \(record["documentVersion"].text)  \(Self.number(record["operationCount"])) operations\n"
                    + APIImportCommand.diffText(record["diff"]).split(separator: "\n").map { "    \($0)\n" }.joined()
            }.joined()
        }
    }
}

extension APIImportsCommand {
    /// A JSON number as digits (`JSONObject.text` would show 1 as `true`).
    static func number(_ value: JSONObject) -> String { (value.value as? NSNumber)?.stringValue ?? value.text }
}

extension AdminClient {
    /// Sends a raw document (not JSON built from a dictionary) to the admin API; a non-2xx answer becomes a
    /// ``CLIError`` with the server's message.
    func sendDocument(_ path: String, query: [String: String?], document: Data, contentType: String) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path + Self.queryString(query))
        request.method = .POST
        if let adminToken { request.headers.add(name: "Authorization", value: "Bearer \(adminToken)") }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: document))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        } catch {
            throw CLIError("cannot reach the Leash server at \(baseURL): \(error)")
        }
        let body = Data(try await response.body.collect(upTo: 16 * 1024 * 1024).readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
            let description = (object?["error_description"] as? String).map { ": \($0)" } ?? ""
            throw CLIError("server refused (\(response.status.code) \(object?["error"] as? String ?? "error"))\(description)")
        }
        return body
    }
}
