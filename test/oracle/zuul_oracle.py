#!/usr/bin/env python3
"""Upstream Zuul as an oracle: what Zuul's own config loader keeps of one zuul.d file's nodesets and jobs.

A long-lived process answering JSON lines on stdin/stdout:

  in:  {"id": 1, "text": "<file contents>"}
  out: {"id": 1, "loaded": bool,
        "nodesets": [{"valid": bool, "name": str | null, "labels": [str], "alternatives": [str]}],
        "jobs": [{"valid": bool, "name": str | null, "nodeset": null | {"ref": str} | {"labels": [...], "alternatives": [...]}}]}

What runs is Zuul's code, as TenantParser.loadProjectYAML runs it on a file of a project's zuul.d/:
`zuul.configloader.safe_load_yaml` (ZuulSafeLoader: libyaml's CSafeLoader with Zuul's tags and its duplicate-key
check), then `zuul.model.UnparsedConfig.extend` (the list of one-key items; the first bad item stops the file and
the items before it are kept: `loaded` is false when the YAML or extend fails). Each nodeset goes through
`NodeSetParser.fromYaml` (its voluptuous schema and its loader's checks); each job through JobParser's schema for
its `name` and `nodeset` (the attributes pool-reconciler reads), and an inline nodeset through
`NodeSetParser.fromYaml(anonymous=True)`, as JobParser.fromYaml does. `valid` is whether Zuul keeps the item.

Run with `--file PATH` to judge one file and print the answer.
"""
import json
import sys

from zuul import configloader, model

SOURCE = model.SourceContext('example.org/config', 'config', 'gerrit', 'master', 'zuul.d/oracle.yaml')
JOB_KEYS = ('name', 'nodeset', '_source_context', '_start_mark')


def as_list(item):
    return configloader.as_list(item)


def nodeset_labels(conf):
    """Labels asked for, in order (inline alternatives' too), and the alternatives given by name."""
    labels, alternatives = [], []
    if 'alternatives' in conf:
        for alt in conf['alternatives']:
            if isinstance(alt, str):
                alternatives.append(str(alt))
            else:
                labels.extend(str(n['label']) for n in as_list(alt['nodes']))
    else:
        labels.extend(str(n['label']) for n in as_list(conf['nodes']))
    return labels, alternatives


def judge_nodeset(conf, anonymous):
    try:
        configloader.NodeSetParser(None).fromYaml(conf, anonymous=anonymous)
    except Exception:
        return {'valid': False}
    labels, alternatives = nodeset_labels(conf)
    return {'valid': True, 'name': None if anonymous else str(conf['name']), 'labels': labels,
            'alternatives': alternatives}


def judge_job(conf):
    try:
        configloader.JobParser.schema({k: v for k, v in conf.items() if k in JOB_KEYS})
    except Exception:
        return {'valid': False}
    out = {'valid': True, 'name': str(conf['name']), 'nodeset': None}
    if 'nodeset' in conf:
        ns = conf['nodeset']
        if isinstance(ns, str):
            out['nodeset'] = {'ref': str(ns)}
        else:
            inline = judge_nodeset(ns, True)
            if not inline['valid']:
                return {'valid': False}
            out['nodeset'] = {'labels': inline['labels'], 'alternatives': inline['alternatives']}
    return out


def judge(text):
    unparsed = model.UnparsedConfig()
    loaded = True
    try:
        data = configloader.safe_load_yaml(text, SOURCE)
        unparsed.extend(data)
    except Exception:
        loaded = False
    return {
        'loaded': loaded,
        'nodesets': [judge_nodeset(c, False) for c in unparsed.nodesets],
        'jobs': [judge_job(c) for c in unparsed.jobs],
    }


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--file':
        with open(sys.argv[2], encoding='utf-8') as f:
            print(json.dumps(judge(f.read()), indent=2))
        return
    print(json.dumps({'ready': True}), flush=True)
    for line in sys.stdin:
        msg = json.loads(line)
        try:
            answer = judge(msg['text'])
        except Exception as e:  # a crash of the oracle itself: reported, never counted as agreement
            answer = {'error': f'{type(e).__name__}: {e}'}
        answer['id'] = msg['id']
        print(json.dumps(answer), flush=True)


if __name__ == '__main__':
    main()
