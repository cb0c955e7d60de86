import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: the small tree the query and REST-XML protocols need.
public struct AWSXMLElement: Sendable, Hashable {
    public var name: String
    public var attributes: [String: String]
    public var children: [AWSXMLElement]
    /// The element's own text (concatenated, untrimmed).
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [AWSXMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child named `name`.
    public func child(_ name: String) -> AWSXMLElement? {
        children.first { $0.name == name }
    }

    /// Every child named `name`.
    public func children(_ name: String) -> [AWSXMLElement] {
        children.filter { $0.name == name }
    }

    /// The element at `path` below this one (`element.at("Error", "Code")`).
    public func at(_ path: String...) -> AWSXMLElement? {
        var element: AWSXMLElement? = self
        for name in path { element = element?.child(name) }
        return element
    }

    /// The trimmed text of the element at `path`, or `nil`.
    public func string(_ path: String...) -> String? {
        var element: AWSXMLElement? = self
        for name in path { element = element?.child(name) }
        return element?.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Parses a document and returns its root element, or `nil` when it is not XML.
    public static func parse(_ bytes: [UInt8]) -> AWSXMLElement? {
        guard !bytes.isEmpty else { return nil }
        let delegate = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        guard parser.parse() else { return nil }
        return delegate.root
    }
}

/// Builds the tree from XMLParser's events.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [AWSXMLElement] = []
    var root: AWSXMLElement?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        stack.append(AWSXMLElement(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }
}
