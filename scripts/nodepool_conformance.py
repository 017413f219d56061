#!/usr/bin/env python3
"""The Nodepool conformance corpus, built from the fixtures the installed Nodepool wheel ships.

Nodepool's wheel on PyPI carries its test fixtures (nodepool/tests/fixtures/, config_validate/ included). This
writes them, with upstream's own verdict for each, in the layout the tests read (test/conformance, test/fuzz,
test/core/rules.test.ts), so that CI needs nothing outside the repo:

  OUT/conformance/nodepool/configs/<dir>__<file>.yaml   the fixtures; `{placeholder}`s filled as Nodepool's test
                                                         suite fills them (str.format), config_validate/ kept raw
  OUT/conformance/nodepool/expected.tsv                 file, config_validate (pass/fail), load (ok/fail), verdict,
                                                         nodepool_says

The verdicts come from test/oracle/nodepool_oracle.py (config-validate and loadConfig, as the oracle runs them).

  python scripts/nodepool_conformance.py OUT                 build
  python scripts/nodepool_conformance.py OUT --compare DIR   build, then check DIR/conformance/nodepool (../shared)
                                                             holds the same files and verdicts; exit 1 if not

Run with the oracle venv's python (scripts/nodepool-oracle-venv.sh).
"""
import importlib.util
import os
import sys

import nodepool

HERE = os.path.dirname(os.path.abspath(__file__))

# What Nodepool's test suite substitutes into its fixtures.
VALUES = {
    'zookeeper_host': 'localhost',
    'zookeeper_port': '2281',
    'zookeeper_chroot': '/nodepool_test',
    'zookeeper_ca': '/tmp/ca.pem',
    'zookeeper_cert': '/tmp/cert.pem',
    'zookeeper_key': '/tmp/key.pem',
    'images_dir': '/tmp/images',
    'build_log_dir': '/tmp/buildlogs',
    'auth_path': '/tmp/auth.json',
    'context_name': 'ctx',
    'subnet_id': 'subnet-1',
    'security_group_id': 'sg-1',
    'instance_profile_arn': 'arn',
}

# Files a test reads with an environment (config-validate substitutes %(NAME) from it).
ENV = {'config_validate__good.yaml': {'NODEPOOL_PORT': '8005'}}


def load_oracle():
    path = os.path.join(HERE, '..', 'test', 'oracle', 'nodepool_oracle.py')
    spec = importlib.util.spec_from_file_location('nodepool_oracle', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fixtures():
    root = os.path.join(os.path.dirname(nodepool.__file__), 'tests', 'fixtures')
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith('.yaml') or f == 'clouds.yaml':
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)
            with open(os.path.join(dirpath, f), encoding='utf-8') as fh:
                text = fh.read()
            if not rel.startswith('config_validate' + os.sep):
                text = text.format(**VALUES)
            yield rel.replace(os.sep, '__'), text


def clean(s):
    return (s or '').replace('\t', ' ').replace('\n', ' ')[:300]


def build(out):
    oracle = load_oracle()
    target = os.path.join(out, 'conformance', 'nodepool')
    configs = os.path.join(target, 'configs')
    os.makedirs(configs, exist_ok=True)
    rows = []
    for name, text in sorted(fixtures()):
        with open(os.path.join(configs, name), 'w', encoding='utf-8') as fh:
            fh.write(text)
        r = oracle.judge(text, ENV.get(name, {}))
        says = r['validate']['error'] or r['load']['error']
        rows.append([name, 'pass' if r['validate']['ok'] else 'fail', 'ok' if r['load']['ok'] else 'fail',
                     r['verdict'], clean(says)])
    with open(os.path.join(target, 'expected.tsv'), 'w', encoding='utf-8') as fh:
        fh.write('file\tconfig_validate\tload\tverdict\tnodepool_says\n')
        for row in rows:
            fh.write('\t'.join(row) + '\n')
    print('nodepool-conformance: %d fixtures of Nodepool %s (%d valid) in %s' % (
        len(rows), nodepool_version(), sum(r[3] == 'valid' for r in rows), target), file=sys.stderr)
    return target


def nodepool_version():
    try:
        from importlib.metadata import version
        return version('nodepool')
    except Exception:  # noqa: BLE001
        return '?'


def read_expected(path):
    with open(path, encoding='utf-8') as fh:
        lines = fh.read().strip().split('\n')[1:]
    return {r.split('\t')[0]: r.split('\t')[1:4] for r in lines}


def compare(built, other):
    theirs_dir = os.path.join(other, 'conformance', 'nodepool')
    ours = read_expected(os.path.join(built, 'expected.tsv'))
    theirs = read_expected(os.path.join(theirs_dir, 'expected.tsv'))
    problems = []
    for name in sorted(set(ours) | set(theirs)):
        if name not in theirs:
            problems.append('%s: only in the wheel' % name)
        elif name not in ours:
            problems.append('%s: only in %s' % (name, theirs_dir))
        else:
            if ours[name] != theirs[name]:
                problems.append('%s: wheel says %s, %s says %s' % (name, ours[name], theirs_dir, theirs[name]))
            with open(os.path.join(built, 'configs', name), encoding='utf-8') as a, \
                    open(os.path.join(theirs_dir, 'configs', name), encoding='utf-8') as b:
                if a.read() != b.read():
                    problems.append('%s: the text differs' % name)
    for p in problems:
        print('nodepool-conformance: %s' % p, file=sys.stderr)
    print('nodepool-conformance: %d files compared with %s, %d differ' % (len(ours), theirs_dir, len(problems)),
          file=sys.stderr)
    return not problems


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    built = build(sys.argv[1])
    if len(sys.argv) > 3 and sys.argv[2] == '--compare':
        if not compare(built, sys.argv[3]):
            sys.exit(1)


if __name__ == '__main__':
    main()
