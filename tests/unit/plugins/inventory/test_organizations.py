# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin ubidots.cloud.organizations over a fake HTTP session: options, groups, cache, secrets."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.ubidots.cloud.plugins.inventory import organizations
from ansible_collections.ubidots.cloud.plugins.module_utils import client
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import (
    FakeResponse, FakeSession, error_body, page)

TOKEN = 'BBFF-' + 'T' * 30
OTHER_TOKEN = 'BBFF-' + 'O' * 30
API = 'https://api.example.test'
LIST_URL = API + '/api/v2.0/organizations/'
FIELDS = 'id,url,label,name,description,properties,isActive,app,favicon,logo,createdAt,devicesCount,usersCount'
APP = {'id': '5dfa39901a9ca53020c6938d', 'label': 'my.app-1', 'name': 'App', 'url': API + '/api/v2.0/apps/5dfa'}


def org(label, number, active=True, app=None, properties=None):
    return {
        'id': '%024x' % number, 'url': API + '/api/v2.0/organizations/%024x' % number, 'label': label, 'name': label.title(),
        'description': '', 'properties': properties or {}, 'isActive': active, 'app': app, 'favicon': None, 'logo': None,
        'createdAt': '2026-11-22T14:05:55.%06dZ' % number, 'devicesCount': number, 'usersCount': 0, 'limits': [],
        'someFutureField': 'not copied',
    }


ACME = org('acme', 1, app=APP, properties={'tier': 'gold'})
GLOBEX = org('globex', 2, active=False, properties={'tier': 'silver', 'note': 'key ' + 'BBFF-' + 'k' * 30})
INITECH = org('initech', 3)


@pytest.fixture
def session(monkeypatch):
    """The HTTP session every client of the test gets; queue answers with ``session.answers``."""
    fake = FakeSession()
    monkeypatch.setattr(client.requests, 'Session', lambda: fake)
    monkeypatch.setattr(client.time, 'sleep', lambda seconds: None)
    for name in ('UBIDOTS_TOKEN', 'UBIDOTS_API_URL', 'UBIDOTS_VALIDATE_CERTS', 'UBIDOTS_REQUEST_TIMEOUT'):
        monkeypatch.delenv(name, raising=False)
    return fake


def write_config(tmp_path, name='test.ubidots.yml', **options):
    config = dict(plugin='ubidots.cloud.organizations', api_url=API, api_token=TOKEN)
    config.update(options)
    config = dict((key, value) for key, value in config.items() if value is not None)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(config))
    return str(path)


def parse(path, cache=True):
    """(inventory, plugin) after one parse, with the cache written as the inventory manager writes it."""
    plugin = inventory_loader.get('ubidots.cloud.organizations')
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), path, cache=cache)
    try:
        plugin.update_cache_if_changed()
    except AttributeError:  # the cache option is off: no cache was loaded (the inventory manager does the same)
        pass
    return inventory, plugin


def hosts_of(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts()) if group in inventory.groups else None


def test_config_file_names():
    plugin = inventory_loader.get('ubidots.cloud.organizations')
    assert plugin.NAME == 'ubidots.cloud.organizations'
    assert [name for name in ('a.ubidots.yml', 'ubidots.yaml', 'a.yml', 'ubidots.json', 'a.ubidots.yml.bak')
            if name.endswith(organizations.FILE_ENDINGS)] == ['a.ubidots.yml', 'ubidots.yaml']


def test_one_host_per_organization_with_default_groups(tmp_path, session):
    session.answers = [page([ACME, GLOBEX], LIST_URL + '?page=2&page_size=2'), page([INITECH])]
    inventory, dummy = parse(write_config(tmp_path, page_size=2))
    assert hosts_of(inventory, 'ubidots_organizations') == ['acme', 'globex', 'initech']
    assert hosts_of(inventory, 'ubidots_active') == ['acme', 'initech']
    assert hosts_of(inventory, 'ubidots_inactive') == ['globex']
    assert hosts_of(inventory, 'ubidots_app_my_app_1') == ['acme']
    acme = inventory.get_host('acme').vars
    assert acme['ansible_connection'] == 'local'
    assert acme['ubidots_organization'] == {
        'id': ACME['id'], 'url': ACME['url'], 'label': 'acme', 'name': 'Acme', 'description': '',
        'properties': {'tier': 'gold'}, 'is_active': True, 'app': APP, 'favicon': None, 'logo': None,
        'created_at': ACME['createdAt'], 'devices_count': 1, 'users_count': 0}
    # Two pages: the first with page_size, the second by the server's next link; the token only in the header.
    assert [call['url'] for call in session.calls] == [LIST_URL, LIST_URL + '?page=2&page_size=2']
    assert session.calls[0]['params'] == {'page_size': 2, 'fields': FIELDS}
    assert session.headers['X-Auth-Token'] == TOKEN


