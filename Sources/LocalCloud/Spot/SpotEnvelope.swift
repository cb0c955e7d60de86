import Foundation

/// Spot's response envelope: `{"request": {id, url, method, timestamp}, "response": {status,
/// kind, items, count} | {status, errors}}`.
enum SpotEnvelope {
    static func items(
        _ request: SandboxRequest, kind: String, items: [[String: Any]], status: Int = 200,
        paginationInfo: [String: Any]? = nil
    ) -> SandboxResponse {
        var response: [String: Any] = [
            "status": ["code": status, "message": "OK"], "kind": kind, "items": items, "count": items.count,
        ]
        if let paginationInfo { response["paginationInfo"] = paginationInfo }
        return .json(status, ["request": requestPart(request), "response": response])
    }

    static func ok(_ request: SandboxRequest) -> SandboxResponse {
        .json(200, ["request": requestPart(request), "response": ["status": ["code": 200, "message": "OK"]]])
    }

    static func error(
        _ request: SandboxRequest, status: Int, code: String, message: String, field: String? = nil
    ) -> SandboxResponse {
        var error: [String: Any] = ["code": code, "message": message]
        if let field { error["field"] = field }
        return .json(status, [
            "request": requestPart(request),
            "response": ["status": ["code": status, "message": statusMessage(status)], "errors": [error]],
        ])
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func requestPart(_ request: SandboxRequest) -> [String: Any] {
        ["id": UUID().uuidString.lowercased(), "url": request.target, "method": request.method, "timestamp": timestamp(Date())]
    }

    private static func statusMessage(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}
