#!/usr/bin/env python3
"""Upstream Nodepool's configuration schema, read out of its voluptuous schemas, as JSON on stdout.

Run with the oracle venv's python (scripts/nodepool-oracle-venv.sh). The differential oracle generates configs by
walking this tree as well as our own schema, so that a key or a value upstream accepts and we wrongly refuse shows
up as a disagreement.

  {"top": <schema>, "drivers": {"openstack": <schema>, ...}}

where a <schema> is one of
  {"kind": "str" | "int" | "float" | "bool" | "number" | "coerce-float" | "any"}
  {"values": [..]}                                  (voluptuous.Any of literals / In)
  {"fields": {name: {"schema": <schema>, "required": bool}}, "extra": <schema> | null}   (a dict schema)
  {"item": <schema> | null}                          (a list; null: anything)
  {"key": <schema> | null, "value": <schema> | null} (a dict of any keys: `dict`, `{str: str}`)
  {"branches": [<schema>, ...]}                      (voluptuous.Any of schemas)
"""
import json
import sys

import voluptuous as v

from nodepool.cmd.config_validator import ConfigValidator
from nodepool.config import get_provider_config
from nodepool.driver import ProviderConfig

DRIVERS = ['openstack', 'aws', 'azure', 'gce', 'ibmvpc', 'kubernetes', 'openshift', 'openshiftpods', 'static',
           'metastatic', 'example', 'test']

TYPES = {str: 'str', int: 'int', float: 'float', bool: 'bool'}


def describe(s, depth=0):
    if depth > 40:
        return {"kind": "any"}
    if isinstance(s, v.Schema):
        return describe(s.schema, depth + 1)
    if isinstance(s, type):
        if s in TYPES:
            return {"kind": TYPES[s]}
        if s is dict:
            return {"key": None, "value": None}
        if s is list:
            return {"item": None}
        return {"kind": "any"}
    if isinstance(s, v.Coerce):
        return {"kind": "coerce-float" if s.type is float else "any"}
    if isinstance(s, v.Any):
        literals = [x for x in s.validators if isinstance(x, (str, int, float, bool)) or x is None]
        if literals and len(literals) == len(s.validators):
            return {"values": literals}
        kinds = [describe(x, depth + 1) for x in s.validators]
        if {k.get("kind") for k in kinds} <= {"int", "float"} and all("kind" in k for k in kinds):
            return {"kind": "number"}
        return {"branches": kinds}
    if isinstance(s, v.In):
        return {"values": list(s.container)}
    if isinstance(s, v.All):
        # The first validator gives the shape; the others narrow it (Range, Length, Match).
        return describe(s.validators[0], depth + 1)
    if isinstance(s, (v.Range, v.Length)):
        return {"kind": "int"}
    if isinstance(s, v.Match):
        return {"kind": "str"}
    if isinstance(s, list):
        if not s:
            return {"item": None}
        if len(s) == 1:
            return {"item": describe(s[0], depth + 1)}
        return {"item": {"branches": [describe(x, depth + 1) for x in s]}}
    if isinstance(s, dict):
        fields = {}
        extra = None
        any_key = None
        for k, val in s.items():
            name = k.schema if isinstance(k, v.Marker) else k
            if isinstance(name, str):
                fields[name] = {"schema": describe(val, depth + 1), "required": isinstance(k, v.Required)}
            elif name is str or isinstance(name, type):
                any_key = describe(val, depth + 1)
            else:
                extra = describe(val, depth + 1)
        if not fields and any_key is not None:
            return {"key": {"kind": "str"}, "value": any_key}
        return {"fields": fields, "extra": any_key if any_key is not None else extra}
    if callable(s):
        return {"kind": "any"}
    if isinstance(s, (str, int, float, bool)) or s is None:
        return {"values": [s]}
    return {"kind": "any"}


def main():
    common = ProviderConfig.getCommonSchemaDict()
    out = {"top": describe(ConfigValidator.getSchema()), "drivers": {}}
    for driver in DRIVERS:
        schema = get_provider_config({'driver': driver, 'name': 'x'}).getSchema().extend(common)
        out["drivers"][driver] = describe(schema)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
