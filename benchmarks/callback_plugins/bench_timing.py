"""Benchmark helper callback (not part of the collection's plugins): per-task timing as JSON.

Enabled by ``benchmarks/run.py`` with ANSIBLE_CALLBACK_PLUGINS=benchmarks/callback_plugins and
ANSIBLE_CALLBACKS_ENABLED=bench_timing; writes one JSON document to $BENCH_TIMING_FILE at the end
of the run: for every task its name, action, wall time, number of loop items and how many items
changed, failed or were skipped. Item results themselves are never recorded (they can hold keys).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
    name: bench_timing
    type: aggregate
    short_description: per-task wall time and item counts as JSON, for benchmarks/run.py
    description:
      - Writes the timings to the file named by the environment variable BENCH_TIMING_FILE.
    requirements:
      - enabled in ANSIBLE_CALLBACKS_ENABLED
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.started = time.time()
        self.tasks = []
        self.current = None

    def _close(self):
        if self.current is not None:
            self.current['seconds'] = time.time() - self.current.pop('_start')
            self.tasks.append(self.current)
            self.current = None

    def _open(self, task):
        self._close()
        self.current = {'name': task.get_name(), 'action': task.action, '_start': time.time(),
                        'items': 0, 'changed': 0, 'failed': 0, 'skipped': 0, 'results': 0}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._open(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._open(task)

    def _count(self, result, outcome, item):
        if self.current is None:
            return
        key = 'items' if item else 'results'
        self.current[key] += 1
        if outcome == 'skipped':
            self.current['skipped'] += 1 if item or not self.current['items'] else 0
        elif outcome == 'failed':
            self.current['failed'] += 1 if item or not self.current['items'] else 0
        elif result._result.get('changed') and (item or not self.current['items']):
            self.current['changed'] += 1

    def v2_runner_item_on_ok(self, result):
        self._count(result, 'ok', True)

    def v2_runner_item_on_failed(self, result):
        self._count(result, 'failed', True)

    def v2_runner_item_on_skipped(self, result):
        self._count(result, 'skipped', True)

    def v2_runner_on_ok(self, result):
        self._count(result, 'ok', False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count(result, 'failed', False)

    def v2_runner_on_skipped(self, result):
        self._count(result, 'skipped', False)

    def v2_playbook_on_stats(self, stats):
        self._close()
        path = os.environ.get('BENCH_TIMING_FILE')
        if path:
            with open(path, 'w') as handle:
                json.dump({'seconds': time.time() - self.started, 'tasks': self.tasks}, handle, indent=1)
