/// Why a set of operations cannot form a route table: a template that does not parse, or two routes that
/// match the same requests with no rule to choose between them.
public struct RouteProblem: Hashable, Sendable, CustomStringConvertible {
    /// The routes (`"METHOD /template"`) involved.
    public let routes: [String]
    /// A sentence saying what is wrong.
    public let message: String

    /// Creates a problem report.
    public init(routes: [String], message: String) {
        self.routes = routes
        self.message = message
    }

    public var description: String { message }
}

extension RouteTable {
    /// Every reason `operations` cannot be routed unambiguously; empty when the table is sound.
    ///
    /// Refused: a template that does not parse; two templates of one method that differ only in parameter names
    /// (OpenAPI 3.1 §4.8.8: "MUST NOT exist as they are identical"); two templates whose first differing segments
    /// both mix literal text and parameters and can match the same value (`{name}.json` and `{name}.{format}`),
    /// since no precedence rule decides between them. Overlaps that "literal beats parameter", compared left to
    /// right, decides are allowed.
    public static func problems(in operations: [Operation]) -> [RouteProblem] {
        var problems: [RouteProblem] = []
        var parsed: [(operation: Operation, template: PathTemplate)] = []
        for operation in operations {
            do {
                parsed.append((operation, try PathTemplate(operation.pathTemplate)))
            } catch {
                problems.append(RouteProblem(routes: [operation.route], message: "\(operation.route): \(error.description)"))
            }
        }
        let byMethod = Dictionary(grouping: parsed, by: \.operation.method)
        for method in byMethod.keys.sorted() {
            let group = (byMethod[method] ?? []).sorted { $0.operation.pathTemplate < $1.operation.pathTemplate }
            for (i, first) in group.enumerated() {
                for second in group[(i + 1)...] {
                    if let message = conflict(first.template, second.template) {
                        problems.append(
                            RouteProblem(
                                routes: [first.operation.route, second.operation.route],
                                message: "\(first.operation.route) and \(second.operation.route) \(message)"))
                    }
                }
            }
        }
        return problems
    }

    /// Why `a` and `b` (same method) cannot both be routed, or nil when they can.
    private static func conflict(_ a: PathTemplate, _ b: PathTemplate) -> String? {
        guard a.segments.count == b.segments.count else { return nil }
        var firstDifference: Int?
        for (index, (left, right)) in zip(a.segments, b.segments).enumerated() {
            guard PathTemplate.overlap(left, right) else { return nil }
            if firstDifference == nil, left.shape != right.shape { firstDifference = index }
        }
        guard let index = firstDifference else {
            return "are the same route (templates that differ only in parameter names are identical)"
        }
        let (left, right) = (a.segments[index], b.segments[index])
        let leftMixed = left.literal == nil && !left.isParameter
        let rightMixed = right.literal == nil && !right.isParameter
        guard leftMixed, rightMixed else { return nil }
        return "can match the same request path, and neither segment \(index + 1) is more literal than the other"
    }
}

extension RouteTable {
    /// Pairs of routes that can match the same request where precedence, not specificity, decides: neither template
    /// is at least as literal as the other at every segment (OpenAPI 3.1 §4.8.2 calls `/{entity}/me` and
    /// `/books/{id}` ambiguous). Leash resolves them left to right; the importer reports them as warnings.
    public static func overlaps(in operations: [Operation]) -> [RouteProblem] {
        func rank(_ segment: PathTemplate.Segment) -> Int {
            segment.literal != nil ? 2 : segment.isParameter ? 0 : 1
        }
        let parsed = operations.compactMap { operation in
            (try? PathTemplate(operation.pathTemplate)).map { (operation: operation, template: $0) }
        }
        var overlaps: [RouteProblem] = []
        let byMethod = Dictionary(grouping: parsed, by: \.operation.method)
        for method in byMethod.keys.sorted() {
            let group = (byMethod[method] ?? []).sorted { $0.operation.pathTemplate < $1.operation.pathTemplate }
            for (i, first) in group.enumerated() {
                for second in group[(i + 1)...] where first.template.segments.count == second.template.segments.count {
                    let pairs = Array(zip(first.template.segments, second.template.segments))
                    guard pairs.allSatisfy({ PathTemplate.overlap($0, $1) }) else { continue }
                    let firstDominates = pairs.allSatisfy { rank($0) >= rank($1) }
                    let secondDominates = pairs.allSatisfy { rank($1) >= rank($0) }
                    guard !firstDominates, !secondDominates,
                        let decisive = pairs.first(where: { rank($0) != rank($1) })
                    else { continue }
                    let winner = rank(decisive.0) > rank(decisive.1) ? first.operation : second.operation
                    overlaps.append(
                        RouteProblem(
                            routes: [first.operation.route, second.operation.route],
                            message: "\(first.operation.route) and \(second.operation.route) can match the same request; "
                                + "literal segments are compared left to right, so \(winner.route) wins"))
                }
            }
        }
        return overlaps
    }
}
