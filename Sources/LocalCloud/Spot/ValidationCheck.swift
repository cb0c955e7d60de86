/// One item of a validation answer (openapi `ValidationModelResponse`: `id`, `description`,
/// `status` ∈ {success, failed, warning, skipped}, `validationInfo`).
struct ValidationCheck: Sendable {
    /// `ValidationStatus` as the specification lists it; no other value is ever sent.
    enum Status: String, Sendable {
        case success, failed, warning, skipped
    }

    var id: String
    var description: String
    var status: Status
    var info: String?

    /// The item as the envelope's JSON.
    var item: [String: Any] {
        var item: [String: Any] = ["id": id, "description": description, "status": status.rawValue]
        if let info { item["validationInfo"] = info }
        return item
    }
}