def test_no_secret_in_host_variables(tmp_path, session):
    session.answers = [page([ACME, GLOBEX])]
    inventory, dummy = parse(write_config(tmp_path))
    globex = inventory.get_host('globex').vars['ubidots_organization']
    assert globex['properties'] == {'tier': 'silver', 'note': 'key BBFF-<hidden>'}
    text = json.dumps(dict((host, inventory.get_host(host).vars) for host in inventory.hosts))
    assert TOKEN not in text and 'BBFF-' + 'k' * 30 not in text


def test_hostname_id(tmp_path, session):
    session.answers = [page([ACME, GLOBEX])]
    inventory, dummy = parse(write_config(tmp_path, hostname='id'))
    assert hosts_of(inventory, 'ubidots_organizations') == [ACME['id'], GLOBEX['id']]
    assert inventory.get_host(ACME['id']).vars['ubidots_organization']['label'] == 'acme'


@pytest.mark.parametrize('filters, query', [
    ({}, {}),
    ({'label__startswith': 'acme', 'isActive': True}, {'label__startswith': 'acme', 'isActive': 'true'}),
    ({'isActive': 'False'}, {'isActive': 'false'}),
    ({'label': ['acme', 'globex']}, {'label__in': 'acme,globex'}),
    ({'label__in': 'acme,globex'}, {'label__in': 'acme,globex'}),
    ({'name__icontains': 'corp', 'id__in': ['a', 'b']}, {'name__icontains': 'corp', 'id__in': 'a,b'}),
    ({'isActive__in': [True, False]}, {'isActive__in': 'true,false'}),
])
def test_filters_become_the_api_query(tmp_path, session, filters, query):
    session.answers = [page([])]
    parse(write_config(tmp_path, filters=filters, page_size=10))
    assert session.calls[0]['params'] == dict(query, page_size=10, fields=FIELDS)


@pytest.mark.parametrize('filters, message', [
    ({'is_active': True}, 'filters.is_active is not a filter of the organizations list (the API spells it isActive)'),
    ({'description': 'x'}, 'filters.description is not a filter'),
    ({'label__endswith': 'x'}, 'filters.label__endswith is not a filter'),
    ({'label__startswith': ['a', 'b']}, 'a list is only allowed with label or label__in'),
    ({'label': []}, 'must not be empty'),
    ({'isActive__startswith': 't'}, 'isActive takes true or false'),
    ({'isActive': 'maybe'}, 'isActive takes true or false'),
    ({'name': {'a': 1}}, 'filters.name must be a non-empty string'),
    ({'name': ''}, 'filters.name must be a non-empty string'),
])
def test_bad_filters_fail_before_any_request(tmp_path, session, filters, message):
    with pytest.raises(AnsibleParserError, match=message.replace('(', r'\(').replace(')', r'\)')):
        parse(write_config(tmp_path, filters=filters))
    assert session.calls == []


@pytest.mark.parametrize('options, message', [
    ({'api_token': None}, 'No API token: set the api_token option or the UBIDOTS_TOKEN environment variable'),
    ({'api_url': 'ftp://example.test'}, "api_url='ftp://example.test' is not an http"),
    ({'api_url': API + '/?token=x'}, 'api_url must not have a query'),
    ({'request_timeout': 0}, 'request_timeout must be a positive number'),
    ({'page_size': 0}, 'page_size must be from 1 to 1000'),
    ({'page_size': 1001}, 'page_size must be from 1 to 1000'),
])
def test_bad_connection_options_fail_like_the_modules(tmp_path, session, options, message):
    with pytest.raises(AnsibleParserError, match=message.replace('(', r'\(')) as caught:
        parse(write_config(tmp_path, **options))
    assert session.calls == [] and TOKEN not in str(caught.value)


def test_environment_gives_token_and_url(tmp_path, session, monkeypatch):
    monkeypatch.setenv('UBIDOTS_TOKEN', OTHER_TOKEN)
    monkeypatch.setenv('UBIDOTS_API_URL', 'http://127.0.0.1:9')
    session.answers = [page([ACME])]
    path = tmp_path / 'env.ubidots.yml'
    path.write_text('plugin: ubidots.cloud.organizations\n')
    inventory, dummy = parse(str(path))
    assert hosts_of(inventory, 'ubidots_organizations') == ['acme']
    assert session.calls[0]['url'] == 'http://127.0.0.1:9/api/v2.0/organizations/'
    assert session.headers['X-Auth-Token'] == OTHER_TOKEN


