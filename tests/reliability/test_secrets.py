# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets: every playbook scenario at -vvvv --diff with an Ansible log file and the key directory on.

The output, the log and every report are searched for the admin token, for every key the emulator
handed out (read back through the API after each step) and for anything shaped like a token; the
only place a key may be is a key file, and key files are mode 0600 in a 0700 folder.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import checks
import harness
import scenario
import servers

VERBOSE = ['-vvvv', '--diff']


class Scan:
    """Everything the scenarios printed or wrote, and every secret they could have leaked."""

    def __init__(self, emulator, ansible, tmp_path, case_scan):
        self.case_scan = case_scan
        self.emulator = emulator
        self.ansible = ansible
        self.tmp_path = tmp_path
        self.texts = {}
        self.secrets = set([emulator.token])
        self.steps = []

    def run(self, step, playbook, extra_vars, args=(), expect_rc=(0,), **kwargs):
        run = self.ansible.playbook(self.ansible.collection_file(playbook), self.emulator, extra_vars=extra_vars,
                                    args=VERBOSE + list(args), name=step, **kwargs)
        assert run.returncode in expect_rc, '%s: exit code %d, expected %s:\n%s' % (step, run.returncode, expect_rc, run.tail())
        self.texts['%s output' % step] = run.output
        self.texts['%s Ansible log' % step] = run.log_text
        assert run.log_text, '%s wrote no Ansible log' % step
        self.steps.append(step)
        return run

    def collect_keys(self):
        for keys in self.emulator.token_keys().values():
            self.secrets.update(key for key in keys if key)

    def add_secret(self, value):
        """A secret the emulator never issued (a wrong token): searched for here and by the case's scan."""
        self.secrets.add(value)
        self.case_scan.add_secret(value)

    def add_files(self, folder, label):
        for name, text in harness.read_tree(folder).items():
            self.texts['%s/%s' % (label, name)] = text

    def leaks(self):
        """[(where, line, secret, encoding)] for every text that holds a secret in any encoding the scan knows
        (tests/tools/secret_scan.py), or anything shaped like a token."""
        scanner = harness.secret_scan.Scanner([harness.secret_scan.Secret('-', 'admin_token', value) for value in sorted(self.secrets)])
        return [tuple(leak) for where, text in sorted(self.texts.items()) for leak in scanner.scan(where, text)]


def assert_scan_clean(scan, key_dir, labels):
    leaks = scan.leaks()
    assert leaks == [], 'secrets printed or written outside the key files: %s' % leaks
    # The search can see: the same search finds every key in the key files.
    in_key_files = harness.scan_for_secrets(scan.secrets, harness.read_tree(key_dir))
    assert len(in_key_files) == len(labels), 'the search does not find the keys in the key files: %s' % in_key_files


def test_bootstrap_check_mode_and_rotation_at_vvvv_diff_print_no_secret(emulators, ansible, tmp_path, note, case_scan):
    emulator = emulators()
    scan = Scan(emulator, ansible, tmp_path, case_scan)
    key_dir = str(tmp_path / 'keys')
    labels = scenario.labels('sec', 2)
    names = scenario.expected_token_names(labels)
    # The admin token travels as a role variable here (module_defaults -> api_token), not only in the environment.
    with_token = dict(scenario.bootstrap_vars(key_dir, labels), ubidots_api_token=emulator.token)

    scan.run('bootstrap', 'playbooks/bootstrap.yml', with_token)
    scan.collect_keys()
    checks.assert_key_files(emulator, key_dir, names)
    scan.run('bootstrap-again', 'playbooks/bootstrap.yml', with_token)
    scan.run('bootstrap-check-mode', 'playbooks/bootstrap.yml', with_token, args=['--check'])
    scan.run('regenerate', 'playbooks/bootstrap.yml', dict(with_token, **scenario.bootstrap_vars(key_dir, labels, rotate=labels)))
    scan.collect_keys()
    live = checks.assert_key_files(emulator, key_dir, names)

    assert_scan_clean(scan, key_dir, labels)
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in scan.texts['bootstrap output'], 'no module invocation at -vvvv'
    assert '"diff": {' in scan.texts['regenerate output'], 'no diff printed'
    note('%d runs (%s) at -vvvv --diff and their Ansible logs searched for the admin token (given as a role variable) '
         'and the %d keys issued: 0 found; the %d live keys only in key files, mode 0600, folder 0700' % (
             len(scan.steps), ', '.join(scan.steps), len(scan.secrets) - 1, len(live)))


