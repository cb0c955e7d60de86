/// Spot's response envelope:
/// `{"request":{"id",…},"response":{"status":{"code","message"},"kind","items":[…],"count","paginationInfo":{"nextKey"},"errors":[…]}}`.
///
/// Every part is optional, so a partial or unusual envelope still yields what it has.
struct SpotEnvelope<Item: Decodable>: Decodable {
    struct RequestInfo: Decodable {
        var id: String?
    }

    struct Status: Decodable {
        var code: Int?
        var message: String?

        enum CodingKeys: String, CodingKey { case code, message }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // The code is an integer in the spec; accept "200" too.
            code = try container.decodeFlexibleStringIfPresent(forKey: .code).flatMap { Int($0) }
            message = try? container.decodeIfPresent(String.self, forKey: .message)
        }
    }

    struct PaginationInfo: Decodable {
        var nextKey: String?
        var previousKey: String?
        var totalCount: Int?
    }

    struct Body: Decodable {
        var status: Status?
        var kind: String?
        var items: [Item]?
        var count: Int?
        var paginationInfo: PaginationInfo?
        var errors: [SpotAPIErrorDetail]?
    }

    var request: RequestInfo?
    var response: Body?
}
