# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a ubidots.cloud module inside the Ansible worker process instead of as a module process.

Every module of the collection only talks HTTP, so on a local connection there is nothing to ship to a
host. Starting a module process costs far more than the requests it makes (docs/performance.md), so the
action plugins validate the task's arguments with the module's own argument spec and run the module's
definition (a Resource or Listing of module_utils/engine.py) on an engine ``Task``: the same code and the
same result as the module process. Anything that needs a real module process (another host, become,
async, a controller Python without requests) still gets one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.ubidots.cloud.plugins.module_utils import api_roles, tokens, user_roles, users
from ansible_collections.ubidots.cloud.plugins.module_utils.base import connect, with_auth_options
from ansible_collections.ubidots.cloud.plugins.module_utils.client import HAS_REQUESTS, redact
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Failure, Task
from ansible_collections.ubidots.cloud.plugins.modules import (
    ubidots_org_role_info, ubidots_org_token_info, ubidots_organization,
    ubidots_organization_info)

COLLECTION = 'ubidots.cloud'
# Set this variable to false to run the modules as module processes, as any other module.
SWITCH_VARIABLE = 'ubidots_controller_execution'

# Every module of the collection, by name: its definition (argument spec and execute). A unit test
# checks that this table, plugins/modules, plugins/action and the action group list the same modules.
MODULES = {
    'ubidots_organization': ubidots_organization.Organization,
    'ubidots_organization_info': ubidots_organization_info.Organizations,
    'ubidots_org_role': api_roles.OrgRole,
    'ubidots_org_role_info': ubidots_org_role_info.OrgRoles,
    'ubidots_org_token': tokens.OrgToken,
    'ubidots_org_token_info': ubidots_org_token_info.OrgTokens,
    'ubidots_user': users.User,
    'ubidots_user_info': users.Users,
    'ubidots_user_role': user_roles.UserRole,
    'ubidots_user_role_info': user_roles.UserRoles,
}

# Clients by connection settings, kept for the life of the worker (one task and its loop items), so
# that loop items share one keep-alive session.
_clients = {}


# --- the ansible-core internals this file relies on, each in one place ---------------------------------
# Tested on ansible-core 2.16, 2.17, 2.18, 2.19 and 2.21 (make integration-matrix, make sanity-matrix).

def validation_no_log_values_and_alias_warnings(validation):
    """The no_log values and the alias warnings of a ValidationResult: AnsibleModule reads the same private
    attributes; there is no public accessor in 2.16-2.21."""
    return set(validation._no_log_values), list(validation._warnings)


def task_environment(action):
    """The task's ``environment:``, templated and merged as a module process would get it (ActionBase's helper)."""
    environment = {}
    action._compute_environment_string(raw_environment_out=environment)
    return dict((str(k), str(v)) for k, v in environment.items())


# --- one run ----------------------------------------------------------------------------------------------
def with_environment_fallbacks(args, argument_spec, environment):
    """Options left out take their env fallback from the task's ``environment:`` first, as in a module process
    started with that environment; env_fallback reads the worker's own environment for the rest."""
    args = dict(args)
    for name, option in argument_spec.items():
        fallback = option.get('fallback') or ()
        if name in args or len(fallback) < 2:
            continue
        found = [variable for variable in fallback[1] if variable in environment]
        if found:
            args[name] = environment[found[0]]
    return args


def proxies_from(environment):
    """The HTTP(S) proxies a task's ``environment:`` sets (a module process would see them in its environment)."""
    proxies = {}
    for scheme in ('http', 'https'):
        for variable in (scheme + '_proxy', scheme.upper() + '_PROXY'):
            if environment.get(variable):
                proxies[scheme] = environment[variable]
    return proxies


def shared_client(params, warn, proxies=None):
    """The connection of ``params``, shared by the tasks and loop items of this worker with the same settings."""
    key = (params['api_url'], params['api_token'], params['validate_certs'], params['request_timeout'],
           params['retry_budget'], params['api_rate_limit'], tuple(sorted((proxies or {}).items())))
    if key not in _clients:
        _clients[key] = connect(params, warn, proxies)
    return _clients[key]


