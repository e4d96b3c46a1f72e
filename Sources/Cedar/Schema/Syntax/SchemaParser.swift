extension Schema {
    /// Parses and resolves a schema in Cedar's human-readable `.cedarschema` syntax.
    ///
    /// Errors carry the line and column, what was expected and what was found.
    public init(parsing text: String) throws(SchemaError) {
        try self.init(declarations: SchemaDeclarations(parsing: text))
    }
}

extension SchemaDeclarations {
    /// Parses `.cedarschema` text without resolving names.
    public init(parsing text: String) throws(SchemaError) {
        var lexer = SchemaLexer(text)
        var parser = SchemaParser(tokens: try lexer.tokens())
        self = try parser.schema()
    }
}

/// Recursive-descent parser for the `.cedarschema` grammar:
///
/// ```
/// Schema    := { Namespace | Decl }
/// Namespace := Annotations 'namespace' Path '{' { Decl } '}'
/// Decl      := Annotations ( Entity | Action | TypeDecl )
/// Entity    := 'entity' Idents ( 'enum' '[' STR { ',' STR } ']' | ['in' EntOrTyps] [['='] RecType] ['tags' Type] ) ';'
/// Action    := 'action' Names ['in' RefOrRefs] [AppliesTo] ';'
/// TypeDecl  := 'type' IDENT '=' Type ';'
/// Type      := Path | 'Set' '<' Type '>' | RecType
/// RecType   := '{' [ Annotations (IDENT | STR) ['?'] ':' Type { ',' … } [','] ] '}'
/// ```
struct SchemaParser {
    private let tokens: [SchemaToken]
    private var index = 0
    private var depth = 0

    /// Nesting of `Set<…>` and records beyond this is refused rather than risking the stack.
    static let maximumDepth = 200

    init(tokens: [SchemaToken]) { self.tokens = tokens }

    private var current: SchemaToken { tokens[min(index, tokens.count - 1)] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func unexpected(_ expected: String) -> SchemaError {
        SchemaError("expected \(expected), found \(current.display)", at: current.location)
    }

    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }

    private func isKeyword(_ k: String) -> Bool { current.kind == .identifier(k) }

    private mutating func expectSymbol(_ s: String) throws(SchemaError) {
        guard isSymbol(s) else { throw unexpected("'\(s)'") }
        advance()
    }

    private mutating func identifier(_ what: String = "an identifier") throws(SchemaError) -> String {
        guard case .identifier(let s) = current.kind else { throw unexpected(what) }
        advance()
        return s
    }

    private mutating func consumeSymbol(_ s: String) -> Bool {
        guard isSymbol(s) else { return false }
        advance()
        return true
    }

    mutating func schema() throws(SchemaError) -> SchemaDeclarations {
        var global = NamespaceDeclaration()
        var namespaces: [NamespaceDeclaration] = []
        while current.kind != .end {
            try annotations()
            if isKeyword("namespace") {
                advance()
                let path = try self.path()
                try expectSymbol("{")
                var ns = NamespaceDeclaration(path: path.components)
                while !isSymbol("}") {
                    guard current.kind != .end else { throw unexpected("'}' to close namespace \(path)") }
                    try annotations()
                    try declaration(into: &ns)
                }
                advance()
                namespaces.append(ns)
            } else {
                try declaration(into: &global)
            }
        }
        // Declarations outside any namespace block belong to the empty namespace; merge same-named blocks.
        var merged: [NamespaceDeclaration] = []
        for ns in [global] + namespaces {
            if let i = merged.firstIndex(where: { $0.path == ns.path }) {
                merged[i].commonTypes += ns.commonTypes
                merged[i].entityTypes += ns.entityTypes
                merged[i].actions += ns.actions
            } else {
                merged.append(ns)
            }
        }
        return SchemaDeclarations(namespaces: merged)
    }

    /// Annotations are accepted and ignored: they do not change a schema's meaning.
    private mutating func annotations() throws(SchemaError) {
        while consumeSymbol("@") {
            _ = try identifier("an annotation name")
            if consumeSymbol("(") {
                guard case .string = current.kind else { throw unexpected("a string annotation value") }
                advance()
                try expectSymbol(")")
            }
        }
    }

    private mutating func declaration(into ns: inout NamespaceDeclaration) throws(SchemaError) {
        let location = current.location
        if isKeyword("entity") {
            advance()
            ns.entityTypes += try entity(location: location)
        } else if isKeyword("action") {
            advance()
            ns.actions += try action(location: location)
        } else if isKeyword("type") {
            advance()
            let name = try identifier("a common type name")
            try expectSymbol("=")
            let type = try self.type()
            try expectSymbol(";")
            ns.commonTypes.append(CommonTypeDeclaration(name: name, type: type, location: location))
        } else {
            throw unexpected("'entity', 'action', 'type' or 'namespace'")
        }
    }

    private mutating func path() throws(SchemaError) -> Name {
        var components = [try identifier("a name")]
        while isSymbol("::"), case .identifier = tokens[min(index + 1, tokens.count - 1)].kind {
            advance()
            components.append(try identifier())
        }
        return Name(namespace: Array(components.dropLast()), basename: components[components.count - 1])
    }

