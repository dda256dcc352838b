"""Photos, really opened: Pillow verifies the file, then it is opened again, turned upright by
its EXIF orientation and encoded afresh, so that no EXIF (GPS location, the device), XMP, ICC
or text chunk of the original survives, only the pixels."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

MAX_PIXELS = 50_000_000  # a 50-megapixel photo; more is a decompression bomb, not evidence
JPEG_QUALITY = 90
JPEG_MODES = ("L", "RGB", "CMYK")


def reencoded(data: bytes, pillow_format: str, label: str, field: str) -> bytes:
    """DATA (a JPEG or PNG file) as a new file of PILLOW_FORMAT holding only its pixels."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as probe:
                _check_pixels(probe, field)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                image.load()
                return _encode(ImageOps.exif_transpose(image) or image, pillow_format)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError({field: too_many_pixels()}) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(
                {field: f"The selected file could not be opened as a {label}: it may be damaged"}
            ) from None


def too_many_pixels() -> str:
    return f"The selected photo must be smaller than {MAX_PIXELS // 1_000_000} megapixels"


def _check_pixels(image: Image.Image, field: str) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError({field: too_many_pixels()})


def _encode(image: Image.Image, pillow_format: str) -> bytes:
    # Only the transparency of a palette image is kept of the original's information.
    kept = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    image.info = {}
    out = io.BytesIO()
    if pillow_format == "JPEG":
        if image.mode not in JPEG_MODES:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG", **kept)
    return out.getvalue()
