# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The desired state the scenario playbooks apply, and the variant switches (default or long)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

VARIANT = os.environ.get('RELIABILITY_VARIANT', 'default')
LONG = VARIANT == 'long'

# Seeds of the fault sequence; each seed is one full faulted run against its own emulator.
FAULT_SEEDS = (101, 202, 303, 404, 505, 606) if LONG else (101, 202)
FAULT_RATE = 0.2
# Issue 18: seeds of the bootstrap at 30% faulted requests; at least all but one must end clean.
HIGH_FAULT_SEEDS = tuple(range(1801, 1821))
SPARE_FAULT_SEEDS = tuple(range(1821, 1831))  # stand in, in order, for a seed whose run drew no fault
HIGH_FAULT_RATE = 0.3
# Per-request timeout the modules use under faults, and how long a `slow` fault holds the answer.
REQUEST_TIMEOUT = 2
SLOW_MS = 3000
CONCURRENT_TENANTS = 20 if LONG else 10
RACING_RUNS = 3 if LONG else 2

ROLES = [
    {'label': 'rel-reader', 'name': 'Reliability reader', 'description': 'reads data',
     'permissions': {'devices': ['read'], 'variables': ['read'], 'values': ['read']}},
    {'label': 'rel-gateway', 'name': 'Reliability gateway', 'description': 'sends data',
     'permissions': {'devices': ['create', 'read'], 'variables': ['create', 'read'], 'values': ['all']}},
]

TOKENS = [
    {'name': 'gateway', 'role': 'rel-gateway', 'rate_limit': 30, 'rate_limit_window': 60},
    {'name': 'dashboard', 'role': 'rel-reader', 'rate_limit': 4, 'rate_limit_window': 1},
    {'name': 'backup', 'role': 'rel-reader', 'rate_limit': 90, 'rate_limit_window': 900},
]


def tenant(label, rotate=False):
    """One tenant in the form of ubidots.cloud.tenant_bootstrap; ROTATE regenerates its first token."""
    tokens = [dict(t) for t in TOKENS]
    if rotate:
        tokens[0]['regenerate'] = True
    return {'label': label, 'name': 'Tenant %s' % label, 'description': 'reliability tenant %s' % label,
            'properties': {'tier': 'gold', 'owner': label}, 'tokens': tokens}


def labels(prefix, count):
    return ['%s-%02d' % (prefix, number) for number in range(1, count + 1)]


def bootstrap_vars(key_dir, tenant_labels, rotate=(), **extra):
    """Extra vars of playbooks/bootstrap.yml for TENANT_LABELS (all on one host); tenants in ROTATE regenerate a token."""
    result = {'ubidots_api_roles': ROLES, 'ubidots_tenants': [tenant(label, label in rotate) for label in tenant_labels],
              'ubidots_key_dir': key_dir}
    result.update(extra)
    return result


def expected_token_names(tenant_labels):
    return dict((label, sorted(t['name'] for t in TOKENS)) for label in tenant_labels)


ACTIONS = {'create': 'add', 'read': 'view', 'update': 'change', 'delete': 'delete'}
MODELS = {'devices': 'device', 'variables': 'variable', 'values': 'value', 'device_groups': 'devicegroup', 'events': 'event'}


def codenames(permissions):
    names = set()
    for entity, actions in permissions.items():
        for action in actions:
            for word in (ACTIONS if action == 'all' else [action]):
                names.add('%s_%s' % (ACTIONS[word], MODELS[entity]))
    return sorted(names)


def expected_snapshot(tenant_labels):
    """What harness.Emulator.snapshot must read once the bootstrap converged on TENANT_LABELS."""
    state = {'organizations': {}, 'roles': {}, 'tokens': {}, 'duplicates': []}
    for role in ROLES:
        state['roles'][role['label']] = {'name': role['name'], 'description': role['description'],
                                         'permissions': codenames(role['permissions'])}
    for label in tenant_labels:
        item = tenant(label)
        state['organizations'][label] = {
            'name': item['name'], 'description': item['description'], 'properties': item['properties'],
            'is_active': True, 'app': None, 'favicon': False, 'logo': False}
        state['tokens'][label] = dict(
            (t['name'], [{'role': t['role'], 'rate_limit': t['rate_limit'], 'window': t['rate_limit_window']}])
            for t in item['tokens'])
    return state