    private mutating func entity(location: SourceLocation) throws(SchemaError) -> [EntityTypeDeclaration] {
        var names = [try identifier("an entity type name")]
        while consumeSymbol(",") { names.append(try identifier("an entity type name")) }
        var template = EntityTypeDeclaration(name: "", location: location)
        if isKeyword("enum") {
            advance()
            try expectSymbol("[")
            var ids: [String] = []
            repeat {
                if isSymbol("]") && !ids.isEmpty { break }
                guard case .string(let id) = current.kind else { throw unexpected("a string") }
                advance()
                ids.append(id)
            } while consumeSymbol(",")
            try expectSymbol("]")
            template.enumeratedIDs = ids
        } else {
            if isKeyword("in") {
                advance()
                template.memberOfTypes = try entityTypes()
            }
            if consumeSymbol("=") {
                guard isSymbol("{") else { throw unexpected("'{'") }
                template.shape = .record(try recordAttributes())
            } else if isSymbol("{") {
                template.shape = .record(try recordAttributes())
            }
            if isKeyword("tags") {
                advance()
                template.tags = try type()
            }
        }
        try expectSymbol(";")
        return names.map { name in
            var declaration = template
            declaration.name = name
            return declaration
        }
    }

    /// `T` or `[T, U]`.
    private mutating func entityTypes() throws(SchemaError) -> [NameReference] {
        if consumeSymbol("[") {
            var result: [NameReference] = []
            while !isSymbol("]") {
                let location = current.location
                result.append(NameReference(try path(), location: location))
                guard consumeSymbol(",") else { break }
            }
            try expectSymbol("]")
            return result
        }
        let location = current.location
        return [NameReference(try path(), location: location)]
    }

    /// An action name: an identifier or a string.
    private mutating func actionName() throws(SchemaError) -> String {
        switch current.kind {
        case .identifier(let s), .string(let s):
            advance()
            return s
        default:
            throw unexpected("an action name")
        }
    }

    private mutating func action(location: SourceLocation) throws(SchemaError) -> [ActionDeclaration] {
        var names = [try actionName()]
        while consumeSymbol(",") { names.append(try actionName()) }
        var template = ActionDeclaration(name: "", location: location)
        if isKeyword("in") {
            advance()
            if consumeSymbol("[") {
                while !isSymbol("]") {
                    template.memberOf.append(try actionReference())
                    guard consumeSymbol(",") else { break }
                }
                try expectSymbol("]")
            } else {
                template.memberOf.append(try actionReference())
            }
        }
        if isKeyword("appliesTo") {
            advance()
            template.appliesTo = try appliesTo()
        }
        if isKeyword("attributes") {
            throw SchemaError("action attributes are not supported by Cedar schemas", at: current.location)
        }
        try expectSymbol(";")
        return names.map { name in
            var declaration = template
            declaration.name = name
            return declaration
        }
    }

    /// `"name"`, `name`, or `Path::"name"`.
    private mutating func actionReference() throws(SchemaError) -> ActionReference {
        let location = current.location
        if case .string(let id) = current.kind {
            advance()
            return ActionReference(id: id, location: location)
        }
        var components = [try identifier("an action reference")]
        while consumeSymbol("::") {
            switch current.kind {
            case .identifier(let s):
                advance()
                components.append(s)
            case .string(let id):
                advance()
                return ActionReference(type: Name(components: components), id: id, location: location)
            default:
                throw unexpected("a name or a string after '::'")
            }
        }
        guard components.count == 1 else {
            throw SchemaError("expected an action name or Type::\"id\", found \(components.joined(separator: "::"))", at: location)
        }
        return ActionReference(id: components[0], location: location)
    }

    private mutating func appliesTo() throws(SchemaError) -> AppliesToDeclaration {
        try expectSymbol("{")
        var result = AppliesToDeclaration()
        var seen = Set<String>()
        while !isSymbol("}") {
            let location = current.location
            let key = try identifier("'principal', 'resource' or 'context'")
            guard seen.insert(key).inserted else { throw SchemaError("'\(key)' appears twice in appliesTo", at: location) }
            try expectSymbol(":")
            switch key {
            case "principal": result.principalTypes = try entityTypes()
            case "resource": result.resourceTypes = try entityTypes()
            case "context": result.context = try type()
            default: throw SchemaError("expected 'principal', 'resource' or 'context', found '\(key)'", at: location)
            }
            guard consumeSymbol(",") else { break }
        }
        try expectSymbol("}")
        return result
    }

    private mutating func type() throws(SchemaError) -> TypeExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw SchemaError("type nested deeper than \(Self.maximumDepth) levels", at: current.location)
        }
        if isSymbol("{") { return .record(try recordAttributes()) }
        let location = current.location
        if isKeyword("Set"), tokens[min(index + 1, tokens.count - 1)].kind == .symbol("<") {
            advance()
            advance()
            let element = try type()
            try expectSymbol(">")
            return .set(element)
        }
        guard case .identifier = current.kind else { throw unexpected("a type") }
        return .name(NameReference(try path(), location: location))
    }

    private mutating func recordAttributes() throws(SchemaError) -> [AttributeDeclaration] {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw SchemaError("type nested deeper than \(Self.maximumDepth) levels", at: current.location)
        }
        try expectSymbol("{")
        var result: [AttributeDeclaration] = []
        var seen = Set<String>()
        while !isSymbol("}") {
            try annotations()
            let location = current.location
            let name: String
            switch current.kind {
            case .identifier(let s), .string(let s): name = s
            default: throw unexpected("an attribute name")
            }
            advance()
            guard seen.insert(name).inserted else {
                throw SchemaError("attribute \(CedarString.quoted(name)) is declared twice", at: location)
            }
            let required = !consumeSymbol("?")
            try expectSymbol(":")
            result.append(AttributeDeclaration(name: name, type: try type(), isRequired: required))
            guard consumeSymbol(",") else { break }
        }
        try expectSymbol("}")
        return result
    }
}
