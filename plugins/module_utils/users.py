# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users of the app and their organization memberships (ubidots_user, ubidots_user_info).

A user is reconciled like any resource (engine.py); its memberships are a set of {organization: user role}
reconciled after it in the same task, from the same read: the account's users are listed once with their
memberships, and the organizations and user roles the memberships name are each listed once to check them
before anything is written.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import os
import secrets
import string

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import UbidotsError
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    CREATED, NOT_APPLIED, UNDECIDED, UPDATED, DictField, Failure, Field, Filter, InputError, Listing, Option, PartialFailure,
    ReferenceField, Resource, first, run_resource, scope_of, to_snake_keys, write)
from ansible_collections.ubidots.cloud.plugins.module_utils.key_files import folder_error, write_private_file

UPDATE_PASSWORD = Option('update_password', choices=['on_create', 'always'], default='on_create', no_log=False)
# A generated password: 32 letters and digits (about 190 bits), well within the API's length rule.
GENERATED_PASSWORD_LENGTH = 32
GENERATED_PASSWORD_ALPHABET = string.ascii_letters + string.digits


class TagsField(Field):
    """A set of tags, written as a list: order kept as given, duplicates dropped; merged into the server's unless
    ``purge_option`` is true."""

    def __init__(self, option, purge_option):
        super(TagsField, self).__init__(option, type='list', elements='str')
        self.purge_option = purge_option

    def check(self, params):
        tags = self.requested(params)
        if tags is not None and contract.tags_error(tags):
            raise InputError(contract.tags_error(tags))

    def payload(self, value, current, params):
        kept = [] if current is None or params.get(self.purge_option) else list(current.get(self.api_name) or [])
        return list(dict.fromkeys(kept + list(value)))

    def differs(self, current, payload):
        return set(current.get(self.api_name) or []) != set(payload)


class UserPropertiesField(DictField):
    """A user's properties: the API merges a PATCH and removes a key sent as null, and owns one key of its own."""

    def payload(self, value, current, params):
        payload = dict(value)
        if current is not None and params.get(self.purge_option):
            payload.update((key, None) for key in self._own(current) if key not in value)
        return payload

    def differs(self, current, payload):
        server = self._own(current)
        return any(server.get(key) != value if value is not None else key in server for key, value in payload.items())

    def predict(self, payload, current):
        merged = dict((current or {}).get(self.api_name) or {})
        merged.update(payload)
        return dict((key, value) for key, value in merged.items() if value is not None)

    def diff_value(self, obj):
        return self._own(obj)

    def _own(self, obj):
        """The properties the user manages: the server's own keys left out."""
        return dict((k, v) for k, v in (obj.get(self.api_name) or {}).items() if k not in contract.SERVER_USER_PROPERTIES)


MEMBERSHIP_OPTIONS = {
    'organization': {'type': 'str', 'required': True},
    'role': {'type': 'str', 'required': True},
}
INVITATION_OPTIONS = {
    'subject': {'type': 'str'},
    'text': {'type': 'str'},
    'app_id': {'type': 'str'},
    'expires': {'type': 'int'},
    'reset_password': {'type': 'bool'},
}


