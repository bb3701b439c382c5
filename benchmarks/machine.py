"""The machine's load while a benchmark runs: the benchmarks share 2 cores with other work,
so each prints the load beside its numbers."""

from __future__ import annotations

import os
import threading


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, as printed beside a measurement."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


class LoadSampler:
    """The highest 1-minute load average seen every few seconds while a run lasts."""

    def __init__(self, every_s: float = 5.0) -> None:
        self.highest = os.getloadavg()[0]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every_s,), daemon=True)
        self._thread.start()

    def _sample(self, every_s: float) -> None:
        while not self._stop.wait(every_s):
            self.highest = max(self.highest, os.getloadavg()[0])

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.highest
