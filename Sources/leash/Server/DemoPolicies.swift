import Foundation
import LeashCore
import LeashEngine
import LeashStore

/// The worked examples of docs/policy.md (`examples/policies/`), pushed by `leash demo` as the enforced set.
enum DemoPolicies {
    /// Where the examples are: `LEASH_DEMO_POLICIES`, else `examples/policies` under the working directory,
    /// else beside the sources this binary was built from.
    static func directory() -> String? {
        let environment = ProcessInfo.processInfo.environment["LEASH_DEMO_POLICIES"].flatMap { $0.isEmpty ? nil : $0 }
        let fromSources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/policies").path
        let candidates = [environment, FileManager.default.currentDirectoryPath + "/examples/policies", fromSources]
        return candidates.compactMap { $0 }.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Pushes the examples (strictly validated against the demo catalog); returns a line for the guide.
    static func push(store: any LeashStore, actor: String) async -> String {
        guard let directory = directory() else {
            return "policies: examples/policies not found (set LEASH_DEMO_POLICIES); the baseline permit is enforced"
        }
        do {
            let content = try PolicyDirectory.read(directory)
            let result = try await PolicyService(store: store).push(
                files: content.files, entities: content.entitiesJSON, schema: content.schemaText, mode: .enforced,
                message: "demo: the worked examples of docs/policy.md", actor: actor)
            return "policies: \(result.summary) from \(directory) (leash policy show \(result.version.version))"
        } catch {
            return "policies: could not push \(directory): \(error); the baseline permit is enforced"
        }
    }
}
