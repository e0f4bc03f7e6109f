# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sets one ubidots_organization task reconciles after the organization itself: its tokens and its members.

A set is declared on the organization as ``(option, class)``; it takes part only when its option is given (and
never with state=absent, where the organization takes its tokens and memberships with it). A set class is made
with ``(task, organization label, organization_created)`` and has:

* ``validate()``: its items, before any request (raise InputError);
* ``check_against(current)``: after the organization's lookup and before any write (``current`` is None when the
  task creates it, or would in check mode); raise InputError to stop before the first write;
* ``created``: set once the organization is reconciled, true when this task created it (nothing to read then);
* ``reconcile()``: its writes, returning its result keys plus ``changed`` and ``diff`` ({before, after}, shown in
  the organization's diff under the option's name); raise Failure with the result keys of what it did so far.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.module_utils.client import UbidotsError, redact
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import (
    CREATED, UNCHANGED, UPDATED, Failure, InputError, run_resource)


class WithSets:
    """Mixed into the organization's Resource (before it): ``item_sets`` declares its sets, in the order they run."""

    item_sets = ()   # ((option, set class), ...)
    active = ()      # ((option, set), ...) of this task

    @classmethod
    def execute(cls, task):
        return run_with_sets(task, cls)

    def check_against(self, current):
        for dummy, item_set in self.active:
            item_set.check_against(current)


def run_with_sets(task, organization_class):
    """The organization, then each of its sets that the task gives, in one task and one result."""
    organization = organization_class(task)
    if task.params['state'] != 'absent':
        organization.active = [(option, set_class(task, organization.key(), organization_created=False))
                               for option, set_class in organization.item_sets if task.params[option] is not None]
    try:
        for dummy, item_set in organization.active:
            item_set.validate()
    except InputError as exc:
        raise Failure(redact(str(exc)))
    result = run_resource(organization)
    if organization.active:
        result['organization_action'] = result['action']  # its own; ``action`` says updated when only a set changed
    for option, item_set in organization.active:
        item_set.created = result['action'] == CREATED
        try:
            outcome = item_set.reconcile()
        except Failure as failure:
            raise Failure(failure.msg, **dict(result, **failure.result))
        except (InputError, UbidotsError) as exc:  # e.g. a re-read after a creation race: the organization is done
            raise Failure(redact(str(exc)), **result)
        merge(result, option, outcome)
    return result


def merge(result, option, outcome):
    """A set's outcome into the organization's result: its keys, its change, its diff under ``option``."""
    outcome = dict(outcome)
    changed, diff = outcome.pop('changed'), outcome.pop('diff')
    result.update(outcome)
    result['changed'] = result['changed'] or changed
    if changed and result['action'] == UNCHANGED:
        result['action'] = UPDATED  # the organization's tokens or members changed
    if 'diff' in result:
        for side in ('before', 'after'):
            result['diff'][side] = dict(result['diff'][side], **{option: diff[side]})
