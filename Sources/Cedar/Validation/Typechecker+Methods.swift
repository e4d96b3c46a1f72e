// Methods (set operations, tags) and extension functions.

extension Typechecker {
    mutating func typecheckMethod(
        _ e: Expr, _ receiver: Expr, _ name: String, _ arguments: [Expr], capabilities: Set<Capability>
    ) -> Answer {
        switch (name, arguments.count) {
        case ("contains", 1):
            let set = expect(receiver, .anySet, capabilities: capabilities)
            let element = typecheck(arguments[0], capabilities: capabilities)
            // Strict: the element must be comparable with the set's elements.
            if case .set(let elementType?)? = set.type, let found = element.type,
                CedarType.leastUpperBound(elementType, found) == nil {
                _ = leastUpperBound([elementType, found], at: e, context: "`contains` looks for an element of the set's type")
                return .failure(.boolean)
            }
            return Answer.success(.boolean).requiring(set, element)
        case ("containsAll", 1), ("containsAny", 1):
            let left = expect(receiver, .anySet, capabilities: capabilities)
            let right = expect(arguments[0], .anySet, capabilities: capabilities)
            if let lt = left.type, let rt = right.type, CedarType.leastUpperBound(lt, rt) == nil {
                _ = leastUpperBound([lt, rt], at: e, context: "`\(name)` compares sets of one element type")
                return .failure(.boolean)
            }
            return Answer.success(.boolean).requiring(left, right)
        case ("isEmpty", 0):
            return Answer.success(.boolean).requiring(expect(receiver, .anySet, capabilities: capabilities))
        case ("hasTag", 1), ("getTag", 1):
            return typecheckTag(e, get: name == "getTag", receiver, arguments[0], capabilities: capabilities)
        default:
            return typecheckExtensionCall(e, name, [receiver] + arguments, capabilities: capabilities)
        }
    }

    /// The type of the tags of an entity type, when it declares tags.
    private func tagType(_ type: CedarType) -> CedarType? {
        guard case .entity(let name) = type, let tags = schema.entityTypes[name]?.tags else { return nil }
        return CedarType(tags)
    }

    /// `e.hasTag(k)` (`false` on an entity type without tags; a capability for `getTag`) and
    /// `e.getTag(k)` (only under a `hasTag` guard, on an entity type with tags).
    private mutating func typecheckTag(
        _ e: Expr, get: Bool, _ receiver: Expr, _ key: Expr, capabilities: Set<Capability>
    ) -> Answer {
        let entity = expect(receiver, .anyEntity, capabilities: capabilities)
        let keyAnswer = expect(key, .string, capabilities: capabilities)
        guard let type = entity.type, keyAnswer.type != nil else { return .failure(get ? nil : .boolean) }
        let capability = Capability.tag(on: receiver, key: key)
        let tags = tagType(type)
        if !get {
            let result: CedarType = tags == nil ? .alwaysFalse : capabilities.contains(capability) ? .alwaysTrue : .boolean
            return Answer.success(result, [capability]).requiring(entity, keyAnswer)
        }
        guard capabilities.contains(capability) else {
            report(.unsafeTagAccess, at: e, expected: "a `hasTag` test guarding the access", found: "`getTag` unguarded",
                   "unable to guarantee safety of access to a tag on `\(type)`; guard it with `hasTag`")
            return .failure(nil)
        }
        guard let tags else {
            report(.noTagsAllowed, at: e, expected: "an entity type declaring tags", found: type.description,
                   "`\(type)` declares no tags")
            return .failure(nil)
        }
        return Answer.success(tags).requiring(entity, keyAnswer)
    }

    /// An extension function's argument types and result, and whether it is a constructor whose
    /// literal argument is checked when validating.
    struct ExtensionSignature {
        var arguments: [CedarType]
        var result: CedarType
        var constructor: ExtensionType?
    }

    static let extensionSignatures: [String: ExtensionSignature] = {
        let ip = CedarType.extension(.ipaddr), dec = CedarType.extension(.decimal)
        let dt = CedarType.extension(.datetime), dur = CedarType.extension(.duration)
        var table: [String: ExtensionSignature] = [
            "ip": .init(arguments: [.string], result: ip, constructor: .ipaddr),
            "decimal": .init(arguments: [.string], result: dec, constructor: .decimal),
            "datetime": .init(arguments: [.string], result: dt, constructor: .datetime),
            "duration": .init(arguments: [.string], result: dur, constructor: .duration),
            "isInRange": .init(arguments: [ip, ip], result: .boolean),
            "offset": .init(arguments: [dt, dur], result: dt),
            "durationSince": .init(arguments: [dt, dt], result: dur),
            "toDate": .init(arguments: [dt], result: dt),
            "toTime": .init(arguments: [dt], result: dur),
        ]
        for name in ["isIpv4", "isIpv6", "isLoopback", "isMulticast"] {
            table[name] = .init(arguments: [ip], result: .boolean)
        }
        for name in ["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"] {
            table[name] = .init(arguments: [dec, dec], result: .boolean)
        }
        for name in ["toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds"] {
            table[name] = .init(arguments: [dur], result: .long)
        }
        return table
    }()

    /// An extension constructor or method (a method's receiver is its first argument).
    mutating func typecheckExtensionCall(_ e: Expr, _ name: String, _ arguments: [Expr], capabilities: Set<Capability>) -> Answer {
        guard let signature = Self.extensionSignatures[name] else {
            // The parser refuses unknown functions; a name seen here has no signature only if built in code.
            report(.undefinedFunction, at: e, expected: "a known extension function", found: name, "undefined extension function `\(name)`")
            for argument in arguments { _ = typecheck(argument, capabilities: capabilities) }
            return .failure(nil)
        }
        var failed = false
        if arguments.count != signature.arguments.count {
            report(.wrongArgumentCount, at: e, expected: "\(signature.arguments.count) arguments",
                   found: "\(arguments.count)",
                   "wrong number of arguments to `\(name)`: expected \(signature.arguments.count), found \(arguments.count)")
            failed = true
        }
        if let constructor = signature.constructor {
            if arguments.count == 1, case .literal(.string(let text)) = arguments[0].kind,
                let problem = Self.constructorProblem(constructor, text) {
                report(.invalidExtensionArgument, at: e, expected: "a valid \(constructor.rawValue) literal",
                       found: CedarString.quoted(text), "`\(name)(\(CedarString.quoted(text)))` is invalid: \(problem)")
                failed = true
            }
            if !arguments.allSatisfy({ if case .literal = $0.kind { true } else { false } }) {
                report(.nonLiteralExtensionConstructor, at: e, expected: "a string literal", found: "an expression",
                       "extension constructors may not be called with non-literal expressions")
                failed = true
            }
        }
        if failed {
            for argument in arguments { _ = typecheck(argument, capabilities: capabilities) }
            return .failure(signature.result)
        }
        var ok = true
        for (argument, type) in zip(arguments, signature.arguments) {
            ok = expect(argument, type, capabilities: capabilities).ok && ok
        }
        return ok ? .success(signature.result) : .failure(signature.result)
    }

    /// Why `text` is not a valid literal for the extension type, or `nil` when it is.
    static func constructorProblem(_ type: ExtensionType, _ text: String) -> String? {
        do {
            switch type {
            case .ipaddr: _ = try IPAddr(parsing: text)
            case .decimal: _ = try CedarDecimal(parsing: text)
            case .datetime: _ = try CedarDatetime(parsing: text)
            case .duration: _ = try CedarDuration(parsing: text)
            }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
