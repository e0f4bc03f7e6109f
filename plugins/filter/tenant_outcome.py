# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the roles' looped module tasks did, from their results' own ``action`` and ``check_mode`` (docs beside).

Token results hold the key under ``token.key``: only ``token_keys`` reads it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
from collections.abc import Mapping

import yaml

ACCOUNT = '(account)'
CHECK_MODE_PREFIX = '(check mode, predicted) '
NEW_KEY_ACTIONS = ('created', 'regenerated')


def _ran(registered):
    """The loop results that were not skipped; none for an undefined, null or skipped task."""
    results = registered.get('results') if isinstance(registered, Mapping) else None
    return [result for result in results or [] if not result.get('skipped')]


def _prefix(*registered):
    return CHECK_MODE_PREFIX if any(r.get('check_mode') for reg in registered for r in _ran(reg)) else ''


def _change(tenant, kind, name, obj, result):
    diff = result.get('diff') or {}
    return {'tenant': tenant, 'kind': kind, 'name': name, 'object': obj, 'action': result['action'],
            'before': diff.get('before', {}), 'after': diff.get('after', {})}


def _drift_rows(change):
    def row(field, current, desired):
        return {'tenant': change['tenant'], 'object': change['object'], 'field': field, 'current': current, 'desired': desired}

    if change['action'] == 'created':
        return [row('(object)', '(missing)', 'present')]
    before, after, rows = change['before'], change['after'], []
    for field in dict.fromkeys(list(after) + list(before)):
        old, new = before.get(field), after.get(field)
        if field == 'key_fingerprint' or old == new:   # a new key gets its own row below
            continue
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            keys = sorted(dict.fromkeys(list(new) + list(old)), key=lambda key: key.lower() if isinstance(key, str) else key)
            rows.extend(row('%s.%s' % (field, key), old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key))
        else:
            rows.append(row(field, old, new))
    if change['action'] == 'regenerated':
        rows.append(row('key', before.get('key_fingerprint'), '(new key)'))
    return rows


def _counts(tally):
    return '%d created, %d updated, %d unchanged' % (tally['created'], tally['updated'], tally['unchanged'])


def tenant_outcome(tenants, roles_result=None, orgs_result=None, tokens_result=None, report_roles=True):
    """{changes, drift, summary, lines} of a tenant_bootstrap run."""
    labels = [tenant['label'] for tenant in tenants or []]
    roles = [(r, r['item'].get('label', (r.get('role') or {}).get('label', r['item'].get('name')))) for r in _ran(roles_result)]
    tokens = [(r, r['item'][0]['label'], r['item'][1]['name']) for r in _ran(tokens_result)]
    changes = ([_change(ACCOUNT, 'role', name, 'role %s' % name, r) for r, name in roles]
               + [_change(r['item']['label'], 'organization', 'organization', 'organization %s' % r['item']['label'], r)
                  for r in _ran(orgs_result)]
               + [_change(tenant, 'token', 'token %s' % name, 'token %s:%s' % (tenant, name), r) for r, tenant, name in tokens])
    counts = dict((label, {'created': 0, 'updated': 0, 'unchanged': 0}) for label in [ACCOUNT] + labels)
    details = dict((label, []) for label in labels)
    for change in changes:
        counted = change['action'] if change['action'] in ('created', 'unchanged') else 'updated'
        counts.get(change['tenant'], {counted: 0})[counted] += 1
        details.get(change['tenant'], []).append('%s %s' % (change['name'], change['action']))
    prefix = _prefix(roles_result, orgs_result, tokens_result)
    lines = ([prefix + 'API roles: ' + _counts(counts[ACCOUNT])] if report_roles else []) + [
        prefix + '%s: %s (%s)' % (label, _counts(counts[label]), ', '.join(details[label])) for label in labels]
    return {'changes': changes, 'drift': [row for change in changes if change['action'] != 'unchanged' for row in _drift_rows(change)],
            'summary': {'api_roles': counts.pop(ACCOUNT), 'tenants': counts}, 'lines': lines}


def teardown_outcome(tenants, tokens_result=None, orgs_result=None, roles_result=None, report_roles=False):
    """{summary, lines} of a tenant_teardown run."""
    summary = {'tenants': dict((tenant['label'], {'tokens_deleted': [], 'organization_deleted': False}) for tenant in tenants or []),
               'api_roles': {'deleted': [], 'kept': [], 'absent': []}}
    for result in _ran(tokens_result):
        if result['action'] == 'deleted' and result['item'][0]['label'] in summary['tenants']:
            summary['tenants'][result['item'][0]['label']]['tokens_deleted'].append(result['item'][1]['name'])
    for result in _ran(orgs_result):
        if result['action'] == 'deleted' and result['item']['label'] in summary['tenants']:
            summary['tenants'][result['item']['label']]['organization_deleted'] = True
    roles = summary['api_roles']
    for result in _ran(roles_result):
        name = result['item'].get('label', result['item'].get('name'))
        if result.get('in_use'):
            roles['kept'].append('%s (in use by %s tokens)' % (name, result.get('in_use_by_tokens')))
        else:
            roles['deleted' if result['action'] == 'deleted' else 'absent'].append(name)
    prefix = _prefix(tokens_result, orgs_result, roles_result)
    lines = [prefix + '%s: organization %s, %d listed tokens deleted%s'
             % (label, 'deleted' if done['organization_deleted'] else 'already absent', len(done['tokens_deleted']),
                ' (%s)' % ', '.join(done['tokens_deleted']) if done['tokens_deleted'] else '')
             for label, done in summary['tenants'].items()]
    if report_roles:
        lines.append(prefix + 'API roles: deleted %s; kept in use %s; already absent %s'
                     % tuple(', '.join(roles[kind]) or 'none' for kind in ('deleted', 'kept', 'absent')))
    return {'summary': summary, 'lines': lines}


def token_keys(tokens_result, actions=NEW_KEY_ACTIONS):
    """{tenant label: {token name: key}} of the keys the token results hold, for results whose action is in ACTIONS."""
    keys = {}
    for result in _ran(tokens_result):
        key = (result.get('token') or {}).get('key')
        if result.get('action') in actions and not result.get('check_mode') and isinstance(key, str) and key:
            keys.setdefault(result['item'][0]['label'], {})[result['item'][1]['name']] = key
    return keys


def key_file_names(read_result):
    """{tenant label: [token names]} the key files hold a key for, from a looped slurp of them (names only)."""
    names = {}
    for result in _ran(read_result):
        if result.get('content'):
            keys = yaml.safe_load(base64.b64decode(result['content']))
            names[result['item']] = sorted(keys) if isinstance(keys, Mapping) else []
    return names


FAILURE_FIELDS = ('failed', 'changed', 'skipped', 'msg', 'status', 'api_code', 'item', 'ansible_loop_var')


def failure_messages(failed_result):
    """A failed task's result with only what says what failed (status, messages, loop items): what a rescue needs,
    without the rest of each result (a token result holds the key of a token created before the failure)."""
    if not isinstance(failed_result, Mapping):
        return failed_result
    kept = dict((name, failed_result[name]) for name in FAILURE_FIELDS if name in failed_result)
    if isinstance(failed_result.get('results'), list):
        kept['results'] = [dict((name, r[name]) for name in FAILURE_FIELDS if name in r)
                           for r in failed_result['results'] if isinstance(r, Mapping)]
    return kept


class FilterModule(object):

    def filters(self):
        return {'tenant_outcome': tenant_outcome, 'teardown_outcome': teardown_outcome, 'token_keys': token_keys,
                'key_file_names': key_file_names, 'failure_messages': failure_messages}
