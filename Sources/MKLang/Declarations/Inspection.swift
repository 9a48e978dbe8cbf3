import MKCore

extension Session {
  /// What `help` says about the word at `cursor` (UTF-8 offset) in `line`, for a notebook's
  /// "inspect" (Shift-Tab in Jupyter): a verb's help, a model kind's (`help KIND`), or a
  /// variable's type, display and members. Nil when the word is none of these.
  public func inspection(line: String, cursor: Int) -> String? {
    let bytes = Array(line.utf8)
    let at = min(max(0, cursor), bytes.count)
    // Letters, digits, `_`, and any byte of a non-ASCII letter.
    func isWordByte(_ b: UInt8) -> Bool { b == UInt8(ascii: "_") || (48...57).contains(b) || (97...122).contains(b | 0x20) || b >= 128 }
    var start = at, end = at
    while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
    while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
    let word = String(decoding: bytes[start..<end], as: UTF8.self)
    guard !word.isEmpty else { return nil }
    if let verb = verbs[word] { return Help.text(for: verb) }
    if let kind = ModelRegistry.kind(named: word), let fit = verbs["fit"] { return Help.text(for: kind, verb: fit) }
    guard let value = variable(word) else { return nil }
    var text = "\(word): \(value.typeName)\n\n" + value.display(width: options.terminalWidth)
    let members = Members.of(value)
    if !members.isEmpty {
      let width = members.map(\.name.count).max() ?? 0
      text += "\n\nmembers:\n" + members.map { "  \(word).\($0.name)" + String(repeating: " ", count: width - $0.name.count) + "  \($0.help)" }
        .joined(separator: "\n")
    }
    return text
  }
}
