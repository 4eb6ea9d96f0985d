"""Print the metric-matched fallback ``@font-face`` rules of ``core/css/site.css``.

Text is painted in a local font until Noto Sans arrives (``font-display: swap``, no preload). Each
fallback face is scaled (``size-adjust``) so that Vietnamese text has the web font's average advance,
and its ascent and descent are set to Noto Sans's, so the swap does not re-wrap or move the text.
Averages are weighted by the letter frequencies of the reference article (seed page).

Needs fontTools and brotli outside the project's environment, and the fallback fonts' files::

    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools brotli
    cd /tmp && apt-get download fonts-liberation2 fonts-roboto-unhinted && for f in *.deb; do dpkg-deb -x $f x; done
    /tmp/ft/bin/python scripts/font_fallbacks.py --fonts /tmp/x/usr/share/fonts/truetype /usr/share/fonts/truetype
"""

from __future__ import annotations

import argparse
import collections
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parent.parent
WEB_FONT = ROOT / "src/cong/core/static/core/fonts/noto-sans-latin-wght-normal.woff2"
SAMPLE = ROOT.parent / "shared/seeds/000_8a31eafaeb81a6bd.txt"
# family in site.css: (local names of the regular face, of the bold face, regular file, bold file)
FALLBACKS = {
    "Cong Arial": (
        ("Arial", "ArialMT", "Liberation Sans", "LiberationSans", "Arimo"),
        ("Arial Bold", "Arial-BoldMT", "Liberation Sans Bold", "LiberationSans-Bold", "Arimo Bold"),
        "LiberationSans-Regular.ttf",  # Arial's advance widths, by design
        "LiberationSans-Bold.ttf",
    ),
    "Cong Roboto": (
        ("Roboto", "Roboto-Regular"),
        ("Roboto Bold", "Roboto-Bold"),
        "Roboto-Regular.ttf",
        "Roboto-Bold.ttf",
    ),
    "Cong DejaVu": (
        ("DejaVu Sans", "DejaVuSans"),
        ("DejaVu Sans Bold", "DejaVuSans-Bold"),
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
    ),
}
WEIGHTS = {400: "100 549", 700: "550 900"}


def letter_frequencies(text: str) -> collections.Counter[str]:
    """Base letters of the text (diacritics do not change an advance)."""
    decomposed = unicodedata.normalize("NFD", text)
    return collections.Counter(c for c in decomposed if c.isprintable() and not unicodedata.combining(c))


def average_advance(font: TTFont, frequencies: collections.Counter[str]) -> float:
    """Frequency-weighted advance width, in em."""
    cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    total = count = 0
    for char, n in frequencies.items():
        glyph = cmap.get(ord(char))
        if glyph is not None:
            total += hmtx[glyph][0] * n
            count += n
    return total / count / upm


def vertical_metrics(font: TTFont) -> tuple[float, float, float]:
    """Ascent, descent and line gap in em, as browsers read them (typo metrics when USE_TYPO_METRICS)."""
    upm, os2, hhea = font["head"].unitsPerEm, font["OS/2"], font["hhea"]
    if os2.fsSelection & (1 << 7):
        return os2.sTypoAscender / upm, -os2.sTypoDescender / upm, os2.sTypoLineGap / upm
    return hhea.ascent / upm, -hhea.descent / upm, hhea.lineGap / upm


def find(name: str, folders: list[Path]) -> Path:
    for folder in folders:
        for path in folder.rglob(name):
            return path
    raise SystemExit(f"{name} not found under {', '.join(map(str, folders))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts", nargs="+", type=Path, default=[Path("/usr/share/fonts/truetype")])
    args = parser.parse_args()
    frequencies = letter_frequencies(SAMPLE.read_text(encoding="utf-8"))
    web = {}
    for weight in WEIGHTS:
        instance = instancer.instantiateVariableFont(TTFont(WEB_FONT), {"wght": weight})
        web[weight] = (average_advance(instance, frequencies), vertical_metrics(instance))
    for family, (regular_names, bold_names, regular_file, bold_file) in FALLBACKS.items():
        for weight, names, file in ((400, regular_names, regular_file), (700, bold_names, bold_file)):
            size = web[weight][0] / average_advance(TTFont(find(file, args.fonts)), frequencies)
            ascent, descent, gap = (m / size * 100 for m in web[weight][1])
            sources = ", ".join(f'local("{n}")' for n in names)
            print(
                f'@font-face {{ font-family: "{family}"; src: {sources}; font-weight: {WEIGHTS[weight]}; '
                f"size-adjust: {size * 100:.2f}%; ascent-override: {ascent:.2f}%; "
                f"descent-override: {descent:.2f}%; line-gap-override: {gap:.2f}%; }}"
            )


if __name__ == "__main__":
    main()
