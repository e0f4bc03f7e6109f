# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a run of ubidots.cloud.tenant_bootstrap did, from the results its tasks registered.

``tenant_outcome`` turns the registered results of the role's three API tasks (roles, organizations,
tokens) into the role's facts ``tenant_bootstrap_changes``, ``tenant_bootstrap_drift`` and
``tenant_bootstrap_summary``, and into the lines of its per-tenant summary, in one pass over the
results (the lines group the changes by tenant once instead of searching them for every tenant).
Its documentation is in tenant_outcome.yml beside this file.

Token results carry the secret key under ``token.key``. Only ``item``, ``changed``, ``skipped`` and
``diff`` of a token result are ever read (the diff holds a fingerprint of the key, never the key),
so nothing this filter returns or raises can hold a key.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections.abc import Mapping

from jinja2 import Undefined

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

ACCOUNT = '(account)'
CHECK_MODE_PREFIX = '(check mode, predicted) '

# The keys read from a registered loop result of each task. A token result also holds the token
# itself, key included (token.key): that key is never copied, so its value cannot reach the output.
_ROLE_KEYS = ('item', 'changed', 'skipped', 'diff', 'role')
_ORGANIZATION_KEYS = ('item', 'changed', 'skipped', 'diff')
_TOKEN_KEYS = ('item', 'changed', 'skipped', 'diff')

# Which count of the summary each action adds to.
_COUNTED_AS = {'created': 'created', 'updated': 'updated', 'regenerated': 'updated', 'unchanged': 'unchanged'}


def _type_name(value):
    return type(value).__name__


def _absent(value):
    """A variable that is undefined or null: no results at all."""
    return value is None or isinstance(value, Undefined)


def _is_list(value):
    return isinstance(value, (list, tuple))


def _get(container, key, default=None):
    """CONTAINER[KEY] when CONTAINER is a dictionary holding KEY, else DEFAULT (as Jinja's ``a.b | default(...)``)."""
    if isinstance(container, Mapping) and key in container:
        return container[key]
    return default


def _option(value, argument):
    """A boolean argument of the filter (check_mode, report_roles)."""
    if isinstance(value, bool):
        return value
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise AnsibleFilterError('tenant_outcome: %s must be a boolean; got a value of type %s.'
                                 % (argument, _type_name(value)))


def _results(registered, argument, keys):
    """The loop results of a registered variable, each cut down to KEYS (the only keys ever read).

    An undefined or null variable, or the result of a skipped task (which has no ``results``), gives
    no results. Messages name the argument and the type of the value, never the value itself.
    """
    if _absent(registered):
        return []
    if not isinstance(registered, Mapping):
        raise AnsibleFilterError('tenant_outcome: %s must be the result a looped task registered (a dictionary) '
                                 'or null; got a value of type %s.' % (argument, _type_name(registered)))
    results = registered.get('results')
    if _absent(results):
        return []
    if not _is_list(results):
        raise AnsibleFilterError('tenant_outcome: %s.results must be a list; got a value of type %s.'
                                 % (argument, _type_name(results)))
    views = []
    for index, result in enumerate(results):
        if not isinstance(result, Mapping):
            raise AnsibleFilterError('tenant_outcome: %s.results[%d] must be a dictionary; got a value of type %s.'
                                     % (argument, index, _type_name(result)))
        views.append((index, dict((key, result[key]) for key in keys if key in result)))
    return views


def _sides(result):
    """(before, after) of a result's diff; {} for a side that is missing, both {} without a diff."""
    diff = result.get('diff')
    if not isinstance(diff, Mapping):
        return {}, {}
    return diff.get('before', {}), diff.get('after', {})


def _action(result, before, after):
    if not result.get('changed'):
        return 'unchanged'
    if before == {}:
        return 'created'
    # Only a new key changes a token's fingerprint (predicted in check mode), and a new key is always in the answer
    # that made it. Reading this from the module's diff rather than the item's `regenerate` keeps every spelling
    # the module takes as true ('y', 't', ...); the key files (keys.yml) use this rule too.
    if isinstance(before, Mapping) and isinstance(after, Mapping) and 'key_fingerprint' in before \
            and after.get('key_fingerprint') is not None and before['key_fingerprint'] != after['key_fingerprint']:
        return 'regenerated'
    return 'updated'


def _changes(registered, argument, keys, describe):
    """One change per loop item that ran; DESCRIBE(index, result) gives its (tenant, kind, name, object)."""
    changes = []
    for index, result in _results(registered, argument, keys):
        if result.get('skipped'):
            continue
        tenant, kind, name, obj = describe(index, result)
        before, after = _sides(result)
        changes.append({'tenant': tenant, 'kind': kind, 'name': name, 'object': obj,
                        'action': _action(result, before, after), 'before': before, 'after': after})
    return changes


def _describe_role(dummy, result):
    item = result.get('item')
    # The role's label as given, else as the module reports it, else its name.
    name = _get(item, 'label', _get(result.get('role'), 'label', _get(item, 'name')))
    return ACCOUNT, 'role', name, 'role %s' % (name,)


def _describe_organization(dummy, result):
    label = _get(result.get('item'), 'label')
    return label, 'organization', 'organization', 'organization %s' % (label,)


