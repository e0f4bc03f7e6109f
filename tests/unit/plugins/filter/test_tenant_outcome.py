# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters tenant_outcome and teardown_outcome: the roles' facts and lines from registered results.

Every result carries the module's own ``action`` and ``check_mode``; the filters must take them as they are.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from jinja2 import Undefined

from ansible_collections.ubidots.cloud.plugins.filter.tenant_outcome import FilterModule, teardown_outcome, tenant_outcome

SECRET = 'BBFF-s3cretKeyThatMustNeverShow0'
OLD_FINGERPRINT = 'sha256:3f1c0b9a7d2e'
NEW_FINGERPRINT = 'sha256:9a8b7c6d5e4f'

READER = {'name': 'Reader', 'label': 'reader'}
WRITER = {'name': 'Device writer'}
GATEWAY = {'name': 'gateway', 'role': 'reader', 'rate_limit': 2}
DASHBOARDS = {'name': 'dashboards', 'role': 'reader'}
ACME = {'label': 'acme', 'name': 'ACME', 'tokens': [GATEWAY, DASHBOARDS]}
BETA = {'label': 'beta', 'name': 'Beta', 'tokens': []}


def result(item, action, before=None, after=None, check_mode=False, **extra):
    entry = dict({'item': item, 'changed': action != 'unchanged', 'action': action, 'check_mode': check_mode,
                  'failed': False, 'ansible_loop_var': 'item'}, **extra)
    if before is not None:
        entry['diff'] = {'before': before, 'after': after}
    return entry


def skipped(item):
    return {'item': item, 'changed': False, 'skipped': True, 'ansible_loop_var': 'item'}


def registered(*results):
    return {'changed': any(r.get('changed') for r in results), 'results': list(results)}


def role_set(*roles, **extra):
    """The result of the role task (one task, ``roles``): each role (label, action, before, after)."""
    check_mode = extra.pop('check_mode', False)
    entries = [dict({'label': label, 'action': action}, **extra) for label, action, before, after in roles]
    diff = dict((side, {'roles': dict((r[0], r[2 if side == 'before' else 3]) for r in roles if r[2] is not None)})
                for side in ('before', 'after'))
    return {'changed': any(r[1] != 'unchanged' for r in roles), 'action': 'updated', 'check_mode': check_mode,
            'roles': entries, 'diff': diff}


def with_tokens(org_result, *tokens, **extra):
    """An organization result with its token set: each token (name, action, before, after)."""
    entries = [{'name': name, 'action': action, 'key': SECRET, 'key_fingerprint': NEW_FINGERPRINT} for name, action, before, after in tokens]
    org_result = dict(org_result, tokens=entries, organization_action=org_result['action'], **extra)
    diff = org_result.setdefault('diff', {'before': {}, 'after': {}})
    for side, index in (('before', 2), ('after', 3)):
        diff[side] = dict(diff[side], tokens=dict((t[0], t[index]) for t in tokens if t[index] is not None))
    if any(t[1] != 'unchanged' for t in tokens) and org_result['action'] == 'unchanged':
        org_result['action'] = 'updated'
    return org_result


def side(token, fingerprint, **fields):
    return dict({'name': token['name'], 'key_fingerprint': fingerprint}, **fields)


def first_run(check_mode=False):
    roles = role_set(('reader', 'created', {}, {'label': 'reader'}), check_mode=check_mode)
    orgs = registered(with_tokens(result(ACME, 'created', {}, {'label': 'acme'}, check_mode),
                                  ('gateway', 'created', {}, side(GATEWAY, NEW_FINGERPRINT)),
                                  ('dashboards', 'created', {}, side(DASHBOARDS, NEW_FINGERPRINT))),
                      result(BETA, 'created', {}, {'label': 'beta'}, check_mode))
    return roles, orgs


def counts(created=0, updated=0, unchanged=0):
    return {'created': created, 'updated': updated, 'unchanged': unchanged}


def test_the_filters_are_registered():
    assert FilterModule().filters() == {'tenant_outcome': tenant_outcome, 'teardown_outcome': teardown_outcome}


def test_a_first_run_creates_everything():
    out = tenant_outcome([ACME, BETA], *first_run())
    assert [c['object'] for c in out['changes']] == ['role reader', 'organization acme', 'organization beta',
                                                     'token acme:gateway', 'token acme:dashboards']
    assert set(c['action'] for c in out['changes']) == {'created'}
    assert out['drift'][0] == {'tenant': '(account)', 'object': 'role reader', 'field': '(object)',
                               'current': '(missing)', 'desired': 'present'}
    assert out['summary'] == {'api_roles': counts(created=1), 'tenants': {'acme': counts(created=3), 'beta': counts(created=1)}}
    assert out['lines'] == ['API roles: 1 created, 0 updated, 0 unchanged',
                            'acme: 3 created, 0 updated, 0 unchanged (organization created, token gateway created, token dashboards created)',
                            'beta: 1 created, 0 updated, 0 unchanged (organization created)']


