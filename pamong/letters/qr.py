"""The verification QR code as a reportlab drawing (vector squares from segno's matrix; no image library)."""

import segno
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors


def qr_drawing(url: str, *, size: float) -> Drawing:
    """A square QR code of *url*, *size* points wide, quiet zone included."""
    code = segno.make(url, error="m", micro=False)
    matrix = code.matrix
    border = 2
    modules = len(matrix) + 2 * border
    step = size / modules
    drawing = Drawing(size, size)
    # One rectangle per run of dark modules, a hair taller and wider than the grid, so that viewers that
    # anti-alias each edge show no light seams between modules (a scanner may read seams as light modules).
    overlap = step * 0.04
    for row_index, row in enumerate(matrix):
        y = size - (row_index + border + 1) * step
        col = 0
        while col < len(row):
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            drawing.add(Rect((start + border) * step, y - overlap, (col - start) * step + overlap, step + overlap,
                             fillColor=colors.black, strokeColor=None, strokeWidth=0))
    return drawing
