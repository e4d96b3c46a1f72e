import Foundation

/// The JSON spelling of identifier keys before Leash settled on one convention.
///
/// Leash's JSON spells identifiers `…Id` / `…Ids` (`identityId`, `grantIds`). Types that are stored as JSON
/// (proposals, review items) were first written with Swift's default names (`identityID`, `grantIDs`);
/// decoding them goes through ``JSONDecoder/KeyDecodingStrategy/acceptingFormerIdentifierSpelling``,
/// which reads both spellings. Encoding writes only the current one.
public enum FormerIdentifierSpelling {
    /// `key` in the current spelling: a trailing `ID` or `IDs` after a lower-case letter becomes `Id` or `Ids`
    /// (`identityID` → `identityId`, `grantIDs` → `grantIds`); every other key is returned unchanged.
    public static func current(_ key: String) -> String {
        for (former, replacement) in [("IDs", "Ids"), ("ID", "Id")] where key.hasSuffix(former) {
            let stem = key.dropLast(former.count)
            guard let last = stem.last, last.isLowercase else { return key }
            return stem + replacement
        }
        return key
    }
}

extension JSONDecoder.KeyDecodingStrategy {
    /// Reads keys in the current spelling (`identityId`) and in the former one (`identityID`) alike.
    public static var acceptingFormerIdentifierSpelling: Self {
        .custom { path in
            guard let key = path.last else { return IdentifierKey(stringValue: "") }
            if key.intValue != nil { return key }
            return IdentifierKey(stringValue: FormerIdentifierSpelling.current(key.stringValue))
        }
    }
}

/// A coding key by name, as the key strategy above returns it.
private struct IdentifierKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
