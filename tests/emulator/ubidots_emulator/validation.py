# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request bodies (JSON or multipart) and the field checks the resources share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ubidots_emulator import constants as C
from ubidots_emulator.errors import non_field_error

FORM_BOOLEANS = {'true': True, 'false': False}


class Body:
    """The fields of a request body. `files` is empty unless it came as multipart/form-data."""

    def __init__(self, fields, files=None, is_form=False):
        self.fields = fields
        self.files = files or {}
        self.is_form = is_form

    def __contains__(self, name):
        return name in self.fields or name in self.files

    def get(self, name, default=None):
        return self.fields.get(name, default)


def type_name(value):
    return C.JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def read_body(request):
    """Parses the body; anything but a JSON object (or a form) is a validation error."""
    if request.mimetype == 'multipart/form-data':
        fields = dict((name, request.form.get(name)) for name in request.form)
        files = dict((name, request.files.get(name)) for name in request.files)
        return Body(fields, files, is_form=True)
    raw = request.get_data(cache=True)
    if not raw.strip():
        return Body({})
    try:
        data = json.loads(raw.decode('utf-8'))
    except ValueError:
        raise non_field_error(C.MSG_BAD_JSON)
    if not isinstance(data, dict):
        raise non_field_error(C.MSG_BODY_NOT_OBJECT.format(type=type_name(data)))
    return Body(data)


def read_list_body(request):
    """Parses a body that must be a JSON array (an empty body counts as null, not as a list)."""
    raw = request.get_data(cache=True)
    data = None
    if raw.strip():
        try:
            data = json.loads(raw.decode('utf-8'))
        except ValueError:
            raise non_field_error(C.MSG_BAD_JSON)
    if not isinstance(data, list):
        raise non_field_error(C.MSG_BODY_NOT_LIST.format(type=type_name(data)))
    return data


def label_error(value):
    """The message for a value breaking the label rule, or None."""
    if not isinstance(value, str):
        return C.MSG_NOT_STRING
    if not C.LABEL_PATTERN.match(value):
        return C.MSG_LABEL_RULE
    return None


def clean_string(errors, name, value, allow_blank=True):
    if value is None:
        errors.add(name, C.MSG_NULL)
    elif not isinstance(value, str):
        errors.add(name, C.MSG_NOT_STRING)
    elif not allow_blank and not value.strip():
        errors.add(name, C.MSG_BLANK)
    else:
        return value
    return None


def clean_boolean(errors, name, value, is_form):
    if is_form and isinstance(value, str) and value.lower() in FORM_BOOLEANS:
        return FORM_BOOLEANS[value.lower()]
    if isinstance(value, bool):
        return value
    errors.add(name, C.MSG_NULL if value is None else C.MSG_NOT_BOOLEAN)
    return None


def clean_object(errors, name, value, is_form):
    """A JSON object; a form carries it as a JSON string."""
    if is_form and isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            errors.add(name, C.MSG_BAD_JSON)
            return None
    if isinstance(value, dict):
        return value
    errors.add(name, C.MSG_NULL if value is None else C.MSG_NOT_DICT.format(type=type_name(value)))
    return None


def clean_integer(errors, name, value):
    """An integer, or a string of digits (as Django REST Framework accepts)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip('-').isdigit():
        return int(value)
    errors.add(name, C.MSG_NULL if value is None else C.MSG_NOT_INTEGER)
    return None


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)
