#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_org_role_info
short_description: List Ubidots organizational API roles
version_added: 0.1.0
description:
  - Returns the organizational API roles of a Ubidots account, all of them or those matching the filters you set.
  - Filters are applied by the API; several filters must all match. Every page of results is read.
  - Permissions are returned in the readable form of M(ubidots.cloud.ubidots_org_role), with the API's codenames beside them.
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  label:
    description:
      - Only roles with one of these labels (exact, case-sensitive).
    type: list
    elements: str
  name:
    description:
      - Only roles with exactly this name (several roles may share one).
    type: str
  id:
    description:
      - Only roles with one of these ids.
    type: list
    elements: str
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: ubidots.cloud.ubidots_org_role
'''

EXAMPLES = r'''
- name: Look at organizational API roles with the account token from the environment (UBIDOTS_TOKEN)
  module_defaults:
    group/ubidots.cloud.ubidots:
      api_url: "{{ ubidots_api_url | default(omit) }}"
  block:
    - name: Make sure there is a role to look at
      ubidots.cloud.ubidots_org_role:
        name: Read only
        permissions:
          devices: [read]
          values: [read]

    - name: List every role of the account
      ubidots.cloud.ubidots_org_role_info:
      register: all_roles

    - name: Show what each role may do
      ansible.builtin.debug:
        msg: "{{ all_roles.roles | items2dict(key_name='label', value_name='permissions') }}"

    - name: Find one role by label
      ubidots.cloud.ubidots_org_role_info:
        label: read-only
      register: found

    - name: Check that the role still cannot write values
      ansible.builtin.assert:
        that:
          - found.roles | length == 1
          - "'create' not in found.roles[0].permissions['values']"

    - name: Find roles by name
      ubidots.cloud.ubidots_org_role_info:
        name: Read only
      register: by_name

    - name: Clean up
      ubidots.cloud.ubidots_org_role:
        label: read-only
        state: absent
'''

RETURN = r'''
action:
  description:
    - What the task did; an info module only reads, so always V(unchanged).
  returned: always
  type: str
  choices: [unchanged]
  sample: unchanged
check_mode:
  description: Whether the task ran in check mode (C(--check), or C(check_mode) on the play, block or task).
  returned: always
  type: bool
  sample: false
roles:
  description:
    - The matching roles, newest first, as returned by M(ubidots.cloud.ubidots_org_role)
      (see its RV(ubidots.cloud.ubidots_org_role#module:role) for every key).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6541a3c1f0e2d4b5a6c7d8ea
      url: https://industrial.api.ubidots.com/api/v2.0/api_roles/6541a3c1f0e2d4b5a6c7d8ea
      label: read-only
      name: Read only
      description: ""
      permissions: {"devices": ["read"], "values": ["read"]}
      permission_codenames: ["view_device", "view_value"]
      created_at: "2026-11-22T14:05:55.471155Z"
'''

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Filter, Listing, labels_filter
from ansible_collections.ubidots.cloud.plugins.module_utils.api_roles import role_result


class OrgRoles(Listing):
    result_key = 'roles'
    api_filters = contract.ROLE_FILTERS
    options = (
        labels_filter(),
        Filter('name'),
        Filter('id', type='list', elements='str'),
    )

    def path(self):
        return contract.role_path()

    def to_result(self, obj):
        return role_result(obj)


def main():
    run_module(OrgRoles)


if __name__ == '__main__':
    main()
