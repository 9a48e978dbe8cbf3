import MKCore
import MKLang

extension RenderedNotebook {
  /// The notebook as Markdown: prose as written, code in fenced blocks, tables as Markdown
  /// tables, other results as fenced text, and each plot as an image `STEM-N.svg` whose SVG
  /// comes back in `files` for the caller to write beside the Markdown file.
  public func markdown(svgStem stem: String) -> (text: String, files: [(name: String, svg: String)]) {
    var parts: [String] = []
    var files: [(name: String, svg: String)] = []
    func fence(_ s: String, _ info: String = "") -> String {
      let ticks = s.contains("```") ? "~~~~" : "```"
      return ticks + info + "\n" + s + "\n" + ticks
    }
    func output(_ v: Value) {
      switch v {
      case .table(let t): parts.append(t.markdown())
      case .plot(let f, _):
        let name = "\(stem)-\(files.count + 1).svg"
        files.append((name, f.svg()))
        parts.append("![\(f.title.replacingOccurrences(of: "]", with: ")"))](\(name))")
      case .tuple(let vs): vs.forEach(output)
      default: parts.append(fence(v.display()))
      }
    }
    for block in blocks {
      switch block {
      case .prose(let text): parts.append(text)
      case .code(let cell):
        for run in cell.runs {
          parts.append(fence(cell.statements[run.range].map(\.text).joined(separator: "\n"), "mk"))
          for k in run.range { cell.outputs[k].forEach(output) }
          if case .failed(let message) = cell.status, run.range.contains(cell.failedStatement ?? -1) || (cell.failedStatement == -1 && run.range.lowerBound == 0) {
            parts.append("**error**\n\n" + fence(message))
          }
          if !run.ran { parts.append(cell.status == .notRun ? "*not run: an earlier cell failed*" : "*not run: the statement above failed*") }
        }
      }
    }
    return (parts.joined(separator: "\n\n") + "\n", files)
  }
}
