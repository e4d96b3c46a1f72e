import Foundation
import LeashHTTP
import Testing

/// The decision-record settings: buffer, flush interval and retention from flags, environment and file.
@Suite("decision record configuration")
struct DecisionRecordConfigurationTests {
    @Test("defaults: a 65 536-record buffer, 250 ms flushes, 90 days of raw records")
    func defaults() throws {
        let configuration = try LeashConfiguration.resolve(flags: .init(), environment: .init())
        #expect(configuration.decisions.recordBufferCapacity == 65_536)
        #expect(configuration.decisions.recordFlushIntervalMilliseconds == 250)
        #expect(configuration.decisions.recordRetentionDays == 90)
        let recorder = configuration.decisions.recorder
        #expect(recorder.capacity == 65_536)
        #expect(recorder.batchSize == 4_096)
        #expect(recorder.flushInterval == .milliseconds(250))
        #expect(recorder.retention == .seconds(90 * 86_400))
    }

    @Test("flags beat environment, environment beats the file; retention 0 keeps records forever")
    func precedence() throws {
        let file = try ConfigurationOverrides(
            configFile: Data(#"{"decisionBuffer": 2048, "decisionFlushMs": 1000, "decisionRetentionDays": 7}"#.utf8), path: "leash.json")
        let environment = try ConfigurationOverrides(environment: ["LEASH_DECISION_FLUSH_MS": "50", "LEASH_DECISION_RETENTION_DAYS": "0"])
        let flags = ConfigurationOverrides(decisionFlushMs: 20)
        let configuration = try LeashConfiguration.resolve(flags: flags, environment: environment, file: file)
        #expect(configuration.decisions.recordBufferCapacity == 2_048)
        #expect(configuration.decisions.recordFlushIntervalMilliseconds == 20)
        #expect(configuration.decisions.recordRetentionDays == 0)
        #expect(configuration.decisions.recorder.retention == nil)
        #expect(configuration.decisions.recorder.batchSize == 2_048)
    }

    @Test("out-of-range decision settings are refused with a sentence naming them", arguments: [
        ConfigurationOverrides(decisionBuffer: 10), ConfigurationOverrides(decisionBuffer: 20_000_000),
        ConfigurationOverrides(decisionFlushMs: 0), ConfigurationOverrides(decisionFlushMs: 120_000),
        ConfigurationOverrides(decisionRetentionDays: -1), ConfigurationOverrides(decisionRetentionDays: 40_000),
    ])
    func refused(overrides: ConfigurationOverrides) {
        #expect {
            try LeashConfiguration.resolve(flags: overrides, environment: .init())
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("decision") == true
        }
    }

    @Test("a non-integer decision setting in the environment is refused")
    func nonInteger() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationOverrides(environment: ["LEASH_DECISION_BUFFER": "lots"])
        }
    }
}
