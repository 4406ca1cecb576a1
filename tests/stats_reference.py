"""Reference implementations for tests: plain loops, no shared code with regioplan.stats."""

from __future__ import annotations


def naive_spearman(x: list[float], y: list[float]) -> float:
    """Pearson correlation of average ranks, by explicit loops."""

    def ranks(v: list[float]) -> list[float]:
        out = []
        for a in v:
            below = sum(1 for b in v if b < a)
            equal = sum(1 for b in v if b == a)
            out.append(below + (equal + 1) / 2)
        return out

    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return float(cov / (vx * vy) ** 0.5)