def test_drift_report_and_teardown_at_vvvv_diff_print_no_secret(emulators, ansible, tmp_path, note, case_scan):
    emulator = emulators()
    scan = Scan(emulator, ansible, tmp_path, case_scan)
    key_dir = str(tmp_path / 'keys')
    labels = scenario.labels('sec', 2)
    for label in labels:
        checks.existing_tenant(emulator, key_dir, label)
    scan.collect_keys()

    report_dir = str(tmp_path / 'drift')
    drift_vars = dict(scenario.bootstrap_vars(key_dir, labels), ubidots_drift_report_dir=report_dir)
    scan.run('drift-none', 'playbooks/drift_report.yml', drift_vars)
    org = emulator.api_list('v2.0/organizations/')[0]
    token = emulator.api_list('v2.0/organizations/%s/tokens/' % org['id'])[0]
    changed = emulator.api('PATCH', 'v2.0/organizations/%s/tokens/%s/' % (org['id'], token['id']),
                           json={'rateLimit': 10, 'rateLimitWindow': 300})
    assert changed.status_code == 200, harness.mask(changed.text)
    drift = scan.run('drift-found', 'playbooks/drift_report.yml', drift_vars, expect_rc=(2,))
    assert re.search(r'Drift: \d+ difference', drift.output), 'the drift report found no drift:\n%s' % drift.tail()
    scan.add_files(report_dir, 'drift report')
    assert any(name.startswith('drift report/') for name in scan.texts), 'no drift report file was written'

    teardown_vars = dict(scenario.bootstrap_vars(key_dir, labels), ubidots_teardown_unused_roles=True)
    scan.run('teardown-unconfirmed', 'playbooks/teardown.yml', teardown_vars, expect_rc=(2,))
    scan.run('teardown-check-mode', 'playbooks/teardown.yml', dict(teardown_vars, ubidots_teardown_confirm=True), args=['--check'])
    scan.run('teardown', 'playbooks/teardown.yml', dict(teardown_vars, ubidots_teardown_confirm=True))
    emulator.healthy()
    assert emulator.snapshot()['organizations'] == {}, 'teardown left organizations'

    assert_scan_clean(scan, key_dir, labels)
    assert '"diff": {' in scan.texts['teardown output'], 'no diff printed'
    note('%d runs (%s) at -vvvv --diff, their Ansible logs and the drift report files searched for the admin token '
         'and the %d keys: 0 found' % (len(scan.steps), ', '.join(scan.steps), len(scan.secrets) - 1))


def test_failures_print_no_secret(emulators, ansible, tmp_path, note, case_scan):
    """Error paths at -vvvv --diff: a wrong token, a read-only organizational token, an exhausted budget, and servers
    that echo the request headers (the token) back in their answer."""
    emulator = emulators('--fault-rate', '0', '--fault-kinds', '503')
    scan = Scan(emulator, ansible, tmp_path, case_scan)
    key_dir = str(tmp_path / 'keys')
    labels = scenario.labels('fail', 1)
    base = scenario.bootstrap_vars(key_dir, labels)
    scan.run('bootstrap', 'playbooks/bootstrap.yml', base)
    scan.collect_keys()
    org_key = next(iter(scan.secrets - set([emulator.token])))

    wrong = harness.new_token()
    scan.add_secret(wrong)
    scan.run('wrong-token', 'playbooks/bootstrap.yml', dict(base, ubidots_api_token=wrong), expect_rc=(2,))
    scan.run('org-token-as-admin', 'playbooks/bootstrap.yml', dict(base, ubidots_api_token=org_key), expect_rc=(2,))
    emulator.configure(fault_rate=1)
    scan.run('budget-exhausted', 'playbooks/bootstrap.yml', base, expect_rc=(2,), env={'UBIDOTS_REQUEST_TIMEOUT': '2'})
    emulator.healthy()

    echo = servers.echo_server(200)
    echo_error = servers.echo_server(400)
    odd_token = 'not-shaped-like-a-ubidots-token-%s' % harness.new_token()[5:15]
    scan.add_secret(odd_token)
    try:
        for step, url, token in (('echo-200', echo.url, emulator.token), ('echo-400', echo_error.url, emulator.token),
                                 ('echo-odd-token', echo.url, odd_token)):
            scan.run(step, 'playbooks/bootstrap.yml', dict(base, ubidots_api_url=url, ubidots_api_token=token), expect_rc=(2,))
            output = scan.texts['%s output' % step]
            assert 'X-Auth-Token' in output or 'x-auth-token' in output.lower(), '%s: the echoed headers never reached the output' % step
    finally:
        echo.stop()
        echo_error.stop()

    leaks = scan.leaks()
    assert leaks == [], 'secrets printed in failures: %s' % leaks
    note('%d failing runs (%s): 0 secrets in output or log, although two servers echoed the token header back' % (
        len(scan.steps) - 1, ', '.join(scan.steps[1:])))