def test_api_errors_name_the_request_never_the_token(tmp_path, session):
    session.answers = [FakeResponse(401, error_body(401, 'Incorrect authentication credentials.'))]
    with pytest.raises(AnsibleParserError) as caught:
        parse(write_config(tmp_path))
    message = str(caught.value)
    assert 'GET /api/v2.0/organizations/?fields=%s&page_size=1000 failed: HTTP 401' % FIELDS in message
    assert 'Check api_token' in message and TOKEN not in message


def test_keyed_groups_groups_and_compose(tmp_path, session):
    session.answers = [page([ACME, GLOBEX, INITECH])]
    inventory, dummy = parse(write_config(
        tmp_path,
        keyed_groups=[{'key': 'ubidots_organization.properties.tier', 'prefix': 'tier'},
                      {'key': 'ubidots_organization.app.label', 'prefix': 'app', 'default_value': 'none'}],
        groups={'busy': 'ubidots_organization.devices_count > 1'},
        compose={'tenant_label': 'ubidots_organization.label | upper'}))
    assert hosts_of(inventory, 'tier_gold') == ['acme']
    assert hosts_of(inventory, 'tier_silver') == ['globex']
    assert hosts_of(inventory, 'app_my_app_1') == ['acme']
    assert hosts_of(inventory, 'busy') == ['globex', 'initech']
    assert inventory.get_host('globex').vars['tenant_label'] == 'GLOBEX'


def test_strict_fails_on_a_missing_key(tmp_path, session):
    keyed = [{'key': 'ubidots_organization.properties.tier', 'prefix': 'tier'}]
    session.answers = [page([ACME, INITECH])]
    inventory, dummy = parse(write_config(tmp_path, keyed_groups=keyed, strict=False))
    assert hosts_of(inventory, 'tier_gold') == ['acme']
    session.answers = [page([ACME, INITECH])]
    with pytest.raises(AnsibleError, match='tier'):
        parse(write_config(tmp_path, keyed_groups=keyed, strict=True))


def cache_options(tmp_path):
    return dict(cache=True, cache_plugin='ansible.builtin.jsonfile', cache_connection=str(tmp_path / 'cache'),
                cache_timeout=3600)


def cache_files(tmp_path):
    folder = tmp_path / 'cache'
    return sorted(os.listdir(str(folder))) if folder.exists() else []


def test_cache_serves_the_second_run_without_a_request(tmp_path, session):
    path = write_config(tmp_path, **cache_options(tmp_path))
    session.answers = [page([ACME, GLOBEX])]
    first, dummy = parse(path)
    assert len(session.calls) == 1 and len(cache_files(tmp_path)) == 1

    second, dummy = parse(path)
    assert len(session.calls) == 1, 'the cached list was not used'
    assert hosts_of(second, 'ubidots_organizations') == ['acme', 'globex']
    assert hosts_of(second, 'ubidots_inactive') == ['globex']
    assert second.get_host('acme').vars == first.get_host('acme').vars

    # --flush-cache (cache=False from the inventory manager) reads the API again and rewrites the entry.
    session.answers = [page([ACME])]
    third, dummy = parse(path, cache=False)
    assert len(session.calls) == 2 and hosts_of(third, 'ubidots_organizations') == ['acme']
    fourth, dummy = parse(path)
    assert len(session.calls) == 2 and hosts_of(fourth, 'ubidots_organizations') == ['acme']


def test_cache_holds_no_secret(tmp_path, session):
    session.answers = [page([ACME, GLOBEX])]
    parse(write_config(tmp_path, **cache_options(tmp_path)))
    (name,) = cache_files(tmp_path)
    text = (tmp_path / 'cache' / name).read_text()
    assert 'globex' in text
    assert TOKEN not in text and 'BBFF-' + 'k' * 30 not in text and 'T' * 30 not in name


def test_cache_is_per_token_and_filters(tmp_path, session):
    options = cache_options(tmp_path)
    session.answers = [page([ACME])]
    parse(write_config(tmp_path, **options))
    session.answers = [page([GLOBEX])]
    other, dummy = parse(write_config(tmp_path, api_token=OTHER_TOKEN, **options))
    assert hosts_of(other, 'ubidots_organizations') == ['globex'], "another account's cached list was used"
    session.answers = [page([INITECH])]
    filtered, dummy = parse(write_config(tmp_path, filters={'label': 'initech'}, **options))
    assert hosts_of(filtered, 'ubidots_organizations') == ['initech']
    assert len(session.calls) == 3 and len(cache_files(tmp_path)) == 3


def test_without_cache_option_nothing_is_written(tmp_path, session):
    session.answers = [page([ACME]), page([ACME])]
    path = write_config(tmp_path, cache_connection=str(tmp_path / 'cache'), cache_plugin='ansible.builtin.jsonfile')
    parse(path)
    parse(path)
    assert len(session.calls) == 2 and cache_files(tmp_path) == []
