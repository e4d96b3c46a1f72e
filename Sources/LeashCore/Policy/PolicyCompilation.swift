import Cedar

/// A pushed policy set checked and turned into Cedar values: what `leash policy push` validates and
/// what the decision point evaluates.
public struct CompiledPolicyContent: Sendable {
    /// Static policies and templates under their Leash ids (see ``PolicySource``).
    public var policies: PolicySet
    /// The static entities of `entities.json` (with the pushed schema's actions, when one was pushed).
    public var staticEntities: Entities
    /// The pushed schema for the static entities, if any.
    public var staticSchema: Schema?
    /// The file each policy (by Leash id) was read from.
    public var sourceFiles: [PolicyID: String]

    /// Checks `content`: every file parses, policy ids are unique, the schema (if any) parses, the
    /// entities (if any) parse — against that schema when there is one — and none of them claims a
    /// type the inventory generates. Throws every problem found, located.
    public init(_ content: PolicyContent) throws(PolicyProblems) {
        var problems: [PolicyProblem] = []
        if content.files.isEmpty {
            problems.append(PolicyProblem(file: nil, message: "a policy set needs at least one .cedar file"))
        }
        for name in content.files.keys.sorted() where !Self.isValidFileName(name) {
            problems.append(PolicyProblem(
                file: name, message: "a policy file name must end in .cedar and must not contain '/' or '\\' (at most 200 characters)"))
        }
        var policies = PolicySet()
        var sourceFiles: [PolicyID: String] = [:]
        do {
            for entry in try PolicySource.parse(files: content.files) {
                // `parse` gives every policy a unique id, so adding cannot fail.
                try? policies.add(entry.policy)
                sourceFiles[entry.policy.id] = entry.file
            }
        } catch {
            problems += error.problems
        }
        var schema: Schema?
        if let text = content.schemaText {
            do {
                schema = try Schema(parsing: text)
            } catch {
                problems.append(PolicyProblem(
                    file: Self.schemaFileName, line: error.location?.line, column: error.location?.column,
                    message: error.message))
            }
        }
        var entities = Entities()
        if let json = content.entitiesJSON, problems.allSatisfy({ $0.file != Self.schemaFileName }) {
            do {
                entities = try Entities(json: json, schema: schema)
                for uid in entities.byUID.keys.sorted() where LeashEntityTypes.generated.contains(uid.type) {
                    problems.append(PolicyProblem(
                        file: Self.entitiesFileName,
                        message: "entity \(uid): \(uid.type) entities are built from the inventory and catalog; they cannot be given in entities.json"))
                }
            } catch {
                problems.append(PolicyProblem(file: Self.entitiesFileName, message: error.description))
            }
        }
        guard problems.isEmpty else { throw PolicyProblems(problems) }
        self.policies = policies
        self.staticEntities = entities
        self.staticSchema = schema
        self.sourceFiles = sourceFiles
    }

    /// Strict validation (Cedar's validator) of the policies against `schema`: each error becomes a
    /// problem located in its file (`file:line:column: policy <id>: message`).
    public func validationProblems(against schema: Schema) -> [PolicyProblem] {
        strictValidation(against: schema).errors
    }

    /// Strict validation's errors and warnings (legal but almost certainly a mistake, such as a policy
    /// that can never apply), each located in its file.
    public func strictValidation(against schema: Schema) -> (errors: [PolicyProblem], warnings: [PolicyProblem]) {
        let result = Validator(schema: schema).validate(policies)
        func located(_ id: PolicyID, _ location: SourceLocation?, _ message: String) -> PolicyProblem {
            PolicyProblem(
                file: sourceFiles[id], line: location?.line, column: location?.column, message: "policy \(id): \(message)")
        }
        return (
            result.errors.map { located($0.policyID, $0.location, $0.message) },
            result.warnings.map { located($0.policyID, $0.location, $0.message) }
        )
    }

    /// The name problems in the static entities are reported under.
    public static let entitiesFileName = "entities.json"
    /// The name problems in the pushed schema are reported under.
    public static let schemaFileName = "schema.cedarschema"

    /// `*.cedar`, no path separators, 1…200 characters.
    public static func isValidFileName(_ name: String) -> Bool {
        name.hasSuffix(".cedar") && name.count > ".cedar".count && name.count <= 200
            && !name.contains("/") && !name.contains("\\") && !name.unicodeScalars.contains { $0.value < 0x20 }
    }
}

/// The Cedar entity types of the `Leash` namespace (see docs/policy.md).
public enum LeashEntityTypes {
    /// `Leash::Identity`: an inventory identity (the request's principal).
    public static let identity = EntityType(namespace: ["Leash"], basename: "Identity")
    /// `Leash::Team`: an identity owner.
    public static let team = EntityType(namespace: ["Leash"], basename: "Team")
    /// `Leash::API`: a registered API.
    public static let api = EntityType(namespace: ["Leash"], basename: "API")
    /// `Leash::Operation`: one operation of an API (the request's resource).
    public static let operation = EntityType(namespace: ["Leash"], basename: "Operation")
    /// `Leash::Action`: an operation's action, a scope's action group, or `call`.
    public static let action = EntityType(namespace: ["Leash"], basename: "Action")

    /// Types built only from the inventory and catalog, never from pushed entities.
    /// (`Leash::Team` entities may be given, to place teams in larger groups.)
    public static let generated: Set<EntityType> = [identity, api, operation, action]
}
