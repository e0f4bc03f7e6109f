# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import contract, engine
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    PREDICTED, DictField, Field, FileField, InputError, ReferenceField, Resource)
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import fake_task

APP = {'id': '5dfa39901a9ca53020c6938d', 'label': 'my_application', 'name': 'App', 'url': 'u'}
PNG = b'\x89PNG\r\n\x1a\n' + b'pixels'


class Thing(Resource):
    noun = 'thing'
    result_key = 'thing'
    label_options = ('label',)
    defaults = {'description': '', 'properties': {}, 'isActive': True, 'app': None, 'favicon': None}
    fields = (
        Field('name'),
        Field('description'),
        DictField('properties', purge_option='purge_properties'),
        Field('is_active', 'isActive'),
        ReferenceField('app'),
        FileField('favicon'),
    )

    def collection_path(self):
        return 'things/'

    def item_path(self, key):
        return 'things/%s/' % contract.object_key(key)


class RecordingClient:
    """Answers GETs from a dict of path -> object, records writes and downloads."""

    def __init__(self, objects=None, files=None):
        self.objects = dict(objects or {})
        self.files = dict(files or {})
        self.writes = []
        self.downloads = []
        self.scopes = {}
        self.pages = []

    def get(self, path, params=None, missing_ok=False):
        return self.objects.get(path)

    def page(self, path, params=None):
        """The list at ``path``: every object stored under it, once."""
        self.pages.append(path)
        found = {}
        for where, obj in self.objects.items():
            if obj and where.startswith(path):
                found[obj['id']] = obj
        return {'count': len(found), 'next': None, 'results': list(found.values())}

    def post(self, path, payload):
        self.writes.append(('POST', path, payload))
        return dict(payload, id='a' * 24)

    def patch(self, path, payload=None, files=None):
        self.writes.append(('PATCH', path, payload or files))
        current = dict(self.objects.get(path) or {'id': 'a' * 24})
        current.update(payload or {})
        for name in files or {}:
            current[name] = {'h36': 'h36', 'h50': 'h50', 'raw': 'https://cdn/new-' + name}
            self.files['https://cdn/new-' + name] = files[name][1]
        return current

    def delete(self, path):
        self.writes.append(('DELETE', path, None))

    def download(self, url):
        self.downloads.append(url)
        return self.files[url]


def existing(**overrides):
    obj = {'id': 'b' * 24, 'label': 'acme', 'name': 'Acme', 'description': '', 'properties': {'a': 1, 'b': 2},
           'isActive': True, 'app': APP, 'favicon': None}
    obj.update(overrides)
    return obj


def params(**values):
    base = dict((f.option, None) for f in Thing.fields)
    base.update(label='acme', state='present', purge_properties=False)
    base.update(values)
    return base


def run(values, current=None, check_mode=False, files=None):
    client = RecordingClient({'things/~acme/': current, 'things/%s/' % ('b' * 24): current}, files)
    task = fake_task(params(**values), client, check_mode=check_mode)
    return engine.reconcile(Thing(task)), client


# --- fields --------------------------------------------------------------------------
def test_dict_field_merges_unless_purged():
    field = DictField('properties', purge_option='purge_properties')
    current = existing()
    assert field.payload({'b': 3}, current, {}) == {'a': 1, 'b': 3}
    assert field.payload({'b': 3}, current, {'purge_properties': True}) == {'b': 3}
    assert not field.differs(current, field.payload({'a': 1}, current, {}))
    assert field.differs(current, field.payload({'a': 1}, current, {'purge_properties': True}))


@pytest.mark.parametrize('reference', [APP['id'], 'my_application', '~my_application'])
def test_reference_field_matches_by_id_label_or_tilde_label(reference):
    field = ReferenceField('app')
    assert not field.differs(existing(), field.payload(reference, None, {}))


def test_reference_field_payload_and_clear():
    field = ReferenceField('app')
    assert field.payload('my_application', None, {}) == '~my_application'
    assert field.payload(APP['id'], None, {}) == APP['id']
    assert field.payload('', None, {}) is None
    assert field.differs(existing(), None)
    assert not field.differs(existing(app=None), None)
    assert field.differs(existing(), '~other')


