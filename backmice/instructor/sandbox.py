"""Every kernel that runs a student's code while grading runs in a sandbox (bubblewrap).

:class:`SandboxedKernelManager` is the kernel manager of nbgrader's Execute step when it
autogrades: the course's ``nbgrader_config.py`` calls :func:`install` (nbgrader's Execute passes
its own kernel manager class, which wins over ``c.Execute.kernel_manager_class``), and
``backmice-course grade`` sets it in its own Execute step, so ``backmice-course grade``, plain
``nbgrader autograde`` and Formgrader's autograde button all start their kernels through it. Each kernel runs under ``bwrap`` (Debian's ``bubblewrap``: no daemon, unprivileged where user
namespaces are enabled) with:

- its own user, mount, PID, network, IPC, UTS and cgroup namespaces (``--unshare-all``), no
  further user namespaces inside (``--disable-userns``), a new session (no terminal to type into),
  killed with its grader (``--die-with-parent``; its PID namespace ends with its first process);
- a root of its own in which only the Python environment, the course package and its public
  ``assets/`` are visible, read-only, with the system's ``/usr`` (and ``/etc/ld.so.cache``); the
  course folder, other submissions, the gradebook, the exchange, home folders and every
  ``nbgrader_config.py`` are not there at all;
- one writable place, ``/box`` (the kernel's working folder, its HOME and ``/tmp`` live there): a
  tmpfs of ``disk`` bytes that vanishes with the sandbox, plus ``/dev/shm`` (a quarter of that;
  and ``/tmp`` gets a quarter of its own when the environment itself lives under ``/tmp``), so
  the only thing that comes back is what the kernel sends its grader (the executed notebook's
  outputs);
- no network: an empty network namespace. The kernel talks to its grader through Unix sockets in
  ``/box``, which the grader reaches through ``/proc/<pid>/root`` (the sandbox's own files);
- a clean environment (``--clearenv``): no ``BACKMICE_ROOT``, no gradebook URL, no credentials;
- limits set inside the sandbox before the kernel starts: address space (``memory``), processes
  and threads (``processes``: a fork bomb), size of any one file (``file_size``), CPU seconds per
  process (``cpu_seconds``).

When the grader runs as root (a CI machine, a container), bwrap runs privileged, without a user
namespace, keeps only the capabilities to hand ``/box`` over, and the kernel becomes an unused,
unprivileged user id of its own before it starts: a limit on processes does not hold for root.

What a kernel ran into is written down (:func:`look_inside`) and named by the grader in plain words
(:mod:`backmice.instructor.worker`). ``SandboxedKernelManager.enabled = False`` (what
``backmice-course grade --no-sandbox`` sets) starts kernels unprotected, as nbgrader does.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, Unicode

BOX = "/box"  # the sandbox's one writable folder (inside the sandbox)
KERNEL_SOCKETS = f"{BOX}/kernel"  # the kernel's Unix sockets: /box/kernel-<port>
CONNECTION_FILE = f"{BOX}/connection.json"

DEFAULT_MEMORY = 4 << 30       # bytes of address space per process
DEFAULT_PROCESSES = 256        # processes and threads of the sandbox's user
DEFAULT_FILE_SIZE = 64 << 20   # bytes per file
DEFAULT_DISK = 128 << 20       # bytes in /box (working folder, /tmp, /dev/shm together)
DEFAULT_CPU = 300              # CPU seconds per process

# Environment variables a kernel keeps (everything else is cleared).
KEPT_ENV = ("LANG", "LC_ALL", "TZ", "PYTHONWARNINGS", "BACKMICE_VALIDATE_FIGURES")

# How the sandbox ended when a limit stopped its kernel (bwrap exits with 128 + the signal):
# SIGXCPU at the CPU limit; SIGKILL from inside (CPU_GRACE s past it, or the kernel's OOM killer).
CPU_GRACE = 5
LIMIT_EXIT = {128 + 24: "cpu", 128 + 9: "killed"}

INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf "
                "install bubblewrap)")
USERNS_HINT = ("user namespaces must be enabled for the grading account (Debian/Ubuntu: sudo sysctl -w "
               "kernel.unprivileged_userns_clone=1, and on Ubuntu 24.04 or later also "
               "kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile for bwrap; "
               "in a container: allow user namespaces, e.g. docker run --security-opt seccomp=unconfined)")


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine; the message says what is missing."""