# --- issue 18: keys only where promised, none left in hostvars ------------------------------------------------
HOSTVARS_PLAY = [{
    'name': 'tenant_bootstrap, then every host variable written to a file',
    'hosts': 'localhost',
    'gather_facts': False,
    'tasks': [{
        'name': 'Run the role',
        'block': [{'name': 'Bootstrap', 'ansible.builtin.include_role': {'name': 'ubidots.cloud.tenant_bootstrap'}}],
        # No rescue: what the role leaves behind after its own failure is what is tested.
        # Every host variable but ansible_failed_task: the definition of the failed task (no result), whose templates
        # ('{{ item.0.label }}') ansible-core 2.19 would evaluate here, outside their loop.
        'always': [{'name': 'Dump hostvars', 'no_log': True, 'ansible.builtin.copy': {
            'content': "{% for name in hostvars[inventory_hostname].keys() | sort if name != 'ansible_failed_task' %}"
                       "{{ name }}: {{ hostvars[inventory_hostname][name] | to_json }}\n{% endfor %}",
            'dest': '{{ dump_file }}', 'mode': '0600'}}],
    }],
}]


def test_no_key_left_in_hostvars_after_tenant_bootstrap(emulators, ansible, tmp_path, note):
    """Issue 18: the token results, the key files read back and the keys collected for them stayed in hostvars after
    the role, on success and on failure. Now no result holds a key (the module writes them to the key file)."""
    import yaml
    emulator = emulators()
    playbook_file = str(tmp_path / 'hostvars.yml')
    with open(playbook_file, 'w') as handle:
        yaml.safe_dump(HOSTVARS_PLAY, handle, sort_keys=False)
    key_dir = str(tmp_path / 'keys')
    seen = []
    # Success: two new tenants. Failure: a third tenant whose token "slow" exists with a 60 s window, so the
    # description's rate_limit 4 (alone) is refused for it by the module, after the tenant's other tokens were created.
    org = emulator.api('POST', 'v2.0/organizations/', json={'label': 'hv-03', 'name': 'HV 3'}).json()
    for role in scenario.ROLES:
        emulator.api('POST', 'v2.0/api_roles/', json={'label': role['label'], 'name': role['name'],
                                                      'permissions': scenario.codenames(role['permissions'])})
    made = emulator.api('POST', 'v2.0/organizations/%s/tokens/' % org['id'],
                        json={'name': 'slow', 'apiRole': '~rel-reader', 'rateLimit': 30, 'rateLimitWindow': 60})
    assert made.status_code == 201, harness.mask(made.text)
    failing = scenario.tenant('hv-03')
    failing['name'] = 'HV 3'
    failing['tokens'] = [dict(t) for t in failing['tokens']] + [{'name': 'slow', 'role': 'rel-reader', 'rate_limit': 4}]
    cases = (('success', scenario.bootstrap_vars(key_dir, scenario.labels('hv', 2)), 0),
             ('failure', dict(scenario.bootstrap_vars(key_dir, []), ubidots_tenants=[failing]), 2))
    for case, extra_vars, expected_rc in cases:
        dump_file = str(tmp_path / ('hostvars-%s.json' % case))
        run = ansible.playbook(playbook_file, emulator, extra_vars=dict(extra_vars, dump_file=dump_file), name='hostvars-' + case)
        assert run.returncode == expected_rc, '%s: exit code %d:\n%s' % (case, run.returncode, run.tail())
        keys = set(key for keys in emulator.token_keys().values() for key in keys if key)
        with open(dump_file) as handle:
            dump = handle.read()
        assert '__tenant_bootstrap_orgs: ' in dump and 'ubidots_tenants: ' in dump, 'not a hostvars dump'
        if case == 'failure':  # the failed task's registered result, with the keys of the tokens made before it
            assert 'rate_limit=4 is not allowed' in dump, run.tail()
            with open(os.path.join(key_dir, 'hv-03.yml')) as handle:
                assert sorted(yaml.safe_load(handle)) == ['backup', 'dashboard', 'gateway'], 'keys made before the failure'
        leaked = harness.scan_for_secrets(keys, {'hostvars after the role (%s)' % case: dump})
        assert leaked == [], 'keys left in hostvars after the role (%s): %s' % (case, leaked)
        seen.append('%s (%d keys issued, exit %d)' % (case, len(keys), run.returncode))
    note('hostvars dumped after the role, searched for every key issued: 0 found; %s' % ', '.join(seen))


