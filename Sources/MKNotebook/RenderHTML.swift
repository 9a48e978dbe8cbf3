import MKCore
import MKLang

extension RenderedNotebook {
  /// One self-contained XHTML page (it parses as XML): inline CSS, inline SVG, no scripts and
  /// no external files.
  public func html() -> String {
    var body: [String] = []
    for block in blocks {
      switch block {
      case .prose(let text):
        body.append("<div class=\"prose\">\n" + Markdown.html(text) + "\n</div>")
      case .code(let cell):
        var cls = "cell"
        if case .failed = cell.status { cls += " failed" }
        if cell.status == .notRun { cls += " not-run" }
        var parts = ["<section class=\"\(cls)\">"]
        if let seconds = cell.seconds, cell.status != .notRun {
          parts.append("<span class=\"cell-time\" title=\"wall time of the cell\">\(XML.escape(Session.duration(seconds)))</span>")
        }
        for run in cell.runs {
          let text = cell.statements[run.range].map(\.text).joined(separator: "\n")
          let line = cell.statements[run.range.lowerBound].firstLine
          parts.append("<pre class=\"code\(run.ran ? "" : " skipped")\" title=\"line \(line)\"><code>\(Highlight.html(text))</code></pre>")
          for k in run.range { for v in cell.outputs[k] { parts.append("<div class=\"output\">" + v.html() + "</div>") } }
          if case .failed(let message) = cell.status, run.range.contains(cell.failedStatement ?? -1) || (cell.failedStatement == -1 && run.range.lowerBound == 0) {
            parts.append("<div class=\"error\"><pre>\(XML.escape(message))</pre></div>")
          }
          if !run.ran { parts.append("<p class=\"not-run-note\">not run: \(cell.status == .notRun ? "an earlier cell failed" : "the statement above failed")</p>") }
        }
        parts.append("</section>")
        body.append(parts.joined(separator: "\n"))
      }
    }
    let status = errors.isEmpty ? "ran to the end" : "stopped on an error (exit status 1)"
    return """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>\(XML.escape(title))</title>
      <style>
      \(Self.css)
      \(Highlight.css)
      </style>
      </head>
      <body>
      <main>
      \(body.joined(separator: "\n"))
      <footer>\(XML.escape(file)): \(status). Rendered by <code>mk render</code>.</footer>
      </main>
      </body>
      </html>

      """
  }

  static let css = """
    body { margin: 0; background: #fbfbfc; color: #1f2933; font: 16px/1.55 "DejaVu Sans", Helvetica, Arial, sans-serif; }
    main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; }
    h1 { font-size: 2em; margin: 0.6em 0 0.3em; }
    h2 { font-size: 1.4em; margin: 1.6em 0 0.4em; border-bottom: 1px solid #e4e7eb; padding-bottom: 0.2em; }
    h3 { font-size: 1.15em; margin: 1.2em 0 0.3em; }
    .prose p, .prose li { max-width: 46em; }
    code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: #eef1f4; padding: 0 0.25em; border-radius: 3px; }
    pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; line-height: 1.4; overflow-x: auto; margin: 0; }
    .cell { margin: 14px 0 18px; }
    pre.code { background: #f0f3f7; border-left: 4px solid #4e79a7; padding: 8px 12px; border-radius: 0 4px 4px 0; }
    pre.code code { background: none; padding: 0; font-size: 13px; }
    .output { margin: 6px 0 0 4px; padding: 4px 0 4px 12px; border-left: 4px solid #e4e7eb; overflow-x: auto; }
    .output pre { color: #323f4b; }
    table { border-collapse: collapse; font-size: 14px; margin: 2px 0; }
    caption { white-space: nowrap; text-align: left; font-style: italic; color: #52606d; padding-bottom: 4px; }
    th, td { padding: 3px 10px; border-bottom: 1px solid #e4e7eb; white-space: nowrap; }
    th { border-bottom: 2px solid #9aa5b1; font-weight: 600; }
    .left { text-align: left; } .right { text-align: right; font-variant-numeric: tabular-nums; }
    figure.plot { margin: 4px 0; }
    figure.plot svg { max-width: 100%; height: auto; display: block; }
    .error { margin: 6px 0 0; background: #fdecea; border-left: 4px solid #c62828; padding: 8px 12px; border-radius: 0 4px 4px 0; }
    .error pre { color: #8a1c1c; }
    pre.code.skipped { opacity: 0.55; border-left-color: #9aa5b1; }
    .output + pre.code, .error + pre.code, .not-run-note + pre.code { margin-top: 10px; }
    .not-run-note { margin: 4px 0 0 4px; color: #7b8794; font-style: italic; font-size: 14px; }
    footer { margin-top: 36px; color: #7b8794; font-size: 13px; border-top: 1px solid #e4e7eb; padding-top: 8px; }
    """
}
