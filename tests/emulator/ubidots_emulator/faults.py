# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seeded fault decisions: the same seed and the same request sequence give the same faults."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random
import threading


class FaultInjector:
    """Draws a fault kind (or None) for each /api/ request from one seeded generator."""

    def __init__(self, seed):
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    def reseed(self, seed):
        with self._lock:
            self._random = random.Random(seed)

    def draw(self, rate, kinds):
        # No draw at all when faults are off, so switching them on starts the sequence afresh.
        if rate <= 0 or not kinds:
            return None
        with self._lock:
            if self._random.random() >= rate:
                return None
            return self._random.choice(list(kinds))
