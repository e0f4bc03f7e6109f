# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Recognising uploaded images by their first bytes [assumed: PNG, JPEG, GIF, ICO, SVG].

The same table as the collection's plugins/module_utils/contract.py, so both sides agree
on what the API refuses.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# (leading bytes, content type, file extension)
SIGNATURES = (
    (b'\x89PNG\r\n\x1a\n', 'image/png', 'png'),
    (b'\xff\xd8\xff', 'image/jpeg', 'jpg'),
    (b'GIF87a', 'image/gif', 'gif'),
    (b'GIF89a', 'image/gif', 'gif'),
    (b'\x00\x00\x01\x00', 'image/x-icon', 'ico'),
    (b'<svg', 'image/svg+xml', 'svg'),
    (b'<?xml', 'image/svg+xml', 'svg'),
)


def sniff(data):
    """Returns (content type, extension) for a recognised image, else None."""
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    return None
