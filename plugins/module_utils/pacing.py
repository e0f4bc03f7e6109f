# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep the requests of one token under the API's rate limit, across the processes of this host.

Requests go out as fast as they come until the server answers 429. From then on, for PACE_SECONDS
after the latest 429, every process of this user sending with the same token (loop items, tasks,
forks, module processes) spaces its requests to the documented limit, so the rest of a run waits
as long as the limit needs instead of bouncing off more 429s, each of which the server counts too
and answers with a Retry-After of whole seconds.

The shared state is a small JSON file of recent send times, in a directory of this user's own
(mode 0700) under the temporary directory, named by a hash of the API URL and token (never the
token). It is removed by the first request after pacing ends, and a 429 also removes the files of
other tokens whose pacing ended long ago. Pacing is best effort: when that state cannot be used (another owner, not a regular file,
no space, no locks, a lock held too long), the process paces on its own and the request goes out.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import stat
import tempfile
import time
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: pace within the process only
    fcntl = None

from ansible_collections.ubidots.cloud.plugins.module_utils import contract

# How long pacing stays on after the latest 429.
PACE_SECONDS = 300.0
# Slack for the time between our send and the server's count of the request.
MARGIN_SECONDS = 0.05
# How long to wait for another process's lock before pacing alone.
LOCK_SECONDS = 5.0
# Age (seconds since the last write) after which another token's state file is surely over and is removed.
STALE_SECONDS = PACE_SECONDS + 60.0


class StateUnusable(Exception):
    """The shared state cannot be used safely; pace within this process instead."""


