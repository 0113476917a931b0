"""The QR drawing on the letters holds exactly segno's modules for the verification address (quiet zone kept)."""

import segno

from pamong.letters.qr import qr_drawing


def test_the_drawing_covers_exactly_the_dark_modules():
    url = "https://pamong.example.go.id/verify/abcdefghijklmnopqrstuvwxyzABCDEF/"
    matrix = segno.make(url, error="m", micro=False).matrix
    size, border = 200.0, 2
    step = size / (len(matrix) + 2 * border)
    drawing = qr_drawing(url, size=size)

    dark = set()
    for rect in drawing.contents:
        row = round((size - rect.y - step) / step) - border
        first = round(rect.x / step) - border
        for col in range(first, first + round(rect.width / step)):
            dark.add((row, col))
    expected = {(r, c) for r, line in enumerate(matrix) for c, cell in enumerate(line) if cell}

    assert dark == expected
    assert drawing.width == drawing.height == size
