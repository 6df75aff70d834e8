"""QR codes as SVG data URIs (for an ``<img src=...>``), made with the qrcode library."""

import base64

import qrcode
import qrcode.image.svg

PREFIX = "data:image/svg+xml;base64,"


def svg_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI (a few ms: call it off the event loop)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return PREFIX + base64.b64encode(image.to_string(encoding="unicode").encode()).decode("ascii")
