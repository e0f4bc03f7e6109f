# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's playbooks as AWX runs them: through ansible-runner, with only the environment
the credential type injects, the tenants as extra variables, and the result read from the events.

Each test gets a fresh emulator account; its token reaches the jobs through the credential type
file alone, so a wrong injector fails here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import threading

import ansible_runner
import yaml

from conftest import SCAN_SUMMARIES, awx_inject, secret_scan

# A job that has not finished after this many seconds is stopped (status "timeout"), not waited for.
JOB_TIMEOUT = 600
LOCALHOST = {'all': {'hosts': {'localhost': {
    'ansible_connection': 'local',
    'ansible_python_interpreter': '{{ ansible_playbook_python }}',
}}}}
EXAMPLE_STATE = {
    'organizations': ['acme', 'globex', 'initech'],
    'roles': ['device-writer', 'read-only'],
    'tokens': {'acme': ['dashboards', 'gateway', 'reports'], 'globex': ['dashboards', 'gateway'],
               'initech': ['billing', 'dashboards', 'meters']},
}


class Job(object):
    """One finished ansible-runner job: status, rc, events and what it left on disk."""

    def __init__(self, runner, private_data_dir):
        self.status = runner.status
        self.rc = runner.rc
        self.events = sorted(runner.events, key=lambda event: event['counter'])
        self.stdout = runner.stdout.read()
        self.private_data_dir = private_data_dir

    def of(self, kind):
        return [event for event in self.events if event['event'] == kind]

    def stats(self):
        found = self.of('playbook_on_stats')
        assert len(found) == 1, 'expected one playbook_on_stats event'
        return found[0]['event_data']

    def changed(self, host='localhost'):
        return self.stats()['changed'].get(host, 0)

    def describe(self):
        return 'status %s, rc %s; output:\n%s' % (self.status, self.rc, self.stdout[-6000:])

    def assert_no_secret(self, account, label, trees=()):
        """Neither events nor output nor any file the job left (nor the folders in TREES, nor the
        emulator's request log) holds any secret the emulator knows, in any encoding
        (tests/tools/secret_scan.py); the count of secrets checked is printed at the end.

        ansible-runner's own record of the command (artifacts/<ident>/command) lists the
        environment it was given, token included, as AWX's job does inside its short-lived
        container; that file alone is left out.
        """
        secrets = secret_scan.emulator_secrets(account.url)
        own = [secret for secret in secrets if secret.account == account.account]
        texts = {'stdout': self.stdout, 'events': json.dumps(self.events, indent=0, sort_keys=True, default=str)}
        files, key_dirs = [], []
        for root in [self.private_data_dir] + [str(tree) for tree in trees]:
            found, keys = secret_scan.walk(root, key_dir_names=('keys',))
            files += [path for path in found if not (
                os.path.basename(path) == 'command' and os.path.basename(os.path.dirname(os.path.dirname(path))) == 'artifacts')]
            key_dirs += keys
        requests = secret_scan.emulator_requests(account.url)
        report = secret_scan.scan_run('%s (job %s)' % (label, os.path.basename(self.private_data_dir)), secrets, texts, files,
                                      key_dirs, requests, own, required=('stdout', 'events'))
        made = secret_scan.token_posts(requests, account.account)
        listed = len([secret for secret in own if secret.kind == 'token_key'])
        if listed < made:
            report.problems.append('the account created %d tokens, the emulator lists %d keys' % (made, listed))
        SCAN_SUMMARIES.append(report.summary())
        assert report.ok, '\n'.join([report.summary()] + report.details())


def run_job(make_project, playbook, envvars, extravars, inventory=None, cmdline=None, limit=None):
    private_data_dir = make_project()
    if inventory is None:
        inventory = LOCALHOST
    runner = ansible_runner.run(
        private_data_dir=private_data_dir, playbook=playbook, inventory=inventory, envvars=envvars,
        extravars=extravars, cmdline=cmdline, limit=limit, quiet=True, suppress_env_files=True, timeout=JOB_TIMEOUT)
    return Job(runner, private_data_dir)


def example_tenants(collection_dir):
    """The example tenants as extra vars, with a key directory in the job's project folder, where the generated
    passwords of the new users go (as a job would keep them in a mounted folder)."""
    with open(os.path.join(collection_dir, 'playbooks', 'examples', 'tenants.yml')) as handle:
        return dict(yaml.safe_load(handle), ubidots_key_dir='keys')


