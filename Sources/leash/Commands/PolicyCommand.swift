import ArgumentParser
import Foundation
import LeashCore

/// `leash policy …`: the central Cedar policy set, managed as code.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Push, inspect, compare and roll back the central Cedar policy set.",
        discussion: """
            A policy set is a directory: every *.cedar file, plus an optional entities.json of static entities
            and an optional *.cedarschema describing them. Each push is validated (parse, unique policy ids,
            entities, and Cedar strict validation against `leash policy schema`) and stored as a new version.
            See docs/policy.md.
            """,
        subcommands: [Push.self, History.self, Current.self, Show.self, Rollback.self, Diff.self, ClearShadow.self, SchemaText.self]
    )

    static let historyColumns: [(header: String, field: String)] = [
        ("VERSION", "version"), ("MODE", "mode"), ("CREATED", "createdAt"), ("BY", "createdBy"), ("FILES", "files"),
        ("FROM", "restoredFrom"), ("MESSAGE", "message"),
    ]

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a directory of policies and store it as the new enforced (or shadow) set.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Directory with *.cedar files, optional entities.json and *.cedarschema.") var directory: String
        @Flag(help: "Store as the shadow set: evaluated and recorded beside the enforced set, never enforced.")
        var shadow = false
        @Option(help: "Why this change is made (kept in the history and the audit trail).") var message: String?
        @Flag(help: "Skip strict validation against the Leash schema (the files must still parse).")
        var noStrict = false

        func run() async throws {
            let content = try PolicyDirectory.read(directory)
            // Parse locally first: errors name the files as they are on disk.
            do {
                _ = try CompiledPolicyContent(content)
            } catch {
                for problem in error.problems { FileHandle.standardError.write(Data((PolicyDirectory.located(problem, in: directory) + "\n").utf8)) }
                throw ExitCode(1)
            }
            var body: [String: Any] = ["files": content.files, "mode": shadow ? "shadow" : "enforced"]
            body["entities"] = content.entitiesJSON
            body["schema"] = content.schemaText
            body["message"] = message
            if noStrict { body["strict"] = false }
            let data: Data
            do {
                data = try await client.adminClient().send(.POST, "/v1/policies", json: body)
            } catch let error as CLIError {
                // The server names files as pushed; show them as they are on disk.
                throw CLIError(PolicyDirectory.onDisk(error.description, files: Array(content.files.keys), in: directory))
            }
            try client.output(data) { reply in
                let warnings = reply["warnings"].array.map {
                    "warning: " + PolicyDirectory.onDisk($0.text, files: Array(content.files.keys), in: directory) + "\n"
                }.joined()
                return warnings + reply["summary"].text + "\n"
                    + Table.details(numbered(reply["version"]), fields: ["version", "mode", "files", "digest"])
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every stored version, oldest first.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/policies")
            try client.output(data) { Table(columns: PolicyCommand.historyColumns).render($0["items"].array.map(numbered)) }
        }
    }

    struct Current: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which versions are enforced and in shadow.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/policies/current")
            try client.output(data) { reply in
                ["enforced", "shadow"].map { mode in
                    let version = reply[mode]
                    guard version.value is [String: Any] else { return "\(mode): none\n" }
                    return "\(mode): version \(numbered(version)["version"].text) by \(version["createdBy"].text) at \(version["createdAt"].text)\n"
                }.joined()
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one version with its files.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Version number.") var version: Int

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/policies/\(version)")
            try client.output(data) { reply in
                var text = Table.details(
                    numbered(reply), fields: ["version", "mode", "createdAt", "createdBy", "message", "digest", "restoredFrom", "validated"])
                let files = (reply["files"].value as? [String: Any]) ?? [:]
                for name in files.keys.sorted() {
                    text += "\n==> \(name) <==\n" + JSONObject(files[name]).text
                    if !text.hasSuffix("\n") { text += "\n" }
                }
                for (title, field) in [("entities.json", "entitiesJSON"), ("schema.cedarschema", "schemaText")] where !reply[field].text.isEmpty {
                    text += "\n==> \(title) <==\n" + reply[field].text
                    if !text.hasSuffix("\n") { text += "\n" }
                }
                return text
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an old version current again (stored as a new version, so history stays linear).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The version whose content to restore.") var version: Int
        @Option(help: "enforced | shadow (default: the mode the version was pushed as).") var mode: String?
        @Option(help: "Why (default: \"rollback to version N\").") var message: String?

        func run() async throws {
            var body: [String: Any] = [:]
            body["mode"] = mode
            body["message"] = message
            let data = try await client.adminClient().send(.POST, "/v1/policies/\(version)/rollback", json: body)
            try client.output(data) { reply in
                reply["summary"].text + "\n" + Table.details(numbered(reply["version"]), fields: ["version", "mode", "restoredFrom", "digest"])
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what changed from version A to version B.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The older version.") var from: Int
        @Argument(help: "The newer version.") var to: Int

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/policies/diff", query: ["from": String(from), "to": String(to)])
            try client.output(data) { reply in
                var lines: [String] = []
                for file in reply["files"].array { lines.append("file \(file["change"].text): \(file["name"].text)") }
                for policy in reply["policies"].array {
                    lines.append("policy \(policy["change"].text): \(policy["id"].text) (\(policy["file"].text))")
                }
                if reply["entitiesChanged"].text == "true" { lines.append("entities.json changed") }
                if reply["schemaChanged"].text == "true" { lines.append("schema changed") }
                if lines.isEmpty { return "versions \(from) and \(to) have the same content\n" }
                var text = lines.joined(separator: "\n") + "\n"
                for policy in reply["policies"].array where !policy["diff"].text.isEmpty { text += "\n" + policy["diff"].text }
                return text
            }
        }
    }

    struct ClearShadow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear-shadow", abstract: "Stop evaluating a shadow set beside the enforced one.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.DELETE, "/v1/policies/shadow")
            try client.output(data) { reply in
                let cleared = numbered(reply)["cleared"].text
                return cleared.isEmpty ? "there was no shadow set\n" : "cleared shadow version \(cleared)\n"
            }
        }
    }

    struct SchemaText: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema", abstract: "Print the Leash .cedarschema pushes are validated against.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/policies/schema")
            let text = String(decoding: data, as: UTF8.self)
            if client.json {
                let encoded = try JSONSerialization.data(withJSONObject: ["schema": text], options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: encoded, as: UTF8.self))
            } else {
                print(text, terminator: "")
            }
        }
    }
}

