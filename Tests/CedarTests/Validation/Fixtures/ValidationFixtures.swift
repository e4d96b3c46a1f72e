import Testing
@testable import Cedar

/// The schema the validation tests check policies against, and helpers to validate policy text.
enum ValidationFixtures {
    static let schemaText = """
        entity Org;
        entity Group in [Org] { name: String };
        entity User in [Group] {
            age: Long,
            nick?: String,
            manager?: User,
            profile: { email?: String, langs: Set<String> },
            joined: datetime,
            quota: decimal,
        } tags Long;
        entity Doc { owner: User, public: Bool, size?: Long, labels: Set<String> };
        entity Color enum ["red", "green"];
        action view, edit appliesTo {
            principal: [User],
            resource: [Doc],
            context: { ip: ipaddr, mfa?: Bool, window: duration },
        };
        action manage;
        action list in [manage] appliesTo { principal: [User, Group], resource: [Doc, Color] };
        """

    static func schema() throws -> Schema { try Schema(parsing: schemaText) }

    /// The result of validating `text` (one or more policies) against the fixture schema.
    static func validate(_ text: String) throws -> ValidationResult {
        Validator(schema: try schema()).validate(try PolicySet(parsing: text))
    }

    /// The kinds of the errors `text` has.
    static func errorKinds(_ text: String) throws -> [ValidationError.Kind] {
        try validate(text).errors.map(\.kind)
    }

    /// A `view` policy with `condition` as its `when` clause.
    static func view(_ condition: String) -> String {
        "permit(principal, action == Action::\"view\", resource) when { \(condition) };"
    }
}

/// A rule's policy that must validate and the nearest one that must not, with the error expected.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var passing: String
    var failing: String
    var kind: ValidationError.Kind

    var testDescription: String { rule }

    /// Checks both halves: `passing` has no error, `failing` has an error of `kind`.
    func check() throws {
        let good = try ValidationFixtures.validate(passing)
        #expect(good.errors.isEmpty, "\(rule): \(passing) should validate, got \(good.errors)")
        let bad = try ValidationFixtures.errorKinds(failing)
        #expect(bad.contains(kind), "\(rule): \(failing) should fail with \(kind), got \(bad)")
    }
}