def test_reference_prediction_keeps_what_it_knows():
    field = ReferenceField('app')
    assert field.predict('~other', existing()) == {'id': PREDICTED, 'label': 'other', 'name': PREDICTED, 'url': PREDICTED}
    assert field.predict('~my_application', existing()) == APP


def test_file_field_rejects_missing_and_non_images(tmp_path):
    field = FileField('favicon')
    with pytest.raises(InputError) as err:
        field.check({'favicon': str(tmp_path / 'nope.png')})
    assert 'favicon=' in str(err.value) and 'cannot be read' in str(err.value)
    text = tmp_path / 'notes.txt'
    text.write_text('hello')
    with pytest.raises(InputError) as err:
        field.check({'favicon': str(text)})
    assert 'is not a PNG, JPEG, GIF, ICO or SVG image' in str(err.value)


def test_file_field_compares_bytes_with_the_server_copy(tmp_path):
    image = tmp_path / 'icon.png'
    image.write_bytes(PNG)
    client = RecordingClient(files={'https://cdn/raw': PNG})
    field = FileField('favicon').bind(client)
    field.check({'favicon': str(image)})
    payload = field.payload(str(image), None, {})
    assert payload == ('icon.png', PNG, 'image/png')
    assert not field.differs(existing(favicon={'raw': 'https://cdn/raw'}), payload)
    client.files['https://cdn/raw'] = PNG + b'x'
    field._digests.clear()
    assert field.differs(existing(favicon={'raw': 'https://cdn/raw'}), payload)


# --- planning ------------------------------------------------------------------------
def test_only_requested_fields_are_compared_and_sent():
    result, client = run({'description': 'new', 'name': 'Acme'}, existing())
    assert result['changed'] is True
    assert client.writes == [('PATCH', 'things/%s/' % ('b' * 24), {'description': 'new'})]


def test_unchanged_object_makes_no_write_and_reports_ok():
    result, client = run({'name': 'Acme', 'properties': {'a': 1}, 'app': 'my_application'}, existing())
    assert result['changed'] is False
    assert client.writes == []
    assert result['diff'] == {'before': {'label': 'acme', 'name': 'Acme', 'properties': {'a': 1, 'b': 2}, 'app': 'my_application'},
                              'after': {'label': 'acme', 'name': 'Acme', 'properties': {'a': 1, 'b': 2}, 'app': 'my_application'}}


def test_update_diff_covers_requested_fields_before_and_after():
    result, dummy = run({'is_active': False}, existing())
    assert result['diff'] == {'before': {'label': 'acme', 'is_active': True}, 'after': {'label': 'acme', 'is_active': False}}
    assert result['thing']['is_active'] is False


def test_check_mode_update_predicts_and_writes_nothing():
    real, dummy = run({'is_active': False, 'properties': {'c': 3}}, existing())
    check, client = run({'is_active': False, 'properties': {'c': 3}}, existing(), check_mode=True)
    assert client.writes == []
    assert check == dict(real, check_mode=True)


def test_create_sends_identity_and_requested_fields():
    result, client = run({'description': 'd'})
    assert client.writes == [('POST', 'things/', {'description': 'd', 'label': 'acme'})]
    assert result['changed'] is True
    assert result['diff']['before'] == {}


def test_check_mode_create_predicts_server_defaults():
    result, client = run({'description': 'd', 'app': 'my_application'}, check_mode=True)
    assert client.writes == []
    thing = result['thing']
    assert thing['id'] == PREDICTED and thing['created_at'] == PREDICTED
    assert thing['label'] == 'acme' and thing['description'] == 'd'
    assert thing['properties'] == {} and thing['is_active'] is True and thing['favicon'] is None
    assert thing['app']['label'] == 'my_application'
    assert result['diff']['after'] == {'label': 'acme', 'name': None, 'description': 'd', 'properties': {},
                                       'is_active': True, 'app': 'my_application', 'favicon': None}


