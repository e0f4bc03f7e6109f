"""The floor of the benchmark: one Python process, one keep-alive session, the fewest requests.

Reconciles the vars file of ``benchmarks/run.py`` (ubidots_api_roles, ubidots_tenants), like
the role and the uri playbook, the way a careful script would: one list of API roles, one list of
organizations, one list of tokens per organization that existed before the run (an organization
this run has just created has none), then only the POSTs and PATCHes needed. On an empty account
that is 2 lists and one write per object; on a converged one, 2 + one list per organization.

usage: floor.py VARS_FILE [--check] [--pace RPS]
  (UBIDOTS_API_URL and UBIDOTS_TOKEN from the environment)
Prints one JSON line: requests, writes, changed, failed, throttled (429 answers).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import sys
import time

import requests
import yaml

ACTIONS = {'create': 'add', 'read': 'view', 'update': 'change', 'delete': 'delete'}
ENTITIES = {'devices': 'device', 'variables': 'variable', 'values': 'value', 'device_groups': 'devicegroup',
            'events': 'event'}


def codenames(permissions):
    out = set()
    for entity, actions in (permissions or {}).items():
        for action in (ACTIONS if 'all' in actions else actions):
            out.add('%s_%s' % (ACTIONS[action], ENTITIES[entity]))
    return sorted(out)


class Api(object):
    def __init__(self, base, token, pace=None):
        self.base = base.rstrip('/') + '/api/v2.0/'
        self.session = requests.Session()
        self.session.headers.update({'X-Auth-Token': token})
        self.interval = 1.0 / pace if pace else 0.0
        self.last = 0.0
        self.stats = {'requests': 0, 'writes': 0, 'throttled': 0}

    def call(self, method, path, body=None, ok=(200, 201)):
        while True:
            if self.interval:
                wait = self.last + self.interval - time.time()
                if wait > 0:
                    time.sleep(wait)
                self.last = time.time()
            self.stats['requests'] += 1
            self.stats['writes'] += method != 'GET'
            answer = self.session.request(method, self.base + path, json=body, timeout=30)
            if answer.status_code == 429:
                self.stats['throttled'] += 1
                time.sleep(float(answer.headers.get('Retry-After', '1')))
                continue
            if answer.status_code not in ok:
                raise RuntimeError('%s %s: %s %s' % (method, path, answer.status_code, answer.text[:200]))
            return answer.json()

    def list(self, path):
        """Every item of a list, page after page (the bench's lists fit one page of 1000)."""
        items, page = [], 1
        while True:
            answer = self.call('GET', '%s?page_size=1000&page=%d' % (path, page) if page > 1 else path + '?page_size=1000')
            items += answer['results']
            if not answer.get('next'):
                return items
            page += 1


def reconcile(api, spec, check):
    changed = 0
    roles = dict((r['label'], r) for r in api.list('api_roles/'))
    for role in spec.get('ubidots_api_roles') or []:
        wanted = {'name': role['name'], 'description': role.get('description', ''),
                  'permissions': codenames(role.get('permissions'))}
        current = roles.get(role['label'])
        if current is None:
            changed += 1
            if not check:
                wanted['label'] = role['label']
                api.call('POST', 'api_roles/', wanted)
        elif (current['name'], current['description'], sorted(p['label'] for p in current['permissions'])) != \
                (wanted['name'], wanted['description'], wanted['permissions']):
            changed += 1
            if not check:
                api.call('PATCH', 'api_roles/%s/' % current['id'], wanted)
    orgs = dict((o['label'], o) for o in api.list('organizations/'))
    for tenant in spec.get('ubidots_tenants') or []:
        current = orgs.get(tenant['label'])
        if current is None:
            changed += 1
            if not check:
                api.call('POST', 'organizations/', {'label': tenant['label'], 'name': tenant.get('name', tenant['label']),
                                                    'description': tenant.get('description', ''),
                                                    'properties': tenant.get('properties', {})})
            tokens = {}
        else:
            wanted = {'name': tenant.get('name', current['name']), 'description': tenant.get('description', current['description']),
                      'properties': dict(current['properties'], **tenant.get('properties', {}))}
            if any(current[k] != v for k, v in wanted.items()):
                changed += 1
                if not check:
                    api.call('PATCH', 'organizations/%s/' % current['id'], wanted)
            tokens = dict((t['name'], t) for t in api.list('organizations/%s/tokens/' % current['id']))
        for token in tenant.get('tokens') or []:
            wanted = {'apiRole': '~' + token['role']}
            if 'rate_limit' in token:
                wanted['rateLimit'] = token['rate_limit']
            if 'rate_limit_window' in token:
                wanted['rateLimitWindow'] = token['rate_limit_window']
            have = tokens.get(token['name'])
            if have is None:
                changed += 1
                if not check:
                    wanted['name'] = token['name']
                    api.call('POST', 'organizations/~%s/tokens/' % tenant['label'], wanted)
            elif (have['apiRole']['label'] != token['role'] or have['rateLimit'] != wanted.get('rateLimit', have['rateLimit'])
                  or have['rateLimitWindow'] != wanted.get('rateLimitWindow', have['rateLimitWindow'])):
                changed += 1
                if not check:
                    api.call('PATCH', 'organizations/%s/tokens/%s/' % (have['organization']['id'], have['id']), wanted)
    return changed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('vars_file')
    parser.add_argument('--check', action='store_true', help='look only; count what would change')
    parser.add_argument('--pace', type=float, default=None, help='at most this many requests per second')
    args = parser.parse_args()
    with open(args.vars_file) as handle:
        spec = yaml.safe_load(handle)
    api = Api(os.environ['UBIDOTS_API_URL'], os.environ['UBIDOTS_TOKEN'], args.pace)
    result = dict(api.stats, changed=0, failed=0)
    try:
        result['changed'] = reconcile(api, spec, args.check)
    except (RuntimeError, requests.RequestException) as exc:
        result['failed'], result['error'] = 1, str(exc)
    result.update(api.stats)
    print(json.dumps(result))
    return 1 if result['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
