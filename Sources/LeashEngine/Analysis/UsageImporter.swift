import Foundation
import LeashCore
import LeashStore

/// What a usage import did.
public struct UsageImportSummary: Codable, Hashable, Sendable {
    /// Lines read (blank lines included).
    public var lines: Int
    /// Records written.
    public var imported: Int
    /// Of those, how many named no catalogued operation (kept for probing, not counted as usage).
    public var withoutOperation: Int
    /// Lines refused, with their numbers and reasons (all of them, in order).
    public var problems: [UsageImportProblem]
    /// Whether nothing was written because `--strict` was asked and some line was refused.
    public var aborted: Bool

    /// Creates a summary.
    public init(lines: Int, imported: Int, withoutOperation: Int, problems: [UsageImportProblem], aborted: Bool) {
        self.lines = lines
        self.imported = imported
        self.withoutOperation = withoutOperation
        self.problems = problems
        self.aborted = aborted
    }
}

/// Imports historical API usage (JSON Lines) as decision records, all good lines in one transaction.
public struct UsageImporter: Sendable {
    /// Lines read between two progress reports.
    public static let progressInterval = 100_000

    /// Reads `file` line by line, refuses bad lines (with their numbers), and writes every good one —
    /// with its usage aggregates — in a single transaction; when `strict`, writes nothing if any line
    /// was refused. `progress(lines, bytesRead, totalBytes)` is called every ``progressInterval`` lines.
    public static func importFile(
        _ file: URL, into store: some LeashStore, strict: Bool = false, progress: (Int, Int, Int) -> Void = { _, _, _ in }
    ) async throws -> UsageImportSummary {
        let (apis, operations) = try await store.read { reader in (try reader.apis(), try reader.allOperations()) }
        let parser = UsageImportParser(apis: apis, operations: operations)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let totalBytes = Int((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0)
        var records: [DecisionRecord] = []
        var problems: [UsageImportProblem] = []
        var lineNumber = 0
        var bytesRead = 0
        var pending: [UInt8] = []
        func take(_ line: ArraySlice<UInt8>) {
            lineNumber += 1
            guard let text = String(validating: line, as: UTF8.self) else {
                problems.append(UsageImportProblem(line: lineNumber, reason: "not valid UTF-8"))
                return
            }
            switch parser.parse(text.hasSuffix("\r") ? String(text.dropLast()) : text, number: lineNumber) {
            case .success(let record): records.append(record)
            case .failure(let problem): problems.append(problem)
            case nil: break
            }
            if lineNumber % progressInterval == 0 { progress(lineNumber, bytesRead, totalBytes) }
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytesRead += chunk.count
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                take(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { take(pending[...]) }
        progress(lineNumber, bytesRead, totalBytes)
        let aborted = strict && !problems.isEmpty
        if !aborted && !records.isEmpty {
            // One call, one transaction: every good line lands, or (on any error) none does.
            try await store.appendDecisions(records)
        }
        return UsageImportSummary(
            lines: lineNumber, imported: aborted ? 0 : records.count,
            withoutOperation: aborted ? 0 : records.count { $0.operationID == nil }, problems: problems, aborted: aborted)
    }
}
