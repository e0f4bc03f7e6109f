# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON responses, built with Werkzeug so the WSGI pipeline and the Flask views share them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from werkzeug.wrappers import Response

JSON_TYPE = 'application/json'


def json_response(payload, status=200, headers=None):
    # json.dumps keeps the field order the serializers chose (Flask's jsonify would sort keys).
    return Response(json.dumps(payload), status=status, headers=headers, content_type=JSON_TYPE)


def error_response(error):
    return json_response(error.body(), status=error.status, headers=error.headers)


def no_content():
    return Response(status=204)
