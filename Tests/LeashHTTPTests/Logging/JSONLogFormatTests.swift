import Foundation
import Testing

@testable import LeashHTTP

/// The JSON log handler's hand-written pieces agree with what they replace.
@Suite("JSON log lines: timestamps, strings and redaction")
struct JSONLogFormatTests {
    @Test("timestamps are RFC 3339 UTC with milliseconds, as ISO8601FormatStyle writes them", arguments: [
        // Binary fractions, so the instant is exact and no rounding mode can tell the two apart.
        0.0, 0.5, 1.25, 59.125, 86_399.875, 86_400, 951_782_400.25, 1_700_000_000.375, 1_798_761_599.875,
        4_102_444_800.5, 253_402_300_799.875, -1.0, -0.125, -86_400.5, -2_208_988_800,
    ])
    func timestamp(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        var bytes: [UInt8] = []
        JSONLogHandler.appendTimestamp(date, to: &bytes)
        let expected = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("strings are JSON string literals that decode back to themselves", arguments: [
        "", "plain", "quote \" backslash \\", "lines\n\r\t", "\u{0}\u{1}\u{1F}\u{7F}", "é 🔑 \u{2028}",
    ])
    func strings(text: String) throws {
        var bytes: [UInt8] = []
        JSONLogHandler.appendString(text, to: &bytes)
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
    }

    @Test("metadata keys naming a secret are recognised whatever their case", arguments: [
        ("authorization", true), ("Authorization", true), ("client_secret", true), ("ACCESS_TOKEN", true),
        ("x-password-hint", true), ("client_assertion", true), ("Set-Cookie", true), ("to\u{212A}en", true),
        ("http.route", false), ("duration_ms", false), ("tok", false), ("", false), ("clé", false),
    ])
    func secretKeys(key: String, secret: Bool) {
        #expect(JSONLogHandler.isSecretKey(key) == secret)
    }
}
