"""The languages the generator can write, one folder each, every one filling in the
`generator.target.Target` contract. Only the command line picks one; the stages it
runs are handed the target and import nothing from here."""

from __future__ import annotations

from ..target import Target
from .python import TARGET as PYTHON

__all__ = ["PYTHON", "TARGETS"]

TARGETS: dict[str, Target] = {PYTHON.name: PYTHON}
