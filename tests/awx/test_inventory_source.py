# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin as an AWX inventory source, then the per-host playbooks on what it found.

An inventory source "Sourced from a Project" with the collection's example file
(playbooks/examples/inventory/organizations.ubidots.yml and its group_vars) and the Ubidots API
credential runs ``ansible-inventory --list --export`` with the credential's environment, here through
ansible-runner. AWX then hands every job the imported inventory as a script that prints the same JSON;
the jobs here get exactly that: the bootstrap in two slices at once (job slicing), then the drift report.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import stat
import sys
import threading

import ansible_runner

from conftest import awx_inject, secret_scan
from test_runner_jobs import JOB_TIMEOUT, Job

ORGANIZATIONS = ('acme', 'globex', 'hooli', 'initech')


def plain(value):
    """The JSON without the ``__ansible_unsafe`` wrappers ansible-core 2.19 puts around untrusted strings."""
    if isinstance(value, dict):
        if list(value) == ['__ansible_unsafe']:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def inventory_update(project, envvars):
    """(inventory JSON, runner's error text, private data dir) of one inventory source update."""
    private_data_dir = project()
    source = os.path.join(private_data_dir, 'project', 'playbooks', 'examples', 'inventory', 'organizations.ubidots.yml')
    response, error = ansible_runner.get_inventory(
        'list', [source], response_format='json', export=True, envvars=envvars, private_data_dir=private_data_dir,
        quiet=True, suppress_env_files=True, timeout=JOB_TIMEOUT)
    return response, error, private_data_dir


def awx_script_inventory(folder, imported):
    """An executable inventory script that prints the imported JSON, as AWX gives a job its inventory."""
    with open(os.path.join(folder, 'awx_inventory.json'), 'w') as handle:
        json.dump(imported, handle)
    path = os.path.join(folder, 'awx_inventory.py')
    with open(path, 'w') as handle:
        handle.write('#!%s\nimport json, os, sys\n'
                     'with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "awx_inventory.json")) as f:\n'
                     '    data = json.load(f)\n'
                     'print(json.dumps(data if "--list" in sys.argv else {}))\n' % sys.executable)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def requests_of(account):
    """Every request of this account's token since the last call; empties the log."""
    log = account._call('GET', '/_emulator/requests', token=None)['requests']
    account._call('DELETE', '/_emulator/requests', token=None)
    return [(entry['method'], entry['path'], entry['status']) for entry in log if entry['account'] == account.account]


def secrets_in(text, account):
    """Every secret the emulator handed out (tests/tools/secret_scan.py: any encoding, or a piece) found in ``text``."""
    return secret_scan.Scanner(secret_scan.emulator_secrets(account.url)).scan('text', text)


def files_with_secrets(folder, account):
    """Files under ``folder`` holding a secret (ansible-runner's record of its command excepted)."""
    found = []
    for where, dummy, files in os.walk(folder):
        for name in files:
            path = os.path.join(where, name)
            if name == 'command' and os.path.basename(os.path.dirname(where)) == 'artifacts':
                continue
            with open(path, errors='replace') as handle:
                if secrets_in(handle.read(), account):
                    found.append(path)
    return found


def test_inventory_source_then_sliced_jobs(credential_type, account, awx_job_environment, project):
    for label in ORGANIZATIONS:
        fields = {'label': label}
        if label == 'globex':
            fields['isActive'] = False
        if label == 'acme':
            fields.update(app='~my_application', properties={'tier': 'gold'})
        account.api('POST', '/organizations/', fields)
    account.writes()
    envvars = awx_inject(credential_type, {'api_token': account.token, 'api_url': account.url})

    response, error, source_dir = inventory_update(project, envvars)
    assert isinstance(response, dict), 'no inventory: %s' % error[-3000:]
    imported = plain(response)
    hostvars = imported['_meta']['hostvars']
    assert sorted(imported['ubidots_organizations']['hosts']) == list(ORGANIZATIONS)
    assert sorted(imported['ubidots_inactive']['hosts']) == ['globex']
    assert imported['ubidots_app_my_application']['hosts'] == ['acme']
    assert imported['tier_gold']['hosts'] == ['acme']
    assert hostvars['acme']['ansible_connection'] == 'local'
    assert hostvars['acme']['ubidots_organization']['label'] == 'acme'
    # The example's group_vars come along as group variables, as AWX imports them.
    assert imported['ubidots_organizations']['vars']['ubidots_tenants'][0]['tokens'][0]['name'] == 'monitoring'
    assert not secrets_in(json.dumps(response) + (error or ''), account)
    assert files_with_secrets(source_dir, account) == []
    assert requests_of(account) == [('GET', '/api/v2.0/organizations/', 200)], 'one request for four organizations'

    # Job slicing: slice N of 2 gets every second host, both run at once.
    hosts = sorted(hostvars)
    slices = [':'.join(hosts[0::2]), ':'.join(hosts[1::2])]

    def run_slices(playbook, extravars, limits):
        jobs = {}

        def one(limit):
            private_data_dir = project()
            inventory = awx_script_inventory(private_data_dir, response)
            runner = ansible_runner.run(
                private_data_dir=private_data_dir, playbook=playbook, inventory=inventory, envvars=envvars,
                extravars=dict(extravars, ubidots_hosts='ubidots_organizations'), limit=limit, forks=5, quiet=True,
                suppress_env_files=True, timeout=JOB_TIMEOUT)
            jobs[limit] = Job(runner, private_data_dir)

        threads = [threading.Thread(target=one, args=(limit,)) for limit in limits]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return jobs

    for limit, job in run_slices('playbooks/bootstrap.yml', {}, slices).items():
        assert (job.status, job.rc) == ('successful', 0), '%s: %s' % (limit, job.describe())
        assert sorted(job.stats()['ok']) == sorted(limit.split(':'))
        job.assert_no_secret(account, 'inventory slice %s' % limit)
    state = account.state()
    assert state['roles'] == ['read-only']
    assert state['tokens'] == dict((label, ['monitoring']) for label in ORGANIZATIONS)
    account.writes()

    report_dir = os.path.join(source_dir, 'report')
    job = run_slices('playbooks/drift_report.yml', {'ubidots_drift_report_dir': report_dir}, [None])[None]
    assert (job.status, job.rc) == ('successful', 0), job.describe()
    with open(os.path.join(report_dir, 'drift.json')) as handle:
        report = json.load(handle)
    assert (report['differences'], report['tenants']) == (0, list(ORGANIZATIONS))
    assert account.writes() == []
    job.assert_no_secret(account, 'drift report on the inventory', [report_dir])
