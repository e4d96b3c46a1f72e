import ArgumentParser
import Cedar
import Foundation

/// `leash cedar …`: the Cedar policy language on its own — check, validate, format, authorize, conformance.
struct CedarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cedar",
        abstract: "Check, validate, format and evaluate Cedar policies; run Cedar conformance tests.",
        subcommands: [Check.self, Validate.self, Format.self, Authorize.self, Conformance.self]
    )

    /// `leash cedar check FILE…`: parse each file and report `ok` or its errors.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse Cedar policy files (.cedar) or schemas (.cedarschema, .cedarschema.json); print 'ok' or errors."
        )

        @Argument(help: "Files to check.") var files: [String]

        func run() throws {
            var failed = false
            for file in files {
                let text: String
                do {
                    text = try CedarFiles.read(file)
                } catch {
                    printError("\(file): \(error)")
                    failed = true
                    continue
                }
                if let problem = CedarFiles.check(text, file: file) {
                    printError(problem)
                    failed = true
                } else {
                    print("\(file): ok")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    /// `leash cedar validate --schema FILE POLICIES…`: Cedar's strict validation of each policy file.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate Cedar policy files against a schema (Cedar 4 strict mode).",
            discussion: """
                Prints one line per problem, 'file:line:column: policy <id>: message' (warnings, such as a policy \
                that can never apply, are marked 'warning:'), then 'ok' or the number of errors per file. \
                Exits 1 when any file has an error or cannot be read or parsed.
                """
        )

        @Option(help: "The schema: .cedarschema, or the JSON schema format if the name ends in .json.") var schema: String
        @Argument(help: "Policy files (.cedar); each is validated on its own.") var files: [String]
        @Flag(help: "Print the results as JSON.") var json = false

        func run() throws {
            let validator: Validator
            do {
                validator = Validator(schema: try CedarFiles.schema(schema))
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            var results: [CedarFiles.FileValidation] = []
            for file in files {
                results.append(CedarFiles.validate(file, with: validator))
            }
            if json {
                print(CedarFiles.json(results).serialized(pretty: true))
            } else {
                for result in results { print(CedarFiles.text(result), terminator: "") }
            }
            if results.contains(where: { !$0.isValid }) { throw ExitCode(1) }
        }
    }

    /// `leash cedar format FILE`: the policies in canonical form.
    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a Cedar policy file in canonical form.")

        @Argument(help: "The policy file.") var file: String

        func run() throws {
            let text = try CedarFiles.read(file)
            do {
                let set = try PolicySet(parsing: text, source: file)
                print(PolicyFormatter.format(set), terminator: "")
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }

    /// `leash cedar authorize …`: one decision with its reasons and errors.
    struct Authorize: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decide one request against policies and entities.")

        @Option(help: "The policy file (Cedar text).") var policies: String
        @Option(help: "The entities file (Cedar JSON entity format).") var entities: String
        @Option(help: "A schema (.cedarschema, or the JSON format if the name ends in .json): entities and context are read with it and the request is validated.")
        var schema: String?
        @Option(help: "The principal, e.g. 'User::\"alice\"'.") var principal: String
        @Option(help: "The action, e.g. 'Action::\"view\"'.") var action: String
        @Option(help: "The resource, e.g. 'Photo::\"a.jpg\"'.") var resource: String
        @Option(help: "A JSON file holding the context record.") var context: String?
        @Flag(help: "Print the answer as JSON.") var json = false

        func run() throws {
            do {
                let schema = try self.schema.map(CedarFiles.schema)
                let policySet = try PolicySet(parsing: try CedarFiles.read(policies), source: policies)
                let store = try CedarFiles.entities(entities, schema: schema)
                let principal = try CedarFiles.uid(self.principal, "--principal")
                let action = try CedarFiles.uid(self.action, "--action")
                let resource = try CedarFiles.uid(self.resource, "--resource")
                var contextValues: [String: Value] = [:]
                if let context {
                    let document = try CedarFiles.json(context)
                    do {
                        contextValues = try Request.context(json: document, schema: schema, action: action)
                    } catch {
                        throw CedarCLIError("\(context): \(error)")
                    }
                }
                let request = Request(principal: principal, action: action, resource: resource, context: contextValues)
                if let schema {
                    do {
                        try schema.validate(request)
                    } catch {
                        throw CedarCLIError("request does not conform to the schema: \(error)")
                    }
                }
                let response = Authorizer().isAuthorized(request, policies: policySet, entities: store)
                print(json ? CedarFiles.json(response) : CedarFiles.text(response), terminator: "")
            } catch let error as ParseErrors {
                printError(error.description)
                throw ExitCode(1)
            } catch let error as CedarCLIError {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }

    /// `leash cedar conformance PATH…`: run Cedar integration-test files.
    struct Conformance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Cedar integration-test files (a folder is searched recursively) and compare every answer.",
            discussion: """
                Ends with the line 'N passed, N failed' counting requests and shouldValidate expectations (each checked \
                with the strict validator against the test's schema); expectations that cannot be checked (no schema) are 'skipped'.
                """
        )

        @Argument(help: "Test files or folders.") var paths: [String]
        @Flag(help: "Print the report as JSON.") var json = false
        @Flag(help: "Do not print each failure.") var quiet = false

        func run() throws {
            var files: [URL] = []
            for path in paths {
                do {
                    files += try ConformanceRunner.testFiles(at: URL(fileURLWithPath: path))
                } catch {
                    printError("\(error)")
                    throw ExitCode(1)
                }
            }
            let showProgress = files.count >= 200
            let report = ConformanceRunner().run(files: files) { done in
                if showProgress && (done % 200 == 0 || done == files.count) {
                    FileHandle.standardError.write(Data("\r\(done)/\(files.count) test files".utf8))
                    if done == files.count { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
            if json {
                print(CedarFiles.json(report).serialized(pretty: true))
            } else {
                if !quiet {
                    for failure in report.fileErrors + report.failures { print(failure) }
                }
                print("\(report.validations) shouldValidate expectations checked, \(report.skipped) skipped (no schema)")
                print("\(report.passed) passed, \(report.failed) failed")
            }
            if report.failed > 0 || !report.fileErrors.isEmpty { throw ExitCode(1) }
        }
    }
}

/// A command-line error with a message for people.
struct CedarCLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
