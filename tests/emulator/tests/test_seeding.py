# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /_emulator/organizations: bulk organizations for scale tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

import requests

ORGS = '/api/v2.0/organizations/'


def seed(control, **body):
    return requests.post(control.url('organizations'), json=body, timeout=60)


def test_seeds_ten_thousand_quickly_and_lists_them(api, account, control):
    started = time.time()
    response = seed(control, account=account['account'], count=10000, label_prefix='bulk-', inactive_every=4)
    elapsed = time.time() - started
    assert response.status_code == 201, response.text
    assert response.json() == {'created': 10000, 'first': 'bulk-00001', 'last': 'bulk-10000'}
    assert elapsed < 10, 'seeding 10,000 organizations took %.1f s' % elapsed
    page = api.get(ORGS + '?page_size=1000').json()
    assert page['count'] == 10000 and len(page['results']) == 1000
    newest = page['results'][0]
    assert (newest['label'], newest['name'], newest['isActive'], newest['app']) == ('bulk-10000', 'bulk-10000', False, None)
    inactive = api.get(ORGS + '?isActive=false&page_size=1').json()['count']
    assert inactive == 2500
    assert control.requests()['count'] == 2, 'seeding is not an API request'


def test_seeded_organizations_are_ordinary(api, account, control):
    assert seed(control, account=account['account'], count=3).status_code == 201
    org = api.get(ORGS + '~org-2').json()
    assert org['label'] == 'org-2' and org['description'] == '' and org['properties'] == {} and org['isActive'] is True
    assert api.patch(ORGS + '~org-2', json={'description': 'edited'}).status_code == 200
    assert api.post(ORGS, json={'label': 'org-3'}).status_code == 400


def test_other_accounts_see_nothing(account, other_api, control):
    assert seed(control, account=account['account'], count=5).status_code == 201
    assert other_api.get(ORGS).json()['count'] == 0


def test_refusals(api, account, control):
    assert seed(control, account=account['account'], count=2).status_code == 201
    refused = [
        seed(control, account=account['account'], count=2),                       # labels taken
        seed(control, account='0' * 24, count=1),                                  # no such account
        seed(control, account=account['account']),                                # no count
        seed(control, account=account['account'], count=0),
        seed(control, account=account['account'], count=True),
        seed(control, account=account['account'], count=1, label_prefix='bad prefix '),
    ]
    for response in refused:
        assert response.status_code == 400, response.text
        assert response.json()['code'] == 400001
    assert api.get(ORGS).json()['count'] == 2
