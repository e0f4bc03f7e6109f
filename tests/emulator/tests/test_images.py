# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organization favicon and logo: multipart uploads, served back unchanged without a token."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
import requests

ORGS = '/api/v2.0/organizations/'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00\x00\x00\rIHDR' + bytes(range(256))
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'
SIGNATURES = [
    (PNG, 'image/png'),
    (b'\xff\xd8\xff\xe0JFIF', 'image/jpeg'),
    (b'GIF89a\x01\x00', 'image/gif'),
    (b'\x00\x00\x01\x00\x01\x00', 'image/x-icon'),
    (SVG, 'image/svg+xml'),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'),
]


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


def test_multipart_upload_and_download(api):
    response = api.post(ORGS, data={'label': 'acme', 'properties': '{"a": [1]}', 'isActive': 'false'},
                        files={'favicon': ('icon.png', PNG, 'image/png')})
    assert response.status_code == 201, response.text
    org = response.json()
    assert org['properties'] == {'a': [1]} and org['isActive'] is False and org['logo'] is None
    assert sorted(org['favicon']) == ['h36', 'h50', 'raw']
    for url in org['favicon'].values():
        assert url.startswith(api.base_url + '/')
        image = requests.get(url, timeout=10)  # no token, as from a CDN
        assert image.status_code == 200
        assert image.content == PNG
        assert image.headers['Content-Type'] == 'image/png'


@pytest.mark.parametrize('data,content_type', SIGNATURES)
def test_accepted_signatures(api, data, content_type):
    api.create_org('acme')
    response = api.patch(ORGS + '~acme', files={'logo': ('file.bin', data, 'application/octet-stream')})
    assert response.status_code == 200, response.text
    image = requests.get(response.json()['logo']['raw'], timeout=10)
    assert (image.content, image.headers['Content-Type']) == (data, content_type)


@pytest.mark.parametrize('data', [b'hello world', b'  <svg/>', b'\x89PNX', b'BM\x00\x00'])
def test_not_an_image_is_refused_on_that_field(api, data):
    response = api.post(ORGS, data={'label': 'acme'}, files={'logo': ('x.png', data, 'image/png')})
    assert response.status_code == 400
    assert response.json() == validation({'logo': ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.']})
    empty = api.post(ORGS, data={'label': 'acme'}, files={'logo': ('x.png', b'', 'image/png')})
    assert empty.json() == validation({'logo': ['The submitted file is empty.']})


def test_json_can_only_clear_an_image(api):
    api.create_org('acme')
    response = api.patch(ORGS + '~acme', json={'favicon': 'http://example.com/x.png'})
    assert response.status_code == 400
    assert response.json() == validation({'favicon': ['The submitted data was not a file. Check the encoding type on the form.']})


def test_clear_with_json_null_or_empty_form_field(api):
    created = api.post(ORGS, data={'label': 'acme'}, files={'favicon': ('f.png', PNG), 'logo': ('l.png', PNG)}).json()
    assert created['favicon'] and created['logo']
    cleared = api.patch(ORGS + '~acme', json={'favicon': None}).json()
    assert cleared['favicon'] is None and cleared['logo'] == created['logo']
    assert requests.get(created['favicon']['raw'], timeout=10).status_code == 404
    cleared = api.patch(ORGS + '~acme', data={'logo': ''}, files={'unused': ('u.txt', b'x')}).json()
    assert cleared['logo'] is None


def test_put_resets_images(api):
    created = api.post(ORGS, data={'label': 'acme'}, files={'logo': ('l.png', PNG)}).json()
    replaced = api.put(ORGS + '~acme', json={'label': 'acme'})
    assert replaced.status_code == 200
    assert replaced.json()['logo'] is None
    assert requests.get(created['logo']['h50'], timeout=10).status_code == 404


def test_replacing_an_image_serves_the_new_bytes(api):
    api.post(ORGS, data={'label': 'acme'}, files={'logo': ('l.png', PNG)})
    replaced = api.patch(ORGS + '~acme', files={'logo': ('l.svg', SVG)}).json()
    assert re.search(r'\.svg$', replaced['logo']['raw'])
    assert requests.get(replaced['logo']['raw'], timeout=10).content == SVG
