#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_org_token
short_description: Manage Ubidots organizational tokens
version_added: 0.1.0
description:
  - Create, update, regenerate and delete the tokens of one Ubidots organization.
    Each token acts under one organizational API role and has its own rate limit.
  - A token is identified by its O(name) within its O(organization). Names are not unique for the API;
    when two tokens of the organization share the name, the module fails and lists their ids, changing nothing.
  - When two runs create the same token at the same moment, each checks after its creation; the copy created
    first is kept and the other run deletes its own copy and returns the kept token, with a warning.
  - Only the options you set are compared and changed.
  - The token key is a secret. It is returned in RV(token.key) only by the task that created or regenerated the token,
    or when you ask for it with O(include_key=true); it is never shown in the diff, in warnings or in error messages,
    where a fingerprint stands for it. B(Set C(no_log) to V(true) on every task that may create or regenerate
    a token, or sets O(include_key=true)), and store the key somewhere safe.
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  organization:
    description:
      - The organization the token belongs to, by id or by label.
    type: str
    required: true
  name:
    description:
      - Name of the token; identifies it within the organization.
    type: str
    required: true
  role:
    description:
      - The organizational API role the token acts under, by id or by label (see M(ubidots.cloud.ubidots_org_role)).
      - Required to create a token.
    type: str
  rate_limit:
    description:
      - Requests the token may make per O(rate_limit_window).
      - Allowed values depend on the window; 1 second allows 1, 2 or 4; 60 seconds allows 5, 10, 30 or 60;
        300 seconds allows 10, 30, 90 or 180; 900 seconds allows 90, 180, 240 or 480;
        1800 seconds allows 90, 240, 480 or 720; 3600 seconds allows 90, 240, 480, 720 or 960.
      - A pair that is not allowed fails before any request, listing the values allowed for the window.
      - When a token is created with neither O(rate_limit) nor O(rate_limit_window), the API uses 4 per second.
        When only O(rate_limit) is given on creation, the window is 1 second.
      - When only one of the two is changed, the other one on the server must fit it.
    type: int
  rate_limit_window:
    description:
      - Length of the rate limit window, in seconds.
      - To create a token with a window other than 1 second, set O(rate_limit) too.
    type: int
    choices: [1, 60, 300, 900, 1800, 3600]
  regenerate:
    description:
      - When V(true), the token is replaced by a new one with the same name and settings (and any options
        you set), which gives it a new key. The new token is created first and the old one deleted after,
        so a valid token exists at every moment. Always reports a change.
      - The API has no way to renew a key in place; the token id changes too.
      - Use it to rotate a key, or to obtain a key again when the API does not return keys of existing tokens.
    type: bool
    default: false
  include_key:
    description:
      - When V(true), RV(token.key) holds the key of an existing token too, when the API returns keys of existing
        tokens. This puts a secret in the result of a task that did not create it - B(use it only with C(no_log=true)).
      - When V(false), an existing token's result carries only RV(token.key_fingerprint); the key is in the result
        only of the task that created or regenerated the token.
    type: bool
    default: false
  known_api_roles:
    description:
      - The organizational API roles an earlier task of the play has just read or made, so that O(role) is checked
        against them instead of reading the account's roles again. Pass the
        RV(ubidots.cloud.ubidots_org_role#module:roles) result of an M(ubidots.cloud.ubidots_org_role) task with
        O(ubidots.cloud.ubidots_org_role#module:roles), or the RV(ubidots.cloud.ubidots_org_role_info#module:roles)
        of M(ubidots.cloud.ubidots_org_role_info).
      - Each entry needs a C(label) or an C(id). Entries with the action V(deleted) are left out; entries the earlier
        task only predicted (check mode, no id yet) count in check mode only.
      - A role the list does not hold is looked up on the API, as without this option.
    type: list
    elements: dict
  state:
    description:
      - V(present) creates the token or brings the options you set to the given values.
      - V(absent) deletes it; its key stops working at once. Nothing happens when the token or its organization
        does not exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The API returns the key of a new token in the response that creates it. Whether it returns keys of existing
    tokens depends on the API; when it does, RV(token.key_fingerprint) of an existing token is that key's
    fingerprint (and O(include_key=true) returns the key itself); when it does not, RV(token.key_fingerprint) is
    null. Use O(regenerate=true) to get a new key.
  - In check mode nothing is written. A token that would be created is predicted with V((known after apply\))
    for its id, key and key fingerprint. When its organization or role does not exist yet (an earlier task
    of the same check-mode run would create it), the module still predicts the creation instead of failing;
    in a real run that is an error.
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  diff_mode:
    details: The diff shows the options you set and the key fingerprint, never the key.
seealso:
  - module: ubidots.cloud.ubidots_org_token_info
  - module: ubidots.cloud.ubidots_org_role
  - module: ubidots.cloud.ubidots_organization
'''

EXAMPLES = r'''
- name: An organization, a read-only role and a token for its gateways
  block:
    - name: Ensure the organization exists
      ubidots.cloud.ubidots_organization:
        label: acme

    - name: Ensure a read-only role exists
      ubidots.cloud.ubidots_org_role:
        name: Read only
        label: read-only
        permissions:
          devices: [read]
          variables: [read]
          values: [read]

    - name: Ensure the gateway token exists
      ubidots.cloud.ubidots_org_token:
        organization: acme
        name: gateway
        role: read-only
        rate_limit: 30
        rate_limit_window: 60
      register: gateway_token
      no_log: true  # the result holds the key

    - name: Store a new key in a file only the owner can read
      ansible.builtin.copy:
        content: "{{ gateway_token.token.key }}"
        dest: /tmp/acme-gateway.key
        mode: "0600"
      when: gateway_token.token.key is defined
      no_log: true

    - name: Rotate the key (a new token replaces the old one)
      ubidots.cloud.ubidots_org_token:
        organization: acme
        name: gateway
        regenerate: true
      register: rotated
      no_log: true

    - name: Say which key is live now, by fingerprint only
      ansible.builtin.debug:
        msg: "acme/gateway key is now {{ rotated.token.key_fingerprint }}"

    - name: Delete the token
      ubidots.cloud.ubidots_org_token:
        organization: acme
        name: gateway
        state: absent
'''

RETURN = r'''
action:
  description:
    - What the task did to the object - created, updated, regenerated (replaced by a token with a new key), deleted
      or unchanged; in check mode, what it would do.
    - V(changed) is true for every action but V(unchanged).
  returned: always
  type: str
  choices: [created, updated, regenerated, deleted, unchanged]
  sample: regenerated
check_mode:
  description:
    - Whether the task ran in check mode (C(--check), or C(check_mode) on the play, block or task), so that nothing was written.
  returned: always
  type: bool
  sample: false
token:
  description:
    - The token as the API returns it, keys in snake_case, plus RV(token.key_fingerprint).
    - An empty dictionary after O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the token.
      type: str
      sample: 6541a3c1f0e2d4b5a6c7d8ea
    url:
      description: API URL of the token.
      type: str
    name:
      description: Name of the token.
      type: str
      sample: gateway
    key:
      description:
        - The secret key, C(BBFF-) and 30 letters or digits.
        - Returned by the task that created or regenerated the token, and for an existing token only with
          O(include_key=true) and when the API returns keys of existing tokens.
        - V((known after apply\)) in check mode for a token that would be created.
      type: str
      returned: when the token was created or regenerated by this task, or with O(include_key=true)
    key_fingerprint:
      description:
        - C(sha256:) and the first 12 hexadecimal digits of the SHA-256 of the key; safe to log and compare.
        - Null when the API did not return the key (an existing token, when the API does not show keys of existing tokens).
      type: str
      sample: "sha256:3f1c0b9a7d2e"
    api_role:
      description: The role of the token (C(id), C(label), C(name), C(url)).
      type: dict
    rate_limit:
      description: Requests allowed per window.
      type: int
      sample: 30
    rate_limit_window:
      description: Window of the rate limit in seconds.
      type: int
      sample: 60
    organization:
      description: The organization of the token (C(id), C(label), C(name), C(url)).
      type: dict
    created_at:
      description: Creation time, ISO 8601 in UTC.
      type: str
diff:
  description: With C(--diff), the options you set and the key fingerprint, before and after; all of them on creation,
    deletion and regeneration.
  returned: when diff mode is on and the token exists before or after
  type: dict
  sample: {"before": {"name": "gateway", "rate_limit": 4, "key_fingerprint": "sha256:3f1c0b9a7d2e"},
           "after": {"name": "gateway", "rate_limit": 2, "key_fingerprint": "sha256:3f1c0b9a7d2e"}}
'''

from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.tokens import OrgToken


def main():
    run_module(OrgToken)


if __name__ == '__main__':
    main()
