# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The WSGI layer around the Flask app: request log, latency and fault injection.

It sits outside Flask because two faults must act on the connection itself: `drop`
closes it before the request is handled, `lost` after the request was handled (its
write applied) but before any byte of the response is sent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import socket
import time

from werkzeug.wrappers import Request

from ubidots_emulator import constants as C
from ubidots_emulator.errors import ApiError
from ubidots_emulator.responses import error_response

LOG_ENTRY_KEY = 'ubidots_emulator.log_entry'
# Werkzeug's development server puts the client connection in the environ under this key.
SOCKET_KEY = 'werkzeug.socket'


def _fault_error(kind):
    if kind == '429':
        return ApiError(C.THROTTLED, headers={'Retry-After': str(C.FAULT_RETRY_AFTER)}, seconds=C.FAULT_RETRY_AFTER)
    return ApiError(C.SERVER_FAULTS[int(kind)])


def drop_connection(environ):
    """Closes the client connection without a response and aborts the WSGI call.

    Werkzeug's server treats a ConnectionError from the application as a client that went
    away: it sends nothing more and closes the socket, so the client sees a connection error.
    """
    connection = environ.get(SOCKET_KEY)
    if connection is not None:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionAbortedError('fault injection: connection closed without a response')


def _status_recorder(entry, start_response):
    """A start_response that notes the status in the log entry (and sends nothing if None)."""
    def start(status, headers, exc_info=None):
        entry['status'] = int(status.split(' ', 1)[0])
        if start_response is None:
            return lambda data: None
        return start_response(status, headers, exc_info)
    return start


def _drain(body):
    try:
        for dummy in body:
            pass
    finally:
        if hasattr(body, 'close'):
            body.close()


class Pipeline:
    """Every request but the control endpoints is logged; /api/ requests are delayed and faulted."""

    def __init__(self, emulator, app):
        self.emulator = emulator
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path.startswith(C.CONTROL_PREFIX):
            return self.app(environ, start_response)
        entry = self.emulator.log.begin(environ['REQUEST_METHOD'], path, Request(environ).args)
        environ[LOG_ENTRY_KEY] = entry
        if path.startswith(C.API_PREFIX):
            return self._api_call(environ, start_response, entry)
        return self.app(environ, _status_recorder(entry, start_response))

    def _api_call(self, environ, start_response, entry):
        settings = self.emulator.settings
        if settings.latency_ms:
            time.sleep(settings.latency_ms / 1000.0)
        fault = entry['fault'] = self.emulator.faults.draw(settings.fault_rate, settings.fault_kinds)
        if fault == 'drop':
            drop_connection(environ)
        if fault == 'lost':
            _drain(self.app(environ, _status_recorder(entry, None)))
            drop_connection(environ)
        if fault == 'slow':
            time.sleep(settings.slow_ms / 1000.0)
        record = _status_recorder(entry, start_response)
        if fault in ('429', '500', '502', '503'):
            return error_response(_fault_error(fault))(environ, record)
        return self.app(environ, record)
