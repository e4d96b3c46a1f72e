import Hummingbird

extension Request {
    /// The query parameter `name` as a whole number: nil when absent; a 400 naming the parameter
    /// when it is not a whole number in `range` (any whole number when `range` is nil). One reading
    /// for every admin list and window parameter (`limit`, `after`, `windowDays`, `depth`, …).
    func integerQuery(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = uri.queryParameters[name[...]] else { return nil }
        guard let number = Int(text), range?.contains(number) ?? true else {
            if let range {
                throw APIError.invalidRequest(
                    "query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            throw APIError.invalidRequest("query parameter '\(name)' must be a whole number")
        }
        return number
    }
}
