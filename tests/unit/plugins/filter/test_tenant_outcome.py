# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters tenant_outcome, teardown_outcome and token_keys: the roles' facts and lines from registered results.

Every result carries the module's own ``action`` and ``check_mode``; the filters must take them as they are.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import copy

import pytest

from jinja2 import Undefined

from ansible_collections.ubidots.cloud.plugins.filter.tenant_outcome import (
    FilterModule, failure_messages, key_file_names, teardown_outcome, tenant_outcome, token_keys)

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


def token_result(tenant, token, action, before=None, after=None, key=SECRET, **extra):
    returned = {'name': token['name'], 'key': key, 'key_fingerprint': NEW_FINGERPRINT}
    return result([tenant, token], action, before, after, token=returned, **extra)


def side(token, fingerprint, **fields):
    return dict({'name': token['name'], 'key_fingerprint': fingerprint}, **fields)


def first_run(check_mode=False):
    roles = registered(result(READER, 'created', {}, {'label': 'reader'}, check_mode, role={'label': 'reader'}))
    orgs = registered(result(ACME, 'created', {}, {'label': 'acme'}, check_mode), result(BETA, 'created', {}, {'label': 'beta'}, check_mode))
    tokens = registered(token_result(ACME, GATEWAY, 'created', {}, side(GATEWAY, NEW_FINGERPRINT), check_mode=check_mode),
                        token_result(ACME, DASHBOARDS, 'created', {}, side(DASHBOARDS, NEW_FINGERPRINT), check_mode=check_mode))
    return roles, orgs, tokens


def counts(created=0, updated=0, unchanged=0):
    return {'created': created, 'updated': updated, 'unchanged': unchanged}


def test_the_filters_are_registered():
    assert FilterModule().filters() == {'tenant_outcome': tenant_outcome, 'teardown_outcome': teardown_outcome,
                                        'token_keys': token_keys, 'key_file_names': key_file_names,
                                        'failure_messages': failure_messages}


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
    tokens = registered(token_result(ACME, GATEWAY, 'regenerated', side(GATEWAY, OLD_FINGERPRINT, rate_limit=4),
                                     side(GATEWAY, NEW_FINGERPRINT, rate_limit=2)))
    out = tenant_outcome([ACME], None, None, tokens, report_roles=False)
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [('rate_limit', 4, 2), ('key', OLD_FINGERPRINT, '(new key)')]
    assert out['summary']['tenants']['acme'] == counts(updated=1)
    assert out['lines'] == ['acme: 0 created, 1 updated, 0 unchanged (token gateway regenerated)']


def test_drift_rows_follow_after_then_before_and_split_dictionaries_by_sorted_key():
    before = {'label': 'acme', 'gone': 1, 'properties': {'b': 1, 'A': 2, 'same': 0}, 'key_fingerprint': 'x'}
    after = {'label': 'acme', 'name': 'ACME', 'properties': {'b': 2, 'a': 3, 'same': 0}, 'key_fingerprint': 'y'}
    out = tenant_outcome([ACME], None, registered(result(ACME, 'updated', before, after)))
    assert [r['field'] for r in out['drift']] == ['name', 'properties.a', 'properties.A', 'properties.b', 'gone']


def test_roles_are_named_by_their_label_else_the_returned_label_else_their_name():
    roles = registered(result(READER, 'unchanged', role={'label': 'other'}), result(WRITER, 'unchanged', role={'label': 'device-writer'}),
                       result(WRITER, 'unchanged'))
    assert [c['name'] for c in tenant_outcome([], roles)['changes']] == ['reader', 'device-writer', 'Device writer']


def test_skipped_items_and_missing_results_are_left_out():
    out = tenant_outcome([ACME], registered(skipped(READER)), {'skipped': True}, Undefined())
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


def test_token_keys_of_new_tokens_only_outside_check_mode():
    tokens = registered(token_result(ACME, GATEWAY, 'created'), token_result(ACME, DASHBOARDS, 'unchanged', key='BBFF-old'),
                        token_result(BETA, GATEWAY, 'regenerated', key='BBFF-new'), token_result(BETA, DASHBOARDS, 'updated', key=None),
                        token_result(BETA, {'name': 'p'}, 'created', check_mode=True, key='(known after apply)'),
                        {'item': [BETA, {'name': 'f'}], 'failed': True, 'msg': 'no'}, skipped([BETA, GATEWAY]))
    assert token_keys(tokens) == {'acme': {'gateway': SECRET}, 'beta': {'gateway': 'BBFF-new'}}
    assert token_keys(tokens, ['updated', 'unchanged']) == {'acme': {'dashboards': 'BBFF-old'}}
    assert token_keys(None) == {}


@pytest.mark.parametrize('check_mode', [False, True])
def test_teardown_reports_what_each_result_says(check_mode):
    tokens = registered(result([ACME, GATEWAY], 'deleted', check_mode=check_mode), result([ACME, DASHBOARDS], 'unchanged', check_mode=check_mode))
    orgs = registered(result(ACME, 'deleted', check_mode=check_mode), result(BETA, 'unchanged', check_mode=check_mode))
    refused = result(READER, 'unchanged', check_mode=check_mode, failed=True, in_use=True, in_use_by_tokens=2, msg='role "reader": not deleted')
    roles = registered(refused, result(WRITER, 'deleted', check_mode=check_mode), result({'label': 'ops'}, 'unchanged', check_mode=check_mode),
                       result({'label': 'one'}, 'unchanged', failed=True, in_use=True, in_use_by_tokens=1))
    out = teardown_outcome([ACME, BETA], tokens, orgs, roles, report_roles=True)
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


def test_key_file_names_reads_names_only_and_skips_missing_files():
    content = base64.b64encode(b'gateway: BBFF-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ndashboards: x\n').decode()
    read = {'results': [{'item': 'acme', 'content': content}, {'item': 'globex', 'failed': True, 'msg': 'file not found'},
                        {'item': 'initech', 'content': base64.b64encode(b'- not a mapping\n').decode()}]}
    assert key_file_names(read) == {'acme': ['dashboards', 'gateway'], 'initech': []}
    assert key_file_names(None) == {}


def test_failure_messages_keep_what_failed_and_drop_the_results_keys():
    failed = {'failed': True, 'msg': 'One or more items failed', 'results': [
        {'item': ['acme', 'gateway'], 'changed': True, 'token': {'key': 'BBFF-' + 'k' * 30}},
        {'item': ['acme', 'bad'], 'failed': True, 'msg': 'role=x does not exist', 'status': 400}]}
    kept = failure_messages(failed)
    assert kept == {'failed': True, 'msg': 'One or more items failed', 'results': [
        {'item': ['acme', 'gateway'], 'changed': True}, {'item': ['acme', 'bad'], 'failed': True, 'msg': 'role=x does not exist', 'status': 400}]}
    assert 'BBFF-' not in repr(kept)
