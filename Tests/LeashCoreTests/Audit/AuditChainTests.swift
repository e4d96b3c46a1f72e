import Foundation
import LeashCore
import Testing

/// A deterministic stand-in digest for chain-logic tests (the store tests use real SHA-256):
/// FNV-1a widened to 32 bytes. Any change of input changes it, which is all the chain logic needs.
private let testHasher = AuditHasher { bytes in
    var state: UInt64 = 0xcbf2_9ce4_8422_2325
    var out: [UInt8] = []
    for round in 0..<4 {
        for byte in bytes + [UInt8(round)] {
            state ^= UInt64(byte)
            state = state &* 0x100_0000_01b3
        }
        out += withUnsafeBytes(of: state.bigEndian, Array.init)
    }
    return out
}

@Suite("Audit hash chain")
struct AuditChainTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000.123)

    static func chain(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for index in 0..<count {
            let draft = AuditDraft(
                time: start.addingTimeInterval(Double(index)), actor: "admin_1", action: "identity.update",
                targetType: "identity", targetID: "svc-\(index % 3)", before: index == 0 ? nil : "{\"n\":\(index - 1)}",
                after: "{\"n\":\(index)}")
            events.append(AuditChain.seal(draft, after: events.last, hasher: testHasher))
        }
        return events
    }

    @Test("a sealed chain verifies, starting from the genesis hash")
    func validChain() throws {
        let events = Self.chain(20)
        #expect(events.first?.previousHash == AuditChain.genesisHash)
        #expect(events.map(\.sequence) == Array(1...20))
        #expect(try AuditChain.verify(events, hasher: testHasher) == 20)
    }

    @Test("a segment verifies after its anchor")
    func segment() throws {
        let events = Self.chain(10)
        #expect(try AuditChain.verify(Array(events[5...]), after: events[4], hasher: testHasher) == 5)
        #expect(throws: AuditChain.Failure.self) { try AuditChain.verify(Array(events[5...]), hasher: testHasher) }
    }

    @Test("editing any field of an event is detected as a hash mismatch", arguments: 0..<6)
    func tampered(field: Int) {
        var events = Self.chain(8)
        switch field {
        case 0: events[3].actor = "someone-else"
        case 1: events[3].action = "identity.delete"
        case 2: events[3].targetID = "other"
        case 3: events[3].after = "{\"n\":99}"
        case 4: events[3].before = nil
        default: events[3].time = events[3].time.addingTimeInterval(0.001)
        }
        #expect(throws: AuditChain.Failure(sequence: 4, reason: .hashMismatch)) {
            try AuditChain.verify(events, hasher: testHasher)
        }
    }

    @Test("re-hashing an edited event breaks the link of the next one")
    func rehashed() {
        var events = Self.chain(8)
        events[3].actor = "intruder"
        events[3].hash = testHasher.hexDigest(AuditChain.canonicalBytes(of: events[3]))
        #expect(throws: AuditChain.Failure(sequence: 5, reason: .brokenLink)) {
            try AuditChain.verify(events, hasher: testHasher)
        }
    }

    @Test("a removed event is detected as a sequence gap")
    func removed() {
        var events = Self.chain(8)
        events.remove(at: 4)
        #expect(throws: AuditChain.Failure(sequence: 6, reason: .sequenceGap(expected: 5))) {
            try AuditChain.verify(events, hasher: testHasher)
        }
    }

    @Test("reordered events are detected")
    func reordered() {
        var events = Self.chain(8)
        events.swapAt(2, 3)
        #expect(throws: AuditChain.Failure.self) { try AuditChain.verify(events, hasher: testHasher) }
    }

    @Test("renumbering events to hide a removal still breaks the chain")
    func renumbered() {
        var events = Self.chain(8)
        events.remove(at: 4)
        for index in 4..<events.count { events[index].sequence -= 1 }
        #expect(throws: AuditChain.Failure.self) { try AuditChain.verify(events, hasher: testHasher) }
    }

    @Test("nil and empty before/after encode differently")
    func nilVersusEmpty() {
        var event = Self.chain(1)[0]
        event.before = nil
        let withNil = AuditChain.canonicalBytes(of: event)
        event.before = ""
        #expect(withNil != AuditChain.canonicalBytes(of: event))
    }

    @Test("drafts round time to milliseconds so the hash survives storage")
    func milliseconds() {
        let draft = AuditDraft(
            time: Date(timeIntervalSince1970: 1_800_000_000.123_456), actor: "a", action: "b", targetType: "c",
            targetID: "d")
        #expect(AuditChain.milliseconds(draft.time) == 1_800_000_000_123)
        #expect(AuditChain.roundedToMilliseconds(draft.time) == draft.time)
    }
}
