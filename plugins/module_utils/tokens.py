# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organizational tokens: one token (ubidots_org_token) and the token set of an organization (its ``tokens`` option)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import UbidotsError
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    PREDICTED, Failure, Field, InputError, Option, PartialFailure, ReferenceField, Resource, Task,
    first, handed_over, predicted_reference, reconcile, scope_of, secret_result)
from ansible_collections.ubidots.cloud.plugins.module_utils.key_files import KeyFile, ask_for_missing_keys, keep_keys


# Seconds to wait before looking again when several tokens share the name (a concurrent creation settling).
RACE_SETTLE_WAITS = (1.0, 2.0)

# The API roles an earlier task read or made (its ``roles`` result), so that the token roles need no read of their own.
KNOWN_API_ROLES = Option('known_api_roles', type='list', elements='dict')


class OrgToken(Resource):
    noun = 'organizational token'
    result_key = 'token'
    identity = 'name'
    lookup_field = 'name'
    unique_identity = False    # names are not unique: two runs may both create one (see settle_race)
    defaults = contract.TOKEN_DEFAULTS
    replacement_action = 'regenerated'
    shown_once = contract.TOKEN_SECRET_FIELD
    options = (
        Option('organization', required=True),
        Option('name', required=True),
        Option('regenerate', type='bool', default=False),
        Option('include_key', type='bool', default=False, no_log=False),
        KNOWN_API_ROLES,
    )
    fields = (
        ReferenceField('role', 'apiRole'),
        Field('rate_limit', 'rateLimit', type='int'),
        Field('rate_limit_window', 'rateLimitWindow', type='int', choices=sorted(contract.TOKEN_RATE_LIMITS)),
    )

    def __init__(self, task):
        super(OrgToken, self).__init__(task)
        self.organization = self.params['organization']
        self.role = None  # the role object, once looked up
        self.handed_over_roles = []  # known_api_roles, as the role scope holds them (set by validate)
        # How a creation is checked against other runs creating the same name at the same moment: 'now' (read the
        # tokens again after each POST), 'later' (the token set reads once after all its POSTs) or 'never' (the
        # organization was created by this very task, so no other run can have found it empty before).
        self.settle = 'now'
        self.made = []  # (token made, token it replaces) of this run, for a settle 'later'
        self.fresh = set()  # ids of the tokens this task created: the only ones whose key the result may show

    def describe(self):
        return 'organizational token "%s" of organization "%s"' % (self.key(), self.organization)

    def validate(self):
        super(OrgToken, self).validate()
        for option in ('organization', 'name'):
            if not (self.params[option] or '').strip():
                raise InputError('%s=%r is empty; give the %s of the token.' % (
                    option, self.params[option], 'organization (label or id)' if option == 'organization' else 'name'))
        if self.params['regenerate'] and self.params['state'] == 'absent':
            raise InputError('regenerate=true cannot be combined with state=absent.')
        rate_limit, window = self.params['rate_limit'], self.params['rate_limit_window']
        if rate_limit is not None and window is not None:
            problem = contract.rate_limit_error(rate_limit, window)
            if problem:
                raise InputError(problem)
        self.handed_over_roles = handed_over_roles(self.params['known_api_roles'], self.task.check_mode)

    def collection_path(self):
        return contract.token_path(self.organization)

    def item_path(self, key):
        return contract.token_path(self.organization, key)

    # --- lookup ---------------------------------------------------------------------------
    def tokens_named(self):
        """The tokens of the organization with this name (names are not unique to the API)."""
        def named(token):
            return token.get('name') == self.key()
        return self.scope().search(named, lambda: [t for t in self.client.list(self.collection_path(), {'name': self.key()})
                                                   if named(t)])

    def find(self):
        named = self.tokens_named()
        if self.scope().parent_missing:
            return self._organization_missing()
        for wait in RACE_SETTLE_WAITS:
            if len(named) < 2:
                break
            # Another run that has just created the same token deletes its extra copy within moments: look again.
            self.client.sleep(wait)
            self.scope().refresh()
            named = self.tokens_named()
        if len(named) > 1:
            raise InputError(
                '%d tokens of organization "%s" are named "%s" (ids %s); the module cannot tell which one to manage. '
                'Delete or rename the extra ones, then run again.'
                % (len(named), self.organization, self.key(), ', '.join(t['id'] for t in named)))
        return named[0] if named else None

    def _organization_missing(self):
        if self.params['state'] == 'absent' or self.task.check_mode:
            return None  # nothing to delete; or, in check mode, an earlier task would create it
        raise InputError('organization=%s does not exist. Create it first with ubidots.cloud.ubidots_organization.'
                         % self.organization)

    def create(self, payload, replacing=None):
        """POST the token, then make sure no other run created one of the same name at the same moment."""
        made = super(OrgToken, self).create(payload, replacing)
        self.fresh.add(made.get('id'))
        if self.settle == 'now':
            try:
                if not self.read_after_creation:  # a lost answer was decided by a read made after the POST: enough
                    self.scope().refresh()
                return self.settle_race(made, replacing)
            except UbidotsError as exc:  # keep the new token and its key rather than lose both to a failed check
                self.task.warn('%s was created, but checking for a copy made by another run at the same moment failed '
                               '(%s); run the task again to check.' % (self.describe(), exc))
        if self.settle == 'later':
            self.made.append((made, replacing))
        return made

    def settle_race(self, made, replacing):
        """Names are not unique to the API, so two runs that looked the token up at the same time both create it.

        Every run that sees more than one copy (in the scope, read after its POST) keeps the oldest (created first,
        then lowest id: the same choice in every run) and deletes its own copy when that is not the one kept, so
        one token remains.
        """
        copies = [t for t in self.tokens_named() if replacing is None or t['id'] != replacing['id']]
        if len(copies) < 2 or made.get('id') not in [t['id'] for t in copies]:
            return made
        kept = min(copies, key=lambda t: (t.get('createdAt') or '', t['id']))
        if kept['id'] == made['id']:
            return made
        self.delete(made)
        self.task.warn('Another run created %s at the same moment; its copy (id %s) was kept and this run deleted its '
                       'own (id %s). The key of the kept token is known to the run that created it.'
                       % (self.describe(), kept['id'], made['id']))
        return kept

    def made_by_creation(self, replacing):
        """Names are not unique: any token of this name but the one it replaces."""
        made = [t for t in self.tokens_named() if replacing is None or t['id'] != replacing['id']]
        return made[0] if made else None

    # --- planning -------------------------------------------------------------------------
    def complete_plan(self, planned, current):
        self._complete_rate_limit(planned, current)
        if 'apiRole' in planned:
            self.role = self._known_role(planned['apiRole'])
            if self.role is None and not self.task.check_mode:
                raise self.unknown_role()
        elif current is None:
            raise InputError('role is required to create %s.' % self.describe())

    def _complete_rate_limit(self, planned, current):
        before = current or {}
        rate_limit = planned.get('rateLimit', before.get('rateLimit'))
        window = planned.get('rateLimitWindow', before.get('rateLimitWindow'))
        if current is None:
            problem = contract.new_token_rate_limit_error(rate_limit, window)
            if rate_limit is not None and window is None:
                planned['rateLimitWindow'] = contract.TOKEN_DEFAULT_RATE_LIMIT_WINDOW
        else:
            problem = contract.rate_limit_error(rate_limit, window) if rate_limit is not None else None
        if problem:
            raise InputError(problem)

    def _known_role(self, reference):
        """The role, from ``known_api_roles`` or else from one read of the account's roles per task (not per token):
        None when it does not exist, which check mode predicts (an earlier task of the check run would create it) and
        a real run refuses before any write."""
        return first(scope_of(self.client, contract.role_path()).search(
            lambda role: contract.matches_reference(reference, role),
            lambda: self.client.get(contract.role_path(reference), missing_ok=True),
            known=self.handed_over_roles))

    def unknown_role(self):
        return InputError('role=%s does not exist. Create it first with ubidots.cloud.ubidots_org_role.'
                          % contract.plain_label(self.params['role']))

    def write_refused(self, error):
        """A role deleted between our read and our write: the API's refusal in the user's words."""
        if contract.unknown_role_refusal(error.code, error.detail) and self.params['role']:
            return self.unknown_role()
        return None

    def wants_replacement(self, current):
        return self.params['regenerate']

    def replacement_payload(self, current):
        planned = {
            'apiRole': current['apiRole']['id'],
            'rateLimit': current['rateLimit'],
            'rateLimitWindow': current['rateLimitWindow'],
        }
        planned.update(self.changes(current))
        return planned

    def predicted_defaults(self, payload):
        obj = super(OrgToken, self).predicted_defaults(payload)
        obj[contract.TOKEN_SECRET_FIELD] = PREDICTED
        obj['organization'] = predicted_reference(self.organization)
        return obj

    def predict(self, current, planned):
        obj = super(OrgToken, self).predict(current, planned)
        if 'apiRole' in planned and self.role is not None:
            obj['apiRole'] = dict((k, self.role.get(k)) for k in ('id', 'label', 'name', 'url'))
        return obj

    # --- output ---------------------------------------------------------------------------
    def to_result(self, obj, action):
        # The key only where this task made it (or predicts it), or on request: never for a token it found.
        shown = self.params['include_key'] or obj.get('id') in self.fresh or obj.get(contract.TOKEN_SECRET_FIELD) == PREDICTED
        return secret_result(obj, contract.TOKEN_SECRET_FIELD, keep_secret=shown)

    def diff_extras(self, obj):
        return {'key_fingerprint': secret_result(obj, contract.TOKEN_SECRET_FIELD)['key_fingerprint']}