def test_create_with_an_image_uploads_it_after_the_post(tmp_path):
    image = tmp_path / 'icon.png'
    image.write_bytes(PNG)
    result, client = run({'favicon': str(image)})
    assert [w[0] for w in client.writes] == ['POST', 'PATCH']
    assert client.writes[1][2] == {'favicon': ('icon.png', PNG, 'image/png')}
    assert result['diff']['after']['favicon'] == engine.bytes_fingerprint(PNG)


def test_same_image_is_not_uploaded_again(tmp_path):
    image = tmp_path / 'icon.png'
    image.write_bytes(PNG)
    result, client = run({'favicon': str(image)}, existing(favicon={'h36': 'a', 'h50': 'b', 'raw': 'https://cdn/raw'}),
                         files={'https://cdn/raw': PNG})
    assert result['changed'] is False and client.writes == []
    assert client.downloads == ['https://cdn/raw']


def test_absent_deletes_and_shows_the_full_before():
    result, client = run({'state': 'absent'}, existing())
    assert client.writes == [('DELETE', 'things/%s/' % ('b' * 24), None)]
    assert result['changed'] is True and result['thing'] == {}
    assert result['diff']['before']['description'] == '' and result['diff']['after'] == {}


def test_absent_when_missing_is_ok():
    result, client = run({'state': 'absent'})
    assert result == {'changed': False, 'action': 'unchanged', 'check_mode': False, 'thing': {}}
    assert client.writes == []


def test_check_mode_delete_writes_nothing():
    result, client = run({'state': 'absent'}, existing(), check_mode=True)
    assert result['changed'] is True and client.writes == []


@pytest.mark.parametrize('label', ['', 'has space', 'x' * 101, 'semi;colon'])
def test_bad_labels_fail_before_any_request(label):
    with pytest.raises(InputError) as err:
        run({'label': label})
    assert 'label=%r' % label in str(err.value)


def test_an_update_of_unknown_outcome_compares_only_the_sent_fields():
    client = RecordingClient({'things/%s/' % ('b' * 24): existing(description='new', name='changed by someone')})
    thing = Thing(fake_task(params(), client))
    assert thing._updated(existing(), {'description': 'new'})['description'] == 'new'
    assert thing._updated(existing(), {'description': 'other'}) is engine.NOT_APPLIED
    assert thing._updated(existing(id='c' * 24), {'description': 'new'}) is engine.UNDECIDED


def test_query_filters():
    query = engine.query_filters({'label': ['a', 'b'], 'is_active': False, 'name': None, 'x': 'y'},
                                 {'label': 'label', 'is_active': 'isActive', 'name': 'name'})
    assert query == {'label__in': 'a,b', 'isActive': 'false'}


def test_snake_case_keys_leave_nested_data_alone():
    assert engine.to_snake_keys({'isActive': True, 'createdAt': 't', 'properties': {'fooBar': 1}}) == {
        'is_active': True, 'created_at': 't', 'properties': {'fooBar': 1}}


class RacedClient(RecordingClient):
    """The POST is refused because the label was taken by another run between the lookup and the POST."""

    def __init__(self, other_run_made):
        super(RacedClient, self).__init__()
        self.other_run_made = other_run_made

    def post(self, path, payload):
        self.writes.append(('POST', path, payload))
        self.objects['things/~acme/'] = self.objects['things/%s/' % self.other_run_made['id']] = self.other_run_made
        raise engine.UbidotsError('POST /api/v2.0/things/ failed: HTTP 400, code 400001: Validation Error. '
                                  "Detail: {'label': ['This label is already in use.']}", status=400, code=400001)


def test_create_that_lost_a_race_converges_on_the_other_runs_object():
    """Found by tests/reliability (two bootstraps at once): the run that lost the race failed on 'label in use'."""
    client = RacedClient(existing(description='old'))
    task = fake_task(params(description='new'), client)
    result = engine.reconcile(Thing(task))
    assert [w[0] for w in client.writes] == ['POST', 'PATCH']
    assert client.writes[1][2] == {'description': 'new'}
    assert result['changed'] is True and result['thing']['description'] == 'new'
    assert result['diff']['before']['description'] == 'old'


