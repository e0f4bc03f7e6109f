# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a ubidots.cloud module inside the Ansible worker instead of as a process of its own.

Every module of the collection only talks HTTP, so on a local connection there is nothing to ship to a
host. Starting a module process costs far more than the requests it makes (docs/performance.md), so the
action plugins run the module's own ``execute`` here, with the same argument spec, the same engine and
the same result. Anything that needs a real module process (another host, become, async, a controller
Python without requests) still gets one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import json
import os
import traceback
from contextlib import contextmanager

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.ubidots.cloud.plugins.module_utils.base import ConnectionOptions, with_auth_options
from ansible_collections.ubidots.cloud.plugins.module_utils.client import HAS_REQUESTS, redact

COLLECTION = 'ubidots.cloud'
# Set this variable to false to run the modules as module processes, as any other module.
SWITCH_VARIABLE = 'ubidots_controller_execution'

# Clients by connection settings, kept for the life of the worker (one task and its loop items), so
# that loop items share one keep-alive session.
_clients = {}


class ModuleExit(Exception):
    """exit_json/fail_json of a module run in the controller: ends ``execute`` with its result."""

    def __init__(self, result):
        super(ModuleExit, self).__init__('module exited')
        self.result = result


class ControllerModule(ConnectionOptions):
    """The part of AnsibleModule that the collection's modules use, for a run in the controller.

    Options are validated by the same ArgumentSpecValidator that AnsibleModule uses, and results are
    scrubbed of no_log values the same way, so a module behaves alike in both places.
    """

    def __init__(self, name, args, check_mode, diff, argument_spec, supports_check_mode=True, **constraints):
        self._name = name
        self.check_mode = check_mode
        self._diff = diff
        self._warnings = []
        validation = ArgumentSpecValidator(with_auth_options(argument_spec), **constraints).validate(args)
        self.no_log_values = set(validation._no_log_values)
        self.params = validation.validated_parameters
        for alias in validation._warnings:
            self.warn('Both option %s and its alias %s are set.' % (alias['option'], alias['alias']))
        if validation.error_messages:
            message = validation.errors.msg
            if isinstance(validation.errors[0], UnsupportedError):
                message = 'Unsupported parameters for (%s.%s) module: %s' % (COLLECTION, name, message)
            self.fail_json(msg=message)

    def make_client(self, api_url, api_token, validate_certs, timeout, **settings):
        key = (api_url, api_token, validate_certs, timeout, tuple(sorted(settings.items())))
        if key not in _clients:
            _clients[key] = super(ControllerModule, self).make_client(api_url, api_token, validate_certs, timeout, **settings)
        return _clients[key]

    def warn(self, warning):
        self._warnings.append(warning)

    def exit_json(self, **result):
        raise ModuleExit(self._finish(result))

    def fail_json(self, msg, **result):
        result.update(failed=True, msg=msg)
        raise ModuleExit(self._finish(result))

    def _finish(self, result):
        result.setdefault('invocation', {'module_args': self.params})
        if self._warnings:
            result['warnings'] = list(self._warnings)
        # As AnsibleModule does: hide every no_log value, but keep booleans and None as they are.
        kept = dict((k, v) for k, v in result.items() if v is None or isinstance(v, bool))
        result = remove_values(result, self.no_log_values)
        result.update(kept)
        return result


def run_in_controller(name, args, check_mode, diff):
    """Run module ``name`` of the collection with ``args`` and return its result, as a module run would."""
    code = importlib.import_module('ansible_collections.%s.plugins.modules.%s' % (COLLECTION, name))
    module = None
    try:
        module = ControllerModule(name, args, check_mode, diff, **code.MODULE_SPEC)
        code.execute(module)
    except ModuleExit as done:
        return done.result
    except Exception as exc:  # a bug: reported like a crashed module, without secrets
        hidden = module.no_log_values if module else set()
        return remove_values(dict(failed=True, msg='%s.%s failed unexpectedly: %s' % (COLLECTION, name, redact(exc)),
                                  exception=redact(traceback.format_exc())), hidden)
    return dict(failed=True, msg='%s.%s ended without a result.' % (COLLECTION, name))


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


@contextmanager
def environment(variables):
    """os.environ with the task's ``environment:`` on top, as a module process would see it."""
    saved = dict(os.environ)
    os.environ.update(dict((str(k), str(v)) for k, v in variables.items()))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class UbidotsAction(ActionBase):
    """Base of the collection's action plugins: one per module, named like it."""

    _supports_check_mode = True
    _supports_async = True

    @property
    def module_name(self):
        return type(self).__module__.rsplit('.', 1)[-1]

    def run(self, tmp=None, task_vars=None):
        result = super(UbidotsAction, self).run(tmp, task_vars)
        del tmp  # unused, as in every action plugin since ansible-core 2.10
        if self.runs_in_controller(task_vars or {}):
            task_environment = {}
            self._compute_environment_string(raw_environment_out=task_environment)
            with environment(task_environment):
                return merge_hash(result, run_in_controller(self.module_name, as_module_arguments(self._task.args),
                                                            bool(self._task.check_mode), bool(self._task.diff)))
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(module_name='%s.%s' % (COLLECTION, self.module_name),
                                                         task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def runs_in_controller(self, task_vars):
        """True when a module process would run on this controller anyway and nothing needs one."""
        wanted = task_vars.get(SWITCH_VARIABLE, True)
        if not boolean(self._templar.template(wanted), strict=False):
            return False
        return (HAS_REQUESTS and self._connection.transport == 'local' and not self._task.async_val
                and not self._play_context.become)
