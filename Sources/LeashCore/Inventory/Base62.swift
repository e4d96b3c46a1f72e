/// Base62 (`0-9A-Za-z`) encoding of unsigned big-endian numbers, used in secrets and ids.
public enum Base62 {
    /// The 62 digits in order of value.
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Encodes `bytes` read as one big-endian number, left-padded with `0` to `minimumLength` digits.
    public static func encode(_ bytes: [UInt8], minimumLength: Int = 0) -> String {
        var number = bytes.drop { $0 == 0 }.map { UInt32($0) }
        var digits: [UInt8] = []
        // Repeated division of the base-256 number by 62; quadratic, fine for the few dozen bytes we encode.
        while !number.isEmpty {
            var remainder: UInt32 = 0
            var quotient: [UInt32] = []
            quotient.reserveCapacity(number.count)
            for byte in number {
                let accumulator = remainder * 256 + byte
                let digit = accumulator / 62
                remainder = accumulator % 62
                if !quotient.isEmpty || digit != 0 { quotient.append(digit) }
            }
            digits.append(alphabet[Int(remainder)])
            number = quotient
        }
        while digits.count < minimumLength { digits.append(alphabet[0]) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// Encodes a 32-bit value, left-padded to `minimumLength` digits.
    public static func encode(_ value: UInt32, minimumLength: Int = 0) -> String {
        encode([UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)],
               minimumLength: minimumLength)
    }

    /// Whether `byte` is one of the 62 digits.
    public static func isDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }
}
