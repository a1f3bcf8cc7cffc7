"""parley/warm_steps.py: the process `parley run` starts beside `airflow dags test`, which
imports the later steps' libraries and runs the steps handed to it; without it a step runs
where it is called. A whole run through it is in test_end_to_end.py."""
from __future__ import annotations

import gc
import operator
import os

import pytest

from parley import warm_steps
from parley.dag_test import GC_YOUNG_THRESHOLD
from parley.failures import ValidationFailed


@pytest.fixture(scope="module")
def warm():
    with open(os.devnull, "w") as log:
        started = warm_steps.WarmSteps(dict(os.environ), log)
        yield started
        started.stop()


@pytest.fixture
def in_warm_env(warm, monkeypatch):
    for name in (warm_steps.ADDRESS_ENV, warm_steps.KEY_ENV):
        monkeypatch.setenv(name, warm.env[name])
    return warm


def test_a_step_runs_in_the_warm_process_and_its_result_comes_back(in_warm_env):
    assert warm_steps.call(os.getpid) == in_warm_env.process.pid
    assert warm_steps.call(operator.add, 2, 3) == 5


def test_the_warm_process_has_imported_the_later_steps_libraries(in_warm_env):
    imported = ("[m for m in ('great_expectations', 'dbt.cli.main', 'matplotlib.pyplot')"
                " if m in __import__('sys').modules]")
    assert warm_steps.call(eval, imported) == ["great_expectations", "dbt.cli.main", "matplotlib.pyplot"]


def test_the_libraries_are_imported_collecting_garbage_less_often(monkeypatch):
    thresholds = []
    monkeypatch.setattr(warm_steps.importlib, "import_module", lambda name: thresholds.append(gc.get_threshold()[0]))
    before = gc.get_threshold()
    warm_steps._import_libraries()
    assert thresholds == [GC_YOUNG_THRESHOLD] * len(warm_steps.LIBRARIES)
    assert gc.get_threshold() == before  # the steps collect as usual


def test_a_steps_failure_comes_back_as_itself(in_warm_env):
    with pytest.raises(ValidationFailed, match="a blocking check"):
        warm_steps.call(exec, "raise ValidationFailed('a blocking check failed')",
                        {"ValidationFailed": ValidationFailed})
    with pytest.raises(ZeroDivisionError):
        warm_steps.call(operator.truediv, 1, 0)
    with pytest.raises(ModuleNotFoundError):  # the warm process cannot import a test module
        warm_steps.call(_here_only)
    with pytest.raises(RuntimeError, match="cannot be sent back"):
        warm_steps.call(eval, "lambda: None")
    assert warm_steps.call(os.getpid) == in_warm_env.process.pid, "a failed step does not end the process"


def _here_only() -> None:
    pass


def test_an_error_that_cannot_travel_is_told_by_name(monkeypatch):
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("no")

    told = warm_steps._picklable(Unpicklable("the detail"))
    assert type(told) is RuntimeError and str(told) == "Unpicklable: the detail"


def test_without_a_warm_process_a_step_runs_here(monkeypatch):
    monkeypatch.delenv(warm_steps.ADDRESS_ENV, raising=False)
    assert warm_steps.call(os.getpid) == os.getpid()


def test_a_warm_process_that_is_gone_leaves_the_step_here(tmp_path, monkeypatch):
    monkeypatch.setenv(warm_steps.ADDRESS_ENV, str(tmp_path / "gone.sock"))
    monkeypatch.setenv(warm_steps.KEY_ENV, "00")
    monkeypatch.setattr(warm_steps, "CONNECT_SECONDS", 0.2)
    assert warm_steps.call(os.getpid) == os.getpid()


def test_the_warm_process_ends_when_parley_run_closes_its_input():
    with open(os.devnull, "w") as log:
        started = warm_steps.WarmSteps(dict(os.environ), log)
        started.stop()
    assert started.process.returncode == 0 and not started.folder.exists()
