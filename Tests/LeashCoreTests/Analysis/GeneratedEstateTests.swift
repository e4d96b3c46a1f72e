import Foundation
import LeashCore
import Testing

@Suite("Analyzer over a generated estate with planted risks")
struct GeneratedEstateTests {
    /// Healthy identities with random extra traffic, every planted risk on its own identity and every
    /// nearest non-risk on another: the ground truth is exactly the planted set.
    static func generated(seed: UInt64) -> (estate: AnalysisEstate, truth: Set<String>) {
        var generator = AnalysisRandom(seed: seed)
        var estate = AnalysisEstate()
        for index in 0..<300 {
            let id = "svc-\(index)"
            let sourceCount = Int.random(in: 1...9, using: &generator)
            estate.healthy(id, sources: (0..<sourceCount).map { "10.\(index % 200).\($0).1" })
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                let operation = Bool.random(using: &generator) ? "getOrder" : "listOrders"
                estate.call(id, operation, daysAgo: Double.random(in: 0.1...180, using: &generator), source: "10.\(index % 200).0.1")
            }
            // A few denials, never enough to be probing.
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                estate.call(id, "deleteOrder", daysAgo: Double.random(in: 0.1...89, using: &generator), allowed: false, source: "10.\(index % 200).0.1")
            }
        }
        var truth: Set<String> = []
        for (index, risk) in PlantedRisk.all.enumerated() {
            risk.fire(&estate, "planted-\(index)")
            truth.insert("\(risk.type.rawValue) planted-\(index)")
            risk.nearMiss(&estate, "near-\(index)")
        }
        return (estate, truth)
    }

    @Test("every planted risk is found and nothing unplanted is reported", arguments: [1 as UInt64, 2, 3])
    func groundTruth(seed: UInt64) {
        let (estate, truth) = Self.generated(seed: seed)
        let findings = estate.findings()
        let found = Set(findings.map { "\($0.type.rawValue) \($0.identityID)" })
        #expect(truth.subtracting(found).isEmpty, "missed: \(truth.subtracting(found).sorted())")
        #expect(found.subtracting(truth).isEmpty, "unplanted: \(found.subtracting(truth).sorted())")
        #expect(findings.count == truth.count)
    }

    @Test("the same estate gives the same findings with the same ids, whatever the record order")
    func deterministic() {
        let (estate, _) = Self.generated(seed: 7)
        var reversed = estate
        reversed.records.reverse()
        #expect(estate.findings() == reversed.findings())
    }
}
