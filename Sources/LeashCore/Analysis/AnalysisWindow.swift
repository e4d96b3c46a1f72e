import Foundation

/// The span of time the analyzer judges use over: `[start, end)`, normally the last N days up to now.
public struct AnalysisWindow: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The first instant inside the window.
    public var start: Date
    /// The first instant after the window (normally now).
    public var end: Date

    /// A window from `start` up to (not including) `end`.
    public init(start: Date, end: Date) {
        self.start = start
        self.end = max(start, end)
    }

    /// The `days` days (24 h each) ending at `end`.
    public init(days: Int, endingAt end: Date) {
        self.init(start: end.addingTimeInterval(-Double(max(0, days)) * 86_400), end: end)
    }

    /// Parses `90d` or `12w` (as `leash usage` does, at most ten years) into the window ending at `end`; nil otherwise.
    public init?(parsing text: String, endingAt end: Date) {
        guard let window = UsageWindow(parsing: text) else { return nil }
        self.init(days: window.days, endingAt: end)
    }

    /// Whether `date` falls inside the window.
    public func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// Whole days the window spans.
    public var days: Int { Int((end.timeIntervalSince(start) / 86_400).rounded()) }

    /// `Nd`.
    public var description: String { "\(days)d" }
}
