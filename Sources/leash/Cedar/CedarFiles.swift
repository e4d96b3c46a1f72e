import Cedar
import Foundation

/// Reading Cedar files and printing Cedar answers for the `leash cedar` commands.
enum CedarFiles {
    static func read(_ path: String) throws(CedarCLIError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CedarCLIError("\(path): cannot read file")
        }
    }

    static func json(_ path: String) throws(CedarCLIError) -> JSONValue {
        do {
            return try JSONValue(parsing: try read(path))
        } catch let error as JSONSyntaxError {
            throw CedarCLIError("\(path):\(error)")
        } catch let error as CedarCLIError {
            throw error
        } catch {
            throw CedarCLIError("\(path): \(error)")
        }
    }

    /// A schema file: the JSON format when the name ends in `.json`, else the `.cedarschema` syntax.
    static func schema(_ path: String) throws(CedarCLIError) -> Schema {
        let text = try read(path)
        do {
            return path.hasSuffix(".json") ? try Schema(json: text) : try Schema(parsing: text)
        } catch {
            throw CedarCLIError(located(error, in: path))
        }
    }

    /// `file:line:column: message`, or `file: message` when the error has no position.
    static func located(_ error: SchemaError, in file: String) -> String {
        guard let location = error.location else { return "\(file): \(error.message)" }
        return "\(file):\(location): \(error.message)"
    }

    static func entities(_ path: String, schema: Schema?) throws(CedarCLIError) -> Entities {
        let text = try read(path)
        do {
            return try Entities(json: text, schema: schema)
        } catch {
            throw CedarCLIError("\(path): \(error)")
        }
    }

    static func uid(_ text: String, _ option: String) throws(CedarCLIError) -> EntityUID {
        do {
            return try EntityUID.parse(text)
        } catch {
            throw CedarCLIError("\(option): \(error.first.message)")
        }
    }

    /// `nil` if `text` parses, else the errors as `file:line:column: message` lines.
    static func check(_ text: String, file: String) -> String? {
        if file.hasSuffix(".cedarschema") || file.hasSuffix(".json") {
            do {
                _ = file.hasSuffix(".json") ? try Schema(json: text) : try Schema(parsing: text)
                return nil
            } catch {
                return located(error, in: file)
            }
        }
        do {
            _ = try PolicySet(parsing: text, source: file)
            return nil
        } catch {
            return error.description
        }
    }

    /// The outcome of validating one policy file: the validator's result, or why it could not run.
    struct FileValidation {
        var file: String
        var result: ValidationResult?
        var problem: String?

        var isValid: Bool { result?.isValid ?? false }
    }

    /// Reads, parses and validates one policy file.
    static func validate(_ file: String, with validator: Validator) -> FileValidation {
        let text: String
        do {
            text = try read(file)
        } catch {
            return FileValidation(file: file, result: nil, problem: error.description)
        }
        do {
            let set = try PolicySet(parsing: text, source: file)
            return FileValidation(file: file, result: validator.validate(set), problem: nil)
        } catch {
            return FileValidation(file: file, result: nil, problem: error.description)
        }
    }

    /// `file:line:column: policy <id>: message` per error and warning, then a summary line.
    static func text(_ validation: FileValidation) -> String {
        guard let result = validation.result else { return (validation.problem ?? "\(validation.file): cannot validate") + "\n" }
        func position(_ location: SourceLocation?) -> String { location.map { ":\($0.line):\($0.column)" } ?? "" }
        var out = ""
        for error in result.errors {
            out += "\(validation.file)\(position(error.location)): policy \(error.policyID): \(error.message)\n"
        }
        for warning in result.warnings {
            out += "\(validation.file)\(position(warning.location)): warning: policy \(warning.policyID): \(warning.message)\n"
        }
        let count = result.errors.count
        out += result.isValid ? "\(validation.file): ok\n" : "\(validation.file): \(count) error\(count == 1 ? "" : "s")\n"
        return out
    }

    /// `{"valid": Bool, "files": [{"file", "valid", "errors", "warnings", "problem"}]}`.
    static func json(_ validations: [FileValidation]) -> JSONValue {
        .object(JSONValue.Object([
            ("valid", .bool(validations.allSatisfy(\.isValid))),
            ("files", .array(validations.map { validation in
                var members: [(String, JSONValue)] = [("file", .string(validation.file)), ("valid", .bool(validation.isValid))]
                if let result = validation.result {
                    members.append(("errors", .array(result.errors.map(\.jsonValue))))
                    members.append(("warnings", .array(result.warnings.map(\.jsonValue))))
                }
                if let problem = validation.problem { members.append(("problem", .string(problem))) }
                return .object(JSONValue.Object(members))
            })),
        ]))
    }

    static func text(_ response: Response) -> String {
        var out = response.decision == .allow ? "ALLOW\n" : "DENY\n"
        let reasons = response.reasons.map(\.rawValue).sorted()
        out += "reasons: " + (reasons.isEmpty ? "(none)" : reasons.joined(separator: ", ")) + "\n"
        if response.errors.isEmpty {
            out += "errors: (none)\n"
        } else {
            out += "errors:\n"
            for error in response.errors { out += "  \(error.id): \(error.message)\n" }
        }
        return out
    }

    static func json(_ response: Response) -> String {
        let object = JSONValue.Object([
            ("decision", .string(response.decision == .allow ? "allow" : "deny")),
            ("reasons", .array(response.reasons.map(\.rawValue).sorted().map { .string($0) })),
            ("errors", .array(response.errors.map { error in
                .object(JSONValue.Object([("policy", .string(error.id.rawValue)), ("message", .string(error.message))]))
            })),
        ])
        return JSONValue.object(object).serialized(pretty: true) + "\n"
    }

    static func json(_ report: ConformanceReport) -> JSONValue {
        func failure(_ f: ConformanceFailure) -> JSONValue {
            .object(JSONValue.Object([
                ("file", .string(f.file)),
                ("request", f.request.map { .string($0) } ?? .null),
                ("message", .string(f.message)),
            ]))
        }
        return .object(JSONValue.Object([
            ("passed", .number(String(report.passed))),
            ("failed", .number(String(report.failed))),
            ("skipped", .number(String(report.skipped))),
            ("validations", .number(String(report.validations))),
            ("failures", .array((report.fileErrors + report.failures).map(failure))),
        ]))
    }
}
