# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small emulator client for runme.sh; never prints a token.

python emulator.py account                      -> "TOKEN ACCOUNT" (captured by the script, not shown)
python emulator.py org LABEL [JSON FIELDS]      -> creates an organization through the API
python emulator.py seed COUNT PREFIX            -> COUNT organizations at once (POST /_emulator/organizations)
python emulator.py requests                     -> JSON: this account's requests since the last call (clears the log)
UBIDOTS_API_URL, UBIDOTS_TOKEN and EMULATOR_ACCOUNT come from the environment.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys

from urllib.request import Request, urlopen

BASE = os.environ['UBIDOTS_API_URL']


def call(method, path, body=None, token=True):
    headers = {'Content-Type': 'application/json'}
    if token:
        headers['X-Auth-Token'] = os.environ['UBIDOTS_TOKEN']
    data = None if body is None else json.dumps(body).encode()
    with urlopen(Request(BASE + path, data=data, method=method, headers=headers), timeout=120) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def account():
    made = call('POST', '/_emulator/accounts', {}, token=False)
    print(made['token'], made['account'])


def org(label, fields='{}'):
    call('POST', '/api/v2.0/organizations/', dict(json.loads(fields), label=label))


def seed(count, prefix):
    made = call('POST', '/_emulator/organizations',
                {'account': os.environ['EMULATOR_ACCOUNT'], 'count': int(count), 'label_prefix': prefix}, token=False)
    print(json.dumps(made, sort_keys=True))


def requests():
    log = call('GET', '/_emulator/requests', token=False)['requests']
    call('DELETE', '/_emulator/requests', token=False)
    mine = [r for r in log if r['account'] == os.environ['EMULATOR_ACCOUNT']]
    print(json.dumps({
        'requests': len(mine),
        'writes': len([r for r in mine if r['write']]),
        'calls': sorted(set('%s %s' % (r['method'], r['path']) for r in mine)),
        'page_sizes': sorted(set(r['query'].get('page_size', '') for r in mine)),
        'pages': sorted(int(r['query'].get('page', 1)) for r in mine),
        'statuses': sorted(set(r['status'] for r in mine)),
    }, sort_keys=True))


def main():
    commands = {'account': account, 'org': org, 'seed': seed, 'requests': requests}
    commands[sys.argv[1]](*sys.argv[2:])


if __name__ == '__main__':
    main()
