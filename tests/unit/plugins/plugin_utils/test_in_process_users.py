# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Loop items of ubidots_user share one client when they run in process: each item must see the memberships
the items before it wrote, not the ones of the task's first read."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.plugin_utils import in_process
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page
# A fresh client cache per test, and a fake session answering in order (the in-process runner's own tests).
from ansible_collections.ubidots.cloud.tests.unit.plugins.plugin_utils.test_in_process import serve
from ansible_collections.ubidots.cloud.tests.unit.plugins.plugin_utils.test_in_process import fresh_clients  # noqa: F401 pylint: disable=unused-import

TOKEN = 'BBFF-' + 'a' * 30
API = 'https://api.example.test'
USERS = API + '/api/v2.0/users/'
USER_ID = 'e' * 24
ORG_IDS = {'acme': 'a' * 24, 'globex': 'b' * 24}


def org(label):
    return {'id': ORG_IDS[label], 'label': label, 'name': label.title(), 'url': API + '/api/v2.0/organizations/' + ORG_IDS[label]}


def membership(label, role):
    return dict(org(label), createdAt='2026-11-22T14:05:55.471155Z',
                role={'label': role, 'name': role.title(), 'url': API + '/api/v2.0/roles/' + role})


def user(*memberships):
    return {'id': USER_ID, 'url': USERS + USER_ID, 'username': 'alice', 'email': 'alice@example.com', 'firstName': '',
            'lastName': '', 'isActive': True, 'tags': [], 'properties': {}, 'defaultOrganization': None,
            'lastLogin': None, 'createdAt': '2026-11-22T14:05:55.471155Z',
            'organizations': [membership(label, role) for label, role in memberships]}


def envelope(*memberships):
    return FakeResponse(200, {'count': len(memberships), 'next': None, 'previous': None,
                              'results': [membership(label, role) for label, role in memberships]})


REFERENCES = (page([org('acme'), org('globex')]),
              page([{'label': 'viewer', 'name': 'Viewer', 'url': API + '/api/v2.0/roles/viewer'}]))


def run_twice(args):
    args = dict(args, username='alice', api_token=TOKEN, api_url=API)
    return [in_process.run_in_process('ubidots_user', args, False, False) for dummy in range(2)]


@pytest.mark.parametrize('args, answers, writes', [
    pytest.param({'organizations': [{'organization': 'acme', 'role': 'viewer'}], 'organizations_exclusive': True},
                 (page([user(('acme', 'viewer'), ('globex', 'viewer'))]),) + REFERENCES + (envelope(('acme', 'viewer')),),
                 [('POST', USERS + USER_ID + '/_/remove_organizations/')], id='exclusive-removal'),
    pytest.param({'email': 'alice@example.com', 'password': 'correct-horse-battery',
                  'organizations': [{'organization': 'acme', 'role': 'viewer'}]},
                 (page([]),) + REFERENCES + (FakeResponse(201, user()), envelope(('acme', 'viewer'))),
                 [('POST', USERS), ('POST', USERS + USER_ID + '/_/assign_organizations/')], id='creation'),
])
def test_a_later_loop_item_sees_the_memberships_an_earlier_one_wrote(monkeypatch, args, answers, writes):
    session = serve(monkeypatch, *answers)
    first, second = run_twice(args)
    assert first['changed'] is True and not first.get('failed'), first.get('msg')
    assert not second.get('failed'), second.get('msg')
    assert second['changed'] is False and second['action'] == 'unchanged'
    assert second['memberships'] == {'added': [], 'changed': [], 'removed': []}
    assert [(c['method'], c['url']) for c in session.calls if c['method'] != 'GET'] == writes
