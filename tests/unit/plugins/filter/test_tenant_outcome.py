# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter tenant_outcome: the facts and the summary lines of tenant_bootstrap from its registered results."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from jinja2 import StrictUndefined, Undefined

from ansible.errors import AnsibleFilterError

from ansible_collections.ubidots.cloud.plugins.filter.tenant_outcome import FilterModule, tenant_outcome

SECRET = 'BBFF-s3cretKeyThatMustNeverShow0'
OLD_FINGERPRINT = 'sha256:3f1c0b9a7d2e'
NEW_FINGERPRINT = 'sha256:9a8b7c6d5e4f'

READER = {'name': 'Reader', 'label': 'reader', 'permissions': {'devices': ['read']}}
WRITER = {'name': 'Device writer', 'permissions': {'devices': ['read', 'create']}}
GATEWAY = {'name': 'gateway', 'role': 'reader', 'rate_limit': 2}
DASHBOARDS = {'name': 'dashboards', 'role': 'reader'}
ACME = {'label': 'acme', 'name': 'ACME', 'properties': {'contract': 'gold'}, 'tokens': [GATEWAY, DASHBOARDS]}
BETA = {'label': 'beta', 'name': 'Beta', 'tokens': []}


# ---- registered results, as the role's looped tasks register them (diff mode on) ------------------------------

def result(item, changed, before=None, after=None, **extra):
    """One loop result; before=None leaves the diff out (as a module run without diff mode would)."""
    entry = {'item': item, 'changed': changed, 'failed': False, 'invocation': {'module_args': {}},
             'ansible_loop_var': 'item'}
    if before is not None:
        entry['diff'] = {'before': before, 'after': after}
    entry.update(extra)
    return entry


def skipped(item):
    return {'item': item, 'changed': False, 'skipped': True, 'skip_reason': 'Conditional result was False',
            'false_condition': 'false', 'ansible_loop_var': 'item'}


def registered(*results):
    return {'changed': any(r.get('changed') for r in results), 'msg': 'All items completed', 'results': list(results)}


def role_result(role, changed, before=None, after=None, label=None):
    returned = {'id': '65a1', 'name': role['name'], 'label': label or role.get('label') or 'derived'}
    return result(role, changed, before, after, role=returned)


def token_result(tenant, token, changed, before=None, after=None, key=SECRET):
    returned = {'id': '6541a3c1f0e2', 'name': token['name'], 'key': key, 'key_fingerprint': NEW_FINGERPRINT,
                'rate_limit': token.get('rate_limit'), 'organization': {'label': tenant['label']}}
    return result([tenant, token], changed, before, after, token=returned)


def token_side(token, fingerprint, **fields):
    return dict({'name': token['name'], 'role': token['role'], 'key_fingerprint': fingerprint}, **fields)


def first_run():
    """Everything created: one role, two organizations, the two tokens of acme."""
    roles = registered(role_result(READER, True, {}, {'name': 'Reader', 'label': 'reader',
                                                      'permissions': {'devices': ['read']}}))
    orgs = registered(result(ACME, True, {}, {'label': 'acme', 'name': 'ACME', 'properties': {'contract': 'gold'}}),
                      result(BETA, True, {}, {'label': 'beta', 'name': 'Beta'}))
    tokens = registered(token_result(ACME, GATEWAY, True, {}, token_side(GATEWAY, NEW_FINGERPRINT, rate_limit=2)),
                        token_result(ACME, DASHBOARDS, True, {}, token_side(DASHBOARDS, NEW_FINGERPRINT)))
    return roles, orgs, tokens


def unchanged_run():
    roles = registered(role_result(READER, False, {'name': 'Reader'}, {'name': 'Reader'}))
    orgs = registered(result(ACME, False, {'name': 'ACME'}, {'name': 'ACME'}),
                      result(BETA, False, {'name': 'Beta'}, {'name': 'Beta'}))
    side = token_side(GATEWAY, OLD_FINGERPRINT)
    tokens = registered(token_result(ACME, GATEWAY, False, side, side),
                        token_result(ACME, DASHBOARDS, False, token_side(DASHBOARDS, OLD_FINGERPRINT),
                                     token_side(DASHBOARDS, OLD_FINGERPRINT)))
    return roles, orgs, tokens


def outcome(*args, **kwargs):
    return tenant_outcome([ACME, BETA], *args, **kwargs)