def _describe_token(index, result):
    item = result.get('item')
    if not _is_list(item) or len(item) != 2:
        raise AnsibleFilterError('tenant_outcome: tokens_result.results[%d].item must be a [tenant, token] pair; '
                                 'got a value of type %s.' % (index, _type_name(item)))
    tenant, name = _get(item[0], 'label'), _get(item[1], 'name')
    return tenant, 'token', 'token %s' % (name,), 'token %s:%s' % (tenant, name)


def _fold(value):
    """Case-insensitive sort key, as Jinja's sort filter uses by default."""
    return value.lower() if isinstance(value, str) else value


def _unique(values):
    """VALUES without repeats, first occurrence kept ('Tier' and 'tier' are two keys, as the API sees them)."""
    return list(dict.fromkeys(values))


def _mapping(value, change, side):
    if not isinstance(value, Mapping):
        raise AnsibleFilterError('tenant_outcome: the diff.%s of %s must be a dictionary; got a value of type %s.'
                                 % (side, change['object'], _type_name(value)))
    return value


def _drift_rows(change):
    """The rows of one created, updated or regenerated object."""
    def row(field, current, desired):
        return {'tenant': change['tenant'], 'object': change['object'], 'field': field,
                'current': current, 'desired': desired}

    if change['action'] == 'created':
        return [row('(object)', '(missing)', 'present')]
    before = _mapping(change['before'], change, 'before')
    after = _mapping(change['after'], change, 'after')
    rows = []
    for field in _unique(list(after) + list(before)):
        # The fingerprint changes with the key; a regenerated key gets its own row below.
        if field == 'key_fingerprint' or before.get(field) == after.get(field):
            continue
        current, desired = before.get(field), after.get(field)
        if isinstance(current, Mapping) and isinstance(desired, Mapping):
            for key in sorted(_unique(list(desired) + list(current)), key=_fold):
                if current.get(key) != desired.get(key):
                    rows.append(row('%s.%s' % (field, key), current.get(key), desired.get(key)))
        else:
            rows.append(row(field, current, desired))
    if change['action'] == 'regenerated':
        rows.append(row('key', before.get('key_fingerprint'), '(new key)'))
    return rows


def _labels(tenants):
    """The label of every tenant, in order."""
    if _absent(tenants):
        return []
    if not _is_list(tenants):
        raise AnsibleFilterError('tenant_outcome: the input (ubidots_tenants) must be a list; got a value of type %s.'
                                 % _type_name(tenants))
    labels = []
    for index, tenant in enumerate(tenants):
        if not isinstance(tenant, Mapping):
            raise AnsibleFilterError('tenant_outcome: tenant #%d of the input (ubidots_tenants) must be a dictionary; '
                                     'got a value of type %s.' % (index + 1, _type_name(tenant)))
        label = tenant.get('label')
        try:
            hash(label)
        except TypeError:
            raise AnsibleFilterError('tenant_outcome: the label of tenant #%d of the input (ubidots_tenants) must be '
                                     'a string; got a value of type %s.' % (index + 1, _type_name(label)))
        labels.append(label)
    return labels


def tenant_outcome(tenants, roles_result=None, orgs_result=None, tokens_result=None, check_mode=False, report_roles=True):
    """{changes, drift, summary, lines} of a tenant_bootstrap run; see tenant_outcome.yml."""
    labels = _labels(tenants)
    check_mode = _option(check_mode, 'check_mode')
    report_roles = _option(report_roles, 'report_roles')

    # Token results hold the key (token.key): _TOKEN_KEYS keeps only item, changed, skipped and diff of them.
    changes = (_changes(roles_result, 'roles_result', _ROLE_KEYS, _describe_role)
               + _changes(orgs_result, 'orgs_result', _ORGANIZATION_KEYS, _describe_organization)
               + _changes(tokens_result, 'tokens_result', _TOKEN_KEYS, _describe_token))

    drift = []
    counts = dict((label, {'created': 0, 'updated': 0, 'unchanged': 0}) for label in [ACCOUNT] + labels)
    details = dict((label, []) for label in labels)
    for change in changes:
        if change['action'] != 'unchanged':
            drift.extend(_drift_rows(change))
        tenant = change['tenant']
        try:
            known = tenant in counts
        except TypeError:   # an unhashable label in a result: no tenant of the input has it
            known = False
        if known:
            counts[tenant][_COUNTED_AS[change['action']]] += 1
            if tenant in details:
                details[tenant].append('%s %s' % (change['name'], change['action']))

    summary = {'api_roles': counts[ACCOUNT],
               'tenants': dict((label, tally) for label, tally in counts.items() if label != ACCOUNT)}

    prefix = CHECK_MODE_PREFIX if check_mode else ''
    lines = []
    if report_roles:
        roles = counts[ACCOUNT]
        lines.append(prefix + 'API roles: %d created, %d updated, %d unchanged'
                     % (roles['created'], roles['updated'], roles['unchanged']))
    for label in labels:
        tally = counts[label]
        lines.append(prefix + '%s: %d created, %d updated, %d unchanged (%s)'
                     % (label, tally['created'], tally['updated'], tally['unchanged'], ', '.join(details[label])))

    return {'changes': changes, 'drift': drift, 'summary': summary, 'lines': lines}


class FilterModule(object):

    def filters(self):
        return {'tenant_outcome': tenant_outcome}
