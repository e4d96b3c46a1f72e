import Testing
@testable import Cedar

@Suite("ipaddr: the ip() constructor and its methods")
struct IPAddrTests {
    static let valid: [(String, IPAddr.Family, UInt128, UInt8)] = [
        ("127.0.0.1", .v4, 0x7F00_0001, 32),
        ("0.0.0.0/0", .v4, 0, 0),
        ("10.0.0.0/8", .v4, 0x0A00_0000, 8),
        ("255.255.255.255", .v4, 0xFFFF_FFFF, 32),
        ("::1", .v6, 1, 128),
        ("::", .v6, 0, 128),
        ("::/0", .v6, 0, 0),
        ("1::", .v6, UInt128(1) << 112, 128),
        ("ff00::/8", .v6, UInt128(0xFF00) << 112, 8),
        ("2001:DB8::1/128", .v6, (UInt128(0x2001) << 112) | (UInt128(0xDB8) << 96) | 1, 128),
        ("1:2:3:4:5:6:7:8", .v6, 0x0001_0002_0003_0004_0005_0006_0007_0008, 128),
        ("0001:0002::0008", .v6, (UInt128(1) << 112) | (UInt128(2) << 96) | 8, 128),
    ]

    @Test("valid addresses and ranges parse", arguments: valid)
    func parses(_ text: String, _ family: IPAddr.Family, _ address: UInt128, _ prefix: UInt8) throws {
        let ip = try IPAddr(parsing: text)
        #expect(ip == IPAddr(family: family, address: address, prefixLength: prefix))
    }

    static let invalid: [String] = [
        "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/08",
        "1.2.3.4/-1", "1.2.3.4/+8", "1.2.3.4/8/8", " 1.2.3.4", "1.2.3.4 ", "a.b.c.d", "::1/129", "::1/0128",
        ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "12345::", "g::",
        "::ffff:127.0.0.1", "::127.0.0.1", "fe80::1%eth0", "1.2.3.4%", "::1/1234",
        "0000:0000:0000:0000:0000:0000:0000:0000:0000/128",
    ]

    @Test("malformed text is an extension error", arguments: invalid)
    func rejects(_ text: String) {
        #expect(Sample.outcome(of: E.ip(text)) == .error(.extensionFailure))
    }

    static let methods: [EvalCase] = [
        EvalCase("isIpv4", E.method(E.ip("1.2.3.4"), "isIpv4"), .bool(true)),
        EvalCase("isIpv4 on v6", E.method(E.ip("::1"), "isIpv4"), .bool(false)),
        EvalCase("isIpv6", E.method(E.ip("::1"), "isIpv6"), .bool(true)),
        EvalCase("isLoopback v4", E.method(E.ip("127.255.0.1"), "isLoopback"), .bool(true)),
        EvalCase("isLoopback v4 range /8", E.method(E.ip("127.0.0.0/8"), "isLoopback"), .bool(true)),
        EvalCase("isLoopback v4 range too wide", E.method(E.ip("127.0.0.0/7"), "isLoopback"), .bool(false)),
        EvalCase("isLoopback v6", E.method(E.ip("::1"), "isLoopback"), .bool(true)),
        EvalCase("isLoopback v6 range", E.method(E.ip("::1/127"), "isLoopback"), .bool(false)),
        EvalCase("isLoopback v4-mapped is false", E.method(E.ip("::ffff:7f00:1"), "isLoopback"), .bool(false)),
        EvalCase("isMulticast v4", E.method(E.ip("224.1.2.3"), "isMulticast"), .bool(true)),
        EvalCase("isMulticast v4 239", E.method(E.ip("239.255.255.255"), "isMulticast"), .bool(true)),
        EvalCase("isMulticast v4 240 is not", E.method(E.ip("240.0.0.1"), "isMulticast"), .bool(false)),
        EvalCase("isMulticast v6", E.method(E.ip("ff02::1"), "isMulticast"), .bool(true)),
        EvalCase("isMulticast v6 /7", E.method(E.ip("ff00::/7"), "isMulticast"), .bool(false)),
        EvalCase("isInRange", E.method(E.ip("10.1.2.3"), "isInRange", E.ip("10.0.0.0/8")), .bool(true)),
        EvalCase("isInRange outside", E.method(E.ip("11.1.2.3"), "isInRange", E.ip("10.0.0.0/8")), .bool(false)),
        EvalCase("isInRange of range", E.method(E.ip("10.1.0.0/16"), "isInRange", E.ip("10.0.0.0/8")), .bool(true)),
        EvalCase("wider range is not in", E.method(E.ip("10.0.0.0/8"), "isInRange", E.ip("10.1.0.0/16")), .bool(false)),
        EvalCase("host bits ignored in range", E.method(E.ip("10.1.2.3"), "isInRange", E.ip("10.1.2.200/24")), .bool(true)),
        EvalCase("itself", E.method(E.ip("10.1.2.3"), "isInRange", E.ip("10.1.2.3")), .bool(true)),
        EvalCase("across families is false", E.method(E.ip("::1"), "isInRange", E.ip("0.0.0.0/0")), .bool(false)),
        EvalCase("v6 range", E.method(E.ip("2001:db8::42"), "isInRange", E.ip("2001:db8::/32")), .bool(true)),
        EvalCase("method on a string is a type error", E.method(E.string("1.2.3.4"), "isIpv4"), .error(.typeMismatch)),
        EvalCase("isInRange needs an ipaddr", E.method(E.ip("1.2.3.4"), "isInRange", E.string("1.2.3.0/24")), .error(.typeMismatch)),
        EvalCase("ip needs a string", E.call("ip", E.long(1)), .error(.typeMismatch)),
        EvalCase("ip takes one argument", E.call("ip"), .error(.unknownFunction)),
    ]

    @Test("ipaddr methods", arguments: methods)
    func method(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }
}
