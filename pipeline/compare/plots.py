"""Charts of the region roll-ups (`xxgk compare OUT --plot DIR`), as PNG and SVG.

A coverage heatmap (region × year: share of the expected agencies that published, each cell
annotated published/expected) and one trend chart per metric (a line per region). Region names
are Chinese, so a CJK font must be present (Debian: fonts-noto-cjk); without one `NoCJKFont` is
raised rather than drawing empty boxes (and `CannotPlot` without matplotlib, the `plot` extra).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from .regions import LEVEL_NAMES

# CJK families tried in order (Debian fonts-noto-cjk first, then common desktop fonts).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC")
# Font files searched for those families when matplotlib's font cache predates their install.
_CJK_FILE_HINTS = ("CJK", "wqy", "SourceHan", "simhei", "msyh", "PingFang")
# Regions drawn in a trend chart: the ones with the most reports (more lines cannot be told apart).
MAX_TREND_REGIONS = 10
FORMATS = ("png", "svg")
TREND_METRICS = ("requests", "disclosure_rate", "refusal_rate", "unable_rate", "review_correction_rate",
                 "suit_correction_rate")


class CannotPlot(RuntimeError):
    """Plots cannot be drawn on this machine (matplotlib or a CJK font is missing)."""


class NoCJKFont(CannotPlot):
    """No font able to draw Chinese labels is installed."""


def cjk_font() -> str:
    """The family name of an installed CJK font, registering font files matplotlib has not cached."""
    try:
        from matplotlib import font_manager as fm
    except ImportError:
        raise CannotPlot("plots need matplotlib: pip install 'xxgk[plot]'") from None

    def known() -> set[str]:
        return {f.name for f in fm.fontManager.ttflist}

    names = known()
    if not any(f in names for f in CJK_FAMILIES):
        for path in fm.findSystemFonts():
            if any(h.lower() in Path(path).name.lower() for h in _CJK_FILE_HINTS):
                fm.fontManager.addfont(path)
        names = known()
    for family in CJK_FAMILIES:
        if family in names:
            return family
    raise NoCJKFont("no CJK font is installed, so the Chinese labels of the plots cannot be drawn: install one "
                    "(Debian: apt-get install fonts-noto-cjk) — looked for " + ", ".join(CJK_FAMILIES))


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [cjk_font(), "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "xxgk"  # stable ids: the same data gives the same SVG
    return plt


def _save(fig, out: Path, stem: str) -> list[Path]:
    written = []
    for fmt in FORMATS:
        path = out / f"{stem}.{fmt}"
        fig.savefig(path, dpi=130, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else None)
        written.append(path)
    return written


def coverage_heatmap(coverage: pd.DataFrame, out: Path) -> list[Path]:
    """Region × year: published / expected agencies, as colour and as text."""
    plt = _pyplot()
    regions = list(dict.fromkeys(coverage["region"]))
    years = sorted(coverage["year"].unique())
    share = coverage.pivot(index="region", columns="year", values="published").reindex(regions)
    expected = coverage.pivot(index="region", columns="year", values="expected").reindex(regions)
    fig, ax = plt.subplots(figsize=(1.0 + 0.62 * len(years), 1.2 + 0.38 * len(regions)))
    image = ax.imshow((share / expected).to_numpy(dtype=float), cmap="YlGn", vmin=0, vmax=1, aspect="auto")
    for i in range(len(regions)):
        for j in range(len(years)):
            ax.text(j, i, f"{int(share.iat[i, j])}/{int(expected.iat[i, j])}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(years)), [str(y) for y in years], rotation=90)
    ax.set_yticks(range(len(regions)), regions)
    level = LEVEL_NAMES[coverage["level"].iloc[0]]
    ax.set_title(f"年报发布覆盖（按{level}）：已发布 / 应发布机关数")
    fig.colorbar(image, ax=ax, fraction=0.03, label="已发布占比")
    written = _save(fig, out, "coverage_heatmap")
    plt.close(fig)
    return written


def metric_trends(metrics: pd.DataFrame, out: Path, names: Sequence[str] = TREND_METRICS) -> list[Path]:
    """One chart per metric: its pooled value per year, a line per region (the regions with most reports)."""
    plt = _pyplot()
    written = []
    for name in names:
        part = metrics[(metrics["metric"] == name) & metrics["value"].notna()]
        if part.empty:
            continue
        top = part.groupby("region")["reports"].sum().sort_values(ascending=False).index[:MAX_TREND_REGIONS]
        fig, ax = plt.subplots(figsize=(7, 4))
        years = range(int(part["year"].min()), int(part["year"].max()) + 1)
        for region in top:  # a year without a value breaks the line
            line = part[part["region"] == region].set_index("year")["value"].reindex(years)
            ax.plot(list(years), line.to_numpy(dtype=float), marker="o", label=region)
        ax.set_title(f"{part['label'].iloc[0]}（{name}）按地区、年度")
        ax.set_xlabel("报告年度")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=7, loc="best")
        written += _save(fig, out, f"trend_{name}")
        plt.close(fig)
    return written


def write_plots(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """The heatmap and trend charts of the region roll-up tables (`rollup.region_tables`)."""
    cjk_font()  # fail before creating anything
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if not tables["regions_coverage"].empty:
        written += coverage_heatmap(tables["regions_coverage"], out)
    written += metric_trends(tables["regions_metrics"], out)
    return written
