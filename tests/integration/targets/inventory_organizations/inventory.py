# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of `ansible-inventory --list --export` output for runme.sh.

python inventory.py FILE EXPRESSION MESSAGE
    Loads FILE (the JSON of ansible-inventory --list), drops the ``__ansible_unsafe`` wrappers that
    ansible-core 2.19 writes around untrusted strings, and evaluates EXPRESSION with
    ``groups`` ({group: sorted hosts}, from "hosts" and children, without "all"), ``hostvars`` and
    ``d`` (the whole JSON). Prints "ok: MESSAGE", or fails with MESSAGE and what was found.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import sys


def plain(value):
    if isinstance(value, dict):
        if list(value) == ['__ansible_unsafe']:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def main():
    path, expression, message = sys.argv[1:4]
    with open(path) as handle:
        d = plain(json.load(handle))
    hostvars = d.get('_meta', {}).get('hostvars', {})
    groups = dict((name, sorted(body.get('hosts', []))) for name, body in d.items()
                  if name not in ('_meta', 'all') and isinstance(body, dict))
    if eval('(%s)' % expression, {'d': d, 'groups': groups, 'hostvars': hostvars}):  # pylint: disable=eval-used
        print('ok: %s' % message)
        return
    summary = dict((name, hosts if len(hosts) < 12 else '%d hosts' % len(hosts)) for name, hosts in groups.items())
    print('FAILED: %s\ngroups: %s' % (message, json.dumps(summary, sort_keys=True)))
    sys.exit(1)


if __name__ == '__main__':
    main()
