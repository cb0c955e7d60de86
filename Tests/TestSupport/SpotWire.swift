import Foundation

/// Responses in Spot's JSON envelope: `{"request":{…},"response":{"status":{"code":200,
/// "message":"OK"},"kind":"…","items":[…],"count":n}}`, and errors
/// `{"request":{…},"response":{"status":{…},"errors":[{"code","message","field"}]}}`.
public enum SpotWire {
    /// A request id, as Spot sends them.
    public static let requestID = "9c1f0b3e-aaaa-4bbb-8ccc-0000000000a1"

    /// A success holding `items` (JSON objects), of `kind`; `paginated` adds an empty
    /// `paginationInfo` (no next page), as the listings send.
    public static func items(_ items: [[String: Any]], kind: String, paginated: Bool = false) -> ScriptedTransport.Reply {
        var response: [String: Any] = [
            "status": ["code": 200, "message": "OK"], "kind": kind, "items": items, "count": items.count,
        ]
        if paginated { response["paginationInfo"] = ["nextKey": NSNull(), "previousKey": NSNull(), "totalCount": items.count] }
        return .json(200, text(["request": request(), "response": response]))
    }

    /// A success without items (`POST /setup/credentials/aws`).
    public static func ok() -> ScriptedTransport.Reply {
        .json(200, text(["request": request(), "response": ["status": ["code": 200, "message": "OK"]]]))
    }

    /// An error envelope with one error `(code, message, field)`.
    public static func error(status: Int, code: String, message: String, field: String? = nil) -> ScriptedTransport.Reply {
        var entry: [String: Any] = ["code": code, "message": message]
        if let field { entry["field"] = field }
        let response: [String: Any] = [
            "status": ["code": status, "message": statusMessage(status)], "errors": [entry],
        ]
        return .json(status, text(["request": request(), "response": response]))
    }

    private static func statusMessage(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        default: "HTTP \(status)"
        }
    }

    private static func request() -> [String: Any] {
        ["id": requestID, "timestamp": "2025-06-15T15:06:40.000Z"]
    }

    private static func text(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