def counts(created=0, updated=0, unchanged=0):
    return {'created': created, 'updated': updated, 'unchanged': unchanged}


# ---- tests ----------------------------------------------------------------------------------------------------

def test_the_filter_is_registered():
    assert FilterModule().filters() == {'tenant_outcome': tenant_outcome}


def test_a_first_run_creates_everything():
    roles, orgs, tokens = first_run()
    out = outcome(roles, orgs, tokens)
    assert sorted(out) == ['changes', 'drift', 'lines', 'summary']
    assert out['changes'] == [
        {'tenant': '(account)', 'kind': 'role', 'name': 'reader', 'object': 'role reader', 'action': 'created',
         'before': {}, 'after': {'name': 'Reader', 'label': 'reader', 'permissions': {'devices': ['read']}}},
        {'tenant': 'acme', 'kind': 'organization', 'name': 'organization', 'object': 'organization acme',
         'action': 'created', 'before': {}, 'after': {'label': 'acme', 'name': 'ACME', 'properties': {'contract': 'gold'}}},
        {'tenant': 'beta', 'kind': 'organization', 'name': 'organization', 'object': 'organization beta',
         'action': 'created', 'before': {}, 'after': {'label': 'beta', 'name': 'Beta'}},
        {'tenant': 'acme', 'kind': 'token', 'name': 'token gateway', 'object': 'token acme:gateway', 'action': 'created',
         'before': {}, 'after': token_side(GATEWAY, NEW_FINGERPRINT, rate_limit=2)},
        {'tenant': 'acme', 'kind': 'token', 'name': 'token dashboards', 'object': 'token acme:dashboards',
         'action': 'created', 'before': {}, 'after': token_side(DASHBOARDS, NEW_FINGERPRINT)},
    ]
    assert out['drift'] == [
        {'tenant': tenant, 'object': obj, 'field': '(object)', 'current': '(missing)', 'desired': 'present'}
        for tenant, obj in [('(account)', 'role reader'), ('acme', 'organization acme'), ('beta', 'organization beta'),
                            ('acme', 'token acme:gateway'), ('acme', 'token acme:dashboards')]]
    assert out['summary'] == {'api_roles': counts(created=1),
                              'tenants': {'acme': counts(created=3), 'beta': counts(created=1)}}
    assert list(out['summary']['tenants']) == ['acme', 'beta']
    assert out['lines'] == [
        'API roles: 1 created, 0 updated, 0 unchanged',
        'acme: 3 created, 0 updated, 0 unchanged (organization created, token gateway created, token dashboards created)',
        'beta: 1 created, 0 updated, 0 unchanged (organization created)',
    ]


def test_a_second_run_changes_nothing():
    out = outcome(*unchanged_run())
    assert [c['action'] for c in out['changes']] == ['unchanged'] * 5
    assert out['drift'] == []
    assert out['summary'] == {'api_roles': counts(unchanged=1),
                              'tenants': {'acme': counts(unchanged=3), 'beta': counts(unchanged=1)}}
    assert out['lines'][1] == ('acme: 0 created, 0 updated, 3 unchanged '
                               '(organization unchanged, token gateway unchanged, token dashboards unchanged)')


def test_an_unchanged_result_with_an_empty_before_is_unchanged():
    out = outcome(None, registered(result(ACME, False, {}, {})), None)
    assert out['changes'][0]['action'] == 'unchanged'
    assert out['drift'] == []


def test_a_changed_result_without_diff_counts_as_created():
    out = outcome(None, registered(result(ACME, True)), None)
    assert out['changes'][0]['before'] == {} and out['changes'][0]['after'] == {}
    assert out['changes'][0]['action'] == 'created'
    out = outcome(None, registered(result(ACME, True, diff=None)), None)
    assert out['changes'][0]['action'] == 'created'
    out = outcome(None, registered(result(ACME, True, diff={'after': {'name': 'ACME'}})), None)
    assert (out['changes'][0]['before'], out['changes'][0]['after']) == ({}, {'name': 'ACME'})


def test_the_name_of_a_role_is_its_label_else_the_label_the_module_reports_else_its_name():
    derived = role_result(WRITER, False, {'name': 'Device writer'}, {'name': 'Device writer'}, label='device-writer')
    named = result(WRITER, False, {'name': 'Device writer'}, {'name': 'Device writer'})   # no role in the result
    out = tenant_outcome([], registered(role_result(READER, False, {}, {}, label='other'), derived, named))
    assert [(c['name'], c['object']) for c in out['changes']] == [
        ('reader', 'role reader'), ('device-writer', 'role device-writer'), ('Device writer', 'role Device writer')]
    assert all(c['tenant'] == '(account)' and c['kind'] == 'role' for c in out['changes'])