def test_the_action_is_the_modules_own_not_read_from_the_diff():
    # A changed result with an empty before is still what the module says; an unchanged one with a diff too.
    orgs = registered(result(ACME, 'updated', {}, {'name': 'ACME'}), result(BETA, 'unchanged', {}, {}))
    out = tenant_outcome([ACME, BETA], None, orgs)
    assert [c['action'] for c in out['changes']] == ['updated', 'unchanged']
    assert out['drift'] == [{'tenant': 'acme', 'object': 'organization acme', 'field': 'name', 'current': None, 'desired': 'ACME'}]


def test_a_regenerated_token_has_its_fields_then_a_key_row_and_counts_as_updated():
    orgs = registered(with_tokens(result(ACME, 'unchanged', {'label': 'acme'}, {'label': 'acme'}),
                                  ('gateway', 'regenerated', side(GATEWAY, OLD_FINGERPRINT, rate_limit=4),
                                   side(GATEWAY, NEW_FINGERPRINT, rate_limit=2))))
    out = tenant_outcome([ACME], None, orgs, report_roles=False)
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [('rate_limit', 4, 2), ('key', OLD_FINGERPRINT, '(new key)')]
    assert out['summary']['tenants']['acme'] == counts(updated=1, unchanged=1)
    assert out['lines'] == ['acme: 0 created, 1 updated, 1 unchanged (organization unchanged, token gateway regenerated)']


def test_undeclared_tokens_are_drift_rows_and_deleted_ones_one_row_each():
    orgs = registered(with_tokens(result(ACME, 'unchanged', {'label': 'acme'}, {'label': 'acme'}),
                                  ('gone', 'deleted', side({'name': 'gone'}, OLD_FINGERPRINT), {}), undeclared_tokens=['old-script']))
    out = tenant_outcome([ACME], None, orgs, report_roles=False)
    assert out['drift'] == [
        {'tenant': 'acme', 'object': 'token acme:gone', 'field': '(object)', 'current': 'present', 'desired': '(deleted)'},
        {'tenant': 'acme', 'object': 'token acme:old-script', 'field': '(object)', 'current': 'present', 'desired': 'not declared'}]
    assert out['summary']['tenants']['acme'] == counts(updated=1, unchanged=1)


def test_drift_rows_follow_after_then_before_and_split_dictionaries_by_sorted_key():
    before = {'label': 'acme', 'gone': 1, 'properties': {'b': 1, 'A': 2, 'same': 0}, 'key_fingerprint': 'x'}
    after = {'label': 'acme', 'name': 'ACME', 'properties': {'b': 2, 'a': 3, 'same': 0}, 'key_fingerprint': 'y'}
    out = tenant_outcome([ACME], None, registered(result(ACME, 'updated', before, after)))
    assert [r['field'] for r in out['drift']] == ['name', 'properties.a', 'properties.A', 'properties.b', 'gone']


def test_roles_are_named_by_their_label():
    roles = role_set(('other', 'unchanged', None, None), ('device-writer', 'unchanged', None, None))
    assert [c['name'] for c in tenant_outcome([], roles)['changes']] == ['other', 'device-writer']


def test_skipped_items_and_missing_results_are_left_out():
    out = tenant_outcome([ACME], {'skipped': True}, registered(skipped(ACME)))
    assert out['changes'] == [] and tenant_outcome([ACME], Undefined(), {'skipped': True})['changes'] == []
    assert out['changes'] == [] and out['summary']['tenants'] == {'acme': counts()}
    assert tenant_outcome(None)['lines'] == ['API roles: 0 created, 0 updated, 0 unchanged']


def test_check_mode_comes_from_the_results():
    assert all(line.startswith('(check mode, predicted) ') for line in tenant_outcome([ACME, BETA], *first_run(True))['lines'])
    assert not any('check mode' in line for line in tenant_outcome([ACME, BETA], *first_run())['lines'])


def test_the_key_of_a_token_is_nowhere_in_the_outcome_and_the_input_is_kept():
    runs = first_run()
    kept = copy.deepcopy(runs)
    assert SECRET not in repr(tenant_outcome([ACME, BETA], *runs))
    assert runs == kept


