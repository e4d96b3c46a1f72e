import Foundation
import LeashCore
import Testing

@Suite("Analyzer: each finding type fires on its risk and not on the nearest case without it")
struct AnalyzerFindingTests {
    @Test("a healthy estate has no findings")
    func healthy() {
        var estate = AnalysisEstate()
        estate.healthy("other", sources: ["10.9.0.1", "10.9.0.2"])
        #expect(estate.findings().isEmpty)
    }

    @Test("the planted risk is reported, about its identity, and nothing else", arguments: PlantedRisk.all)
    func fires(_ risk: PlantedRisk) throws {
        var estate = AnalysisEstate()
        risk.fire(&estate, "subject")
        let findings = estate.findings()
        #expect(findings.map(\.type) == [risk.type])
        let finding = try #require(findings.first)
        #expect(finding.identityID == "subject")
        #expect(!finding.evidence.isEmpty)
        #expect(!finding.recommendation.isEmpty)
        #expect(finding.owasp == risk.type.owasp)
    }

    @Test("the nearest case without the risk is not reported", arguments: PlantedRisk.all)
    func nearMiss(_ risk: PlantedRisk) {
        var estate = AnalysisEstate()
        risk.nearMiss(&estate, "subject")
        let findings = estate.findings()
        #expect(findings.isEmpty, "unexpected: \(findings.map { "\($0.type.rawValue) \($0.summary)" })")
    }

    @Test("every finding type has at least one planted case")
    func everyTypeCovered() {
        #expect(Set(PlantedRisk.all.map(\.type)) == Set(FindingType.allCases))
    }

    @Test("calls allowed after an identity's expiry make the finding critical; without calls it is medium")
    func expiredSeverity() throws {
        var estate = AnalysisEstate()
        estate.identity("late", createdDaysAgo: 200)
        estate.update("late") { $0.expiresAt = AnalysisEstate.daysAgo(10) }
        estate.call("late", "getOrder", daysAgo: 11)
        let quiet = try #require(estate.findings().first { $0.type == .expiredButActive })
        #expect(quiet.severity == .medium)
        estate.call("late", "getOrder", daysAgo: 2)
        let enforced = try #require(estate.findings().first { $0.type == .expiredButActive })
        #expect(enforced.severity == .critical)
        #expect(enforced.evidence(named: "last allowed call") != nil)
    }

    @Test("thresholds come from the settings: a lower probing bound reports 19 denials")
    func settingsApply() {
        var estate = AnalysisEstate()
        PlantedRisk.all.first { $0.type == .probing }?.nearMiss(&estate, "subject")
        var settings = AnalysisEstate.settings
        #expect(estate.findings(settings: settings).isEmpty)
        settings.probingDenials = 10
        #expect(estate.findings(settings: settings).map(\.type) == [.probing])
    }

    @Test("a shorter rotation policy makes a younger secret stale")
    func rotationSetting() {
        var estate = AnalysisEstate()
        PlantedRisk.all.first { $0.type == .staleSecret }?.nearMiss(&estate, "subject")
        var settings = AnalysisEstate.settings
        settings.rotationDays = 30
        #expect(estate.findings(settings: settings).map(\.type) == [.staleSecret])
    }

    @Test("new callers are not looked for when no record predates the window")
    func newCallerNeedsHistory() {
        var estate = AnalysisEstate()
        estate.records.removeAll()
        estate.call("steady", "getOrder", daysAgo: 5)
        estate.call("steady", "listOrders", daysAgo: 5)
        estate.call("steady", "exportOrders", daysAgo: 5)
        #expect(estate.findings().isEmpty)
    }

    @Test("the API environment map of the settings overrides the name")
    func apiEnvironmentSetting() {
        var estate = AnalysisEstate()
        PlantedRisk.all.first { $0.type == .crossEnvironment }?.fire(&estate, "subject")
        var settings = AnalysisEstate.settings
        settings.apiEnvironments = ["ledger-staging": "prod"]
        #expect(estate.findings(settings: settings).isEmpty)
    }
}
