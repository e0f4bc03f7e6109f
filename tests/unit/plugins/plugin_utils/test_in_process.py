# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process runner of the action plugins: same options, same result, same secrecy as a module process."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import client
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_org_role
from ansible_collections.ubidots.cloud.plugins.module_utils import api_roles
from ansible_collections.ubidots.cloud.plugins.plugin_utils import in_process
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, FakeSession, page, run_module

TOKEN = 'BBFF-' + 'a' * 30
API = 'https://api.example.test'
ROLE = {'id': 'c' * 24, 'url': API + '/api/v2.0/api_roles/' + 'c' * 24, 'label': 'reader', 'name': 'Reader',
        'description': '', 'permissions': [], 'createdAt': '2026-11-22T14:05:55.471155Z'}
HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


@pytest.fixture(autouse=True)
def fresh_clients(monkeypatch):
    monkeypatch.setattr(in_process, '_clients', {})
    monkeypatch.setattr(client.time, 'sleep', lambda seconds: None)


def serve(monkeypatch, *answers):
    session = FakeSession(*answers)
    monkeypatch.setattr(client.requests, 'Session', lambda: session)
    return session


def role_args(**extra):
    return dict({'name': 'Reader', 'api_token': TOKEN, 'api_url': API}, **extra)


@pytest.mark.parametrize('check_mode', [True, False])
def test_same_result_and_requests_as_the_module_process(monkeypatch, capsys, check_mode):
    answers = (FakeResponse(404, {'code': 404001, 'message': 'Not found'}), FakeResponse(201, ROLE))
    expected, module_session = run_module(monkeypatch, capsys, ubidots_org_role, {'name': 'Reader'}, *answers,
                                          check_mode=check_mode, diff=True)
    session = serve(monkeypatch, *answers)
    result = in_process.run_in_process('ubidots_org_role', role_args(), check_mode, True)
    assert result == expected
    assert result['changed'] is True and result['diff']['after']['label'] == 'reader'
    assert [(c['method'], c['url']) for c in session.calls] == [(c['method'], c['url']) for c in module_session.calls]


def test_no_log_values_are_hidden_in_the_result_and_the_invocation(monkeypatch):
    serve(monkeypatch)

    def echoing(task):
        raise in_process.Failure('the server echoed %s back' % TOKEN, detail=[TOKEN])

    monkeypatch.setattr(api_roles.OrgRole, 'execute', staticmethod(echoing))
    result = in_process.run_in_process('ubidots_org_role', role_args(), False, False)
    assert TOKEN not in repr(result)
    assert result['msg'] == 'the server echoed ******** back'
    assert result['invocation']['module_args']['api_token'] == HIDDEN
    assert result['failed'] is True


def test_unsupported_option_is_named_before_any_request(monkeypatch):
    session = serve(monkeypatch)
    result = in_process.run_in_process('ubidots_org_role', role_args(desription='x'), False, False)
    assert result['failed'] is True
    assert result['msg'].startswith('Unsupported parameters for (ubidots.cloud.ubidots_org_role) module: desription.')
    assert session.calls == []


def test_wrong_type_names_the_option(monkeypatch):
    serve(monkeypatch)
    result = in_process.run_in_process('ubidots_org_role', role_args(permissions=['devices']), False, False)
    assert result['failed'] is True and 'permissions' in result['msg'] and 'dict' in result['msg']


def test_token_from_the_task_environment(monkeypatch):
    monkeypatch.delenv('UBIDOTS_TOKEN', raising=False)
    session = serve(monkeypatch, page([ROLE]))
    args = {'label': 'reader', 'api_url': API}
    result = in_process.run_in_process('ubidots_org_role_info', args, False, False, {'UBIDOTS_TOKEN': TOKEN})
    assert 'UBIDOTS_TOKEN' not in os.environ
    assert result['roles'][0]['label'] == 'reader'
    assert session.headers['X-Auth-Token'] == TOKEN
    assert TOKEN not in repr(result)


def test_missing_token_is_an_error_that_says_where_to_set_it(monkeypatch):
    monkeypatch.delenv('UBIDOTS_TOKEN', raising=False)
    session = serve(monkeypatch)
    result = in_process.run_in_process('ubidots_org_role_info', {'api_url': API}, False, False)
    assert result['failed'] is True and 'UBIDOTS_TOKEN' in result['msg']
    assert session.calls == []


def test_loop_items_share_one_client_per_connection_settings(monkeypatch):
    sessions = []

    def new_session():
        sessions.append(FakeSession(page([ROLE]), page([ROLE])))
        return sessions[-1]

    monkeypatch.setattr(client.requests, 'Session', new_session)
    for token in (TOKEN, TOKEN, 'BBFF-' + 'b' * 30):
        result = in_process.run_in_process('ubidots_org_role_info', {'api_url': API, 'api_token': token}, False, False)
        assert result['changed'] is False
    assert len(sessions) == 2
    assert len(sessions[0].calls) == 2 and len(sessions[1].calls) == 1


def test_a_bug_is_reported_without_secrets(monkeypatch):
    def broken(task):
        raise ValueError('cannot handle %s' % TOKEN)

    monkeypatch.setattr(api_roles.OrgRole, 'execute', staticmethod(broken))
    result = in_process.run_in_process('ubidots_org_role', role_args(), False, False)
    assert result['failed'] is True
    assert result['msg'].startswith('ubidots.cloud.ubidots_org_role failed unexpectedly: cannot handle')
    assert TOKEN not in repr(result)


class Stub:
    def __init__(self, **attributes):
        self.__dict__.update(attributes)


class PassThroughTemplar:
    def template(self, value):
        return value


def action(transport='local', become=False, async_val=0):
    plugin = in_process.InProcessAction.__new__(in_process.InProcessAction)
    plugin._connection = Stub(transport=transport)
    plugin._play_context = Stub(become=become)
    plugin._task = Stub(async_val=async_val)
    plugin._templar = PassThroughTemplar()
    return plugin


@pytest.mark.parametrize('plugin, task_vars, expected', [
    (action(), {}, True),
    (action(), {'ubidots_controller_execution': 'false'}, False),
    (action(), {'ubidots_controller_execution': True}, True),
    (action(transport='ssh'), {}, False),
    (action(become=True), {}, False),
    (action(async_val=60), {}, False),
], ids=['local', 'switched-off', 'switched-on', 'remote-host', 'become', 'async'])
def test_runs_in_process_only_where_a_module_would_run_here_anyway(plugin, task_vars, expected):
    assert plugin.runs_in_process(task_vars) is expected


def test_needs_requests_in_the_controller(monkeypatch):
    monkeypatch.setattr(in_process, 'HAS_REQUESTS', False)
    assert action().runs_in_process({}) is False


class TaggedList(list):
    """Stands for the tagged containers of ansible-core 2.19 templating."""


def test_arguments_reach_the_module_as_plain_types(monkeypatch):
    args = in_process.as_module_arguments({'name': 'Reader', 'permissions': TaggedList(['devices'])})
    assert args['permissions'].__class__ is list and args == {'name': 'Reader', 'permissions': ['devices']}
    serve(monkeypatch)
    result = in_process.run_in_process('ubidots_org_role', dict(role_args(), permissions=args['permissions']), False, False)
    assert "argument 'permissions' is of type" in result['msg'] and 'TaggedList' not in result['msg']
