# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""User roles: what a user may do in the app (ubidots_user_role, ubidots_user_role_info).

Shaped like the organizational API roles (api_roles.py), with their own path (by plain label, no id), codename
catalogue, two built-in roles nobody may change, and memberships instead of tokens as what keeps one in use.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.api_roles import OrgRole, role_fields, role_result
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Filter, InputError, Listing, Option, labels_filter


class UserRole(OrgRole):
    noun = 'user role'
    key_field = 'label'        # a user role has no id
    options = (Option('label'),)  # without the set of OrgRole's roles option
    constraints = {'required_one_of': [('label', 'name')]}
    defaults = contract.USER_ROLE_DEFAULTS
    fields = role_fields(contract.user_permissions_to_codenames, contract.user_codenames_to_permissions,
                         contract.user_permission_read_form)
    in_use_by, in_use_pattern = 'users', contract.USER_ROLE_IN_USE_PATTERN
    in_use_advice = 'End the memberships that give the role to users first (ubidots.cloud.ubidots_user).'

    def validate(self):
        super(UserRole, self).validate()
        if self.params['state'] == 'absent' and contract.builtin_user_role_error(self.key()):
            raise InputError(contract.builtin_user_role_error(self.key()))

    def collection_path(self):
        return contract.user_role_path()

    def item_path(self, key):
        return contract.user_role_path(key)

    def creation_payload(self):
        payload = super(UserRole, self).creation_payload()
        payload.setdefault('permissions', [])  # required by the API on creation
        return payload

    def complete_plan(self, planned, current):
        """A built-in role can be read and referenced; a plan that would change it stops before any write."""
        if planned and contract.builtin_user_role_error(self.key()):
            raise InputError(contract.builtin_user_role_error(self.key()))

    def to_result(self, obj, action):
        return user_role_result(obj)


def user_role_result(obj):
    return role_result(obj, contract.user_codenames_to_permissions)


class UserRoles(Listing):
    result_key = 'roles'
    api_filters = contract.USER_ROLE_FILTERS
    options = (labels_filter(), Filter('name'))

    def path(self):
        return contract.user_role_path()

    def to_result(self, obj):
        return dict(user_role_result(obj), builtin=obj.get('label') in contract.BUILTIN_USER_ROLES)
