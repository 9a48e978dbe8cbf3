import Foundation

/// Where the Python with pyspark and the driver script `spark_als.py` are.
///
/// Python: `MK_PYTHON` when set; else the venv `scripts/spark-venv` makes,
/// `.build/spark-venv/bin/python`, under the first project folder found (below); else `python3`
/// on the PATH. The script: `MK_SPARK_SCRIPT` when set; else `scripts/spark_als.py` (a source
/// tree) or `share/mk/spark_als.py` (an installed prefix) under a project folder. Project
/// folders are searched upwards from the running executable (`.build/release/mk` finds the
/// repository two levels up; `/usr/local/bin/mk` finds `/usr/local/share/mk`), then from the
/// working directory, then the source tree this mk was built from.
struct SparkRuntime {
  let python: String
  let script: String

  static let installHint = "run scripts/spark-venv (Java 17 and pyspark in .build/spark-venv), "
    + "or set MK_PYTHON to a Python that has pyspark (pip install pyspark)"

  static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SparkRuntime {
    let roots = projectFolders()
    let python: String
    if let given = environment["MK_PYTHON"], !given.isEmpty {
      guard !given.contains("/") || FileManager.default.isExecutableFile(atPath: given) else {
        throw MKError(.io, "MK_PYTHON is '\(given)', which is not an executable file", hint: installHint)
      }
      python = given
    } else if let venv = roots.lazy.map({ $0.appendingPathComponent(".build/spark-venv/bin/python").path })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
      python = venv
    } else {
      python = "python3"
    }
    var scripts = roots.flatMap { [$0.appendingPathComponent("scripts/spark_als.py").path,
                                   $0.appendingPathComponent("share/mk/spark_als.py").path] }
    if let given = environment["MK_SPARK_SCRIPT"], !given.isEmpty { scripts = [given] }
    guard let script = scripts.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
      throw MKError(.io, "cannot find spark_als.py, the script that drives Spark (looked in \(scripts.prefix(4).joined(separator: ", ")))",
                    hint: "set MK_SPARK_SCRIPT to its path (scripts/spark_als.py in mk's repository), "
                      + "or install it as PREFIX/share/mk/spark_als.py next to PREFIX/bin/mk")
    }
    return SparkRuntime(python: python, script: script)
  }

  /// Candidate project folders, nearest first: the executable's ancestors, the working
  /// directory's, and the source tree's root.
  static func projectFolders() -> [URL] {
    func ancestors(_ url: URL) -> [URL] {
      var out: [URL] = [], u = url.standardizedFileURL
      while u.path != "/" {
        out.append(u)
        u = u.deletingLastPathComponent()
      }
      return out
    }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let arg0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    // Sources/MKCore/Models/Spark/SparkRuntime.swift → the repository.
    var source = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { source.deleteLastPathComponent() }
    var seen: Set<String> = [], out: [URL] = []
    let all = ancestors(executable.deletingLastPathComponent()) + ancestors(arg0.deletingLastPathComponent())
      + ancestors(URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) + [source]
    for u in all where seen.insert(u.path).inserted { out.append(u) }
    return out
  }

  /// The process environment for the script: mk's own, with Python's output unbuffered.
  static func environment() -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["PYTHONUNBUFFERED"] = "1"
    return env
  }
}
