"""Uploaded photos: checked by content, bounded in size, re-encoded, metadata (EXIF, GPS) dropped."""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560


def sanitise_image(upload: UploadedFile, *, max_side: int = MAX_SIDE) -> ContentFile:
    """A new JPEG (or PNG where transparency matters) rebuilt from the pixels alone."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("图片不能超过 %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format
            probe.verify()
        if fmt not in ALLOWED_FORMATS:
            raise ValidationError(_("只支持 JPEG、PNG、WebP、GIF 图片"))
        upload.seek(0)
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            keep_alpha = image.mode in ("RGBA", "LA", "P") and fmt in ("PNG", "GIF", "WEBP")
            clean = Image.new("RGBA" if keep_alpha else "RGB", image.size)
            clean.paste(image.convert("RGBA" if keep_alpha else "RGB"))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError(_("文件不是有效的图片")) from exc
    out = io.BytesIO()
    if keep_alpha:
        clean.save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")
