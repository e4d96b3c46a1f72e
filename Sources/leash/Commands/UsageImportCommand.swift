import ArgumentParser
import Foundation
import LeashCore
import LeashEngine
import LeashStore

/// `leash usage import FILE`: historical API usage (gateway logs as JSON Lines) as decision records.
struct UsageImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import historical API usage (JSON Lines) so an estate not yet enforced by Leash can be analyzed.",
        discussion: """
            One JSON object per line (docs/usage-import.md). Bad lines are reported with their numbers and \
            skipped; every good line is written in one transaction, so an import lands whole or not at all \
            (--strict: not at all if any line is bad). Works on the data directory directly (--data-dir, env \
            LEASH_DATA_DIR, default ./leash-data); a running server may keep recording meanwhile.
            """
    )

    @OptionGroup var data: DataDirectoryOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "Input format; only jsonl (JSON Lines).") var format = "jsonl"
    @Flag(help: "Import nothing if any line is bad.") var strict = false
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "No progress on stderr.") var noProgress = false

    func validate() throws {
        guard format == "jsonl" else { throw ValidationError("unsupported --format \(format); only jsonl is supported") }
    }

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw ValidationError("cannot read \(file)") }
        let store = try data.openStore()
        defer { try? store.close() }
        let bar = ProgressBar(enabled: !noProgress, unit: "bytes")
        let started = ContinuousClock.now
        let summary = try await UsageImporter.importFile(url, into: store, strict: strict) { _, bytes, total in
            bar.update(bytes, total)
        }
        bar.finish(elapsed: ContinuousClock.now - started)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            for problem in summary.problems.prefix(100) { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
            if summary.problems.count > 100 {
                FileHandle.standardError.write(Data("… and \(summary.problems.count - 100) more bad lines (--json lists all)\n".utf8))
            }
            if summary.aborted {
                print("Nothing imported: \(summary.problems.count) of \(summary.lines) lines are bad and --strict was given.")
            } else {
                print(
                    "Imported \(summary.imported) records from \(summary.lines) lines"
                        + " (\(summary.problems.count) bad lines skipped, \(summary.withoutOperation) with no catalogued operation).")
            }
        }
        if summary.aborted { throw ExitCode(1) }
    }
}