def test_an_update_gives_one_row_per_differing_field_in_after_then_before_order():
    before = {'name': 'ACME', 'description': 'old', 'is_active': True, 'app': 'a1'}
    after = {'description': 'new', 'name': 'ACME', 'logo': 'sha256:aaaa', 'is_active': False}
    out = outcome(None, registered(result(ACME, True, before, after)), None)
    assert out['changes'][0]['action'] == 'updated'
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [
        ('description', 'old', 'new'), ('logo', None, 'sha256:aaaa'), ('is_active', True, False), ('app', 'a1', None)]
    assert all(r['tenant'] == 'acme' and r['object'] == 'organization acme' for r in out['drift'])
    assert out['summary']['tenants']['acme'] == counts(updated=1)


def test_a_dictionary_field_gives_one_row_per_differing_key_sorted():
    before = {'properties': {'zone': 'eu', 'contract': 'silver', 'Billing': 'x', 'same': 1, 'gone': 'yes'}}
    after = {'properties': {'zone': 'us', 'contract': 'gold', 'Billing': 'y', 'same': 1, 'added': 2}}
    out = outcome(None, registered(result(ACME, True, before, after)), None)
    # Sorted as Jinja's sort sorted them: case-insensitively.
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [
        ('properties.added', None, 2), ('properties.Billing', 'x', 'y'), ('properties.contract', 'silver', 'gold'),
        ('properties.gone', 'yes', None), ('properties.zone', 'eu', 'us')]


def test_a_dictionary_on_one_side_only_gives_one_row():
    out = outcome(None, registered(result(ACME, True, {'properties': None}, {'properties': {'a': 1}})), None)
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [('properties', None, {'a': 1})]


def test_keys_that_differ_only_in_case_are_two_keys():
    out = outcome(None, registered(result(ACME, True, {'properties': {'tier': 1}}, {'properties': {'Tier': 2}})), None)
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [
        ('properties.Tier', None, 2), ('properties.tier', 1, None)]


def test_key_fingerprint_is_never_a_drift_field():
    before = token_side(GATEWAY, OLD_FINGERPRINT, rate_limit=4)
    after = token_side(GATEWAY, NEW_FINGERPRINT, rate_limit=2)
    out = outcome(None, None, registered(token_result(ACME, GATEWAY, True, before, after)))
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [
        ('rate_limit', 4, 2), ('key', OLD_FINGERPRINT, '(new key)')]
    assert out['drift'][0]['object'] == 'token acme:gateway'


# What the item says does not matter: the module's diff does. 'y' and 't' are true for the module, not for | bool.
@pytest.mark.parametrize('regenerate', [True, 'yes', 'y', 't', 1, None])
def test_a_token_whose_fingerprint_changed_is_regenerated_with_a_key_row(regenerate):
    token = dict(GATEWAY, regenerate=regenerate)
    before = token_side(token, OLD_FINGERPRINT, rate_limit=2)
    after = token_side(token, NEW_FINGERPRINT, rate_limit=2)
    out = tenant_outcome([ACME], None, None, registered(token_result(ACME, token, True, before, after)), report_roles=False)
    assert out['changes'][0]['action'] == 'regenerated'
    assert out['drift'] == [{'tenant': 'acme', 'object': 'token acme:gateway', 'field': 'key',
                             'current': OLD_FINGERPRINT, 'desired': '(new key)'}]
    assert out['summary']['tenants']['acme'] == counts(updated=1)
    assert out['lines'] == ['acme: 0 created, 1 updated, 0 unchanged (token gateway regenerated)']


def test_a_regenerated_token_with_other_changes_lists_the_fields_then_the_key():
    token = dict(GATEWAY, regenerate=True)
    before = token_side(token, OLD_FINGERPRINT, rate_limit=4)
    after = token_side(token, NEW_FINGERPRINT, rate_limit=2)
    out = tenant_outcome([ACME], None, None, registered(token_result(ACME, token, True, before, after)))
    assert [(r['field'], r['current'], r['desired']) for r in out['drift']] == [
        ('rate_limit', 4, 2), ('key', OLD_FINGERPRINT, '(new key)')]


