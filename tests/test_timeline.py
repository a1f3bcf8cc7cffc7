"""bench/timeline.py splits a run's CPU seconds into its steps and the time outside them."""
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from timeline import cpu_between  # noqa: E402


def test_cpu_is_counted_per_process_between_two_moments_including_processes_that_started_later():
    # each sample: (seconds after the start, {pid: that process's CPU seconds so far})
    run = {"samples": [(0.0, {1: 0.1}), (1.0, {1: 1.0}), (2.0, {1: 1.5, 2: 0.8}), (3.0, {1: 2.0, 2: 1.8})]}
    assert cpu_between(run, 1.0, 3.0) == (2.0 - 1.0) + 1.8
    assert cpu_between(run, 0.5, 2.5) == (1.5 - 0.1) + 0.8  # from the last sample at or before each moment
    assert cpu_between(run, -1.0, 9.0) == 2.0 + 1.8
