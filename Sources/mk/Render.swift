#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import MKCore
import MKLang
import MKNotebook

/// `mk render FILE.mk -o FILE.html`: runs the notebook and writes it as one page.
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a notebook and write it as a self-contained HTML page, as Markdown, or as a Jupyter notebook.",
    discussion: """
      Runs cell by cell, as nbconvert does. The page holds the notebook's comments as prose \
      (Markdown), its code highlighted, each cell's wall time, each result (tables as tables, \
      plots as inline SVG) and, when a cell fails (a runtime error, or a statement that does \
      not parse or check), the outputs of the cells before it, its error, and the cells after \
      it marked not run. Relative paths are relative to the notebook's folder. With -o FILE.md it writes Markdown, and each plot as FILE-N.svg beside it; with -o \
      FILE.ipynb a Jupyter notebook (nbformat 4) with the outputs the mk kernel shows (docs/jupyter.md). \
      Exit status: 0 every cell ran, 1 a cell failed (the page is still written), 2 a usage error, \
      130 or 143 stopped by SIGINT or SIGTERM (no page written).
      """)

  @ArgumentParser.Argument(help: "The notebook to render (a .mk file).")
  var file: String

  @Option(name: .shortAndLong, help: "The page to write: FILE.html, FILE.md for Markdown, or FILE.ipynb for Jupyter.")
  var output: String

  func validate() throws {
    let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
    guard ["html", "htm", "xhtml", "md", "markdown", "ipynb"].contains(ext) else {
      throw ValidationError("-o '\(output)' must end in .html, .md or .ipynb")
    }
  }

  func run() throws {
    StopSignals.install()
    var options = Session.Options()
    let bar = Terminal.isTerminal(STDERR_FILENO) ? ProgressBar() : nil
    options.progress = bar?.reporter
    let page: RenderedNotebook
    do {
      page = try NotebookRenderer(options: options).render(path: file)
    } catch {
      Terminal.err("mk: \(error)\n")
      throw ExitCode(2)
    }
    bar?.clear()
    do {
      let url = URL(fileURLWithPath: output)
      if ["md", "markdown"].contains(url.pathExtension.lowercased()) {
        let stem = url.deletingPathExtension().lastPathComponent
        let (text, files) = page.markdown(svgStem: stem)
        for f in files {
          try AtomicFile.write(f.svg, to: url.deletingLastPathComponent().appendingPathComponent(f.name).path)
        }
        try AtomicFile.write(text, to: output)
      } else if url.pathExtension.lowercased() == "ipynb" {
        try AtomicFile.write(page.ipynb(version: MK.version), to: output)
      } else {
        try AtomicFile.write(page.html(), to: output)
      }
    } catch {
      Terminal.err("mk: \(error)\n")
      throw ExitCode(2)
    }
    for e in page.errors {
      Terminal.err(Session.format(e, source: (try? NotebookRunner.read(file)) ?? "", color: Terminal.wantsColor(STDERR_FILENO)) + "\n")
    }
    if page.exitStatus != 0 { throw ExitCode(page.exitStatus) }
  }
}
