# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check an execution-environment build context made by ``ansible-builder create``.

usage: check_ee_context.py CONTEXT_DIR COLLECTION_DIR SCRATCH_DIR

Without a container engine the image cannot be built, so the two build stages that matter for
the collection are replayed here, with the scripts and files of the context itself:

1. the Containerfile installs the collections of ``_build/requirements.yml`` with ansible-galaxy,
   runs ``introspect.py`` on them and installs what it finds, with the pinned ansible-core and
   ansible-runner;
2. ``_build/requirements.yml`` names the ubidots.cloud tarball of the context, at the version of
   the staged collection;
3. ``ansible-galaxy collection install -r requirements.yml`` from ``_build`` (as the galaxy stage
   does) installs it, and the context's ``introspect.py`` (as the builder stage does) lists every
   line of the collection's requirements.txt, ``requests`` among them, for ubidots.cloud.

Exit status 1 with one line per failed check.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import subprocess
import sys
import tarfile

import yaml

# The third-party packages the modules import; each must reach the image.
MODULE_IMPORTS = ['requests']


def requirement_lines(path):
    """The requirement lines of a pip requirements file, without comments."""
    lines = []
    with open(path) as handle:
        for line in handle:
            line = re.sub(r'(^|\s+)#.*$', '', line).strip()
            if line:
                lines.append(line)
    return lines


def requirement_name(line):
    return re.split(r'[<>=!~;\[\s]', line, maxsplit=1)[0].lower()


class Checks(object):
    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        print('ee: %s %s' % ('ok  ' if condition else 'FAIL', message))
        if not condition:
            self.failures.append(message)
        return condition


def check_containerfile(checks, context):
    path = os.path.join(context, 'Containerfile')
    if not checks.check(os.path.isfile(path), 'the context has a Containerfile'):
        return
    with open(path) as handle:
        text = handle.read()
    checks.check(re.search(r'ansible-galaxy collection install .*-r requirements\.yml', text) is not None,
                 'the Containerfile installs the collections of requirements.yml')
    checks.check(re.search(r'introspect\.py introspect .*--write-pip=', text) is not None,
                 'the Containerfile collects the collections\' Python requirements with introspect.py')
    checks.check(re.search(r'ANSIBLE_INSTALL_REFS="ansible-core==[0-9.]+ ansible-runner==[0-9.]+"', text) is not None,
                 'the Containerfile installs a pinned ansible-core and ansible-runner')


def collection_tarball(checks, build_dir, version):
    """The path of the ubidots.cloud tarball that requirements.yml names, or None."""
    with open(os.path.join(build_dir, 'requirements.yml')) as handle:
        wanted = yaml.safe_load(handle) or {}
    files = [c['name'] for c in wanted.get('collections', []) if isinstance(c, dict) and c.get('type') == 'file']
    if not checks.check(len(files) == 1, '_build/requirements.yml names one collection tarball (%s)' % ', '.join(files)):
        return None
    path = os.path.join(build_dir, files[0])
    if not checks.check(os.path.isfile(path), 'the tarball %s is in the context' % files[0]):
        return None
    with tarfile.open(path) as archive:
        manifest = json.load(archive.extractfile('MANIFEST.json'))['collection_info']
    found = '%s.%s %s' % (manifest['namespace'], manifest['name'], manifest['version'])
    if not checks.check(found == 'ubidots.cloud %s' % version, 'the tarball holds ubidots.cloud %s (found %s)' % (version, found)):
        return None
    return path


def introspect(checks, context, build_dir, scratch):
    """Replay the galaxy and builder stages; return the introspected Python requirements."""
    collections = os.path.join(scratch, 'collections')
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1', ANSIBLE_NOCOLOR='1')
    install = subprocess.run(
        ['ansible-galaxy', 'collection', 'install', '--offline', '--force', '-r', 'requirements.yml', '-p', collections],
        cwd=build_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    print(install.stdout.rstrip())
    if not checks.check(install.returncode == 0, 'ansible-galaxy installs the context\'s requirements.yml from _build'):
        return None
    pip_file = os.path.join(scratch, 'requirements.txt')
    bindep_file = os.path.join(scratch, 'bindep.txt')
    run = subprocess.run(
        [sys.executable, os.path.join(build_dir, 'scripts', 'introspect.py'), 'introspect', collections,
         '--write-pip=%s' % pip_file, '--write-bindep=%s' % bindep_file],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    print(run.stdout.rstrip())
    if not checks.check(run.returncode == 0, 'the context\'s introspect.py reads the installed collection'):
        return None
    data = yaml.safe_load(run.stdout) or {}
    written = requirement_lines(pip_file) if os.path.isfile(pip_file) else []
    checks.check(not os.path.exists(bindep_file), 'no system packages are asked for (no bindep.txt)')
    return data.get('python') or [], written


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: check_ee_context.py CONTEXT_DIR COLLECTION_DIR SCRATCH_DIR')
    context, collection_dir, scratch = [os.path.abspath(arg) for arg in sys.argv[1:]]
    build_dir = os.path.join(context, '_build')
    checks = Checks()

    with open(os.path.join(collection_dir, 'galaxy.yml')) as handle:
        version = yaml.safe_load(handle)['version']
    own = requirement_lines(os.path.join(collection_dir, 'requirements.txt'))
    checks.check(set(MODULE_IMPORTS) <= set(requirement_name(line) for line in own),
                 'requirements.txt lists what the modules import (%s): %s' % (', '.join(MODULE_IMPORTS), '; '.join(own)))

    check_containerfile(checks, context)
    if collection_tarball(checks, build_dir, version):
        found = introspect(checks, context, build_dir, scratch)
        if found is not None:
            listed, written = found
            for line in own:
                annotated = '%s  # from collection ubidots.cloud' % line
                checks.check(annotated in listed, 'introspect lists "%s" for ubidots.cloud' % line)
                checks.check(line in written, 'the pip requirements the image installs hold "%s"' % line)

    if checks.failures:
        print('ee: %d check(s) failed' % len(checks.failures))
        sys.exit(1)
    print('ee: the build context installs ubidots.cloud %s with its Python requirements' % version)


if __name__ == '__main__':
    main()
