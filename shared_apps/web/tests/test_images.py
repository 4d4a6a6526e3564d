"""Decompression bombs are refused from the header, before any pixel is decoded."""

import io
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shared_apps.web import images


def png_header_only(width: int, height: int) -> bytes:
    """A syntactically valid PNG that declares ``width`` x ``height`` with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def bilevel_png(width: int, height: int) -> bytes:
    """A real, fully decodable PNG of ``width`` x ``height``: a few KB on disk, megapixels in memory."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()


def upload(data: bytes, name: str = "bomb.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_crafted_huge_dimension_png_is_refused_with_a_chinese_error():
    with pytest.raises(ValidationError) as caught:
        images.sanitise_image(upload(png_header_only(60_000, 60_000)))
    assert "百万像素" in caught.value.messages[0]


def test_a_79_megapixel_png_is_refused_before_decoding():
    # Below Pillow's own hard limit (2 x 89 MP it only warns): the submission of the pen test.
    data = bilevel_png(8_900, 8_900)
    assert len(data) < 200_000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        images.sanitise_image(upload(data))
    assert time.perf_counter() - started < 0.5
    assert "百万像素" in caught.value.messages[0]


def test_batch_limits_count_bytes_and_total_pixels(monkeypatch):
    small = bilevel_png(100, 100)
    assert images.check_batch([upload(small)] * 2) == []
    assert "9" in images.check_batch([upload(small)] * 10)[0]
    monkeypatch.setattr(images, "MAX_TOTAL_PIXELS", 15_000)
    assert "总尺寸" in images.check_batch([upload(small)] * 2)[0]
    monkeypatch.setattr(images, "MAX_TOTAL_BYTES", len(small))
    assert "总大小" in images.check_batch([upload(small)] * 2)[-1]


def test_an_ordinary_photo_still_goes_through():
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 200)).save(out, format="JPEG")
    clean = images.sanitise_image(SimpleUploadedFile("p.jpg", out.getvalue()), max_side=1920)
    with Image.open(clean) as image:
        assert max(image.size) == 1920


def test_the_api_refuses_a_huge_dimension_png_with_the_pixel_message(world, db, client_for):
    response = client_for("T1").post(
        "/api/v1/voices/submissions/",
        {
            "category": "help",
            "title": "尺寸炸弹",
            "description": "声明六万乘六万像素的图片。",
            "phone": "15880000001",
            "consent": "true",
            "photos": [upload(png_header_only(60_000, 60_000))],
        },
    )
    assert response.status_code == 400
    assert "百万像素" in " ".join(response.json()["error"]["fields"]["photos"])
