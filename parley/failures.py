"""Failures the later steps raise, in a module that imports nothing heavy: the task that
catches one (or receives it from parley.warm_steps) need not import Great Expectations or dbt."""
from __future__ import annotations


class ValidationFailed(Exception):
    """A blocking expectation failed (parley.validate)."""


class DbtFailed(Exception):
    """`dbt build` or `dbt docs generate` failed (parley.transform)."""
