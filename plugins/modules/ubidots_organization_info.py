#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_organization_info
short_description: List Ubidots organizations
version_added: 0.1.0
description:
  - Returns the organizations of a Ubidots account, all of them or those matching the filters you set.
  - Filters are applied by the API; several filters must all match. Every page of results is read.
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  label:
    description:
      - Only organizations with one of these labels (exact, case-sensitive).
    type: list
    elements: str
  name:
    description:
      - Only organizations with exactly this name.
    type: str
  id:
    description:
      - Only organizations with one of these ids.
    type: list
    elements: str
  is_active:
    description:
      - Only active (V(true)) or inactive (V(false)) organizations.
    type: bool
  label_startswith:
    description:
      - Only organizations whose label starts with this text.
    type: str
  name_contains:
    description:
      - Only organizations whose name contains this text, ignoring case.
    type: str
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: ubidots.cloud.ubidots_organization
'''

EXAMPLES = r'''
- name: List every organization of the account
  ubidots.cloud.ubidots_organization_info:
  register: all_orgs

- name: Show their labels
  ansible.builtin.debug:
    msg: "{{ all_orgs.organizations | map(attribute='label') | list }}"

- name: Find two organizations by label
  ubidots.cloud.ubidots_organization_info:
    label:
      - acme
      - globex
  register: some_orgs

- name: Find inactive organizations whose label starts with "trial-"
  ubidots.cloud.ubidots_organization_info:
    label_startswith: trial-
    is_active: false
  register: stale_trials
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
organizations:
  description:
    - The matching organizations, newest first, keys in snake_case as returned by
      M(ubidots.cloud.ubidots_organization) (see its RV(ubidots.cloud.ubidots_organization#module:organization) for every key).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6541a3c1f0e2d4b5a6c7d8e9
      label: acme
      name: ACME Corporation
      description: ""
      properties: {}
      is_active: true
      app: null
      favicon: null
      logo: null
      created_at: "2026-11-22T14:05:55.471155Z"
      devices_count: 0
      users_count: 0
'''

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Filter, Listing, labels_filter


class Organizations(Listing):
    result_key = 'organizations'
    api_filters = contract.ORGANIZATION_FILTERS
    options = (
        labels_filter(),
        Filter('name'),
        Filter('id', type='list', elements='str'),
        Filter('is_active', type='bool'),
        Filter('label_startswith'),
        Filter('name_contains'),
    )

    def path(self):
        return contract.organization_path()


def main():
    run_module(Organizations)


if __name__ == '__main__':
    main()
