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
        // Built by hand rather than with JSONSerialization: this runs once per request.
        var line = "{\"ts\":"
        Self.appendString(Self.timestamp(Date()), to: &line)
        line += ",\"level\":"
        Self.appendString(level.rawValue, to: &line)
        line += ",\"label\":"
        Self.appendString(label, to: &line)
        line += ",\"msg\":"
        Self.appendString(message.description, to: &line)
        let merged = explicit.map { self.metadata.merging($0) { _, new in new } } ?? self.metadata
        for key in merged.keys.sorted() where !["ts", "level", "label", "msg"].contains(key) {
            guard let value = merged[key] else { continue }
            line += ","
            Self.appendString(key, to: &line)
            line += ":"
            if Self.isSecretKey(key) {
                line += "\"[redacted]\""
            } else {
                Self.appendValue(value, to: &line)
            }
        }
        line += "}"
        output.write(line)
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let string): appendString(string, to: &line)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &line)
        case .array(let array):
            line += "["
            for (index, element) in array.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        case .dictionary(let dictionary):
            line += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                appendString(key, to: &line)
                line += ":"
                if isSecretKey(key) {
                    line += "\"[redacted]\""
                } else if let element = dictionary[key] {
                    appendValue(element, to: &line)
                }
            }
            line += "}"
        }
    }

    /// Appends `text` as a JSON string literal (RFC 8259 §7).
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    /// Whether a metadata key names something that must never be logged.
    static func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["authorization", "secret", "token", "password", "assertion", "cookie"].contains { lowered.contains($0) }
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
