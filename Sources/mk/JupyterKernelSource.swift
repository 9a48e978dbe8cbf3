/// The Python file of the mk kernel, which `mk jupyter install` writes beside kernel.json: a
/// thin ipykernel `Kernel` over one `mk kernel-server` subprocess (docs/jupyter.md says why).
/// It is kept here, in the binary, so that an installed mk needs no file of the checkout.
enum JupyterKernelSource {
  static let fileName = "mk_kernel.py"

  static let python = #"""
"""The mk kernel for Jupyter, written by `mk jupyter install` (do not edit: reinstall).

A thin ipykernel wrapper: ipykernel speaks Jupyter's messaging protocol (ZeroMQ, signed
messages, heartbeat, control channel); one `mk kernel-server` subprocess per kernel holds the
mk session and answers JSON lines on its stdin and stdout. See docs/jupyter.md.
"""
import json
import os
import queue
import signal
import subprocess
import sys
import threading

try:
    from ipykernel.kernelapp import IPKernelApp
    from ipykernel.kernelbase import Kernel
except ImportError as error:
    sys.stderr.write(
        "mk kernel: the Python package ipykernel is missing (%s).\n"
        "Install it for this Python, then restart the kernel:\n"
        "  %s -m pip install ipykernel jupyter_client\n" % (error, sys.executable))
    sys.exit(1)

MK = os.environ.get("MK_KERNEL_EXECUTABLE") or "mk"


def notebook_folder():
    """The notebook's folder: Jupyter starts a kernel there; JPY_SESSION_NAME, when it is the
    notebook's absolute path, says so more precisely."""
    path = os.environ.get("JPY_SESSION_NAME", "")
    if os.path.isabs(path) and os.path.isfile(path):
        return os.path.dirname(os.path.abspath(path))
    return os.getcwd()


class Server:
    """One `mk kernel-server` process: one mk session. A thread reads its replies into a
    queue, so that waiting for them can be interrupted without losing a line."""

    def __init__(self):
        try:
            self.process = subprocess.Popen(
                [MK, "kernel-server", "--folder", notebook_folder()],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
                # Its own process group: Jupyter's SIGINT reaches the wrapper, which forwards it
                # only while a cell runs.
                start_new_session=True)
        except OSError as error:
            raise RuntimeError("mk kernel: cannot start %s (%s); after moving or rebuilding mk, "
                               "run mk jupyter install again" % (MK, error))
        self.replies = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.hello = self._get()
        if self.hello is None or self.hello.get("type") != "ready":
            raise RuntimeError("%s kernel-server did not start (exit status %s)" % (MK, self.process.poll()))

    def _read(self):
        for line in self.process.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                sys.stderr.write("mk kernel: not a reply: %r\n" % line)
        self.replies.put(None)

    def _get(self):
        # A timeout, so that a SIGINT's KeyboardInterrupt is raised while waiting.
        while True:
            try:
                return self.replies.get(timeout=0.2)
            except queue.Empty:
                continue

    def alive(self):
        return self.process.poll() is None

    def request(self, op, **fields):
        """Sends one request; yields its replies, the last one of type "done" (None when the
        server died). Ctrl-C (a KeyboardInterrupt here) is passed on to mk as SIGINT."""
        self.next_id += 1
        fields.update(id=self.next_id, op=op)
        try:
            self.process.stdin.write(json.dumps(fields) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            yield None
            return
        while True:
            try:
                reply = self._get()
            except KeyboardInterrupt:
                if self.alive():
                    os.kill(self.process.pid, signal.SIGINT)
                continue
            yield reply
            if reply is None or reply.get("type") == "done":
                return

    def call(self, op, **fields):
        last = None
        for last in self.request(op, **fields):
            pass
        return last

    def stop(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except Exception:
                self.process.kill()


class MKKernel(Kernel):
    implementation = "mk"
    implementation_version = "0"
    language = "mk"
    language_info = {"name": "mk", "file_extension": ".mk", "mimetype": "text/x-mk"}
    banner = "mk: a notebook language for recommender-systems research (help for help)"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.server = Server()
        hello = self.server.hello
        self.implementation_version = hello.get("version", "0")
        self.language_info = hello.get("language_info", self.language_info)
        self.banner = "%s (help for help)" % self.implementation_version

    def _server(self):
        if not self.server.alive():
            self.server = Server()
        return self.server

    def _stream(self, text):
        self.send_response(self.iopub_socket, "stream", {"name": "stderr", "text": text})

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        count = self.execution_count
        if not code.strip():
            return {"status": "ok", "execution_count": count, "payload": [], "user_expressions": {}}
        if not self.server.alive():
            self._stream("mk: a new session (the last one ended)\n")
        done = None
        progress = None  # the display_id of this cell's progress line
        for reply in self._server().request("execute", code=code, cell=count):
            if reply is None or reply.get("type") == "done":
                done = reply
                break
            if silent:
                continue
            if reply.get("type") == "progress":
                content = {"data": {"text/plain": reply["text"]}, "metadata": {"mk": "progress"},
                           "transient": {"display_id": progress or "mk-progress-%d-%d" % (os.getpid(), self.server.next_id)}}
                self.send_response(self.iopub_socket, "update_display_data" if progress else "display_data", content)
                progress = content["transient"]["display_id"]
                continue
            content = {"data": reply["data"], "metadata": {}}
            if reply.get("kind") == "execute_result":
                content["execution_count"] = count
                self.send_response(self.iopub_socket, "execute_result", content)
            else:
                self.send_response(self.iopub_socket, "display_data", content)
        if done is None:
            status = self.server.process.poll()
            done = {"status": "error", "ename": "KernelError", "evalue": "mk exited (status %s)" % status,
                    "traceback": ["mk exited (status %s): the next cell starts a new session" % status]}
        if done.get("exited"):
            self.server.stop()
            if not silent:
                self._stream("mk: the session ended (exit); the next cell starts a new one\n")
        if done["status"] != "ok":
            error = {"ename": done["ename"], "evalue": done["evalue"], "traceback": done["traceback"]}
            if not silent:
                self.send_response(self.iopub_socket, "error", error)
            return dict(status="error", execution_count=count, **error)
        return {"status": "ok", "execution_count": count, "payload": [], "user_expressions": {}}

    def do_complete(self, code, cursor_pos):
        reply = self._server().call("complete", code=code, cursor=cursor_pos) or {}
        return {"status": "ok", "matches": reply.get("matches", []), "metadata": {},
                "cursor_start": reply.get("cursor_start", cursor_pos), "cursor_end": reply.get("cursor_end", cursor_pos)}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._server().call("inspect", code=code, cursor=cursor_pos) or {}
        found = bool(reply.get("found"))
        return {"status": "ok", "found": found, "metadata": {},
                "data": {"text/plain": reply.get("text", "")} if found else {}}

    def do_is_complete(self, code):
        reply = self._server().call("is_complete", code=code) or {}
        status = reply.get("status", "unknown")
        return {"status": status, "indent": "  " if status == "incomplete" else ""}

    def do_shutdown(self, restart):
        self.server.stop()
        return {"status": "ok", "restart": restart}


if __name__ == "__main__":
    IPKernelApp.launch_instance(kernel_class=MKKernel)
"""#

  /// The kernel's logo in JupyterLab's launcher.
  static let logo = """
    <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
    <rect width="64" height="64" rx="12" fill="#4e79a7"/>
    <text x="32" y="42" font-family="DejaVu Sans Mono, monospace" font-size="28" font-weight="bold" \
    text-anchor="middle" fill="#ffffff">mk</text>
    </svg>

    """
}
