#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MKLang
import MKNotebook

/// The `mk` command line. With no subcommand it opens the REPL.
///
/// Exit status: 0 success; 1 an error in the notebook (or, in a piped REPL, in any entry);
/// 2 a usage error: a bad flag or argument, or a notebook file that cannot be read.
///
/// To add a subcommand (`mk render FILE.mk -o FILE.html`, `mk sample FOLDER [--seed N]`):
/// write one `ParsableCommand` struct in its own file, `Render.swift` or `Sample.swift`, and add
/// it to `subcommands` below. `render` builds on `NotebookRunner`, as `Run` does.
@main
struct MK: ParsableCommand {
  /// The one version string: `mk --version` and the REPL banner.
  static let version = "mk 0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "mk",
    abstract: "A notebook language and REPL for recommender-systems research.",
    usage: "mk [<subcommand>]",
    discussion: """
      With no subcommand, mk opens the REPL (line editing, history in ~/.mk_history or \
      $MK_HISTORY, tab completion; Ctrl-C stops a running statement, Ctrl-D leaves). \
      With stdin not a terminal, it reads entries from stdin without prompts.

      Exit status: 0 success, 1 an error in the notebook, 2 a usage error \
      (bad flags, or a notebook file that cannot be read).
      """,
    version: version,
    subcommands: [Run.self, Render.self, Sample.self, Jupyter.self, KernelServer.self])

  mutating func run() throws {
    StopSignals.install([SIGTERM])
    let status = REPL.main()
    if status != 0 { throw ExitCode(status) }
  }

  /// argument-parser's own exit code for usage errors is 64 (EX_USAGE); mk promises 2.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        fputs(fullMessage(for: error) + "\n", stderr)
        exit(withError: ExitCode(2))
      }
      exit(withError: error)
    }
  }
}
