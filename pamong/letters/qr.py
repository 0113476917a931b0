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
    for row_index, row in enumerate(matrix):
        y = size - (row_index + border + 1) * step
        for col_index, cell in enumerate(row):
            if cell:
                drawing.add(Rect((col_index + border) * step, y, step, step, fillColor=colors.black,
                                 strokeColor=None, strokeWidth=0))
    return drawing
