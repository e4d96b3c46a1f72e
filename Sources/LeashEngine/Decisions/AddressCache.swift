import Cedar
import Synchronization

/// Parsed IP addresses by their text, so the decision point parses a caller's address once rather
/// than on every call (a gateway sends the same few addresses over and over). Bounded: when full it
/// starts over, so a stream of distinct addresses costs parsing, never memory. Text that is not an
/// address is remembered as such; text longer than any address (the longest IPv6 range with a zone
/// is well under 64 bytes) is parsed but never kept, so client-written headers cannot fill it.
public final class AddressCache: Sendable {
    private let entries = Mutex<[String: IPAddr?]>([:])
    private let capacity: Int
    private static let longestKept = 64

    /// A cache of at most `capacity` addresses.
    public init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// `text` as a Cedar `ipaddr` (an address or a CIDR range), or nil when it is neither.
    public func address(_ text: String) -> IPAddr? {
        guard text.utf8.count <= Self.longestKept else { return try? IPAddr(parsing: text) }
        if let known = entries.withLock({ $0[text] }) { return known }
        let parsed = try? IPAddr(parsing: text)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = parsed
        }
        return parsed
    }
}
