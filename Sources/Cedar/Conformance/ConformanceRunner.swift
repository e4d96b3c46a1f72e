import Foundation

/// Runs Cedar integration-test files and compares every answer with the expected one.
///
/// For each test (as Cedar's reference harness, `cedar-testing/src/integration_testing.rs`, does):
/// parse the schema, the policies and the entities (with the schema, which also supplies the
/// action entities); then for each request read the context with the action's context type,
/// validate the request against the schema when asked, authorize, and compare the decision,
/// the set of determining policies and the set of erroring policies. A test's `shouldValidate`
/// expectation is checked with the strict ``Validator`` against the test's schema and counted as
/// one more passed or failed check (``ConformanceReport/validations`` says how many there were).
public struct ConformanceRunner: Sendable {
    /// The conformance root; when `nil`, found per test file by walking up from it to the folder
    /// that holds the files the test names.
    public var root: URL?

    public init(root: URL? = nil) {
        self.root = root
    }

    /// Every test file under `path` (a file, or a folder searched recursively for `*.json`
    /// files other than `*.entities.json`), sorted by path.
    public static func testFiles(at path: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw ConformanceError("no such file or folder: \(path.path)")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(at: path, includingPropertiesForKeys: nil) else {
            throw ConformanceError("cannot list \(path.path)")
        }
        var files: [URL] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            if name.hasSuffix(".json") && !name.hasSuffix(".entities.json") && isTestFile(url) { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Whether a JSON file found in a folder is a test (an object with `"requests"`), not shared
    /// data such as `sample-data/*/entities.json` (an array) or a JSON schema.
    private static func isTestFile(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url) else { return true }  // reported when run
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        return data.range(of: Data("\"requests\"".utf8)) != nil
    }

    /// Runs every file and sums the results; `progress` is called after each file with the number done.
    public func run(files: [URL], progress: (Int) -> Void = { _ in }) -> ConformanceReport {
        var report = ConformanceReport()
        var cache = ParsedFiles()
        for (i, file) in files.enumerated() {
            report.add(run(file: file, cache: &cache))
            progress(i + 1)
        }
        return report
    }

    /// Runs one test file.
    public func run(file: URL) -> ConformanceReport {
        var cache = ParsedFiles()
        return run(file: file, cache: &cache)
    }

    private func run(file: URL, cache: inout ParsedFiles) -> ConformanceReport {
        var report = ConformanceReport()
        let test: ConformanceTest
        do {
            test = try ConformanceTest(json: try String(contentsOf: file, encoding: .utf8))
        } catch {
            report.fileErrors.append(ConformanceFailure(file: file.path, request: nil, message: "cannot read test: \(error)"))
            return report
        }

        func fail(_ message: String) -> ConformanceReport {
            var failed = report
            failed.failed += test.requests.count
            failed.failures.append(ConformanceFailure(file: file.path, request: nil, message: message))
            return failed
        }
        guard let root = root ?? Self.findRoot(for: file, referencing: test.policiesPath) else {
            return fail("cannot find the conformance root holding \(test.policiesPath) above \(file.path)")
        }
        let schema: Schema?
        let policies: CompiledPolicySet
        let parsedPolicies: PolicySet
        let entities: Entities
        do {
            schema = try test.schemaPath.map { path throws(ConformanceError) in try cache.schema(root.appending(path: path)) }
            (parsedPolicies, policies) = try cache.policies(root.appending(path: test.policiesPath))
            entities = try cache.entities(
                root.appending(path: test.entitiesPath), schema: schema, schemaPath: test.schemaPath)
        } catch {
            return fail(error.description)
        }
        if let expected = test.shouldValidate {
            report.validations += 1
            if let schema {
                let result = Validator(schema: schema).validate(parsedPolicies)
                if result.isValid == expected {
                    report.passed += 1
                } else {
                    report.failed += 1
                    let detail = result.errors.prefix(5).map { "\n    \($0)" }.joined()
                    report.failures.append(ConformanceFailure(
                        file: file.path, request: "shouldValidate",
                        message: "expected the policies to \(expected ? "validate" : "be refused by the validator")"
                            + (expected ? ", but:" + detail : ", but they validate")))
                }
            } else {
                // Cedar's harness skips validation without a schema; nothing can be checked.
                report.skipped += 1
            }
        }

        let authorizer = Authorizer()
        for request in test.requests {
            let actual: Result<ConformanceOutcome, ConformanceError>
            var messages: [String] = []
            do {
                let context = try Request.context(json: request.context, schema: schema, action: request.action)
                let cedarRequest = Request(
                    principal: request.principal, action: request.action, resource: request.resource, context: context)
                if request.validateRequest, let schema {
                    try schema.validate(cedarRequest)
                }
                let response = authorizer.isAuthorized(cedarRequest, policies: policies, entities: entities)
                messages = response.errors.map(\.description)
                actual = .success(ConformanceOutcome(
                    decision: response.decision == .allow ? .allow : .deny,
                    reasons: response.reasons,
                    erroringPolicies: Set(response.errors.map(\.id))))
            } catch {
                actual = .failure(ConformanceError("\(error)"))
            }
            switch actual {
            case .success(let outcome) where outcome == request.expected:
                report.passed += 1
            case .success(let outcome):
                report.failed += 1
                var message = "expected \(request.expected)\n  actual   \(outcome)"
                for m in messages { message += "\n    \(m)" }
                report.failures.append(ConformanceFailure(file: file.path, request: request.description, message: message))
            case .failure(let error):
                report.failed += 1
                report.failures.append(ConformanceFailure(
                    file: file.path, request: request.description,
                    message: "expected \(request.expected)\n  actual   request refused: \(error.description)"))
            }
        }
        return report
    }

    /// The nearest folder at or above `file`'s folder that holds `relativePath`.
    static func findRoot(for file: URL, referencing relativePath: String) -> URL? {
        var folder = file.deletingLastPathComponent().standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appending(path: relativePath).path) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}

/// The counts and failures of a conformance run.
public struct ConformanceReport: Sendable {
    /// Requests whose answer matched, and `shouldValidate` expectations met.
    public var passed = 0
    /// Requests whose answer did not match (or could not be computed), and `shouldValidate` expectations not met.
    public var failed = 0
    /// Expectations not checked (`shouldValidate` in a test without a schema).
    public var skipped = 0
    /// `shouldValidate` expectations checked (each is also one passed or failed check).
    public var validations = 0
    /// Each failing request, or test whose files could not be read, with expected and actual answers.
    public var failures: [ConformanceFailure] = []
    /// Test files that could not be read at all (not counted as requests).
    public var fileErrors: [ConformanceFailure] = []

