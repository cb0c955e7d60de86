/// IAM's string matching for `Action` and `Resource` elements: `*` matches any run of
/// characters (`/` included), `?` any one character (AWS IAM User Guide, "IAM JSON policy
/// elements: Action" and "…: Resource"). Action names match case-insensitively, resources
/// case-sensitively.
enum IAMPattern {
    /// Whether `pattern` matches the whole of `value`.
    static func matches(_ pattern: String, _ value: String, caseInsensitive: Bool = false) -> Bool {
        let pattern = Array(caseInsensitive ? pattern.lowercased() : pattern)
        let value = Array(caseInsensitive ? value.lowercased() : value)
        // Iterative glob with backtracking to the last `*`.
        var p = 0
        var v = 0
        var star: Int?
        var resume = 0
        while v < value.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == value[v]) {
                p += 1
                v += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = v
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                v = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
