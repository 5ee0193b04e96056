"""Widths of text in the chart's font, estimated the same on every machine, and text shortened or wrapped to fit.

Widths come from per-character advances of DejaVu Sans (Verdana's are close), so the same view
always gets the same layout, and err on the long side so text never overruns the room it was given.
"""

from __future__ import annotations

from loaders.ellipsis import ELLIPSIS

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
"""The chart's font; text widths are estimated for it."""

# Advance widths (in em) of printable ASCII in DejaVu Sans; Verdana's are close. Other characters
# count as wide as the widest common letter, so estimates err on the long side.
_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_EMS = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318,
    0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838,
    0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656,
    0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611,
    0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634,
    0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592,
    0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
)  # fmt: skip
_ADVANCE = dict(zip(_CHARS, _EMS, strict=True))
_OTHER = 0.8
_SAFETY = 1.08  # fonts differ between browsers and machines: leave room


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` at font ``size`` (never less than the real one by much)."""
    em = sum(_ADVANCE.get(ch, _OTHER) for ch in text)
    return em * size * _SAFETY * (1.11 if bold else 1.0)


def shorten(text: str, max_px: float, size: float) -> str:
    """``text`` cut at a word (else a character) with an ellipsis so it fits ``max_px``; "" if nothing fits."""
    if text_width(text, size) <= max_px:
        return text
    room = max_px - text_width(ELLIPSIS, size)
    out, used = "", 0.0
    for ch in text:
        w = _ADVANCE.get(ch, _OTHER) * size * _SAFETY
        if used + w > room:
            break
        out += ch
        used += w
    cut = out.rstrip()
    if " " in cut and len(cut) > 12:
        cut = cut[: cut.rfind(" ")].rstrip(" ,;:–-")
    return cut + ELLIPSIS if cut else ""


def wrap_text(text: str, max_px: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``max_px`` (a longer word is shortened)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold=bold) > max_px:
            lines.append(line)
            line = word
        else:
            line = candidate
        if text_width(line, size, bold=bold) > max_px:
            line = shorten(line, max_px, size)
    lines.append(line)
    return lines
