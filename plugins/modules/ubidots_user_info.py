#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_user_info
short_description: List the users of a Ubidots app, with their memberships on request
version_added: 0.1.0
description:
  - Returns the users of the account, all of them or those matching the filters, never a password.
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  username:
    description:
      - Only users with one of these usernames (exact).
    type: list
    elements: str
  email:
    description:
      - Only users with one of these e-mail addresses (exact).
    type: list
    elements: str
  is_active:
    description:
      - Only active (V(true)) or inactive (V(false)) users.
    type: bool
  organization:
    description:
      - Only members of this organization, by label.
    type: str
  include_memberships:
    description:
      - Return each user's memberships in the C(organizations) of each user of RV(users).
    type: bool
    default: false
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: ubidots.cloud.ubidots_user
'''

EXAMPLES = r'''
- name: Who is a member of ACME, and with which role
  ubidots.cloud.ubidots_user_info:
    organization: acme
    include_memberships: true
  register: acme_people

- name: Show them
  ansible.builtin.debug:
    msg: "{{ item.username }}: {{ item.organizations | selectattr('organization', 'equalto', 'acme') | map(attribute='role') | first }}"
  loop: "{{ acme_people.users }}"
  loop_control:
    label: "{{ item.username }}"
'''

RETURN = r'''
users:
  description:
    - The matching users, newest first, as M(ubidots.cloud.ubidots_user) returns them in
      RV(ubidots.cloud.ubidots_user#module:user).
    - C(organizations) only with O(include_memberships=true).
  returned: always
  type: list
  elements: dict
  sample:
    - username: alice
      email: alice@example.com
      organizations: [{"organization": "acme", "role": "viewer"}]
check_mode:
  description: Whether the task ran in check mode.
  returned: always
  type: bool
'''

from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.users import Users


def main():
    run_module(Users)


if __name__ == '__main__':
    main()
