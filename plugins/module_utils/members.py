# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The members of one organization (ubidots_organization's ``members``): who belongs to it, each with one user role.

The same memberships ubidots_user manages from the user's side, seen from the organization: one read of the
organization's users decides for every member, then one assign or remove request per user that changes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import UbidotsError
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    NOT_APPLIED, Failure, InputError, Option, handed_over, write)
from ansible_collections.ubidots.cloud.plugins.module_utils.users import (
    find_user, known_user_role, membership_diff, membership_plan, unknown_user_role)

MEMBER_OPTIONS = {
    'username': {'type': 'str', 'required': True},
    'role': {'type': 'str', 'required': True},
}
MEMBERS = Option('members', type='list', elements='dict', options=MEMBER_OPTIONS)
MEMBERS_EXCLUSIVE = Option('members_exclusive', type='bool', default=False)
# The users and user roles earlier tasks returned, so that the members' references need no read of their own.
KNOWN_USERS = Option('known_users', type='list', elements='dict')
KNOWN_USER_ROLES = Option('known_user_roles', type='list', elements='dict')

# What the task did to one membership (``action`` of each item of ``members``).
ADDED, UPDATED, UNCHANGED, REMOVED = 'added', 'updated', 'unchanged', 'removed'


class MemberSet:
    """Every member of one organization in one task. ``members`` lists who must belong, with which user role;
    ``members_exclusive`` ends the other memberships (never deleting a user), else they are reported as
    ``undeclared_members``. Usernames match regardless of case, as the API's do."""

    def __init__(self, task, organization, organization_created):
        self.task = task
        self.organization = organization
        self.created = organization_created
        self.items = task.params['members']
        self.exclusive = task.params['members_exclusive']
        self.assumed_empty = False  # planned without a read, for an organization this task creates
        self.before = {}         # {username: role label} as read
        self.wanted = {}         # {username: role label} asked for, in the server's spelling of known usernames
        self.plan = None
        self.ids = {}            # username -> user id, to address the user in a write
        self.results = []
        self.handed_users = self.handed_roles = []  # known_users and known_user_roles (set by validate)

    def validate(self):
        """Usernames by the API's rule, each once; roles by the label rule; before any request."""
        seen = set()
        for item in self.items:
            problem = contract.username_error(item['username']) or contract.label_error('role', item['role'])
            if problem:
                raise InputError('members: %s' % problem)
            if item['username'].lower() in seen:
                raise InputError('members: username=%s is given more than once; a member has one role in an '
                                 'organization.' % item['username'])
            seen.add(item['username'].lower())
        check_mode = self.task.check_mode
        self.handed_users = handed_over(self.task.params['known_users'], 'known_users', ('username', 'id'), check_mode)
        self.handed_roles = handed_over(self.task.params['known_user_roles'], 'known_user_roles', ('label',), check_mode)

    def check_against(self, current):
        """After the organization's lookup (``current``, None when this task creates it), before any write."""
        self.created = current is None
        self._prepare()

    def _prepare(self):
        """Read the members (not those of an organization this task creates: it has none), plan, and outside check
        mode check every user this task adds and every role it gives."""
        self.assumed_empty = self.created
        listing = [] if self.created else self.task.client.list(contract.organization_users_path(self.organization))
        self.before = contract.member_roles(listing)
        self.ids = dict((item.get('username'), item.get('id')) for item in listing)
        spelling = dict((name.lower(), name) for name in self.before)
        self.wanted = dict((spelling.get(item['username'].lower(), item['username']), item['role']) for item in self.items)
        self.plan = membership_plan(self.before, self.wanted, self.exclusive)
        self._check_references()

    def _check_references(self):
        """A check run predicts instead: an earlier task of the run may be about to create the user or the role."""
        if self.task.check_mode:
            return
        client = self.task.client
        for name in self.plan.added:
            user = find_user(client, name, self.handed_users)
            if user is None:
                raise InputError('members: username=%s does not exist. Create the user first with '
                                 'ubidots.cloud.ubidots_user.' % name)
            self.ids[name] = user.get('id')
        for name in sorted(self.plan.added + self.plan.changed):
            if known_user_role(client, self.wanted[name], self.handed_roles) is None:
                raise unknown_user_role('members', self.wanted[name], name)

    def reconcile(self):
        """{members, undeclared_members, changed, diff}; Failure keeps what was done so far."""
        if self.plan is None or (self.assumed_empty and not self.created):
            # Planned for a new organization, but another run created it first: its members count now.
            self._prepare()
        for name, action in self._actions():
            if action != UNCHANGED and not self.task.check_mode:
                try:
                    self._write(name, action)
                except UbidotsError as exc:
                    raise Failure('organization "%s": member %s not %s: %s' % (self.organization, name, action, exc),
                                  **self.partial())
            role = self.before[name] if action == REMOVED else self.wanted[name]
            self.results.append({'username': name, 'role': role, 'action': action})
        before, after = membership_diff(self.before, self.plan, self.wanted)
        undeclared = [] if self.exclusive else sorted(name for name in self.before if name not in self.wanted)
        return {'members': list(self.results),
                'undeclared_members': [{'username': name, 'role': self.before[name]} for name in undeclared],
                'changed': self.changed(),
                'diff': {'before': before, 'after': after}}

    def _actions(self):
        """(username, action): the listed members in list order, then the memberships exclusive ends."""
        for name in self.wanted:
            if name in self.plan.added:
                yield name, ADDED
            else:
                yield name, UPDATED if name in self.plan.changed else UNCHANGED
        for name in self.plan.removed:
            yield name, REMOVED

    def _write(self, name, action):
        """One request for one user: assign the organization with the role (a role change re-assigns), or remove it.
        Both are idempotent, so a write whose answer was lost is decided by reading the members again (engine.write)."""
        user = self.ids.get(name) or name
        if action == REMOVED:
            path = contract.user_path(user, contract.REMOVE_ORGANIZATIONS)
            body = [contract.membership_item(self.organization)]
        else:
            path = contract.user_path(user, contract.ASSIGN_ORGANIZATIONS)
            body = [contract.membership_item(self.organization, self.wanted[name])]
        client = self.task.client
        write(client, lambda: client.post(path, body), lambda: self._confirm(name, action),
              'the membership of user "%s" in organization "%s"' % (name, self.organization))

    def _confirm(self, name, action):
        listing = self.task.client.list(contract.organization_users_path(self.organization))
        held = dict((user.lower(), role) for user, role in contract.member_roles(listing).items()).get(name.lower())
        applied = held is None if action == REMOVED else held == self.wanted[name]
        return listing if applied else NOT_APPLIED

    def changed(self):
        return any(result['action'] != UNCHANGED for result in self.results)

    def partial(self):
        """The result keys of a task that failed half way: the members done so far."""
        return {'changed': self.changed(), 'members': list(self.results)}
