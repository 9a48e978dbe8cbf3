#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import MKCore

/// `mk jupyter install`: makes Jupyter list an mk kernel (docs/jupyter.md).
struct Jupyter: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Use mk from Jupyter: install the mk kernel.",
    discussion: """
      Two commands: `mk jupyter install --user`, then `jupyter lab` (or `jupyter notebook`, \
      `jupyter console --kernel mk`) and choose the mk kernel. `mk render FILE.mk -o FILE.ipynb` \
      writes a notebook with its outputs. See docs/jupyter.md.
      """,
    subcommands: [Install.self])

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Install the mk kernel's kernelspec, so that `jupyter kernelspec list` shows mk.",
      discussion: """
        Writes kernel.json, the kernel's Python file (a thin ipykernel wrapper that starts \
        `mk kernel-server`, one mk session per kernel) and a logo, and installs them with \
        jupyter_client's KernelSpecManager: system-wide by default (as `jupyter kernelspec \
        install` does), for the current user with --user, or under --prefix (a virtual \
        environment's sys.prefix). The kernel runs with --python, which needs ipykernel and \
        jupyter_client, and with this mk binary (reinstall after moving it). \
        Exit status: 0 installed, 1 the Python lacks what the kernel needs or the install failed, \
        2 a usage error.
        """)

    @Flag(help: "Install for the current user (Jupyter's user data folder), not system-wide.")
    var user = false

    @Option(help: ArgumentHelp("Install under PREFIX/share/jupyter/kernels (e.g. a virtual environment's sys.prefix).",
                               valueName: "prefix"))
    var prefix: String?

    @Option(help: ArgumentHelp("The Python that runs the kernel; it needs ipykernel and jupyter_client.",
                               valueName: "python"))
    var python = "python3"

    func validate() throws {
      if user && prefix != nil { throw ValidationError("--user and --prefix both say where to install: give one") }
      if let prefix, prefix.isEmpty { throw ValidationError("--prefix needs a folder") }
    }

    func run() throws {
      guard let interpreter = Self.executable(python) else {
        Terminal.err("mk: no Python '\(python)' found on PATH\nhint: install Python 3, or pass --python /path/to/python3\n")
        throw ExitCode(1)
      }
      let check = Self.run(interpreter, ["-c", "import ipykernel, jupyter_client"])
      guard check.status == 0 else {
        Terminal.err("""
          mk: the mk kernel needs the Python packages ipykernel and jupyter_client, which \(interpreter) lacks
          hint: \(interpreter) -m pip install ipykernel jupyter_client (or pass --python with a Python that has them)

          """)
        throw ExitCode(1)
      }
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mk-kernelspec-\(UUID().uuidString)")
      let spec = folder.appendingPathComponent("mk")
      defer { try? FileManager.default.removeItem(at: folder) }
      do {
        try FileManager.default.createDirectory(at: spec, withIntermediateDirectories: true)
        try AtomicFile.write(Self.kernelJSON(python: interpreter, mk: Self.mkExecutable()), to: spec.appendingPathComponent("kernel.json").path)
        try AtomicFile.write(JupyterKernelSource.python, to: spec.appendingPathComponent(JupyterKernelSource.fileName).path)
        try AtomicFile.write(JupyterKernelSource.logo, to: spec.appendingPathComponent("logo-svg.svg").path)
      } catch {
        Terminal.err("mk: \(error)\n")
        throw ExitCode(1)
      }
      // jupyter_client knows where kernelspecs go on each platform (and JUPYTER_DATA_DIR).
      let install = Self.run(interpreter, ["-c", """
        import sys
        from jupyter_client.kernelspec import KernelSpecManager
        print(KernelSpecManager().install_kernel_spec(sys.argv[1], "mk", user=sys.argv[2] == "1", prefix=sys.argv[3] or None))
        """, spec.path, user ? "1" : "0", prefix.map { URL(fileURLWithPath: $0).standardized.path } ?? ""])
      guard install.status == 0 else {
        let reason = install.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(install.status)"
        Terminal.err("mk: could not install the kernelspec: \(reason)\n"
                     + (user || prefix != nil ? "" : "hint: --user installs it for you alone, with no special rights\n"))
        throw ExitCode(1)
      }
      let destination = install.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      Terminal.out("""
        installed the mk kernel in \(destination)
        (Python \(interpreter), mk \(Self.mkExecutable()))
        use it: jupyter lab (or jupyter notebook), and choose the mk kernel; jupyter console --kernel mk

        """)
    }

    /// kernel.json: Jupyter starts the wrapper with the connection file; the wrapper starts
    /// this very mk. SIGINT interrupts (the wrapper passes it on to mk).
    static func kernelJSON(python: String, mk: String) -> String {
      let spec: [String: Any] = [
        "argv": [python, "{resource_dir}/" + JupyterKernelSource.fileName, "-f", "{connection_file}"],
        "display_name": "mk", "language": "mk", "interrupt_mode": "signal",
        "env": ["MK_KERNEL_EXECUTABLE": mk],
        "metadata": ["debugger": false],
      ]
      let data = (try? JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
      return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The absolute path of the running mk.
    static func mkExecutable() -> String {
      if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
      if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
      return URL(fileURLWithPath: CommandLine.arguments[0]).standardized.path
    }

    /// `name` as an absolute path: as given when it holds a `/`, else found on PATH.
    static func executable(_ name: String) -> String? {
      let fm = FileManager.default
      if name.contains("/") {
        let path = URL(fileURLWithPath: name).standardized.path
        return fm.isExecutableFile(atPath: path) ? path : nil
      }
      let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
      return folders.map { "\($0)/\(name)" }.first { fm.isExecutableFile(atPath: $0) }
    }

    /// Runs a program to its end; its status, stdout and stderr.
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = arguments
      let out = Pipe(), err = Pipe()
      process.standardOutput = out
      process.standardError = err
      do { try process.run() } catch { return (127, "", "\(error)") }
      // Small outputs (a path, an import error): stderr stays far below a pipe's buffer while
      // stdout is read to its end.
      let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
      let stderrData = err.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (process.terminationStatus, String(decoding: stdoutData, as: UTF8.self), String(decoding: stderrData, as: UTF8.self))
    }
  }
}
