/// An IAM policy document being adapted for the template: its statements, in order.
///
/// Each edit returns a new document and keeps everything it does not touch as it was, key
/// order included, so that what the template grants stays recognisably what Spot publishes.
struct PolicyDocument: Sendable, Hashable {
    /// The policy language version every document here uses.
    static let version = "2012-10-17"

    /// The statements, each a JSON object.
    var statements: [TemplateValue]

    /// A document holding `statements`.
    init(statements: [TemplateValue]) {
        self.statements = statements
    }

    /// The statements of a published document, unchanged.
    init(_ published: SpotPolicyDocument) {
        self.init(statements: published.statements)
    }

    /// The document as JSON: `Version`, then `Statement`.
    var value: TemplateValue {
        ["Version": .string(Self.version), "Statement": .array(statements)]
    }

    // MARK: Edits

    /// Every ARN of the commercial partition made partition-neutral: a string `arn:aws:…` becomes
    /// `{"Fn::Sub": "arn:${AWS::Partition}:…"}` (the rest made literal), and `arn:aws:` inside an
    /// `Fn::Sub` text becomes `arn:${AWS::Partition}:`.
    func partitionNeutral() -> PolicyDocument {
        PolicyDocument(statements: statements.map(Self.partitionNeutral))
    }

    /// `Fn::Sub` variables renamed: `${old}` becomes `${new}` for each pair of `names`.
    func renamingSubVariables(_ names: [String: String]) -> PolicyDocument {
        PolicyDocument(
            statements: statements.map { statement in
                Self.mapSubTexts(statement) { text in
                    names.sorted { $0.key < $1.key }.reduce(text) { text, name in
                        text.replacing("${\(name.key)}", with: "${\(name.value)}")
                    }
                }
            })
    }

    /// Within each statement, an action listed again is dropped (IAM ignores the repetition).
    func deduplicatingActions() -> PolicyDocument {
        PolicyDocument(
            statements: statements.map { statement in
                guard case .array(let actions)? = statement["Action"] else { return statement }
                var seen = Set<TemplateValue>()
                return statement.setting("Action", to: .array(actions.filter { seen.insert($0).inserted }))
            })
    }

    /// The statement with id `sid` given `resource` as its `Resource`.
    ///
    /// - Precondition: such a statement exists (the embedded documents are constants).
    func settingResource(_ resource: TemplateValue, ofStatement sid: String) -> PolicyDocument {
        guard let index = statements.firstIndex(where: { $0["Sid"] == .string(sid) }) else {
            preconditionFailure("no statement \(sid)")
        }
        var copy = self
        copy.statements[index] = statements[index].setting("Resource", to: resource)
        return copy
    }

    /// `action` taken out of every statement that lists it, and `statement` inserted after the
    /// first of them: used to grant the action under a condition instead.
    ///
    /// - Precondition: some statement lists `action` in an array with other actions.
    func movingAction(_ action: String, to statement: TemplateValue) -> PolicyDocument {
        var copy = self
        var firstIndex: Int?
        for (index, original) in statements.enumerated() {
            guard case .array(let actions)? = original["Action"], actions.contains(.string(action)) else {
                continue
            }
            let remaining = actions.filter { $0 != .string(action) }
            precondition(!remaining.isEmpty, "moving \(action) would empty a statement")
            copy.statements[index] = original.setting("Action", to: .array(remaining))
            firstIndex = firstIndex ?? index
        }
        guard let firstIndex else { preconditionFailure("no statement lists \(action)") }
        copy.statements.insert(statement, at: firstIndex + 1)
        return copy
    }

    // MARK: Splitting

    /// The document split by statements into as few parts as keep each part's size at most
    /// `maximumSize`, the parts as even as possible, statements in their order.
    ///
    /// - Parameter size: the size of a document, as IAM would count it.
    /// - Precondition: every single statement fits on its own.
    func split(maximumSize: Int, size: (PolicyDocument) -> Int) -> [PolicyDocument] {
        guard size(self) > maximumSize else { return [self] }
        precondition(
            statements.allSatisfy { size(PolicyDocument(statements: [$0])) <= maximumSize },
            "a statement is larger than \(maximumSize) on its own")
        let leastParts = greedySplit(cap: maximumSize, size: size).count
        // The smallest cap that still gives `leastParts` parts balances them.
        var low = 0
        var high = maximumSize
        while low < high {
            let middle = (low + high) / 2
            if greedySplit(cap: middle, size: size).count <= leastParts {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return greedySplit(cap: high, size: size)
    }

    /// Consecutive statements packed into parts of at most `cap`, each part as full as it can be
    /// (a statement too large for `cap` on its own gets a part of its own).
    private func greedySplit(cap: Int, size: (PolicyDocument) -> Int) -> [PolicyDocument] {
        var parts: [PolicyDocument] = []
        var current = PolicyDocument(statements: [])
        for statement in statements {
            var candidate = current
            candidate.statements.append(statement)
            if current.statements.isEmpty || size(candidate) <= cap {
                current = candidate
            } else {
                parts.append(current)
                current = PolicyDocument(statements: [statement])
            }
        }
        if !current.statements.isEmpty { parts.append(current) }
        return parts
    }

    // MARK: Helpers

    private static let commercialARNPrefix = "arn:aws:"
    private static let neutralARNPrefix = "arn:${AWS::Partition}:"

    private static func partitionNeutral(_ value: TemplateValue) -> TemplateValue {
        switch value {
        case .string(let text) where text.hasPrefix(commercialARNPrefix):
            return .sub(neutralARNPrefix + StackTemplate.subLiteral(String(text.dropFirst(commercialARNPrefix.count))))
        case .object(let fields) where fields.count == 1 && fields[0].key == "Fn::Sub":
            return mapSubTexts(value) { $0.replacing(commercialARNPrefix, with: neutralARNPrefix) }
        case .object(let fields):
            return .object(fields.map { TemplateField(key: $0.key, value: partitionNeutral($0.value)) })
        case .array(let elements):
            return .array(elements.map(partitionNeutral))
        case .string, .int, .bool:
            return value
        }
    }

    /// `value` with `transform` applied to the text of every `Fn::Sub` inside it (the plain
    /// form `{"Fn::Sub": text}` and the list form `{"Fn::Sub": [text, variables]}`).
    private static func mapSubTexts(_ value: TemplateValue, _ transform: (String) -> String) -> TemplateValue {
        switch value {
        case .object(let fields) where fields.count == 1 && fields[0].key == "Fn::Sub":
            switch fields[0].value {
            case .string(let text):
                return .sub(transform(text))
            case .array(let elements) where !elements.isEmpty:
                guard case .string(let text) = elements[0] else { return value }
                return ["Fn::Sub": .array([.string(transform(text))] + elements.dropFirst())]
            default:
                return value
            }
        case .object(let fields):
            return .object(fields.map { TemplateField(key: $0.key, value: mapSubTexts($0.value, transform)) })
        case .array(let elements):
            return .array(elements.map { mapSubTexts($0, transform) })
        case .string, .int, .bool:
            return value
        }
    }
}
