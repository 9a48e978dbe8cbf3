import Foundation
import MKCore
import MKLang

extension RenderedNotebook {
  /// The notebook as a Jupyter notebook (nbformat 4.5) with its outputs, as if its cells had
  /// run in the mk kernel: comment blocks become Markdown cells, each code cell keeps its
  /// statements together (so it runs again in Jupyter as it ran here) with the mime bundles
  /// the kernel sends (`JupyterOutput`), its execution count, and, when it failed, a Jupyter
  /// error output; the cells after a failing one have no outputs and no count, as nbconvert
  /// leaves them. `metadata.mk` of a code cell has its first line and wall time.
  /// - Parameter version: mk's version, for `language_info`.
  public func ipynb(version: String) -> String {
    var cells: [[String: Any]] = []
    var count = 0
    for (k, block) in blocks.enumerated() {
      let id = "mk-\(k + 1)"
      switch block {
      case .prose(let text):
        cells.append(["cell_type": "markdown", "id": id, "metadata": [String: Any](), "source": Self.lines(text)])
      case .code(let cell):
        var meta: [String: Any] = ["line": cell.firstLine]
        guard cell.status != .notRun else {
          meta["status"] = "not run: an earlier cell failed"
          cells.append(["cell_type": "code", "id": id, "metadata": ["mk": meta], "source": Self.lines(cell.source),
                        "execution_count": NSNull(), "outputs": [Any]()])
          continue
        }
        count += 1
        if let seconds = cell.seconds { meta["seconds"] = seconds }
        cells.append(["cell_type": "code", "id": id, "metadata": ["mk": meta], "source": Self.lines(cell.source),
                      "execution_count": count, "outputs": Self.outputs(of: cell, count: count, source: source)])
      }
    }
    let notebook: [String: Any] = [
      "nbformat": 4, "nbformat_minor": 5,
      "metadata": ["kernelspec": JupyterOutput.kernelspec, "language_info": JupyterOutput.languageInfo(version: version)],
      "cells": cells,
    ]
    // Sorted keys and one-space indents, as Jupyter writes notebooks: diffs stay small.
    let data = (try? JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A cell's outputs: `display_data` for each bundle, except the last one of the last
  /// statement of a cell that ran to its end, its `execute_result` (`KernelCell`'s rule).
  static func outputs(of cell: Cell, count: Int, source: String) -> [[String: Any]] {
    var out: [[String: Any]] = []
    let ranToEnd = cell.status == .ran
    for (k, values) in cell.outputs.enumerated() {
      let bundles = values.flatMap { JupyterOutput.bundles($0) }
      for (b, bundle) in bundles.enumerated() {
        if ranToEnd && k == cell.outputs.count - 1 && b == bundles.count - 1 {
          out.append(["output_type": "execute_result", "data": bundle, "metadata": [String: Any](), "execution_count": count])
        } else {
          out.append(["output_type": "display_data", "data": bundle, "metadata": [String: Any]()])
        }
      }
    }
    if case .failed = cell.status {
      let e = JupyterOutput.error(cell.errors, source: source)
      out.append(["output_type": "error", "ename": e.ename, "evalue": e.evalue, "traceback": e.traceback])
    }
    return out
  }

  /// Text as nbformat stores it: lines, each but the last ending in a newline.
  static func lines(_ text: String) -> [String] {
    let parts = text.components(separatedBy: "\n")
    return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : $0.element }.filter { !$0.isEmpty }
  }
}
