/// The authorizer's answer.
public enum Decision: String, Hashable, Sendable, CustomStringConvertible {
    case allow, deny
    public var description: String { rawValue }
}

/// A policy that was skipped because evaluating it raised an error.
public struct PolicyError: Hashable, Sendable, CustomStringConvertible {
    /// The policy that failed.
    public var id: PolicyID
    /// What went wrong.
    public var error: EvaluationError

    public init(id: PolicyID, error: EvaluationError) {
        self.id = id
        self.error = error
    }

    /// The error's message for people.
    public var message: String { error.message }

    public var description: String { "policy \(id): \(error.message)" }
}

/// A decision with its evidence: the determining policies and the policies that failed.
public struct Response: Hashable, Sendable {
    /// Allow or deny.
    public var decision: Decision
    /// The satisfied `forbid` policies when a forbid denied, the satisfied `permit` policies when
    /// the answer is allow, and nothing when no policy applied.
    public var reasons: Set<PolicyID>
    /// The policies skipped because their evaluation raised an error, in policy-set order.
    public var errors: [PolicyError]

    public init(decision: Decision, reasons: Set<PolicyID>, errors: [PolicyError]) {
        self.decision = decision
        self.reasons = reasons
        self.errors = errors
    }
}
