#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_org_token_info
short_description: List the tokens of a Ubidots organization
version_added: 0.1.0
description:
  - Returns the organizational tokens of one organization, or of several in one task with O(organizations), all of them or
    those with the given names or ids.
  - One list request per organization (and one per further page of 1000 tokens), whatever the number of tokens.
  - Each token comes with a fingerprint of its key. The keys themselves are returned only with O(include_keys=true).
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  organization:
    description:
      - The organization, by id or by label.
      - Exactly one of O(organization) and O(organizations) is required.
    type: str
  organizations:
    description:
      - Several organizations, by id or by label; the tokens of all of them, in the order of this list. Each token
        names its organization in C(organization).
      - Reads each organization's list once, which is what an export of many tenants needs
        (see C(playbooks/export.yml)). An empty list reads nothing.
    type: list
    elements: str
  name:
    description:
      - Only tokens with one of these names.
    type: list
    elements: str
  id:
    description:
      - Only tokens with one of these ids.
    type: list
    elements: str
  include_keys:
    description:
      - Return the C(key) of each token in RV(tokens), when the API returns keys of existing tokens.
      - Keys are secrets; register the result only on a task with C(no_log) set to V(true).
    type: bool
    default: false
notes:
  - When the API does not return keys of existing tokens, the C(key_fingerprint) of each token is null and
    O(include_keys) adds nothing. M(ubidots.cloud.ubidots_org_token) with O(ubidots.cloud.ubidots_org_token#module:regenerate=true)
    makes a new key.
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: ubidots.cloud.ubidots_org_token
'''

EXAMPLES = r'''
- name: Audit the tokens of an organization by fingerprint
  block:
    - name: Ensure the organizations exist
      ubidots.cloud.ubidots_organization:
        label: "{{ item }}"
      loop: [acme, globex]

    - name: List its tokens
      ubidots.cloud.ubidots_org_token_info:
        organization: acme
      register: acme_tokens

    - name: Show names, rate limits and key fingerprints
      ansible.builtin.debug:
        msg: "{{ item.name }}: {{ item.rate_limit }}/{{ item.rate_limit_window }}s, key {{ item.key_fingerprint }}"
      loop: "{{ acme_tokens.tokens }}"
      loop_control:
        label: "{{ item.name }}"

    - name: List the tokens of several organizations at once, one request each
      ubidots.cloud.ubidots_org_token_info:
        organizations: [acme, globex]
      register: some_tokens

    - name: Show which organization each token belongs to
      ansible.builtin.debug:
        msg: "{{ item.organization.label }}: {{ item.name }}"
      loop: "{{ some_tokens.tokens }}"
      loop_control:
        label: "{{ item.id }}"

    - name: Read the keys of two tokens (a secret result)
      ubidots.cloud.ubidots_org_token_info:
        organization: acme
        name: [gateway, dashboard]
        include_keys: true
      register: acme_keys
      no_log: true
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
tokens:
  description:
    - The tokens, newest first (with O(organizations), organization by organization in the order given), as returned
      by M(ubidots.cloud.ubidots_org_token) in its RV(ubidots.cloud.ubidots_org_token#module:token).
    - C(key) only with O(include_keys=true) and when the API returned it.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6541a3c1f0e2d4b5a6c7d8ea
      name: gateway
      key_fingerprint: "sha256:3f1c0b9a7d2e"
      rate_limit: 30
      rate_limit_window: 60
      api_role: {"id": "6541a3c1f0e2d4b5a6c7d8eb", "label": "read-only", "name": "Read only"}
      organization: {"id": "6541a3c1f0e2d4b5a6c7d8e9", "label": "acme", "name": "acme"}
'''

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Filter, Listing, Option, secret_result


class OrgTokens(Listing):
    result_key = 'tokens'
    api_filters = contract.TOKEN_FILTERS
    constraints = {'required_one_of': [('organization', 'organizations')],
                   'mutually_exclusive': [('organization', 'organizations')]}
    options = (
        Option('organization'),
        Option('organizations', type='list', elements='str'),
        Filter('name', type='list', elements='str'),
        Filter('id', type='list', elements='str'),
        Option('include_keys', type='bool', default=False),
    )

    def organizations(self):
        """The organizations to read, each once, in the order given."""
        if self.params['organization'] is not None:
            return [self.params['organization']]
        return list(dict.fromkeys(self.params['organizations']))

    def paths(self):
        return [contract.token_path(organization) for organization in self.organizations()]

    def parent_missing(self, path):
        organization = dict((contract.token_path(org), org) for org in self.organizations())[path]
        return ('organization=%s does not exist. Check its label or id, or create it with '
                'ubidots.cloud.ubidots_organization.' % organization)

    def to_result(self, obj):
        return secret_result(obj, contract.TOKEN_SECRET_FIELD, keep_secret=self.params['include_keys'])


def main():
    run_module(OrgTokens)


if __name__ == '__main__':
    main()
