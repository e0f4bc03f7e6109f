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


class FakeSession:
    """Answers queued responses (or raises queued exceptions) and records every call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []
        self.headers = {}

    def request(self, method, url, **kwargs):
        self.calls.append(dict(kwargs, method=method, url=url))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class FakeModule:
    def __init__(self, params, client, check_mode=False, diff=True):
        self.params = params
        self.client = client
        self.check_mode = check_mode
        self._diff = diff


def error_body(status, message, detail=None):
    return {'code': status * 1000 + 1, 'message': message, 'detail': message if detail is None else detail}
