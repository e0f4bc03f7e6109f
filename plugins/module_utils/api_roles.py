# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organizational API roles: the resource of ubidots_org_role and how a role reads in results (also for _info)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    Field, InputError, Option, Resource, SetField, to_snake_keys)


def role_fields(encode, decode, read_form):
    """A role's fields: name, description and a permission set in the readable form of its own catalogue."""
    return (
        Field('name'),
        Field('description'),
        SetField('permissions', type='dict', encode=encode, decode=decode, item_name=contract.permission_codename,
                 item_form=read_form),
    )


class OrgRole(Resource):
    noun = 'API role'
    result_key = 'role'
    defaults = contract.ROLE_DEFAULTS
    options = (Option('label'),)
    fields = role_fields(contract.permissions_to_codenames, contract.codenames_to_permissions,
                         contract.permission_read_form)
    constraints = {'required_one_of': [('label', 'name')]}

    def key(self):
        if self.params['label'] is not None:
            return self.params['label']
        return contract.label_from_name(self.params['name'])

    def validate(self):
        super(OrgRole, self).validate()
        problem = contract.derived_label_error(self.params['name']) if self.params['label'] is None else None
        if problem:
            raise InputError(problem)

    def collection_path(self):
        return contract.role_path()

    def item_path(self, key):
        return contract.role_path(key)

    def creation_payload(self):
        if not self.params['name']:
            raise InputError('name is required to create %s: it does not exist yet.' % self.describe())
        return {'label': self.key(), 'name': self.params['name']}

    def to_result(self, obj, action):
        return role_result(obj)

    # A refused deletion: what uses the role, the pattern of the API's reason, and what to do.
    in_use_by, in_use_pattern = 'tokens', contract.ROLE_IN_USE_PATTERN
    in_use_advice = 'Delete the organizational tokens that use the role first.'

    def deletion_refused(self, error):
        count = contract.in_use_count(error.code, error.detail, self.in_use_pattern)
        if count is None:
            return None
        return self.in_use_advice, {'in_use': True, 'in_use_by_' + self.in_use_by: count}


def role_result(obj, readable=None):
    """A role in results: snake_case keys, permissions readable and as codenames."""
    return dict(to_snake_keys(obj), **contract.role_permissions_result(obj.get('permissions'), readable))