@pytest.mark.parametrize('regenerate', [False, 'no', 'y', None, 0])
def test_a_token_whose_fingerprint_stayed_is_updated(regenerate):
    token = dict(GATEWAY, regenerate=regenerate)
    before = token_side(token, OLD_FINGERPRINT, rate_limit=4)
    after = token_side(token, OLD_FINGERPRINT, rate_limit=2)
    out = tenant_outcome([ACME], None, None, registered(token_result(ACME, token, True, before, after)))
    assert out['changes'][0]['action'] == 'updated'
    assert [r['field'] for r in out['drift']] == ['rate_limit']


def test_a_new_token_with_regenerate_set_is_created():
    token = dict(GATEWAY, regenerate=True)
    out = tenant_outcome([ACME], None, None, registered(token_result(ACME, token, True, {}, token_side(token, NEW_FINGERPRINT))))
    assert out['changes'][0]['action'] == 'created'
    assert [r['field'] for r in out['drift']] == ['(object)']


def test_skipped_items_are_left_out():
    roles = registered(skipped(READER), role_result(WRITER, False, {'name': 'x'}, {'name': 'x'}, label='device-writer'))
    orgs = registered(skipped(ACME), result(BETA, True, {}, {'name': 'Beta'}, skipped=False))
    tokens = registered(skipped([ACME, GATEWAY]), token_result(ACME, DASHBOARDS, False, {'name': 'd'}, {'name': 'd'}))
    out = outcome(roles, orgs, tokens)
    assert [c['object'] for c in out['changes']] == ['role device-writer', 'organization beta', 'token acme:dashboards']
    assert out['summary'] == {'api_roles': counts(unchanged=1),
                              'tenants': {'acme': counts(unchanged=1), 'beta': counts(created=1)}}
    assert out['lines'][1:] == ['acme: 0 created, 0 updated, 1 unchanged (token dashboards unchanged)',
                                'beta: 1 created, 0 updated, 0 unchanged (organization created)']


@pytest.mark.parametrize('missing', [None, Undefined(), StrictUndefined(name='__tenant_bootstrap_roles'),
                                     {'changed': False, 'skipped': True, 'skip_reason': 'Conditional result was False'},
                                     {'changed': False, 'skipped': True, 'msg': 'No items in the list', 'results': []},
                                     {'results': None}])
def test_missing_results_count_as_none(missing):
    out = outcome(missing, missing, missing)
    assert out['changes'] == [] and out['drift'] == []
    assert out['summary'] == {'api_roles': counts(), 'tenants': {'acme': counts(), 'beta': counts()}}
    assert out['lines'] == ['API roles: 0 created, 0 updated, 0 unchanged',
                            'acme: 0 created, 0 updated, 0 unchanged ()',
                            'beta: 0 created, 0 updated, 0 unchanged ()']


def test_defaults_report_roles_and_no_check_mode():
    assert tenant_outcome([]) == {'changes': [], 'drift': [], 'summary': {'api_roles': counts(), 'tenants': {}},
                                  'lines': ['API roles: 0 created, 0 updated, 0 unchanged']}
    assert tenant_outcome(None)['summary'] == {'api_roles': counts(), 'tenants': {}}


def test_check_mode_prefixes_every_line():
    out = outcome(*first_run(), check_mode=True)
    assert out['lines'] == [
        '(check mode, predicted) API roles: 1 created, 0 updated, 0 unchanged',
        '(check mode, predicted) acme: 3 created, 0 updated, 0 unchanged '
        '(organization created, token gateway created, token dashboards created)',
        '(check mode, predicted) beta: 1 created, 0 updated, 0 unchanged (organization created)',
    ]
    assert out['changes'] == outcome(*first_run())['changes']


def test_without_report_roles_there_is_no_roles_line_but_the_counts_stay():
    out = outcome(*first_run(), check_mode=True, report_roles=False)
    assert [line.split(':')[0] for line in out['lines']] == ['(check mode, predicted) acme', '(check mode, predicted) beta']
    assert out['summary']['api_roles'] == counts(created=1)


