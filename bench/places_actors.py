"""Gazetteer load time and place/actor matching speed over the eval texts.

Run: .venv/bin/python bench/places_actors.py [EVAL_DIR]
Prints figures; asserts nothing (speed is not a unit test).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from trucewatch.extract.actors import find_actors
from trucewatch.extract.gazetteer import Gazetteer
from trucewatch.extract.places import find_places


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "eval"
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(root.glob("dev*/*.json"))]
    if not texts:
        sys.exit(f"no eval texts under {root}")
    t0 = time.perf_counter()
    g = Gazetteer.default()
    load = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    rounds = 20
    t0 = time.perf_counter()
    for _ in range(rounds):
        places = [find_places(t, g) for t in texts]
    place_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(rounds):
        found = [find_actors(t, p) for t, p in zip(texts, places, strict=True)]
    actor_s = time.perf_counter() - t0
    print(f"gazetteer: {len(g):,} places, {len(g.index):,} names, loaded in {load:.2f} s")
    print(
        f"texts: {len(texts)} ({words:,} words), "
        f"{sum(map(len, places))} place and {sum(map(len, found))} actor mentions"
    )
    print(
        f"places: {words * rounds / place_s:,.0f} words/s   actors: {words * rounds / actor_s:,.0f} words/s"
    )


if __name__ == "__main__":
    main()
