# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The people scenario of the fault runs: user roles, users and their memberships (fixtures/people.yml applies it).

Before a run the account holds what an earlier run left (one user role, the organizations, Bob a viewer in both);
the run adds a user role, creates Alice and Carol with their memberships, gives Bob another role in one
organization and ends his other membership. The end state is read back in a form without ids and times.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import harness

PLAYBOOK = os.path.join(harness.HERE, 'fixtures', 'people.yml')
ORGANIZATIONS = ['rel-01', 'rel-02']
USER_ROLES = [
    {'label': 'rel-editor', 'name': 'Reliability editor', 'permissions': {'dashboards': ['all'], 'widgets': ['all']}},
    {'label': 'rel-operator', 'name': 'Reliability operator',
     'permissions': {'dashboards': ['read'], 'widget_data': ['read'], 'events': ['all']}},
]
USERS = [
    {'username': 'alice', 'email': 'alice@rel.example', 'first_name': 'Alice', 'tags': ['plant-1'],
     'organizations': [{'organization': 'rel-01', 'role': 'rel-operator'}, {'organization': 'rel-02', 'role': 'viewer'}],
     'default_organization': 'rel-01'},
    {'username': 'bob', 'email': 'bob@rel.example', 'first_name': 'Bob', 'tags': ['plant-1', 'plant-2'],
     'organizations': [{'organization': 'rel-01', 'role': 'rel-editor'}]},
    {'username': 'carol', 'email': 'carol@rel.example', 'first_name': 'Carol', 'tags': [],
     'organizations': [{'organization': 'rel-02', 'role': 'dashboards-viewer'}]},
]
# Codenames of the readable permissions above, as the API lists them.
CODENAMES = {
    'rel-editor': ['add_dashboard', 'add_widget', 'change_dashboard', 'change_widget', 'delete_dashboard', 'delete_widget',
                   'view_dashboard', 'view_widget'],
    'rel-operator': ['add_event', 'change_event', 'delete_event', 'view_dashboard', 'view_event', 'view_widget_data'],
}


def passwords(seed):
    """A password per user, different for every seed (secrets the case's scan searches for)."""
    return dict((user['username'], 'Rel-%d-%s-pw' % (seed, user['username'])) for user in USERS)


def playbook_vars(seed):
    return {'people_user_roles': USER_ROLES, 'people_organizations': ORGANIZATIONS, 'people_users': USERS,
            'people_passwords': passwords(seed)}


def existing_people(emulator, seed):
    """What an earlier run left, made straight through the API: the editor role, the organizations, and Bob as a
    viewer of both (the run changes one of his roles and ends the other membership)."""
    def made(response):
        assert response.status_code in (200, 201), harness.mask(response.text)
        return response.json()

    editor = USER_ROLES[0]
    made(emulator.api('POST', 'v2.0/roles/', json={
        'label': editor['label'], 'name': editor['name'], 'permissions': CODENAMES[editor['label']]}))
    for label in ORGANIZATIONS:
        made(emulator.api('POST', 'v2.0/organizations/', json={'label': label}))
    bob = USERS[1]
    user = made(emulator.api('POST', 'v2.0/users/', json={
        'username': bob['username'], 'email': bob['email'], 'password': passwords(seed)['bob'], 'firstName': bob['first_name'],
        'tags': bob['tags']}))
    made(emulator.api('POST', 'v2.0/users/%s/_/assign_organizations/' % user['id'],
                      json=[{'label': label, 'role': 'viewer'} for label in ORGANIZATIONS]))


def expected():
    """The end state every run must reach, in the form of snapshot()."""
    return {
        'user_roles': dict((role['label'], {'name': role['name'], 'permissions': CODENAMES[role['label']]}) for role in USER_ROLES),
        'users': dict((user['username'], {
            'email': user['email'], 'first_name': user['first_name'], 'tags': user['tags'], 'is_active': True,
            'default_organization': user.get('default_organization'),
            'memberships': dict((m['organization'], m['role']) for m in user['organizations'])}) for user in USERS),
        'organization_members': dict((label, sorted(u['username'] for u in USERS
                                                    if any(m['organization'] == label for m in u['organizations'])))
                                     for label in ORGANIZATIONS),
        'duplicates': [],
    }


def snapshot(emulator):
    """User roles of our own, users with their memberships, each organization's members (read with faults off)."""
    roles = [r for r in emulator.api_list('v2.0/roles/') if r['label'] not in ('viewer', 'dashboards-viewer')]
    users = emulator.api_list('v2.0/users/?fields=username,email,firstName,tags,isActive,defaultOrganization,organizations')
    state = {
        'user_roles': dict((r['label'], {'name': r['name'], 'permissions': sorted(p['label'] for p in r['permissions'])})
                           for r in roles),
        'users': dict((u['username'], {
            'email': u['email'], 'first_name': u['firstName'], 'tags': u['tags'], 'is_active': u['isActive'],
            'default_organization': (u['defaultOrganization'] or {}).get('label'),
            'memberships': dict((m['label'], m['role']['label']) for m in u['organizations'])}) for u in users),
        'organization_members': dict((label, sorted(m['username'] for m in emulator.api_list('v2.0/organizations/~%s/users/' % label)))
                                     for label in ORGANIZATIONS),
    }
    names = [u['username'].lower() for u in users] + [u['email'].lower() for u in users] + ['role ' + r['label'] for r in roles]
    state['duplicates'] = sorted(set(name for name in names if names.count(name) > 1))
    return state
