/// An OpenAPI path template (OpenAPI 3.1 §4.8.2 "Path Templating"), such as `/orders/{id}` or
/// `/reports/{name}.{format}`, parsed into segments that the route table matches request paths against.
///
/// A parameter matches one non-empty run of characters inside one segment: never a `/`, never nothing.
public struct PathTemplate: Hashable, Sendable, CustomStringConvertible {
    /// One piece of a segment: literal text (percent-decoded) or a parameter.
    public enum Part: Hashable, Sendable {
        case literal(String)
        case parameter(String)
    }

    /// One `/`-separated segment of a template.
    public struct Segment: Hashable, Sendable {
        /// The segment's pieces; never two parameters in a row.
        public let parts: [Part]

        /// The literal text when the segment holds no parameter.
        public var literal: String? {
            if parts.isEmpty { return "" }
            guard parts.count == 1, case .literal(let text) = parts[0] else { return nil }
            return text
        }

        /// Whether the segment is exactly one parameter.
        public var isParameter: Bool {
            guard parts.count == 1, case .parameter = parts[0] else { return false }
            return true
        }

        /// The segment with parameter names erased: two segments with equal shapes match the same values.
        var shape: [String?] {
            parts.map { part in
                if case .literal(let text) = part { return text }
                return nil
            }
        }

        /// How many literal bytes a value matching this segment must contain (more is more specific).
        var literalLength: Int {
            parts.reduce(0) { total, part in
                if case .literal(let text) = part { return total + text.utf8.count }
                return total
            }
        }
    }

    /// The template as written in the document.
    public let text: String
    /// The parsed segments; `/` is one empty literal segment and a trailing slash a final empty one.
    public let segments: [Segment]

    /// The parameter names, in the order they appear.
    public var parameterNames: [String] {
        segments.flatMap { segment in
            segment.parts.compactMap { part in
                if case .parameter(let name) = part { return name }
                return nil
            }
        }
    }

    public var description: String { text }

    /// Parses `text`; throws when it could never match a normalized request path or is malformed.
    public init(_ text: String) throws(PathTemplateError) {
        guard text.first == "/" else { throw PathTemplateError(text, "must start with '/'") }
        guard !text.contains(where: { $0 == "?" || $0 == "#" }) else {
            throw PathTemplateError(text, "must not contain a query or fragment")
        }
        let rawSegments = text.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var segments: [Segment] = []
        var names: Set<String> = []
        for (index, rawSegment) in rawSegments.enumerated() {
            let segment = try Self.parseSegment(Substring(rawSegment), in: text)
            if segment.literal == "", index != rawSegments.count - 1 {
                throw PathTemplateError(text, "must not contain an empty segment ('//')")
            }
            if segment.literal == "." || segment.literal == ".." {
                throw PathTemplateError(text, "must not contain a '.' or '..' segment")
            }
            for case .parameter(let name) in segment.parts {
                guard names.insert(name).inserted else {
                    throw PathTemplateError(text, "names parameter {\(name)} twice")
                }
            }
            segments.append(segment)
        }
        self.text = text
        self.segments = segments
    }

    private static func parseSegment(_ raw: Substring, in template: String) throws(PathTemplateError) -> Segment {
        var parts: [Part] = []
        var rest = raw[...]
        while !rest.isEmpty {
            if rest.first == "{" {
                guard let close = rest.firstIndex(of: "}") else {
                    throw PathTemplateError(template, "has an unclosed '{'")
                }
                let name = rest[rest.index(after: rest.startIndex)..<close]
                guard !name.isEmpty, !name.contains("{") else {
                    throw PathTemplateError(template, "has an empty or nested parameter name")
                }
                if case .parameter = parts.last {
                    throw PathTemplateError(template, "has two parameters with nothing between them")
                }
                parts.append(.parameter(String(name)))
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: "{") ?? rest.endIndex
                let chunk = rest[..<end]
                guard !chunk.contains("}") else { throw PathTemplateError(template, "has a '}' without '{'") }
                guard let decoded = RequestPath.decode(Substring(chunk).utf8) else {
                    throw PathTemplateError(
                        template, "has a literal that is not valid percent-encoded UTF-8 or holds '%2F', '\\', a raw ';' or a control character")
                }
                parts.append(.literal(decoded))
                rest = rest[end...]
            }
        }
        return Segment(parts: parts)
    }

    /// Whether some segment value matches both `a` and `b` (used to refuse ambiguous templates).
    static func overlap(_ a: Segment, _ b: Segment) -> Bool {
        enum Token: Equatable {
            case byte(UInt8)
            case any
            case anyRun
        }
        // A parameter is one byte or more: `any` then `anyRun` (zero or more).
        func tokens(_ segment: Segment) -> [Token] {
            segment.parts.flatMap { part -> [Token] in
                switch part {
                case .literal(let text): text.utf8.map(Token.byte)
                case .parameter: [.any, .anyRun]
                }
            }
        }
        let left = tokens(a)
        let right = tokens(b)
        // Breadth-first search of the product automaton for a state where both patterns are complete.
        struct State: Hashable {
            let i: Int
            let j: Int
        }
        var seen: Set<State> = [State(i: 0, j: 0)]
        var queue = [State(i: 0, j: 0)]
        while let state = queue.popLast() {
            let (i, j) = (state.i, state.j)
            if i == left.count, j == right.count { return true }
            var next: [State] = []
            if i < left.count, left[i] == .anyRun { next.append(State(i: i + 1, j: j)) }
            if j < right.count, right[j] == .anyRun { next.append(State(i: i, j: j + 1)) }
            if i < left.count, j < right.count {
                let compatible: Bool =
                    switch (left[i], right[j]) {
                    case (.byte(let x), .byte(let y)): x == y
                    default: true
                    }
                if compatible {
                    next.append(State(i: left[i] == .anyRun ? i : i + 1, j: right[j] == .anyRun ? j : j + 1))
                }
            }
            for candidate in next where seen.insert(candidate).inserted {
                queue.append(candidate)
            }
        }
        return false
    }

    /// Matches `value` (one decoded request segment) against a segment with at least one parameter,
    /// appending the parameter values to `captures`; each parameter takes the shortest run that lets the rest match.
    static func match(_ parts: ArraySlice<Part>, _ value: Substring, _ captures: inout [String]) -> Bool {
        guard let first = parts.first else { return value.isEmpty }
        switch first {
        case .literal(let text):
            // Both sides are valid UTF-8, so a byte-wise prefix ends on a scalar boundary.
            guard value.utf8.starts(with: text.utf8) else { return false }
            return match(parts.dropFirst(), Substring(value.utf8.dropFirst(text.utf8.count)), &captures)
        case .parameter:
            let rest = parts.dropFirst()
            guard !value.isEmpty else { return false }
            guard !rest.isEmpty else {
                captures.append(String(value))
                return true
            }
            let scalars = value.unicodeScalars
            var end = scalars.index(after: scalars.startIndex)
            while true {
                captures.append(String(Substring(scalars[..<end])))
                if match(rest, Substring(scalars[end...]), &captures) { return true }
                captures.removeLast()
                guard end < scalars.endIndex else { return false }
                end = scalars.index(after: end)
            }
        }
    }
}

/// Why a path template was refused.
public struct PathTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template as written.
    public let template: String
    /// What is wrong with it.
    public let reason: String

    init(_ template: String, _ reason: String) {
        self.template = template
        self.reason = reason
    }

    public var description: String { "path template \(template) \(reason)" }
}