def finished(result, params, no_log_values, warnings):
    """The result as AnsibleModule would return it: invocation, warnings, and every no_log value hidden."""
    result.setdefault('invocation', {'module_args': params})
    if warnings:
        result['warnings'] = list(warnings)
    kept = dict((k, v) for k, v in result.items() if v is None or isinstance(v, bool))
    result = remove_values(result, no_log_values)
    result.update(kept)
    return result


def run_in_process(name, args, check_mode, diff, environment=None):
    """Run module ``name`` of the collection with ``args`` and return its result, as a module process would."""
    definition = MODULES[name]
    spec = definition.module_spec()
    argument_spec = with_auth_options(spec.pop('argument_spec'))
    spec.pop('supports_check_mode', None)
    args = with_environment_fallbacks(args, argument_spec, environment or {})
    validation = ArgumentSpecValidator(argument_spec, **spec).validate(args)
    no_log_values, alias_warnings = validation_no_log_values_and_alias_warnings(validation)
    params = validation.validated_parameters
    warnings = ['Both option %s and its alias %s are set.' % (w['option'], w['alias']) for w in alias_warnings]
    if validation.error_messages:
        message = validation.errors.msg
        if isinstance(validation.errors[0], UnsupportedError):
            message = 'Unsupported parameters for (%s.%s) module: %s' % (COLLECTION, name, message)
        return finished(dict(failed=True, msg=message), params, no_log_values, warnings)
    proxies = proxies_from(environment or {})
    task = Task(params, lambda options, warn: shared_client(options, warn, proxies), check_mode=check_mode, diff=diff,
                warn=warnings.append)
    try:
        result = definition.execute(task)
    except Failure as failure:
        result = dict(failure.result, failed=True, msg=failure.msg)
    except Exception as exc:  # a bug: reported like a crashed module, without secrets
        return remove_values(dict(failed=True, msg='%s.%s failed unexpectedly: %s' % (COLLECTION, name, redact(exc)),
                                  exception=redact(traceback.format_exc())), no_log_values | task.secrets)
    return finished(result, params, no_log_values | task.secrets, warnings)


def as_module_arguments(args):
    """Values as a module process receives its arguments: through JSON, as plain types, vaulted values decrypted.
    Without this, ansible-core 2.19's tagged values (and 2.16's AnsibleUnicode) would show up in validation
    messages. Used for a task's arguments here and for the tenants the tenant_errors filter validates."""
    try:
        from ansible.module_utils.common.json import Direction, get_module_encoder  # ansible-core >= 2.19
        encoder = dict(cls=get_module_encoder('legacy', Direction.CONTROLLER_TO_MODULE))
    except ImportError:
        from ansible.parsing.ajson import AnsibleJSONEncoder
        encoder = dict(cls=AnsibleJSONEncoder, vault_to_text=True)
    return json.loads(json.dumps(args, **encoder))


class InProcessAction(ActionBase):
    """Base of the collection's action plugins: one per module, each naming its module in ``module_name``."""

    _supports_check_mode = True
    _supports_async = True
    module_name = None

    def run(self, tmp=None, task_vars=None):
        result = super(InProcessAction, self).run(tmp, task_vars)
        del tmp  # unused, as in every action plugin since ansible-core 2.10
        if self.runs_in_process(task_vars or {}):
            return merge_hash(result, run_in_process(self.module_name, as_module_arguments(self._task.args),
                                                     bool(self._task.check_mode), bool(self._task.diff),
                                                     task_environment(self)))
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(module_name='%s.%s' % (COLLECTION, self.module_name),
                                                         task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def runs_in_process(self, task_vars):
        """True when a module process would run on this controller anyway and nothing needs one."""
        wanted = task_vars.get(SWITCH_VARIABLE, True)
        if not boolean(self._templar.template(wanted), strict=False):
            return False
        return (HAS_REQUESTS and self._connection.transport == 'local' and not self._task.async_val
                and not self._play_context.become)