def test_refused_create_of_an_object_that_still_does_not_exist_fails():
    class Refusing(RecordingClient):
        def post(self, path, payload):
            raise engine.UbidotsError('POST failed: HTTP 400 unknown app', status=400, code=400001)
    task = fake_task(params(app='nope'), Refusing())
    with pytest.raises(engine.UbidotsError) as err:
        engine.reconcile(Thing(task))
    assert 'unknown app' in str(err.value)


# --- scope reads and actions ------------------------------------------------------------
def test_objects_of_one_task_share_one_read_of_their_scope():
    """Loop items share the client: the second object is decided from the first one's read, and sees its write."""
    client = RecordingClient({'things/%s/' % ('b' * 24): existing()})
    first = engine.reconcile(Thing(fake_task(params(label='new-one', description='d'), client)))
    second = engine.reconcile(Thing(fake_task(params(label='acme', description=''), client)))
    third = engine.reconcile(Thing(fake_task(params(label='new-one', description='d'), client)))
    assert client.pages == ['things/']
    assert (first['action'], second['action'], third['action']) == ('created', 'unchanged', 'unchanged')


class PagedClient(RecordingClient):
    """An account with more objects than one page holds: the first page says there is more."""

    def page(self, path, params=None):
        self.pages.append(path)
        return {'count': 5000, 'next': 'https://api.example.test/next', 'results': []}


def test_an_object_a_partial_scope_does_not_hold_is_looked_up_alone():
    client = PagedClient({'things/~acme/': existing(), 'things/%s/' % ('b' * 24): existing()})
    result = engine.reconcile(Thing(fake_task(params(description=''), client)))
    assert client.pages == ['things/'] and result['action'] == 'unchanged'


@pytest.mark.parametrize('values, current, check_mode, action', [
    ({'description': 'd'}, None, False, 'created'),
    ({'description': 'd'}, None, True, 'created'),
    ({'description': 'new'}, existing(), False, 'updated'),
    ({'description': 'new'}, existing(), True, 'updated'),
    ({'description': ''}, existing(), False, 'unchanged'),
    ({'state': 'absent'}, existing(), False, 'deleted'),
    ({'state': 'absent'}, existing(), True, 'deleted'),
    ({'state': 'absent'}, None, False, 'unchanged'),
])
def test_every_result_says_what_was_done_in_check_mode_too(values, current, check_mode, action):
    result, dummy = run(values, current, check_mode=check_mode)
    assert result['action'] == action and result['check_mode'] is check_mode
    assert result['changed'] is (action != 'unchanged')


def test_generated_argument_spec_carries_each_declaration():
    spec = Thing.module_spec()['argument_spec']
    assert spec['is_active'] == {'type': 'str'} and spec['properties'] == {'type': 'dict'}
    assert spec['favicon'] == {'type': 'path'}
    assert spec['state'] == {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}


class ListingClient:
    """A client whose only read is one page of a scope."""

    def __init__(self, objects):
        self.objects, self.reads = objects, 0

    def page(self, path, query=None):
        self.reads += 1
        return {'results': list(self.objects), 'next': None}


def test_a_scope_answers_from_handed_over_objects_until_it_reads_itself():
    client = ListingClient([{'id': 'b', 'label': 'on-server'}])
    scope = engine.Scope(client, '/roles/')

    def by_label(label):
        return lambda obj: obj.get('label') == label

    handed_over = [{'id': 'a', 'label': 'handed-over'}]
    assert scope.search(by_label('handed-over'), None, known=handed_over) == handed_over and client.reads == 0
    assert scope.search(by_label('on-server'), None, known=handed_over) == [{'id': 'b', 'label': 'on-server'}]
    assert client.reads == 1
    # Once read, the scope's own read is the answer: fresher than what an earlier task handed over.
    assert scope.search(by_label('handed-over'), None, known=handed_over) == [] and client.reads == 1
