"""A process that imports the later steps' libraries while Airflow starts, then runs those steps.

`parley run` executes the DAG with `airflow dags test`, which runs every task in one process,
one after another: Airflow's start and a small extraction keep one core busy and the other
idle, and then the same process imports Great Expectations, dbt and matplotlib before the
steps that need them. `parley run` starts this process beside `dags test`: it imports them on
the idle core, then waits for the validation, transform and report steps, which hand it their
work (`call`) when its address is in PARLEY_WARM_STEPS and do it themselves otherwise (a
scheduler or Celery worker, tests). It ends when `parley run` closes its standard input.

    python -m parley.warm_steps ADDRESS     # the key in PARLEY_WARM_STEPS_KEY
"""
from __future__ import annotations

import gc
import importlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from multiprocessing.connection import Client, Listener
from pathlib import Path
from typing import IO, Callable

from parley.dag_test import collect_garbage_less_often

ADDRESS_ENV = "PARLEY_WARM_STEPS"
KEY_ENV = "PARLEY_WARM_STEPS_KEY"
# What the later steps import (matplotlib and networkx: the report's charts).
LIBRARIES = ("parley.validate", "parley.transform", "parley.dq_report", "matplotlib.pyplot", "matplotlib.dates",
             "networkx")
# A step may come before the process listens (it has just started): how long to try.
CONNECT_SECONDS = 10.0


def available() -> bool:
    return bool(os.environ.get(ADDRESS_ENV))


def import_unless_warm(*modules: str) -> None:
    """Import what a step needs here, before the step (its gc.freeze() then covers what the
    import built), unless the warm process runs the step."""
    if not available():
        for name in modules:
            importlib.import_module(name)


def call(function: Callable, *args):
    """`function(*args)` in the warm process when there is one (its result or its exception
    comes back), else here. The function and its arguments must pickle: a module-level
    function of a module light to import, and plain values."""
    connection = _connect() if available() else None
    if connection is None:
        return function(*args)
    with connection:
        connection.send((function, args))
        try:
            failed, answer = connection.recv()
        except (EOFError, ConnectionError):
            raise RuntimeError(f"the warm steps process ended while it ran {function.__qualname__}") from None
    if failed:
        raise answer
    return answer


def _connect():
    """A connection to the warm process; None when it cannot be reached (it ended)."""
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return Client(os.environ[ADDRESS_ENV], family="AF_UNIX", authkey=os.environ[KEY_ENV].encode())
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                print(f"parley: no warm steps process at {os.environ[ADDRESS_ENV]}: the step runs here",
                      file=sys.stderr)
                return None
            time.sleep(0.1)


class WarmSteps:
    """The warm process as `parley run` starts and ends it."""

    def __init__(self, env: dict, log: IO) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="parley-warm-"))  # a short path: a socket's is limited
        self.env = {**env, ADDRESS_ENV: str(self.folder / "steps.sock"), KEY_ENV: os.urandom(16).hex()}
        self.process = subprocess.Popen([sys.executable, "-m", "parley.warm_steps", self.env[ADDRESS_ENV]],
                                        env=self.env, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def serve(address: str, key: bytes) -> None:
    """Listen first (a step that connects meanwhile waits for the imports), import, then run
    the steps one at a time until standard input closes."""
    listener = Listener(address, family="AF_UNIX", authkey=key)
    threading.Thread(target=_exit_when_stdin_closes, name="stdin-watch", daemon=True).start()
    _import_libraries()
    while True:
        gc.freeze()  # as parley.pipeline.step does: what is imported and loaded stays
        with listener.accept() as connection:
            connection.send_bytes(_answer(connection.recv_bytes()))


def _import_libraries() -> None:
    """The later steps' libraries, collecting garbage less often meanwhile, as `dags test` does
    (parley/dag_test.py): most of what they build lives for the run. Default again after."""
    threshold = gc.get_threshold()
    collect_garbage_less_often()
    for name in LIBRARIES:
        try:
            importlib.import_module(name)
        except Exception:  # the step's own import shows the failure
            traceback.print_exc()
    gc.set_threshold(*threshold)


def _answer(request: bytes) -> bytes:
    """The pickled (failed, result or error) of the call a request asks for."""
    try:
        function, args = pickle.loads(request)
        answer = (False, function(*args))
    except Exception as error:
        traceback.print_exc()
        answer = (True, _picklable(error))
    try:
        return pickle.dumps(answer)
    except Exception as error:
        return pickle.dumps((True, RuntimeError(f"the step's result cannot be sent back: {error}")))


def _picklable(error: Exception) -> Exception:
    """The error itself when it survives pickling, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def _exit_when_stdin_closes() -> None:
    sys.stdin.buffer.read()
    sys.stdout.flush()
    os._exit(0)  # no collection of what the libraries built, as at the end of a run


if __name__ == "__main__":
    serve(sys.argv[1], os.environ[KEY_ENV].encode())