/// `object` with its version-number fields as decimal text: `JSONObject.text` reads the numbers 0 and 1
/// from Foundation's JSON as booleans.
func numbered(_ object: JSONObject) -> JSONObject {
    guard var dictionary = object.value as? [String: Any] else { return object }
    for field in ["version", "previous", "restoredFrom", "cleared"] {
        if let number = dictionary[field] as? NSNumber, !(dictionary[field] is String) {
            dictionary[field] = String(number.intValue)
        }
    }
    return JSONObject(dictionary)
}

/// Reading a policy directory for `leash policy push`.
enum PolicyDirectory {
    /// The `*.cedar` files, `entities.json` and the one `*.cedarschema` of `path` (not recursive).
    static func read(_ path: String) throws -> PolicyContent {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw CLIError("\(path): cannot read the directory")
        }
        func text(_ name: String) throws -> String {
            let file = (path as NSString).appendingPathComponent(name)
            do {
                return try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CLIError("\(file): cannot read the file as UTF-8 text")
            }
        }
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".cedar") { files[name] = try text(name) }
        guard !files.isEmpty else { throw CLIError("\(path): no *.cedar files") }
        let schemas = names.filter { $0.hasSuffix(".cedarschema") }
        guard schemas.count <= 1 else {
            throw CLIError("\(path): at most one *.cedarschema file, found \(schemas.joined(separator: ", "))")
        }
        let entities = names.contains("entities.json") ? try text("entities.json") : nil
        return PolicyContent(files: files, entitiesJSON: entities, schemaText: try schemas.first.map(text))
    }

    /// `text` with each line that starts with a pushed file's name (`a.cedar:3:1: …`) starting with its path instead.
    static func onDisk(_ text: String, files: [String], in directory: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let file = files.first(where: { line.hasPrefix($0 + ":") }) else { return String(line) }
            return (directory as NSString).appendingPathComponent(file) + line.dropFirst(file.count)
        }.joined(separator: "\n")
    }

    /// A problem with its file shown as the path on disk.
    static func located(_ problem: PolicyProblem, in directory: String) -> String {
        var copy = problem
        if let file = problem.file { copy.file = (directory as NSString).appendingPathComponent(file) }
        return copy.description
    }
}
