#!/usr/bin/env python3
"""Upstream Nodepool as an oracle: what `nodepool config-validate` and the launcher/builder config loader say.

A long-lived process answering JSON lines on stdin/stdout, so that thousands of configs can be judged per run:

  in:  {"id": 1, "text": "<file contents>", "env": {"NODEPOOL_PORT": "8005"}}
  out: {"id": 1, "verdict": "valid" | "invalid",
        "validate": {"ok": bool, "error": str | null, "line": int | null},
        "load": {"ok": bool, "error": str | null, "line": int | null}}

`validate` runs `nodepool.cmd.config_validator.ConfigValidator(path).validate(env)` (what `nodepool config-validate`
runs); `load` runs `nodepool.config.loadConfig(path, env)` (what the launcher and builder run on every start and
reload). The verdict is `valid` only when both pass: anything either rejects breaks a real deployment.

`line` (1-based) is where the complaint points when Nodepool gives a place: a YAML error's mark, or the node at the
path of a schema (voluptuous) error, found by composing the document with PyYAML. Cross-reference and load errors
name no place; their line is null.

The one stand-in: the OpenStack driver's loader asks openstacksdk for the cloud named by `cloud:` in clouds.yaml,
a deployment secret rather than config. Here every cloud exists (as in Nodepool's own test suite, which ships a
clouds.yaml for its fixtures), so only the config itself is judged.

Run with `--file PATH [ENV=VALUE ...]` to judge one file and print the answer.
"""
import json
import logging
import os
import sys
import tempfile

import voluptuous
import yaml

import nodepool.config
from nodepool.cmd.config_validator import ConfigValidator
from nodepool.driver import ProviderConfig
from openstack.config import loader as os_loader


class _FakeCloudRegion:
    def __init__(self):
        self.config = {'image_format': 'qcow2'}


def _get_one(self, *args, **kwargs):
    return _FakeCloudRegion()


os_loader.OpenStackConfig.get_one = _get_one


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


capture = _Capture()
for name in ('nodepool', 'nodepool.cmd.config_validator'):
    lg = logging.getLogger(name)
    lg.addHandler(capture)
    lg.propagate = False
    lg.setLevel(logging.DEBUG)
logging.getLogger().setLevel(logging.CRITICAL)
sys.setrecursionlimit(3000)


def _node_at(root, path):
    """The deepest composed node along a voluptuous path (keys and indexes); stops where the path leaves it."""
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            # Merges are resolved by the constructor, not the composer: look through `<<` values too.
            stack = [node]
            while stack and nxt is None:
                m = stack.pop(0)
                for k, v in m.value:
                    if k.tag == 'tag:yaml.org,2002:merge':
                        stack.extend([v] if isinstance(v, yaml.MappingNode) else
                                     [x for x in getattr(v, 'value', []) if isinstance(x, yaml.MappingNode)])
                        continue
                    if isinstance(k, yaml.ScalarNode) and k.value == str(step):
                        nxt = (k, v)
            if nxt is None:
                return node
            key, val = nxt
            node = val
            # For a path that ends on a key (extra keys), point at the key.
            node._key = key
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


def _schema_error_line(text, env, validator):
    """Redo config-validate's schema steps to find which part failed and where."""
    try:
        config = yaml.safe_load(nodepool.config.substitute_env_vars(text, env))
        root = yaml.compose(nodepool.config.substitute_env_vars(text, env), Loader=yaml.SafeLoader)
    except Exception:
        return None
    prefix = []
    err = None
    try:
        ConfigValidator.getSchema()(config)
    except voluptuous.MultipleInvalid as e:
        err = e.errors[0]
    except Exception:
        return None
    if err is None:
        common = ProviderConfig.getCommonSchemaDict()
        for i, p in enumerate(config.get('providers', []) or []):
            try:
                nodepool.config.get_provider_config(p).getSchema().extend(common)(p)
            except voluptuous.MultipleInvalid as e:
                err = e.errors[0]
                prefix = ['providers', i]
                break
            except Exception:
                node = _node_at(root, ['providers', i])
                return node.start_mark.line + 1 if node is not None else None
    if err is None or root is None:
        return None
    path = prefix + list(err.path)
    node = _node_at(root, path)
    if node is None:
        return None
    # A missing required key: the path names the key that is not there; the place is its mapping.
    target = getattr(node, '_key', None) if isinstance(err, voluptuous.error.Invalid) and \
        'extra keys' in str(err) else None
    return (target or node).start_mark.line + 1


def judge(text, env):
    fd, path = tempfile.mkstemp(suffix='.yaml', dir=WORKDIR)
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(text)
    try:
        return _judge(path, text, env)
    finally:
        os.unlink(path)


def _judge(path, text, env):
    out = {'validate': {'ok': True, 'error': None, 'line': None},
           'load': {'ok': True, 'error': None, 'line': None}}
    capture.records.clear()
    try:
        rc = ConfigValidator(path).validate(env=env)
    except BaseException as e:  # a crash (KeyError on a label without a name) is a failure too
        rc = 1
        out['validate']['error'] = 'CRASH %s: %s' % (type(e).__name__, e)
    if rc != 0:
        out['validate']['ok'] = False
        errs = [r for r in capture.records if r.levelno >= logging.ERROR]
        if out['validate']['error'] is None and errs:
            r = errs[0]
            msg = r.getMessage()
            exc = r.exc_info[1] if r.exc_info else None
            if exc is not None:
                msg += ' :: %s: %s' % (type(exc).__name__, str(exc).replace('\n', ' '))
                mark = getattr(exc, 'problem_mark', None) or getattr(exc, 'context_mark', None)
                if mark is not None:
                    out['validate']['line'] = mark.line + 1
                elif isinstance(exc, (voluptuous.Invalid, Exception)) and msg.startswith('Schema'):
                    out['validate']['line'] = _schema_error_line(text, env, None)
            out['validate']['error'] = ' | '.join([msg] + [e.getMessage() for e in errs[1:]])
    try:
        nodepool.config.loadConfig(path, env=env)
    except BaseException as e:
        out['load']['ok'] = False
        out['load']['error'] = '%s: %s' % (type(e).__name__, str(e).replace('\n', ' '))
        mark = getattr(e, 'problem_mark', None)
        if mark is not None:
            out['load']['line'] = mark.line + 1
    out['verdict'] = 'valid' if out['validate']['ok'] and out['load']['ok'] else 'invalid'
    return out


WORKDIR = tempfile.mkdtemp(prefix='nodepool-oracle-')


def main():
    if len(sys.argv) > 2 and sys.argv[1] == '--file':
        env = dict(a.split('=', 1) for a in sys.argv[3:])
        with open(sys.argv[2], encoding='utf-8') as f:
            print(json.dumps(judge(f.read(), env), indent=1))
        return
    # Import every driver once before answering (each imports its cloud SDK; slow the first time).
    from nodepool.driver import Drivers
    Drivers.get('openstack')
    sys.stdout.write(json.dumps({'ready': True}) + '\n')
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            res = judge(req['text'], req.get('env') or {})
        except BaseException as e:  # never die on one input
            res = {'verdict': 'error', 'error': '%s: %s' % (type(e).__name__, e)}
        res['id'] = req.get('id')
        sys.stdout.write(json.dumps(res) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
