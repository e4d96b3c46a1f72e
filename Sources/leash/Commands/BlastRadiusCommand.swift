import ArgumentParser
import Foundation
import LeashCore

/// `leash blast-radius IDENTITY`: what the identity reaches directly and transitively, and every path to
/// a critical (restricted or admin) operation.
struct BlastRadiusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blast-radius",
        abstract: "Show what an identity can reach, directly and through delegations and declared dependencies."
    )

    @OptionGroup var client: ClientOptions
    @Argument(help: "Identity id.") var identity: String
    @Flag(help: "Print Graphviz DOT instead of a summary.") var dot = false
    @Option(help: "Days of decision records searched for observed delegations.") var windowDays: Int?
    @Option(help: "Most hops followed beyond the identity's own grants.") var depth: Int?

    func validate() throws {
        if dot && client.json { throw ValidationError("--dot and --json exclude each other") }
    }

    func run() async throws {
        let data = try await client.adminClient().send(
            .GET, "/v1/identities/\(pathSegment(identity))/blast-radius",
            query: ["windowDays": windowDays.map(String.init), "depth": depth.map(String.init)])
        if client.json {
            print(try JSONObject.prettyPrinted(data))
            return
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let radius: BlastRadius
        do {
            radius = try decoder.decode(BlastRadius.self, from: data)
        } catch {
            throw CLIError("the server's answer is not a blast radius")
        }
        print(dot ? radius.dot : Self.summary(radius), terminator: "")
    }

    /// A readable summary: counts, identities reached, operations, critical paths.
    static func summary(_ radius: BlastRadius) -> String {
        var lines = [
            "\(radius.identityID): \(radius.direct.count) operations directly, \(radius.transitive.count) more through \(radius.identities.count - 1) other identities (depth ≤ \(radius.maxDepth))"
        ]
        for identity in radius.identities.dropFirst() {
            let scope = identity.apis.map { " (grants on \($0.joined(separator: ", ")))" } ?? ""
            lines.append("  via \(identity.identityID) at depth \(identity.depth)\(scope)")
        }
        lines.append("")
        lines.append(Table(columns: [("API", "api"), ("OPERATION", "operation"), ("SCOPE", "scope"), ("SENSITIVITY", "sensitivity"), ("CRITICAL", "critical"), ("DEPTH", "depth")])
            .render(radius.operations.map { operation in
                JSONObject([
                    "api": operation.api, "operation": "\(operation.method) \(operation.pathTemplate)", "scope": operation.scope,
                    "sensitivity": operation.sensitivity.rawValue, "critical": operation.critical?.rawValue ?? "", "depth": String(operation.depth),
                ] as [String: Any])
            }))
        lines.append("Critical paths (\(radius.criticalPaths.count)\(radius.pathsTruncated ? ", truncated" : "")):")
        for path in radius.criticalPaths {
            let steps = path.hops.map { hop in
                hop.kind == .delegation ? "acts for \(hop.to)" : "\(hop.api ?? "") calls \(hop.calls ?? "") as \(hop.to)"
            }
            lines.append("  " + ([radius.identityID] + steps + ["\(path.api) \(path.operationID) [\(path.critical.rawValue)]"]).joined(separator: " → "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
