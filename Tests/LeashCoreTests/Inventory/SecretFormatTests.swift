import LeashCore
import Testing

@Suite("Secret format")
struct SecretFormatTests {
    static let randomBytes: [UInt8] = (0..<32).map { UInt8(($0 * 37 + 11) % 256) }

    @Test("a made secret has the leash_<kind>_ prefix, a long base62 body and verifies")
    func madeSecretVerifies() {
        let secret = SecretFormat.make(kind: .clientSecret, randomBytes: Self.randomBytes)
        #expect(secret.hasPrefix("leash_cs_"))
        #expect(secret.count >= "leash_cs_".count + SecretFormat.minimumBodyLength + SecretFormat.checksumLength)
        #expect(SecretFormat.kind(of: secret) == .clientSecret)
        #expect(SecretFormat.isValid(secret, kind: .clientSecret))
        #expect(!SecretFormat.isValid(secret, kind: .admin))
    }

    @Test("all-zero and all-ones random bytes still give a full-length body")
    func extremeBytes() {
        for bytes in [[UInt8](repeating: 0, count: 32), [UInt8](repeating: 0xff, count: 32)] {
            let secret = SecretFormat.make(kind: .admin, randomBytes: bytes)
            #expect(secret.count == "leash_adm_".count + 43 + 6)
            #expect(SecretFormat.isValid(secret, kind: .admin))
        }
    }

    @Test("changing any one character makes the checksum fail", arguments: Array(9..<58))
    func oneCharacterChange(position: Int) {
        let secret = Array(SecretFormat.make(kind: .clientSecret, randomBytes: Self.randomBytes))
        guard position < secret.count else { return }
        var altered = secret
        altered[position] = altered[position] == "a" ? "b" : "a"
        #expect(SecretFormat.kind(of: String(altered)) == nil)
    }

    @Test(
        "malformed candidates are not secrets",
        arguments: [
            "", "leash_", "leash_cs_", "leash_cs_short123456", "LEASH_cs_\(String(repeating: "A", count: 49))",
            "leash_CS_\(String(repeating: "A", count: 49))", "leash__\(String(repeating: "A", count: 49))",
            "leash_cs_\(String(repeating: "A", count: 48))-",
        ])
    func malformed(candidate: String) {
        #expect(SecretFormat.kind(of: candidate) == nil)
    }

    @Test("the hint is the first 12 characters and reveals no more")
    func hint() {
        let secret = SecretFormat.make(kind: .clientSecret, randomBytes: Self.randomBytes)
        #expect(SecretFormat.hint(of: secret) == String(secret.prefix(12)))
        #expect(SecretFormat.hint(of: secret).count == 12)
    }

    @Test("CRC-32 matches the standard check value")
    func crcCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("base62 encodes numbers big-endian with zero padding")
    func base62() {
        #expect(Base62.encode([0x00]) == "")
        #expect(Base62.encode([61]) == "z")
        #expect(Base62.encode([62]) == "10")
        #expect(Base62.encode([0x01, 0x00]) == "48")
        #expect(Base62.encode(UInt32(0), minimumLength: 6) == "000000")
        #expect(Base62.encode(UInt32.max, minimumLength: 6) == "4gfFC3")
    }

    @Test("resource ids carry their prefix and differ each time")
    func resourceIDs() {
        let first = ResourceID.make(prefix: ResourceID.credentialPrefix)
        let second = ResourceID.make(prefix: ResourceID.credentialPrefix)
        #expect(first.hasPrefix("cred_"))
        #expect(first.count == "cred_".count + 22)
        #expect(first != second)
    }
}