@pytest.mark.parametrize('check_mode', [False, True])
def test_teardown_reports_what_each_result_says(check_mode):
    tokens = registered(result([ACME, GATEWAY], 'deleted', check_mode=check_mode), result([ACME, DASHBOARDS], 'unchanged', check_mode=check_mode))
    orgs = registered(result(ACME, 'deleted', check_mode=check_mode), result(BETA, 'unchanged', check_mode=check_mode))
    roles = {'changed': True, 'action': 'updated', 'check_mode': check_mode, 'roles': [
        {'label': 'reader', 'action': 'unchanged', 'in_use': True, 'in_use_by_tokens': 2}, {'label': 'device-writer', 'action': 'deleted'},
        {'label': 'ops', 'action': 'unchanged'}, {'label': 'one', 'action': 'unchanged', 'in_use': True, 'in_use_by_tokens': 1}]}
    given = [READER, WRITER, {'label': 'ops'}, {'label': 'one'}]
    out = teardown_outcome([ACME, BETA], tokens, orgs, roles, report_roles=True, api_roles=given)
    assert out['summary'] == {'tenants': {'acme': {'tokens_deleted': ['gateway'], 'organization_deleted': True},
                                          'beta': {'tokens_deleted': [], 'organization_deleted': False}},
                              'api_roles': {'deleted': ['Device writer'], 'kept': ['reader (in use by 2 tokens)', 'one (in use by 1 tokens)'],
                                            'absent': ['ops']}}
    prefix = '(check mode, predicted) ' if check_mode else ''
    assert out['lines'] == [prefix + 'acme: organization deleted, 1 listed tokens deleted (gateway)',
                            prefix + 'beta: organization already absent, 0 listed tokens deleted',
                            prefix + 'API roles: deleted Device writer; kept in use reader (in use by 2 tokens), one (in use by 1 tokens); '
                                     'already absent ops']
    assert len(teardown_outcome([ACME], tokens, orgs, roles)['lines']) == 1


def test_users_user_roles_and_memberships_are_changes_and_drift_rows():
    user_roles = registered(result({'name': 'Support'}, 'created', {}, {'label': 'support'}, role={'label': 'support'}))
    users = registered(result({'username': 'alice'}, 'updated', {'username': 'alice', 'first_name': 'Al'},
                              {'username': 'alice', 'first_name': 'Alice'}))
    org = dict(result(ACME, 'updated', {'label': 'acme', 'members': {'alice': 'viewer', 'carol': 'viewer'}},
                      {'label': 'acme', 'members': {'alice': 'editor', 'bob': 'viewer'}}), organization_action='unchanged',
               members=[{'username': 'alice', 'role': 'editor', 'action': 'updated'}, {'username': 'bob', 'role': 'viewer', 'action': 'added'},
                        {'username': 'carol', 'role': 'viewer', 'action': 'removed'}],
               undeclared_members=[{'username': 'dave', 'role': 'viewer'}])
    out = tenant_outcome([ACME], None, registered(org), user_roles, users, report_roles=False)
    assert [(c['object'], c['action']) for c in out['changes']] == [
        ('user role support', 'created'), ('user alice', 'updated'), ('organization acme', 'unchanged'),
        ('user alice', 'updated'), ('user bob', 'added'), ('user carol', 'removed')]
    assert [(r['tenant'], r['object'], r['field'], r['current'], r['desired']) for r in out['drift']] == [
        ('(account)', 'user role support', '(object)', '(missing)', 'present'),
        ('(account)', 'user alice', 'first_name', 'Al', 'Alice'),
        ('acme', 'user alice', 'acme', 'viewer', 'editor'),
        ('acme', 'user bob', 'acme', None, 'viewer'),
        ('acme', 'user carol', 'acme', 'viewer', None),
        ('acme', 'member dave of acme', '(object)', 'present', 'not declared')]
    assert out['summary']['tenants']['acme'] == counts(created=1, updated=2, unchanged=1)
    assert out['summary']['users'] == counts(created=1, updated=1) and out['summary']['api_roles'] == counts()
    assert out['lines'] == ['User roles and users: 1 created, 1 updated, 0 unchanged',
                            'acme: 1 created, 2 updated, 1 unchanged (organization unchanged, member alice updated, '
                            'member bob added, member carol removed)']


def test_teardown_reports_the_users_it_deleted_only_when_asked_to():
    users = registered(result({'username': 'alice'}, 'deleted'), skipped({'username': 'bob'}))
    out = teardown_outcome([ACME], users_result=users)
    assert out['summary']['users_deleted'] == ['alice'] and out['lines'][-1] == 'Users left with no organization: deleted alice'
    assert 'users_deleted' not in teardown_outcome([ACME])['summary']
