"""What the Python drivers of bench/ share: running a tool in a fresh process and reading its
peak memory, and running a few mk statements as a notebook."""
import os
import re
import subprocess
import tempfile


def child_peak_kb(cmd, env=None):
    """Runs cmd in a fresh process; its stdout and its own maximum RSS in KiB (wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        if status != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed (status {status}): {err.read()[-2000:]}")
        out.seek(0)
        return out.read(), usage.ru_maxrss


def mk_run(mk, statements, env=None):
    """Runs the statements as one notebook with `mk run`; its stdout and peak RSS in KiB."""
    with tempfile.NamedTemporaryFile("w", suffix=".mk", delete=False) as f:
        f.write("\n".join(statements) + "\n")
        name = f.name
    try:
        return child_peak_kb([mk, "run", name], env=env)
    finally:
        os.unlink(name)


def seconds(text):
    """The duration mk's `time` prints (`1.23 s` or `456 ms`), in seconds."""
    m = re.search(r"([0-9.]+)\s*(ms|s)\b", text)
    if not m:
        raise SystemExit(f"no time in mk's output: {text!r}")
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "ms" else v


def numbers(line):
    """The numbers of a line mk printed, e.g. `[0.9518, 19.09, 0.6364]`."""
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", line)]
