import Foundation

/// A hash function over bytes, returning the digest (SHA-256 in production, from swift-crypto).
public struct AuditHasher: Sendable {
    private let digest: @Sendable ([UInt8]) -> [UInt8]

    /// Wraps a digest function; it must be collision resistant (SHA-256).
    public init(_ digest: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.digest = digest
    }

    /// Lower-case hex digest of `bytes`.
    public func hexDigest(_ bytes: [UInt8]) -> String {
        Hex.encode(digest(bytes))
    }
}

/// Builds and checks the audit hash chain: each event's hash covers its content and the previous hash.
public enum AuditChain {
    /// The `previousHash` of the first event: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Why a chain failed verification; `sequence` is the first event found wrong.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong at the failing position.
        public enum Reason: Hashable, Sendable {
            /// The event's content does not produce its stored hash (it was edited).
            case hashMismatch
            /// The event does not point at the hash of the event before it.
            case brokenLink
            /// The sequence number is not the one expected (an event was removed or moved).
            case sequenceGap(expected: Int64)
        }

        public let sequence: Int64
        public let reason: Reason

        /// A failure at `sequence` for `reason`.
        public init(sequence: Int64, reason: Reason) {
            self.sequence = sequence
            self.reason = reason
        }

        public var description: String {
            switch reason {
            case .hashMismatch:
                "audit event \(sequence) does not match its hash: its content was changed"
            case .brokenLink:
                "audit event \(sequence) does not link to the hash of the event before it"
            case .sequenceGap(let expected):
                "expected audit event \(expected) but found \(sequence): events were removed or reordered"
            }
        }
    }

    /// Seals a draft as the event following `previous` (nil: the first event).
    public static func seal(_ draft: AuditDraft, after previous: AuditEvent?, hasher: AuditHasher) -> AuditEvent {
        var event = AuditEvent(
            sequence: (previous?.sequence ?? 0) + 1,
            time: roundedToMilliseconds(draft.time),
            actor: draft.actor,
            action: draft.action,
            targetType: draft.targetType,
            targetID: draft.targetID,
            before: draft.before,
            after: draft.after,
            previousHash: previous?.hash ?? genesisHash,
            hash: ""
        )
        event.hash = hasher.hexDigest(canonicalBytes(of: event))
        return event
    }

    /// Checks `events` (in the order given) as a contiguous chain. Without `anchor` the chain must start
    /// at sequence 1 from the genesis hash; with it, the first event must follow the anchor.
    /// Returns the number of events checked.
    @discardableResult
    public static func verify(
        _ events: [AuditEvent],
        after anchor: AuditEvent? = nil,
        hasher: AuditHasher
    ) throws(Failure) -> Int {
        var expectedSequence = (anchor?.sequence ?? 0) + 1
        var expectedPrevious = anchor?.hash ?? genesisHash
        for event in events {
            guard event.sequence == expectedSequence else {
                throw Failure(sequence: event.sequence, reason: .sequenceGap(expected: expectedSequence))
            }
            guard event.previousHash == expectedPrevious else {
                throw Failure(sequence: event.sequence, reason: .brokenLink)
            }
            guard hasher.hexDigest(canonicalBytes(of: event)) == event.hash else {
                throw Failure(sequence: event.sequence, reason: .hashMismatch)
            }
            expectedSequence += 1
            expectedPrevious = event.hash
        }
        return events.count
    }

    /// The exact bytes an event's hash covers: every field but `hash`, each length-prefixed
    /// (`<byte count>:<bytes>`, `-` for nil) in a fixed order, so no two events share an encoding.
    public static func canonicalBytes(of event: AuditEvent) -> [UInt8] {
        let fields: [String?] = [
            "leash-audit-v1",
            String(event.sequence),
            String(milliseconds(event.time)),
            event.actor,
            event.action,
            event.targetType,
            event.targetID,
            event.before,
            event.after,
            event.previousHash,
        ]
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else {
                bytes.append(UInt8(ascii: "-"))
                continue
            }
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array(String(utf8.count).utf8))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// Milliseconds since 1970, the precision stored and hashed.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `date` rounded to whole milliseconds, so it survives a round trip through the store unchanged.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }
}

/// Hexadecimal encoding (lower-case) and decoding (either case).
public enum Hex {
    /// Encodes bytes as lower-case hex.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lower- or upper-case hex; `nil` for anything else.
    public static func decode(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
