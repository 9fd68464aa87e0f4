"""A Jupyter server extension: start the kernel of the notebook a lab opens on while the page loads.

JupyterLab asks the server for a notebook's kernel only once its front end has loaded and the
notebook is in the page (4.5-5 s after `make lab` starts, on 2 cores), and then waits for the
kernel to start (0.5-0.6 s from its POST /api/sessions to an idle kernel). Its SessionContext
first looks for a running session with the notebook's path and connects to it when there is one
(JupyterLab 4.6: `SessionContext._initialize` in @jupyterlab/apputils: `refreshRunning()`, then
`find(running, s => s.path === this._path)`, `connectTo`). So this extension creates that
session, through the server's own session manager, as soon as the server runs: the kernel starts
while the browser is still loading JupyterLab, and the notebook connects to it (0.1-0.2 s from
looking for the session to an idle kernel). Measured gain: docs/performance.md, issue 16.

Which notebook: the one the lab is started on (`jupyter lab lessons/00_start_here.ipynb`, which is
what `make lab` and `python -m backmice lab` run: the server's ``file_to_run``), or
``--BackmiceLabStart.notebook=<path relative to the root>``. Without either it does nothing.
backmice.labconfig loads it (`lab_args(prestart_kernel=True)`, its default, so the launcher's lab
has it); the browser tests' labs do not load it unless asked (tests/jupyterlab_harness.py's
``notebook=``, which `make bench`'s launch uses to start exactly what `make lab` starts).

It never stops the server: a notebook that does not exist or cannot be read, a kernel that is not
installed or cannot start and a session that already exists for the path are logged and left
alone (JupyterLab then starts the kernel itself, as without this extension). The kernel is the one
the notebook's metadata asks for (``metadata.kernelspec.name``), else the server's default.
A kernel that nobody has talked to yet when the server stops (still "starting") is killed rather
than interrupted and asked to shut down: it may still be importing, and an interrupt would print
a KeyboardInterrupt traceback into the learner's terminal; it has run no code of anyone's.
It imports nothing that a running Jupyter server has not already imported.
"""

from __future__ import annotations

import asyncio
import json
import os
import posixpath
import signal

from jupyter_server._tz import utcnow
from jupyter_server.extension.application import ExtensionApp
from traitlets import Unicode

NAME = "backmice.labstart"


def _jupyter_server_extension_points():
    return [{"module": NAME, "app": BackmiceLabStart}]


def kernel_name_of(os_path: str) -> str | None:
    """The kernel a notebook file asks for in its metadata (None: the server's default). Plain JSON:
    nbformat's validation would cost more than the whole extension saves."""
    with open(os_path, encoding="utf-8") as f:
        metadata = json.load(f).get("metadata") or {}
    name = (metadata.get("kernelspec") or {}).get("name")
    return name if isinstance(name, str) and name else None


async def _maybe_await(value):
    if hasattr(value, "__await__"):
        return await value
    return value


