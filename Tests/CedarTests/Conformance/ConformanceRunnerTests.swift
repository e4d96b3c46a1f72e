import Foundation
import Testing
@testable import Cedar

@Suite("The conformance runner: paths from the root, comparisons as sets, failures with expected and actual")
struct ConformanceRunnerTests {
    /// A throwaway conformance root in a temporary folder.
    struct Root {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appending(path: "cedar-conformance-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url.appending(path: "tests/g"), withIntermediateDirectories: true)
            try write("tests/g/policies.cedar", """
                permit(principal == User::"alice", action == Action::"view", resource)
                when { context.ip.isInRange(ip("10.0.0.0/8")) };
                forbid(principal, action, resource) when { resource.secret };
                """)
            try write("tests/g/schema.cedarschema", """
                entity User;
                entity Doc { secret: Bool };
                action view appliesTo { principal: User, resource: Doc, context: { ip: ipaddr } };
                """)
            try write("tests/g/entities.json", """
                [{"uid": {"type": "Doc", "id": "open"}, "attrs": {"secret": false}, "parents": []},
                 {"uid": {"type": "Doc", "id": "closed"}, "attrs": {"secret": true}, "parents": []}]
                """)
        }

        func write(_ path: String, _ text: String) throws {
            try text.write(to: url.appending(path: path), atomically: true, encoding: .utf8)
        }

        func test(schema: String = "\"tests/g/schema.cedarschema\"", shouldValidate: Bool = true, requests: [String]) -> String {
            """
            {"policies": "tests/g/policies.cedar", "entities": "tests/g/entities.json", "schema": \(schema),
             "shouldValidate": \(shouldValidate), "requests": [\(requests.joined(separator: ","))]}
            """
        }

        static func request(resource: String, ip: String = "10.1.2.3", decision: String, reason: [String], errors: [String] = []) -> String {
            func list(_ ids: [String]) -> String { "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
            return """
                {"description": "\(resource)", "principal": {"type": "User", "id": "alice"},
                 "action": {"type": "Action", "id": "view"}, "resource": {"type": "Doc", "id": "\(resource)"},
                 "context": {"ip": "\(ip)"}, "decision": "\(decision)", "reason": \(list(reason)), "errors": \(list(errors))}
                """
        }
    }

    @Test("matching answers pass; shouldValidate is checked with the strict validator and counted once")
    func passes() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/1.json", root.test(requests: [
            Root.request(resource: "open", decision: "allow", reason: ["policy0"]),
            Root.request(resource: "closed", decision: "deny", reason: ["policy1"]),
            Root.request(resource: "open", ip: "192.168.0.1", decision: "deny", reason: []),
        ]))
        // Found from the test file by walking up to the folder holding `tests/g/policies.cedar`.
        let report = ConformanceRunner().run(files: try ConformanceRunner.testFiles(at: root.url))
        #expect(report.passed == 4)
        #expect(report.failed == 0)
        #expect(report.skipped == 0)
        #expect(report.validations == 1)
        #expect(report.failures.isEmpty)
    }

    @Test("a shouldValidate expectation the validator contradicts is a failure naming the expectation")
    func validationMismatch() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/1.json", root.test(shouldValidate: false, requests: []))
        let report = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(report.failed == 1)
        #expect(report.passed == 0)
        #expect(report.failures.first?.request == "shouldValidate")
        #expect(report.failures.first?.message.contains("but they validate") == true)
    }

    @Test("an invalid policy set meets shouldValidate false, and the validator's errors are shown when true")
    func invalidPolicies() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/policies.cedar", "permit(principal, action, resource) when { resource.secrett };")
        try root.write("tests/g/1.json", root.test(shouldValidate: false, requests: []))
        try root.write("tests/g/2.json", root.test(shouldValidate: true, requests: []))
        let refused = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(refused.passed == 1 && refused.failed == 0)
        let expectedValid = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/2.json")])
        #expect(expectedValid.failed == 1)
        #expect(expectedValid.failures.first?.message.contains("secrett") == true)
    }

    @Test("without a schema a shouldValidate expectation cannot be checked and is counted as skipped")
    func validationWithoutSchema() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/1.json", root.test(schema: "null", requests: []))
        let report = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(report.skipped == 1)
        #expect(report.passed == 0 && report.failed == 0)
    }

    @Test("a wrong expectation is a failure showing expected and actual")
    func failure() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/1.json", root.test(requests: [
            Root.request(resource: "closed", decision: "allow", reason: ["policy0"]),
        ]))
        let report = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(report.passed == 1)  // the shouldValidate expectation
        #expect(report.failed == 1)
        let message = try #require(report.failures.first?.message)
        #expect(message.contains("expected allow, reasons [policy0], errors []"))
        #expect(message.contains("actual   deny, reasons [policy1], errors []"))
    }

    @Test("without a schema, the context is read in the explicit form only and erroring policies are compared")
    func noSchema() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        // With no schema, "10.1.2.3" stays a string, so `isInRange` raises an error in policy0.
        try root.write("tests/g/1.json", root.test(schema: "null", requests: [
            Root.request(resource: "open", decision: "deny", reason: [], errors: ["policy0"]),
        ]))
        let report = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(report.passed == 1, "\(report.failures)")
    }

    @Test("a request that does not conform to the schema is a failure, not an answer")
    func invalidRequest() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/1.json", root.test(requests: [
            Root.request(resource: "open", ip: "not an ip", decision: "deny", reason: []),
        ]))
        let report = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(report.failed == 1)
        #expect(report.failures.first?.message.contains("request refused") == true)
    }

    @Test("a test naming a missing file fails all its requests with the reason")
    func missingFile() throws {
        let root = try Root()
        defer { try? FileManager.default.removeItem(at: root.url) }
        try root.write("tests/g/1.json", root.test(schema: "\"tests/g/nope.cedarschema\"", requests: [
            Root.request(resource: "open", decision: "allow", reason: ["policy0"]),
        ]))
        let report = ConformanceRunner().run(files: [root.url.appending(path: "tests/g/1.json")])
        #expect(report.failed == 1)
        #expect(report.failures.first?.message.contains("nope.cedarschema") == true)
    }
}
