#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_organization
short_description: Manage Ubidots organizations
version_added: 0.1.0
description:
  - Create, update and delete organizations of a Ubidots account, identified by their label.
  - Only the options you set are compared and changed; an option left out is never touched.
  - Updates send only the changed fields with C(PATCH), never C(PUT), which would reset
    every field you did not mention.
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  label:
    description:
      - Label of the organization, unique within the account; identifies it.
      - 1 to 100 characters of letters, digits, C(_), C(.), C(:) and C(-). Case-sensitive.
    type: str
    required: true
  name:
    description:
      - Display name. When an organization is created without it, the API uses the label.
    type: str
  description:
    description:
      - Free text description.
    type: str
  properties:
    description:
      - Custom properties of the organization, a dictionary stored as given.
      - By default the keys given are set and every other key on the server is kept;
        see O(purge_properties).
    type: dict
  purge_properties:
    description:
      - When V(true), O(properties) is exact; keys on the server that are not in O(properties) are removed.
      - Has no effect when O(properties) is not set.
    type: bool
    default: false
  is_active:
    description:
      - Whether the organization is active.
    type: bool
  app:
    description:
      - The Ubidots app the organization belongs to, by id or by label.
      - An empty string detaches the organization from its app.
    type: str
  favicon:
    description:
      - Path to an image file (PNG, JPEG, GIF, ICO or SVG) on the host that runs the module.
      - Uploaded only when its bytes differ from the image the API serves for the organization,
        so an unchanged file causes no write.
      - An empty string removes the favicon.
    type: path
  logo:
    description:
      - Path to an image file (PNG, JPEG, GIF, ICO or SVG) on the host that runs the module.
      - Uploaded only when its bytes differ from the image the API serves; an empty string removes the logo.
    type: path
  tokens:
    description:
      - The organizational tokens of the organization, reconciled in the same task after the organization itself,
        each as M(ubidots.cloud.ubidots_org_token) would do it. Use this rather than one
        M(ubidots.cloud.ubidots_org_token) task per token - the organization's tokens are read once (not at all when
        this task creates the organization), so a tenant costs a handful of requests.
      - Tokens the list does not name are left alone and listed in RV(undeclared_tokens), unless O(tokens_exclusive=true).
      - The result holds the key of every token this task creates or regenerates; B(register it only on a task with
        C(no_log) set to V(true)).
      - Ignored with O(state=absent) (the organization's tokens are deleted with it).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the token; identifies it within the organization. Names in the list must be unique.
        type: str
        required: true
      role:
        description:
          - The organizational API role the token acts under, by id or by label. Required to create a token.
        type: str
      rate_limit:
        description:
          - Requests the token may make per O(tokens[].rate_limit_window); the allowed values are those of
            M(ubidots.cloud.ubidots_org_token)'s O(ubidots.cloud.ubidots_org_token#module:rate_limit).
        type: int
      rate_limit_window:
        description:
          - Length of the rate limit window, in seconds.
        type: int
        choices: [1, 60, 300, 900, 1800, 3600]
      regenerate:
        description:
          - Replace the token by a new one with a new key (created first, the old one deleted after).
        type: bool
        default: false
      include_key:
        description:
          - Return the key of this token in RV(tokens) even when this task did not create it (when the API shows keys
            of existing tokens). A secret-bearing choice - see M(ubidots.cloud.ubidots_org_token)'s
            O(ubidots.cloud.ubidots_org_token#module:include_key).
        type: bool
        default: false
      state:
        description:
          - V(absent) deletes the token.
        type: str
        choices: [present, absent]
        default: present
  tokens_exclusive:
    description:
      - When V(true), tokens of the organization that O(tokens) does not name are deleted (their keys stop working).
        They appear in RV(tokens) with the action V(deleted) and in the diff.
      - Has no effect when O(tokens) is not set. An empty O(tokens) list with O(tokens_exclusive=true) deletes every
        token of the organization.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the organization or brings the options you set to the given values.
      - V(absent) deletes it, together with its organizational tokens and devices. Nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Image files are compared by content. The API's copy is downloaded without the token (it is a public URL).
  - When an organization is created with O(favicon) or O(logo), the images go in a second request right after the creation.
  - In check mode nothing is written; the result holds the organization the API would return,
    with V((known after apply\)) for values only the server can make (id, url, creation time, image URLs).
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  diff_mode:
    details: The diff shows the options you set, before and after; images by a SHA-256 fingerprint of their bytes.
seealso:
  - module: ubidots.cloud.ubidots_organization_info
'''

EXAMPLES = r'''
- name: Manage organizations with the account token from the environment (UBIDOTS_TOKEN)
  module_defaults:
    group/ubidots.cloud.ubidots:
      api_url: "{{ ubidots_api_url | default(omit) }}"
  block:
    - name: Ensure the organization of a customer exists
      ubidots.cloud.ubidots_organization:
        label: acme
        name: ACME Corporation
        description: Cold-chain sensors of ACME
        properties:
          contract: gold
          region: eu-west
      register: acme

    - name: Show the organization id
      ansible.builtin.debug:
        msg: "ACME is {{ acme.organization.id }}"

    - name: Make the properties exact, removing keys set by hand in the web UI
      ubidots.cloud.ubidots_organization:
        label: acme
        properties:
          contract: gold
        purge_properties: true

    - name: Suspend the organization, touching nothing else
      ubidots.cloud.ubidots_organization:
        label: acme
        is_active: false

    - name: Delete the organization (its tokens and devices go with it)
      ubidots.cloud.ubidots_organization:
        label: acme
        state: absent
'''

RETURN = r'''
action:
  description:
    - What the task did to the object - created, updated, deleted or unchanged; in check mode, what it would do.
    - V(changed) is true for every action but V(unchanged).
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
check_mode:
  description:
    - Whether the task ran in check mode (C(--check), or C(check_mode) on the play, block or task), so that nothing was written.
  returned: always
  type: bool
  sample: false
organization:
  description:
    - The organization as the API returns it, keys in snake_case (user keys inside RV(organization.properties) unchanged).
    - In check mode, the organization the API would return; values only the server makes read V((known after apply\)).
    - An empty dictionary after O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the organization, 24 hexadecimal characters.
      type: str
      sample: 6541a3c1f0e2d4b5a6c7d8e9
    url:
      description: API URL of the organization.
      type: str
      sample: https://industrial.api.ubidots.com/api/v2.0/organizations/6541a3c1f0e2d4b5a6c7d8e9
    label:
      description: Label of the organization.
      type: str
      sample: acme
    name:
      description: Display name.
      type: str
      sample: ACME Corporation
    description:
      description: Description.
      type: str
      sample: Cold-chain sensors of ACME
    properties:
      description: Custom properties.
      type: dict
      sample: {"contract": "gold"}
    is_active:
      description: Whether the organization is active.
      type: bool
      sample: true
    app:
      description: The app the organization belongs to (C(id), C(label), C(name), C(url)), or null.
      type: dict
      sample: {"id": "5dfa39901a9ca53020c6938d", "label": "my_application", "name": "Ubidots App of Me",
               "url": "https://industrial.api.ubidots.com/api/v2.0/apps/5dfa39901a9ca53020c6938d"}
    favicon:
      description: URLs of the favicon renditions (C(h36), C(h50), C(raw)), or null.
      type: dict
    logo:
      description: URLs of the logo renditions (C(h36), C(h50), C(raw)), or null.
      type: dict
    created_at:
      description: Creation time, ISO 8601 in UTC.
      type: str
      sample: "2026-11-22T14:05:55.471155Z"
    devices_count:
      description: Number of devices in the organization.
      type: int
      sample: 0
    users_count:
      description: Number of users in the organization.
      type: int
      sample: 0
    limits:
      description: Usage and maximum per kind of resource (devices, emails, variables, users, dots, sms, voice).
      type: list
      elements: dict
      sample: [{"type": "devices", "name": "Devices", "icon": "hdd-o", "actual_value": 0, "max_value": "*"}]
tokens:
  description:
    - With O(tokens), one entry per token of the list (and per token deleted by O(tokens_exclusive)), in list order,
      as M(ubidots.cloud.ubidots_org_token) returns it in RV(ubidots.cloud.ubidots_org_token#module:token), with its
      C(action).
    - C(key) only for a token this task created or regenerated, or whose item sets O(tokens[].include_key=true).
  returned: when O(tokens) is set
  type: list
  elements: dict
  sample: [{"name": "gateway", "action": "created", "key_fingerprint": "sha256:3f1c0b9a7d2e", "rate_limit": 4}]
undeclared_tokens:
  description: Names of tokens of the organization that O(tokens) does not name (left alone without O(tokens_exclusive)).
  returned: when O(tokens) is set
  type: list
  elements: str
  sample: [old-script]
diff:
  description:
    - With C(--diff), the options you set before and after; all options on creation and deletion.
    - With O(tokens), C(tokens) in both holds the tokens by name (options and key fingerprint; never a key).
  returned: when diff mode is on and the organization exists before or after
  type: dict
  sample: {"before": {"label": "acme", "is_active": true}, "after": {"label": "acme", "is_active": false}}
'''

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    DictField, Field, FileField, Option, ReferenceField, Resource)
from ansible_collections.ubidots.cloud.plugins.module_utils.tokens import TOKENS, TOKENS_EXCLUSIVE, run_with_tokens


class Organization(Resource):
    noun = 'organization'
    result_key = 'organization'
    defaults = contract.ORGANIZATION_DEFAULTS
    options = (
        Option('label', required=True),
        Option('purge_properties', type='bool', default=False),
        TOKENS,
        TOKENS_EXCLUSIVE,
    )
    fields = (
        Field('name'),
        Field('description'),
        DictField('properties', purge_option='purge_properties'),
        Field('is_active', 'isActive', type='bool'),
        ReferenceField('app'),
        FileField('favicon'),
        FileField('logo'),
    )

    @classmethod
    def execute(cls, task):
        return run_with_tokens(task, cls)

    def collection_path(self):
        return contract.organization_path()

    def item_path(self, key):
        return contract.organization_path(key)

    def predicted_defaults(self, payload):
        obj = super(Organization, self).predicted_defaults(payload)
        obj['name'] = self.key()
        obj.update(contract.new_organization_counters())
        return obj


def main():
    run_module(Organization)


if __name__ == '__main__':
    main()
