"""Renders resources/icon/liaison.svg into the icon files each system needs, beside it.

PNGs at 16 to 512 pixels (the window, the Linux .desktop entry), liaison.ico (Windows: the
executable and the installer) and liaison.icns (macOS: the .app). Run after editing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/package_icons.py

The outputs are committed, so that neither the window nor a build has to render them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icon"
SOURCE = FOLDER / "liaison.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows' .ico stops at 256


def png_path(size: int) -> Path:
    return FOLDER / f"liaison-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"package_icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 2
    for size in SIZES:
        if not render(renderer, size).save(str(png_path(size))):
            print(f"package_icons: could not write {png_path(size)}", file=sys.stderr)
            return 1
    largest = Image.open(png_path(SIZES[-1]))
    # Each size drawn by the renderer at that size, not scaled down from the largest.
    largest.save(
        FOLDER / "liaison.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[Image.open(png_path(s)) for s in ICO_SIZES],
    )
    largest.save(FOLDER / "liaison.icns", append_images=[Image.open(png_path(s)) for s in SIZES[:-1]])
    print(f"Wrote {len(SIZES)} PNGs, liaison.ico and liaison.icns in {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