def test_summary_keeps_the_order_of_the_tenants_and_counts_only_theirs():
    roles, orgs, tokens = first_run()
    out = tenant_outcome([BETA, {'label': 'gamma'}, ACME], roles, orgs, tokens, report_roles=False)
    assert list(out['summary']['tenants']) == ['beta', 'gamma', 'acme']
    assert out['summary']['tenants']['gamma'] == counts()
    assert out['lines'] == ['beta: 1 created, 0 updated, 0 unchanged (organization created)',
                            'gamma: 0 created, 0 updated, 0 unchanged ()',
                            'acme: 3 created, 0 updated, 0 unchanged '
                            '(organization created, token gateway created, token dashboards created)']
    # An object of a tenant that is not in the input is a change, but in no count and no line.
    out = tenant_outcome([BETA], roles, orgs, tokens)
    assert len(out['changes']) == 5
    assert out['summary'] == {'api_roles': counts(created=1), 'tenants': {'beta': counts(created=1)}}


def test_the_counts_of_a_mixed_run():
    regen = dict(DASHBOARDS, regenerate=True)
    tokens = registered(
        token_result(ACME, GATEWAY, True, token_side(GATEWAY, OLD_FINGERPRINT, rate_limit=4),
                     token_side(GATEWAY, OLD_FINGERPRINT, rate_limit=2)),
        token_result(ACME, regen, True, token_side(regen, OLD_FINGERPRINT), token_side(regen, NEW_FINGERPRINT)))
    orgs = registered(result(ACME, False, {'name': 'ACME'}, {'name': 'ACME'}), result(BETA, True, {}, {'name': 'Beta'}))
    out = outcome(None, orgs, tokens, report_roles=False)
    assert out['summary']['tenants'] == {'acme': counts(updated=2, unchanged=1), 'beta': counts(created=1)}
    assert out['lines'][0] == ('acme: 0 created, 2 updated, 1 unchanged '
                               '(organization unchanged, token gateway updated, token dashboards regenerated)')


def test_a_number_as_label_is_shown_as_its_text():
    tenant = {'label': 2024, 'tokens': [GATEWAY]}
    tokens = registered(token_result(tenant, GATEWAY, True, {}, {'name': 'gateway'}))
    out = tenant_outcome([tenant], None, registered(result(tenant, True, {}, {'label': '2024'})), tokens, report_roles=False)
    assert [c['object'] for c in out['changes']] == ['organization 2024', 'token 2024:gateway']
    assert out['summary']['tenants'] == {2024: counts(created=2)}
    assert out['lines'] == ['2024: 2 created, 0 updated, 0 unchanged (organization created, token gateway created)']


def test_the_key_of_a_token_is_nowhere_in_the_output():
    regen = dict(GATEWAY, regenerate=True)
    tokens = registered(
        token_result(ACME, regen, True, token_side(regen, OLD_FINGERPRINT), token_side(regen, NEW_FINGERPRINT)),
        token_result(ACME, DASHBOARDS, True, {}, token_side(DASHBOARDS, NEW_FINGERPRINT), key=SECRET[::-1]))
    tokens['results'][0]['token']['nested'] = {'also': SECRET}
    for check_mode in (False, True):
        roles, orgs = first_run()[:2]
        out = tenant_outcome([ACME], roles, orgs, tokens, check_mode=check_mode)
        assert [c['action'] for c in out['changes'] if c['kind'] == 'token'] == ['regenerated', 'created']
        text = str(out) + repr(out)
        assert SECRET not in text and SECRET[::-1] not in text
        assert all(sorted(c) == ['action', 'after', 'before', 'kind', 'name', 'object', 'tenant'] for c in out['changes'])


def test_the_input_is_not_modified():
    roles, orgs, tokens = first_run()
    kept = copy.deepcopy((roles, orgs, tokens))
    tenant_outcome([ACME, BETA], roles, orgs, tokens)
    assert (roles, orgs, tokens) == kept


def test_many_tenants_each_get_their_own_line():
    # Not timed (docs/performance.md measures time); this checks the grouping by tenant at a size where a mix-up
    # between tenants would show.
    tenants = [{'label': 't%d' % i, 'tokens': [GATEWAY, DASHBOARDS]} for i in range(2000)]
    orgs = registered(*[result(t, i % 7 == 0, {'name': 'x'}, {'name': 'y'}) for i, t in enumerate(tenants)])
    tokens = registered(*[token_result(t, tok, False, {'name': 'x'}, {'name': 'x'}) for t in tenants for tok in t['tokens']])
    out = tenant_outcome(tenants, None, orgs, tokens, report_roles=False)
    assert len(out['lines']) == 2000
    assert out['lines'][7] == 't7: 0 created, 1 updated, 2 unchanged (organization updated, token gateway unchanged, ' \
                              'token dashboards unchanged)'
    assert out['lines'][-1] == 't1999: 0 created, 0 updated, 3 unchanged (organization unchanged, token gateway unchanged, ' \
                               'token dashboards unchanged)'
    assert sum(c['updated'] for c in out['summary']['tenants'].values()) == len(range(0, 2000, 7))


