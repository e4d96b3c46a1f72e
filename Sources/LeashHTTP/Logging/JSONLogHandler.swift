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
        // Built by hand, as bytes, rather than with JSONSerialization: at the default level this
        // runs once per request, and the line costs more than many a request.
        var line: [UInt8] = []
        line.reserveCapacity(320)
        line.append(contentsOf: #"{"ts":""#.utf8)
        Self.appendTimestamp(Date(), to: &line)
        line.append(contentsOf: #"","level":"#.utf8)
        Self.appendString(level.rawValue, to: &line)
        line.append(contentsOf: #","label":"#.utf8)
        Self.appendString(label, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        Self.appendString(message.description, to: &line)
        let merged: Logger.Metadata
        if let explicit, !explicit.isEmpty {
            merged = metadata.isEmpty ? explicit : metadata.merging(explicit) { _, new in new }
        } else {
            merged = metadata
        }
        for key in merged.keys.sorted() where !Self.reservedKeys.contains(key) {
            guard let value = merged[key] else { continue }
            line.append(UInt8(ascii: ","))
            Self.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            if Self.isSecretKey(key) {
                line.append(contentsOf: #""[redacted]""#.utf8)
            } else {
                Self.appendValue(value, to: &line)
            }
        }
        line.append(UInt8(ascii: "}"))
        output.write(String(decoding: line, as: UTF8.self))
    }

    /// The members every line starts with; metadata cannot replace them.
    private static let reservedKeys: Set<String> = ["ts", "level", "label", "msg"]

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let string): appendString(string, to: &line)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &line)
        case .array(let array):
            line.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                appendValue(element, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                appendString(key, to: &line)
                line.append(UInt8(ascii: ":"))
                if isSecretKey(key) {
                    line.append(contentsOf: #""[redacted]""#.utf8)
                } else if let element = dictionary[key] {
                    appendValue(element, to: &line)
                }
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a JSON string literal (RFC 8259 §7): `"` and `\` escaped, control
    /// characters as `\n`, `\r`, `\t` or `\u00XX`, everything else as its UTF-8 bytes.
    static func appendString(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Most messages, keys and values need no escaping: copy them whole.
            if utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                line.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): line.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): line.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): line.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): line.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): line.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20:
                    line.append(contentsOf: #"\u00"#.utf8)
                    line.append(hexDigits[Int(byte >> 4)])
                    line.append(hexDigits[Int(byte & 0x0F)])
                default: line.append(byte)
                }
            }
        }
        line.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The words that mark a metadata key as naming a secret.
    private static let secretWords = ["authorization", "secret", "token", "password", "assertion", "cookie"]

    /// Whether a metadata key names something that must never be logged.
    static func isSecretKey(_ key: String) -> Bool {
        // ASCII keys (all of Leash's) are lower-cased and searched as bytes; anything else goes
        // through Unicode lower-casing, which maps some non-ASCII letters (the Kelvin sign, U+212A) to ASCII ones.
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
            let lowered = key.lowercased()
            return secretWords.contains { lowered.contains($0) }
        }
        let lowered = key.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        return secretWords.contains { word in
            let needle = Array(word.utf8)
            guard lowered.count >= needle.count else { return false }
            return (0...(lowered.count - needle.count)).contains { start in
                lowered[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
    }

    /// RFC 3339 UTC time with milliseconds (`2026-01-31T12:34:56.789Z`), written directly:
    /// `Date.ISO8601FormatStyle` costs several microseconds a line.
    static func appendTimestamp(_ date: Date, to line: inout [UInt8]) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        // Floor division throughout, so instants before 1970 land on the right day and second.
        var (seconds, millisecond) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if millisecond < 0 { millisecond += 1000; seconds -= 1 }
        var (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        if second < 0 { second += 86_400; days -= 1 }
        // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var value = value
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / divisor % 10))
                value %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        line.append(UInt8(ascii: "-"))
        digits(month, 2)
        line.append(UInt8(ascii: "-"))
        digits(day, 2)
        line.append(UInt8(ascii: "T"))
        digits(second / 3600, 2)
        line.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        line.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        line.append(UInt8(ascii: "."))
        digits(millisecond, 3)
        line.append(UInt8(ascii: "Z"))
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