class User(Resource):
    noun = 'user'
    result_key = 'user'
    identity = 'username'
    lookup_field = 'username'
    defaults = contract.USER_DEFAULTS
    options = (
        Option('username', required=True),
        Option('password', no_log=True),
        Option('password_file', type='path', no_log=False),  # a path; the password in it is never returned
        UPDATE_PASSWORD,
        Option('purge_tags', type='bool', default=False),
        Option('purge_properties', type='bool', default=False),
        Option('organizations', type='list', elements='dict', options=MEMBERSHIP_OPTIONS),
        Option('organizations_exclusive', type='bool', default=False),
        Option('invitation', type='dict', options=INVITATION_OPTIONS),
    )
    fields = (
        Field('email'),
        Field('first_name', 'firstName'),
        Field('last_name', 'lastName'),
        Field('is_active', 'isActive', type='bool'),
        TagsField('tags', purge_option='purge_tags'),
        UserPropertiesField('properties', purge_option='purge_properties'),
        ReferenceField('default_organization', 'defaultOrganization'),
    )

    def __init__(self, task):
        super(User, self).__init__(task)
        self.current = None
        self.memberships = Memberships(self)

    @classmethod
    def execute(cls, task):
        user = cls(task)
        result = run_resource(user)
        return user.memberships.apply(result)

    def describe(self):
        return 'user "%s"' % self.key()

    # --- checks before any request, then against what exists ---------------------------------------------
    def validate(self):
        problems = [contract.username_error(self.key()), contract.email_error(self.params['email'])]
        if self.params['password'] is not None:
            problems.append(contract.password_error(len(self.params['password'])))
        problems = [problem for problem in problems if problem]
        if problems:
            raise InputError(problems[0])
        super(User, self).validate()
        self.memberships.validate()

    def check_against(self, current):
        self.current = current
        if current is None and self.params['state'] == 'present':
            missing = [option for option in ('email', 'password') if not self.params[option]]
            if self.params['password_file'] and 'password' in missing:
                missing.remove('password')  # generated when the user is created
            if missing:
                raise InputError('%s is required to create %s: it does not exist yet.' % (' and '.join(missing), self.describe()))
            self._check_password_file()
        if self.params['state'] == 'present':
            self.memberships.check_against(current)

    # --- lookup ------------------------------------------------------------------------------------------
    def collection_path(self):
        return contract.user_path()

    def item_path(self, key):
        return contract.user_path(key)

    def scope(self):
        return users_scope(self.client)

    def find(self):
        return find_user(self.client, self.key())

    # --- planning ----------------------------------------------------------------------------------------
    def creation_payload(self):
        return {'username': self.key(), 'password': self.params['password']}

    def changes(self, current):
        planned = super(User, self).changes(current)
        if current is not None and self.writes_password():
            planned['password'] = self.params['password']
        return planned

    def writes_password(self):
        """update_password=always writes the password on every run (the API cannot say whether it is the same)."""
        return self.params['password'] is not None and self.params['update_password'] == 'always'

    def predicted_defaults(self, payload):
        obj = super(User, self).predicted_defaults(payload)
        obj['organizations'] = []
        return obj

    # --- writes: a default organization needs its membership first -------------------------------------------
    def create(self, payload, replacing=None):
        default = payload.pop('defaultOrganization', None)
        generated = None
        if payload.get('password') is None:
            generated = payload['password'] = self.new_password()
        try:
            made = super(User, self).create(payload, replacing)
        except UbidotsError as exc:  # Ansible hides the password option in errors, not one it never saw: we do
            if generated and generated in str(exc):
                raise UbidotsError(str(exc).replace(generated, '<generated password>'), exc.status, exc.code)
            raise
        try:
            made = dict(made, organizations=self.memberships.write(made))
            return self.update(made, {'defaultOrganization': default}) if default else made
        except UbidotsError as exc:  # not a refused creation (that would mean: taken): the user exists now
            raise PartialFailure('created (id %s), but %s Run the task again to finish.' % (made.get('id'), exc),
                                 {'changed': True, 'action': CREATED, self.result_key: self.to_result(made, CREATED)})

    def update(self, current, payload, files=None):
        current = dict(current, organizations=self.memberships.write(current))
        changed = super(User, self).update(current, payload, files)
        # A PATCH answer has no memberships (they come only with fields=...): keep the ones we know.
        changed = dict(changed, organizations=current.get('organizations'))
        self.scope().remember(changed)
        return changed

    def _check_password_file(self):
        """A password file this task will write must be one it can write, checked before any write (not in check mode,
        as for key files: an earlier task may be about to make the folder)."""
        path = self.params['password_file']
        if not self.generates_password() or self.task.check_mode:
            return
        problem = folder_error('password_file=%s: its folder' % path, os.path.dirname(os.path.abspath(path)))
        if problem is None and os.path.isdir(path):
            problem = 'password_file=%s is a directory; give the path of a file.' % path
        if problem:
            raise InputError(problem)

    def new_password(self):
        """The password of a user this task creates: the one ``password_file`` already holds (a run stopped before
        its POST was answered, another host creating the same user), else a generated one, written there before the
        POST that sets it, so that it cannot be lost with an answer that never comes."""
        kept = self._password_in_file()
        if kept:
            self.task.hide(kept)
            return kept
        password = ''.join(secrets.choice(GENERATED_PASSWORD_ALPHABET) for dummy in range(GENERATED_PASSWORD_LENGTH))
        self.task.hide(password)
        try:
            write_private_file(self.params['password_file'], password + '\n', '.password-')
        except (IOError, OSError) as exc:
            raise InputError('password_file=%s cannot be written (%s); the user was not created.'
                             % (self.params['password_file'], exc.strerror or exc.__class__.__name__))
        return password

    def _password_in_file(self):
        try:
            with open(self.params['password_file']) as handle:
                password = handle.readline().strip()
        except (IOError, OSError):
            return None
        return password if contract.password_error(len(password)) is None else None

    def complete_plan(self, planned, current):
        """The tags as they will be once merged with the server's must still be within the API's limits."""
        if 'tags' in planned and contract.tags_error(planned['tags']):
            raise InputError(contract.tags_error(planned['tags']) + ' (with the tags the user has on the server; '
                             'purge_tags=true replaces them)')

    def diff_extras(self, obj):
        if self.writes_password():
            return {'password': '(hidden, written)' if obj is not self.current else '(hidden)'}
        if self.generates_password() and obj is not self.current:
            return {'password': '(generated, in password_file)'}
        return {}

    def generates_password(self):
        """A user this task creates without ``password`` gets a generated one, kept in ``password_file``."""
        return self.current is None and self.params['password'] is None and bool(self.params['password_file'])

    def to_result(self, obj, action):
        result = user_result(obj)
        if action == CREATED and self.generates_password():
            result['password_file'] = self.params['password_file']
        return result


