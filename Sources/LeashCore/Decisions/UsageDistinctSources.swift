import Foundation

/// A bounded count of distinct source addresses that merges across batches and days.
///
/// Up to ``exactLimit`` addresses it keeps their 64-bit hashes, so the count is exact (barring a
/// 64-bit collision). Beyond that it becomes a HyperLogLog sketch of 256 one-byte registers
/// (Flajolet et al. 2007, with the small-range linear-counting correction of Heule et al. 2013):
/// about 6.5 % standard error, at most 257 bytes stored however many addresses are seen. Both forms
/// merge: the union of two exact sets stays exact while it fits, anything larger merges as sketches.
///
/// Hashes are FNV-1a 64 with the MurmurHash3 finalizer — stable across processes, so stored values
/// merge with new ones (Swift's `Hasher` is seeded per process and cannot be used).
public struct DistinctSources: Sendable, Hashable {
    /// The most addresses counted exactly.
    public static let exactLimit = 32
    /// log2 of the number of sketch registers.
    static let precision = 8
    static let registerCount = 1 << precision

    private enum Storage: Hashable {
        case exact(Set<UInt64>)
        case sketch([UInt8])
    }

    private var storage: Storage

    /// No addresses.
    public init() { storage = .exact([]) }

    /// Whether ``count`` is exact (at most ``exactLimit`` addresses seen) rather than estimated.
    public var isExact: Bool {
        if case .exact = storage { return true }
        return false
    }

    /// Notes one address.
    public mutating func insert(_ address: String) {
        insert(hash: Self.hash(address))
    }

    /// Adds every address of `other`.
    public mutating func merge(_ other: DistinctSources) {
        switch other.storage {
        case .exact(let hashes):
            for hash in hashes { insert(hash: hash) }
        case .sketch(let registers):
            var mine = sketchRegisters()
            for index in 0..<Self.registerCount { mine[index] = max(mine[index], registers[index]) }
            storage = .sketch(mine)
        }
    }

    /// The number of distinct addresses: exact up to ``exactLimit``, estimated beyond.
    public var count: Int {
        switch storage {
        case .exact(let hashes):
            return hashes.count
        case .sketch(let registers):
            let m = Double(Self.registerCount)
            var sum = 0.0
            var zeros = 0
            for register in registers {
                sum += 1 / Double(UInt64(1) << UInt64(register))
                if register == 0 { zeros += 1 }
            }
            let alpha = 0.7213 / (1 + 1.079 / m)
            var estimate = alpha * m * m / sum
            if estimate <= 2.5 * m && zeros > 0 {
                estimate = m * log(m / Double(zeros))
            }
            // A sketch is only built past the exact limit; never report fewer than that.
            return max(Self.exactLimit + 1, Int(estimate.rounded()))
        }
    }

    // MARK: Stored form

    /// The stored form: `0x01` then 8-byte little-endian hashes, or `0x02` then the 256 registers.
    public var encoded: [UInt8] {
        switch storage {
        case .exact(let hashes):
            var bytes: [UInt8] = [1]
            bytes.reserveCapacity(1 + 8 * hashes.count)
            for hash in hashes.sorted() {
                for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
            }
            return bytes
        case .sketch(let registers):
            return [2] + registers
        }
    }

    /// Reads the stored form back; nil if `bytes` is not one.
    public init?(encoded bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard let tag = bytes.first else { return nil }
        let body = bytes.dropFirst()
        switch tag {
        case 1:
            guard body.count % 8 == 0, body.count / 8 <= Self.exactLimit else { return nil }
            var hashes = Set<UInt64>()
            var index = body.startIndex
            while index < body.endIndex {
                var hash: UInt64 = 0
                for offset in 0..<8 { hash |= UInt64(body[index + offset]) << UInt64(8 * offset) }
                hashes.insert(hash)
                index += 8
            }
            storage = .exact(hashes)
        case 2:
            guard body.count == Self.registerCount, body.allSatisfy({ Int($0) <= 64 - Self.precision + 1 }) else { return nil }
            storage = .sketch(Array(body))
        default:
            return nil
        }
    }

    // MARK: Internals

    private mutating func insert(hash: UInt64) {
        switch storage {
        case .exact(var hashes):
            hashes.insert(hash)
            if hashes.count <= Self.exactLimit {
                storage = .exact(hashes)
            } else {
                var registers = [UInt8](repeating: 0, count: Self.registerCount)
                for hash in hashes { Self.add(hash, to: &registers) }
                storage = .sketch(registers)
            }
        case .sketch(var registers):
            storage = .exact([])  // release the array's storage so the update below is in place
            Self.add(hash, to: &registers)
            storage = .sketch(registers)
        }
    }

    private func sketchRegisters() -> [UInt8] {
        switch storage {
        case .sketch(let registers):
            return registers
        case .exact(let hashes):
            var registers = [UInt8](repeating: 0, count: Self.registerCount)
            for hash in hashes { Self.add(hash, to: &registers) }
            return registers
        }
    }

    /// HyperLogLog: the top `precision` bits pick a register, which keeps the largest rank
    /// (position of the first 1 bit) seen among the remaining bits.
    private static func add(_ hash: UInt64, to registers: inout [UInt8]) {
        let index = Int(hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rank = UInt8(min(rest.leadingZeroBitCount, 64 - precision) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// FNV-1a 64 of the UTF-8 bytes, then MurmurHash3's fmix64 to spread the bits.
    static func hash(_ address: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in address.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
