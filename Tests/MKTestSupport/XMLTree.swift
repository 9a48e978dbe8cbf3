import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML document as a small tree, for checking the SVG and XHTML mk writes.
public final class XMLNode {
  public let name: String
  public let attributes: [String: String]
  public var children: [XMLNode] = []
  /// Text and child elements in document order.
  private var content: [Either] = []
  private enum Either { case text(String), node(XMLNode) }
  weak var parent: XMLNode?

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// Every element below this one (depth first), this one included.
  public var all: [XMLNode] { [self] + children.flatMap(\.all) }
  public func elements(_ name: String) -> [XMLNode] { all.filter { $0.name == name } }
  /// The text of this element and its descendants.
  public var fullText: String {
    content.map { c in
      switch c {
      case .text(let s): return s
      case .node(let n): return n.fullText
      }
    }.joined()
  }
  public func double(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }

  /// Parses `text`; nil (with the parser's error in `error`) when it is not well-formed XML.
  public static func parse(_ text: String) throws -> XMLNode {
    let builder = Builder()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw NSError(domain: "XMLTree", code: 1, userInfo: [NSLocalizedDescriptionKey:
        "not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber): \(String(describing: parser.parserError))"])
    }
    return root
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    var stack: [XMLNode] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
      let node = XMLNode(name: name, attributes: attributes)
      node.parent = stack.last
      stack.last?.children.append(node)
      stack.last?.content.append(.node(node))
      if root == nil { root = node }
      stack.append(node)
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      stack.removeLast()
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.content.append(.text(string)) }
  }
}
