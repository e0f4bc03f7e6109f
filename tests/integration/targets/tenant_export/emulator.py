# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulator client for runme.sh; never prints a token or a key.

python emulator.py account          -> "TOKEN ACCOUNT" of a new, empty account (captured by the script, not shown)
python emulator.py build            -> makes the hand-made account of the round trip, straight through the API
python emulator.py duplicate        -> adds a second token named acme:gateway
python emulator.py requests         -> JSON summary of this account's requests since the last call; clears the log
UBIDOTS_API_URL, UBIDOTS_TOKEN and EMULATOR_ACCOUNT come from the environment.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys

import requests

BASE = os.environ['UBIDOTS_API_URL']
API = BASE + '/api/v2.0/'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 24 + b'favicon of acme'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'


def call(method, path, body=None, files=None, data=None):
    answer = requests.request(method, API + path, json=body, files=files, data=data, timeout=10,
                              headers={'X-Auth-Token': os.environ['UBIDOTS_TOKEN']})
    if answer.status_code >= 300:
        sys.exit('%s %s: HTTP %s %s' % (method, path, answer.status_code, answer.text[:300]))
    return answer.json() if answer.text else None


def account():
    made = requests.post(BASE + '/_emulator/accounts', json={}, timeout=10).json()
    print(made['token'], made['account'])


def build():
    """What a team clicked together over the years: odd corners included (an inactive organization, an app, images,
    text that looks like a template, properties, a role no token uses, users in several
    organizations, a user role of its own, a user in no organization)."""
    call('POST', 'api_roles/', {'name': 'Gateway', 'label': 'gateway-writer', 'description': 'Sends values',
                                'permissions': ['add_device', 'add_variable', 'add_value', 'view_value']})
    call('POST', 'api_roles/', {'name': 'Viewer', 'permissions': ['view_device', 'view_value']})
    call('POST', 'api_roles/', {'name': 'Unused', 'permissions': ['view_event']})
    call('POST', 'organizations/', {'label': 'acme', 'name': 'ACME Corporation', 'description': 'Cold chain',
                                    'properties': {'contract': 'gold', 'region': 'eu-west'}, 'app': '~my_application'})
    call('PATCH', 'organizations/~acme/', files={'favicon': ('favicon.png', PNG, 'image/png')})
    call('POST', 'organizations/', {'label': 'acme-lab', 'description': 'Uses {{ templates }} in its text',
                                    'isActive': False})
    call('POST', 'organizations/', {'label': 'globex', 'name': 'Globex'})
    call('PATCH', 'organizations/~globex/', files={'logo': ('logo.svg', SVG, 'image/svg+xml')})
    for org, name, role, limit, window in (('acme', 'gateway', 'gateway-writer', 30, 60), ('acme', 'dashboards', 'viewer', 4, 1),
                                           ('acme-lab', 'bench', 'gateway-writer', 2, 1),
                                           ('globex', 'reports', 'viewer', 90, 3600)):
        body = {'name': name, 'apiRole': '~' + role, 'rateLimit': limit, 'rateLimitWindow': window}
        call('POST', 'organizations/~%s/tokens/' % org, body)
    call('POST', 'roles/', {'name': 'Support', 'description': 'Reads dashboards, edits devices',
                            'permissions': ['view_dashboard', 'view_widget', 'view_device', 'change_device']})
    call('POST', 'roles/', {'name': 'Auditor', 'permissions': ['view_report']})
    call('POST', 'users/', {'username': 'alice', 'email': 'alice@acme.example', 'password': 'Alice-pass-123',
                            'firstName': 'Alice', 'tags': ['eu', 'cold'], 'properties': {'team': 'ops'}})
    call('POST', 'users/~alice/_/assign_organizations/', [{'label': 'acme', 'role': 'support'}, {'label': 'globex', 'role': 'viewer'}])
    call('PATCH', 'users/~alice/', {'defaultOrganization': '~acme'})
    call('POST', 'users/', {'username': 'bob', 'email': 'bob@acme.example', 'password': 'Bob-pass-1234',
                            'isActive': False, 'lastName': 'Builder'})
    call('POST', 'users/~bob/_/assign_organizations/', [{'label': 'acme-lab', 'role': 'dashboards-viewer'}])
    call('POST', 'users/', {'username': 'carol', 'email': 'carol@example.com', 'password': 'Carol-pass-123'})


def duplicate():
    """A second token named like one of acme: the API allows it, a tenants file cannot say it."""
    call('POST', 'organizations/~acme/tokens/', {'name': 'gateway', 'apiRole': '~viewer'})


def requests_made():
    log = requests.get(BASE + '/_emulator/requests', timeout=10).json()['requests']
    requests.delete(BASE + '/_emulator/requests', timeout=10)
    mine = [r for r in log if r['account'] == os.environ['EMULATOR_ACCOUNT'] and r['token_kind'] == 'account']
    print(json.dumps({'requests': len(mine), 'writes': len([r for r in mine if r['write']]),
                      'paths': sorted(set(r['path'] for r in mine))}, sort_keys=True))


def main():
    commands = {'account': account, 'build': build, 'duplicate': duplicate, 'requests': requests_made}
    commands[sys.argv[1]]()


if __name__ == '__main__':
    main()
