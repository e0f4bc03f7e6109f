# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-ins for the HTTP session and the Ansible module, for engine and client unit tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json


class FakeResponse:
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self.headers = dict(headers or {})
        if text is not None:
            self.text = text
        elif body is None:
            self.text = ''
        else:
            self.text = json.dumps(body)
            self.headers.setdefault('Content-Type', 'application/json')
        self.content = self.text.encode('utf-8')

    def json(self):
        return json.loads(self.text)


class FakeClock:
    """Time that only sleeping moves (by the seconds slept); records every sleep."""

    def __init__(self, now=0.0, digits=None):
        self.now = now
        self.digits = digits  # sleeps recorded rounded to this many digits, when given
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds if self.digits is None else round(seconds, self.digits))
        self.now += seconds


class FakeSession:
    """Answers queued responses (or raises queued exceptions) and records every call. A queued function is called
    with the request (method, url, keyword arguments) at the moment it is sent, and answers what it returns."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []
        self.headers = {}

    def request(self, method, url, **kwargs):
        self.calls.append(dict(kwargs, method=method, url=url))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(method, url, **kwargs)
        return answer


def fake_task(params, client, check_mode=False, diff=True):
    """An engine Task whose client is ``client``."""
    from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Task
    return Task(params, lambda options, warn: client, check_mode=check_mode, diff=diff)


def error_body(status, message, detail=None):
    return {'code': status * 1000 + 1, 'message': message, 'detail': message if detail is None else detail}


def page(results, next_url=None):
    """One page of a list endpoint."""
    return FakeResponse(200, {'count': len(results), 'next': next_url, 'previous': None, 'results': list(results)})


try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    import contextlib

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


def run_module(monkeypatch, capsys, module, args, *answers, **options):
    """Run ``module.main()`` over a FakeSession answering ``answers``; (result dict, session).

    ``check_mode`` and ``diff`` options switch those modes on; retries do not sleep.
    """
    # Imported here: the module tests need them, the engine tests do not.
    import pytest
    from ansible_collections.ubidots.cloud.plugins.module_utils import client

    session = FakeSession(*answers)
    monkeypatch.setattr(client.requests, 'Session', lambda: session)
    monkeypatch.setattr(client.time, 'sleep', lambda seconds: None)
    args = dict(args, api_token='BBFF-' + 'a' * 30, api_url='https://api.example.test')
    if options.get('check_mode'):
        args['_ansible_check_mode'] = True
    if options.get('diff'):
        args['_ansible_diff'] = True
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out), session
