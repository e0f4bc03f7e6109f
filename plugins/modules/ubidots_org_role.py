#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_org_role
short_description: Manage Ubidots organizational API roles
version_added: 0.1.0
description:
  - Create, update and delete the organizational API roles of a Ubidots account, identified by their label.
  - A role says what the organizational tokens created under it may do (create, read, update, delete)
    with devices, variables, values, device groups and events. A change to a role applies at once
    to every token that uses it, in every organization.
  - Only the options you set are compared and changed; an option left out is never touched.
    Updates send only the changed fields with C(PATCH).
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  label:
    description:
      - Label of the role, unique within the account; identifies it.
      - 1 to 100 characters of letters, digits, C(_), C(.), C(:) and C(-). Case-sensitive.
      - When left out, derived from O(name) the way the API derives it (V(Read only) gives V(read-only)).
        The name is lowercased, each run of whitespace becomes one C(-), characters other than C(a-z), C(0-9),
        C(_) and C(-) are dropped, and C(-) at either end is trimmed.
      - One of O(label), O(name) and O(roles) is required.
    type: str
  name:
    description:
      - Display name of the role; several roles may share a name.
      - Required when the role does not exist yet.
    type: str
  description:
    description:
      - Free text description.
    type: str
  permissions:
    description:
      - What tokens under the role may do, as a dictionary of entity to a list of actions.
      - Entities are V(devices), V(variables), V(values), V(device_groups) and V(events).
        Actions are V(create), V(read), V(update) and V(delete); V(all) stands for the four.
      - When set, the dictionary is the whole truth. An entity left out gets no rights, and rights the role
        has on the server but the dictionary does not list are removed; V({}) removes every right.
        Leave the option out to keep the role's permissions as they are.
      - Compared as sets, so the order of entities and actions and repeated actions never cause a change.
      - An unknown entity or action fails the task before any request, naming it and listing the allowed words.
      - The API writes them as codenames (C(view_device), C(add_value), ...); the module translates both ways.
    type: dict
  roles:
    description:
      - Several roles in one task, each item with the options of a single role - O(roles[].label), O(roles[].name),
        O(roles[].description), O(roles[].permissions) and O(roles[].state) - reconciled from one read of the account's
        roles. Use it rather than a loop - the roles are read once, not once per item.
      - Cannot be combined with O(label), O(name), O(description) or O(permissions).
      - Roles of the account that the list does not name are left alone and listed in RV(undeclared_roles), unless
        O(roles_exclusive=true).
      - A role of the list (or, with O(roles_exclusive), of the account) that should be deleted but is still used by
        tokens is kept; its entry in RV(roles) has C(in_use) and C(in_use_by_tokens), a warning says so, and the task
        goes on. All items are checked before any request.
    type: list
    elements: dict
    suboptions:
      label:
        description:
          - Label of the role; left out, derived from O(roles[].name). Labels in the list must be unique.
        type: str
      name:
        description:
          - Display name of the role; required when the role does not exist yet.
        type: str
      description:
        description:
          - Free text description.
        type: str
      permissions:
        description:
          - What tokens under the role may do, as O(permissions) says.
        type: dict
      state:
        description:
          - V(present) or V(absent), as O(state); left out, the task's O(state).
        type: str
        choices: [present, absent]
  roles_exclusive:
    description:
      - When V(true), the roles of the account that O(roles) does not name are deleted (those that tokens use are kept,
        see O(roles)); they appear in RV(roles) with their C(action) and in the diff.
      - Check mode cannot know whether tokens use a role (only the refused deletion says so), so it predicts
        C(deleted) for every such role; the real run keeps one in use and warns.
      - Has no effect without O(roles).
    type: bool
    default: false
  state:
    description:
      - V(present) creates the role or brings the options you set to the given values.
      - V(absent) deletes it. Nothing happens when it does not exist.
      - With O(roles), the state of every item that does not set its own.
      - A role that organizational tokens still use cannot be deleted. The task fails with the API's reason
        (for example C(This role is in use by 2 tokens.)) and nothing is changed; delete those tokens first.
    type: str
    choices: [present, absent]
    default: present
notes:
  - In check mode nothing is written; the result holds the role the API would return,
    with V((known after apply\)) for values only the server can make (id, url, creation time).
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  diff_mode:
    details: The diff shows the options you set, before and after; permissions in their readable form.
seealso:
  - module: ubidots.cloud.ubidots_org_role_info
  - module: ubidots.cloud.ubidots_organization
