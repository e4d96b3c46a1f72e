import Foundation

/// The usage aggregate a decision counts toward: one identity calling one operation on one UTC day.
public struct UsageKey: Sendable, Hashable, Codable {
    /// The calling identity.
    public var identityID: String
    /// The API of the operation.
    public var api: String
    /// The operation (`operationId` or `METHOD /path`).
    public var operationID: String
    /// The UTC day, as whole days since 1970-01-01.
    public var day: Int

    /// Creates a key.
    public init(identityID: String, api: String, operationID: String, day: Int) {
        self.identityID = identityID
        self.api = api
        self.operationID = operationID
        self.day = day
    }

    /// The UTC day of `date`, as whole days since 1970-01-01 (earlier dates are negative).
    public static func day(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Midnight UTC at the start of `day`.
    public static func start(ofDay day: Int) -> Date {
        Date(timeIntervalSince1970: Double(day) * 86_400)
    }
}

/// What one identity did with one operation (on one day, or summed over days): how often it was
/// allowed and denied, when first and last, and from how many distinct source addresses.
///
/// Counters merge (`merge(_:)`) associatively, so per-batch aggregates, stored rows and multi-day
/// summaries all combine the same way.
public struct UsageCounters: Sendable, Hashable {
    /// Calls allowed.
    public var allowed: Int
    /// Calls denied.
    public var denied: Int
    /// The earliest call.
    public var firstSeen: Date
    /// The latest call.
    public var lastSeen: Date
    /// The distinct source addresses seen (bounded; see ``DistinctSources``).
    public var sources: DistinctSources

    /// Creates counters from stored values.
    public init(allowed: Int, denied: Int, firstSeen: Date, lastSeen: Date, sources: DistinctSources = DistinctSources()) {
        self.allowed = allowed
        self.denied = denied
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.sources = sources
    }

    /// Counters holding exactly one decision.
    public init(_ record: DecisionRecord) {
        self.init(
            allowed: record.allowed ? 1 : 0, denied: record.allowed ? 0 : 1, firstSeen: record.time, lastSeen: record.time)
        if let address = record.sourceAddress { sources.insert(address) }
    }

    /// Counts one more decision.
    public mutating func add(_ record: DecisionRecord) {
        if record.allowed { allowed += 1 } else { denied += 1 }
        firstSeen = min(firstSeen, record.time)
        lastSeen = max(lastSeen, record.time)
        if let address = record.sourceAddress { sources.insert(address) }
    }

    /// Adds `other`'s counts to these.
    public mutating func merge(_ other: UsageCounters) {
        allowed += other.allowed
        denied += other.denied
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        sources.merge(other.sources)
    }

    /// The number of distinct source addresses (exact up to ``DistinctSources/exactLimit``, estimated above).
    public var distinctSources: Int { sources.count }

    /// Every call counted.
    public var total: Int { allowed + denied }
}

extension Dictionary where Key == UsageKey, Value == UsageCounters {
    /// Counts `record` into its aggregate; records without identity, API or operation are not counted.
    public mutating func add(_ record: DecisionRecord) {
        guard let key = record.usageKey else { return }
        if self[key] != nil {
            self[key]?.add(record)
        } else {
            self[key] = UsageCounters(record)
        }
    }

    /// The aggregates of `records`.
    public static func aggregating(_ records: some Sequence<DecisionRecord>) -> Self {
        var usage: Self = [:]
        for record in records { usage.add(record) }
        return usage
    }
}

/// One usage aggregate: identity × API × operation × day and its counters.
public struct UsageEntry: Sendable, Hashable {
    /// Identity × API × operation × day.
    public var key: UsageKey
    /// What was counted for it.
    public var counters: UsageCounters

    /// Creates an entry.
    public init(key: UsageKey, counters: UsageCounters) {
        self.key = key
        self.counters = counters
    }
}

/// What one identity did with one operation over a span of days (the days' counters merged).
public struct OperationUsage: Sendable, Hashable {
    /// The API of the operation.
    public var api: String
    /// The operation.
    public var operationID: String
    /// The merged counters; distinct sources are counted across the days, not summed.
    public var counters: UsageCounters

    /// Creates a summary.
    public init(api: String, operationID: String, counters: UsageCounters) {
        self.api = api
        self.operationID = operationID
        self.counters = counters
    }

    /// Merges per-day entries into one summary per API and operation, ordered by API then operation.
    public static func summarizing(_ entries: some Sequence<UsageEntry>) -> [OperationUsage] {
        var merged: [String: [String: UsageCounters]] = [:]
        for entry in entries {
            if merged[entry.key.api]?[entry.key.operationID] != nil {
                merged[entry.key.api]?[entry.key.operationID]?.merge(entry.counters)
            } else {
                merged[entry.key.api, default: [:]][entry.key.operationID] = entry.counters
            }
        }
        return merged.sorted { $0.key < $1.key }.flatMap { api, operations in
            operations.sorted { $0.key < $1.key }.map { OperationUsage(api: api, operationID: $0.key, counters: $0.value) }
        }
    }
}

/// A span of whole UTC days ending today, written `30d` (days) or `4w` (weeks): the window of
/// `leash usage` and `GET /v1/usage/{identity}`.
public struct UsageWindow: Sendable, Hashable, CustomStringConvertible {
    /// The number of days, today included.
    public let days: Int

    /// The longest window accepted: ten years.
    public static let maximumDays = 3_650

    /// A window of `days` days (1 through ``maximumDays``), or nil.
    public init?(days: Int) {
        guard (1...Self.maximumDays).contains(days) else { return nil }
        self.days = days
    }

    /// Parses `30d` or `4w`; nil for anything else (zero, negative, too long, other units).
    public init?(parsing text: String) {
        guard let unit = text.last, let number = Int(text.dropLast()), text.first?.isNumber == true else { return nil }
        switch unit {
        case "d": self.init(days: number)
        case "w":
            guard number <= Self.maximumDays / 7 else { return nil }
            self.init(days: number * 7)
        default: return nil
        }
    }

    /// The first UTC day inside the window that ends on the day of `now`.
    public func firstDay(endingAt now: Date) -> Int { UsageKey.day(of: now) - days + 1 }

    /// `Nd`.
    public var description: String { "\(days)d" }
}
