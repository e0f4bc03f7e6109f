# -*- coding: utf-8 -*-
"""Recognising uploaded images by their first bytes [assumed: PNG, JPEG, GIF, ICO, SVG]."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# (leading bytes, content type, file extension)
BINARY_SIGNATURES = (
    (b'\x89PNG\r\n\x1a\n', 'image/png', 'png'),
    (b'\xff\xd8\xff', 'image/jpeg', 'jpg'),
    (b'GIF87a', 'image/gif', 'gif'),
    (b'GIF89a', 'image/gif', 'gif'),
    (b'\x00\x00\x01\x00', 'image/x-icon', 'ico'),
)
SVG_TYPE = ('image/svg+xml', 'svg')
# An SVG may open with an XML declaration, a doctype or comments before its root element.
SVG_PREAMBLES = (b'<?xml', b'<!doctype', b'<!--')
SVG_SNIFF_BYTES = 1024
UTF8_BOM = b'\xef\xbb\xbf'


def _looks_like_svg(data):
    head = data[:SVG_SNIFF_BYTES]
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM):]
    head = head.lstrip().lower()
    if head.startswith(b'<svg'):
        return True
    return head.startswith(SVG_PREAMBLES) and b'<svg' in head


def sniff(data):
    """Returns (content type, extension) for a recognised image, else None."""
    for signature, content_type, extension in BINARY_SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    if _looks_like_svg(data):
        return SVG_TYPE
    return None
