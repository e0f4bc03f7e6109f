# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API's error envelope: {"code": int, "message": str, "detail": str or object}."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C


class ApiError(Exception):
    """Raised anywhere while handling a request; the app turns it into the envelope."""

    def __init__(self, spec, detail=None, headers=None, **message_args):
        status, code, message = spec
        message = message.format(**message_args)
        super(ApiError, self).__init__(message)
        self.status = status
        self.code = code
        self.message = message
        # For every error but validation, detail repeats the message.
        self.detail = message if detail is None else detail
        self.headers = headers or {}

    def body(self):
        return {'code': self.code, 'message': self.message, 'detail': self.detail}


def not_found():
    return ApiError(C.NOT_FOUND)


def permission_denied():
    return ApiError(C.PERMISSION_DENIED)


def validation_error(detail):
    return ApiError(C.VALIDATION_ERROR, detail=detail)


def non_field_error(message):
    return validation_error({'non_field_errors': [message]})


def throttled(seconds):
    return ApiError(C.THROTTLED, headers={'Retry-After': str(seconds)}, seconds=seconds)


class FieldErrors:
    """Collects per-field messages so one response reports every offending key."""

    def __init__(self):
        self.errors = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def has(self, field):
        return field in self.errors

    def raise_if_any(self):
        if self.errors:
            raise validation_error(self.errors)
