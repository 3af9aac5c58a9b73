"""External programs (LibreOffice, antiword, Tesseract) run with a time limit.

Each runs in its own process group, so that the group is killed when the limit
passes or when the caller is interrupted (a batch worker's per-document alarm):
LibreOffice's launcher starts soffice.bin as a child, which killing the launcher
alone would leave running.
"""
from __future__ import annotations

import os
import signal
import subprocess
from typing import Optional

from .base import ReadError


def run_tool(command: list[str], path: str, timeout: float, tool: str,
             env: Optional[dict[str, str]] = None) -> subprocess.CompletedProcess:
    """Run `command` on behalf of document `path`; `ReadError` naming `tool` if it cannot start or hangs.

    `env` adds to (or overrides) the environment the program inherits.
    """
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, **env} if env else None)
    except OSError as exc:
        raise ReadError(path, f"cannot run {tool} ({exc})", "ToolMissing") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise ReadError(path, f"{tool} took longer than {timeout:g} s on this document", "ToolTimeout") from None
    except BaseException:  # interrupted (alarm, Ctrl-C): do not leave the program running
        _kill(proc)
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()
