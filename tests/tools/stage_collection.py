"""Copy the git-visible files of the collection into DEST.

ansible-test only runs from a real ``ansible_collections/<ns>/<name>`` directory,
so tests run on a fresh copy of exactly what git would ship.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess
import sys


def git_visible_files(repo):
    out = subprocess.check_output(
        ['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=repo)
    return sorted(set(p for p in out.decode('utf-8').split('\0') if p))


def stage(repo, dest):
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    for rel in git_visible_files(repo):
        src = os.path.join(repo, rel)
        if not os.path.isfile(src):
            continue  # deleted in the work tree but still in the index
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(src, target)
    # The copy lives inside our own work tree, where git ignores it; ansible-test asks git which
    # files a collection has, so the copy gets a repository of its own that lists exactly them.
    subprocess.check_call(['git', 'init', '--quiet', dest])
    subprocess.check_call(['git', 'add', '--all'], cwd=dest)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: stage_collection.py DEST')
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    stage(repo, os.path.abspath(sys.argv[1]))


if __name__ == '__main__':
    main()