def user_result(obj):
    """A user in results: snake_case keys, memberships as [{organization, role}], never a password."""
    result = to_snake_keys(dict((k, v) for k, v in obj.items() if k not in ('password', 'organizations')))
    result['organizations'] = [{'organization': org, 'role': role}
                               for org, role in sorted(contract.memberships_of(obj).items())]
    return result


class Memberships:
    """The organizations a user must be a member of, each with one user role: add, change role, and with
    ``organizations_exclusive`` remove the memberships the list does not name. One assign request for the
    additions and role changes (all or nothing), one remove request for the removals."""

    def __init__(self, user):
        self.user = user
        self.params = user.params
        # By plain label, as the API names memberships (a ``~label`` is the same organization).
        self.wanted = dict((contract.plain_label(m['organization']), m['role']) for m in self.params['organizations'] or [])
        self.before = {}
        self.written = False

    def validate(self):
        items = self.params['organizations'] or []
        labels = [contract.plain_label(item['organization']) for item in items]
        for label in labels:
            if contract.is_id(label):
                raise InputError('organizations: organization=%s looks like an id; give the organization by its label, '
                                 'as the API names memberships.' % label)
            if labels.count(label) > 1:
                raise InputError('organizations: %s is given more than once; a user has one role per organization.' % label)
        if self.params['invitation'] and not items:
            raise InputError('invitation is sent with the memberships this task adds; set organizations too.')

    def check_against(self, current):
        """Organizations and roles must exist (check mode predicts what an earlier task would create), and the
        default organization must be one the user is a member of once this task is done."""
        self.before = contract.memberships_of(current or {})
        self._check_references()
        default = self.params['default_organization']
        if default and not any(contract.matches_reference(default, org) for org in self._organizations(self.plan().after)):
            raise InputError('default_organization=%s is not an organization the user is a member of; add it to '
                             'organizations.' % default)

    def _check_references(self):
        """Outside check mode (where an earlier task of the run may be about to create them), every organization and
        user role the memberships name must exist."""
        if self.user.task.check_mode:
            return
        for label, role in sorted(self.wanted.items()):
            if self._organization(label) is None:
                raise InputError('organizations: organization=%s does not exist. Create it first with '
                                 'ubidots.cloud.ubidots_organization.' % label)
            if known_user_role(self.user.client, role) is None:
                raise unknown_user_role('organizations', role, label)

    def _organization(self, reference):
        return known(self.user.client, contract.organization_path(), reference, 'id', contract.organization_path(reference))

    def plan(self):
        """The membership plan (added, role changed, ended) of this task, from the memberships read."""
        exclusive = self.params['organizations_exclusive'] and self.params['organizations'] is not None
        return membership_plan(self.before, self.wanted, exclusive)

    def _organizations(self, memberships):
        """{label, id...} of each organization of ``memberships``, read once (a default organization may be an id);
        one an earlier task of a check run would create is known by its label only."""
        return [self._organization(label) or {'label': label} for label in memberships]

    def apply(self, result):
        """Assign and remove after the user's own writes; the result gains memberships, and the diff one line per
        organization (``acme: viewer`` -> ``acme: editor``)."""
        if self.params['state'] == 'absent' or self.params['organizations'] is None:
            return result
        if self.user.current is None and result['action'] != CREATED:
            # The POST was refused because another run made the user meanwhile: plan from her memberships as they are.
            self.user.current = self.user.find() or {}
            self.before = contract.memberships_of(self.user.current)
            self.written = False
        plan = self.plan()
        if not self.user.task.check_mode and not self.written:
            try:
                self.write(self.user.current)  # the user as read: no write of this task changed it
            except UbidotsError as exc:  # the user's own changes are done: say so with the failure
                raise Failure('%s: %s' % (self.user.describe(), exc), **result)
        user = result[self.user.result_key]
        user['organizations'] = [{'organization': org, 'role': role} for org, role in sorted(plan.after.items())]
        if (user.get('default_organization') or {}).get('label') in plan.removed:
            user['default_organization'] = None  # the API clears a default whose membership ends
        result['memberships'] = {'added': plan.added, 'changed': plan.changed, 'removed': plan.removed}
        if plan.added or plan.changed or plan.removed:
            result['changed'] = True
            if result['action'] == 'unchanged':
                result['action'] = UPDATED
        if 'diff' in result:
            before, after = membership_diff(self.before, plan, self.wanted)
            if self.user.current is not None:  # a user this task creates had nothing before
                result['diff']['before']['organizations'] = before
            result['diff']['after']['organizations'] = after
        return result

    def write(self, user):
        """Assign (additions with the invitation, role changes) and remove, once, for ``user`` as the API has it;
        the user's memberships after (as ``organizations`` items)."""
        if self.written or self.params['organizations'] is None:
            return user.get('organizations')
        plan = self.plan()
        user_key = user.get('id') or self.user.key()
        assigned = None
        if plan.added or plan.changed:
            invitation = self._invitation()
            items = [contract.membership_item(org, self.wanted[org], invitation if org in plan.added else None)
                     for org in sorted(plan.added + plan.changed)]
            assigned = self._send(contract.user_path(user_key, contract.ASSIGN_ORGANIZATIONS), items,
                                  lambda now: all(now.get(org) == self.wanted[org] for org in plan.added + plan.changed))
        answer = None
        if plan.removed:
            answer = self._send(contract.user_path(user_key, contract.REMOVE_ORGANIZATIONS),
                                [contract.membership_item(org) for org in plan.removed],
                                lambda now: not any(org in now for org in plan.removed))
        self.written = True
        after = (answer or assigned or {}).get('results', user.get('organizations'))
        # Later loop items of the task read the user from the same scope: it must hold her memberships as they are now.
        self.user.scope().remember(dict(user, organizations=after))
        return after

    def _send(self, path, items, applied):
        """POST an assign or remove request; when its outcome is unknown, the user's memberships as a re-read of the
        users shows them decide (``applied`` of {organization: role}): an assign or remove sent twice does the same
        as once."""
        def took_effect():
            self.user.scope().refresh()
            now = self.user.find()
            if now is None:
                return UNDECIDED
            return {'results': now.get('organizations')} if applied(contract.memberships_of(now)) else NOT_APPLIED
        client = self.user.client
        return write(client, lambda: client.post(path, items), took_effect, self.user.describe())

    def _invitation(self):
        invitation = self.params['invitation'] or {}
        return dict((contract.INVITATION_FIELDS[k], v) for k, v in invitation.items() if v is not None) or None


