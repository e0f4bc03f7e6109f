# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sliding-window rate limiting per token."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import math
import threading
import time


class SlidingWindowLimiter:
    """Counts every request of a key, the rejected ones included (as the contract says)."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._hits = {}

    def hit(self, key, limit, window):
        """Records one request; returns None when allowed, else whole seconds to wait (>= 1)."""
        with self._lock:
            now = self._clock()
            hits = self._hits.setdefault(key, collections.deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            hits.append(now)
            if len(hits) <= limit:
                return None
            # A request is accepted once at most limit - 1 recorded hits remain in the window:
            # wait for the hit at position len - limit (oldest first) to leave it.
            leaves_at = hits[len(hits) - limit] + window
            return max(1, int(math.ceil(leaves_at - now)))

    def forget(self, predicate=None):
        """Drops the history of every key (or of those the predicate selects)."""
        with self._lock:
            for key in [key for key in self._hits if predicate is None or predicate(key)]:
                del self._hits[key]
