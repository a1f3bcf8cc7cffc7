"""Timeline of one `parley run`: when each step starts and ends, and what each process does.

    .venv/bin/python bench/timeline.py --input DIR --warehouse W.duckdb [--every 0.2] [--bin 1]

It starts `parley run` and samples its processes every `--every` seconds (psutil): each one's
CPU seconds, and the run's progress file. It prints each step's start and end (seconds after
the run began), then per `--bin` seconds the cores each kind of process used: `cli` (`parley
run`), `airflow` (the `dags test` process, where the tasks run), `workers` (extraction
workers, and the forkserver that starts them) and `warm` (parley/warm_steps.py, where the
later steps run). On shared cores, CPU seconds say more than
wall times: the sum of the processes' CPU is printed too, and each step's, and that of the
time outside any step (Airflow's start, the gaps between tasks, the imports before a step).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import psutil

PARLEY = str(Path(sys.executable).with_name("parley"))
BY_DEPTH = ("cli", "airflow", "workers")  # below `parley run`
KINDS = (*BY_DEPTH, "warm")  # warm: the later steps' process (parley/warm_steps.py)


def sample_run(input_dir: Path, warehouse: Path, every: float) -> dict:
    """Run `parley run`; its wall time, its processes' CPU seconds at each sample, and its progress."""
    scratch = warehouse.with_name(warehouse.name + ".parley")
    started = time.time()
    run = subprocess.Popen([PARLEY, "run", "--input", str(input_dir), "--warehouse", str(warehouse)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(run.pid)
    samples, kinds, progress = [], {}, []
    while run.poll() is None:
        cpu = {}
        for process in _tree(root):
            try:
                times = process.cpu_times()
                kinds.setdefault(process.pid, _kind(process, root.pid))
            except psutil.Error:
                continue
            cpu[process.pid] = times.user + times.system
        samples.append((time.time() - started, cpu))
        progress = _progress(scratch) or progress  # `parley run` removes its file at the end
        time.sleep(every)
    return {"wall": time.time() - started, "returncode": run.returncode, "samples": samples, "kinds": kinds,
            "steps": _steps(progress, started)}


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _kind(process: psutil.Process, root_pid: int) -> str:
    if "parley.warm_steps" in process.cmdline():
        return "warm"
    depth = 0
    while process.pid != root_pid and depth < len(BY_DEPTH) - 1:
        process, depth = process.parent(), depth + 1
    return BY_DEPTH[depth]


def _progress(scratch: Path) -> list[dict]:
    for path in scratch.glob("progress-*.jsonl"):
        return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]
    return []


def _steps(progress: list[dict], started: float) -> dict[str, list[float]]:
    """Each step's first start and last end, in seconds after the run began."""
    steps = {}
    for event in progress:
        at = datetime.fromisoformat(event["at"]).timestamp() - started
        if event.get("state") == "running":
            steps.setdefault(event["step"], [at, at])
        elif event.get("state") == "done" and event["step"] in steps:
            steps[event["step"]][1] = at
    return steps


def cores_by_bin(run: dict, width: float) -> dict[int, dict[str, float]]:
    """Per bin of `width` seconds, the cores each kind of process used."""
    last, bins = {}, {}
    for at, cpu in run["samples"]:
        used = bins.setdefault(int(at // width), dict.fromkeys(KINDS, 0.0))
        for pid, seconds in cpu.items():
            used[run["kinds"][pid]] += (seconds - last.get(pid, 0.0)) / width
            last[pid] = seconds
    return bins


def cpu_between(run: dict, start: float, end: float) -> float:
    """CPU seconds the run's processes used from the last sample at or before `start` to the
    last at or before `end` (a sample's figure is each process's CPU so far)."""
    def so_far(at: float) -> dict[int, float]:
        seen = {}
        for when, cpu in run["samples"]:
            if when > at:
                break
            seen.update(cpu)
        return seen

    before, after = so_far(start), so_far(end)
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def print_timeline(run: dict, width: float) -> None:
    total = cpu_between(run, -1.0, run["wall"] + 1)
    print(f"wall {run['wall']:.1f} s, exit {run['returncode']}, CPU of the run's processes {total:.1f} s")
    in_steps = 0.0
    for name, (start, end) in run["steps"].items():
        cpu = cpu_between(run, start, end)
        in_steps += cpu
        print(f"  {name:18} {start:7.1f} -> {end:7.1f}  ({end - start:.1f} s, CPU {cpu:.1f} s)")
    print(f"  outside the steps: CPU {total - in_steps:.1f} s")
    last = {pid: cpu for _at, sample in run["samples"] for pid, cpu in sample.items()}  # each one's last figure
    by_kind = {kind: sum(cpu for pid, cpu in last.items() if run["kinds"][pid] == kind) for kind in KINDS}
    print("  CPU by process: " + ", ".join(f"{kind} {cpu:.1f} s" for kind, cpu in by_kind.items()))
    print(f"{'at s':>6}  {'steps':28} " + " ".join(f"{kind:>8}" for kind in KINDS))
    for number, used in sorted(cores_by_bin(run, width).items()):
        steps = ",".join(name for name, (start, end) in run["steps"].items()
                         if start < (number + 1) * width and end >= number * width)
        print(f"{number * width:6.0f}  {steps:28} " + " ".join(f"{used[kind]:8.2f}" for kind in KINDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--bin", type=float, default=1.0, help="seconds per line of the timeline")
    args = parser.parse_args()
    print_timeline(sample_run(args.input, args.warehouse.resolve(), args.every), args.bin)


if __name__ == "__main__":
    main()