async def start_session(serverapp, path: str) -> str | None:
    """Create the session JupyterLab would create for ``path``; its kernel id, or None when none
    was started (every failure is logged, never raised)."""
    log = serverapp.log
    try:
        path = path.strip("/")
        contents = serverapp.contents_manager
        sessions = serverapp.session_manager
        if not await _maybe_await(contents.file_exists(path)):
            log.warning("backmice.labstart: no notebook %s under %s; its kernel starts when it is opened",
                        path, serverapp.root_dir)
            return None
        if await sessions.session_exists(path=path):
            log.info("backmice.labstart: %s already has a session; not starting another", path)
            return None
        os_path = contents._get_os_path(path) if hasattr(contents, "_get_os_path") else \
            os.path.join(serverapp.root_dir, *path.split("/"))
        try:
            kernel_name = kernel_name_of(os_path)
        except (OSError, ValueError, AttributeError) as exc:
            log.warning("backmice.labstart: cannot read %s (%s); using the default kernel", path, exc)
            kernel_name = None
        if kernel_name is not None:
            specs = await _maybe_await(serverapp.kernel_spec_manager.get_all_specs())
            if kernel_name not in specs:
                log.warning("backmice.labstart: %s asks for kernel %r, which is not installed; "
                            "not starting one", path, kernel_name)
                return None
        kernels = serverapp.kernel_manager
        factory = getattr(kernels, "kernel_manager_factory", None)
        if factory is not None:
            # jupyter_server 2.21 lists a kernel (/api/status, /api/kernels) a moment before it
            # sets the kernel's last_activity, and answers 500 in between; at a server's start
            # someone is polling /api/status (our browser tests, Binder). Only for this start,
            # each new kernel manager gets the values jupyter_server sets right after.
            def _with_activity(*args, **kwargs):
                km = factory(*args, **kwargs)
                km.last_activity, km.execution_state, km.reason = utcnow(), "starting", ""
                return km

            kernels.kernel_manager_factory = _with_activity
        try:
            # name and type as JupyterLab's notebook context sends them (file name, "notebook")
            model = await sessions.create_session(path=path, name=posixpath.basename(path),
                                                  type="notebook", kernel_name=kernel_name)
        finally:
            if factory is not None:
                kernels.kernel_manager_factory = factory
        kernel_id = model["kernel"]["id"]
        log.info("backmice.labstart: started kernel %s (%s) for %s", kernel_id,
                 model["kernel"].get("name"), path)
        return kernel_id
    except Exception as exc:  # noqa: BLE001  (a kernel that cannot start must not stop the server)
        log.warning("backmice.labstart: could not start a kernel for %s: %s: %s", path,
                    type(exc).__name__, exc)
        return None


class BackmiceLabStart(ExtensionApp):
    """Starts the kernel of the notebook the lab opens on, once the server's event loop runs."""

    name = NAME
    load_other_extensions = True

    notebook = Unicode("", config=True,
                       help="API path (relative to the server's root, with /) of the notebook whose "
                            "kernel is started as soon as the server runs; empty: the notebook the "
                            "server was started on (ServerApp.file_to_run), if any.")

    _task = None

    def notebook_path(self) -> str | None:
        """The API path of the notebook to start a kernel for, or None."""
        if self.notebook:
            return self.notebook.strip("/")
        serverapp = self.serverapp
        if not serverapp.file_to_run:
            return None
        relative = os.path.relpath(os.path.abspath(serverapp.file_to_run), os.path.abspath(serverapp.root_dir))
        if relative.startswith(os.pardir):
            return None  # jupyter_server itself refuses a file outside its root
        return relative.replace(os.sep, "/")

    async def _start_jupyter_server_extension(self, serverapp):
        try:
            path = self.notebook_path()
            if not path:
                self.log.info("backmice.labstart: started on no notebook; no kernel to start")
                return
            # not awaited here: the server starts the other extensions meanwhile
            self._task = asyncio.ensure_future(start_session(serverapp, path))
        except Exception as exc:  # noqa: BLE001
            self.log.warning("backmice.labstart: not started: %s: %s", type(exc).__name__, exc)

    async def stop_extension(self):
        """Before the server shuts its kernels down: kill ours if nobody has talked to it yet."""
        try:
            if self._task is None:
                return
            kernel_id = await self._task
            kernels = self.serverapp.kernel_manager
            if kernel_id is None or kernel_id not in kernels:
                return
            km = kernels.get_kernel(kernel_id)
            if getattr(km, "execution_state", None) == "starting" and hasattr(signal, "SIGKILL"):
                # jupyter_client interrupts a kernel before any shutdown, even shutdown(now=True)
                await _maybe_await(km.signal_kernel(signal.SIGKILL))
                await kernels.shutdown_kernel(kernel_id, now=True)
        except Exception as exc:  # noqa: BLE001
            self.log.warning("backmice.labstart: stopping: %s: %s", type(exc).__name__, exc)