RESULTS_PLAY = [{
    'name': 'Every module with its result registered, no no_log',
    'hosts': 'localhost',
    'gather_facts': False,
    'module_defaults': {'group/ubidots.cloud.ubidots': {}},
    'tasks': [
        {'name': 'Organization', 'ubidots.cloud.ubidots_organization': {'label': 'res-01'}, 'register': 'org'},
        {'name': 'Role', 'register': 'role', 'ubidots.cloud.ubidots_org_role': {
            'name': 'Res reader', 'label': 'res-reader', 'permissions': {'devices': ['read']}}},
        {'name': 'CREATOR token', 'ubidots.cloud.ubidots_org_token': {'organization': 'res-01', 'name': 'gw', 'role': 'res-reader'},
         'register': 'created', 'no_log': True},
        {'name': 'Token unchanged', 'ubidots.cloud.ubidots_org_token': {'organization': 'res-01', 'name': 'gw', 'role': 'res-reader'},
         'register': 'unchanged'},
        {'name': 'Token updated', 'ubidots.cloud.ubidots_org_token': {'organization': 'res-01', 'name': 'gw', 'rate_limit': 2},
         'register': 'updated'},
        {'name': 'Token in check mode', 'ubidots.cloud.ubidots_org_token': {'organization': 'res-01', 'name': 'gw', 'rate_limit': 1},
         'check_mode': True, 'register': 'predicted'},
        {'name': 'Token list', 'ubidots.cloud.ubidots_org_token_info': {'organization': 'res-01'}, 'register': 'listed'},
        {'name': 'Show every registered result', 'ansible.builtin.debug': {
            'msg': '{{ [org, role, unchanged, updated, predicted, listed] }}'}},
    ],
}]


def test_token_results_hold_a_key_only_where_it_was_created(emulators, ansible, tmp_path, note):
    """Issue 18: an unchanged token's result carried its live key whenever the API shows keys (the emulator's default),
    so any ubidots_org_token task without no_log printed it at -v."""
    import yaml
    emulator = emulators()
    playbook_file = str(tmp_path / 'results.yml')
    with open(playbook_file, 'w') as handle:
        yaml.safe_dump(RESULTS_PLAY, handle, sort_keys=False)
    run = ansible.playbook(playbook_file, emulator, args=VERBOSE, name='results')
    checks.assert_run_ok(run, 'module results play')
    keys = set(key for keys in emulator.token_keys().values() for key in keys if key)
    assert len(keys) == 1, 'the play made %d keys' % len(keys)
    leaked = harness.scan_for_secrets(keys, {'output': run.output, 'Ansible log': run.log_text})
    assert leaked == [], 'a key in the results of tasks that did not create it: %s' % leaked
    assert 'key_fingerprint' in run.output, 'no token result printed'
    note('ubidots_org_token unchanged, updated, in check mode, and _info, registered without no_log and printed at -vvvv: '
         '0 keys (the creating task, with no_log, is the only one that had it)')
