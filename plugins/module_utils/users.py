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

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import UbidotsError
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    CREATED, NOT_APPLIED, UNDECIDED, UPDATED, DictField, Failure, Field, Filter, InputError, Listing, Option, PartialFailure,
    ReferenceField, Resource, first, run_resource, scope_of, to_snake_keys, write)

UPDATE_PASSWORD = Option('update_password', choices=['on_create', 'always'], default='on_create', no_log=False)


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
            if missing:
                raise InputError('%s is required to create %s: it does not exist yet.' % (' and '.join(missing), self.describe()))
        if self.params['state'] == 'present':
            self.memberships.check_against(current)

    # --- lookup ------------------------------------------------------------------------------------------
    def collection_path(self):
        return contract.user_path()

    def item_path(self, key):
        return contract.user_path(key)

    def scope(self):
        return scope_of(self.client, contract.user_path(), query={'fields': contract.USER_FIELDS_WITH_MEMBERSHIPS})

    def find(self):
        """Usernames are unique regardless of case, and ``~username`` matches regardless of case."""
        wanted = self.key().lower()
        return first(self.scope().search(
            lambda user: (user.get('username') or '').lower() == wanted,
            lambda: self.client.get(self.item_path(self.key()), {'fields': contract.USER_FIELDS_WITH_MEMBERSHIPS},
                                    missing_ok=True)))

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

    def to_result(self, obj, action):
        return user_result(obj)

    # --- writes: a default organization needs its membership first -------------------------------------------
    def create(self, payload, replacing=None):
        default = payload.pop('defaultOrganization', None)
        made = super(User, self).create(payload, replacing)
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

    def complete_plan(self, planned, current):
        """The tags as they will be once merged with the server's must still be within the API's limits."""
        if 'tags' in planned and contract.tags_error(planned['tags']):
            raise InputError(contract.tags_error(planned['tags']) + ' (with the tags the user has on the server; '
                             'purge_tags=true replaces them)')

    def diff_extras(self, obj):
        if self.writes_password():
            return {'password': '(hidden, written)' if obj is not self.current else '(hidden)'}
        return {}


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
        after = self._after()
        default = self.params['default_organization']
        if default and not any(contract.matches_reference(default, org) for org in self._organizations(after)):
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
            if self._known(contract.user_role_path(), role, 'label', contract.user_role_path(role)) is None:
                raise InputError('organizations: role=%s (for %s) is not a user role of the account. Create it with '
                                 'ubidots.cloud.ubidots_user_role, or use viewer or dashboards-viewer.' % (role, label))

    def _organization(self, reference):
        return self._known(contract.organization_path(), reference, 'id', contract.organization_path(reference))

    def _known(self, scope_path, reference, key_field, item_path):
        """The object ``reference`` names, from one read of its scope, or looked up alone beyond a first page."""
        return first(scope_of(self.user.client, scope_path, key_field).search(
            lambda obj: contract.matches_reference(reference, obj) or obj.get('label') == reference,
            lambda: self.user.client.get(item_path, missing_ok=True)))

    def _after(self):
        after = dict(self.before)
        if self.params['organizations_exclusive'] and self.params['organizations'] is not None:
            after = dict((org, role) for org, role in after.items() if org in self.wanted)
        after.update(self.wanted)
        return after

    def _organizations(self, memberships):
        """{label, id...} of each organization of ``memberships``, read once (a default organization may be an id);
        one an earlier task of a check run would create is known by its label only."""
        return [self._organization(label) or {'label': label} for label in memberships]

    def changes(self):
        """(added, role changed, removed) organization labels."""
        after = self._after()
        added = sorted(org for org in after if org not in self.before)
        changed = sorted(org for org in after if org in self.before and self.before[org] != after[org])
        removed = sorted(org for org in self.before if org not in after)
        return added, changed, removed

    def apply(self, result):
        """Assign and remove after the user's own writes; the result gains memberships, and the diff one line per
        organization (``acme: viewer`` -> ``acme: editor``)."""
        if self.params['state'] == 'absent' or self.params['organizations'] is None:
            return result
        after = self._after()
        added, changed, removed = self.changes()
        if not self.user.task.check_mode and not self.written:
            try:
                self.write(result[self.user.result_key])
            except UbidotsError as exc:  # the user's own changes are done: say so with the failure
                raise Failure('%s: %s' % (self.user.describe(), exc), **result)
        user = result[self.user.result_key]
        user['organizations'] = [{'organization': org, 'role': role} for org, role in sorted(after.items())]
        if (user.get('default_organization') or {}).get('label') in removed:
            user['default_organization'] = None  # the API clears a default whose membership ends
        result['memberships'] = {'added': added, 'changed': changed, 'removed': removed}
        if added or changed or removed:
            result['changed'] = True
            if result['action'] == 'unchanged':
                result['action'] = UPDATED
        if 'diff' in result:
            shown = sorted(set(self.wanted) | set(removed))
            result['diff']['before']['organizations'] = dict((o, self.before[o]) for o in shown if o in self.before)
            result['diff']['after']['organizations'] = dict((o, after[o]) for o in shown if o in after)
        return result

    def write(self, user):
        """Assign (additions with the invitation, role changes) and remove, once, for ``user`` as the API has it;
        the user's memberships after (as ``organizations`` items)."""
        if self.written or self.params['organizations'] is None:
            return user.get('organizations')
        added, changed, removed = self.changes()
        user_key = user.get('id') or self.user.key()
        assigned = None
        if added or changed:
            invitation = self._invitation()
            items = [contract.membership_item(org, self.wanted[org], invitation if org in added else None)
                     for org in sorted(added + changed)]
            assigned = self._send(contract.user_path(user_key, contract.ASSIGN_ORGANIZATIONS), items,
                                  lambda now: all(now.get(org) == self.wanted[org] for org in added + changed))
        answer = None
        if removed:
            answer = self._send(contract.user_path(user_key, contract.REMOVE_ORGANIZATIONS),
                                [contract.membership_item(org) for org in removed],
                                lambda now: not any(org in now for org in removed))
        self.written = True
        return (answer or assigned or {}).get('results', user.get('organizations'))

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