# --- what the sandbox is made of --------------------------------------------------------------

def _bwrap() -> str | None:
    return shutil.which("bwrap") or next((p for p in ("/usr/bin/bwrap", "/bin/bwrap") if os.access(p, os.X_OK)), None)


def _sandbox_user() -> tuple[int, int] | None:
    """(uid, gid) the kernel becomes when this process is root: a user id of its own, unused by
    anyone, so that its limit on processes counts its own processes only (a limit on processes
    does not hold for root at all, and a shared ``nobody`` would let one sandbox's fork bomb
    starve the others)."""
    if os.geteuid() != 0:
        return None
    import secrets

    uid = 1_500_000_000 + secrets.randbelow(500_000_000)
    return uid, uid


def _package_dirs() -> list[str]:
    """The course package, read-only, and beside it its public assets/ (``backmice.paths``
    finds the course's assets next to the package when nothing else says where they are)."""
    import backmice

    package = os.path.realpath(os.path.dirname(backmice.__file__))
    parent = os.path.dirname(package)
    return [package, os.path.join(parent, "assets")]


def _python_dirs() -> list[str]:
    dirs = []
    for prefix in (sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix):
        real = os.path.realpath(prefix)
        if real not in dirs:
            dirs.append(real)
    return dirs


def _system_dirs() -> list[tuple[str, str]]:
    """[(kind, path)]: the system's programs and libraries, ``kind`` "symlink" or "dir"."""
    out = []
    for name in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            out.append(("symlink", name))
        elif os.path.isdir(name):
            out.append(("dir", name))
    for name in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/alternatives"):
        if os.path.exists(name):
            out.append(("dir", name))
    return out


def _covered(path: str, binds: list[str]) -> bool:
    return any(path == b or path.startswith(b.rstrip("/") + "/") for b in binds)


