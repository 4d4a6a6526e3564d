"""Uploaded photos: checked by content, bounded in size, re-encoded, metadata (EXIF, GPS) dropped.

Decompression bombs: a few kilobytes of PNG can declare tens of thousands of pixels a side, and
decoding is what costs (a 79-megapixel PNG is ~240 MB of RGB and seconds of CPU). Pillow's own
guard (`Image.MAX_IMAGE_PIXELS`) only warns up to twice its limit, so the size is read from the
header right after `Image.open` and refused before any pixel is decoded. A whole submission is
bounded too (`check_batch`): how many images, their total bytes and their total pixels, all read
from headers before the first one is decoded.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_BYTES = 10 * 1024 * 1024
# One image: 40 megapixels covers every phone camera's default mode (12-24 MP) with room to spare.
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560
# One submission: at most this many images, bytes and decoded pixels in all.
MAX_IMAGES = 9
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_TOTAL_PIXELS = 120_000_000

# Anything else in the process that opens an image refuses at twice this instead of at 2 x 89 MP.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Probe:
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def _too_big() -> ValidationError:
    return ValidationError(
        _("图片尺寸过大（不超过 %(mp)s 百万像素），请压缩或截图后再上传。") % {"mp": MAX_PIXELS // 1_000_000},
        code="image_too_large",
    )


def probe(upload: UploadedFile) -> Probe:
    """Format and dimensions from the file header; refuses a non-image or an oversized one.

    Nothing is decoded here: `Image.open` reads the header only, and `verify` checks the
    structure (chunk checksums for PNG) without decompressing pixel data.
    """
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("图片不能超过 %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found = Probe(image.format or "", *image.size)
            if found.pixels > MAX_PIXELS or found.width <= 0 or found.height <= 0:
                raise _too_big()
            image.verify()
    except Image.DecompressionBombError as exc:
        raise _too_big() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("文件不是有效的图片")) from exc
    if found.format not in ALLOWED_FORMATS:
        raise ValidationError(_("只支持 JPEG、PNG、WebP、GIF 图片"))
    return found


def check_batch(uploads: Sequence[UploadedFile], *, max_images: int = MAX_IMAGES) -> list[str]:
    """Every problem of a set of uploads, from headers only (empty when all may be decoded)."""
    if len(uploads) > max_images:
        return [_("最多上传%(n)s张图片。") % {"n": max_images}]
    errors: list[str] = []
    pixels = 0
    for upload in uploads:
        try:
            pixels += probe(upload).pixels
        except ValidationError as exc:
            errors.extend(exc.messages)
    if sum(upload.size or 0 for upload in uploads) > MAX_TOTAL_BYTES:
        errors.append(_("图片总大小不能超过 %(mb)s MB。") % {"mb": MAX_TOTAL_BYTES // (1024 * 1024)})
    elif not errors and pixels > MAX_TOTAL_PIXELS:
        errors.append(_("图片总尺寸过大，请减少图片数量或压缩后再上传。"))
    return errors


def sanitise_image(upload: UploadedFile, *, max_side: int = MAX_SIDE) -> ContentFile:
    """A new JPEG (or PNG where transparency matters) rebuilt from the pixels alone."""
    fmt = probe(upload).format
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if fmt == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale straight away when the target is smaller.
                image.draft("RGB", (max_side, max_side))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            keep_alpha = image.mode in ("RGBA", "LA", "P") and fmt in ("PNG", "GIF", "WEBP")
            clean = Image.new("RGBA" if keep_alpha else "RGB", image.size)
            clean.paste(image.convert("RGBA" if keep_alpha else "RGB"))
    except Image.DecompressionBombError as exc:
        raise _too_big() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("文件不是有效的图片")) from exc
    out = io.BytesIO()
    if keep_alpha:
        clean.save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")
