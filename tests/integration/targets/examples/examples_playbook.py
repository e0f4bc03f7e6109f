# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print a playbook whose tasks are the EXAMPLES of one module, exactly as documented."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import subprocess
import sys

import yaml


def examples_of(module):
    docs = json.loads(subprocess.check_output(['ansible-doc', '--json', '-t', 'module', module]))
    return yaml.safe_load(docs[module]['examples'])


def main():
    module = sys.argv[1]
    play = {'name': 'EXAMPLES of %s' % module, 'hosts': 'localhost', 'gather_facts': False, 'tasks': examples_of(module)}
    print(yaml.safe_dump([play], sort_keys=False))


if __name__ == '__main__':
    main()