def handed_over_roles(entries, check_mode):
    """The roles of ``known_api_roles`` (the ``roles`` an ubidots_org_role or ubidots_org_role_info task returned) as
    a token shows its role, {id, label, name, url}."""
    return [dict((key, entry.get(key)) for key in ('id', 'label', 'name', 'url'))
            for entry in handed_over(entries, 'known_api_roles', ('label', 'id'), check_mode)]


# --- the token set of an organization (ubidots_organization's ``tokens``) -------------------------------------
def token_item_spec():
    """The suboptions of one item of ``tokens``: ubidots_org_token's options, less the organization and the roles an
    earlier task handed over (one ``known_api_roles`` for the whole task)."""
    spec = OrgToken.module_spec()['argument_spec']
    spec.pop('organization')
    spec.pop('known_api_roles')
    return spec


# no_log=False: the list holds names, roles and limits, never a key (validate-modules asks because of the name).
TOKENS = Option('tokens', type='list', elements='dict', options=token_item_spec(), no_log=False)
TOKENS_EXCLUSIVE = Option('tokens_exclusive', type='bool', default=False)


class TokenSet:
    """Every token of one organization in one task: one read of its tokens (none when the task has just created
    the organization), the writes, and at most one more read to settle races; ``tokens_exclusive`` deletes the
    tokens the list does not name, else they are reported as ``undeclared_tokens``."""

    def __init__(self, task, organization, organization_created):
        self.task = task
        self.organization = organization
        self.created = organization_created
        self.items = task.params['tokens']
        self.results = []

    def validate(self):
        """Each item as ubidots_org_token checks it, and unique, non-empty names; before any request."""
        names = [item.get('name') for item in self.items]
        for name in names:
            if not name:
                raise InputError('tokens: every token needs a name; got %r.' % (name,))
            if names.count(name) > 1:
                raise InputError('tokens: the name %s is given more than once.' % name)
        for item in self.items:
            self.member(item).validate()

    def check_against(self, current):
        """Nothing to check against the organization before its writes (see organization_sets)."""

    def member(self, item):
        params = dict(item, organization=self.organization, known_api_roles=self.task.params['known_api_roles'])
        task = Task(params, lambda options, warn: self.task.client, check_mode=self.task.check_mode, diff=self.task.diff,
                    warn=self.task.warn)
        token = OrgToken(task)
        token.settle = 'never' if self.created else 'later'
        return token

    def reconcile(self):
        """{tokens, undeclared_tokens, changed, diff before/after by name}; Failure keeps what was done so far."""
        scope = scope_of(self.task.client, contract.token_path(self.organization))
        if self.created:
            scope.objects, scope.complete = [], True  # a new organization has no tokens yet: nothing to read
        members = [self.member(item) for item in self.items]
        for token in members:
            self.results.append(self._run(token))
        try:
            self._settle([token for token in members if token.made])
            return self._outcome(scope, set(item['name'] for item in self.items))
        except UbidotsError as exc:  # the keys of the tokens made so far go with the failure: nothing shows them again
            raise Failure('organization "%s": %s' % (self.organization, exc), **self.partial())

    def _run(self, token):
        try:
            return reconcile(token)
        except PartialFailure as exc:  # a regeneration whose old token stayed: the new one and its key exist
            self.results.append(exc.result)
            raise Failure('%s: %s' % (token.describe(), exc), **self.partial())
        except (InputError, UbidotsError) as exc:
            refused = token.write_refused(exc) if isinstance(exc, UbidotsError) else None
            raise Failure('%s: %s' % (token.describe(), refused or exc), **self.partial())

    def _settle(self, makers):
        """After the POSTs of a task that found the organization existing: one read, then each race settled."""
        if not makers:
            return
        makers[0].scope().refresh()
        for token in makers:
            for made, replacing in token.made:
                kept = token.settle_race(made, replacing)
                if kept is not made:
                    entry = next(r for r in self.results if r['token'].get('id') == made.get('id'))
                    entry['token'] = token.to_result(kept, 'unchanged')

    def _outcome(self, scope, declared):
        undeclared = [t for t in scope.read().objects if t.get('name') not in declared] if not scope.parent_missing else []
        if self.task.params['tokens_exclusive']:
            for token in undeclared:
                self.results.append(self._delete(token))
            undeclared = []
        return {'tokens': self.entries(),
                'undeclared_tokens': sorted(set(t['name'] for t in undeclared)),
                'changed': any(r['changed'] for r in self.results),
                'diff': dict((side, dict((r['token'].get('name'), r['diff'][side]) for r in self.results if 'diff' in r))
                             for side in ('before', 'after'))}

    def _delete(self, current):
        """A token the list does not name, under tokens_exclusive: deleted like state=absent would (by id)."""
        defaults = dict((option, spec.get('default')) for option, spec in token_item_spec().items())
        token = self.member(dict(defaults, name=current['name'], state='absent'))
        before = token.diff_view(current, token.fields) if self.task.diff else None
        if not self.task.check_mode:
            token.delete(current)
        result = {'changed': True, 'action': 'deleted', 'token': token.to_result(current, 'deleted')}
        if before is not None:
            result['diff'] = {'before': before, 'after': {}}
        return result

    def entries(self):
        """One result per token: the token, its ``action``, and its key only when this task created or regenerated it
        (or the item asks for it with include_key)."""
        entries = []
        for result in self.results:
            entries.append(dict(result['token'], action=result['action']))
        return entries

    def partial(self):
        """The result keys of a task that failed half way: the tokens done so far (keys of new ones included)."""
        return {'changed': any(r['changed'] for r in self.results), 'tokens': self.entries()}


class OrganizationTokens(TokenSet):
    """The token set as one set of an ubidots_organization task (organization_sets), with its key file: the file is
    checked before any request, and the keys of the result go to it."""

    def __init__(self, task, organization, organization_created):
        super(OrganizationTokens, self).__init__(task, organization, organization_created)
        key_file = task.params.get('key_file')
        self.key_file = KeyFile(key_file, task.check_mode) if key_file is not None else None

    def validate(self):
        super(OrganizationTokens, self).validate()
        if self.key_file is not None:
            self.items = ask_for_missing_keys(self.items, self.key_file.load(), self.task.check_mode)

    def reconcile(self):
        try:
            outcome = super(OrganizationTokens, self).reconcile()
        except Failure as failure:
            raise Failure(failure.msg, **keep_keys(self.key_file, failure.result))
        return keep_keys(self.key_file, outcome)
