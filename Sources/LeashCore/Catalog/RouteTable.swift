/// The operation a request maps to, with the values of its path parameters.
public struct RouteMatch: Hashable, Sendable {
    /// The matched operation.
    public let operation: Operation
    /// Path parameter values (percent-decoded), by the names of the operation's template.
    public let parameters: [String: String]
    /// The normalized request path the match was made on (see `RequestPath`).
    public let path: String

    /// Creates a match.
    public init(operation: Operation, parameters: [String: String], path: String) {
        self.operation = operation
        self.parameters = parameters
        self.path = path
    }
}

/// The routes of one API: maps a request's method and raw path to the operation it calls.
///
/// Built once per snapshot and read concurrently. Per method, the templates form a tree keyed by segment:
/// a request segment is looked up among literal children first (a hash lookup), then among segments that mix
/// literal text and parameters (most literal text first), then the whole-segment parameter, backtracking only
/// when a deeper segment fails. So literal segments beat parameters, compared left to right (OpenAPI 3.1 §4.8.2:
/// concrete paths are matched before templated ones). No regular expression is evaluated per request.
///
/// Methods are case-sensitive (RFC 9110 §9.1): `get` is not `GET`. A `HEAD` request with no `HEAD` operation on
/// its path is matched as `GET` (RFC 9110 §9.3.2: HEAD is GET without the content).
public struct RouteTable: Sendable {
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        /// Segments mixing text and parameters, most literal text first.
        var patterns: [(segment: PathTemplate.Segment, child: Int)] = []
        var parameter: Int?
        /// Index into `routes` of the operation whose template ends here.
        var route: Int?
    }

    private struct Route: Sendable {
        let operation: Operation
        let parameterNames: [String]
    }

    private var nodes: [Node] = []
    private var roots: [String: Int] = [:]
    private var routes: [Route] = []

    /// Builds the table from `operations` (normally of one API).
    ///
    /// An operation whose template does not parse, or whose method and template shape repeat an earlier one,
    /// is left out; the importer refuses such documents (`RouteTable.problems(in:)`), so the store holds none.
    public init(operations: [Operation]) {
        let ordered = operations.sorted { ($0.method, $0.pathTemplate, $0.id) < ($1.method, $1.pathTemplate, $1.id) }
        for operation in ordered {
            guard let template = try? PathTemplate(operation.pathTemplate) else { continue }
            insert(operation, template)
        }
    }

    /// The operations in the table.
    public var operations: [Operation] { routes.map(\.operation) }

    private mutating func newNode() -> Int {
        nodes.append(Node())
        return nodes.count - 1
    }

    private mutating func insert(_ operation: Operation, _ template: PathTemplate) {
        var current: Int
        if let root = roots[operation.method] {
            current = root
        } else {
            current = newNode()
            roots[operation.method] = current
        }
        for segment in template.segments {
            if let literal = segment.literal {
                if let child = nodes[current].literals[literal] {
                    current = child
                } else {
                    let child = newNode()
                    nodes[current].literals[literal] = child
                    current = child
                }
            } else if segment.isParameter {
                if let child = nodes[current].parameter {
                    current = child
                } else {
                    let child = newNode()
                    nodes[current].parameter = child
                    current = child
                }
            } else if let existing = nodes[current].patterns.first(where: { $0.segment.shape == segment.shape }) {
                current = existing.child
            } else {
                let child = newNode()
                nodes[current].patterns.append((segment, child))
                nodes[current].patterns.sort { a, b in
                    a.segment.literalLength != b.segment.literalLength
                        ? a.segment.literalLength > b.segment.literalLength
                        : a.segment.shape.map { $0 ?? "{}" }.lexicographicallyPrecedes(b.segment.shape.map { $0 ?? "{}" })
                }
                current = child
            }
        }
        guard nodes[current].route == nil else { return }
        routes.append(Route(operation: operation, parameterNames: template.parameterNames))
        nodes[current].route = routes.count - 1
    }

    /// The operation `method` on the raw request path `path` (which may carry a query, percent-encoding and
    /// dot-segments) calls; nil when none does or the path cannot be normalized safely.
    public func match(method: String, path: String) -> RouteMatch? {
        guard let normalized = RequestPath(path) else { return nil }
        return match(method: method, path: normalized)
    }

    /// The operation `method` on an already normalized path calls; nil when none does.
    public func match(method: String, path: RequestPath) -> RouteMatch? {
        if let found = match(root: roots[method], path) { return found }
        if method == "HEAD" { return match(root: roots["GET"], path) }
        return nil
    }

    private func match(root: Int?, _ path: RequestPath) -> RouteMatch? {
        guard let root else { return nil }
        var captures: [String] = []
        guard let index = search(root, path.segments[...], &captures) else { return nil }
        let route = routes[index]
        var parameters: [String: String] = [:]
        parameters.reserveCapacity(captures.count)
        for (name, value) in zip(route.parameterNames, captures) { parameters[name] = value }
        return RouteMatch(operation: route.operation, parameters: parameters, path: path.description)
    }

    private func search(_ index: Int, _ segments: ArraySlice<String>, _ captures: inout [String]) -> Int? {
        let node = nodes[index]
        guard let segment = segments.first else { return node.route }
        let rest = segments.dropFirst()
        if let child = node.literals[segment], let found = search(child, rest, &captures) { return found }
        for (pattern, child) in node.patterns {
            let mark = captures.count
            if PathTemplate.match(pattern.parts[...], segment[...], &captures),
                let found = search(child, rest, &captures)
            {
                return found
            }
            captures.removeSubrange(mark...)
        }
        if let child = node.parameter, !segment.isEmpty {
            captures.append(segment)
            if let found = search(child, rest, &captures) { return found }
            captures.removeLast()
        }
        return nil
    }
}
