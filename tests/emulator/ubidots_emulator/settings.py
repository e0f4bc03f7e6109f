# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The switchable behaviour of a running emulator (command line and PATCH /_emulator/config)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C


def parse_rate_limit(text):
    """'N/S' -> (N, S) with both positive integers; None or '' -> None (no limit)."""
    if text is None or text == '':
        return None
    try:
        count, seconds = (int(part) for part in str(text).split('/'))
    except ValueError:
        raise ValueError('rate_limit must look like N/S, e.g. 4/1, not %r' % (text,))
    if count < 1 or seconds < 1:
        raise ValueError('rate_limit needs N >= 1 and S >= 1, not %r' % (text,))
    return count, seconds


def parse_fault_kinds(value):
    """A comma list or a list of names -> a list of known fault kinds."""
    names = value.split(',') if isinstance(value, str) else list(value)
    kinds = [str(name).strip() for name in names if str(name).strip()]
    unknown = [kind for kind in kinds if kind not in C.FAULT_KINDS]
    if unknown or not kinds:
        raise ValueError('fault kinds must be a non-empty list among %s, not %r' % (', '.join(C.FAULT_KINDS), value))
    return kinds


def _non_negative_int(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError('%s must be an integer >= 0, not %r' % (name, value))
    return value


def _probability(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError('%s must be a number between 0 and 1, not %r' % (name, value))
    return float(value)


def _boolean(name, value):
    if not isinstance(value, bool):
        raise ValueError('%s must be true or false, not %r' % (name, value))
    return value


def _integer(name, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError('%s must be an integer, not %r' % (name, value))
    return value


# Setting name -> converter(name, value) that returns the stored value or raises ValueError.
CONVERTERS = {
    'hide_token_keys': _boolean,
    'latency_ms': _non_negative_int,
    'slow_ms': _non_negative_int,
    'fault_rate': _probability,
    'fault_kinds': lambda name, value: parse_fault_kinds(value),
    'rate_limit': lambda name, value: parse_rate_limit(value),
    'seed': _integer,
}


class Settings:
    """Plain attributes; `update` validates every change before applying any."""

    def __init__(self, **changes):
        self.hide_token_keys = False
        self.latency_ms = 0
        self.slow_ms = C.DEFAULT_SLOW_MS
        self.fault_rate = 0.0
        self.fault_kinds = list(C.FAULT_KINDS)
        self.rate_limit = None
        self.seed = C.DEFAULT_SEED
        self.update(changes)

    def update(self, changes):
        unknown = sorted(set(changes) - set(CONVERTERS))
        if unknown:
            raise ValueError('unknown settings: %s' % ', '.join(unknown))
        converted = dict((name, CONVERTERS[name](name, value)) for name, value in changes.items())
        for name, value in converted.items():
            setattr(self, name, value)

    def as_dict(self):
        return {
            'hide_token_keys': self.hide_token_keys,
            'latency_ms': self.latency_ms,
            'slow_ms': self.slow_ms,
            'fault_rate': self.fault_rate,
            'fault_kinds': list(self.fault_kinds),
            'rate_limit': '%d/%d' % self.rate_limit if self.rate_limit else None,
            'seed': self.seed,
        }