class Plan:
    """The bwrap command for one kernel, with the descriptors it needs passed to it."""

    def __init__(self, *, memory: int, processes: int, file_size: int, disk: int, cpu: int,
                 env: dict[str, str] | None = None):
        self.fds: list[int] = []
        self.args: list[str] = []
        self.memory, self.processes, self.file_size, self.disk, self.cpu = memory, processes, file_size, disk, cpu
        self.env = env or {}
        self.user = _sandbox_user()
        root = self.env.get("BACKMICE_ROOT")  # the grader's course folder, never shown as such
        self.course_assets = os.path.join(root, "assets") if root else None

    def _fd(self, path: str) -> int:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        self.fds.append(fd)
        return fd

    def _ro(self, path: str) -> None:
        self.args += ["--ro-bind", path, path]

    def build(self, command: list[str], connection_file: str | None, info_fd: int | None) -> list[str]:
        bwrap = _bwrap()
        if not bwrap:
            raise SandboxUnavailable(f"the grading sandbox needs bubblewrap (bwrap), which is not installed: {INSTALL_HINT}")
        a = self.args = [bwrap]
        prlimit, setpriv = (shutil.which(n, path="/usr/bin:/bin") for n in ("prlimit", "setpriv"))
        tools = prlimit and (setpriv or not self.user)
        if self.user:  # root: no user namespace; the kernel becomes a user of its own before it starts
            a += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                  "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                  *([] if tools else ["--cap-add", "CAP_CHOWN"])]
        else:
            a += ["--unshare-all", "--unshare-user", "--disable-userns"]
        a += ["--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
        bound: list[str] = []
        for kind, path in _system_dirs():
            if kind == "symlink":
                a += ["--symlink", os.readlink(path), path]
            else:
                self._ro(path)
                bound.append(path)
        mine = []
        for path in [*_python_dirs(), *_package_dirs()]:
            if os.path.exists(path) and not _covered(path, bound) and not _covered(path, mine):
                mine.append(path)
        # /tmp: normally a link to /box/tmp (one allowance for all); when the environment itself
        # lives under /tmp (a clone in `mktemp -d`), a small tmpfs of its own, made before the
        # environment is shown inside it
        tmp_mount = any(_covered(path, ["/tmp"]) for path in mine)
        if tmp_mount:
            a += ["--size", str(max(1 << 20, self.disk // 4)), "--tmpfs", "/tmp"]
        for path in mine:
            self._ro(path)
            bound.append(path)
        package, assets = _package_dirs()
        course_env = {}
        if not _covered(os.path.dirname(package), bound):
            # an editable install (make lab): the package sits in the course folder, where
            # backmice.paths looks for assets/ and lessons/; only those two are there
            a += ["--dir", os.path.join(os.path.dirname(package), "lessons")]
        elif self.course_assets and os.path.isdir(self.course_assets):
            # installed into the environment: show the course's public assets at /course
            a += ["--ro-bind", self.course_assets, "/course/assets", "--dir", "/course/lessons"]
            bound.append("/course/assets")
            course_env["BACKMICE_ROOT"] = "/course"
        # the folders bwrap made on the way to each bind are its own (mode 0700): let the kernel
        # (a user id of its own, under root) walk through them
        made = sorted({str(parent) for path in bound for parent in Path(path).parents
                       if str(parent) != "/" and not _covered(str(parent), bound)}, key=len)
        for folder in made:
            a += ["--chmod", "0755", folder]
        a += ["--proc", "/proc", "--dev", "/dev",
              "--size", str(self.disk), "--tmpfs", BOX,
              "--dir", f"{BOX}/work", "--dir", f"{BOX}/home", "--dir", f"{BOX}/tmp",
              *([] if tmp_mount else ["--symlink", f"{BOX}/tmp", "/tmp"]),
              # shared memory: a small tmpfs of its own; the rest of /dev read-only
              "--size", str(max(1 << 20, self.disk // 4)), "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
        if connection_file:
            a += ["--file", str(self._fd(connection_file)), CONNECTION_FILE]
        if info_fd is not None:
            a += ["--info-fd", str(info_fd)]
        env = {"HOME": f"{BOX}/home", "TMPDIR": f"{BOX}/tmp", "USER": "student", "LOGNAME": "student",
               "JPY_PARENT_PID": "1",  # the sandbox's first process: ipykernel need not watch it
               "PATH": os.pathsep.join([os.path.join(sys.prefix, "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
               "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "agg",
               "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               **{k: v for k, v in self.env.items() if k in KEPT_ENV}, **course_env}
        for key, value in sorted(env.items()):
            a += ["--setenv", key, value]
        own = [BOX, f"{BOX}/work", f"{BOX}/home", f"{BOX}/tmp", "/dev/shm", *(["/tmp"] if tmp_mount else [])]
        if tools:
            # util-linux's prlimit (and setpriv under root): a few milliseconds, where starting
            # Python to do the same costs about 17 ms of CPU per submission
            if self.user:
                for folder in own:  # the kernel's own user may write there, nowhere else
                    a += ["--chmod", "1777", folder]
            a += ["--remount-ro", "/", "--chdir", f"{BOX}/work", "--"]
            if self.user:
                uid, gid = self.user
                a += [setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--inh-caps=-all", "--"]
            # CPU: SIGXCPU at the limit (it ends the kernel), SIGKILL 5 s later if that was ignored
            a += [prlimit, f"--as={self.memory}", f"--nproc={self.processes}", f"--fsize={self.file_size}",
                  f"--cpu={self.cpu}:{self.cpu + CPU_GRACE}", "--core=0", "--", *command]
            return a
        a += ["--remount-ro", "/", "--chdir", f"{BOX}/work", "--"]
        limits = {"AS": self.memory, "NPROC": self.processes, "FSIZE": self.file_size, "CPU": self.cpu,
                  "CORE": 0}
        setup = {"limits": limits, "user": list(self.user) if self.user else None, "own": own}
        a += [sys.executable, "-I", "-S", "-c", _SETUP, json.dumps(setup), *command]
        return a


# Where util-linux's prlimit or setpriv is missing, run inside the sandbox before the kernel: set
# the limits (the one on processes counts this sandbox's own user namespace only because it is
# set inside it); under root, give /box to the kernel's own user id and become it; then become
# the kernel.
_SETUP = """\
import json, os, resource, sys
setup = json.loads(sys.argv[1])
for name, value in setup["limits"].items():
    resource.setrlimit(getattr(resource, "RLIMIT_" + name), (value, value + (5 if name == "CPU" else 0)))
if setup["user"]:
    uid, gid = setup["user"]
    for path in setup["own"]:
        os.chown(path, uid, gid)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
os.execv(sys.argv[2], sys.argv[2:])
"""


def probe(timeout: float = 30) -> str | None:
    """None if a sandbox starts on this machine; else a plain sentence saying what is missing."""
    if not _bwrap():
        return f"the grading sandbox needs bubblewrap (bwrap), which is not installed: {INSTALL_HINT}"
    plan = Plan(memory=DEFAULT_MEMORY, processes=DEFAULT_PROCESSES, file_size=DEFAULT_FILE_SIZE,
                disk=DEFAULT_DISK, cpu=DEFAULT_CPU)
    try:
        cmd = plan.build(["/bin/true"], None, None)
        result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
                                pass_fds=plan.fds, close_fds=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"the grading sandbox (bwrap) could not be started ({exc}): {USERNS_HINT}"
    finally:
        for fd in plan.fds:
            os.close(fd)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        return (f"the grading sandbox (bwrap) cannot start here ({said[-1] if said else f'exit status {result.returncode}'}): "
                + USERNS_HINT)
    return None


_probed: dict[str, str | None] = {}


def checked() -> None:
    """Record that the sandbox starts here (the batch probed it before forking graders)."""
    _probed["result"] = None


def check() -> None:
    """Raise :class:`SandboxUnavailable` (once per process) if the sandbox cannot start here."""
    if "result" not in _probed:
        _probed["result"] = probe()
    if _probed["result"]:
        raise SandboxUnavailable(_probed["result"])


# --- the kernel manager -------------------------------------------------------------------------

class SandboxedKernelManager(AsyncKernelManager):
    """nbgrader's kernel manager (AsyncKernelManager), whose kernels run in a bubblewrap sandbox
    (see the module's doc)."""

    enabled = Bool(True, help="Run kernels in the sandbox (False: unprotected, as plain nbgrader)").tag(config=True)
    memory = Integer(DEFAULT_MEMORY, help="Bytes of address space per process in the sandbox").tag(config=True)
    processes = Integer(DEFAULT_PROCESSES, help="Processes and threads in the sandbox").tag(config=True)
    file_size = Integer(DEFAULT_FILE_SIZE, help="Bytes per file written in the sandbox").tag(config=True)
    disk = Integer(DEFAULT_DISK, help="Bytes the sandbox may write in all (its folder, /tmp, /dev/shm)").tag(config=True)
    cpu_seconds = Integer(DEFAULT_CPU, help="CPU seconds per process in the sandbox").tag(config=True)
    report_path = Unicode("", help="File to write what the sandbox saw (JSON lines; the grader reads it)").tag(config=True)

    _sandbox_pid: int | None = None

    def _note(self, **what) -> None:
        if self.report_path:
            with open(self.report_path, "a") as fh:
                fh.write(json.dumps(what) + "\n")

    async def _async_pre_start_kernel(self, **kw):
        if self.enabled:
            check()
            # sockets in the sandbox's /box; after the start, the grader reaches them from outside
            self.transport = "ipc"
            self.ip = KERNEL_SOCKETS
            self.cache_ports = False
            # a signal to the sandbox's outer process would not reach the kernel: ask the kernel
            # to interrupt itself (ipykernel does, on its control channel)
            self.kernel_spec.interrupt_mode = "message"
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.enabled:
            real = os.path.realpath(self.connection_file)
            cmd = [CONNECTION_FILE if part == real else part for part in cmd]
        return cmd

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if not self.enabled:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        plan = Plan(memory=self.memory, processes=self.processes, file_size=self.file_size, disk=self.disk,
                    cpu=self.cpu_seconds, env=kw.get("env") or os.environ)
        info_r, info_w = os.pipe()
        try:
            cmd = plan.build(list(kernel_cmd), os.path.realpath(self.connection_file), info_w)
            process = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin"}, cwd="/",
                close_fds=True, pass_fds=[*plan.fds, info_w], start_new_session=True)
        finally:
            os.close(info_w)
            for fd in plan.fds:
                os.close(fd)
        try:
            child = _read_child_pid(info_r, process)
        finally:
            os.close(info_r)
        prov = self.provisioner
        prov.process, prov.pid = process, process.pid
        try:
            prov.pgid = os.getpgid(process.pid)
        except OSError:
            prov.pgid = None
        prov.cwd = kw.get("cwd")
        self._reconcile_connection_info(prov.connection_info)
        # from here on the grader connects through the sandbox's own root
        self._sandbox_pid = child
        self.ip = f"/proc/{child}/root{KERNEL_SOCKETS}"
        self._note(event="started", pid=child)

    def sandbox_state(self) -> dict:
        """What the sandbox looks like now (its disk use, its processes): for the grader."""
        return look_inside(self._sandbox_pid, self.disk, self.processes)

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False):
        if self.enabled and self._sandbox_pid:
            seen = self.sandbox_state()
            if seen:
                self._note(event="end", **seen)
        return await super()._async_shutdown_kernel(now=now, restart=restart)

    # AsyncKernelManager binds its public names to KernelManager's coroutines: bind ours
    shutdown_kernel = _async_shutdown_kernel

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        if self.enabled and self._sandbox_pid and self.provisioner is not None:
            process = getattr(self.provisioner, "process", None)
            code = process.poll() if process is not None else None
            if code is not None:
                self._note(event="exit", status=code)
        try:
            await super()._async_cleanup_resources(restart=restart)
        except OSError:
            pass

    cleanup_resources = _async_cleanup_resources


def install() -> None:
    """Make nbgrader's Autograde start every kernel through :class:`SandboxedKernelManager`
    (called by the course's ``nbgrader_config.py``, so plain ``nbgrader autograde`` and
    Formgrader's autograde button are covered).

    Why not only ``c.Execute.kernel_manager_class``: nbgrader's Execute passes its own
    ``kernel_manager_class`` to nbclient, which wins over configuration. Only autograding is
    sandboxed: ``nbgrader validate`` (a student checking their own notebook) is left as it is."""
    from nbgrader.converters import autograde
    from nbgrader.preprocessors import Execute

    if getattr(autograde.Autograde._init_preprocessors, "_backmice_sandbox", False):
        return
    original = autograde.Autograde._init_preprocessors

    def _init_preprocessors(self) -> None:
        original(self)
        for pp in self.exporter._preprocessors:
            if isinstance(pp, Execute) and not issubclass(pp.kernel_manager_class, SandboxedKernelManager):
                pp.kernel_manager_class = SandboxedKernelManager

    _init_preprocessors._backmice_sandbox = True
    autograde.Autograde._init_preprocessors = _init_preprocessors


def _read_child_pid(fd: int, process: subprocess.Popen, timeout: float = 60) -> int:
    data, deadline = b"", time.monotonic() + timeout
    while b"}" not in data:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0.0, left))
        if not ready:
            process.kill()
            raise SandboxUnavailable("the grading sandbox (bwrap) did not start within a minute")
        chunk = os.read(fd, 4096)
        if not chunk:
            code = process.wait()
            raise SandboxUnavailable(f"the grading sandbox (bwrap) stopped while starting (exit status {code}): "
                                     + USERNS_HINT)
        data += chunk
    return int(json.loads(data[:data.index(b"}") + 1])["child-pid"])


def _tasks_below(pid: int) -> tuple[int, float]:
    """(processes and threads, CPU seconds used) at or below ``pid`` (the sandbox's first
    process). The CPU time is read here because the kernel is killed, never waited for, by its
    grader: it would not show in the grader's own accounting."""
    import psutil

    from . import procs

    count, cpu = 0, 0.0
    for p in [pid, *procs.descendants(pid)]:
        try:
            proc = psutil.Process(p)
            with proc.oneshot():
                count += proc.num_threads()
                times = proc.cpu_times()
            cpu += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            pass
    return count, cpu


def look_inside(pid: int | None, disk: int, processes: int) -> dict:
    """{"disk_full": bool, "processes": n, "process_limit": bool} for a running sandbox."""
    if not pid:
        return {}
    out = {}
    try:
        st = os.statvfs(f"/proc/{pid}/root{BOX}")
        free = st.f_bavail * st.f_frsize
        out["disk_free"] = free
        out["disk_full"] = free < min(disk // 20, 1 << 20) + 1
    except OSError:
        pass
    tasks, cpu = _tasks_below(pid)
    out["tasks"] = tasks
    out["process_limit"] = tasks >= processes - 4
    out["cpu"] = cpu
    return out
