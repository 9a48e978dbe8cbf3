#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MKLang
import MKNotebook

/// `mk run FILE.mk`: the notebook top to bottom, each displayed result on stdout.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a notebook top to bottom, printing each displayed result.",
    discussion: """
      First checks the whole notebook (verbs, model kinds, option names, fixed choices) and \
      prints every such error to stderr with its place (file:line:col), the line and a caret, \
      running nothing; then runs it and stops at the first error. Relative paths are relative \
      to the notebook's folder; $NAME and ${NAME} in paths read the environment. `exit` or \
      `quit` ends the run successfully. Exit status: 0 success, 1 an error in the notebook, 2 \
      a usage error (including a notebook file that cannot be read), 130 or 143 stopped by \
      SIGINT or SIGTERM.
      """)

  @ArgumentParser.Argument(help: "The notebook to run (a .mk file).")
  var file: String

  func run() throws {
    StopSignals.install()
    var options = Session.Options()
    options.color = Terminal.wantsColor(STDOUT_FILENO)
    options.terminalWidth = Terminal.width()
    let bar = Terminal.isTerminal(STDERR_FILENO) ? ProgressBar() : nil
    options.progress = bar?.reporter

    let result: NotebookResult
    do {
      result = try NotebookRunner(options: options).run(path: file) { text in
        bar?.clear()
        Terminal.out(text + "\n")
      }
    } catch {
      Terminal.err("mk: \(error)\n")
      throw ExitCode(2)
    }
    bar?.clear()
    for message in result.formattedErrors(color: Terminal.wantsColor(STDERR_FILENO)) {
      Terminal.err(message + "\n")
    }
    if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
  }
}
