#!/usr/bin/env python3
"""Nodepool's two YAML loaders as an oracle for our YAML reader (src/config/yaml.ts).

Nodepool reads every file twice: `nodepool config-validate` with pure-Python PyYAML (`yaml.safe_load`), the launcher
and builder with `yaml.CSafeLoader` (libyaml). A long-lived process answering JSON lines on stdin/stdout:

  in:  {"id": 1, "text": "<YAML text>"}
  out: {"id": 1, "pure": <result>, "c": <result>}
  result: {"ok": true, "value": [<document>, ...]}
        | {"ok": false, "error": str, "line": int | null, "column": int | null, "context_line"?: int, "context_column"?: int}
  (line and column: the error's problem mark, 1-based; context_*: its context mark, where it has one, e.g. the simple
  key of "could not find expected ':'" or the quote of an unclosed string)

Every document of the stream is loaded (`load_all`) and written as tagged canonical JSON, so that our reader's value
can be compared exactly:
  null; {"bool": b}; {"int": "<decimal>"}; {"float": repr | "nan" | "inf" | "-inf"}; {"str": s};
  {"timestamp": "<UTC ISO, milliseconds>"}; {"bytes": "<base64>"}; {"seq": [...]}; {"map": [[k, v], ...]} (insertion
  order); {"set": [k, ...]} (sorted by their JSON); {"pairs": [[k, v], ...]} (!!omap and !!pairs);
  {"recursive": true} where a value contains itself.

Run with `--file PATH` to judge one file and print the answer.
"""
import base64
import datetime
import json
import math
import sys

import yaml

# The loaders run with Python's default recursion limit, as Nodepool's do (pure PyYAML's composer recurses per
# nesting level); writing the canonical form of a deep value needs more.
LOAD_RECURSION_LIMIT = sys.getrecursionlimit()

# `nodepool config-validate` calls yaml.safe_load this many Python frames deeper than judge() is called here
# (measured: the deepest nesting it reads, on two shapes, is what judge() reads at this many extra frames), so that
# pure PyYAML runs out of the recursion limit at the same depth as in config-validate.
CONFIG_VALIDATE_FRAMES = 4


def _deeper(frames, fn, *args):
    if frames == 0:
        return fn(*args)
    return _deeper(frames - 1, fn, *args)


def canon(value, active=None):
    if active is None:
        active = set()
    if value is None:
        return None
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"float": "nan"}
        if math.isinf(value):
            return {"float": "inf" if value > 0 else "-inf"}
        return {"float": repr(value)}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return {"timestamp": "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
            value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond // 1000)}
    if isinstance(value, datetime.date):
        return {"timestamp": "%04d-%02d-%02dT00:00:00.000Z" % (value.year, value.month, value.day)}
    if id(value) in active:
        return {"recursive": True}
    active = active | {id(value)}
    if isinstance(value, list):
        if value and all(isinstance(i, tuple) for i in value):
            return {"pairs": [[canon(k, active), canon(v, active)] for k, v in value]}
        return {"seq": [canon(i, active) for i in value]}
    if isinstance(value, dict):
        return {"map": [[canon(k, active), canon(v, active)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((canon(k, active) for k in value), key=lambda c: json.dumps(c, sort_keys=True))}
    if isinstance(value, tuple):
        return {"seq": [canon(i, active) for i in value]}
    return {"unknown": type(value).__name__}


def judge(text, loader):
    sys.setrecursionlimit(LOAD_RECURSION_LIMIT)
    try:
        docs = list(yaml.load_all(text, Loader=loader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        out = {"ok": False, "error": str(e).split("\n")[0] if not e.problem else e.problem,
               "line": mark.line + 1 if mark else None, "column": mark.column + 1 if mark else None}
        if e.context_mark is not None and e.problem_mark is not None:
            # "while scanning a simple key ... could not find expected ':'": the error names both places.
            out["context_line"] = e.context_mark.line + 1
            out["context_column"] = e.context_mark.column + 1
        return out
    except yaml.YAMLError as e:
        return {"ok": False, "error": str(e), "line": None, "column": None}
    except (RecursionError, MemoryError) as e:
        return {"ok": False, "error": type(e).__name__, "line": None, "column": None}
    except Exception as e:  # noqa: BLE001 - a crash of the loader (KeyError, ValueError) refuses the file too
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e), "line": None, "column": None}
    sys.setrecursionlimit(20000)
    try:
        return {"ok": True, "value": [canon(d) for d in docs]}
    except RecursionError:
        return {"ok": True, "value": [{"recursive": True}]}


def answer(text):
    return {"pure": _deeper(CONFIG_VALIDATE_FRAMES, judge, text, yaml.SafeLoader), "c": judge(text, yaml.CSafeLoader)}


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--file":
        with open(sys.argv[2], encoding="utf-8") as f:
            print(json.dumps(answer(f.read()), indent=2, ensure_ascii=False))
        return
    info = {"ready": True, "pyyaml": yaml.__version__, "libyaml": yaml._yaml.get_version_string()}
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        msg = json.loads(line)
        out = answer(msg["text"])
        out["id"] = msg["id"]
        sys.stdout.write(json.dumps(out, ensure_ascii=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
