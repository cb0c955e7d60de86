import Onboarding

/// What an earlier run's journal says: the accounts it finished, and where each interrupted one
/// stood (its completed steps and outputs), so `--resume` redoes nothing finished.
struct JournalReplay {
    var finished: [String: AccountResult] = [:]
    var interrupted: [String: ResumePoint] = [:]

    init(events: [JournalEvent]) {
        for event in events {
            guard let account = event.accountID else { continue }
            switch event.kind {
            case .accountFinished:
                if let result = event.result {
                    finished[account] = result
                    interrupted.removeValue(forKey: account)
                }
            case .stepFinished:
                guard let record = event.record, record.status != .failed else { continue }
                var point = interrupted[account] ?? ResumePoint(completed: [], outputs: AccountOutputs())
                point.completed.append(record)
                if let outputs = event.outputs { point.outputs = outputs }
                interrupted[account] = point
                finished.removeValue(forKey: account)
            default:
                continue
            }
        }
    }
}