'''

EXAMPLES = r'''
- name: Manage organizational API roles with the account token from the environment (UBIDOTS_TOKEN)
  module_defaults:
    group/ubidots.cloud.ubidots:
      api_url: "{{ ubidots_api_url | default(omit) }}"
  block:
    - name: A role whose tokens may only read devices and their data (label derived from the name)
      ubidots.cloud.ubidots_org_role:
        name: Read only
        description: Dashboards and reports
        permissions:
          devices: [read]
          variables: [read]
          values: [read]
      register: read_only

    - name: Show the derived label and the API's codenames
      ansible.builtin.debug:
        msg: "{{ read_only.role.label }}: {{ read_only.role.permission_codenames | join(', ') }}"

    - name: A role for gateways that send data, with a label of its own
      ubidots.cloud.ubidots_org_role:
        label: gateway-writer
        name: Gateway writer
        permissions:
          devices: [create, read]
          variables: [create, read]
          values: [all]

    - name: Let the read-only role see device groups too (the dictionary is the whole truth, so repeat the rest)
      ubidots.cloud.ubidots_org_role:
        label: read-only
        permissions:
          devices: [read]
          variables: [read]
          values: [read]
          device_groups: [read]

    - name: Several roles in one task, from one read of the account's roles (a role used by tokens is kept)
      ubidots.cloud.ubidots_org_role:
        roles:
          - name: Read only
            permissions: {devices: [read], variables: [read], values: [read], device_groups: [read]}
          - label: gateway-writer
            name: Gateway writer
            permissions: {devices: [create, read], variables: [create, read], values: [all]}
      register: all_roles

    - name: Say which roles of the account the list does not name
      ansible.builtin.debug:
        msg: "Not declared: {{ all_roles.undeclared_roles | join(', ') or 'none' }}"

    - name: Delete the roles (a role still used by tokens is refused and left unchanged)
      ubidots.cloud.ubidots_org_role:
        label: "{{ item }}"
        state: absent
      loop:
        - read-only
        - gateway-writer
'''

RETURN = r'''
action:
  description:
    - What the task did to the object - created, updated, deleted or unchanged; in check mode, what it would do.
    - V(changed) is true for every action but V(unchanged).
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: created
check_mode:
  description:
    - Whether the task ran in check mode (C(--check), or C(check_mode) on the play, block or task), so that nothing was written.
  returned: always
  type: bool
  sample: false
in_use:
  description:
    - True when O(state=absent) was refused because organizational tokens still use the role; the task fails, nothing is changed.
    - With O(roles), the same key is in the entry of each kept role instead (and the task goes on).
  returned: when the deletion was refused because tokens use the role
  type: bool
  sample: true
in_use_by_tokens:
  description:
    - How many organizational tokens use the role, as the API said when it refused to delete it.
  returned: when the deletion was refused because tokens use the role
  type: int
  sample: 2
roles:
  description:
    - With O(roles), one entry per role of the list (and per role deleted or kept by O(roles_exclusive)), in that order,
      as RV(role) describes it, with its C(action), and C(in_use) and C(in_use_by_tokens) for a role kept because tokens
      use it. The task's RV(action) is then V(updated) when any role changed, else V(unchanged).
  returned: when O(roles) is set
  type: list
  elements: dict
  sample: [{"label": "read-only", "name": "Read only", "action": "created", "permissions": {"devices": ["read"]}}]
undeclared_roles:
  description: With O(roles), the labels of the account's roles that the list does not name (left alone without O(roles_exclusive)).
  returned: when O(roles) is set
  type: list
  elements: str
  sample: [old-integration]
role:
  description:
    - The role as the API returns it, keys in snake_case, with RV(role.permissions) in readable form
      and the API's codenames in RV(role.permission_codenames).
    - In check mode, the role the API would return; values only the server makes read V((known after apply\)).
    - An empty dictionary after O(state=absent).
  returned: when O(roles) is not set
  type: dict
  contains:
    id:
      description: Id of the role, 24 hexadecimal characters.
      type: str
      sample: 6541a3c1f0e2d4b5a6c7d8ea
    url:
      description: API URL of the role.
      type: str
      sample: https://industrial.api.ubidots.com/api/v2.0/api_roles/6541a3c1f0e2d4b5a6c7d8ea
    label:
      description: Label of the role.
      type: str
      sample: read-only
    name:
      description: Display name.
      type: str
      sample: Read only
    description:
      description: Description.
      type: str
      sample: Dashboards and reports
    permissions:
      description:
        - Granted actions per entity, in the form of O(permissions). Actions come in the order
          create, read, update, delete; an entity without rights is left out.
      type: dict
      sample: {"devices": ["read"], "variables": ["read"], "values": ["read"]}
    permission_codenames:
      description: The same rights as the API's codenames, sorted.
      type: list
      elements: str
      sample: ["view_device", "view_value", "view_variable"]
    created_at:
      description: Creation time, ISO 8601 in UTC.
      type: str
      sample: "2026-11-22T14:05:55.471155Z"
diff:
  description:
    - With C(--diff), the options you set before and after; all options on creation and deletion.
    - With O(roles), C(roles) in both holds the roles by label.
  returned: when diff mode is on and the role exists before or after
  type: dict
  sample: {"before": {"label": "read-only", "permissions": {"devices": ["read"]}},
           "after": {"label": "read-only", "permissions": {"devices": ["read"], "device_groups": ["read"]}}}
'''

from ansible_collections.ubidots.cloud.plugins.module_utils.api_roles import OrgRole
from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module


def main():
    run_module(OrgRole)


if __name__ == '__main__':
    main()
