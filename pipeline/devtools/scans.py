"""Scanned copies of real PDFs, clean or degraded the way an office scanner makes them.

For OCR tests and benchmarks: each page is rendered in grey at the scan resolution and
wrapped, with no text layer, in a new PDF. A `Degradation` adds what a desk scanner and a
printed, stamped copy add: the page a little skewed on the glass, slight blur, sensor
noise, a tinted paper background, JPEG compression (the image is embedded as JPEG, as
scanners do), and on the last page with text a red seal ring over the signature, seen in grey.
Pillow (a dependency of reportlab, the `synth` extra) draws the seal and writes the JPEG.
"""
from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

# Office scanners file documents at 200 dpi.
SCAN_DPI = 200
# Ink of the rendered page (grey level below which a pixel is ink), to place the seal.
INK_LEVEL = 160
# A government seal is 42 mm across; its ring ~1 mm wide.
SEAL_MM, SEAL_RING_MM = 42, 1.0
# The seal's red and how opaque its ink is (stamping ink lets the text show through).
SEAL_RED = (205, 35, 40)
SEAL_OPACITY = (0.7, 0.95)
# A line narrower than this share of the page is a page number, not the signature.
SIGNATURE_MIN_WIDTH = 0.1


@dataclass(frozen=True)
class Degradation:
    """What the scanner does to a page: skew (degrees, counter-clockwise, drawn from the
    range, turned either way at random when `either_way`), blur (Gaussian radius, px), noise
    (grey-level standard deviation), paper (the paper's grey level), JPEG quality, and
    whether the last page with text carries a seal."""

    skew: tuple[float, float] = (0.5, 1.5)
    either_way: bool = True
    blur: float = 0.8
    noise: float = 8.0
    paper: int = 240
    jpeg_quality: int = 70
    seal: bool = True


# The office scan of issue 15: 200 dpi grey, ~1° skew, slight blur and noise, JPEG, a seal.
OFFICE = Degradation()


def scan_pdf(data: bytes, pages: Optional[Sequence[int]] = None, dpi: float = SCAN_DPI,
             degradation: Optional[Degradation] = None, seed: int = 0) -> bytes:
    """A PDF's pages as a scan with no text layer: clean grey images, or degraded (JPEG)."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    last = max((i for i in range(len(src)) if src[i].get_textpage().count_chars()), default=len(src) - 1)
    for i in (range(len(src)) if pages is None else pages):
        width, height = src[i].get_size()
        page = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        bitmap = src[i].render(scale=dpi / 72, grayscale=True)
        if degradation is None:
            image.set_bitmap(bitmap)
        else:
            gray = np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height, bitmap.width)
            jpeg = degrade(gray, rng, degradation, dpi, sealed=degradation.seal and i == last)
            image.load_jpeg(io.BytesIO(jpeg), inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def degrade(gray: np.ndarray, rng: random.Random, how: Degradation, dpi: float, sealed: bool) -> bytes:
    """One page image as the scanner gives it, JPEG-encoded."""
    from PIL import Image, ImageFilter

    if sealed:
        gray = add_seal(gray, rng, dpi)
    tinted = (gray.astype(np.float32) * (how.paper / 255)).astype(np.uint8)
    angle = rng.uniform(*how.skew) * (rng.choice((-1, 1)) if how.either_way else 1)
    im = Image.fromarray(tinted).rotate(angle, resample=Image.BICUBIC, fillcolor=how.paper)
    im = im.filter(ImageFilter.GaussianBlur(how.blur))
    noise = np.random.default_rng(rng.randrange(2 ** 32)).normal(0, how.noise, gray.shape)
    noisy = np.array(im, dtype=np.float32) + noise
    buf = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=how.jpeg_quality,
                                                                   dpi=(dpi, dpi))
    return buf.getvalue()


def add_seal(gray: np.ndarray, rng: random.Random, dpi: float) -> np.ndarray:
    """The page with a red seal ring stamped over its last text line (the signature), in grey.

    The seal is a ring, a five-pointed star and, round the upper arc, the glyphs of the
    page's first line (cut from the page itself: no CJK font is needed).
    """
    from PIL import Image, ImageDraw

    h, w = gray.shape
    radius = int(SEAL_MM / 2 / 25.4 * dpi)
    ring = max(2, int(SEAL_RING_MM / 25.4 * dpi))
    lines = text_lines(gray)
    signature = [line for line in lines if line[3] - line[2] > SIGNATURE_MIN_WIDTH * w]
    a, b, _, x1 = signature[-1] if signature else (h // 2, h // 2, w // 2, w // 2)
    cx = min(max(x1 - radius + rng.randint(-radius // 3, radius // 3), radius), w - radius - 1)
    cy = min(max((a + b) // 2, radius), h - radius - 1)
    alpha = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(alpha)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=255, width=ring)
    star = radius * 0.32
    draw.polygon([(cx + star * (1 if k % 2 == 0 else 0.4) * math.cos(-math.pi / 2 + k * math.pi / 5),
                   cy + star * (1 if k % 2 == 0 else 0.4) * math.sin(-math.pi / 2 + k * math.pi / 5))
                  for k in range(10)], fill=255)
    if lines:
        top, bottom, left, right = lines[0]
        size = bottom - top
        glyphs = [gray[top:bottom, x:x + size] for x in range(left, right - size + 1, size)][:12]
        g = int(radius * 0.28)
        for k, glyph in enumerate(glyphs):
            angle = math.radians(-150 + 120 * (k + 0.5) / len(glyphs))
            im = Image.fromarray(255 - glyph).resize((g, g)).rotate(-math.degrees(angle) - 90, expand=True)
            px = int(cx + (radius - ring - g * 0.7) * math.cos(angle) - im.width / 2)
            py = int(cy + (radius - ring - g * 0.7) * math.sin(angle) - im.height / 2)
            under = np.array(alpha.crop((px, py, px + im.width, py + im.height)))
            alpha.paste(Image.fromarray(np.maximum(under, np.array(im))), (px, py))
    share = np.array(alpha, dtype=np.float32)[..., None] / 255 * rng.uniform(*SEAL_OPACITY)
    rgb = np.repeat(gray[..., None], 3, axis=2).astype(np.float32)
    rgb = rgb * (1 - share) + np.minimum(rgb, np.array(SEAL_RED, dtype=np.float32)) * share
    return np.array(Image.fromarray(rgb.astype(np.uint8), "RGB").convert("L"))


def text_lines(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of each line of ink on a page, top to bottom."""
    rows = np.flatnonzero((gray < INK_LEVEL).any(axis=1))
    out = []
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1) if rows.size else []:
        cols = np.flatnonzero((gray[band[0]:band[-1] + 1] < INK_LEVEL).any(axis=0))
        out.append((int(band[0]), int(band[-1]) + 1, int(cols[0]), int(cols[-1]) + 1))
    return out
