import Foundation
import Testing
@testable import Cedar

@Suite("The Cedar conformance data (cedar-integration-tests) gives every expected answer")
struct ConformanceTests {
    /// `CEDAR_CONFORMANCE_DIR`, else `../shared/cedar-conformance` next to the repository root.
    static var dataFolder: URL {
        if let dir = ProcessInfo.processInfo.environment["CEDAR_CONFORMANCE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        let repoRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Conformance
            .deletingLastPathComponent()  // CedarTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        return repoRoot.appending(path: "../shared/cedar-conformance").standardizedFileURL
    }

    @Test("every request and every shouldValidate expectation of the conformance data passes")
    func conformance() throws {
        let folder = Self.dataFolder
        guard FileManager.default.fileExists(atPath: folder.appending(path: "corpus-tests").path) else {
            Issue.record("Cedar conformance data not found at \(folder.path); set CEDAR_CONFORMANCE_DIR to the folder holding corpus-tests/ and tests/")
            return
        }
        let files = try ConformanceRunner.testFiles(at: folder)
        let report = ConformanceRunner(root: folder).run(files: files)
        let shown = (report.fileErrors + report.failures).prefix(20).map(\.description).joined(separator: "\n")
        #expect(report.fileErrors.isEmpty, "\(shown)")
        #expect(report.failed == 0, "\(report.passed) passed, \(report.failed) failed\n\(shown)")
        // Every shouldValidate expectation is checked by the strict validator, none skipped.
        #expect(report.skipped == 0, "\(report.skipped) expectations skipped")
        #expect(report.validations >= 3_022, "only \(report.validations) shouldValidate expectations checked")
        // The developer set holds 24,074 requests and 3,022 shouldValidate expectations; a run that reads fewer has lost some.
        #expect(report.passed + report.failed >= 24_074 + 3_022)
    }
}