# --- what a user's memberships and an organization's members share ----------------------------------------
def users_scope(client):
    """The account's users, read once per client with their memberships."""
    return scope_of(client, contract.user_path(), query={'fields': contract.USER_FIELDS_WITH_MEMBERSHIPS})


def find_user(client, username, handed=()):
    """The user named ``username``, or None. Usernames are unique regardless of case, and ``~username`` matches
    regardless of case. ``handed``: users an earlier task returned (Scope.search's ``known``)."""
    wanted = username.lower()
    return first(users_scope(client).search(
        lambda user: (user.get('username') or '').lower() == wanted,
        lambda: client.get(contract.user_path(username), {'fields': contract.USER_FIELDS_WITH_MEMBERSHIPS},
                           missing_ok=True),
        known=handed))


def known(client, scope_path, reference, key_field, item_path, handed=()):
    """The object ``reference`` names, from one read of its scope, or looked up alone beyond a first page."""
    return first(scope_of(client, scope_path, key_field).search(
        lambda obj: contract.matches_reference(reference, obj) or obj.get('label') == reference,
        lambda: client.get(item_path, missing_ok=True),
        known=handed))


def known_user_role(client, role, handed=()):
    """The user role labelled ``role`` (user roles are named by plain label), or None."""
    return known(client, contract.user_role_path(), role, 'label', contract.user_role_path(role), handed)


