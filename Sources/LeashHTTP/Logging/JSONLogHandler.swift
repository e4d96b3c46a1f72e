import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line.
///
/// Fields: `ts` (RFC 3339 with milliseconds), `level`, `label`, `msg`, then metadata. Metadata
/// whose key names a secret (`authorization`, `secret`, `token`, `password`, `assertion`) is
/// replaced by `"[redacted]"`, as a second line of defence: callers must not log secrets at all.
public struct JSONLogHandler: LogHandler {
    /// Where formatted lines go.
    public struct Output: Sendable {
        let write: @Sendable (String) -> Void

        /// Creates an output from a line writer (the line has no trailing newline).
        public init(_ write: @escaping @Sendable (String) -> Void) {
            self.write = write
        }

        /// Standard output, one line per record, written in a single call so lines do not interleave.
        public static var standardOutput: Self {
            .init { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }

        /// Standard error.
        public static var standardError: Self {
            .init { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let output: Output

    /// Creates a handler for `label` writing to `output`.
    public init(label: String, level: Logger.Level = .info, output: Output = .standardError) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(level: event.level, message: event.message, metadata: event.metadata)
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        write(level: level, message: message, metadata: explicit)
    }

    private func write(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?) {
        var record: [String: Any] = [
            "ts": Self.timestamp(Date()),
            "level": level.rawValue,
            "label": label,
            "msg": message.description,
        ]
        let merged = self.metadata.merging(explicit ?? [:]) { _, new in new }
        for (key, value) in merged where record[key] == nil {
            record[key] = Self.isSecretKey(key) ? "[redacted]" : Self.jsonValue(value)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        output.write(String(decoding: data, as: UTF8.self))
    }

    /// Whether a metadata key names something that must never be logged.
    static func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["authorization", "secret", "token", "password", "assertion", "cookie"].contains { lowered.contains($0) }
    }

    private static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let array): array.map(jsonValue)
        case .dictionary(let dictionary):
            dictionary.reduce(into: [String: Any]()) { result, entry in
                result[entry.key] = isSecretKey(entry.key) ? "[redacted]" : jsonValue(entry.value)
            }
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}

/// Collects log lines in memory; used by tests to search what was logged.
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty capture.
    public init() {}

    /// An output that appends to this capture.
    public var output: JSONLogHandler.Output {
        .init { [self] line in lines.withLock { $0.append(line) } }
    }

    /// Everything captured so far.
    public var captured: [String] { lines.withLock { $0 } }

    /// A logger that writes JSON lines into this capture.
    public func logger(label: String = "leash", level: Logger.Level = .trace) -> Logger {
        let output = self.output
        return Logger(label: label) { label in JSONLogHandler(label: label, level: level, output: output) }
    }
}
