"""PNG error-budget burn-down chart of one SLO (matplotlib, headless)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from slo.report import SloResult


def burn_down_png(result: SloResult, points: Sequence[tuple[float, float]], path: Path) -> Path:
    """Budget left (%) against days into the window, with the ideal straight-line burn."""
    import matplotlib

    matplotlib.use("Agg")  # no display: CI runners and servers
    from matplotlib import pyplot as plt

    days = result.spec.window.seconds / 86400
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    try:
        xs = [p[0] / 86400 for p in points]
        ax.plot(xs, [p[1] * 100 for p in points], marker=".", label="budget left")
        ax.plot([0, days], [100, 0], linestyle="--", color="grey", label="steady burn (1x)")
        ax.axhline(0, color="red", linewidth=1)
        ax.set_xlim(0, days)
        ax.set_xlabel(f"days into the {result.spec.window} window")
        ax.set_ylabel("error budget left (%)")
        ax.set_title(f"{result.spec.name}: objective {result.spec.objective * 100:g}%, status {result.status}")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower left")
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
    return path
