#!/usr/bin/python3
"""Rebuilds the slips' fonts from Debian's fonts-dejavu-core with every composite glyph redrawn as a simple outline.

PDFsharp's font subsetter follows composite glyphs one level only (empira/PDFsharp#348), while DejaVu draws Vietnamese
letters with two marks (ộ, ấ, ệ, …) as composites of composites: embedded as subsets, their second mark is lost.
Flattened, every letter is self-contained. Needs python3-fonttools. Usage: ./flatten-composites.py
"""
import os
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/truetype/dejavu"
FACES = ["DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf", "DejaVuSerifCondensed-Italic.ttf"]

for face in FACES:
    font = TTFont(os.path.join(SOURCE, face))
    glyphs = font.getGlyphSet()
    table = font["glyf"]
    flattened = {}
    for name in font.getGlyphOrder():
        if table[name].isComposite():
            recording = DecomposingRecordingPen(glyphs)
            glyphs[name].draw(recording)
            pen = TTGlyphPen(None)
            recording.replay(pen)
            flattened[name] = pen.glyph()
    for name, glyph in flattened.items():
        table[name] = glyph
    font.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), face))
    print(f"{face}: {len(flattened)} composite glyphs flattened")
