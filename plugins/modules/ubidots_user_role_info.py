#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_user_role_info
short_description: List the user roles of a Ubidots account (what app users may do)
version_added: 0.1.0
description:
  - Returns the user roles of the account, the built-in V(viewer) and V(dashboards-viewer) included, all of them or
    those matching the filters. User roles are not the organizational API roles of
    M(ubidots.cloud.ubidots_org_role_info).
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  label:
    description:
      - Only roles with one of these labels.
    type: list
    elements: str
  name:
    description:
      - Only roles with exactly this name.
    type: str
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: ubidots.cloud.ubidots_user_role
'''

EXAMPLES = r'''
- name: List the user roles
  ubidots.cloud.ubidots_user_role_info:
  register: user_roles

- name: Show the roles of our own (not built in)
  ansible.builtin.debug:
    msg: "{{ user_roles.roles | rejectattr('builtin') | map(attribute='label') | list }}"
'''

RETURN = r'''
roles:
  description:
    - The matching roles, newest first, as M(ubidots.cloud.ubidots_user_role) returns them in
      RV(ubidots.cloud.ubidots_user_role#module:role), plus RV(roles[].builtin).
  returned: always
  type: list
  elements: dict
  contains:
    builtin:
      description: True for the two roles every account has, which cannot be changed.
      type: bool
  sample:
    - label: viewer
      name: Viewer
      builtin: true
      permissions: {"dashboards": ["read"], "widgets": ["read"], "widget_data": ["read"], "devices": ["read"], "variables": ["read"]}
check_mode:
  description: Whether the task ran in check mode.
  returned: always
  type: bool
'''

from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.user_roles import UserRoles


def main():
    run_module(UserRoles)


if __name__ == '__main__':
    main()