# ---- wrong input ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('tenants, message', [
    ('acme', 'the input (ubidots_tenants) must be a list; got a value of type str.'),
    ({'label': 'acme'}, 'the input (ubidots_tenants) must be a list; got a value of type dict.'),
    (['acme'], 'tenant #1 of the input (ubidots_tenants) must be a dictionary; got a value of type str.'),
    ([ACME, {'label': ['a']}], 'the label of tenant #2 of the input (ubidots_tenants) must be a string; got a value of type list.'),
])
def test_wrong_tenants_are_refused(tenants, message):
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome(tenants)
    assert str(error.value) == 'tenant_outcome: ' + message


@pytest.mark.parametrize('argument', ['roles_result', 'orgs_result', 'tokens_result'])
def test_wrong_results_are_refused_by_argument_and_type(argument):
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome([ACME], **{argument: [SECRET]})
    assert str(error.value) == ('tenant_outcome: %s must be the result a looped task registered (a dictionary) or null; '
                                'got a value of type list.' % argument)
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome([ACME], **{argument: {'results': SECRET}})
    assert str(error.value) == 'tenant_outcome: %s.results must be a list; got a value of type str.' % argument
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome([ACME], **{argument: {'results': [skipped(ACME), SECRET]}})
    assert str(error.value) == 'tenant_outcome: %s.results[1] must be a dictionary; got a value of type str.' % argument


def test_a_token_result_without_a_pair_is_refused_without_its_value():
    bad = token_result(ACME, GATEWAY, True, {}, {})
    bad['item'] = SECRET
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome([ACME], tokens_result=registered(token_result(ACME, DASHBOARDS, False), bad))
    assert str(error.value) == ('tenant_outcome: tokens_result.results[1].item must be a [tenant, token] pair; '
                                'got a value of type str.')


def test_a_diff_side_that_is_not_a_dictionary_is_refused():
    bad = token_result(ACME, GATEWAY, True, {'name': 'gateway', 'key_fingerprint': OLD_FINGERPRINT}, SECRET)
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome([ACME], tokens_result=registered(bad))
    assert str(error.value) == ('tenant_outcome: the diff.after of token acme:gateway must be a dictionary; '
                                'got a value of type str.')


@pytest.mark.parametrize('argument', ['check_mode', 'report_roles'])
@pytest.mark.parametrize('value', ['maybe', None, [True]])
def test_wrong_flags_are_refused(argument, value):
    with pytest.raises(AnsibleFilterError) as error:
        tenant_outcome([ACME], **{argument: value})
    assert str(error.value) == 'tenant_outcome: %s must be a boolean; got a value of type %s.' % (argument, type(value).__name__)


@pytest.mark.parametrize('value, expected', [('yes', True), ('false', False), (1, True), (0, False)])
def test_flags_accept_the_usual_boolean_spellings(value, expected):
    assert bool(tenant_outcome([ACME], check_mode=value)['lines'][0].startswith('(check mode')) is expected


@pytest.mark.parametrize('before_print, after_print, action', [
    (OLD_FINGERPRINT, '(known after apply)', 'regenerated'),   # check mode: the new key is predicted
    (None, NEW_FINGERPRINT, 'regenerated'),                    # keys hidden by the API, the new one returned
    (None, None, 'updated'),                                   # keys hidden: an update shows no key on either side
    (OLD_FINGERPRINT, None, 'updated'),                        # an answer without the key is no new key
])
def test_what_the_fingerprints_say_about_the_key(before_print, after_print, action):
    before = token_side(GATEWAY, before_print, rate_limit=4)
    after = token_side(GATEWAY, after_print, rate_limit=2)
    out = tenant_outcome([ACME], None, None, registered(token_result(ACME, GATEWAY, True, before, after)))
    assert out['changes'][0]['action'] == action
    assert [r['field'] for r in out['drift']] == ['rate_limit'] + (['key'] if action == 'regenerated' else [])
