import Foundation
import LeashCore
import Testing

@Suite("Usage counters")
struct UsageCountersTests {
    static let noon = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC

    static func record(
        at time: Date = noon, identity: String? = "orders-svc", api: String? = "orders", operation: String? = "getOrder",
        allowed: Bool = true, source: String? = "10.0.0.1"
    ) -> DecisionRecord {
        DecisionRecord(
            time: time, identityID: identity, api: api, operationID: operation, method: "GET", path: "/orders/1",
            allowed: allowed, reason: allowed ? "allowed" : "scope_missing", sourceAddress: source)
    }

    @Test("the UTC day is whole days since 1970, also before it", arguments: [
        (0.0, 0), (86_399.999, 0), (86_400.0, 1), (-0.001, -1), (-86_400.0, -1), (-86_400.001, -2),
        (1_800_000_000.0, 20_833),
    ])
    func dayOfDate(seconds: Double, day: Int) {
        #expect(UsageKey.day(of: Date(timeIntervalSince1970: seconds)) == day)
        #expect(UsageKey.start(ofDay: day) <= Date(timeIntervalSince1970: seconds))
    }

    @Test("a record counts toward identity × API × operation × day")
    func keyOfRecord() {
        #expect(Self.record().usageKey == UsageKey(identityID: "orders-svc", api: "orders", operationID: "getOrder", day: 20_833))
    }

    @Test("a record without identity, API or operation counts toward no aggregate", arguments: [
        UsageCountersTests.record(identity: nil), UsageCountersTests.record(api: nil),
        UsageCountersTests.record(operation: nil),
    ])
    func noKey(record: DecisionRecord) {
        #expect(record.usageKey == nil)
        #expect([UsageKey: UsageCounters].aggregating([record]).isEmpty)
    }

    @Test("aggregating counts allowed and denied, first and last seen, distinct sources per key")
    func aggregating() throws {
        let records = [
            Self.record(at: Self.noon.addingTimeInterval(60), source: "10.0.0.1"),
            Self.record(at: Self.noon, allowed: false, source: "10.0.0.2"),
            Self.record(at: Self.noon.addingTimeInterval(30), source: "10.0.0.1"),
            Self.record(at: Self.noon.addingTimeInterval(86_400), source: nil),
            Self.record(operation: "deleteOrder", allowed: false),
        ]
        let usage = [UsageKey: UsageCounters].aggregating(records)
        #expect(usage.count == 3)
        let today = try #require(usage[UsageKey(identityID: "orders-svc", api: "orders", operationID: "getOrder", day: 20_833)])
        #expect(today.allowed == 2)
        #expect(today.denied == 1)
        #expect(today.firstSeen == Self.noon)
        #expect(today.lastSeen == Self.noon.addingTimeInterval(60))
        #expect(today.distinctSources == 2)
        let tomorrow = try #require(usage[UsageKey(identityID: "orders-svc", api: "orders", operationID: "getOrder", day: 20_834)])
        #expect(tomorrow.total == 1)
        #expect(tomorrow.distinctSources == 0)
    }

    @Test("merging counters equals counting every record once")
    func mergeIsCounting() {
        let first = (0..<5).map { Self.record(at: Self.noon.addingTimeInterval(Double($0)), source: "10.0.0.\($0)") }
        let second = (3..<9).map {
            Self.record(at: Self.noon.addingTimeInterval(Double(100 - $0)), allowed: $0 % 2 == 0, source: "10.0.0.\($0)")
        }
        var merged = UsageCounters(first[0])
        for record in first.dropFirst() { merged.add(record) }
        var other = UsageCounters(second[0])
        for record in second.dropFirst() { other.add(record) }
        merged.merge(other)
        let all = [UsageKey: UsageCounters].aggregating(first + second)
        #expect(all.count == 1)
        #expect(all.values.first == merged)
        #expect(merged.distinctSources == 9)
        #expect(merged.allowed == 5 + 3)
        #expect(merged.denied == 3)
    }
}
