# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small emulator client for runme.sh; never prints a token or a key.

python emulator.py account                  -> "TOKEN ACCOUNT" (captured by the script, not shown)
python emulator.py requests                 -> JSON summary of this account's requests since the last call; clears the log
python emulator.py edit-globex              -> changes tenant globex behind the playbooks' back
python emulator.py add-token / delete-token -> a token old-script in acme that the tenants file does not declare
python emulator.py count                    -> JSON: organizations, roles, tokens per organization
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
    with urlopen(Request(BASE + path, data=data, method=method, headers=headers)) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def every(path):
    page = call('GET', path + '?page_size=1000')
    return page['results']


def account():
    made = call('POST', '/_emulator/accounts', {}, token=False)
    print(made['token'], made['account'])


def requests():
    log = call('GET', '/_emulator/requests', token=False)['requests']
    call('DELETE', '/_emulator/requests', token=False)
    mine = [r for r in log if r['account'] == os.environ['EMULATOR_ACCOUNT'] and r['token_kind'] == 'account']
    writes = [r for r in mine if r['write']]
    print(json.dumps({
        'requests': len(mine),
        'writes': len(writes),
        'successful_writes': len([r for r in writes if r['status'] is not None and r['status'] < 300]),
        'methods': sorted(set(r['method'] for r in writes)),
    }, sort_keys=True))


def edit_globex():
    call('PATCH', '/api/v2.0/organizations/~globex/', {'description': 'edited by hand'})
    gateway = [t for t in every('/api/v2.0/organizations/~globex/tokens/') if t['name'] == 'gateway'][0]
    call('PATCH', '/api/v2.0/organizations/~globex/tokens/%s/' % gateway['id'], {'rateLimit': 10})


def add_token():
    """A token made by hand in acme, that the tenants file does not declare (its key is never printed)."""
    call('POST', '/api/v2.0/organizations/~acme/tokens/', {'name': 'old-script', 'apiRole': '~read-only'})


def delete_token():
    token = [t for t in every('/api/v2.0/organizations/~acme/tokens/') if t['name'] == 'old-script'][0]
    call('DELETE', '/api/v2.0/organizations/~acme/tokens/%s/' % token['id'])


def count():
    orgs = every('/api/v2.0/organizations/')
    print(json.dumps({
        'organizations': sorted(o['label'] for o in orgs),
        'roles': sorted(r['label'] for r in every('/api/v2.0/api_roles/')),
        'tokens': dict((o['label'], len(every('/api/v2.0/organizations/%s/tokens/' % o['id']))) for o in orgs),
    }, sort_keys=True))


def main():
    commands = {'account': account, 'requests': requests, 'edit-globex': edit_globex, 'count': count,
                'add-token': add_token, 'delete-token': delete_token}
    commands[sys.argv[1]]()


if __name__ == '__main__':
    main()
