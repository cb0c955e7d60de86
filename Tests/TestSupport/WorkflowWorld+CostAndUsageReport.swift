import AWSKit
import Foundation

extension WorkflowWorld {
    private struct DescribeOutput: Encodable {
        var reportDefinitions: [ReportDefinition]
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case reportDefinitions = "ReportDefinitions"
            case nextToken = "NextToken"
        }
    }

    private struct PutInput: Decodable {
        var reportDefinition: ReportDefinition

        enum CodingKeys: String, CodingKey {
            case reportDefinition = "ReportDefinition"
        }
    }

    /// The CUR API: DescribeReportDefinitions (paged by `MaxResults`, `NextToken` an offset)
    /// PutReportDefinition (`DuplicateReportNameException`, `ReportLimitReachedException`) and
    /// DeleteReportDefinition.
    func installCostAndUsageReport() {
        transport.on(CloudOperation.describeReportDefinitions) { [self] request in
            guard let id = payerID(of: request), let payer = update({ $0.payers[id] }) else { return Self.notAPayer(request) }
            let body = request.jsonObject ?? [:]
            let size = max(1, (body["MaxResults"] as? Int) ?? 5)
            let start = Int((body["NextToken"] as? String) ?? "0") ?? 0
            let page = Array(payer.reports.dropFirst(start).prefix(size))
            let next = start + page.count < payer.reports.count ? String(start + page.count) : nil
            return AWSWire.json(encoding: DescribeOutput(reportDefinitions: page, nextToken: next))
        }
        transport.on(CloudOperation.deleteReportDefinition) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let name = request.jsonObject?["ReportName"] as? String ?? ""
            update { state in state.payers[id]?.reports.removeAll { $0.reportName == name } }
            return AWSWire.json("{\"ResponseMessage\": \"deleted\"}")
        }
        transport.on(CloudOperation.putReportDefinition) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            guard let input = try? JSONDecoder().decode(PutInput.self, from: Data(request.body)) else {
                return AWSWire.jsonError(code: "ValidationException", message: "the request body is not a ReportDefinition")
            }
            let definition = input.reportDefinition
            return update { state -> ScriptedTransport.Reply in
                guard var payer = state.payers[id] else { return Self.notAPayer(request) }
                if payer.reports.contains(where: { $0.reportName == definition.reportName }) {
                    return AWSWire.jsonError(
                        code: "DuplicateReportNameException", message: "Duplicate report name: \(definition.reportName)")
                }
                if payer.reports.count >= 5 {
                    return AWSWire.jsonError(code: "ReportLimitReachedException", message: "Report limit of 5 reached")
                }
                payer.reports.append(definition)
                state.payers[id] = payer
                return AWSWire.json("{}")
            }
        }
    }
}
