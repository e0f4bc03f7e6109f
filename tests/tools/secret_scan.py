# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Search ansible output and logs for tokens and keys.

usage: secret_scan.py FILE...

A key may appear only in the output of the one task that created it: a task whose name ends with
CREATOR_MARK (tests/integration/targets/module_results_secret_scan). Anywhere else, and a key in more
than one task's output, is a leak. Prints one summary line (and the leaks, masked); exits 1 on a leak or
when the files hold no task at all.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import sys

SECRET = re.compile(r'BBFF-[A-Za-z0-9]{30}')
TASK = re.compile(r'TASK \[(?:[^\]]*? : )?(?P<name>[^\]]*)\] \*')
CREATOR_MARK = '(result holds the new key)'


def scan(paths):
    """(tasks seen, lines with a secret in a creating task, leaks as (where, masked line))."""
    tasks = 0
    allowed_lines = 0
    leaks = []
    homes = {}  # secret -> the (file, task number) of the creating task whose output holds it
    for path in paths:
        task, number = None, 0
        with open(path, errors='replace') as handle:
            for line_number, line in enumerate(handle, 1):
                header = TASK.search(line)
                if header:
                    task, number = header.group('name'), number + 1
                    tasks += 1
                found = SECRET.findall(line)
                if not found:
                    continue
                where = '%s:%d (task %r)' % (path, line_number, task)
                masked = SECRET.sub('BBFF-<LEAKED>', line.strip())[:200]
                if task is None or not task.endswith(CREATOR_MARK):
                    leaks.append((where, masked))
                    continue
                allowed_lines += 1
                for secret in found:
                    home = homes.setdefault((path, secret), number)
                    if home != number:
                        leaks.append((where + ', a key also shown by an earlier task', masked))
    return tasks, allowed_lines, leaks


def main(paths):
    tasks, allowed_lines, leaks = scan(paths)
    lines = sum(1 for path in paths for dummy in open(path, errors='replace'))
    print('secret scan: %d tasks at -vvvv --diff, %d lines of output and log: %d lines with a token or key outside '
          'the result of the task that created it (%d lines in creating tasks)' % (tasks, lines, len(leaks), allowed_lines))
    for where, masked in leaks[:40]:
        print('%s: %s' % (where, masked))
    return 1 if leaks or tasks == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