class Pacer:
    def __init__(self, api_url, token, limit=contract.API_RATE_LIMIT, window=contract.API_RATE_LIMIT_WINDOW,
                 directory=None, clock=time.time, sleep=time.sleep):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self.directory = directory
        self.name = 'pace-%s.json' % hashlib.sha256(('%s\n%s' % (api_url, token)).encode('utf-8')).hexdigest()[:20]
        self._memory = {}  # the state once the shared one could not be used
        self._alone = False  # whether that happened: then this process paces on its own from here on

    @property
    def path(self):
        return os.path.join(self._directory(), self.name)

    def before_request(self):
        """Wait, when pacing is on, until one more request fits the window; then count it."""
        seen = self._peek()
        if not self._paced(seen):
            if seen.get('paced_until'):
                self._remove_when_over()  # pacing has ended: leave no state file behind
            return  # the common case: no lock, no write
        with self._state() as state:
            now = self.clock()
            if not self._paced(state, now):
                return
            # Ignore send times from the future (a clock stepped back) and never wait past one window.
            sent = [t for t in state.get('sent', []) if now - self.window - MARGIN_SECONDS < t <= now]
            if len(sent) >= self.limit:
                wait = min(sent[-self.limit] + self.window + MARGIN_SECONDS - now, self.window + MARGIN_SECONDS)
                if wait > 0:
                    self.sleep(wait)  # holding the lock: the other processes of this token queue behind
                    now += wait
            state['sent'] = (sent + [now])[-self.limit:]

    def throttled(self):
        """The server answered 429: pace every request of this token for a while."""
        with self._state() as state:
            state['paced_until'] = self.clock() + PACE_SECONDS
        self._sweep()

    def _remove_when_over(self):
        """Remove the state file once pacing is over, holding its lock so that a 429 counted meanwhile is kept."""
        if self._alone:
            self._memory.clear()
            return
        try:
            handle = self._open(os.O_RDWR)
        except (StateUnusable, EnvironmentError):
            return
        with handle:
            try:
                self._lock(handle)
                if not self._current(handle) or self._paced(_parse(handle.read())):
                    return
                os.unlink(self.path)
            except (StateUnusable, EnvironmentError, ValueError):
                return

    def _sweep(self):
        """Remove the state files of other tokens of this user whose pacing ended long ago (their runs are over)."""
        if self._alone:
            return
        try:
            directory = self._directory()
            names = os.listdir(directory)
        except EnvironmentError:
            return
        for name in names:
            if not (name.startswith('pace-') and name.endswith('.json')) or name == self.name:
                continue
            path = os.path.join(directory, name)
            try:
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and time.time() - info.st_mtime > STALE_SECONDS:
                    os.unlink(path)
            except EnvironmentError:
                pass

    def _current(self, handle):
        """Whether HANDLE is still the file at the path (another process may have removed it since we opened it)."""
        try:
            ours, there = os.fstat(handle.fileno()), os.lstat(self.path)
        except EnvironmentError:
            return False
        return (ours.st_dev, ours.st_ino) == (there.st_dev, there.st_ino)

    def _paced(self, state, now=None):
        now = self.clock() if now is None else now
        return now < state.get('paced_until', 0) <= now + PACE_SECONDS

    # --- the shared state ---------------------------------------------------------------------
    def _peek(self):
        """The state as last written, read without the lock (a torn read only delays pacing by a request)."""
        if self._alone:
            return self._memory
        try:
            with self._open(os.O_RDONLY) as handle:
                return _parse(handle.read())
        except (StateUnusable, EnvironmentError, ValueError):
            return self._memory

    def _open_locked(self):
        """The state file, created when missing, locked, and still the one at the path; None when it cannot be used."""
        for dummy in range(3):
            try:
                handle = self._open(os.O_RDWR | os.O_CREAT)
            except (StateUnusable, EnvironmentError):
                return None
            try:
                self._lock(handle)
                if self._current(handle):
                    return handle
            except (StateUnusable, EnvironmentError):
                handle.close()
                return None
            handle.close()  # removed (pacing ended) between our open and our lock: open the new one
        return None

    @contextmanager
    def _state(self):
        handle = None if self._alone else self._open_locked()
        if handle is None:
            self._alone = True
            yield self._memory
            return
        with handle:
            try:
                text = handle.read()
            except EnvironmentError:
                self._alone = True
                yield self._memory
                return
            try:
                state = _parse(text)
            except ValueError:  # a torn write of ours (the file is private): start over
                state = {}
            yield state
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps(state))
                handle.flush()
            except EnvironmentError:
                self._alone = True
                self._memory.update(state)

    def _directory(self):
        if self.directory:
            return self.directory
        return os.path.join(tempfile.gettempdir(), 'ubidots-cloud-%d' % os.getuid())

    def _open(self, flags):
        if fcntl is None:
            raise StateUnusable('no file locks here')
        directory = self._directory()
        if not self.directory:
            try:
                os.mkdir(directory, 0o700)
            except EnvironmentError:
                pass  # it exists (checked below) or cannot be made (the open fails)
            _check_private(os.lstat(directory), stat.S_ISDIR)
        flags |= getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_NONBLOCK', 0) | getattr(os, 'O_CLOEXEC', 0)
        descriptor = os.open(os.path.join(directory, self.name), flags, 0o600)
        try:
            _check_private(os.fstat(descriptor), stat.S_ISREG)
        except StateUnusable:
            os.close(descriptor)
            raise
        return os.fdopen(descriptor, 'r+' if flags & os.O_RDWR else 'r')

    def _lock(self, handle):
        deadline = time.time() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except EnvironmentError:
                if time.time() >= deadline:
                    raise StateUnusable('the pacing lock is held too long')
                time.sleep(0.02)


def _check_private(info, kind):
    """Only our own, private directory or regular file with one link: anything else may be planted."""
    if not kind(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise StateUnusable('not a private file of this user')
    if stat.S_ISREG(info.st_mode) and info.st_nlink != 1:
        raise StateUnusable('a file with other links')


def _parse(text):
    state = json.loads(text or '{}')
    if not isinstance(state, dict):
        raise ValueError('not a mapping')
    sent = state.get('sent', [])
    paced_until = state.get('paced_until', 0)
    if not isinstance(sent, list) or not all(isinstance(t, (int, float)) for t in sent) \
            or not isinstance(paced_until, (int, float)):
        raise ValueError('unexpected values')
    return state
