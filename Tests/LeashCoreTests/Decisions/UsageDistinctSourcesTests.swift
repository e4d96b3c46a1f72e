import LeashCore
import Testing

@Suite("Distinct sources")
struct UsageDistinctSourcesTests {
    static func sources(_ range: Range<Int>, prefix: String = "10.") -> DistinctSources {
        var sources = DistinctSources()
        for n in range { sources.insert("\(prefix)\(n / 65_536).\(n / 256 % 256).\(n % 256)") }
        return sources
    }

    @Test("up to the exact limit the count is exact and repeats do not count")
    func exact() {
        var sources = DistinctSources()
        #expect(sources.count == 0)
        for round in 0..<3 {
            for n in 0..<DistinctSources.exactLimit { sources.insert("192.0.2.\(n)") }
            #expect(sources.count == DistinctSources.exactLimit, "round \(round)")
        }
        #expect(sources.isExact)
    }

    @Test("past the exact limit the count is an estimate within 15 %", arguments: [33, 100, 1_000, 10_000, 200_000])
    func estimate(distinct: Int) {
        var sources = Self.sources(0..<distinct)
        #expect(!sources.isExact)
        let error = abs(Double(sources.count - distinct)) / Double(distinct)
        #expect(error < 0.15, "estimated \(sources.count) for \(distinct)")
        // Seeing the same addresses again changes nothing.
        sources.merge(Self.sources(0..<distinct))
        #expect(abs(Double(sources.count - distinct)) / Double(distinct) < 0.15)
    }

    @Test("merging estimates the union, whatever each side's form", arguments: [
        (0..<20, 10..<30), (0..<20, 0..<5_000), (0..<3_000, 2_000..<6_000), (0..<10, 10..<40),
    ])
    func mergeIsUnion(left: Range<Int>, right: Range<Int>) {
        var merged = Self.sources(left)
        merged.merge(Self.sources(right))
        let union = Set(left).union(right).count
        if union <= DistinctSources.exactLimit {
            #expect(merged.count == union)
            #expect(merged.isExact)
        } else {
            #expect(abs(Double(merged.count - union)) / Double(union) < 0.15, "estimated \(merged.count) for \(union)")
        }
        var reversed = Self.sources(right)
        reversed.merge(Self.sources(left))
        #expect(reversed == merged)
    }

    @Test("the stored form reads back to an equal value", arguments: [0, 1, 32, 33, 5_000])
    func storedForm(distinct: Int) throws {
        let sources = Self.sources(0..<distinct)
        let decoded = try #require(DistinctSources(encoded: sources.encoded))
        #expect(decoded == sources)
        #expect(decoded.count == sources.count)
        #expect(sources.encoded.count <= 1 + 8 * DistinctSources.exactLimit)
    }

    @Test("a stored form that is not one is refused", arguments: [
        [], [0], [3, 1, 2], [1, 1, 2, 3], [2] + [UInt8](repeating: 0, count: 255),
        [2] + [UInt8](repeating: 60, count: 256), [1] + [UInt8](repeating: 7, count: 8 * 33),
    ] as [[UInt8]])
    func invalidStoredForm(bytes: [UInt8]) {
        #expect(DistinctSources(encoded: bytes) == nil)
    }

    @Test("hashes are stable across processes: the stored form of an address is fixed")
    func stableHash() {
        // FNV-1a 64 of "10.0.0.1" then fmix64, little-endian (computed independently in Python).
        var sources = DistinctSources()
        sources.insert("10.0.0.1")
        #expect(sources.encoded == [1, 136, 92, 108, 220, 109, 229, 121, 200])
    }
}
