# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request log behind GET /_emulator/requests. It never holds a token or a key."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import threading

from ubidots_emulator import constants as C

WRITE_METHODS = frozenset(('POST', 'PUT', 'PATCH', 'DELETE'))
REDACTED = C.TOKEN_PREFIX + '***'


def scrub(text):
    """Masks anything shaped like a token, wherever a client put it."""
    return C.TOKEN_PATTERN.sub(REDACTED, text)


def loggable_query(args):
    """Query parameters without the token: one value as a string, repeated ones as a list."""
    query = {}
    for name in args:
        if name == C.TOKEN_PARAM:
            continue
        values = [scrub(value) for value in args.getlist(name)]
        query[scrub(name)] = values[0] if len(values) == 1 else values
    return query


class RequestLog:
    """Entries are created when a request arrives and completed when its status is known."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._cleared = []  # what clear() took out of the log, for ?all=true
        self._seq = itertools.count(1)

    def begin(self, method, path, args):
        entry = {
            'seq': None,
            'method': method,
            'path': scrub(path),
            'query': loggable_query(args),
            'status': None,
            'write': method in WRITE_METHODS and path.startswith(C.API_PREFIX),
            'account': None,
            'token_kind': None,
            'fault': None,
        }
        with self._lock:
            entry['seq'] = next(self._seq)
            self._entries.append(entry)
        return entry

    def entries(self, write=None, cleared=False):
        """The log, oldest first; with CLEARED, the entries emptied out of it since the start come first."""
        with self._lock:
            found = (self._cleared if cleared else []) + self._entries
            return [dict(entry) for entry in found if write is None or entry['write'] == write]

    def clear(self):
        with self._lock:
            self._cleared.extend(self._entries)
            del self._entries[:]
