"""Synthetic sample reports for the demo and tests (invented events, written for trucewatch).

Each report begins with a line saying it is synthetic. They describe one
invented local truce in Waer (Homs) in May 2019, covering what trucewatch
records: a mediated ceasefire with a start time, an agreement with a
detainee-release term and a partial release, an aid convoy, a shelling after
the ceasefire began, an evacuation by bus, a siege with a population figure,
and an interview given in confidence.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def samples_dir() -> Path:
    return Path(str(resources.files("trucewatch.samples")))


def sample_paths() -> list[Path]:
    """The sample report files, sorted (this package's own Python files excluded)."""
    return sorted(p for p in samples_dir().iterdir() if p.suffix in {".txt", ".html", ".jsonl"})
