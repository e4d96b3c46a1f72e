import Foundation
@testable import Cedar

/// Short builders for expected syntax trees in the Syntax and Formatting tests.
enum SyntaxAST {
    static func long(_ n: Int64) -> Expr { Expr(.literal(.long(n))) }
    static func string(_ s: String) -> Expr { Expr(.literal(.string(s))) }
    static func bool(_ b: Bool) -> Expr { Expr(.literal(.bool(b))) }
    static func entity(_ type: String, _ id: String) -> Expr { Expr(.literal(.entity(EntityUID(type, id)))) }
    static func variable(_ v: Variable) -> Expr { Expr(.variable(v)) }
    static let principal = variable(.principal)
    static let action = variable(.action)
    static let resource = variable(.resource)
    static let context = variable(.context)
    static func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr) -> Expr { Expr(.binary(op, l, r)) }
    static func and(_ l: Expr, _ r: Expr) -> Expr { Expr(.and(l, r)) }
    static func or(_ l: Expr, _ r: Expr) -> Expr { Expr(.or(l, r)) }
    static func not(_ e: Expr) -> Expr { Expr(.unary(.not, e)) }
    static func negate(_ e: Expr) -> Expr { Expr(.unary(.negate, e)) }
    static func get(_ e: Expr, _ a: String) -> Expr { Expr(.getAttribute(e, a)) }
    static func has(_ e: Expr, _ a: String) -> Expr { Expr(.hasAttribute(e, a)) }
    static func isType(_ e: Expr, _ t: String) -> Expr { Expr(.isType(e, Name(components: t.components(separatedBy: "::")))) }
    static func ite(_ c: Expr, _ a: Expr, _ b: Expr) -> Expr { Expr(.ifThenElse(c, a, b)) }
    static func set(_ items: Expr...) -> Expr { Expr(.set(items)) }
    static func record(_ entries: (String, Expr)...) -> Expr { Expr(.record(entries.map { RecordEntry(key: $0.0, value: $0.1) })) }
    static func method(_ r: Expr, _ name: String, _ args: Expr...) -> Expr { Expr(.method(receiver: r, name: name, arguments: args)) }
    static func call(_ name: String, _ args: Expr...) -> Expr { Expr(.call(function: Name(basename: name), arguments: args)) }
    static func like(_ e: Expr, _ elements: [Pattern.Element]) -> Expr { Expr(.like(e, Pattern(elements))) }
    static func slot(_ s: SlotID) -> Expr { Expr(.slot(s)) }
}

/// The `.cedar` files of the Cedar conformance data, found through `CEDAR_CONFORMANCE_DIR`
/// (default: `../shared/cedar-conformance` next to the repository root).
enum ConformancePolicyFiles {
    static var directory: URL {
        if let configured = ProcessInfo.processInfo.environment["CEDAR_CONFORMANCE_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        // This file is Tests/CedarTests/Syntax/SyntaxFixtures.swift inside the repository.
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/cedar-conformance")
    }

    /// Every `.cedar` file below the directory, sorted; nil when the directory is absent.
    static func all() -> [URL]? {
        let root = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return nil }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "cedar" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
