# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print a playbook whose tasks are the EXAMPLES of one module, exactly as documented."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import json
import subprocess
import sys

import yaml


def examples_of(module):
    docs = json.loads(subprocess.check_output(['ansible-doc', '--json', '-t', 'module', module]))
    return yaml.safe_load(docs[module]['examples'])


_numbers = itertools.count()
ACTIONS = ['created', 'updated', 'replaced', 'regenerated', 'deleted', 'unchanged']


def with_action_checks(tasks):
    """Each example as written, then a check that its result (every loop item's) says what it did."""
    for task in tasks:
        for section in ('block', 'rescue', 'always'):
            if section in task:
                task[section] = list(with_action_checks(task[section]))
        yield task
        if not any(key.startswith('ubidots.cloud.') for key in task):
            continue
        registered = task.setdefault('register', '__example_result_%d' % next(_numbers))
        results = "(%s.results | default([%s]))" % (registered, registered)
        yield {
            'name': 'The result of "%s" says what it did' % task.get('name', registered),
            'ansible.builtin.assert': {'quiet': True, 'that': [
                "%s | map(attribute='action', default='') | reject('in', %r) | list == []" % (results, ACTIONS),
                "%s | selectattr('action', 'equalto', 'unchanged') | selectattr('changed') | list == []" % results,
            ]},
        }


def main():
    module = sys.argv[1]
    tasks = list(with_action_checks(examples_of(module)))
    play = {'name': 'EXAMPLES of %s' % module, 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}
    print(yaml.safe_dump([play], sort_keys=False))


if __name__ == '__main__':
    main()
