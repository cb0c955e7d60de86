/// The HTTP method of a declared Spot call.
public enum HTTPMethod: String, Sendable, Hashable, Codable {
    /// `GET`: a read.
    case get = "GET"
    /// `POST`: a create, a validation, or a setting.
    case post = "POST"
}
