"""How every benchmark reports: each figure's median over the runs (BENCH_RUNS, 3 by
default), its runs, and the reference measured in the same run, with their ratio."""

import os
import statistics

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def report(name: str, unit: str, project: list[float], reference: list[float]) -> None:
    """The medians of the runs, and their ratio."""
    ours, theirs = statistics.median(project), statistics.median(reference)
    print(
        f"{name}: {ours:.3f} {unit} (runs {', '.join(f'{v:.3f}' for v in project)})"
        f" | reference {theirs:.3f} {unit} (runs {', '.join(f'{v:.3f}' for v in reference)})"
        f" | ratio {ours / theirs:.2f}",
        flush=True,
    )
