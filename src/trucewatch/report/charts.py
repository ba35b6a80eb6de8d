"""Server-side charts: geometry computed here, drawn as SVG by a template (autoescaped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

MAX_BARS = 120


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    start: dt.date
    days: int  # how many days the bar covers
    value: int
    after_start: bool | None  # on/after the marker day (None: no marker)

    @property
    def label(self) -> str:
        if self.days == 1:
            return f"{self.start.isoformat()}: {self.value}"
        last = self.start + dt.timedelta(days=self.days - 1)
        return f"{self.start.isoformat()} – {last.isoformat()}: {self.value}"


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    max_value: int
    first: dt.date
    last: dt.date
    marker_x: float | None  # a vertical line at the marker day (e.g. a ceasefire's start)
    marker_label: str | None
    bin_days: int
    title: str

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def bar_chart(
    counts: Mapping[dt.date, int],
    first: dt.date,
    last: dt.date,
    *,
    title: str,
    marker: dt.date | None = None,
    marker_label: str | None = None,
    width: int = 640,
    height: int = 180,
    bin_days: int = 1,
) -> BarChart:
    """Counts per day from `first` to `last`, binned by `bin_days` (7: weeks from `first`), more
    when needed so there are at most MAX_BARS bars."""
    if last < first:
        first, last = last, first
    days = (last - first).days + 1
    bin_days = max(bin_days, 1, -(-days // MAX_BARS))
    n_bins = -(-days // bin_days)
    values = [0] * n_bins
    for day, n in counts.items():
        if first <= day <= last:
            values[(day - first).days // bin_days] += n
    top = max(values, default=0) or 1
    pad_bottom, pad_top = 20.0, 10.0
    plot_h = height - pad_bottom - pad_top
    step = width / n_bins
    bars = []
    for i, v in enumerate(values):
        start = first + dt.timedelta(days=i * bin_days)
        h = plot_h * v / top
        bars.append(
            Bar(
                x=round(i * step, 2),
                y=round(pad_top + plot_h - h, 2),
                width=round(max(step - 1, 1), 2),
                height=round(h, 2),
                start=start,
                days=min(bin_days, (last - start).days + 1),
                value=v,
                after_start=None if marker is None else start >= marker,
            )
        )
    marker_x = None
    if marker is not None and first <= marker <= last:
        marker_x = round((marker - first).days / bin_days * step, 2)
    return BarChart(
        width,
        height,
        tuple(bars),
        max(values, default=0),
        first,
        last,
        marker_x,
        marker_label,
        bin_days,
        title,
    )
