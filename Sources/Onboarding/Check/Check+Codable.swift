import Foundation

// How the check's results are laid out in `accounts/<id>.json` (README, "Checks"): snake_case
// keys, enums by their names.

extension StepCheck: Codable {
    enum CodingKeys: String, CodingKey {
        case step, action, code, detail
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decode(WorkflowStep.self, forKey: .step)
        detail = try container.decode(String.self, forKey: .detail)
        let name = try container.decode(String.self, forKey: .action)
        switch name {
        case "create": action = .create
        case "adopt": action = .adopt
        case "update": action = .update
        case "no-change": action = .noChange
        case "blocked":
            action = .blocked(code: try container.decode(FailureCode.self, forKey: .code), reason: detail)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: container, debugDescription: "'\(name)' is not a check action")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encode(action.name, forKey: .action)
        if case .blocked(let code, _) = action { try container.encode(code, forKey: .code) }
        try container.encode(detail, forKey: .detail)
    }
}

extension AccountCheck: Codable {
    enum CodingKeys: String, CodingKey {
        case verdict, steps
        case comparedWith = "compared_with"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            steps: try container.decode([StepCheck].self, forKey: .steps),
            verdict: try container.decode(CheckVerdict.self, forKey: .verdict),
            comparedWith: try container.decodeIfPresent(String.self, forKey: .comparedWith))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(comparedWith, forKey: .comparedWith)
        try container.encode(steps, forKey: .steps)
    }
}

extension DriftFinding: Codable {
    enum CodingKeys: String, CodingKey {
        case finding, step, detail, remedy, fix
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .finding)
        step = try container.decode(WorkflowStep.self, forKey: .step)
        detail = try container.decode(String.self, forKey: .detail)
        switch try container.decode(String.self, forKey: .remedy) {
        case "run": remedy = .run
        case "person": remedy = .person(fix: try container.decode(String.self, forKey: .fix))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .remedy, in: container, debugDescription: "'\(other)' is not a remedy (run, person)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .finding)
        try container.encode(step, forKey: .step)
        try container.encode(detail, forKey: .detail)
        switch remedy {
        case .run:
            try container.encode("run", forKey: .remedy)
        case .person(let fix):
            try container.encode("person", forKey: .remedy)
            try container.encode(fix, forKey: .fix)
        }
    }
}
