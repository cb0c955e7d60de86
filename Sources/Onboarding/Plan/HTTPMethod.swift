/// The HTTP method of a declared Spot call.
public enum HTTPMethod: String, Sendable, Hashable, Codable {
    case get = "GET"
    case post = "POST"
}
