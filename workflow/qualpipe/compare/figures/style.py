"""The figures' one style: journal column widths, Okabe-Ito colours, DejaVu Sans at 7-8 pt."""

from __future__ import annotations

from typing import Any

from cycler import cycler
from matplotlib.typing import RcKeyType

from qualpipe.common.style import PALETTE

SINGLE_COLUMN = 85 / 25.4  # inches
DOUBLE_COLUMN = 175 / 25.4
MARKERS = ("o", "s", "D", "^", "v", "P")
COLORMAP = "cividis"
GREY = "#BBBBBB"
INK = "#222222"
STYLE: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 7,
    "axes.labelsize": 7,
    "axes.titlesize": 8,
    "figure.titlesize": 8,
    "figure.labelsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=PALETTE),
    "grid.color": "#E0E0E0",
    "grid.linewidth": 0.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.pad": 2.0,
    "ytick.major.pad": 2.0,
    "lines.linewidth": 0.8,
    "lines.markersize": 4.0,
    "lines.markeredgewidth": 0.5,
    "legend.frameon": False,
    "legend.handlelength": 1.6,
    "legend.columnspacing": 1.5,
    "image.cmap": COLORMAP,
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "figure.constrained_layout.h_pad": 0.03,
    "figure.constrained_layout.w_pad": 0.03,
    "savefig.dpi": 300,
    "savefig.facecolor": "white",
    # Text as TrueType in PDF stays editable for the journal's typesetters; SVG text as
    # paths looks the same without the font installed.
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    # Fixed salt: SVG element ids are otherwise random, and the file changes on every run.
    "svg.hashsalt": "qualpipe",
}
ROW_HEIGHT = 0.15  # inches per label row: 7 pt text with air
