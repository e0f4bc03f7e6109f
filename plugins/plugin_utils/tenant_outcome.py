# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the roles' module tasks did, from their results' own ``action`` and ``check_mode``: the filters tenant_outcome
and teardown_outcome (plugins/filter/tenant_outcome.py, documented beside it)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections.abc import Mapping

ACCOUNT = '(account)'
PEOPLE = '(user roles and users)'   # account-level too, counted apart from the API roles
CHECK_MODE_PREFIX = '(check mode, predicted) '


def _ran(registered):
    """The results that ran: a looped task's items that were not skipped, or a single task's result; none for an
    undefined, null or skipped task."""
    if not isinstance(registered, Mapping) or registered.get('skipped'):
        return []
    return [r for r in registered.get('results', [registered]) if not r.get('skipped') and 'action' in r]


def _prefix(*registered):
    return CHECK_MODE_PREFIX if any(r.get('check_mode') for reg in registered for r in _ran(reg)) else ''


def _side(result, side, group=None, name=None):
    """One side of RESULT's diff: of the member NAME of its set GROUP (roles, tokens), else of the object alone."""
    view = (result.get('diff') or {}).get(side, {})
    return view.get(group, {}).get(name, {}) if group else dict((k, v) for k, v in view.items() if k not in ('tokens', 'members'))


def _change(tenant, kind, name, obj, action, result, group=None, member=None):
    return {'tenant': tenant, 'kind': kind, 'name': name, 'object': obj, 'action': action,
            'before': _side(result, 'before', group, member), 'after': _side(result, 'after', group, member)}


def _row(tenant, obj, field, current, desired):
    return {'tenant': tenant, 'object': obj, 'field': field, 'current': current, 'desired': desired}


def _drift_rows(change):
    tenant, obj, before, after = change['tenant'], change['object'], change['before'], change['after']
    if change['action'] in ('created', 'deleted'):
        return [_row(tenant, obj, '(object)', '(missing)', 'present') if change['action'] == 'created'
                else _row(tenant, obj, '(object)', 'present', '(deleted)')]
    rows = []
    for field in dict.fromkeys(list(after) + list(before)):
        old, new = before.get(field), after.get(field)
        if field == 'key_fingerprint' or old == new:   # a new key gets its own row below
            continue
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            keys = sorted(dict.fromkeys(list(new) + list(old)), key=lambda key: key.lower() if isinstance(key, str) else key)
            rows.extend(_row(tenant, obj, '%s.%s' % (field, k), old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))
        else:
            rows.append(_row(tenant, obj, field, old, new))
    if change['action'] == 'regenerated':
        rows.append(_row(tenant, obj, 'key', before.get('key_fingerprint'), '(new key)'))
    return rows


def _counts(tally):
    return '%d created, %d updated, %d unchanged' % (tally['created'], tally['updated'], tally['unchanged'])


def _members(tenant, result):
    """The membership changes of an organization result: one per member, ``user <name>`` with field the tenant."""
    before = (result.get('diff') or {}).get('before', {}).get('members', {})
    return [{'tenant': tenant, 'kind': 'member', 'name': 'member %s' % m['username'], 'object': 'user %s' % m['username'],
             'action': m['action'], 'before': {tenant: before.get(m['username'])} if m['action'] != 'added' else {},
             'after': {tenant: m['role']} if m['action'] != 'removed' else {}} for m in result.get('members', [])]


