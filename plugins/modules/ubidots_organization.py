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
  - With O(tokens) and O(members), the organization's tokens and members are reconciled in the same task, after the
    organization itself.
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
      - Without O(key_file), the result holds the key of every token this task creates or regenerates; B(register it
        only on a task with C(no_log) set to V(true)). With O(key_file), the keys go to that file and the result holds
        none, so the task can show its output and diff.
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
  known_api_roles:
    description:
      - The organizational API roles an earlier task of the play has just read or made, so that the roles of O(tokens)
        are checked against them instead of reading the account's roles again (one request less per task). Pass the
        RV(ubidots.cloud.ubidots_org_role#module:roles) result of an M(ubidots.cloud.ubidots_org_role) task with
        O(ubidots.cloud.ubidots_org_role#module:roles), or the RV(ubidots.cloud.ubidots_org_role_info#module:roles)
        of M(ubidots.cloud.ubidots_org_role_info).
      - Each entry needs a C(label) or an C(id); C(name) and C(url) are shown in the result of a token when present.
        Entries with the action V(deleted) are left out. Entries the earlier task only predicted (check mode, no id
        yet) count in check mode only, as roles that task would create.
      - A token role the list does not hold is looked up on the API, as without this option. A role deleted on the
        server since the earlier task is refused by the API when a token is created with it, and the task fails
        naming the role.
      - Has no effect without O(tokens).
    type: list
    elements: dict
  key_file:
    description:
      - A YAML file, on the host that runs the module, that receives the keys of O(tokens) (token name - key) instead
        of the result, which then holds no key (RV(tokens) and RV(keys_written) name the tokens).
      - The key of a token this task creates or regenerates replaces the file's. A token that exists but whose name the
        file lacks (made by a run stopped before it could keep its key) gets its key read as with
        O(tokens[].include_key), when the API shows keys of existing tokens, and filled in. Other entries are kept.
      - Written, only when its content changes, through a temporary file of mode C(0600) in the same folder that then
        replaces it, so the file is C(0600); a missing folder is created with mode C(0700).
      - Checked before any request - an existing file that is not a YAML mapping, a directory, or a folder this user
        cannot write to fails the task naming it, with nothing changed. Check mode writes no file.
      - An empty string keeps the keys out of the result without writing them anywhere (they are lost; regenerate a
        token to get a key again).
      - Has no effect without O(tokens).
    type: path
  members:
    description:
      - The users who are members of the organization, each with the user role they hold in it, reconciled in the same
        task after the organization (and after O(tokens)). The same memberships as M(ubidots.cloud.ubidots_user)'s
        O(ubidots.cloud.ubidots_user#module:organizations), seen from the organization - use this for "this
        organization has exactly these members".
      - The organization's users are read once (not at all when this task creates the organization); then one request
        per user whose membership changes - a user not yet a member is added, a member with another role gets the
        listed one.
      - Members the list does not name are left alone and listed in RV(undeclared_members), unless
        O(members_exclusive=true).
      - Every user and user role must exist already (outside check mode, where one that an earlier task of the same
        check run would create is predicted as added); an unknown one is an error before any write.
      - This option never creates, changes or deletes a user account; see M(ubidots.cloud.ubidots_user).
      - Ignored with O(state=absent) (deleting the organization ends its memberships).
    type: list
    elements: dict
    suboptions:
      username:
        description:
          - The user, by username (matched regardless of case, as the API does). Each user appears once.
        type: str
        required: true
      role:
        description:
          - The user role the user holds in this organization, by label - V(viewer), V(dashboards-viewer) or a role
            of your own (see M(ubidots.cloud.ubidots_user_role)).
        type: str
        required: true
  members_exclusive:
    description:
      - When V(true), the memberships in this organization of users that O(members) does not list end. They appear in
        RV(members) with the action V(removed) and in the diff. The users themselves are never deleted.
      - Has no effect when O(members) is not set. An empty O(members) list with O(members_exclusive=true) ends every
        membership of the organization.
    type: bool
    default: false
  known_users:
    description:
      - The users earlier tasks of the play have just read or made, so that the users O(members) adds are found
        without reading the account's users again. Pass the RV(ubidots.cloud.ubidots_user#module:user) results of
        M(ubidots.cloud.ubidots_user) tasks (a list, for example from the C(results) of a loop), or the
        RV(ubidots.cloud.ubidots_user_info#module:users) of M(ubidots.cloud.ubidots_user_info).
      - Each entry needs a C(username) or an C(id). Entries with the action V(deleted) are left out, and entries an
        earlier check-mode task only predicted count in check mode only (where users are predicted anyway).
      - A user the list does not hold is looked up on the API, as without this option. Has no effect without
        O(members).
    type: list
    elements: dict
  known_user_roles:
    description:
      - The user roles earlier tasks of the play have just read or made, so that the roles of O(members) are checked
        without reading the account's user roles again. Pass the RV(ubidots.cloud.ubidots_user_role#module:role)
        results of M(ubidots.cloud.ubidots_user_role) tasks, or the RV(ubidots.cloud.ubidots_user_role_info#module:roles)
        of M(ubidots.cloud.ubidots_user_role_info).
      - Each entry needs a C(label); the rest is as for O(known_users).
    type: list
    elements: dict
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

    - name: Ensure the API role its tokens act under
      ubidots.cloud.ubidots_org_role:
        name: Device writer
        label: device-writer
        permissions: {devices: [create, read], variables: [create, read], values: [create, read]}
      register: device_writer

    - name: Ensure its tokens in the same task; their keys go to a file, not to the result, so no no_log is needed
      ubidots.cloud.ubidots_organization:
        label: acme
        tokens:
          - {name: gateway, role: device-writer, rate_limit: 30, rate_limit_window: 60}
          - {name: old-script, state: absent}
        key_file: "{{ ubidots_key_dir | default('~/.ubidots-keys') }}/acme.yml"
        known_api_roles: "{{ [device_writer.role] }}"  # the role the task above made or found: no need to read it again
      register: acme_tokens

    - name: Say which keys were written and which tokens the list does not name
      ansible.builtin.debug:
        msg: "New keys: {{ acme_tokens.keys_written | join(', ') or 'none' }}; not declared: {{ acme_tokens.undeclared_tokens | join(', ') or 'none' }}"

    - name: Make the properties exact, removing keys set by hand in the web UI
      ubidots.cloud.ubidots_organization:
        label: acme
        properties:
          contract: gold
        purge_properties: true

    - name: Ensure the users exist; a new one gets a generated password, written to a file only you can read
      ubidots.cloud.ubidots_user:
        username: "{{ item }}"
        email: "{{ item }}@acme.example"
        password_file: "{{ playbook_dir }}/user_keys/{{ item }}.password"
      loop: [alice, bob]
      register: acme_users

    - name: ACME has exactly these members; other memberships in ACME end (the users are kept)
      ubidots.cloud.ubidots_organization:
        label: acme
        members:
          - username: alice
            role: viewer
          - username: bob
            role: dashboards-viewer
        members_exclusive: true
        known_users: "{{ acme_users.results | map(attribute='user') | list }}"  # found by the task above
      diff: true
      register: acme_people

    - name: Show who changed
      ansible.builtin.debug:
        msg: "{{ acme_people.members | rejectattr('action', 'equalto', 'unchanged') | list }}"

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
organization_action:
  description:
    - With O(tokens) or O(members), what the task did to the organization itself (RV(action) is V(updated) also when
      only its tokens or members changed).
  returned: when O(tokens) or O(members) is set and O(state=present)
  type: str
  choices: [created, updated, unchanged]
  sample: unchanged
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
      description: Number of users in the organization, as the API returned it with the organization (before the changes
        of O(members)).
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
    - C(key) only for a token this task created or regenerated, or whose item sets O(tokens[].include_key=true); never
      with O(key_file).
  returned: when O(tokens) is set
  type: list
  elements: dict
  sample: [{"name": "gateway", "action": "created", "key_fingerprint": "sha256:3f1c0b9a7d2e", "rate_limit": 4}]
keys_written:
  description: With O(key_file), the names of the tokens whose key this task wrote to the file (none in check mode).
  returned: when O(tokens) and O(key_file) are set
  type: list
  elements: str
  sample: [gateway]
undeclared_tokens:
  description: Names of tokens of the organization that O(tokens) does not name (left alone without O(tokens_exclusive)).
  returned: when O(tokens) is set
  type: list
  elements: str
  sample: [old-script]
members:
  description:
    - With O(members), one entry per listed member in list order, then one per membership ended by
      O(members_exclusive), each with its C(action); in check mode, what the task would do.
  returned: when O(members) is set
  type: list
  elements: dict
  contains:
    username:
      description: The user's username.
      type: str
      sample: alice
    role:
      description: The user role the user holds in the organization after the task (for a removed one, the role held
        before).
      type: str
      sample: viewer
    action:
      description:
        - V(added) (made a member), V(updated) (given another role), V(unchanged), or V(removed) (membership
          ended by O(members_exclusive)).
      type: str
      choices: [added, updated, unchanged, removed]
      sample: added
  sample: [{"username": "alice", "role": "viewer", "action": "updated"}, {"username": "carol", "role": "viewer",
            "action": "removed"}]
undeclared_members:
  description:
    - Members of the organization that O(members) does not list, with the role they hold, left alone because
      O(members_exclusive) is V(false) (with V(true) they are removed and show in RV(members)).
  returned: when O(members) is set
  type: list
  elements: dict
  sample: [{"username": "dave", "role": "dashboards-viewer"}]
diff:
  description:
    - With C(--diff), the options you set before and after; all options on creation and deletion.
    - With O(tokens), C(tokens) in both holds the tokens by name (options and key fingerprint; never a key).
    - >-
      With O(members), C(members) in both holds one line per listed or removed member, C(username: role), on each
      side where the membership exists (C(alice: viewer) before, C(alice: editor) after).
  returned: when diff mode is on and the organization exists before or after
  type: dict
  sample: {"before": {"label": "acme", "is_active": true}, "after": {"label": "acme", "is_active": false}}
'''

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    DictField, Field, FileField, Option, ReferenceField, Resource)
from ansible_collections.ubidots.cloud.plugins.module_utils.key_files import KEY_FILE
from ansible_collections.ubidots.cloud.plugins.module_utils.members import (
    KNOWN_USER_ROLES, KNOWN_USERS, MEMBERS, MEMBERS_EXCLUSIVE, MemberSet)
from ansible_collections.ubidots.cloud.plugins.module_utils.organization_sets import WithSets
from ansible_collections.ubidots.cloud.plugins.module_utils.tokens import (
    KNOWN_API_ROLES, TOKENS, TOKENS_EXCLUSIVE, OrganizationTokens)


class Organization(WithSets, Resource):
    noun = 'organization'
    result_key = 'organization'
    defaults = contract.ORGANIZATION_DEFAULTS
    options = (
        Option('label', required=True),
        Option('purge_properties', type='bool', default=False),
        TOKENS,
        TOKENS_EXCLUSIVE,
        KNOWN_API_ROLES,
        KEY_FILE,
        MEMBERS,
        MEMBERS_EXCLUSIVE,
        KNOWN_USERS,
        KNOWN_USER_ROLES,
    )
    item_sets = (('tokens', OrganizationTokens), ('members', MemberSet))
    fields = (
        Field('name'),
        Field('description'),
        DictField('properties', purge_option='purge_properties'),
        Field('is_active', 'isActive', type='bool'),
        ReferenceField('app'),
        FileField('favicon'),
        FileField('logo'),
    )

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