    public init() {}

    /// Adds another report's counts and failures to this one.
    public mutating func add(_ other: ConformanceReport) {
        passed += other.passed
        failed += other.failed
        skipped += other.skipped
        validations += other.validations
        failures += other.failures
        fileErrors += other.fileErrors
    }
}

/// One failing request (or a test whose files could not be read, `request == nil`).
public struct ConformanceFailure: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var request: String?
    public var message: String

    public var description: String {
        "FAIL \(file)" + (request.map { " [\($0)]" } ?? "") + "\n  " + message
    }
}

/// An error preparing a conformance test (a file that cannot be read or parsed).
public struct ConformanceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// Parsed schemas, policy sets and entity stores by path, so that files shared by several tests
/// (the hand-written tests share `sample-data/`) are read once per run.
struct ParsedFiles {
    private var schemas: [String: Schema] = [:]
    private var policySets: [String: (PolicySet, CompiledPolicySet)] = [:]
    private var entityStores: [String: Entities] = [:]

    private static func read(_ url: URL) throws(ConformanceError) -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConformanceError("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    mutating func schema(_ url: URL) throws(ConformanceError) -> Schema {
        if let known = schemas[url.path] { return known }
        let text = try Self.read(url)
        do {
            let schema = url.pathExtension == "json" ? try Schema(json: text) : try Schema(parsing: text)
            schemas[url.path] = schema
            return schema
        } catch {
            throw ConformanceError("\(url.path):" + (error.location.map { "\($0): " } ?? " ") + error.message)
        }
    }

    mutating func policies(_ url: URL) throws(ConformanceError) -> (PolicySet, CompiledPolicySet) {
        if let known = policySets[url.path] { return known }
        do {
            let parsed = try PolicySet(parsing: try Self.read(url), source: url.path)
            let set = (parsed, CompiledPolicySet(parsed))
            policySets[url.path] = set
            return set
        } catch let error as ParseErrors {
            throw ConformanceError(error.description)
        } catch let error as ConformanceError {
            throw error
        } catch {
            throw ConformanceError("\(error)")
        }
    }

    mutating func entities(_ url: URL, schema: Schema?, schemaPath: String?) throws(ConformanceError) -> Entities {
        // Keyed by schema too: the same entity file reads differently with another schema.
        let key = url.path + "\u{0}" + (schemaPath ?? "")
        if let known = entityStores[key] { return known }
        do {
            let store = try Entities(json: try Self.read(url), schema: schema)
            entityStores[key] = store
            return store
        } catch let error as JSONDecodingError {
            throw ConformanceError("\(url.path): \(error)")
        } catch let error as ConformanceError {
            throw error
        } catch {
            throw ConformanceError("\(error)")
        }
    }
}