def tenant_outcome(tenants, roles_result=None, orgs_result=None, user_roles_result=None, users_result=None, report_roles=True):
    """{changes, drift, summary, lines} of a tenant_bootstrap run."""
    labels = [tenant['label'] for tenant in tenants or []]
    orgs = [(r['item']['label'], r) for r in _ran(orgs_result)]
    people = [(r['item'].get('label') or (r.get('role') or {}).get('label') or r['item']['name'], r) for r in _ran(user_roles_result)]
    changes = ([_change(ACCOUNT, 'role', e['label'], 'role %s' % e['label'], e['action'], r, 'roles', e['label'])
                for r in _ran(roles_result) for e in r.get('roles', [])]
               + [_change(ACCOUNT, 'user role', name, 'user role %s' % name, r['action'], r) for name, r in people]
               + [_change(ACCOUNT, 'user', r['item']['username'], 'user %s' % r['item']['username'], r['action'], r)
                  for r in _ran(users_result)]
               + [_change(t, 'organization', 'organization', 'organization %s' % t, r.get('organization_action', r['action']), r)
                  for t, r in orgs]
               + [_change(t, 'token', 'token %s' % e['name'], 'token %s:%s' % (t, e['name']), e['action'], r, 'tokens', e['name'])
                  for t, r in orgs for e in r.get('tokens', [])]
               + [change for t, r in orgs for change in _members(t, r)])
    counts = dict((label, {'created': 0, 'updated': 0, 'unchanged': 0}) for label in [ACCOUNT, PEOPLE] + labels)
    details = dict((label, []) for label in labels)
    for change in changes:
        counted = {'added': 'created'}.get(change['action'], change['action'])
        counted = counted if counted in ('created', 'unchanged') else 'updated'
        counts.get(PEOPLE if change['kind'] in ('user', 'user role') else change['tenant'], {counted: 0})[counted] += 1
        details.get(change['tenant'], []).append('%s %s' % (change['name'], change['action']))
    prefix = _prefix(roles_result, orgs_result, user_roles_result, users_result)
    people = counts.pop(PEOPLE)
    lines = ([prefix + 'API roles: ' + _counts(counts[ACCOUNT])] if report_roles else []) + (
        [prefix + 'User roles and users: ' + _counts(people)] if sum(people.values()) else []) + [
        prefix + '%s: %s (%s)' % (label, _counts(counts[label]), ', '.join(details[label])) for label in labels]
    undeclared = [_row(t, obj, '(object)', 'present', 'not declared') for t, r in orgs for obj in   # reported, never changed
                  ['token %s:%s' % (t, name) for name in r.get('undeclared_tokens', [])]
                  + ['member %s of %s' % (m['username'], t) for m in r.get('undeclared_members', [])]]
    summary = dict({'api_roles': counts.pop(ACCOUNT), 'tenants': counts}, **({'users': people} if sum(people.values()) else {}))
    return {'changes': changes, 'summary': summary, 'lines': lines,
            'drift': [row for change in changes if change['action'] != 'unchanged' for row in _drift_rows(change)] + undeclared}


def teardown_outcome(tenants, tokens_result=None, orgs_result=None, roles_result=None, report_roles=False, api_roles=(),
                     users_result=None):
    """{summary, lines} of a tenant_teardown run; a role named as API_ROLES gives it (label, else name); with
    USERS_RESULT (the deletion of users left with no organization), the users deleted."""
    summary = {'tenants': dict((tenant['label'], {'tokens_deleted': [], 'organization_deleted': False}) for tenant in tenants or []),
               'api_roles': {'deleted': [], 'kept': [], 'absent': []}}
    for result in _ran(tokens_result):
        if result['action'] == 'deleted' and result['item'][0]['label'] in summary['tenants']:
            summary['tenants'][result['item'][0]['label']]['tokens_deleted'].append(result['item'][1]['name'])
    for result in _ran(orgs_result):
        if result['action'] == 'deleted' and result['item']['label'] in summary['tenants']:
            summary['tenants'][result['item']['label']]['organization_deleted'] = True
    roles = summary['api_roles']
    given = [role.get('label') or role.get('name') for role in api_roles or []]
    for index, role in enumerate(e for r in _ran(roles_result) for e in r.get('roles', [])):
        name = given[index] if index < len(given) else role['label']
        if role.get('in_use'):
            roles['kept'].append('%s (in use by %s tokens)' % (name, role.get('in_use_by_tokens')))
        else:
            roles['deleted' if role['action'] == 'deleted' else 'absent'].append(name)
    prefix = _prefix(tokens_result, orgs_result, roles_result, users_result)
    lines = [prefix + '%s: organization %s, %d listed tokens deleted%s'
             % (label, 'deleted' if done['organization_deleted'] else 'already absent', len(done['tokens_deleted']),
                ' (%s)' % ', '.join(done['tokens_deleted']) if done['tokens_deleted'] else '')
             for label, done in summary['tenants'].items()]
    if report_roles:
        lines.append(prefix + 'API roles: deleted %s; kept in use %s; already absent %s'
                     % tuple(', '.join(roles[kind]) or 'none' for kind in ('deleted', 'kept', 'absent')))
    if users_result is not None:
        summary['users_deleted'] = [r['item']['username'] for r in _ran(users_result) if r['action'] == 'deleted']
        lines.append(prefix + 'Users left with no organization: deleted %s' % (', '.join(summary['users_deleted']) or 'none'))
    return {'summary': summary, 'lines': lines}