def test_bootstrap_job_twice(collection_dir, credential_type, account, awx_job_environment, project):
    envvars = awx_inject(credential_type, {'api_token': account.token, 'api_url': account.url})
    tenants = example_tenants(collection_dir)

    first = run_job(project, 'playbooks/bootstrap.yml', envvars, tenants)
    assert (first.status, first.rc) == ('successful', 0), first.describe()
    assert first.stats()['failures'] == {} and first.stats()['dark'] == {}
    assert first.changed() > 0
    assert len(first.of('runner_on_ok')) > 0
    assert not first.of('runner_on_failed') and not first.of('runner_item_on_failed')
    organizations = [event['event_data']['res'] for event in first.of('runner_item_on_ok')
                     if event['event_data'].get('resolved_action') == 'ubidots.cloud.ubidots_organization']
    assert sorted(res['item']['label'] for res in organizations) == EXAMPLE_STATE['organizations']
    assert all(res['changed'] for res in organizations)
    assert account.state() == EXAMPLE_STATE
    assert len(account.writes()) == 19  # 2 roles, 3 organizations, 8 tokens, 1 user role, 2 users, 3 memberships
    first.assert_no_secret(account, 'bootstrap')

    second = run_job(project, 'playbooks/bootstrap.yml', envvars, tenants)
    assert (second.status, second.rc) == ('successful', 0), second.describe()
    assert second.changed() == 0, second.describe()
    assert second.stats()['ok']['localhost'] > 0
    assert account.writes() == []
    assert account.state() == EXAMPLE_STATE
    second.assert_no_secret(account, 'bootstrap again')


def test_drift_report_check_job(collection_dir, credential_type, account, awx_job_environment, project, tmp_path):
    """A job template of job type "Check" on drift_report.yml: passes on a matching account and
    fails, with the difference in the failed event, after an edit by hand."""
    envvars = awx_inject(credential_type, {'api_token': account.token, 'api_url': account.url})
    tenants = example_tenants(collection_dir)
    bootstrap = run_job(project, 'playbooks/bootstrap.yml', envvars, tenants)
    assert bootstrap.status == 'successful', bootstrap.describe()
    account.writes()

    # The tenants file by a path relative to the project, where AWX runs the job.
    report = {'ubidots_tenants_file': 'playbooks/examples/tenants.yml', 'ubidots_drift_report_dir': str(tmp_path / 'report')}
    clean = run_job(project, 'playbooks/drift_report.yml', envvars, report, cmdline='--check')
    assert (clean.status, clean.rc) == ('successful', 0), clean.describe()
    with open(str(tmp_path / 'report' / 'drift.json')) as handle:
        assert json.load(handle)['rows'] == []
    assert account.writes() == []
    clean.assert_no_secret(account, 'drift report, clean', [tmp_path])

    account.api('PATCH', '/organizations/~globex/', {'description': 'edited by hand'})
    account.writes()
    drifted = run_job(project, 'playbooks/drift_report.yml', envvars, report, cmdline='--check')
    assert (drifted.status, drifted.rc) == ('failed', 2), drifted.describe()
    failed = drifted.of('runner_on_failed')
    assert [event['event_data']['task'] for event in failed] == ['Fail when the account drifted from the tenants file']
    assert 'Drift: 1 difference(s)' in failed[0]['event_data']['res']['msg']
    assert drifted.stats()['failures'] == {'localhost': 1}
    assert account.writes() == []
    drifted.assert_no_secret(account, 'drift report, drifted', [tmp_path])


def test_sliced_estate(collection_dir, credential_type, account, awx_job_environment, project):
    """Job slicing: two jobs at once, each with its share of the one-tenant-per-host inventory,
    both ensuring the shared API roles; then both again, with nothing left to change."""
    envvars = awx_inject(credential_type, {'api_token': account.token, 'api_url': account.url})
    slices = ['acme:initech', 'globex']

    def run_slices():
        jobs = {}

        def one(limit):
            private_data_dir = project()
            inventory = os.path.join(private_data_dir, 'project', 'playbooks', 'examples', 'estate', 'hosts.yml')
            runner = ansible_runner.run(
                private_data_dir=private_data_dir, playbook='playbooks/bootstrap.yml', inventory=inventory,
                envvars=envvars, extravars={'ubidots_hosts': 'tenants'}, limit=limit, forks=5, quiet=True,
                suppress_env_files=True, timeout=JOB_TIMEOUT)
            jobs[limit] = Job(runner, private_data_dir)

        threads = [threading.Thread(target=one, args=(limit,)) for limit in slices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return jobs

    first = run_slices()
    for limit, job in first.items():
        assert (job.status, job.rc) == ('successful', 0), '%s: %s' % (limit, job.describe())
        assert sorted(job.stats()['ok']) == sorted(limit.split(':'))
        job.assert_no_secret(account, 'sliced estate %s' % limit)
    state = account.state()
    assert state['organizations'] == ['acme', 'globex', 'initech']
    assert state['roles'] == ['device-writer', 'read-only']
    assert state['tokens'] == {'acme': ['dashboards', 'gateway'], 'globex': ['dashboards', 'gateway'],
                               'initech': ['billing', 'dashboards', 'meters']}
    account.writes()

    again = run_slices()
    for limit, job in again.items():
        assert (job.status, job.rc) == ('successful', 0), '%s: %s' % (limit, job.describe())
        assert sum(job.stats()['changed'].values()) == 0, job.describe()
    assert account.writes() == []
