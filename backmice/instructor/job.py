"""One submission to grade: what the batch hands a grader (through the fork server, as JSON).

:class:`GradingJob` is built by :mod:`batch` (one per submission, again for a second attempt)
and read by :mod:`worker` in the grading process. It crosses the process boundary as one line
of JSON (:meth:`GradingJob.to_json`, :meth:`GradingJob.from_json`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class GradingJob:
    """Everything a grader needs to grade one student's submission of one assignment."""

    root: str                          # the course folder
    assignment: str
    student: str
    course_id: str
    db_url: str                        # the private gradebook this grader writes into
    dir: str                           # the job's own folder (progress, logs, sockets, result)
    submitted: str = "submitted"       # folders of the course, relative to root
    autograded: str = "autograded"
    id: str = ""                       # job-0001 (the fork server answers with it)
    work: str = ""                     # the batch's temporary folder
    template: str = ""                 # the gradebook every private one is copied from
    extension: float | None = None     # seconds of extension given to this submission
    env: dict[str, str] = field(default_factory=dict)  # the grader's whole environment
    memory: int | None = None          # bytes of address space per process
    max_output: int = 0                # bytes of output before the kernel is stopped (0: no cap)
    startup_timeout: int = 60          # seconds to wait for the kernel to start
    fingerprint: str = ""              # of the submission's files, for the ledger
    no_sandbox: bool = False           # --no-sandbox: the student's code runs unprotected
    sandbox_checked: bool = False      # the batch found that the sandbox starts here
    attempt: int = 1
    config_root: str | None = None     # where nbgrader_config.py is read (default: root)
    no_execute: bool = False           # the fork server's warm-up: no kernel

    @property
    def folder(self) -> Path:
        return Path(self.dir)

    @property
    def result(self) -> Path:
        """Where the grader writes its result (JSON)."""
        return Path(self.dir) / "result.json"

    @property
    def progress(self) -> Path:
        """Where the grader writes the cell it is running."""
        return Path(self.dir) / "progress"

    def but(self, **changes) -> "GradingJob":
        return replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> "GradingJob":
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
