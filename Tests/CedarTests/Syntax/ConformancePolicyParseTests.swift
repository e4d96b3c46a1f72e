import Foundation
import Testing
@testable import Cedar

@Suite("Every policy file of the Cedar conformance data parses")
struct ConformancePolicyParseTests {
    @Test("all .cedar files in the conformance data parse without errors")
    func everyFileParses() throws {
        guard let files = ConformancePolicyFiles.all() else {
            Issue.record("Cedar conformance data not found at \(ConformancePolicyFiles.directory.path); set CEDAR_CONFORMANCE_DIR")
            return
        }
        #expect(files.count > 3_000, "expected the whole corpus, found \(files.count) .cedar files")
        var failures: [String] = []
        var policies = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            do {
                let set = try PolicySet(parsing: text, source: file.lastPathComponent)
                policies += set.policies.count + set.templates.count
            } catch {
                failures.append(error.description)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) files failed:\n\(failures.prefix(20).joined(separator: "\n"))")
        #expect(policies >= files.count)
    }
}