def unknown_user_role(option, role, holder):
    return InputError('%s: role=%s (for %s) is not a user role of the account. Create it with '
                      'ubidots.cloud.ubidots_user_role, or use viewer or dashboards-viewer.' % (option, role, holder))


MembershipPlan = collections.namedtuple('MembershipPlan', 'after added changed removed')


def membership_plan(before, wanted, exclusive):
    """How memberships ({name: role label}) go from ``before`` to ``wanted``: the listed ones are added or given the
    listed role; the others stay, unless ``exclusive``, which ends them. The name is an organization label (a
    user's memberships) or a username (an organization's members); the lists are sorted."""
    after = dict((name, role) for name, role in before.items() if not exclusive or name in wanted)
    after.update(wanted)
    return MembershipPlan(after=after,
                          added=sorted(name for name in after if name not in before),
                          changed=sorted(name for name in after if name in before and before[name] != after[name]),
                          removed=sorted(name for name in before if name not in after))


def membership_diff(before, plan, wanted):
    """(before, after) of a diff: one line per listed or ended membership, ``name: role`` on each side it exists."""
    shown = sorted(set(wanted) | set(plan.removed))
    return (dict((name, before[name]) for name in shown if name in before),
            dict((name, plan.after[name]) for name in shown if name in plan.after))


class Users(Listing):
    result_key = 'users'
    api_filters = contract.USER_FILTERS
    options = (
        Filter('username', type='list', elements='str'),
        Filter('email', type='list', elements='str'),
        Filter('is_active', type='bool'),
        Option('organization'),
        Option('include_memberships', type='bool', default=False),
    )

    def path(self):
        return contract.user_path()

    def query(self):
        query = super(Users, self).query()
        if self.params['include_memberships'] or self.params['organization']:
            query['fields'] = contract.USER_FIELDS_WITH_MEMBERSHIPS
        return query

    def run(self):
        result = super(Users, self).run()
        for option in ('username', 'email'):  # the API's filters are [assumed] exact: a caller that deletes what it lists relies on it
            wanted = set(value.lower() for value in self.params[option] or ())
            if wanted:
                result[self.result_key] = [user for user in result[self.result_key] if (user.get(option) or '').lower() in wanted]
        organization = self.params['organization']
        if organization:
            result[self.result_key] = [user for user in result[self.result_key]
                                       if any(m['organization'] == contract.plain_label(organization)
                                              for m in user['organizations'])]
        if not self.params['include_memberships']:
            for user in result[self.result_key]:
                user.pop('organizations', None)
        return result

    def to_result(self, obj):
        return user_result(obj)
