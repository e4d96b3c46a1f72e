import Cedar

/// Turns pushed Cedar files into one policy set with Leash's policy ids.
///
/// Cedar's parser names policies `policy0`, `policy1` … per text, which collide across files and
/// change when a policy is inserted above another. Leash therefore names each policy by its `@id`
/// annotation when it has one, else `<file>#<index>` (0-based position in its file). Ids must be
/// unique across all files of a set; the decision's `policy_denied:<ids>` reason names them.
public enum PolicySource {
    /// A parsed policy (or template) with the file it came from.
    public struct Located: Hashable, Sendable {
        /// The policy, with its Leash id.
        public var policy: Policy
        /// The file it was read from.
        public var file: String
    }

    /// The Leash id of the policy at `index` in `file`.
    public static func defaultID(file: String, index: Int) -> PolicyID {
        PolicyID("\(file)#\(index)")
    }

    /// Parses every file (sorted by name) and gives each policy its Leash id.
    ///
    /// Throws every problem found: parse errors of every file, empty `@id`s, and ids used twice.
    public static func parse(files: [String: String]) throws(PolicyProblems) -> [Located] {
        var located: [Located] = []
        var problems: [PolicyProblem] = []
        var firstUse: [PolicyID: Located] = [:]
        for name in files.keys.sorted() {
            let text = files[name] ?? ""
            let set: PolicySet
            do {
                set = try PolicySet(parsing: text, source: name)
            } catch {
                problems += error.errors.map {
                    PolicyProblem(file: name, line: $0.location.line, column: $0.location.column, message: $0.message)
                }
                continue
            }
            let inFileOrder = (set.policies + set.templates.values).sorted {
                $0.range.start.offset < $1.range.start.offset
            }
            for (index, parsed) in inFileOrder.enumerated() {
                var policy = parsed
                let start = policy.range.start
                if let annotated = policy.annotation("id") {
                    guard !annotated.isEmpty else {
                        problems.append(PolicyProblem(
                            file: name, line: start.line, column: start.column, message: "the @id annotation is empty"))
                        continue
                    }
                    policy.id = PolicyID(annotated)
                } else {
                    policy.id = defaultID(file: name, index: index)
                }
                let entry = Located(policy: policy, file: name)
                if let earlier = firstUse[policy.id] {
                    let at = earlier.policy.range.start
                    problems.append(PolicyProblem(
                        file: name, line: start.line, column: start.column,
                        message: "policy id \(CedarString.quoted(policy.id.rawValue)) is already used at \(earlier.file):\(at.line):\(at.column)"))
                    continue
                }
                firstUse[policy.id] = entry
                located.append(entry)
            }
        }
        guard problems.isEmpty else { throw PolicyProblems(problems) }
        return located
    }

    /// The policy set of `files`: static policies and templates under their Leash ids.
    public static func policySet(files: [String: String]) throws(PolicyProblems) -> PolicySet {
        var set = PolicySet()
        for entry in try parse(files: files) {
            do {
                try set.add(entry.policy)
            } catch {
                // Unreachable: `parse` refuses duplicate ids; reported rather than trapped.
                let start = entry.policy.range.start
                throw PolicyProblems([PolicyProblem(
                    file: entry.file, line: start.line, column: start.column, message: error.description)])
            }
        }
        return set
    }
}
