import Foundation
import LeashCore
import Testing

@Suite("Usage accumulator")
struct UsageAccumulatorTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    var window: AnalysisWindow { AnalysisWindow(days: 30, endingAt: now) }

    func record(_ identity: String?, daysAgo: Double, allowed: Bool = true, operation: String? = "getOrder", source: String = "10.0.0.1", act: [String] = []) -> DecisionRecord {
        DecisionRecord(
            time: now.addingTimeInterval(-daysAgo * 86_400), identityID: identity, credentialID: identity.map { "cred-\($0)" },
            api: operation == nil ? nil : "orders", operationID: operation, method: "GET", path: "/orders/1", allowed: allowed,
            reason: allowed ? "allowed" : "scope_missing", sourceAddress: source, act: act)
    }

    @Test("counts inside the window; records before it only move first and last seen; records after it are ignored")
    func windowing() throws {
        var accumulator = UsageAccumulator(window: window)
        accumulator.add(record("a", daysAgo: 40))
        accumulator.add(record("a", daysAgo: 10))
        accumulator.add(record("a", daysAgo: 5, allowed: false))
        accumulator.add(record("a", daysAgo: -1))
        let usage = accumulator.usage
        #expect(usage.records == 3)
        #expect(usage.recordsInWindow == 2)
        #expect(usage.hasHistoryBeforeWindow)
        let activity = try #require(usage.identities["a"]?.operations[OperationRef(api: "orders", operationID: "getOrder")])
        #expect(activity.allowedInWindow == 1)
        #expect(activity.deniedInWindow == 1)
        #expect(activity.firstAllowed == now.addingTimeInterval(-40 * 86_400))
        #expect(activity.lastAllowed == now.addingTimeInterval(-10 * 86_400))
        #expect(usage.identities["a"]?.lastSeen == now.addingTimeInterval(-5 * 86_400))
    }

    @Test("records without an identity are counted, not attributed")
    func unattributed() {
        var accumulator = UsageAccumulator(window: window)
        accumulator.add(record(nil, daysAgo: 1, allowed: false, operation: nil))
        #expect(accumulator.usage.unattributedRecords == 1)
        #expect(accumulator.usage.identities.isEmpty)
    }

    @Test("memory is bounded by identities × operations: a million records of 10 identities keep 10 entries")
    func bounded() {
        var accumulator = UsageAccumulator(window: window)
        for index in 0..<1_000_000 {
            accumulator.add(record("id-\(index % 10)", daysAgo: Double(index % 29) + 0.5, allowed: index % 3 != 0, source: "10.0.\(index % 250).\(index % 7)"))
        }
        let usage = accumulator.usage
        #expect(usage.identities.count == 10)
        #expect(usage.identities.values.allSatisfy { $0.operations.count == 1 && $0.deniedTargets.count == 1 })
        #expect(usage.credentials.count == 10)
        // 250 × 7 distinct addresses over 10 credentials: each sees 175, estimated by the sketch.
        #expect(usage.credentials.values.allSatisfy { !$0.sources.isExact && abs($0.sources.count - 175) < 40 })
    }

    @Test("the distinct denied targets kept per identity stop at the limit")
    func deniedTargetLimit() {
        var accumulator = UsageAccumulator(window: window)
        for index in 0..<500 {
            var denied = record("a", daysAgo: 1, allowed: false, operation: nil)
            denied.path = "/probe/\(index)"
            accumulator.add(denied)
        }
        #expect(accumulator.usage.identities["a"]?.deniedTargets.count == UsageAccumulator.deniedTargetLimit)
        #expect(accumulator.usage.identities["a"]?.deniedInWindow == 500)
    }

    @Test("the longest act chain in the window is kept per operation")
    func chains() {
        var accumulator = UsageAccumulator(window: window)
        accumulator.add(record("a", daysAgo: 1, act: ["x"]))
        accumulator.add(record("a", daysAgo: 2, act: ["x", "y", "z"]))
        accumulator.add(record("a", daysAgo: 3, act: ["x", "y"]))
        accumulator.add(record("a", daysAgo: 60, act: ["1", "2", "3", "4"]))
        #expect(accumulator.usage.identities["a"]?.operations.values.first?.longestChain == ["x", "y", "z"])
    }

    @Test("windows parse as days or weeks, and refuse anything else", arguments: ["90d", "12w", "1d"])
    func windowParsing(_ text: String) throws {
        let window = try #require(AnalysisWindow(parsing: text, endingAt: now))
        #expect(window.end == now)
        #expect(window.days == (text.hasSuffix("w") ? 84 : Int(text.dropLast()) ?? 0))
    }

    @Test("bad windows are refused", arguments: ["", "0d", "-3d", "90", "3m", "99999d"])
    func badWindows(_ text: String) {
        #expect(AnalysisWindow(parsing: text, endingAt: now) == nil)
    }
}
