# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_user when an assignment or a removal fails in a way that may hide an applied write (a 500, a lost
answer): the user's memberships are read back; applied means done, not applied means sent again."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.modules import ubidots_user
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page, run_module

API = 'https://api.example.test'
USER_URL = API + '/api/v2.0/users/' + 'e' * 24 + '/'
ORG_IDS = {'acme': 'a' * 24, 'globex': 'b' * 24}
FAILED = FakeResponse(500, {'code': 500001, 'message': 'Server error'})


def org(label):
    return {'id': ORG_IDS[label], 'label': label, 'name': label, 'url': API + '/api/v2.0/organizations/' + ORG_IDS[label]}


def user(*labels):
    memberships = [dict(org(label), createdAt='2026-11-22T14:05:55Z', role={'label': 'viewer', 'name': 'Viewer'})
                   for label in labels]
    return {'id': 'e' * 24, 'username': 'alice', 'email': 'alice@example.com', 'firstName': '', 'lastName': '',
            'isActive': True, 'tags': [], 'properties': {}, 'defaultOrganization': None, 'organizations': memberships}


def envelope(*labels):
    results = user(*labels)['organizations']
    return FakeResponse(200, {'count': len(results), 'next': None, 'previous': None, 'results': results})


REFERENCES = (page([org('acme'), org('globex')]), page([{'label': 'viewer', 'name': 'Viewer'}]))
ASSIGN = {'organizations': [{'organization': 'acme', 'role': 'viewer'}, {'organization': 'globex', 'role': 'viewer'}]}
REMOVE = {'organizations': [{'organization': 'acme', 'role': 'viewer'}], 'organizations_exclusive': True}


@pytest.mark.parametrize('args, before, after, applied', [
    (ASSIGN, ('acme',), ('acme', 'globex'), True),
    (ASSIGN, ('acme',), ('acme', 'globex'), False),
    (REMOVE, ('acme', 'globex'), ('acme',), True),
    (REMOVE, ('acme', 'globex'), ('acme',), False),
], ids=['assign-applied', 'assign-not-applied', 'remove-applied', 'remove-not-applied'])
def test_a_failed_membership_write_is_read_back_then_done_or_sent_again(monkeypatch, capsys, args, before, after, applied):
    answers = [page([user(*before)])] + list(REFERENCES) + [FAILED]
    answers += [FakeResponse(200, user(*after))] if applied else [FakeResponse(200, user(*before)), envelope(*after)]
    result, session = run_module(monkeypatch, capsys, ubidots_user, dict(args, username='alice'), *answers)
    posts = [c for c in session.calls if c['method'] == 'POST']
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True and result['action'] == 'updated'
    assert len(posts) == (1 if applied else 2) and posts[0]['json'] == posts[-1]['json']
    assert [c['url'] for c in session.calls if c['method'] == 'GET'][-1] == USER_URL
    assert result['user']['organizations'] == [{'organization': label, 'role': 'viewer'} for label in after]
