#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ubidots_user_role
short_description: Manage Ubidots user roles, what app users may do (not the API roles of tokens)
version_added: 0.1.0
description:
  - Manages the user roles of a Ubidots account - what a person who logs in to the app may see and do in an
    organization they are a member of. This is not M(ubidots.cloud.ubidots_org_role), which manages the API roles
    that scope organizational tokens; the two are separate namespaces, and a label may exist in both.
  - A role is identified by its label. Every account has two built-in roles, V(viewer) and V(dashboards-viewer);
    they can be read and given to users (see M(ubidots.cloud.ubidots_user)), but asking this module to change or
    delete one fails before any request that writes.
  - Only the options you set are compared and changed. Updates send only the changed fields with C(PATCH).
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
options:
  label:
    description:
      - Label of the role, unique among the account's user roles; identifies it. It cannot be changed later.
      - 1 to 100 characters of letters, digits, C(_), C(.), C(:) and C(-).
      - When left out, derived from O(name) the way the API derives it (V(Plant operator) gives V(plant-operator)).
      - One of O(label) and O(name) is required.
    type: str
  name:
    description:
      - Display name of the role. Required when the role does not exist yet.
    type: str
  description:
    description:
      - Free text description.
    type: str
  permissions:
    description:
      - What users with the role may do, as a dictionary of entity to a list of actions.
      - Entities are V(dashboards), V(widgets), V(devices), V(variables), V(device_groups), V(events), V(reports),
        V(users) and V(organizations), with the actions V(create), V(read), V(update) and V(delete) (V(all) for the
        four); and two entities that only take V(read) - V(widget_data) (see the data behind widgets) and
        V(insight_data) (see insight data).
      - "For example C({dashboards: [read], widgets: [read], widget_data: [read]}) is the built-in V(dashboards-viewer)."
      - When set, the dictionary is the whole truth; rights the role has on the server but the dictionary does not
        list are removed. Compared as sets. Leave the option out to keep the role's permissions.
      - An unknown entity or action fails the task before any request, naming it.
      - When the role is created without this option, it gets no permissions.
    type: dict
  state:
    description:
      - V(present) creates the role or brings the options you set to the given values.
      - V(absent) deletes it; nothing happens when it does not exist. A role that memberships still use cannot be
        deleted - the task fails with RV(in_use) and RV(in_use_by_users), and nothing is changed.
    type: str
    choices: [present, absent]
    default: present
notes:
  - In check mode nothing is written; the result holds the role the API would return, with V((known after apply\))
    for values only the server makes.
extends_documentation_fragment:
  - ubidots.cloud.auth
  - ubidots.cloud.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  diff_mode:
    details: The diff shows the options you set, before and after; permissions in their readable form.
seealso:
  - module: ubidots.cloud.ubidots_user_role_info
  - module: ubidots.cloud.ubidots_user
  - module: ubidots.cloud.ubidots_org_role
'''

EXAMPLES = r'''
- name: A role for plant operators, who see dashboards and their data and manage events
  ubidots.cloud.ubidots_user_role:
    name: Plant operator
    description: Dashboards and alarms of their plant
    permissions:
      dashboards: [read]
      widgets: [read]
      widget_data: [read]
      events: [all]

- name: Remove a role nobody uses any more
  ubidots.cloud.ubidots_user_role:
    label: plant-operator
    state: absent
'''

RETURN = r'''
role:
  description:
    - The role as the API returns it, keys in snake_case, with RV(role.permissions) readable and
      RV(role.permission_codenames) as the API names them. An empty dictionary after O(state=absent).
  returned: always
  type: dict
  contains:
    label:
      description: Label of the role.
      type: str
      sample: plant-operator
    name:
      description: Display name.
      type: str
      sample: Plant operator
    description:
      description: Description.
      type: str
    url:
      description: API URL of the role.
      type: str
    permissions:
      description: Permissions in the readable form of O(permissions).
      type: dict
      sample: {"dashboards": ["read"], "widget_data": ["read"]}
    permission_codenames:
      description: The API's codenames, sorted.
      type: list
      elements: str
      sample: [view_dashboard, view_widget_data]
    is_active:
      description: Whether the role is active.
      type: bool
    permissions_count:
      description: Number of permissions, as the API counts them.
      type: int
    created_at:
      description: Creation time, ISO 8601 in UTC.
      type: str
action:
  description: What the task did to the role, the same in check mode.
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: created
check_mode:
  description: Whether the task ran in check mode.
  returned: always
  type: bool
in_use:
  description: True when a deletion was refused because memberships still give the role to users.
  returned: when a deletion was refused for that reason
  type: bool
in_use_by_users:
  description: How many users hold the role, when a deletion was refused for that reason.
  returned: when a deletion was refused for that reason
  type: int
diff:
  description: With C(--diff), the options you set before and after; all of them on creation and deletion.
  returned: when diff mode is on and the role exists before or after
  type: dict
'''

from ansible_collections.ubidots.cloud.plugins.module_utils.base import run_module
from ansible_collections.ubidots.cloud.plugins.module_utils.user_roles import UserRole


def main():
    run_module(UserRole)


if __name__ == '__main__':
    main()
