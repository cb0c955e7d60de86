/// A request the routing transport saw, with the operation it was recognised as.
public struct RoutedRequest: Sendable {
    /// `<service>.<Operation>` (see ``CloudOperation``).
    public var operation: String
    /// The request itself.
    public var request: RecordedRequest
    /// The status it was answered with (nil for a dropped connection or a timeout).
    public var status: Int?

    /// - Parameters: see the properties.
    public init(operation: String, request: RecordedRequest, status: Int?) {
        self.operation = operation
        self.request = request
        self.status = status
    }
}
