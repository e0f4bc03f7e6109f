# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Readable role permissions <-> API codenames, and the SetField that compares them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import InputError, SetField

EVERY_CODENAME = sorted('%s_%s' % (prefix, model)
                        for prefix in ('add', 'view', 'change', 'delete')
                        for model in ('device', 'variable', 'value', 'devicegroup', 'event'))


def read_form(*names):
    return [contract.permission_read_form(name) for name in names]


def permissions_field():
    return SetField('permissions', encode=contract.permissions_to_codenames, decode=contract.codenames_to_permissions,
                    item_name=contract.permission_codename, item_form=contract.permission_read_form)


# --- readable -> codenames -----------------------------------------------------------
def test_each_action_maps_to_its_codename():
    assert contract.permissions_to_codenames({'devices': ['create', 'read', 'update', 'delete']}) == [
        'add_device', 'change_device', 'delete_device', 'view_device']
    assert contract.permissions_to_codenames({'device_groups': ['read'], 'events': ['update']}) == [
        'change_event', 'view_devicegroup']


def test_all_is_every_action():
    assert contract.permissions_to_codenames({'values': ['all']}) == ['add_value', 'change_value', 'delete_value', 'view_value']
    assert contract.permissions_to_codenames({'values': ['all', 'read']}) == contract.permissions_to_codenames({'values': ['all']})


def test_every_entity_with_all_gives_the_twenty_codenames():
    everything = dict((entity, ['all']) for entity in contract.PERMISSION_ENTITIES)
    assert contract.permissions_to_codenames(everything) == EVERY_CODENAME


def test_order_and_duplicates_do_not_matter():
    one = contract.permissions_to_codenames({'devices': ['read', 'create'], 'values': ['read']})
    other = contract.permissions_to_codenames({'values': ['read', 'read'], 'devices': ['create', 'read', 'create']})
    assert one == other == ['add_device', 'view_device', 'view_value']


@pytest.mark.parametrize('permissions', [{}, {'devices': []}, {'devices': None, 'events': []}])
def test_nothing_granted_is_an_empty_list(permissions):
    assert contract.permissions_to_codenames(permissions) == []


def test_a_comma_separated_string_is_a_list():
    assert contract.permissions_to_codenames({'devices': 'read, update'}) == ['change_device', 'view_device']


def test_unknown_entity_names_it_and_lists_the_allowed_ones():
    with pytest.raises(ValueError) as err:
        contract.permissions_to_codenames({'devices': ['read'], 'dashboards': ['read']})
    assert str(err.value) == ("permissions: unknown entity 'dashboards'; "
                              "use devices, variables, values, device_groups, events.")


def test_unknown_action_names_the_entity_and_lists_the_allowed_ones():
    with pytest.raises(ValueError) as err:
        contract.permissions_to_codenames({'variables': ['read', 'write']})
    assert str(err.value) == "permissions.variables: unknown action 'write'; use create, read, update, delete or all."


@pytest.mark.parametrize('word', ['Read', 'view', 'add_device', ''])
def test_api_words_and_other_spellings_are_not_actions(word):
    with pytest.raises(ValueError) as err:
        contract.permissions_to_codenames({'devices': [word]})
    assert 'unknown action %r' % word in str(err.value)


@pytest.mark.parametrize('actions', [5, {'read': True}, ['read', 3]])
def test_actions_must_be_a_list_of_words(actions):
    with pytest.raises(ValueError) as err:
        contract.permissions_to_codenames({'events': actions})
    assert str(err.value).startswith('permissions.events must be a list of actions (create, read, update, delete or all)')


def test_permissions_must_be_a_dictionary():
    with pytest.raises(ValueError) as err:
        contract.permissions_to_codenames(['view_device'])
    assert 'permissions must be a dictionary' in str(err.value)


# --- codenames -> readable -----------------------------------------------------------
def test_codenames_read_back_in_crud_order_without_empty_entities():
    assert contract.codenames_to_permissions(['delete_value', 'view_device', 'add_value', 'view_value']) == {
        'devices': ['read'], 'values': ['create', 'read', 'delete']}
    assert contract.codenames_to_permissions([]) == {}


def test_unknown_codenames_are_left_out_of_the_readable_form():
    assert contract.codenames_to_permissions(['view_dashboard', 'view_device', 'frobnicate']) == {'devices': ['read']}


def test_round_trip():
    readable = {'devices': ['create', 'read'], 'device_groups': ['update'], 'events': ['create', 'read', 'update', 'delete']}
    assert contract.codenames_to_permissions(contract.permissions_to_codenames(readable)) == readable
    assert contract.permissions_to_codenames(contract.codenames_to_permissions(EVERY_CODENAME)) == EVERY_CODENAME


def test_role_result_keys_from_the_api_read_form():
    shown = contract.role_permissions_result(read_form('view_value', 'view_device', 'view_device'))
    assert shown == {'permissions': {'devices': ['read'], 'values': ['read']},
                     'permission_codenames': ['view_device', 'view_value']}
    assert contract.role_permissions_result(None) == {'permissions': {}, 'permission_codenames': []}


# --- the field -----------------------------------------------------------------------
def test_field_compares_sets_not_lists():
    field = permissions_field()
    current = {'permissions': read_form('view_value', 'view_device')}
    assert not field.differs(current, field.payload({'values': ['read'], 'devices': ['read']}, current, {}))
    assert field.differs(current, field.payload({'values': ['read']}, current, {}))
    assert field.differs(current, field.payload({}, current, {}))
    assert field.differs({'permissions': []}, field.payload({'devices': ['read']}, None, {}))


def test_field_payload_is_sorted_codenames_and_prediction_is_the_read_form():
    field = permissions_field()
    payload = field.payload({'values': ['read'], 'devices': ['all']}, None, {})
    assert payload == ['add_device', 'change_device', 'delete_device', 'view_device', 'view_value']
    assert field.predict(['view_value'], None) == [{'label': 'view_value', 'name': 'Can view value', 'model': 'value'}]


def test_field_view_is_readable():
    field = permissions_field()
    assert field.diff_value({'permissions': read_form('add_value', 'view_value', 'view_device')}) == {
        'devices': ['read'], 'values': ['create', 'read']}
    assert field.diff_value({'permissions': []}) == {}


def test_field_check_turns_bad_input_into_an_input_error():
    field = permissions_field()
    field.check({'permissions': None})
    field.check({'permissions': {'devices': ['all']}})
    with pytest.raises(InputError) as err:
        field.check({'permissions': {'device': ['read']}})
    assert "unknown entity 'device'" in str(err.value)
