# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organizational API roles: the resource of ubidots_org_role and how a role reads in results (also for _info)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import UbidotsError, redact
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    UNCHANGED, UPDATED, Failure, Field, InputError, Option, Resource, SetField, Task, argument_spec, run, run_resource,
    scope_of, to_snake_keys)


def role_fields(encode, decode, read_form):
    """A role's fields: name, description and a permission set in the readable form of its own catalogue."""
    return (
        Field('name'),
        Field('description'),
        SetField('permissions', type='dict', encode=encode, decode=decode, item_name=contract.permission_codename,
                 item_form=read_form),
    )


class OrgRole(Resource):
    noun = 'API role'
    result_key = 'role'
    defaults = contract.ROLE_DEFAULTS
    options = (Option('label'),)  # and ROLES, ROLES_EXCLUSIVE (below: the items take the fields' spec)
    fields = role_fields(contract.permissions_to_codenames, contract.codenames_to_permissions,
                         contract.permission_read_form)
    constraints = {'required_one_of': [('label', 'name', 'roles')],
                   'mutually_exclusive': [('roles', option) for option in ('label', 'name', 'description', 'permissions')]}

    @classmethod
    def execute(cls, task):
        return run(task, cls) if task.params.get('roles') is None else RoleSet(task, cls).reconcile()

    def key(self):
        if self.params['label'] is not None:
            return self.params['label']
        return contract.label_from_name(self.params['name'])

    def validate(self):
        super(OrgRole, self).validate()
        problem = contract.derived_label_error(self.params['name']) if self.params['label'] is None else None
        if problem:
            raise InputError(problem)

    def collection_path(self):
        return contract.role_path()

    def item_path(self, key):
        return contract.role_path(key)

    def creation_payload(self):
        if not self.params['name']:
            raise InputError('name is required to create %s: it does not exist yet.' % self.describe())
        return {'label': self.key(), 'name': self.params['name']}

    def to_result(self, obj, action):
        return role_result(obj)

    # A refused deletion: what uses the role, the pattern of the API's reason, and what to do.
    in_use_by, in_use_pattern = 'tokens', contract.ROLE_IN_USE_PATTERN
    in_use_advice = 'Delete the organizational tokens that use the role first.'

    def deletion_refused(self, error):
        count = contract.in_use_count(error.code, error.detail, self.in_use_pattern)
        if count is None:
            return None
        return self.in_use_advice, {'in_use': True, 'in_use_by_' + self.in_use_by: count}


def role_result(obj, readable=None):
    """A role in results: snake_case keys, permissions readable and as codenames."""
    return dict(to_snake_keys(obj), **contract.role_permissions_result(obj.get('permissions'), readable))


# --- the API roles of the account in one task (ubidots_org_role's ``roles``) ---------------------------------------
def role_item_spec(resource_class):
    """The suboptions of one item of ``roles``: the role's options; ``state`` left out takes the task's."""
    return dict(argument_spec((Option('label'),) + tuple(resource_class.fields)), state=dict(type='str', choices=['present', 'absent']))


OrgRole.options += (Option('roles', type='list', elements='dict', options=role_item_spec(OrgRole)),
                    Option('roles_exclusive', type='bool', default=False))


class RoleSet:
    """Every listed role in one task, from one read of the account's roles; ``roles_exclusive`` deletes the roles the
    list does not name, else they are reported as ``undeclared_roles``. A role that tokens still use is not deleted:
    its entry says ``in_use`` and the task goes on, with a warning."""

    def __init__(self, task, resource_class):
        self.task = task
        self.resource_class = resource_class
        self.results = []  # (label, result) per role done

    def member(self, item):
        params = dict(dict.fromkeys(role_item_spec(self.resource_class)), **item)
        params['state'] = params['state'] or self.task.params['state']
        return self.resource_class(Task(params, lambda options, warn: self.task.client, check_mode=self.task.check_mode,
                                        diff=self.task.diff, warn=self.task.warn))

    def reconcile(self):
        members = [self.member(item) for item in self.task.params['roles']]
        scope = scope_of(self.task.client, self.member({'label': '-'}).collection_path())
        try:
            labels = self._checked_labels(members)
            existing = set(r.get('label') for r in scope.read().objects)  # read once, before the first write
            nameless = [role.key() for role in members if role.params['state'] == 'present'
                        and role.params['name'] is None and role.key() not in existing]
            if nameless and not self.task.check_mode:  # in check mode an earlier task may be about to create them
                raise InputError('roles: %s does not exist, and a role needs a name to be created.' % ', '.join(nameless))
        except (InputError, UbidotsError) as exc:
            raise Failure(redact(str(exc)))
        for role in members:
            self._run(role)
        undeclared = sorted(r['label'] for r in scope.read().objects if r.get('label') not in labels)
        if self.task.params['roles_exclusive']:
            for label in undeclared:
                self._run(self.member({'label': label, 'state': 'absent'}))
            undeclared = []
        return dict(self.outcome(), undeclared_roles=undeclared)

    @staticmethod
    def _checked_labels(members):
        """Every item's label, once each, after its own checks (before any request)."""
        for number, role in enumerate(members, 1):
            if role.params['label'] is None and role.params['name'] is None:
                raise InputError('roles: item %d has neither label nor name.' % number)
            role.validate()
        labels = [role.key() for role in members]
        twins = sorted(set(label for label in labels if labels.count(label) > 1))
        if twins:
            raise InputError('roles: the label %s is given more than once.' % ', '.join(twins))
        return labels

    def _run(self, role):
        try:
            result = run_resource(role)
        except Failure as failure:
            if not failure.result.get('in_use'):
                raise Failure(failure.msg, **self.outcome())
            self.task.warn(failure.msg)  # names the role, says it was kept and why
            result = failure.result
        self.results.append((role.key(), result))

    def outcome(self):
        """The result so far: one entry per role with its ``action`` (and ``in_use``), the diff by label."""
        changed = any(r['changed'] for label, r in self.results)
        entries = [dict(r['role'], label=label, action=r['action'], **dict((k, v) for k, v in r.items() if k.startswith('in_use')))
                   for label, r in self.results]
        result = {'changed': changed, 'action': UPDATED if changed else UNCHANGED, 'check_mode': bool(self.task.check_mode),
                  'roles': entries}
        if self.task.diff:
            result['diff'] = dict((side, {'roles': dict((label, r['diff'][side]) for label, r in self.results if 'diff' in r)})
                                  for side in ('before', 'after'))
        return result
