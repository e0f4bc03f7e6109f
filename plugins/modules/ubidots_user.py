#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_user
short_description: Manage the users of a Ubidots app and their organization memberships
version_added: 0.1.0
description:
  - Create, update and delete the people who log in to the account's app, identified by their username, and make
    them members of organizations, each with one user role (see M(ubidots.cloud.ubidots_user_role)).
  - Only the options you set are compared and changed. The user's fields are written with C(PATCH).
  - Memberships are reconciled in the same task after the user - the ones O(organizations) lists are added or given
    the listed role; with O(organizations_exclusive=true) the user's other memberships end.
  - Everything is checked before the first write - the username, the e-mail address, the password length, the tags,
    that every organization and user role exists (outside check mode), and that O(default_organization) is an
    organization the user will be a member of.
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  username:
    description:
      - The user's login name; identifies the user. Unique in the account regardless of case; cannot be changed.
      - 1 to 150 letters, digits, C(_) and C(-), not starting with C(testing) in any case.
    type: str
    required: true
  email:
    description:
      - E-mail address, unique in the account regardless of case. Required to create a user.
    type: str
  password:
    description:
      - The password, 8 to 128 characters. Required to create a user, unless O(password_file) is set. A secret - never shown in results, diffs,
        warnings or errors.
      - When it is written depends on O(update_password).
      - Without it, a user this task creates gets a generated password when O(password_file) is set.
    type: str
  password_file:
    description:
      - Path of a file, on the host that runs the module, for the password of a user this task creates without
        O(password). The module generates a strong password (32 letters and digits, from Python's C(secrets)), writes
        it to this file (mode C(0600); a missing folder is created with mode C(0700)) and only then creates the user
        with it, so that the password cannot be lost with an answer that never comes. A file that already holds an
        acceptable password (from a run stopped before the user was made, or another host creating the same user) is
        kept, and the user is created with that password.
        A folder this user cannot write to fails the task before any write.
      - The password is never returned, logged or shown in a diff; read it from the file (for example with the
        P(ansible.builtin.file#lookup) lookup, on a task with C(no_log)).
      - Only for a creation - an existing user never gets a new password from it (as O(update_password=on_create)),
        and nothing is written with O(password) set or in check mode.
    type: path
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created; for an existing user it is never written and
        never the reason for a change (the API cannot tell whether it is the same).
      - V(always) writes O(password) on every run of the task and so always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  first_name:
    description:
      - First name.
    type: str
  last_name:
    description:
      - Last name.
    type: str
  is_active:
    description:
      - Whether the user may log in.
    type: bool
  tags:
    description:
      - Tags of the user. Users see only the devices and dashboards that share a tag with them, so tags are access
        control.
      - A set - order and repeats make no difference. At most 20 different tags, each 1 to 50 characters.
      - Added to the user's tags on the server unless O(purge_tags=true).
    type: list
    elements: str
  purge_tags:
    description:
      - When V(true), O(tags) is exact; tags on the server that O(tags) does not list are removed.
    type: bool
    default: false
  properties:
    description:
      - Custom properties. The keys given are set; other keys on the server are kept unless O(purge_properties=true).
      - The server's own key C(password_update_timestamp) is never compared, written or removed.
    type: dict
  purge_properties:
    description:
      - When V(true), O(properties) is exact; other keys on the server are removed.
    type: bool
    default: false
  default_organization:
    description:
      - The organization the app opens for the user, by label or id. It must be one of the user's organizations once
        the task is done (in O(organizations), or an existing membership). An empty string clears it.
    type: str
  organizations:
    description:
      - Memberships the user must have. Each organization appears once; an existing membership with another role
        gets the listed role.
      - Memberships not listed stay, unless O(organizations_exclusive=true).
    type: list
    elements: dict
    suboptions:
      organization:
        description:
          - The organization, by label.
        type: str
        required: true
      role:
        description:
          - The user role in that organization, by label (V(viewer), V(dashboards-viewer) or a role of your own).
        type: str
        required: true
  organizations_exclusive:
    description:
      - When V(true), the user's memberships that O(organizations) does not list end. The user is never deleted by it.
    type: bool
    default: false
  invitation:
    description:
      - An e-mail invitation the API sends to the user for each membership this task adds (not for a role change).
      - It is not state - it is never compared and never on its own a reason for a change.
    type: dict
    suboptions:
      subject:
        description: Subject of the e-mail.
        type: str
      text:
        description: Text of the e-mail (the API's C(message)).
        type: str
      app_id:
        description: Id of the app the invitation links to.
        type: str
      expires:
        description: Days the invitation link stays valid.
        type: int
      reset_password:
        description: Whether the link asks the user to set a password.
        type: bool
  state:
    description:
      - V(present) creates the user or brings the options you set to the given values.
      - V(absent) deletes the user and with it every membership. Nothing happens when the user does not exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - In check mode nothing is written. A membership in an organization, or with a user role, that an earlier task of the
    same check run would create is predicted, not an error.
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  diff_mode:
    details: >-
      The diff shows the options you set, before and after, and the memberships as one line per organization
      (C(acme: viewer) before, C(acme: editor) after); never the password (a written one shows as C(hidden, written),
      a generated one as C(generated, in password_file)).
seealso:
  - module: ubidots.cloud.ubidots_user_info
  - module: ubidots.cloud.ubidots_user_role
  - module: ubidots.cloud.ubidots_organization
'''

EXAMPLES = r'''
- name: Alice operates the ACME plant and reads the Globex dashboards
  block:
    - name: Ensure the organizations exist
      ubidots.cloud.ubidots_organization:
        label: "{{ item }}"
      loop: [acme, globex]

    - name: Ensure the user role of plant operators exists
      ubidots.cloud.ubidots_user_role:
        name: Plant operator
        permissions:
          dashboards: [read]
          widgets: [read]
          widget_data: [read]
          events: [all]

    - name: Ensure Alice and her memberships
      ubidots.cloud.ubidots_user:
        username: alice
        email: alice@example.com
        # Set only when the user is created (update_password=on_create); keep it in a vault in real life.
        password: "{{ alice_initial_password | default(lookup('ansible.builtin.password', '/dev/null', length=20)) }}"
        first_name: Alice
        tags: [acme-plant]
        organizations:
          - organization: acme
            role: plant-operator
          - organization: globex
            role: viewer
        default_organization: acme
        invitation:
          subject: Your ACME dashboards
          expires: 7

    - name: Ensure Bob; when this creates him, his password is generated and written to a file only you can read
      ubidots.cloud.ubidots_user:
        username: bob
        email: bob@example.com
        password_file: "{{ playbook_dir }}/user_keys/bob.password"
        organizations:
          - organization: acme
            role: viewer

    - name: Alice stays in ACME only, as a viewer; her other memberships end
      ubidots.cloud.ubidots_user:
        username: alice
        organizations:
          - organization: acme
            role: viewer
        organizations_exclusive: true
      diff: true

- name: Remove a user who left (nothing happens when there is no such user)
  ubidots.cloud.ubidots_user:
    username: carol
    state: absent
'''

RETURN = r'''
user:
  description:
    - The user as the API returns it, keys in snake_case, with RV(user.organizations); never a password.
    - An empty dictionary after O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the user.
      type: str
    username:
      description: Username.
      type: str
      sample: alice
    email:
      description: E-mail address.
      type: str
    first_name:
      description: First name.
      type: str
    last_name:
      description: Last name.
      type: str
    is_active:
      description: Whether the user may log in.
      type: bool
    tags:
      description: Tags, in the order the API keeps them.
      type: list
      elements: str
    properties:
      description: Custom properties, with the server's C(password_update_timestamp).
      type: dict
    default_organization:
      description: The default organization (C(id), C(label), C(name), C(url)), or null.
      type: dict
    organizations:
      description: The user's memberships after the task, by organization label.
      type: list
      elements: dict
      sample: [{"organization": "acme", "role": "plant-operator"}]
    last_login:
      description: Time of the last login, or null.
      type: str
    created_at:
      description: Creation time, ISO 8601 in UTC.
      type: str
    password_file:
      description: The O(password_file) the generated password of the new user was written to (would be, in check
        mode). The password itself is never returned.
      returned: when this task created the user with a generated password
      type: str
      sample: /home/me/keys/bob.password
memberships:
  description: The organizations whose membership this task added, gave another role, or ended.
  returned: when O(organizations) is set and O(state=present)
  type: dict
  sample: {"added": ["globex"], "changed": ["acme"], "removed": []}
action:
  description: What the task did to the user (memberships included), the same in check mode.
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged]
check_mode:
  description: Whether the task ran in check mode.
  returned: always
  type: bool
diff:
  description: With C(--diff), the options you set before and after, and the managed memberships by organization.
  returned: when diff mode is on and the user exists before or after
  type: dict
  sample: {"before": {"username": "alice", "organizations": {"acme": "viewer"}},
           "after": {"username": "alice", "organizations": {"acme": "plant-operator"}}}
'''

from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.users import User


def main():
    run_module(User)


if __name__ == '__main__':
    main()
