import ArgumentParser
import Foundation
import LeashCore
import LeashEngine
import LeashStore

/// `leash analyze`: least-privilege findings over the recorded (and imported) decisions.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find least-privilege risks: unused and overbroad scopes, dormant and stale credentials, probing, …",
        discussion: """
            Reads the SQLite data directory directly (--data-dir, env LEASH_DATA_DIR, default ./leash-data), so \
            large offline runs need no server; a running server may keep writing meanwhile (SQLite WAL). \
            Every record up to now is streamed once; the window decides what counts as recent use. \
            See docs/analysis.md for the finding types, their evidence and their OWASP NHI / NIST CSF mappings.
            """,
        subcommands: [Run.self, AnalyzeBenchmarkEstate.self],
        defaultSubcommand: Run.self
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Analyze the estate (the default).")

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: ArgumentHelp("Days (90d) or weeks (12w) of recent use to judge.", valueName: "window")) var window = "90d"
        @Option(help: "Only this identity.") var identity: String?
        @Flag(help: "Print the report as JSON.") var json = false
        @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file")) var html: String?
        @Flag(help: "No progress bar on stderr.") var noProgress = false
        @OptionGroup var thresholds: AnalysisSettingsOptions

        func run() async throws {
            let now = Date()
            guard let window = AnalysisWindow(parsing: self.window, endingAt: now) else {
                throw ValidationError("--window must look like 90d or 12w (at most ten years)")
            }
            let settings = try thresholds.settings()
            let store = try data.openStore()
            defer { try? store.close() }
            let bar = ProgressBar(enabled: !noProgress, unit: "records")
            let started = ContinuousClock.now
            let report = try await AnalysisRun.run(
                store: store, window: window, settings: settings, identity: identity, progress: bar.update)
            bar.finish(elapsed: ContinuousClock.now - started)
            if let html {
                try Data(AnalysisHTMLReport.render(report).utf8).write(to: URL(fileURLWithPath: html))
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(AnalysisTextReport.render(report), terminator: "")
                if let html { print("HTML report written to \(html)") }
            }
        }
    }
}

/// `--data-dir` for the commands that work on the SQLite file directly.
struct DataDirectoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Leash data directory (env LEASH_DATA_DIR, default ./leash-data).", valueName: "dir"))
    var dataDir: String?

    /// The directory: the flag, else `LEASH_DATA_DIR`, else `leash-data`.
    var directory: String { dataDir ?? ProcessInfo.processInfo.environment["LEASH_DATA_DIR"] ?? "leash-data" }

    /// Opens the store, refusing a directory that holds no Leash database (never creates an empty one).
    func openStore() throws -> SQLiteStore {
        let file = URL(fileURLWithPath: directory).appendingPathComponent("leash.sqlite")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ValidationError("no Leash database in \(directory) (expected \(file.path)); give --data-dir")
        }
        return try SQLiteStore(dataDirectory: URL(fileURLWithPath: directory))
    }
}

/// The analyzer's thresholds as flags, over an optional JSON settings file.
struct AnalysisSettingsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("JSON file with analysis settings (docs/analysis.md); flags override it.", valueName: "file"))
    var settingsFile: String?
    @Option(help: "Rotation policy: client secrets older than this many days are stale (default 90).") var rotationDays: Int?
    @Option(help: "Days something may exist before it is called never used or unused (default 14).") var graceDays: Int?
    @Option(help: "Denials in the window that count as probing (default 20).") var probingDenials: Int?
    @Option(help: "Distinct denied operations needed for probing (default 3).") var probingOperations: Int?
    @Option(help: "Longest allowed act chain, in actors (default 2).") var delegationDepth: Int?
    @Option(help: "Distinct sources of one credential that make it shared (default 10).") var sharedSources: Int?
    @Option(help: "Overbroad when at most this fraction of a scope's operations is used (default 0.5).") var overbroadFraction: Double?
    @Option(help: ArgumentHelp("An owner that has left (repeatable).", valueName: "owner")) var ownerGone: [String] = []
    @Option(help: ArgumentHelp("An API's environment, NAME=ENV (repeatable).", valueName: "name=env")) var apiEnvironment: [String] = []

    func settings() throws -> AnalysisSettings {
        var settings = AnalysisSettings.standard
        if let settingsFile {
            do {
                settings = try JSONDecoder().decode(AnalysisSettings.self, from: Data(contentsOf: URL(fileURLWithPath: settingsFile)))
            } catch {
                throw ValidationError("cannot read the settings file \(settingsFile): \(error.localizedDescription)")
            }
        }
        if let rotationDays { settings.rotationDays = rotationDays }
        if let graceDays { settings.graceDays = graceDays }
        if let probingDenials { settings.probingDenials = probingDenials }
        if let probingOperations { settings.probingOperations = probingOperations }
        if let delegationDepth { settings.delegationDepth = delegationDepth }
        if let sharedSources { settings.sharedCredentialSources = sharedSources }
        if let overbroadFraction { settings.overbroadUsedFraction = overbroadFraction }
        settings.goneOwners += ownerGone
        for pair in apiEnvironment {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--api-environment must be NAME=ENV, got \(pair)")
            }
            settings.apiEnvironments[parts[0]] = parts[1]
        }
        if let problem = settings.problems.first { throw ValidationError(problem) }
        return settings
    }
}

/// A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise.
final class ProgressBar {
    private let enabled: Bool
    private let unit: String
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastTenth = -1

    init(enabled: Bool, unit: String) {
        self.enabled = enabled
        self.unit = unit
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        if terminal {
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
            write("\r[\(bar)] \(Int(fraction * 100))%  \(done.formatted()) / \(total.formatted()) \(unit)")
        } else {
            let tenth = Int(fraction * 10)
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            write("\(done.formatted()) / \(total.formatted()) \(unit) (\(tenth * 10)%)\n")
        }
    }

    func finish(elapsed: Duration) {
        guard enabled else { return }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        write((terminal ? "\n" : "") + "done in \(String(format: "%.1f", seconds)) s\n")
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
