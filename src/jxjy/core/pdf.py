"""PDF helpers shared by forms, certificates and invoices: the embedded CJK font.

The font ships with the project (WenQuanYi Micro Hei, TrueType outlines, which ReportLab can
embed); the machine's fonts are never used.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiMicroHei"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"


def register_cjk_font() -> str:
    """Registers the CJK font once per process; returns its name for setFont()."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
    return FONT_NAME
