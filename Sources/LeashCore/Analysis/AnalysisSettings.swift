import Foundation

/// The thresholds the analyzer judges by, every one defaulted (docs/analysis.md, "Settings").
public struct AnalysisSettings: Codable, Hashable, Sendable {
    /// A static secret older than this many days is stale (rotation policy). Default 90.
    public var rotationDays: Int
    /// How long something may exist before "never used" or "unused scope" is said about it, in days. Default 14.
    public var graceDays: Int
    /// Denials by one identity in the window at or above which it counts as probing. Default 20.
    public var probingDenials: Int
    /// Distinct denied operations (or unmatched paths) needed as well for probing. Default 3.
    public var probingOperations: Int
    /// `act` chains longer than this many actors are reported. Default 2.
    public var delegationDepth: Int
    /// Distinct source addresses of one credential in the window at or above which it counts as shared. Default 10.
    public var sharedCredentialSources: Int
    /// A scope used for at most this fraction of the operations it covers is overbroad (when a narrower one would do). Default 0.5.
    public var overbroadUsedFraction: Double
    /// Owners that have left (teams dissolved, people gone): their identities are reported "owner gone".
    public var goneOwners: [String]
    /// API name → environment, for APIs whose environment cannot be read from their name or audience.
    public var apiEnvironments: [String: String]

    /// The defaults, each overridable.
    public init(
        rotationDays: Int = 90, graceDays: Int = 14, probingDenials: Int = 20, probingOperations: Int = 3,
        delegationDepth: Int = 2, sharedCredentialSources: Int = 10, overbroadUsedFraction: Double = 0.5,
        goneOwners: [String] = [], apiEnvironments: [String: String] = [:]
    ) {
        self.rotationDays = rotationDays
        self.graceDays = graceDays
        self.probingDenials = probingDenials
        self.probingOperations = probingOperations
        self.delegationDepth = delegationDepth
        self.sharedCredentialSources = sharedCredentialSources
        self.overbroadUsedFraction = overbroadUsedFraction
        self.goneOwners = goneOwners
        self.apiEnvironments = apiEnvironments
    }

    /// The default settings.
    public static var standard: Self { Self() }

    /// Decodes settings from a JSON object in which every field is optional (missing ones keep their default).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        rotationDays = try container.decodeIfPresent(Int.self, forKey: .rotationDays) ?? defaults.rotationDays
        graceDays = try container.decodeIfPresent(Int.self, forKey: .graceDays) ?? defaults.graceDays
        probingDenials = try container.decodeIfPresent(Int.self, forKey: .probingDenials) ?? defaults.probingDenials
        probingOperations = try container.decodeIfPresent(Int.self, forKey: .probingOperations) ?? defaults.probingOperations
        delegationDepth = try container.decodeIfPresent(Int.self, forKey: .delegationDepth) ?? defaults.delegationDepth
        sharedCredentialSources =
            try container.decodeIfPresent(Int.self, forKey: .sharedCredentialSources) ?? defaults.sharedCredentialSources
        overbroadUsedFraction =
            try container.decodeIfPresent(Double.self, forKey: .overbroadUsedFraction) ?? defaults.overbroadUsedFraction
        goneOwners = try container.decodeIfPresent([String].self, forKey: .goneOwners) ?? defaults.goneOwners
        apiEnvironments = try container.decodeIfPresent([String: String].self, forKey: .apiEnvironments) ?? defaults.apiEnvironments
    }

    /// Problems that make the settings unusable, for the CLI and the HTTP edge to report; empty when fine.
    public var problems: [String] {
        var problems: [String] = []
        if rotationDays < 1 { problems.append("the rotation age must be at least 1 day") }
        if graceDays < 0 { problems.append("the grace period cannot be negative") }
        if probingDenials < 1 { problems.append("the probing threshold must be at least 1 denial") }
        if probingOperations < 1 { problems.append("probing needs at least 1 distinct operation") }
        if delegationDepth < 1 { problems.append("the delegation depth bound must be at least 1") }
        if sharedCredentialSources < 2 { problems.append("a shared credential needs at least 2 sources") }
        if !(overbroadUsedFraction > 0 && overbroadUsedFraction < 1) {
            problems.append("the overbroad fraction must lie strictly between 0 and 1")
        }
        return problems
    }
}

/// Which side of the production boundary an identity or API lives on, read from free-form environment names.
public enum EnvironmentClass: String, Codable, Hashable, Sendable {
    case production
    case nonProduction = "non-production"

    /// The class of an environment name (`prod`, `production`, `live` → production; `staging`, `dev`,
    /// `test`, `qa`, `sandbox`, … → non-production); nil when the name says neither.
    public init?(environment: String) {
        let words = environment.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        if words.contains(where: Self.productionWords.contains) {
            self = .production
        } else if words.contains(where: Self.nonProductionWords.contains) {
            self = .nonProduction
        } else {
            return nil
        }
    }

    private static let productionWords: Set<String> = ["prod", "production", "prd", "live"]
    private static let nonProductionWords: Set<String> = [
        "staging", "stage", "stg", "dev", "development", "test", "testing", "qa", "sandbox", "uat", "preprod", "nonprod",
    ]
}
