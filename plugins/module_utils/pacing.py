# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep the requests of one token under the API's rate limit, across every process that uses it.

Requests go out as fast as they come until the server answers 429. From then on, for PACE_SECONDS,
every process sending with the same token (loop items, tasks, forks, module processes) spaces its
requests to the documented limit, so the rest of a run waits exactly as long as the limit needs
instead of bouncing off more 429s, each of which the server also counts and answers with a
Retry-After of whole seconds.

The shared state is a small JSON file of recent send times in the temporary directory, named by a
hash of the API URL and token (never the token), readable by its owner only, under an flock.
Where that file cannot be used, pacing still works within the process.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import tempfile
import time
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: pace within the process only
    fcntl = None

from ansible_collections.ubidots.cloud.plugins.module_utils import contract

# How long pacing stays on after a 429.
PACE_SECONDS = 300.0
# Slack for the time between our send and the server's count of the request.
MARGIN_SECONDS = 0.05


class Pacer:
    def __init__(self, api_url, token, limit=contract.API_RATE_LIMIT, window=contract.API_RATE_LIMIT_WINDOW,
                 directory=None, clock=time.time, sleep=time.sleep):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sleep = sleep
        name = hashlib.sha256(('%s\n%s' % (api_url, token)).encode('utf-8')).hexdigest()[:20]
        self.path = os.path.join(directory or tempfile.gettempdir(), 'ubidots-cloud-pace-%s.json' % name)
        self._memory = {}  # the state when the file cannot be used

    def before_request(self):
        """Wait, when pacing is on, until one more request fits the window; then count it."""
        with self._state() as state:
            now = self.clock()
            sent = [t for t in state.get('sent', []) if t > now - self.window - MARGIN_SECONDS]
            if state.get('paced_until', 0) > now and len(sent) >= self.limit:
                wait = sent[-self.limit] + self.window + MARGIN_SECONDS - now
                if wait > 0:
                    self.sleep(wait)  # holding the lock: the other processes of this token queue behind
                    now += wait
            state['sent'] = (sent + [now])[-self.limit:]

    def throttled(self):
        """The server answered 429: pace every request of this token for a while."""
        with self._state() as state:
            state['paced_until'] = self.clock() + PACE_SECONDS

    @contextmanager
    def _state(self):
        handle = self._open()
        if handle is None:
            yield self._memory
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            state = self._read(handle)
            yield state
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(state))

    def _open(self):
        if fcntl is None:
            return None
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        except OSError:
            return None
        return os.fdopen(descriptor, 'r+')

    @staticmethod
    def _read(handle):
        try:
            state = json.loads(handle.read() or '{}')
        except ValueError:  # a torn or foreign file: start over
            return {}
        return state if isinstance(state, dict) else {}
