#!/usr/bin/env node
import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);

// src/cli.ts
import { parseArgs } from "node:util";

// src/run.ts
import path2 from "node:path";
import { statSync as statSync2 } from "node:fs";

// src/diagnostics.ts
function countBySeverity(diags) {
  let errors = 0;
  let warnings = 0;
  let notices = 0;
  for (const d of diags) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else notices++;
  }
  return { errors, warnings, notices };
}
function sortDiagnostics(diags) {
  return diags.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

// src/config/repo.ts
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

// src/config/source.ts
function makeSource(path3, text) {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { path: path3, text, lineStarts };
}
function positionOf(source, offset) {
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
function lineText(source, line) {
  const start = source.lineStarts[line - 1];
  if (start === void 0) return "";
  const end = source.lineStarts[line] ?? source.text.length;
  return source.text.slice(start, end).replace(/\r?\n$/, "");
}
var identityMap = { toOriginal: (o) => o };
function offsetMapFor(replacements) {
  if (replacements.length === 0) return identityMap;
  const newStarts = [];
  let shift = 0;
  for (const r of replacements) {
    newStarts.push(r.start + shift);
    shift += r.length - (r.end - r.start);
  }
  return {
    toOriginal(offset) {
      let acc = 0;
      for (let i = 0; i < replacements.length; i++) {
        const r = replacements[i];
        const ns = newStarts[i];
        if (offset < ns) break;
        if (offset < ns + r.length) return r.start;
        acc += r.end - r.start - r.length;
      }
      return offset + acc;
    }
  };
}

// node_modules/js-yaml/dist/js-yaml.mjs
var NOT_RESOLVED = /* @__PURE__ */ Symbol("NOT_RESOLVED");
function defineScalarTag(tagName2, options) {
  return {
    tagName: tagName2,
    nodeKind: "scalar",
    implicit: options.implicit ?? false,
    matchByTagPrefix: options.matchByTagPrefix ?? false,
    implicitFirstChars: options.implicitFirstChars ?? null,
    resolve: options.resolve,
    identify: options.identify,
    represent: options.represent ?? ((data) => String(data)),
    representTagName: options.representTagName ?? (() => tagName2)
  };
}
function defineSequenceTag(tagName2, options) {
  const carrierIsResult = options.finalize === void 0;
  return {
    tagName: tagName2,
    nodeKind: "sequence",
    implicit: false,
    matchByTagPrefix: options.matchByTagPrefix ?? false,
    create: options.create,
    addItem: options.addItem,
    finalize: options.finalize ?? ((carrier) => carrier),
    carrierIsResult,
    identify: options.identify,
    represent: options.represent ?? ((data) => data),
    representTagName: options.representTagName ?? (() => tagName2)
  };
}
function defineMappingTag(tagName2, options) {
  const carrierIsResult = options.finalize === void 0;
  return {
    tagName: tagName2,
    nodeKind: "mapping",
    implicit: false,
    matchByTagPrefix: options.matchByTagPrefix ?? false,
    create: options.create,
    addPair: options.addPair,
    has: options.has,
    keys: options.keys,
    get: options.get,
    finalize: options.finalize ?? ((carrier) => carrier),
    carrierIsResult,
    identify: options.identify,
    represent: options.represent ?? ((data) => data),
    representTagName: options.representTagName ?? (() => tagName2)
  };
}
var strTag = defineScalarTag("tag:yaml.org,2002:str", {
  resolve: (source) => source,
  identify: (data) => typeof data === "string"
});
var NULL_VALUES$1 = [
  "",
  "~",
  "null",
  "Null",
  "NULL"
];
var nullCoreTag = defineScalarTag("tag:yaml.org,2002:null", {
  implicit: true,
  implicitFirstChars: [
    "",
    "~",
    "n",
    "N"
  ],
  resolve: (source) => {
    if (NULL_VALUES$1.indexOf(source) !== -1) return null;
    return NOT_RESOLVED;
  },
  identify: (object2) => object2 === null,
  represent: () => "null"
});
var nullJsonTag = defineScalarTag("tag:yaml.org,2002:null", {
  implicit: true,
  implicitFirstChars: ["n"],
  resolve: (source, isExplicit) => {
    if (source === "null" || isExplicit && source === "") return null;
    return NOT_RESOLVED;
  },
  identify: (object2) => object2 === null,
  represent: () => "null"
});
var NULL_VALUES = [
  "",
  "~",
  "null",
  "Null",
  "NULL"
];
var nullYaml11Tag = defineScalarTag("tag:yaml.org,2002:null", {
  implicit: true,
  implicitFirstChars: [
    "",
    "~",
    "n",
    "N"
  ],
  resolve: (source) => {
    if (NULL_VALUES.indexOf(source) !== -1) return null;
    return NOT_RESOLVED;
  },
  identify: (object2) => object2 === null,
  represent: () => "null"
});
var TRUE_VALUES$2 = [
  "true",
  "True",
  "TRUE"
];
var FALSE_VALUES$2 = [
  "false",
  "False",
  "FALSE"
];
var boolCoreTag = defineScalarTag("tag:yaml.org,2002:bool", {
  implicit: true,
  implicitFirstChars: [
    "t",
    "T",
    "f",
    "F"
  ],
  resolve: (source) => {
    if (TRUE_VALUES$2.indexOf(source) !== -1) return true;
    if (FALSE_VALUES$2.indexOf(source) !== -1) return false;
    return NOT_RESOLVED;
  },
  identify: (object2) => Object.prototype.toString.call(object2) === "[object Boolean]",
  represent: (object2) => object2 ? "true" : "false"
});
var TRUE_VALUES$1 = ["true"];
var FALSE_VALUES$1 = ["false"];
var boolJsonTag = defineScalarTag("tag:yaml.org,2002:bool", {
  implicit: true,
  implicitFirstChars: ["t", "f"],
  resolve: (source) => {
    if (TRUE_VALUES$1.indexOf(source) !== -1) return true;
    if (FALSE_VALUES$1.indexOf(source) !== -1) return false;
    return NOT_RESOLVED;
  },
  identify: (object2) => Object.prototype.toString.call(object2) === "[object Boolean]",
  represent: (object2) => object2 ? "true" : "false"
});
var TRUE_VALUES = [
  "true",
  "True",
  "TRUE",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "on",
  "On",
  "ON"
];
var FALSE_VALUES = [
  "false",
  "False",
  "FALSE",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "off",
  "Off",
  "OFF"
];
var boolYaml11Tag = defineScalarTag("tag:yaml.org,2002:bool", {
  implicit: true,
  implicitFirstChars: [
    "y",
    "Y",
    "n",
    "N",
    "t",
    "T",
    "f",
    "F",
    "o",
    "O"
  ],
  resolve: (source) => {
    if (TRUE_VALUES.indexOf(source) !== -1) return true;
    if (FALSE_VALUES.indexOf(source) !== -1) return false;
    return NOT_RESOLVED;
  },
  identify: (object2) => Object.prototype.toString.call(object2) === "[object Boolean]",
  represent: (object2) => object2 ? "true" : "false"
});
var YAML_INTEGER_IMPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
var YAML_INTEGER_EXPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$2(source) {
  let value = source;
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  return sign * parseInt(value, 10);
}
function resolveYamlInteger$2(source, isExplicit) {
  if (isExplicit) {
    if (!YAML_INTEGER_EXPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
  } else if (!YAML_INTEGER_IMPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
  const result = parseYamlInteger$2(source);
  return Number.isFinite(result) ? result : NOT_RESOLVED;
}
var intCoreTag = defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ..."0123456789"
  ],
  resolve: resolveYamlInteger$2,
  identify: (object2) => Number.isInteger(object2) && !Object.is(object2, -0) && object2.toString(10).indexOf("e") < 0,
  represent: (object2) => object2.toString(10)
});
var YAML_INTEGER_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)$");
var YAML_INTEGER_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$1(source) {
  let value = source;
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  return sign * parseInt(value, 10);
}
function resolveYamlInteger$1(source, isExplicit) {
  if (isExplicit) {
    if (!YAML_INTEGER_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
  } else if (!YAML_INTEGER_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
  const result = parseYamlInteger$1(source);
  return Number.isFinite(result) ? result : NOT_RESOLVED;
}
var intJsonTag = defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: ["-", ..."0123456789"],
  resolve: resolveYamlInteger$1,
  identify: (object2) => Number.isInteger(object2) && !Object.is(object2, -0) && object2.toString(10).indexOf("e") < 0,
  represent: (object2) => object2.toString(10)
});
var YAML_INTEGER_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?(?:0|[1-9][0-9_]*))$");
function parseYamlInteger(source) {
  let value = source.replace(/_/g, "");
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  if (value.includes(":")) {
    let result = 0;
    for (const part of value.split(":")) result = result * 60 + Number(part);
    return sign * result;
  }
  if (value !== "0" && value[0] === "0") return sign * parseInt(value, 8);
  return sign * parseInt(value, 10);
}
function resolveYamlInteger(source) {
  if (!YAML_INTEGER_PATTERN.test(source)) return NOT_RESOLVED;
  const result = parseYamlInteger(source);
  return Number.isFinite(result) ? result : NOT_RESOLVED;
}
var intYaml11Tag = defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ..."0123456789"
  ],
  resolve: resolveYamlInteger,
  identify: (object2) => Number.isInteger(object2) && !Object.is(object2, -0) && object2.toString(10).indexOf("e") < 0,
  represent: (object2) => object2.toString(10)
});
var YAML_FLOAT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$2(source) {
  if (!YAML_FLOAT_PATTERN$1.test(source)) return NOT_RESOLVED;
  let value = source.toLowerCase();
  const sign = value[0] === "-" ? -1 : 1;
  if ("+-".includes(value[0])) value = value.slice(1);
  if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === ".nan") return NaN;
  const result = sign * parseFloat(value);
  if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN$1.test(source)) return result;
  return NOT_RESOLVED;
}
function representYamlFloat$2(object2) {
  if (isNaN(object2)) return ".nan";
  if (object2 === Number.POSITIVE_INFINITY) return ".inf";
  if (object2 === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(object2, -0)) return "-0.0";
  const result = object2.toString(10);
  return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
var floatCoreTag = defineScalarTag("tag:yaml.org,2002:float", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ".",
    ..."0123456789"
  ],
  resolve: resolveYamlFloat$2,
  identify: (object2) => typeof object2 === "number" && (!Number.isInteger(object2) || Object.is(object2, -0) || object2.toString(10).indexOf("e") >= 0),
  represent: representYamlFloat$2
});
var YAML_FLOAT_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$");
var YAML_FLOAT_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$1(source, isExplicit) {
  if (isExplicit) {
    if (!YAML_FLOAT_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
    let value = source.toLowerCase();
    const sign = value[0] === "-" ? -1 : 1;
    if ("+-".includes(value[0])) value = value.slice(1);
    if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    if (value === ".nan") return NaN;
    const result2 = sign * parseFloat(value);
    return Number.isFinite(result2) ? result2 : NOT_RESOLVED;
  }
  if (!YAML_FLOAT_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
  const result = Number(source);
  if (Number.isFinite(result)) return result;
  return NOT_RESOLVED;
}
function representYamlFloat$1(object2) {
  if (isNaN(object2)) return ".nan";
  if (object2 === Number.POSITIVE_INFINITY) return ".inf";
  if (object2 === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(object2, -0)) return "-0.0";
  const result = object2.toString(10);
  return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
var floatJsonTag = defineScalarTag("tag:yaml.org,2002:float", {
  implicit: true,
  implicitFirstChars: ["-", ..."0123456789"],
  resolve: resolveYamlFloat$1,
  identify: (object2) => typeof object2 === "number" && (!Number.isInteger(object2) || Object.is(object2, -0) || object2.toString(10).indexOf("e") >= 0),
  represent: representYamlFloat$1
});
var YAML_FLOAT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?(?:(?:[0-9][0-9_]*)?\\.[0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat(source) {
  if (!YAML_FLOAT_PATTERN.test(source)) return NOT_RESOLVED;
  let value = source.toLowerCase().replace(/_/g, "");
  const sign = value[0] === "-" ? -1 : 1;
  if ("+-".includes(value[0])) value = value.slice(1);
  if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === ".nan") return NaN;
  let result = 0;
  if (value.includes(":")) {
    for (const part of value.split(":")) result = result * 60 + Number(part);
    result *= sign;
  } else result = sign * parseFloat(value);
  if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN.test(source)) return result;
  return NOT_RESOLVED;
}
function representYamlFloat(object2) {
  if (isNaN(object2)) return ".nan";
  if (object2 === Number.POSITIVE_INFINITY) return ".inf";
  if (object2 === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(object2, -0)) return "-0.0";
  const result = object2.toString(10);
  return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
var floatYaml11Tag = defineScalarTag("tag:yaml.org,2002:float", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ".",
    ..."0123456789"
  ],
  resolve: resolveYamlFloat,
  identify: (object2) => typeof object2 === "number" && (!Number.isInteger(object2) || Object.is(object2, -0) || object2.toString(10).indexOf("e") >= 0),
  represent: representYamlFloat
});
var mergeTag = defineScalarTag("tag:yaml.org,2002:merge", {
  implicit: true,
  implicitFirstChars: ["<"],
  resolve: (source, isExplicit) => {
    if (source === "<<" || isExplicit && source === "") return "<<";
    return NOT_RESOLVED;
  },
  identify: () => false
});
var BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
function resolveYamlBinary(source) {
  const input = source.replace(/\s/g, "");
  if (input.length % 4 !== 0 || !BASE64_PATTERN.test(input)) return NOT_RESOLVED;
  const binary = atob(input);
  const result = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) result[index] = binary.charCodeAt(index);
  return result;
}
function representYamlBinary(object2) {
  let binary = "";
  for (let index = 0; index < object2.length; index++) binary += String.fromCharCode(object2[index]);
  return btoa(binary);
}
var binaryTag = defineScalarTag("tag:yaml.org,2002:binary", {
  resolve: resolveYamlBinary,
  identify: (object2) => Object.prototype.toString.call(object2) === "[object Uint8Array]",
  represent: representYamlBinary
});
var YAML_DATE_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$");
var YAML_TIMESTAMP_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$");
function makeUtcDate(year, month, day, hour = 0, minute = 0, second = 0, fraction = 0) {
  const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
  date.setUTCFullYear(year, month, day);
  return date;
}
function resolveYamlTimestamp(source) {
  let match2 = YAML_DATE_REGEXP.exec(source);
  if (match2 === null) match2 = YAML_TIMESTAMP_REGEXP.exec(source);
  if (match2 === null) return NOT_RESOLVED;
  const year = +match2[1];
  const month = +match2[2] - 1;
  const day = +match2[3];
  if (!match2[4]) {
    const date2 = makeUtcDate(year, month, day);
    if (date2.getUTCFullYear() !== year || date2.getUTCMonth() !== month || date2.getUTCDate() !== day) return NOT_RESOLVED;
    return date2;
  }
  const hour = +match2[4];
  const minute = +match2[5];
  const second = +match2[6];
  let fraction = 0;
  if (hour > 23 || minute > 59 || second > 59) return NOT_RESOLVED;
  if (match2[7]) {
    let value = match2[7].slice(0, 3);
    while (value.length < 3) value += "0";
    fraction = +value;
  }
  const date = makeUtcDate(year, month, day, hour, minute, second, fraction);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return NOT_RESOLVED;
  if (match2[9]) {
    const offsetHour = +match2[10];
    const offsetMinute = +(match2[11] || 0);
    if (offsetHour > 23 || offsetMinute > 59) return NOT_RESOLVED;
    const offset = (offsetHour * 60 + offsetMinute) * 6e4;
    date.setTime(date.getTime() - (match2[9] === "-" ? -offset : offset));
  }
  return date;
}
var timestampTag = defineScalarTag("tag:yaml.org,2002:timestamp", {
  implicit: true,
  implicitFirstChars: [..."0123456789"],
  resolve: resolveYamlTimestamp,
  identify: (object2) => object2 instanceof Date,
  represent: (object2) => object2.toISOString()
});
var seqTag = defineSequenceTag("tag:yaml.org,2002:seq", {
  create: () => [],
  addItem: (container, item) => {
    container.push(item);
  },
  identify: Array.isArray
});
function isPlainObject(data) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
  const prototype = Object.getPrototypeOf(data);
  return prototype === null || prototype === Object.prototype;
}
var omapTag = defineSequenceTag("tag:yaml.org,2002:omap", {
  create: () => ({
    list: [],
    seen: /* @__PURE__ */ new Set()
  }),
  addItem: (carrier, item) => {
    let key;
    if (item instanceof Map) {
      if (item.size !== 1) return "cannot resolve an ordered map item";
      key = item.keys().next().value;
    } else if (isPlainObject(item)) {
      const itemKeys = Object.keys(item);
      if (itemKeys.length !== 1) return "cannot resolve an ordered map item";
      key = itemKeys[0];
    } else return "cannot resolve an ordered map item";
    if (carrier.seen.has(key)) return "duplicate key in ordered map";
    carrier.seen.add(key);
    carrier.list.push(item);
    return "";
  },
  finalize: (carrier) => carrier.list,
  identify: () => false
});
var pairsTag = defineSequenceTag("tag:yaml.org,2002:pairs", {
  create: () => [],
  addItem: (container, item) => {
    if (item instanceof Map) {
      if (item.size !== 1) return "cannot resolve a pairs item";
      container.push(item.entries().next().value);
      return "";
    }
    if (Object.prototype.toString.call(item) !== "[object Object]") return "cannot resolve a pairs item";
    const object2 = item;
    const keys = Object.keys(object2);
    if (keys.length !== 1) return "cannot resolve a pairs item";
    container.push([keys[0], object2[keys[0]]]);
    return "";
  },
  identify: () => false
});
var mapTag = defineMappingTag("tag:yaml.org,2002:map", {
  create: () => ({}),
  identify: isPlainObject,
  represent: (o) => {
    const map = /* @__PURE__ */ new Map();
    for (const key of Object.keys(o)) map.set(key, o[key]);
    return map;
  },
  addPair: (container, key, value) => {
    if (key !== null && typeof key === "object") return "object-based map does not support complex keys";
    const normalizedKey = String(key);
    if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
      value,
      enumerable: true,
      configurable: true,
      writable: true
    });
    else container[normalizedKey] = value;
    return "";
  },
  has: (container, key) => {
    if (key !== null && typeof key === "object") return false;
    return Object.prototype.hasOwnProperty.call(container, String(key));
  },
  keys: (container) => Object.keys(container),
  get: (container, key) => {
    const normalizedKey = String(key);
    if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
    return container[normalizedKey];
  }
});
var setTag = defineMappingTag("tag:yaml.org,2002:set", {
  create: () => /* @__PURE__ */ new Set(),
  identify: (data) => data instanceof Set,
  represent: (data) => {
    const map = /* @__PURE__ */ new Map();
    for (const key of data) map.set(key, null);
    return map;
  },
  addPair: (container, key, value) => {
    if (value !== null) return "cannot resolve a set item";
    container.add(key);
    return "";
  },
  has: (container, key) => container.has(key),
  keys: (container) => container.keys(),
  get: () => null
});
function createTagDefinitionMap() {
  return {
    scalar: /* @__PURE__ */ Object.create(null),
    sequence: /* @__PURE__ */ Object.create(null),
    mapping: /* @__PURE__ */ Object.create(null)
  };
}
function createTagDefinitionListMap() {
  return {
    scalar: [],
    sequence: [],
    mapping: []
  };
}
function compileTags(tags) {
  const result = [];
  for (const tag of tags) {
    let index = result.length;
    for (let previousIndex = 0; previousIndex < result.length; previousIndex++) {
      const previous = result[previousIndex];
      if (previous.nodeKind === tag.nodeKind && previous.tagName === tag.tagName && previous.matchByTagPrefix === tag.matchByTagPrefix) {
        index = previousIndex;
        break;
      }
    }
    result[index] = tag;
  }
  return result;
}
var Schema = class Schema2 {
  tags;
  /** @internal */
  implicitScalarTags;
  /**
  * Dispatch implicit scalar resolvers by `source.charAt(0)`. Each bucket holds
  * the resolvers that may match that key, in schema order; a key absent from
  * the map uses
  * {@link Schema.implicitScalarAnyFirstChar}
  * (resolvers that declared no first-char constraint, so they apply to any
  * first character).
  */
  implicitScalarByFirstChar;
  implicitScalarAnyFirstChar;
  /**
  * The default scalar tag (`!!str`), resolved once so the composer's fallback
  * for unresolved plain scalars avoids a keyed lookup per scalar.
  *
  * @internal
  */
  defaultScalarTag;
  /**
  * The default container tags (`!!seq` / `!!map`), used by the dumper: when a
  * value is identified by its default tag, the tag is implicit and not
  * printed. Undefined if the schema does not define them (then such values
  * can't be dumped).
  *
  * @internal
  */
  defaultSequenceTag;
  /** @internal */
  defaultMappingTag;
  exact;
  prefix;
  constructor(tags) {
    const compiledTags = compileTags(tags);
    const implicitScalarTags = [];
    const exact = createTagDefinitionMap();
    const prefix = createTagDefinitionListMap();
    for (const tag of compiledTags) {
      if (tag.nodeKind === "scalar" && tag.implicit) {
        if (tag.matchByTagPrefix) throw new Error("Implicit scalar tags cannot match by tag prefix");
        implicitScalarTags.push(tag);
      }
      switch (tag.nodeKind) {
        case "scalar":
          if (tag.matchByTagPrefix) prefix.scalar.push(tag);
          else exact.scalar[tag.tagName] = tag;
          break;
        case "sequence":
          if (tag.matchByTagPrefix) prefix.sequence.push(tag);
          else exact.sequence[tag.tagName] = tag;
          break;
        case "mapping":
          if (tag.matchByTagPrefix) prefix.mapping.push(tag);
          else exact.mapping[tag.tagName] = tag;
      }
    }
    const implicitScalarAnyFirstChar = implicitScalarTags.filter((tag) => tag.implicitFirstChars === null);
    const keys = /* @__PURE__ */ new Set();
    for (const tag of implicitScalarTags) if (tag.implicitFirstChars !== null) for (const key of tag.implicitFirstChars) keys.add(key);
    const implicitScalarByFirstChar = /* @__PURE__ */ new Map();
    for (const key of keys) implicitScalarByFirstChar.set(key, implicitScalarTags.filter((tag) => tag.implicitFirstChars === null || tag.implicitFirstChars.indexOf(key) !== -1));
    const defaultScalarTag = exact.scalar["tag:yaml.org,2002:str"];
    if (!defaultScalarTag) throw new Error("schema does not define the default scalar tag (tag:yaml.org,2002:str)");
    this.tags = compiledTags;
    this.implicitScalarTags = implicitScalarTags;
    this.implicitScalarByFirstChar = implicitScalarByFirstChar;
    this.implicitScalarAnyFirstChar = implicitScalarAnyFirstChar;
    this.defaultScalarTag = defaultScalarTag;
    this.defaultSequenceTag = exact.sequence["tag:yaml.org,2002:seq"];
    this.defaultMappingTag = exact.mapping["tag:yaml.org,2002:map"];
    this.exact = exact;
    this.prefix = prefix;
  }
  /** @internal */
  lookupScalarTag(tagName2) {
    const exactTag = this.exact.scalar[tagName2];
    if (exactTag) return exactTag;
    for (const tag of this.prefix.scalar) if (tagName2.startsWith(tag.tagName)) return tag;
  }
  /** @internal */
  lookupSequenceTag(tagName2) {
    const exactTag = this.exact.sequence[tagName2];
    if (exactTag) return exactTag;
    for (const tag of this.prefix.sequence) if (tagName2.startsWith(tag.tagName)) return tag;
  }
  /** @internal */
  lookupMappingTag(tagName2) {
    const exactTag = this.exact.mapping[tagName2];
    if (exactTag) return exactTag;
    for (const tag of this.prefix.mapping) if (tagName2.startsWith(tag.tagName)) return tag;
  }
  /** @internal */
  resolveImplicitScalarTag(source) {
    const candidates = this.implicitScalarByFirstChar.get(source.charAt(0)) ?? this.implicitScalarAnyFirstChar;
    for (const tag2 of candidates) {
      const value = tag2.resolve(source, false, tag2.tagName);
      if (value !== NOT_RESOLVED) return {
        value,
        tag: tag2
      };
    }
    const tag = this.defaultScalarTag;
    return {
      value: tag.resolve(source, false, tag.tagName),
      tag
    };
  }
  /**
  * Creates a new schema with the specified tags added. If a tag already
  * exists, it is replaced by the specified tag.
  *
  * @example
  *
  * ```javascript
  * import { CORE_SCHEMA, mergeTag, realMapTag } from 'js-yaml'
  *
  * const schema = CORE_SCHEMA.withTags(mergeTag, realMapTag)
  * ```
  */
  withTags(...tags) {
    let flatTags = [];
    for (const tag of tags) flatTags = flatTags.concat(tag);
    return new Schema2([...this.tags, ...flatTags]);
  }
};
var FAILSAFE_SCHEMA = new Schema([
  strTag,
  seqTag,
  mapTag
]);
var JSON_SCHEMA = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  nullJsonTag,
  boolJsonTag,
  intJsonTag,
  floatJsonTag
]);
var CORE_SCHEMA = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  nullCoreTag,
  boolCoreTag,
  intCoreTag,
  floatCoreTag
]);
var YAML11_SCHEMA = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  nullYaml11Tag,
  boolYaml11Tag,
  intYaml11Tag,
  floatYaml11Tag,
  timestampTag,
  mergeTag,
  binaryTag,
  omapTag,
  pairsTag,
  setTag
]);
var DUMP_SCHEMA = YAML11_SCHEMA.withTags({
  ...intYaml11Tag,
  resolve: (source, isExplicit, tagName2) => {
    const result = intYaml11Tag.resolve(source, isExplicit, tagName2);
    return result === NOT_RESOLVED ? intCoreTag.resolve(source, isExplicit, tagName2) : result;
  }
}, {
  ...floatYaml11Tag,
  resolve: (source, isExplicit, tagName2) => {
    const result = floatYaml11Tag.resolve(source, isExplicit, tagName2);
    return result === NOT_RESOLVED ? floatCoreTag.resolve(source, isExplicit, tagName2) : result;
  }
});
var realMapTag = defineMappingTag("tag:yaml.org,2002:map", {
  create: () => /* @__PURE__ */ new Map(),
  addPair: (container, key, value) => {
    container.set(key, value);
    return "";
  },
  has: (container, key) => container.has(key),
  keys: (container) => container.keys(),
  get: (container, key) => container.get(key),
  identify: (data) => data instanceof Map || isPlainObject(data),
  represent: (data) => {
    if (data instanceof Map) return data;
    const map = /* @__PURE__ */ new Map();
    const obj = data;
    for (const key of Object.keys(obj)) map.set(key, obj[key]);
    return map;
  }
});
function normalizeKey(key) {
  if (Array.isArray(key)) {
    const array = Array.prototype.slice.call(key);
    for (let index = 0; index < array.length; index++) {
      if (Array.isArray(array[index])) return null;
      if (typeof array[index] === "object" && Object.prototype.toString.call(array[index]) === "[object Object]") array[index] = "[object Object]";
    }
    return String(array);
  }
  if (typeof key === "object" && Object.prototype.toString.call(key) === "[object Object]") return "[object Object]";
  return String(key);
}
var legacyMapTag = defineMappingTag("tag:yaml.org,2002:map", {
  create: () => ({}),
  identify: isPlainObject,
  represent: (o) => {
    const map = /* @__PURE__ */ new Map();
    for (const key of Object.keys(o)) map.set(key, o[key]);
    return map;
  },
  addPair: (container, key, value) => {
    const normalizedKey = normalizeKey(key);
    if (normalizedKey === null) return "nested arrays are not supported inside keys";
    if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
      value,
      enumerable: true,
      configurable: true,
      writable: true
    });
    else container[normalizedKey] = value;
    return "";
  },
  has: (container, key) => {
    const normalizedKey = normalizeKey(key);
    return normalizedKey !== null && Object.prototype.hasOwnProperty.call(container, normalizedKey);
  },
  keys: (container) => Object.keys(container),
  get: (container, key) => {
    const normalizedKey = String(key);
    if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
    return container[normalizedKey];
  }
});
var DEFAULT_SNIPPET_OPTIONS = {
  maxLength: 79,
  indent: 1,
  linesBefore: 3,
  linesAfter: 2
};
function getLine(buffer, lineStart, lineEnd, position, maxLineLength) {
  let head = "";
  let tail = "";
  const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
  if (position - lineStart > maxHalfLength) {
    head = " ... ";
    lineStart = position - maxHalfLength + head.length;
  }
  if (lineEnd - position > maxHalfLength) {
    tail = " ...";
    lineEnd = position + maxHalfLength - tail.length;
  }
  return {
    str: head + buffer.slice(lineStart, lineEnd).replace(/\t/g, "\u2192") + tail,
    pos: position - lineStart + head.length
  };
}
function padStart(string, max) {
  return " ".repeat(Math.max(max - string.length, 0)) + string;
}
function makeSnippet(mark, options) {
  if (!mark.buffer) return null;
  const opts = {
    ...DEFAULT_SNIPPET_OPTIONS,
    ...options
  };
  const re = /\r?\n|\r|\0/g;
  const lineStarts = [0];
  const lineEnds = [];
  let match2;
  let foundLineNo = -1;
  while (match2 = re.exec(mark.buffer)) {
    lineEnds.push(match2.index);
    lineStarts.push(match2.index + match2[0].length);
    if (mark.position <= match2.index && foundLineNo < 0) foundLineNo = lineStarts.length - 2;
  }
  if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
  let result = "";
  const lineNoLength = Math.min(mark.line + opts.linesAfter, lineEnds.length).toString().length;
  const maxLineLength = opts.maxLength - (opts.indent + lineNoLength + 3);
  for (let i = 1; i <= opts.linesBefore; i++) {
    if (foundLineNo - i < 0) break;
    const line2 = getLine(mark.buffer, lineStarts[foundLineNo - i], lineEnds[foundLineNo - i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]), maxLineLength);
    result = `${" ".repeat(opts.indent)}${padStart((mark.line - i + 1).toString(), lineNoLength)} | ${line2.str}
${result}`;
  }
  const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
  result += `${" ".repeat(opts.indent)}${padStart((mark.line + 1).toString(), lineNoLength)} | ${line.str}
`;
  result += `${"-".repeat(opts.indent + lineNoLength + 3 + line.pos)}^
`;
  for (let i = 1; i <= opts.linesAfter; i++) {
    if (foundLineNo + i >= lineEnds.length) break;
    const line2 = getLine(mark.buffer, lineStarts[foundLineNo + i], lineEnds[foundLineNo + i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]), maxLineLength);
    result += `${" ".repeat(opts.indent)}${padStart((mark.line + i + 1).toString(), lineNoLength)} | ${line2.str}
`;
  }
  return result.replace(/\n$/, "");
}
function formatError(exception, compact) {
  let where = "";
  if (!exception.mark) return exception.reason;
  if (exception.mark.name) where += `in "${exception.mark.name}" `;
  where += `(${exception.mark.line + 1}:${exception.mark.column + 1})`;
  if (!compact && exception.mark.snippet) where += `

${exception.mark.snippet}`;
  return `${exception.reason} ${where}`;
}
var YAMLException = class YAMLException2 extends Error {
  reason;
  mark;
  /**
  * Optional `mark` contains source snippet data. Usually, use
  * {@link YAMLException.throwAt} instead of passing it directly.
  */
  constructor(reason, mark) {
    super();
    this.name = "YAMLException";
    this.reason = reason;
    this.mark = mark;
    this.message = formatError(this, false);
    if (Error.captureStackTrace) Error.captureStackTrace(this, this.constructor);
  }
  /**
  * Returns the formatted error, omitting the source snippet in compact mode.
  */
  toString(compact) {
    return `${this.name}: ${formatError(this, compact)}`;
  }
  /**
  * Builds a YAMLException with a source snippet and throws it. `source` is
  * the raw input text; `position` is an offset into it.
  */
  static throwAt(source, position, message, filename = "") {
    let line = 0;
    let lineStart = 0;
    for (let index = 0; index < position; index++) {
      const ch = source.charCodeAt(index);
      if (ch === 10) {
        line++;
        lineStart = index + 1;
      } else if (ch === 13) {
        line++;
        if (source.charCodeAt(index + 1) === 10) index++;
        lineStart = index + 1;
      }
    }
    const mark = {
      name: filename,
      buffer: source,
      position,
      line,
      column: position - lineStart
    };
    mark.snippet = makeSnippet(mark);
    throw new YAMLException2(message, mark);
  }
};
var EVENT_ID = {
  DOCUMENT: 1,
  SEQUENCE: 2,
  MAPPING: 3,
  SCALAR: 4,
  ALIAS: 5,
  POP: 6
};
var SCALAR_STYLE = {
  PLAIN: 1,
  SINGLE_QUOTED: 2,
  DOUBLE_QUOTED: 3,
  LITERAL_BLOCK: 4,
  FOLDED_BLOCK: 5
};
var COLLECTION_STYLE = {
  BLOCK: 1,
  FLOW: 2
};
var CHOMPING_MODE = {
  CLIP: 1,
  STRIP: 2,
  KEEP: 3
};
var NO_RANGE$3 = -1;
function simpleEscapeSequence(c) {
  switch (c) {
    case 48:
      return "\0";
    case 97:
      return "\x07";
    case 98:
      return "\b";
    case 116:
      return "	";
    case 9:
      return "	";
    case 110:
      return "\n";
    case 118:
      return "\v";
    case 102:
      return "\f";
    case 114:
      return "\r";
    case 101:
      return "\x1B";
    case 32:
      return " ";
    case 34:
      return '"';
    case 47:
      return "/";
    case 92:
      return "\\";
    case 78:
      return "\x85";
    case 95:
      return "\xA0";
    case 76:
      return "\u2028";
    case 80:
      return "\u2029";
    default:
      return "";
  }
}
var simpleEscapeCheck = new Array(256);
var simpleEscapeMap = new Array(256);
for (let i = 0; i < 256; i++) {
  simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
  simpleEscapeMap[i] = simpleEscapeSequence(i);
}
function charFromCodepoint(c) {
  if (c <= 65535) return String.fromCharCode(c);
  return String.fromCharCode((c - 65536 >> 10) + 55296, (c - 65536 & 1023) + 56320);
}
function fromHexCode$1(c) {
  if (c >= 48 && c <= 57) return c - 48;
  return (c | 32) - 97 + 10;
}
function escapedHexLen$1(c) {
  if (c === 120) return 2;
  if (c === 117) return 4;
  return 8;
}
function skipFoldedBreaks(input, position, end) {
  let breaks = 0;
  while (position < end) {
    const ch = input.charCodeAt(position);
    if (ch === 10) {
      breaks++;
      position++;
    } else if (ch === 13) {
      breaks++;
      position++;
      if (input.charCodeAt(position) === 10) position++;
    } else if (ch === 32 || ch === 9) position++;
    else break;
  }
  return {
    position,
    breaks
  };
}
function foldedBreaks(count) {
  if (count === 1) return " ";
  return "\n".repeat(count - 1);
}
function getPlainValue(input, start, end) {
  let result = "";
  let position = start;
  let captureStart = start;
  let captureEnd = start;
  while (position < end) {
    const ch = input.charCodeAt(position);
    if (ch === 10 || ch === 13) {
      result += input.slice(captureStart, captureEnd);
      const fold = skipFoldedBreaks(input, position, end);
      result += foldedBreaks(fold.breaks);
      position = captureStart = captureEnd = fold.position;
    } else {
      position++;
      if (ch !== 32 && ch !== 9) captureEnd = position;
    }
  }
  return result + input.slice(captureStart, captureEnd);
}
function getSingleQuotedValue(input, start, end) {
  let result = "";
  let position = start;
  let captureStart = start;
  let captureEnd = start;
  while (position < end) {
    const ch = input.charCodeAt(position);
    if (ch === 39) {
      result += input.slice(captureStart, position) + "'";
      position += 2;
      captureStart = captureEnd = position;
    } else if (ch === 10 || ch === 13) {
      result += input.slice(captureStart, captureEnd);
      const fold = skipFoldedBreaks(input, position, end);
      result += foldedBreaks(fold.breaks);
      position = captureStart = captureEnd = fold.position;
    } else {
      position++;
      if (ch !== 32 && ch !== 9) captureEnd = position;
    }
  }
  return result + input.slice(captureStart, end);
}
function getDoubleQuotedValue(input, start, end) {
  let result = "";
  let position = start;
  let captureStart = start;
  let captureEnd = start;
  while (position < end) {
    const ch = input.charCodeAt(position);
    if (ch === 92) {
      result += input.slice(captureStart, position);
      position++;
      const escaped = input.charCodeAt(position);
      if (escaped === 10 || escaped === 13) position = skipFoldedBreaks(input, position, end).position;
      else if (escaped < 256 && simpleEscapeCheck[escaped]) {
        result += simpleEscapeMap[escaped];
        position++;
      } else {
        let hexLength = escapedHexLen$1(escaped);
        let hexResult = 0;
        for (; hexLength > 0; hexLength--) {
          position++;
          const digit = fromHexCode$1(input.charCodeAt(position));
          hexResult = (hexResult << 4) + digit;
        }
        result += charFromCodepoint(hexResult);
        position++;
      }
      captureStart = captureEnd = position;
    } else if (ch === 10 || ch === 13) {
      result += input.slice(captureStart, captureEnd);
      const fold = skipFoldedBreaks(input, position, end);
      result += foldedBreaks(fold.breaks);
      position = captureStart = captureEnd = fold.position;
    } else {
      position++;
      if (ch !== 32 && ch !== 9) captureEnd = position;
    }
  }
  return result + input.slice(captureStart, end);
}
function getBlockValue(input, start, end, indent, chomping, folded) {
  const textIndent = indent < 0 ? 0 : indent;
  const region = input.slice(start, end).replace(/\r\n?/g, "\n");
  const lines = region === "" ? [] : (region.endsWith("\n") ? region.slice(0, -1) : region).split("\n");
  let result = "";
  let didReadContent = false;
  let emptyLines = 0;
  let atMoreIndented = false;
  for (const line of lines) {
    let column = 0;
    while (column < textIndent && line.charCodeAt(column) === 32) column++;
    if (indent < 0 || column >= line.length) {
      emptyLines++;
      continue;
    }
    const content = line.slice(textIndent);
    const first = content.charCodeAt(0);
    if (folded) {
      if (first === 32 || first === 9) {
        atMoreIndented = true;
        result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
      } else if (atMoreIndented) {
        atMoreIndented = false;
        result += "\n".repeat(emptyLines + 1);
      } else if (emptyLines === 0) {
        if (didReadContent) result += " ";
      } else result += "\n".repeat(emptyLines);
    } else result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
    result += content;
    didReadContent = true;
    emptyLines = 0;
  }
  if (chomping === CHOMPING_MODE.KEEP) result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
  else if (chomping !== CHOMPING_MODE.STRIP) {
    if (didReadContent) result += "\n";
  }
  return result;
}
function getScalarValue(input, scalar) {
  if (scalar.valueStart === NO_RANGE$3) return "";
  const { valueStart, valueEnd } = scalar;
  if (scalar.fast) return input.slice(valueStart, valueEnd);
  switch (scalar.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
      return getSingleQuotedValue(input, valueStart, valueEnd);
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return getDoubleQuotedValue(input, valueStart, valueEnd);
    case SCALAR_STYLE.LITERAL_BLOCK:
      return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, false);
    case SCALAR_STYLE.FOLDED_BLOCK:
      return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, true);
    default:
      return getPlainValue(input, valueStart, valueEnd);
  }
}
var DEFAULT_TAG_HANDLERS = Object.assign(/* @__PURE__ */ Object.create(null), {
  "!": "!",
  "!!": "tag:yaml.org,2002:"
});
var TAG_SUFFIX_CHARS = "-#;/?:@&=+$_.~*'()";
var TAG_URI_CHARS = TAG_SUFFIX_CHARS + "!,[]";
var DEFAULT_CONSTRUCTOR_OPTIONS = {
  filename: "",
  schema: CORE_SCHEMA,
  json: false,
  maxTotalMergeKeys: 1e4,
  maxAliases: -1
};
var NO_RANGE$1 = -1;
var HAS_OWN = Object.prototype.hasOwnProperty;
var CONTEXT_FLOW_IN = 1;
var CONTEXT_FLOW_OUT = 2;
var CONTEXT_BLOCK_IN = 3;
var CONTEXT_BLOCK_OUT = 4;
var PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
var PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
var PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
var NS_URI_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$,_.!~*'()\[\]])`;
var NS_TAG_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$.~*'()_])`;
var PATTERN_TAG_URI = new RegExp(`^(?:${NS_URI_CHAR})*$`);
var PATTERN_TAG_SUFFIX = new RegExp(`^(?:${NS_TAG_CHAR})+$`);
var PATTERN_TAG_PREFIX = new RegExp(`^(?:!(?:${NS_URI_CHAR})*|${NS_TAG_CHAR}(?:${NS_URI_CHAR})*)$`);
var DEFAULT_PARSER_OPTIONS = {
  filename: "",
  maxDepth: 100
};
function addDocumentEvent(state, explicitStart, explicitEnd) {
  state.events.push({
    type: EVENT_ID.DOCUMENT,
    explicitStart,
    explicitEnd,
    directives: state.directives
  });
}
function addSequenceEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
  state.events.push({
    type: EVENT_ID.SEQUENCE,
    start,
    anchorStart,
    anchorEnd,
    tagStart,
    tagEnd,
    style
  });
}
function addMappingEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
  state.events.push({
    type: EVENT_ID.MAPPING,
    start,
    anchorStart,
    anchorEnd,
    tagStart,
    tagEnd,
    style
  });
}
function insertFlowPairMappingEvent(state, snapshot) {
  state.events.splice(snapshot.eventsLength, 0, {
    type: EVENT_ID.MAPPING,
    start: snapshot.position,
    anchorStart: NO_RANGE$1,
    anchorEnd: NO_RANGE$1,
    tagStart: NO_RANGE$1,
    tagEnd: NO_RANGE$1,
    style: COLLECTION_STYLE.FLOW
  });
}
function addScalarEvent(state, valueStart, valueEnd, anchorStart, anchorEnd, tagStart, tagEnd, style, chomping = CHOMPING_MODE.CLIP, indent = -1, fast = false) {
  state.events.push({
    type: EVENT_ID.SCALAR,
    valueStart,
    valueEnd,
    anchorStart,
    anchorEnd,
    tagStart,
    tagEnd,
    style,
    chomping,
    indent,
    fast
  });
}
function addAliasEvent(state, anchorStart, anchorEnd) {
  state.events.push({
    type: EVENT_ID.ALIAS,
    anchorStart,
    anchorEnd
  });
}
function addPopEvent(state) {
  state.events.push({ type: EVENT_ID.POP });
}
function addEmptyScalarEvent(state) {
  addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, SCALAR_STYLE.PLAIN);
}
function emptyProperties() {
  return {
    anchorStart: NO_RANGE$1,
    anchorEnd: NO_RANGE$1,
    tagStart: NO_RANGE$1,
    tagEnd: NO_RANGE$1
  };
}
function snapshotState(state) {
  return {
    position: state.position,
    line: state.line,
    lineStart: state.lineStart,
    lineIndent: state.lineIndent,
    firstTabInLine: state.firstTabInLine,
    eventsLength: state.events.length
  };
}
function restoreState(state, snapshot) {
  state.position = snapshot.position;
  state.line = snapshot.line;
  state.lineStart = snapshot.lineStart;
  state.lineIndent = snapshot.lineIndent;
  state.firstTabInLine = snapshot.firstTabInLine;
  state.events.length = snapshot.eventsLength;
}
function throwError(state, message) {
  YAMLException.throwAt(state.input.slice(0, state.length), state.position, message, state.filename);
}
function isEol(c) {
  return c === 10 || c === 13;
}
function isWhiteSpace(c) {
  return c === 9 || c === 32;
}
function isWsOrEol(c) {
  return isWhiteSpace(c) || isEol(c);
}
function isWsOrEolOrEnd(c) {
  return c === 0 || isWsOrEol(c);
}
function isFlowIndicator(c) {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
function fromDecimalCode(c) {
  return c >= 48 && c <= 57 ? c - 48 : -1;
}
function fromHexCode(c) {
  if (c >= 48 && c <= 57) return c - 48;
  const lc = c | 32;
  if (lc >= 97 && lc <= 102) return lc - 97 + 10;
  return -1;
}
function escapedHexLen(c) {
  if (c === 120) return 2;
  if (c === 117) return 4;
  if (c === 85) return 8;
  return 0;
}
function isSimpleEscape(c) {
  return c === 48 || c === 97 || c === 98 || c === 116 || c === 9 || c === 110 || c === 118 || c === 102 || c === 114 || c === 101 || c === 32 || c === 34 || c === 47 || c === 92 || c === 78 || c === 95 || c === 76 || c === 80;
}
function consumeLineBreak(state) {
  if (state.input.charCodeAt(state.position) === 10) state.position++;
  else {
    state.position++;
    if (state.input.charCodeAt(state.position) === 10) state.position++;
  }
  state.line++;
  state.lineStart = state.position;
  state.lineIndent = 0;
  state.firstTabInLine = -1;
}
function skipSeparationSpace(state, allowComments) {
  let lineBreaks = 0;
  let ch = state.input.charCodeAt(state.position);
  let hasSeparation = state.position === state.lineStart || isWsOrEol(state.input.charCodeAt(state.position - 1));
  while (ch !== 0) {
    while (isWhiteSpace(ch)) {
      hasSeparation = true;
      if (ch === 9 && state.firstTabInLine === -1) state.firstTabInLine = state.position;
      ch = state.input.charCodeAt(++state.position);
    }
    if (allowComments && hasSeparation && ch === 35) do
      ch = state.input.charCodeAt(++state.position);
    while (!isEol(ch) && ch !== 0);
    if (!isEol(ch)) break;
    consumeLineBreak(state);
    lineBreaks++;
    hasSeparation = true;
    ch = state.input.charCodeAt(state.position);
    while (ch === 32) {
      state.lineIndent++;
      ch = state.input.charCodeAt(++state.position);
    }
  }
  return lineBreaks;
}
function testDocumentSeparator(state, position = state.position) {
  const ch = state.input.charCodeAt(position);
  if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(position + 1) && ch === state.input.charCodeAt(position + 2)) {
    const following = state.input.charCodeAt(position + 3);
    return following === 0 || isWsOrEol(following);
  }
  return false;
}
function skipByteOrderMark(state) {
  if (state.position === state.lineStart && state.input.charCodeAt(state.position) === 65279) {
    state.position++;
    state.lineStart = state.position;
  }
}
function testDocumentBoundary(state) {
  if (state.position !== state.lineStart) return false;
  if (testDocumentSeparator(state)) return true;
  if (state.input.charCodeAt(state.position) !== 65279) return false;
  const snapshot = snapshotState(state);
  skipByteOrderMark(state);
  skipSeparationSpace(state, true);
  const ch = state.input.charCodeAt(state.position);
  const result = state.position === state.lineStart && (ch === 37 || ch === 45 && testDocumentSeparator(state));
  restoreState(state, snapshot);
  return result;
}
function skipUntilLineEnd(state) {
  let ch = state.input.charCodeAt(state.position);
  while (ch !== 0 && !isEol(ch)) ch = state.input.charCodeAt(++state.position);
}
function checkPrintable(state, start, end) {
  const match2 = PATTERN_NON_PRINTABLE.exec(state.input.slice(start, end));
  if (match2 !== null) {
    state.position = start + match2.index + match2[0].length - 1;
    throwError(state, "the stream contains non-printable characters");
  }
}
function readTagProperty(state, props, inFlow) {
  if (state.input.charCodeAt(state.position) !== 33) return false;
  if (props.tagStart !== NO_RANGE$1) throwError(state, "duplication of a tag property");
  const start = state.position;
  let isVerbatim = false;
  let isNamed = false;
  let tagHandle = "!";
  let ch = state.input.charCodeAt(++state.position);
  if (ch === 60) {
    isVerbatim = true;
    ch = state.input.charCodeAt(++state.position);
  } else if (ch === 33) {
    isNamed = true;
    tagHandle = "!!";
    ch = state.input.charCodeAt(++state.position);
  }
  let suffixStart = state.position;
  let tagName2;
  if (isVerbatim) {
    while (ch !== 0 && ch !== 62) ch = state.input.charCodeAt(++state.position);
    if (ch !== 62) throwError(state, "unexpected end of the stream within a verbatim tag");
    tagName2 = state.input.slice(suffixStart, state.position);
    state.position++;
  } else {
    while (ch !== 0 && !isWsOrEol(ch) && !(inFlow && isFlowIndicator(ch))) {
      if (ch === 33) {
        if (!isNamed) {
          tagHandle = state.input.slice(suffixStart - 1, state.position + 1);
          if (!PATTERN_TAG_HANDLE.test(tagHandle)) throwError(state, "named tag handle cannot contain such characters");
          isNamed = true;
          suffixStart = state.position + 1;
        } else throwError(state, "tag suffix cannot contain exclamation marks");
      }
      ch = state.input.charCodeAt(++state.position);
    }
    tagName2 = state.input.slice(suffixStart, state.position);
    if (PATTERN_FLOW_INDICATORS.test(tagName2)) throwError(state, "tag suffix cannot contain flow indicator characters");
  }
  if (tagName2 && !(isVerbatim ? PATTERN_TAG_URI.test(tagName2) : PATTERN_TAG_SUFFIX.test(tagName2))) throwError(state, `tag name cannot contain such characters: ${tagName2}`);
  if (!isVerbatim && tagHandle !== "!" && tagHandle !== "!!" && !HAS_OWN.call(state.tagHandlers, tagHandle)) throwError(state, `undeclared tag handle "${tagHandle}"`);
  props.tagStart = start;
  props.tagEnd = state.position;
  return true;
}
function readAnchorProperty(state, props) {
  if (state.input.charCodeAt(state.position) !== 38) return false;
  if (props.anchorStart !== NO_RANGE$1) throwError(state, "duplication of an anchor property");
  state.position++;
  const start = state.position;
  while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
  if (state.position === start) throwError(state, "name of an anchor node must contain at least one character");
  props.anchorStart = start;
  props.anchorEnd = state.position;
  return true;
}
function readAlias(state, props) {
  if (state.input.charCodeAt(state.position) !== 42) return false;
  if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) throwError(state, "alias node should not have any properties");
  state.position++;
  const start = state.position;
  while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
  if (state.position === start) throwError(state, "name of an alias node must contain at least one character");
  addAliasEvent(state, start, state.position);
  return true;
}
function readFlowScalarBreak(state, nodeIndent) {
  skipSeparationSpace(state, false);
  if (state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readSingleQuotedScalar(state, nodeIndent, props) {
  if (state.input.charCodeAt(state.position) !== 39) return false;
  state.position++;
  const start = state.position;
  let simple = true;
  while (state.input.charCodeAt(state.position) !== 0) {
    const ch = state.input.charCodeAt(state.position);
    if (ch === 39) {
      if (state.input.charCodeAt(state.position + 1) === 39) {
        simple = false;
        state.position += 2;
        continue;
      }
      const end = state.position;
      state.position++;
      addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.SINGLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
      return true;
    }
    if (isEol(ch)) {
      simple = false;
      readFlowScalarBreak(state, nodeIndent);
    } else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a single quoted scalar");
    else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
    else state.position++;
  }
  throwError(state, "unexpected end of the stream within a single quoted scalar");
}
function readDoubleQuotedScalar(state, nodeIndent, props) {
  if (state.input.charCodeAt(state.position) !== 34) return false;
  state.position++;
  const start = state.position;
  let simple = true;
  while (state.input.charCodeAt(state.position) !== 0) {
    const ch = state.input.charCodeAt(state.position);
    if (ch === 34) {
      const end = state.position;
      state.position++;
      addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.DOUBLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
      return true;
    }
    if (ch === 92) {
      simple = false;
      const escaped = state.input.charCodeAt(++state.position);
      if (isEol(escaped)) readFlowScalarBreak(state, nodeIndent);
      else if (isSimpleEscape(escaped)) state.position++;
      else {
        let hexLength = escapedHexLen(escaped);
        if (hexLength === 0) throwError(state, "unknown escape sequence");
        while (hexLength-- > 0) {
          state.position++;
          if (fromHexCode(state.input.charCodeAt(state.position)) < 0) throwError(state, "expected hexadecimal character");
        }
        state.position++;
      }
    } else if (isEol(ch)) {
      simple = false;
      readFlowScalarBreak(state, nodeIndent);
    } else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a double quoted scalar");
    else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
    else state.position++;
  }
  throwError(state, "unexpected end of the stream within a double quoted scalar");
}
function readBlockScalar(state, parentIndent, props) {
  const ch = state.input.charCodeAt(state.position);
  let chomping = CHOMPING_MODE.CLIP;
  let indent = -1;
  let detectedIndent = false;
  if (ch !== 124 && ch !== 62) return false;
  const style = ch === 124 ? SCALAR_STYLE.LITERAL_BLOCK : SCALAR_STYLE.FOLDED_BLOCK;
  state.position++;
  while (state.input.charCodeAt(state.position) !== 0) {
    const current = state.input.charCodeAt(state.position);
    const digit = fromDecimalCode(current);
    if (current === 43 || current === 45) {
      if (chomping !== CHOMPING_MODE.CLIP) throwError(state, "repeat of a chomping mode identifier");
      chomping = current === 43 ? CHOMPING_MODE.KEEP : CHOMPING_MODE.STRIP;
      state.position++;
    } else if (digit >= 0) {
      if (digit === 0) throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
      if (detectedIndent) throwError(state, "repeat of an indentation width identifier");
      indent = parentIndent + digit - 1;
      detectedIndent = true;
      state.position++;
    } else break;
  }
  let hadWhitespace = false;
  while (isWhiteSpace(state.input.charCodeAt(state.position))) {
    hadWhitespace = true;
    state.position++;
  }
  if (hadWhitespace && state.input.charCodeAt(state.position) === 35) skipUntilLineEnd(state);
  if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
  else if (state.input.charCodeAt(state.position) !== 0) throwError(state, "a line break is expected");
  let contentIndent = detectedIndent ? indent : -1;
  let maxLeadingIndent = 0;
  const valueStart = state.position;
  let valueEnd = state.position;
  while (state.input.charCodeAt(state.position) !== 0) {
    const linePosition = state.position;
    let column = 0;
    while (state.input.charCodeAt(linePosition + column) === 32) column++;
    const first = state.input.charCodeAt(linePosition + column);
    if (first === 0) {
      if (contentIndent >= 0) {
        if (column > contentIndent) valueEnd = linePosition + column;
      } else if (column > 0) valueEnd = linePosition + column;
      break;
    }
    if (testDocumentBoundary(state)) break;
    if (!detectedIndent && contentIndent === -1 && isEol(first)) maxLeadingIndent = Math.max(maxLeadingIndent, column);
    if (!detectedIndent && contentIndent === -1 && !isEol(first)) {
      if (first === 9 && column < parentIndent) {
        state.position = linePosition + column;
        throwError(state, "tab characters must not be used in indentation");
      }
      if (column >= parentIndent && column < maxLeadingIndent) {
        state.position = linePosition + column;
        throwError(state, "bad indentation of a mapping entry");
      }
    }
    if (contentIndent === -1 && first !== 0 && !isEol(first) && column < parentIndent) {
      state.lineIndent = column;
      state.position = linePosition + column;
      break;
    }
    if (!detectedIndent && first !== 0 && !isEol(first) && contentIndent === -1) contentIndent = column;
    const requiredIndent = contentIndent === -1 ? parentIndent + 1 : contentIndent;
    if (first !== 0 && !isEol(first) && column < requiredIndent) {
      state.lineIndent = column;
      state.position = linePosition + column;
      break;
    }
    skipUntilLineEnd(state);
    valueEnd = state.position;
    if (isEol(state.input.charCodeAt(state.position))) {
      consumeLineBreak(state);
      valueEnd = state.position;
    }
  }
  checkPrintable(state, valueStart, valueEnd);
  addScalarEvent(state, valueStart, valueEnd, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, style, chomping, contentIndent);
  return true;
}
function canStartPlainScalar(state, nodeContext) {
  const ch = state.input.charCodeAt(state.position);
  const inFlow = nodeContext === CONTEXT_FLOW_IN;
  if (ch === 0 || isWsOrEol(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96 || isFlowIndicator(ch)) return false;
  if (ch === 63 || ch === 45) {
    const following = state.input.charCodeAt(state.position + 1);
    if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) return false;
  }
  return true;
}
function readPlainScalar(state, nodeIndent, nodeContext, props) {
  if (!canStartPlainScalar(state, nodeContext)) return false;
  const start = state.position;
  let end = state.position;
  let ch = state.input.charCodeAt(state.position);
  const inFlow = nodeContext === CONTEXT_FLOW_IN;
  let multiline = false;
  while (ch !== 0) {
    if (testDocumentBoundary(state)) break;
    if (ch === 58) {
      const following = state.input.charCodeAt(state.position + 1);
      if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) break;
    } else if (ch === 35) {
      if (isWsOrEol(state.input.charCodeAt(state.position - 1))) break;
    } else if (inFlow && isFlowIndicator(ch)) break;
    else if (isEol(ch)) {
      const savedPosition = state.position;
      const savedLine = state.line;
      const savedLineStart = state.lineStart;
      const savedLineIndent = state.lineIndent;
      skipSeparationSpace(state, false);
      if (state.lineIndent >= nodeIndent) {
        multiline = true;
        ch = state.input.charCodeAt(state.position);
        continue;
      }
      state.position = savedPosition;
      state.line = savedLine;
      state.lineStart = savedLineStart;
      state.lineIndent = savedLineIndent;
      break;
    }
    if (!isWhiteSpace(ch)) end = state.position + 1;
    ch = state.input.charCodeAt(++state.position);
  }
  if (end === start) return false;
  checkPrintable(state, start, end);
  addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN, CHOMPING_MODE.CLIP, -1, !multiline);
  return true;
}
function skipFlowSeparationSpace(state, nodeIndent) {
  const startLine = state.line;
  skipSeparationSpace(state, true);
  if (state.line > startLine && state.lineIndent < nodeIndent || state.firstTabInLine !== -1 && state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readFlowCollection(state, nodeIndent, props) {
  const ch = state.input.charCodeAt(state.position);
  const isMapping = ch === 123;
  const start = state.position;
  let readNext = true;
  if (ch !== 91 && ch !== 123) return false;
  const terminator = isMapping ? 125 : 93;
  if (isMapping) addMappingEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
  else addSequenceEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
  state.position++;
  while (state.input.charCodeAt(state.position) !== 0) {
    skipFlowSeparationSpace(state, nodeIndent);
    let ch2 = state.input.charCodeAt(state.position);
    if (ch2 === terminator) {
      state.position++;
      addPopEvent(state);
      return true;
    } else if (!readNext) throwError(state, "missed comma between flow collection entries");
    else if (ch2 === 44) throwError(state, "expected the node content, but found ','");
    let isPair = false;
    let isExplicitPair = false;
    if (ch2 === 63 && isWsOrEol(state.input.charCodeAt(state.position + 1))) {
      isPair = isExplicitPair = true;
      state.position += 1;
      skipFlowSeparationSpace(state, nodeIndent);
    }
    const entryLine = state.line;
    const entryStart = snapshotState(state);
    const keyWasRead = parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
    skipFlowSeparationSpace(state, nodeIndent);
    ch2 = state.input.charCodeAt(state.position);
    if ((isMapping || isExplicitPair || state.line === entryLine) && ch2 === 58) {
      isPair = true;
      state.position++;
      skipFlowSeparationSpace(state, nodeIndent);
      if (!isMapping) {
        insertFlowPairMappingEvent(state, entryStart);
        if (!keyWasRead) addEmptyScalarEvent(state);
      } else if (!keyWasRead) addEmptyScalarEvent(state);
      if (!parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true)) addEmptyScalarEvent(state);
      skipFlowSeparationSpace(state, nodeIndent);
      if (!isMapping) addPopEvent(state);
    } else if (isMapping && isPair) {
      if (!keyWasRead) addEmptyScalarEvent(state);
      addEmptyScalarEvent(state);
    } else if (isMapping) addEmptyScalarEvent(state);
    else if (isPair) {
      insertFlowPairMappingEvent(state, entryStart);
      if (!keyWasRead) addEmptyScalarEvent(state);
      addEmptyScalarEvent(state);
      addPopEvent(state);
    }
    ch2 = state.input.charCodeAt(state.position);
    if (ch2 === 44) {
      readNext = true;
      state.position++;
    } else readNext = false;
  }
  throwError(state, "unexpected end of the stream within a flow collection");
}
function readBlockSequence(state, nodeIndent, props) {
  if (state.firstTabInLine !== -1 || state.input.charCodeAt(state.position) !== 45 || !isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) return false;
  addSequenceEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
  while (state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) {
    if (state.firstTabInLine !== -1) {
      state.position = state.firstTabInLine;
      throwError(state, "tab characters must not be used in indentation");
    }
    const entryLine = state.line;
    state.position++;
    const hadBreak = skipSeparationSpace(state, true) > 0;
    if (state.firstTabInLine !== -1 && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
    if (hadBreak && state.lineIndent <= nodeIndent) addEmptyScalarEvent(state);
    else parseNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
    skipSeparationSpace(state, true);
    if (state.lineIndent < nodeIndent || state.position >= state.length) break;
    if (state.lineIndent > nodeIndent) throwError(state, "bad indentation of a sequence entry");
    if (state.line === entryLine && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
  }
  addPopEvent(state);
  return true;
}
function readBlockMapping(state, nodeIndent, flowIndent, props) {
  let atExplicitKey = false;
  let detected = false;
  let mappingOpened = false;
  let pendingExplicitKey = false;
  if (state.firstTabInLine !== -1) return false;
  let ch = state.input.charCodeAt(state.position);
  while (ch !== 0) {
    if (!atExplicitKey && state.firstTabInLine !== -1) {
      state.position = state.firstTabInLine;
      throwError(state, "tab characters must not be used in indentation");
    }
    const following = state.input.charCodeAt(state.position + 1);
    const entryLine = state.line;
    if ((ch === 63 || ch === 58) && isWsOrEolOrEnd(following)) {
      if (!mappingOpened) {
        addMappingEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
        mappingOpened = true;
      }
      if (ch === 63) {
        if (atExplicitKey) addEmptyScalarEvent(state);
        detected = true;
        atExplicitKey = true;
      } else if (atExplicitKey) atExplicitKey = false;
      else {
        addEmptyScalarEvent(state);
        detected = true;
        atExplicitKey = false;
      }
      state.position += 1;
      pendingExplicitKey = true;
    } else {
      if (atExplicitKey) {
        addEmptyScalarEvent(state);
        atExplicitKey = false;
      }
      const beforeKey = snapshotState(state);
      if (!parseNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) break;
      if (state.line === entryLine) {
        ch = state.input.charCodeAt(state.position);
        while (isWhiteSpace(ch)) ch = state.input.charCodeAt(++state.position);
        if (ch === 58) {
          ch = state.input.charCodeAt(++state.position);
          if (!isWsOrEolOrEnd(ch)) throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
          if (!mappingOpened) {
            state.events.splice(beforeKey.eventsLength, 0, {
              type: EVENT_ID.MAPPING,
              start: beforeKey.position,
              anchorStart: props.anchorStart,
              anchorEnd: props.anchorEnd,
              tagStart: props.tagStart,
              tagEnd: props.tagEnd,
              style: COLLECTION_STYLE.BLOCK
            });
            mappingOpened = true;
          }
          detected = true;
          atExplicitKey = false;
          pendingExplicitKey = false;
        } else if (detected) throwError(state, "expected ':' after a mapping key");
        else {
          if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
            restoreState(state, beforeKey);
            return false;
          }
          return true;
        }
      } else if (detected) throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
      else {
        if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
          restoreState(state, beforeKey);
          return false;
        }
        return true;
      }
    }
    if (parseNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, pendingExplicitKey)) pendingExplicitKey = false;
    if (!atExplicitKey) {
      if (pendingExplicitKey) {
        addEmptyScalarEvent(state);
        pendingExplicitKey = false;
      }
    }
    skipSeparationSpace(state, true);
    ch = state.input.charCodeAt(state.position);
    if ((state.line === entryLine || state.lineIndent > nodeIndent) && ch !== 0) throwError(state, "bad indentation of a mapping entry");
    else if (state.lineIndent < nodeIndent) break;
  }
  if (!detected) return false;
  if (atExplicitKey) addEmptyScalarEvent(state);
  if (mappingOpened) addPopEvent(state);
  return true;
}
function parseNode(state, parentIndent, nodeContext, allowToSeek, allowCompact, allowPropertyMapping = true) {
  if (state.depth >= state.maxDepth) throwError(state, `nesting exceeded maxDepth (${state.maxDepth})`);
  state.depth++;
  let indentStatus = 1;
  let atNewLine = false;
  let hasContent = false;
  let propertyStart = null;
  const props = emptyProperties();
  let allowBlockScalars = nodeContext === CONTEXT_BLOCK_OUT || nodeContext === CONTEXT_BLOCK_IN;
  let allowBlockCollections = allowBlockScalars;
  const allowBlockStyles = allowBlockScalars;
  if (allowToSeek && skipSeparationSpace(state, true)) {
    atNewLine = true;
    if (state.lineIndent > parentIndent) indentStatus = 1;
    else if (state.lineIndent === parentIndent) indentStatus = 0;
    else indentStatus = -1;
  }
  if (indentStatus === 1) while (true) {
    const ch = state.input.charCodeAt(state.position);
    const propertyState = snapshotState(state);
    if (atNewLine && indentStatus !== 1 && (ch === 33 || ch === 38)) break;
    if (atNewLine && allowBlockStyles && (props.tagStart !== NO_RANGE$1 || props.anchorStart !== NO_RANGE$1) && (ch === 33 || ch === 38)) {
      const fallbackState = snapshotState(state);
      const flowIndent = parentIndent + 1;
      if (readBlockMapping(state, state.position - state.lineStart, flowIndent, props) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) {
        state.depth--;
        return true;
      }
      restoreState(state, fallbackState);
    }
    if (atNewLine && (ch === 33 && props.tagStart !== NO_RANGE$1 || ch === 38 && props.anchorStart !== NO_RANGE$1)) break;
    if (!readTagProperty(state, props, nodeContext === CONTEXT_FLOW_IN) && !readAnchorProperty(state, props)) break;
    if (propertyStart === null) propertyStart = propertyState;
    if (skipSeparationSpace(state, true)) {
      atNewLine = true;
      allowBlockCollections = allowBlockStyles;
      if (state.lineIndent > parentIndent) indentStatus = 1;
      else if (state.lineIndent === parentIndent) indentStatus = 0;
      else indentStatus = -1;
    } else allowBlockCollections = false;
  }
  if (allowBlockCollections) allowBlockCollections = atNewLine || allowCompact;
  if (indentStatus === 1 || nodeContext === CONTEXT_BLOCK_OUT) {
    const flowIndent = nodeContext === CONTEXT_FLOW_IN || nodeContext === CONTEXT_FLOW_OUT ? parentIndent : parentIndent + 1;
    const blockIndent = state.position - state.lineStart;
    if (indentStatus === 1) {
      if (allowBlockCollections && (readBlockSequence(state, blockIndent, props) || readBlockMapping(state, blockIndent, flowIndent, props)) || readFlowCollection(state, flowIndent, props)) hasContent = true;
      else {
        const ch = state.input.charCodeAt(state.position);
        if (propertyStart !== null && allowPropertyMapping && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62) {
          const fallbackState = snapshotState(state);
          const propertyIndent = propertyStart.position - propertyStart.lineStart;
          restoreState(state, propertyStart);
          if (readBlockMapping(state, propertyIndent, flowIndent, emptyProperties()) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) hasContent = true;
          else restoreState(state, fallbackState);
        }
        if (!hasContent && (allowBlockScalars && readBlockScalar(state, flowIndent, props) || readSingleQuotedScalar(state, flowIndent, props) || readDoubleQuotedScalar(state, flowIndent, props) || readAlias(state, props) || readPlainScalar(state, flowIndent, nodeContext, props))) hasContent = true;
      }
    } else if (indentStatus === 0) hasContent = allowBlockCollections && readBlockSequence(state, blockIndent, props);
  }
  allowBlockScalars = allowBlockScalars && !hasContent;
  if (!hasContent && (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1 || allowBlockScalars)) {
    addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN);
    hasContent = true;
  }
  state.depth--;
  return hasContent || props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1;
}
function readDirective(state) {
  if (state.lineIndent > 0 || state.input.charCodeAt(state.position) !== 37) return false;
  state.position++;
  const nameStart = state.position;
  while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
  const name = state.input.slice(nameStart, state.position);
  const args = [];
  if (name.length === 0) throwError(state, "directive name must not be less than one character in length");
  while (state.input.charCodeAt(state.position) !== 0 && !isEol(state.input.charCodeAt(state.position))) {
    while (isWhiteSpace(state.input.charCodeAt(state.position))) state.position++;
    if (state.input.charCodeAt(state.position) === 35 || isEol(state.input.charCodeAt(state.position)) || state.input.charCodeAt(state.position) === 0) break;
    const start = state.position;
    while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
    args.push(state.input.slice(start, state.position));
  }
  if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
  if (name === "YAML") {
    if (state.directives.some((directive) => directive.kind === "yaml")) throwError(state, "duplication of %YAML directive");
    if (args.length !== 1) throwError(state, "YAML directive accepts exactly one argument");
    const match2 = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
    if (match2 === null) throwError(state, "ill-formed argument of the YAML directive");
    if (parseInt(match2[1], 10) !== 1) throwError(state, "unacceptable YAML version of the document");
    state.directives.push({
      kind: "yaml",
      version: args[0]
    });
  } else if (name === "TAG") {
    if (args.length !== 2) throwError(state, "TAG directive accepts exactly two arguments");
    const [handle, prefix] = args;
    if (!PATTERN_TAG_HANDLE.test(handle)) throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
    if (HAS_OWN.call(state.tagHandlers, handle)) throwError(state, `there is a previously declared suffix for "${handle}" tag handle`);
    if (!PATTERN_TAG_PREFIX.test(prefix)) throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
    state.tagHandlers[handle] = prefix;
    state.directives.push({
      kind: "tag",
      handle,
      prefix
    });
  }
  return true;
}
function readDocument(state) {
  state.directives = [];
  state.tagHandlers = /* @__PURE__ */ Object.create(null);
  let hasDirectives = false;
  skipSeparationSpace(state, true);
  while (readDirective(state)) {
    hasDirectives = true;
    skipSeparationSpace(state, true);
  }
  let explicitStart = false;
  let explicitEnd = false;
  let allowCompact = true;
  if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 3))) {
    explicitStart = true;
    const markerLine = state.line;
    state.position += 3;
    skipSeparationSpace(state, true);
    allowCompact = state.line > markerLine;
  } else if (hasDirectives) throwError(state, "directives end mark is expected");
  const documentEventIndex = state.events.length;
  if (!explicitStart && state.position === state.lineStart && state.input.charCodeAt(state.position) === 46 && testDocumentSeparator(state)) {
    state.position += 3;
    skipSeparationSpace(state, true);
    return;
  }
  addDocumentEvent(state, explicitStart, false);
  if (!parseNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, allowCompact, allowCompact)) addEmptyScalarEvent(state);
  skipSeparationSpace(state, true);
  if (state.position === state.lineStart && testDocumentSeparator(state)) {
    explicitEnd = state.input.charCodeAt(state.position) === 46;
    if (explicitEnd) {
      const markerLine = state.line;
      state.position += 3;
      skipSeparationSpace(state, true);
      if (state.line === markerLine && state.position < state.length) throwError(state, "end of the stream or a document separator is expected");
    }
  }
  const documentEvent = state.events[documentEventIndex];
  if (documentEvent?.type === EVENT_ID.DOCUMENT) documentEvent.explicitEnd = explicitEnd;
  addPopEvent(state);
  if (!explicitEnd && state.position < state.length && !testDocumentBoundary(state)) throwError(state, "end of the stream or a document separator is expected");
}
function parseEvents(input, options) {
  const length = input.length;
  const state = {
    ...DEFAULT_PARSER_OPTIONS,
    ...options,
    input: `${input}\0`,
    length,
    position: 0,
    line: 0,
    lineStart: 0,
    lineIndent: 0,
    firstTabInLine: -1,
    depth: 0,
    directives: [],
    tagHandlers: /* @__PURE__ */ Object.create(null),
    events: []
  };
  const nullpos = input.indexOf("\0");
  if (nullpos !== -1) YAMLException.throwAt(input, nullpos, "null byte is not allowed in input", state.filename);
  while (state.position < state.length) {
    skipByteOrderMark(state);
    skipSeparationSpace(state, true);
    if (state.position >= state.length) break;
    const documentStart = state.position;
    readDocument(state);
    if (state.position === documentStart)
      throwError(state, "can not read a document");
  }
  return state.events;
}
var DEFAULT_LOAD_OPTIONS = {
  ...DEFAULT_PARSER_OPTIONS,
  ...DEFAULT_CONSTRUCTOR_OPTIONS
};
function hasBit(mask, bit) {
  return (mask & 1 << bit) !== 0;
}
var DEFAULT_SCALAR_STYLE_RULES = {
  applyQuoteFlowKeysOption,
  doubleQuoteForInvisibles,
  doubleQuoteWhitespaceOnly,
  applyForceQuotesOption,
  tryLongOrMultilineAsBlock,
  quoteInvalidPlain,
  fallbackToDoubleQuoted
};
function _preferredQuotedStyle(layout) {
  if (layout.presenterOptions.quoteStyle === "single" && hasBit(layout.allowedStylesMask, SCALAR_STYLE.SINGLE_QUOTED)) return SCALAR_STYLE.SINGLE_QUOTED;
  return SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyQuoteFlowKeysOption(layout) {
  if (!layout.presenterOptions.quoteFlowKeys) return;
  if (!layout.isKey || !layout.flowOnly || layout.style !== SCALAR_STYLE.PLAIN) return;
  layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteForInvisibles(layout) {
  if (layout.style === SCALAR_STYLE.PLAIN && /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteWhitespaceOnly(layout) {
  if (layout.style === SCALAR_STYLE.PLAIN && /^\s+$/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyForceQuotesOption(layout) {
  if (!layout.presenterOptions.forceQuotes) return;
  if (layout.isKey || layout.style !== SCALAR_STYLE.PLAIN) return;
  if (layout.node.tag !== layout.presenterOptions.schema.defaultScalarTag.tagName) return;
  layout.style = layout.node.value.includes("\n") ? SCALAR_STYLE.DOUBLE_QUOTED : _preferredQuotedStyle(layout);
}
function tryLongOrMultilineAsBlock(layout) {
  if (layout.style !== SCALAR_STYLE.PLAIN || layout.isKey) return;
  const value = layout.node.value;
  const multiline = value.indexOf("\n") !== -1;
  if (!hasBit(layout.allowedStylesMask, SCALAR_STYLE.LITERAL_BLOCK)) {
    if (multiline) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
    return;
  }
  const w = layout.presenterOptions.lineWidth;
  if (w === -1) {
    if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
    return;
  }
  const availableWidth = Math.max(Math.min(w, 40), w - layout.shiftOfContent);
  let position = 0;
  let shouldFold = false;
  while (position <= value.length) {
    let lineEnd = value.length;
    const nextLineBreak = value.indexOf("\n", position);
    if (nextLineBreak !== -1) lineEnd = nextLineBreak;
    const line = value.slice(position, lineEnd);
    if (line.length > availableWidth && line[0] !== " " && / [^ \t]/.test(line)) shouldFold = true;
    if (nextLineBreak === -1) break;
    position = nextLineBreak + 1;
  }
  if (shouldFold) layout.style = SCALAR_STYLE.FOLDED_BLOCK;
  else if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
}
function quoteInvalidPlain(layout) {
  if (layout.style === SCALAR_STYLE.PLAIN && !hasBit(layout.allowedStylesMask, SCALAR_STYLE.PLAIN)) layout.style = _preferredQuotedStyle(layout);
}
function fallbackToDoubleQuoted(layout) {
  if (!hasBit(layout.allowedStylesMask, layout.style)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
var SRC_C_PRINTABLE = "[\\x09\\x0A\\x0D\\x20-\\x7E\\x85\\xA0-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]";
var SRC_B_CHAR = "[\\n\\r]";
var SRC_C_BYTE_ORDER_MARK = "\\uFEFF";
var SRC_S_WHITE = "[ \\t]";
var SRC_NB_CHAR = `(?:(?!(?:${SRC_B_CHAR}|${SRC_C_BYTE_ORDER_MARK}))${SRC_C_PRINTABLE})`;
var SRC_NS_CHAR = `(?:(?!${SRC_S_WHITE})${SRC_NB_CHAR})`;
var SRC_NB_JSON = "[\\x09\\x20-\\uD7FF\\uE000-\\uFFFF\\u{10000}-\\u{10FFFF}]";
var SRC_C_INDICATOR = "[-?:,\\[\\]{}#&*!|>'\"%@`]";
var SRC_C_FLOW_INDICATOR = "[,\\[\\]{}]";
var SRC_NS_PLAIN_SAFE_FLOW_OUT = SRC_NS_CHAR;
var SRC_NS_PLAIN_SAFE_FLOW_IN = `(?:(?!${SRC_C_FLOW_INDICATOR})${SRC_NS_CHAR})`;
var SRC_NS_PLAIN_FIRST_FLOW_OUT = `(?:(?:(?!${SRC_C_INDICATOR})${SRC_NS_CHAR})|[?:-](?=${SRC_NS_PLAIN_SAFE_FLOW_OUT}))`;
var SRC_NS_PLAIN_FIRST_FLOW_IN = `(?:(?:(?!${SRC_C_INDICATOR})${SRC_NS_CHAR})|[?:-](?=${SRC_NS_PLAIN_SAFE_FLOW_IN}))`;
var SRC_NS_PLAIN_CHAR_FLOW_OUT = `(?:(?:(?![:#])${SRC_NS_PLAIN_SAFE_FLOW_OUT})|:(?=${SRC_NS_PLAIN_SAFE_FLOW_OUT}))#*`;
var SRC_NS_PLAIN_CHAR_FLOW_IN = `(?:(?:(?![:#])${SRC_NS_PLAIN_SAFE_FLOW_IN})|:(?=${SRC_NS_PLAIN_SAFE_FLOW_IN}))#*`;
var SRC_NB_NS_PLAIN_IN_LINE_FLOW_OUT = `(?:${SRC_S_WHITE}*${SRC_NS_PLAIN_CHAR_FLOW_OUT})*`;
var SRC_NB_NS_PLAIN_IN_LINE_FLOW_IN = `(?:${SRC_S_WHITE}*${SRC_NS_PLAIN_CHAR_FLOW_IN})*`;
var SRC_NS_PLAIN_ONE_LINE_FLOW_OUT = `${SRC_NS_PLAIN_FIRST_FLOW_OUT}#*${SRC_NB_NS_PLAIN_IN_LINE_FLOW_OUT}`;
var SRC_NS_PLAIN_ONE_LINE_FLOW_IN = `${SRC_NS_PLAIN_FIRST_FLOW_IN}#*${SRC_NB_NS_PLAIN_IN_LINE_FLOW_IN}`;
var SRC_NS_PLAIN_ONE_LINE_BLOCK_KEY = SRC_NS_PLAIN_ONE_LINE_FLOW_OUT;
var SRC_NS_PLAIN_ONE_LINE_FLOW_KEY = SRC_NS_PLAIN_ONE_LINE_FLOW_IN;
var SRC_S_NS_PLAIN_NEXT_LINE_FLOW_OUT = `\\n+${SRC_NS_PLAIN_CHAR_FLOW_OUT}${SRC_NB_NS_PLAIN_IN_LINE_FLOW_OUT}`;
var SRC_S_NS_PLAIN_NEXT_LINE_FLOW_IN = `\\n+${SRC_NS_PLAIN_CHAR_FLOW_IN}${SRC_NB_NS_PLAIN_IN_LINE_FLOW_IN}`;
var SRC_NS_PLAIN_MULTI_LINE_FLOW_OUT = `${SRC_NS_PLAIN_ONE_LINE_FLOW_OUT}(?:${SRC_S_NS_PLAIN_NEXT_LINE_FLOW_OUT})*`;
var SRC_NS_PLAIN_MULTI_LINE_FLOW_IN = `${SRC_NS_PLAIN_ONE_LINE_FLOW_IN}(?:${SRC_S_NS_PLAIN_NEXT_LINE_FLOW_IN})*`;
var NS_PLAIN_FLOW_OUT = new RegExp(`^(?:${SRC_NS_PLAIN_MULTI_LINE_FLOW_OUT})$`, "u");
var NS_PLAIN_FLOW_IN = new RegExp(`^(?:${SRC_NS_PLAIN_MULTI_LINE_FLOW_IN})$`, "u");
var NS_PLAIN_BLOCK_KEY = new RegExp(`^(?:${SRC_NS_PLAIN_ONE_LINE_BLOCK_KEY})$`, "u");
var NS_PLAIN_FLOW_KEY = new RegExp(`^(?:${SRC_NS_PLAIN_ONE_LINE_FLOW_KEY})$`, "u");
var NB_SINGLE_ONE_LINE = new RegExp(`^(?:${SRC_NB_JSON})*$`, "u");
var NB_SINGLE_MULTI_LINE = new RegExp(`^(?:${SRC_NB_JSON}|\\n)*$`, "u");
var BLOCK_SCALAR_CONTENT = new RegExp(`^(?:${SRC_NB_CHAR}|\\n)*$`, "u");
var DEFAULT_PRESENTER_OPTIONS = {
  indent: 2,
  seqNoIndent: false,
  seqInlineFirst: true,
  lineWidth: 80,
  flowBracketPadding: false,
  flowSkipCommaSpace: false,
  flowSkipColonSpace: false,
  quoteFlowKeys: false,
  quoteStyle: "single",
  forceQuotes: false,
  scalarStyleRules: Object.keys(DEFAULT_SCALAR_STYLE_RULES).map((name) => Reflect.get(DEFAULT_SCALAR_STYLE_RULES, name)),
  tagBeforeAnchor: false
};
var DEFAULT_DUMP_OPTIONS = {
  ...DEFAULT_PRESENTER_OPTIONS,
  schema: DUMP_SCHEMA,
  skipInvalid: false,
  noRefs: false,
  flowLevel: -1,
  sortKeys: false,
  transform: () => {
  }
};
var EVENT_DOCUMENT = EVENT_ID.DOCUMENT;
var EVENT_SEQUENCE = EVENT_ID.SEQUENCE;
var EVENT_MAPPING = EVENT_ID.MAPPING;
var EVENT_SCALAR = EVENT_ID.SCALAR;
var EVENT_ALIAS = EVENT_ID.ALIAS;
var EVENT_POP = EVENT_ID.POP;
var SCALAR_STYLE_PLAIN = SCALAR_STYLE.PLAIN;
var SCALAR_STYLE_SINGLE_QUOTED = SCALAR_STYLE.SINGLE_QUOTED;
var SCALAR_STYLE_DOUBLE_QUOTED = SCALAR_STYLE.DOUBLE_QUOTED;
var SCALAR_STYLE_LITERAL_BLOCK = SCALAR_STYLE.LITERAL_BLOCK;
var SCALAR_STYLE_FOLDED_BLOCK = SCALAR_STYLE.FOLDED_BLOCK;
var COLLECTION_STYLE_BLOCK = COLLECTION_STYLE.BLOCK;
var COLLECTION_STYLE_FLOW = COLLECTION_STYLE.FLOW;
var CHOMPING_CLIP = CHOMPING_MODE.CLIP;
var CHOMPING_STRIP = CHOMPING_MODE.STRIP;
var CHOMPING_KEEP = CHOMPING_MODE.KEEP;

// src/config/yaml.ts
var DEFAULT_LIMITS = { maxDepth: 200, maxNodes: 5e6 };
var YamlLimitError = class extends Error {
  constructor(message, offset, rule, hint) {
    super(message);
    this.offset = offset;
    this.rule = rule;
    this.hint = hint;
  }
  offset;
  rule;
  hint;
};
var BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
var FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
var INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
var NULL_RE = /^(?:~|null|Null|NULL|)$/;
var TIMESTAMP_RE = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
var TIMESTAMP_PARTS_RE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;
function sexagesimal(digits) {
  let value = 0;
  for (const part of digits.split(":")) value = value * 60 + Number(part);
  return value;
}
function constructInt(text) {
  let s = text.replace(/_/g, "");
  let sign = 1;
  if (s[0] === "-") sign = -1;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  if (s === "0") return 0;
  if (s.startsWith("0b")) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith("0x")) return sign * parseInt(s.slice(2), 16);
  if (s[0] === "0") return sign * parseInt(s, 8);
  if (s.includes(":")) return sign * sexagesimal(s);
  return sign * Number(s);
}
function constructFloat(text) {
  let s = text.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (s[0] === "-") sign = -1;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  if (s === ".inf") return sign * Infinity;
  if (s === ".nan") return NaN;
  if (s.includes(":")) return sign * sexagesimal(s);
  return sign * Number(s.endsWith(".") ? s + "0" : s);
}
function constructTimestamp(text) {
  const m = TIMESTAMP_PARTS_RE.exec(text);
  if (!m) return void 0;
  const [, y, mo, d, h, mi, s, frac, tz, tzSign, tzH, tzM] = m;
  const ms = frac ? Math.round(Number("0." + frac) * 1e3) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (tz && tz !== "Z") {
    const off = (Number(tzH) * 60 + Number(tzM ?? 0)) * 6e4;
    t -= tzSign === "-" ? -off : off;
  }
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? void 0 : date;
}
function resolvePlain(text) {
  if (!MAYBE_TYPED_FIRST.has(text.charCodeAt(0))) return { tag: "str", value: text };
  if (text === "=") return { error: "could not determine a constructor for the tag 'tag:yaml.org,2002:value'" };
  if (NULL_RE.test(text)) return { tag: "null", value: null };
  if (BOOL_RE.test(text)) return { tag: "bool", value: /^(?:yes|true|on)$/i.test(text) };
  if (INT_RE.test(text)) return { tag: "int", value: constructInt(text) };
  if (FLOAT_RE.test(text)) return { tag: "float", value: constructFloat(text) };
  if (TIMESTAMP_RE.test(text)) {
    const date = constructTimestamp(text);
    if (date) return { tag: "timestamp", value: date };
    return { error: `invalid timestamp ${JSON.stringify(text)}` };
  }
  return { tag: "str", value: text };
}
var MAYBE_TYPED_FIRST = new Set(
  [..."~nNyYtTfFoO0123456789-+.="].map((c) => c.charCodeAt(0)).concat([NaN])
  // NaN: the empty string
);
var STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";
function explicitScalar(tagName2, text) {
  const bad = () => ({ error: `cannot read ${JSON.stringify(text)} as !!${tagName2}` });
  switch (tagName2) {
    case "str":
      return { tag: "str", value: text };
    case "int":
      return INT_RE.test(text) ? { tag: "int", value: constructInt(text) } : bad();
    case "float":
      return FLOAT_RE.test(text) || INT_RE.test(text) ? { tag: "float", value: constructFloat(text) } : bad();
    case "bool":
      return BOOL_RE.test(text) ? { tag: "bool", value: /^(?:yes|true|on)$/i.test(text) } : bad();
    case "null":
      return { tag: "null", value: null };
    case "timestamp": {
      const date = constructTimestamp(text);
      return date ? { tag: "timestamp", value: date } : bad();
    }
    case "binary":
      try {
        return { tag: "binary", value: new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "base64")) };
      } catch {
        return bad();
      }
    default:
      return { error: `could not determine a constructor for the tag '${STANDARD_TAG_PREFIX}${tagName2}'` };
  }
}
function tagName(written) {
  if (written === "!") return { standard: "nonspecific", full: "!" };
  if (written.startsWith("!!")) return { standard: written.slice(2), full: STANDARD_TAG_PREFIX + written.slice(2) };
  const verbatim = /^!<(.*)>$/.exec(written);
  const full = verbatim ? verbatim[1] : written;
  if (full.startsWith(STANDARD_TAG_PREFIX)) return { standard: full.slice(STANDARD_TAG_PREFIX.length), full };
  return { full };
}
function scalarKeyString(node) {
  return node.kind === "scalar" && node.tag === "str" ? node.value : void 0;
}
function keyIdentity(node) {
  if (node.kind !== "scalar") return void 0;
  const v = node.value;
  if (v instanceof Date) return `\0timestamp:${v.toISOString()}`;
  if (v instanceof Uint8Array) return `\0binary:${Buffer.from(v).toString("base64")}`;
  if (node.tag === "bool") return `\0int:${v ? 1 : 0}`;
  if (node.tag === "float" && Number.isInteger(v)) return `\0int:${String(v)}`;
  if (node.tag === "str") return v;
  return `\0${node.tag}:${String(v)}`;
}
function parseYaml(source, options = {}) {
  const text = options.text ?? source.text;
  const map = options.offsetMap ?? identityMap;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics = [];
  const at = (offset) => positionOf(source, map.toOriginal(offset));
  let events;
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (err) {
    diagnostics.push(syntaxDiagnostic(source, err, map, limits));
    return { source, documents: [], diagnostics };
  }
  try {
    const documents = buildDocuments(source, text, events, map, limits, diagnostics);
    return { source, documents, diagnostics };
  } catch (err) {
    if (err instanceof YamlLimitError) {
      const pos = at(err.offset);
      diagnostics.push({
        rule: err.rule,
        severity: "error",
        file: source.path,
        line: pos.line,
        column: pos.column,
        message: err.message,
        hint: err.hint
      });
      return { source, documents: [], diagnostics };
    }
    throw err;
  }
}
function syntaxDiagnostic(source, err, map, limits) {
  if (err instanceof YAMLException) {
    const reason = err.reason || "invalid YAML";
    const offset = err.mark ? map.toOriginal(err.mark.position) : 0;
    const pos = positionOf(source, offset);
    const tooDeep = /depth|nest/i.test(reason);
    return {
      rule: tooDeep ? "yaml/too-deep" : "yaml/syntax",
      severity: "error",
      file: source.path,
      line: pos.line,
      column: pos.column,
      message: tooDeep ? `YAML nesting is deeper than ${limits.maxDepth} levels` : `YAML syntax error: ${reason}`,
      hint: tooDeep ? "No configuration needs this depth; the file is probably generated wrongly or hostile." : "Fix the YAML at this position (check indentation, unclosed quotes and brackets, and tabs)."
    };
  }
  return {
    rule: "yaml/syntax",
    severity: "error",
    file: source.path,
    line: 1,
    column: 1,
    message: `YAML could not be parsed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
    hint: "Check that the file is YAML."
  };
}
function buildDocuments(source, text, events, map, limits, diagnostics) {
  const documents = [];
  const anchors = /* @__PURE__ */ new Map();
  const openAnchors = /* @__PURE__ */ new Set();
  const stack = [];
  let doc = null;
  let total = 0;
  let lastEnd = 0;
  const position = (offset) => positionOf(source, offset);
  const fail = (offset, message, rule = "yaml/construct", hint = "Fix the YAML at this position.") => {
    throw new YamlLimitError(message, offset, rule, hint);
  };
  const count = (n, offset) => {
    total += n;
    if (total > limits.maxNodes) {
      fail(
        offset,
        `YAML expands to more than ${limits.maxNodes.toLocaleString("en-US")} nodes (aliases included)`,
        "yaml/too-large",
        'This looks like an alias bomb ("billion laughs"); remove the nested aliases.'
      );
    }
  };
  const attach = (node, anchor) => {
    if (anchor !== void 0) {
      anchors.set(anchor, node);
      openAnchors.delete(anchor);
    }
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (doc) doc.root = node;
      return;
    }
    parent.node.size += node.size;
    if (parent.node.kind === "seq") parent.node.items.push(node);
    else {
      parent.pending.push(node);
      if (parent.pending.length === 2) {
        parent.rawPairs.push({ key: parent.pending[0], value: parent.pending[1] });
        parent.pending = [];
      }
    }
  };
  const anchorOf = (e) => e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : void 0;
  const tagOf = (e) => e.tagStart >= 0 ? text.slice(e.tagStart, e.tagEnd) : void 0;
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        doc = { root: null, explicitStart: e.explicitStart };
        documents.push(doc);
        anchors.clear();
        break;
      case EVENT_ID.SCALAR: {
        const node = makeScalar(text, e, map, tagOf(e), fail, lastEnd);
        if (e.valueEnd >= 0) lastEnd = e.valueEnd;
        count(1, e.valueStart);
        attach(node, anchorOf(e));
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const written = tagOf(e);
        const offset = map.toOriginal(e.start);
        if (written !== void 0) {
          const t = tagName(written);
          const want = e.type === EVENT_ID.SEQUENCE ? "seq" : "map";
          if (t.standard !== want && t.standard !== "nonspecific") {
            fail(
              offset,
              `could not determine a constructor for the tag '${t.full}'`,
              "yaml/unknown-tag",
              "Remove the tag: only the standard YAML tags are read (as PyYAML safe_load does)."
            );
          }
        }
        const anchor = anchorOf(e);
        if (anchor !== void 0) openAnchors.add(anchor);
        const node = e.type === EVENT_ID.SEQUENCE ? { kind: "seq", offset, size: 1, items: [] } : { kind: "map", offset, size: 1, pairs: [], byKey: /* @__PURE__ */ new Map() };
        count(1, e.start);
        stack.push({ node, anchor, pending: [], rawPairs: [] });
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(e.anchorStart, e.anchorEnd);
        const offset = map.toOriginal(Math.max(0, e.anchorStart - 1));
        if (openAnchors.has(name)) {
          fail(
            offset,
            `recursive alias *${name} refers to the collection that contains it`,
            "yaml/recursive-alias",
            "Recursive structures are not allowed in configuration; copy the values instead."
          );
        }
        const target = anchors.get(name);
        if (!target) {
          fail(offset, `found undefined alias *${name}`, "yaml/undefined-alias", `Define the anchor &${name} before using it.`);
        }
        count(target.size, e.anchorStart);
        attach(target, void 0);
        break;
      }
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (!open) {
          doc = null;
          break;
        }
        if (open.node.kind === "map") finishMap(source, open.node, open.rawPairs, map, position, diagnostics, fail);
        attach(open.node, open.anchor);
        break;
      }
    }
  }
  return documents;
}
function makeScalar(text, e, map, written, fail, emptyAt) {
  const raw = e.valueStart < 0 ? "" : getScalarValue(text, e);
  const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
  const startOffset = e.valueStart < 0 ? emptyAt : quoted ? Math.max(0, e.valueStart - 1) : e.valueStart;
  const offset = map.toOriginal(e.tagStart >= 0 ? Math.min(e.tagStart, startOffset) : startOffset);
  let resolved;
  if (written !== void 0) {
    const t = tagName(written);
    if (t.standard === "nonspecific") resolved = { tag: "str", value: raw };
    else if (t.standard !== void 0) resolved = explicitScalar(t.standard, raw);
    else resolved = { error: `could not determine a constructor for the tag '${t.full}'` };
  } else if (e.style === SCALAR_STYLE.PLAIN) {
    resolved = resolvePlain(raw);
  } else {
    resolved = { tag: "str", value: raw };
  }
  if ("error" in resolved) {
    fail(offset, resolved.error, "yaml/unknown-tag", "Remove the tag or quote the value: only standard YAML tags are read (as PyYAML safe_load does).");
  }
  const ok = resolved;
  return {
    kind: "scalar",
    tag: ok.tag,
    value: ok.value,
    style: e.style,
    offset,
    contentOffset: map.toOriginal(e.valueStart < 0 ? startOffset : e.valueStart),
    indent: e.indent,
    size: 1
  };
}
function finishMap(source, node, rawPairs, map, position, diagnostics, fail) {
  void map;
  const mergedPairs = [];
  const explicit = [];
  for (const { key, value } of rawPairs) {
    if (key.kind === "scalar" && key.style === SCALAR_STYLE.PLAIN && key.tag === "str" && key.value === "<<") {
      const sources = value.kind === "map" ? [value] : value.kind === "seq" ? value.items : [];
      if (sources.length === 0 || sources.some((s) => s.kind !== "map")) {
        fail(
          value.offset,
          "expected a mapping or list of mappings for merging",
          "yaml/merge",
          "The value of `<<` must be an alias to a mapping (`<<: *defaults`) or a list of them."
        );
      }
      const group = [];
      for (const s of [...sources].reverse()) {
        for (const p of s.pairs) group.push({ ...p, merged: true });
      }
      mergedPairs.push(...group);
      continue;
    }
    if (key.kind !== "scalar") {
      fail(
        key.offset,
        "found unhashable key: a mapping key must be a scalar",
        "yaml/construct",
        "Use a plain string as the key."
      );
    }
    explicit.push({ key, value, name: scalarKeyString(key), merged: false });
  }
  const seen = /* @__PURE__ */ new Map();
  let duplicates = false;
  for (const p of explicit) {
    const id = p.name !== void 0 ? p.name : keyIdentity(p.key);
    const first = seen.get(id);
    if (first) {
      duplicates = true;
      const a = position(first.key.offset);
      const b = position(p.key.offset);
      diagnostics.push({
        rule: "yaml/duplicate-key",
        severity: "warning",
        file: source.path,
        line: b.line,
        column: b.column,
        message: `duplicate key ${JSON.stringify(String(p.key.value))}: first at line ${a.line}, column ${a.column}; this one (line ${b.line}, column ${b.column}) wins`,
        hint: "Nodepool (PyYAML) silently keeps the last value; remove one of the two."
      });
    }
    seen.set(id, p);
  }
  if (!duplicates && mergedPairs.length === 0) {
    node.pairs = explicit;
    for (const p of explicit) if (p.name !== void 0) node.byKey.set(p.name, p);
    return;
  }
  const order = [];
  const effective = /* @__PURE__ */ new Map();
  for (const p of [...mergedPairs, ...explicit]) {
    const id = p.name !== void 0 ? p.name : keyIdentity(p.key);
    if (!effective.has(id)) order.push(id);
    effective.set(id, p);
  }
  for (const id of order) {
    const p = effective.get(id);
    node.pairs.push(p);
    if (p.name !== void 0) node.byKey.set(p.name, p);
  }
}
function toJS(node) {
  if (node === null) return null;
  const memo = /* @__PURE__ */ new Map();
  const walk = (n) => {
    const done = memo.get(n);
    if (done !== void 0) return done;
    let out;
    if (n.kind === "scalar") out = n.value;
    else if (n.kind === "seq") {
      const arr = [];
      memo.set(n, arr);
      for (const item of n.items) arr.push(walk(item));
      out = arr;
    } else {
      const obj = {};
      memo.set(n, obj);
      for (const p of n.pairs) {
        const k = p.key.kind === "scalar" ? String(p.key.value) : "";
        Object.defineProperty(obj, k, { value: walk(p.value), enumerable: true, writable: true, configurable: true });
      }
      out = obj;
    }
    memo.set(n, out);
    return out;
  };
  return walk(node);
}
function describeNode(node) {
  if (!node) return "nothing";
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  switch (node.tag) {
    case "str":
      return `the string ${JSON.stringify(truncate(node.value))}`;
    case "int":
      return `the integer ${String(node.value)}`;
    case "float":
      return `the float ${formatFloat(node.value)}`;
    case "bool":
      return `the boolean ${node.value ? "true" : "false"}`;
    case "null":
      return "null (an empty value)";
    case "timestamp":
      return `a date (${node.value.toISOString().slice(0, 10)}; quote it to make it a string)`;
    case "binary":
      return "binary data";
  }
}
function truncate(s) {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
function formatFloat(n) {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

// src/validate/suggest.ts
function didYouMean(word, candidates) {
  let best;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === void 0) return void 0;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const sameWithoutSeparators = w.replace(/[-_ ]/g, "") === best.toLowerCase().replace(/[-_ ]/g, "");
  if (bestScore <= limit || sameWithoutSeparators) return `Did you mean \`${best}\`?`;
  return void 0;
}
function editDistance(a, b) {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 4) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => {
    const row = new Array(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

// src/validate/schema.ts
function under(path3, key, fn) {
  path3.push(key);
  try {
    return fn(path3);
  } finally {
    path3.pop();
  }
}
function formatPath(path3) {
  let out = "";
  for (const p of path3) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}
function report(cx, offset, rule, message, hint, severity = "error") {
  const pos = positionOf(cx.source, offset);
  const words = cx.where.map((w) => typeof w === "function" ? w() : w).filter((w) => !!w);
  const where = words.length ? words.join(", ") + ": " : "";
  cx.diagnostics.push({
    rule: `${cx.rulePrefix}/${rule}`,
    severity,
    file: cx.source.path,
    line: pos.line,
    column: pos.column,
    message: where + message,
    ...hint ? { hint } : {}
  });
}
function nodeOffset(node, fallback) {
  return node ? node.offset : fallback;
}
var Schema3 = class {
  description;
  doc(text) {
    this.description = text;
    return this;
  }
  withDoc(s) {
    return this.description ? { description: this.description, ...s } : s;
  }
};
function label(path3) {
  const p = formatPath(path3);
  return p ? `\`${p}\`` : "the document";
}
function typeError(cx, node, path3, fallback, want, hint) {
  report(cx, nodeOffset(node, fallback), "type", `${label(path3)} must be ${want}, not ${describeNode(node)}`, hint);
  return false;
}
var ScalarSchema = class extends Schema3 {
  constructor(kind) {
    super();
    this.kind = kind;
  }
  kind;
  check(node, cx, path3, fallback) {
    const ok = scalarMatches(this.kind, node);
    if (ok) return true;
    let hint;
    if (this.kind === "float" && node?.kind === "scalar" && node.tag === "int") {
      hint = `Nodepool reads this as a float and rejects an integer: write ${String(node.value)}.0`;
    } else if (this.kind === "int" && node?.kind === "scalar" && node.tag === "str" && /^\s*-?\d+\s*$/.test(node.value)) {
      hint = `Remove the quotes: ${node.value.trim()}`;
    } else if (this.kind === "str" && node?.kind === "scalar" && node.tag !== "str" && node.tag !== "null") {
      hint = "Quote the value to make it a string.";
    }
    return typeError(cx, node, path3, fallback, this.describe(), hint);
  }
  describe() {
    return {
      str: "a string",
      int: "an integer",
      float: "a float (with a decimal point, like 10.0)",
      bool: "a boolean (true or false)",
      "coerce-float": "a number",
      number: "a number"
    }[this.kind];
  }
  toJSONSchema() {
    switch (this.kind) {
      case "str":
        return this.withDoc({ type: "string" });
      case "int":
        return this.withDoc({ type: ["integer", "boolean"] });
      case "float":
        return this.withDoc({ type: "number" });
      case "bool":
        return this.withDoc({ type: "boolean" });
      case "coerce-float":
        return this.withDoc({ type: ["number", "string", "boolean"] });
      case "number":
        return this.withDoc({ type: ["number", "boolean"] });
    }
  }
};
var PY_FLOAT_STRING = /^\s*[-+]?(?:(?:\d(?:_?\d)*)?(?:\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][-+]?\d(?:_?\d)*)?|inf(?:inity)?|nan)\s*$/i;
function scalarMatches(kind, node) {
  if (!node || node.kind !== "scalar") return false;
  switch (kind) {
    case "str":
      return node.tag === "str";
    case "int":
      return node.tag === "int" || node.tag === "bool";
    case "float":
      return node.tag === "float";
    case "bool":
      return node.tag === "bool";
    case "number":
      return node.tag === "int" || node.tag === "bool" || node.tag === "float";
    case "coerce-float":
      if (node.tag === "int" || node.tag === "bool" || node.tag === "float") return true;
      return node.tag === "str" && PY_FLOAT_STRING.test(node.value);
  }
}
var str = () => new ScalarSchema("str");
var int = () => new ScalarSchema("int");
var float = () => new ScalarSchema("float");
var bool = () => new ScalarSchema("bool");
var coerceFloat = () => new ScalarSchema("coerce-float");
var number = () => new ScalarSchema("number");
var EnumSchema = class extends Schema3 {
  constructor(values) {
    super();
    this.values = values;
  }
  values;
  check(node, cx, path3, fallback) {
    const v = node === null ? null : node.kind === "scalar" ? node.value : void 0;
    if (v === null && this.values.includes(null)) return true;
    if (typeof v === "string" && this.values.includes(v)) return true;
    const shown = this.values.map((x) => x === null ? "null" : `\`${x}\``).join(", ");
    const hint = typeof v === "string" ? didYouMean(v, this.values.filter((x) => x !== null)) : void 0;
    report(cx, nodeOffset(node, fallback), "value", `${label(path3)} is ${describeNode(node)}; it must be one of ${shown}`, hint);
    return false;
  }
  describe() {
    return `one of ${this.values.map((x) => x === null ? "null" : x).join(", ")}`;
  }
  toJSONSchema() {
    return this.withDoc({ enum: [...this.values] });
  }
};
var oneOf = (...values) => new EnumSchema(values);
var PatternSchema = class extends Schema3 {
  constructor(pattern, what) {
    super();
    this.pattern = pattern;
    this.what = what;
  }
  pattern;
  what;
  check(node, cx, path3, fallback) {
    if (!scalarMatches("str", node)) return typeError(cx, node, path3, fallback, "a string");
    const v = node.value;
    const m = this.pattern.exec(v);
    if (m && m.index === 0) return true;
    report(cx, nodeOffset(node, fallback), "pattern", `${label(path3)} ${JSON.stringify(v)} must be ${this.what}`);
    return false;
  }
  describe() {
    return this.what;
  }
  toJSONSchema() {
    return this.withDoc({ type: "string", pattern: "^" + this.pattern.source });
  }
};
var match = (pattern, what) => new PatternSchema(pattern, what);
var AnySchema = class extends Schema3 {
  check() {
    return true;
  }
  describe() {
    return "any value";
  }
  toJSONSchema() {
    return this.withDoc({});
  }
};
var anything = () => new AnySchema();
var ListSchema = class extends Schema3 {
  constructor(item) {
    super();
    this.item = item;
  }
  item;
  check(node, cx, path3, fallback) {
    if (!node || node.kind !== "seq") {
      return typeError(
        cx,
        node,
        path3,
        fallback,
        this.describe(),
        node?.kind === "scalar" && node.tag === "str" ? `Write it as a list: [${String(node.value)}]` : void 0
      );
    }
    if (!this.item) return true;
    let ok = true;
    const item = this.item;
    for (let i = 0; i < node.items.length; i++) {
      if (!under(path3, i, (p) => item.check(node.items[i], cx, p, node.offset))) ok = false;
    }
    return ok;
  }
  describe() {
    return this.item ? `a list of ${plural(this.item.describe())}` : "a list";
  }
  toJSONSchema() {
    return this.withDoc(this.item ? { type: "array", items: this.item.toJSONSchema() } : { type: "array" });
  }
};
function plural(desc) {
  return desc.replace(/^an? /, "").replace(/^(string|integer|float|boolean|mapping|list)/, "$1s");
}
var list = (item = null) => new ListSchema(item);
var DictSchema = class extends Schema3 {
  constructor(key, value) {
    super();
    this.key = key;
    this.value = value;
  }
  key;
  value;
  check(node, cx, path3, fallback) {
    if (!node || node.kind !== "map") return typeError(cx, node, path3, fallback, this.describe());
    let ok = true;
    for (const p of node.pairs) {
      const name = p.name ?? (p.key.kind === "scalar" ? String(p.key.value) : "?");
      const key = this.key;
      const value = this.value;
      if (key && !under(path3, `${name} (key)`, (q) => key.check(p.key, cx, q, node.offset))) ok = false;
      if (value && !under(path3, name, (q) => value.check(p.value, cx, q, p.key.offset))) ok = false;
    }
    return ok;
  }
  describe() {
    return "a mapping";
  }
  toJSONSchema() {
    return this.withDoc(
      this.value ? { type: "object", additionalProperties: this.value.toJSONSchema() } : { type: "object" }
    );
  }
};
var dict = (key = null, value = null) => new DictSchema(key, value);
var ObjectSchema = class _ObjectSchema extends Schema3 {
  constructor(fields, options = {}) {
    super();
    this.options = options;
    this.fields = Object.fromEntries(
      Object.entries(fields).map(([k, f]) => [k, f instanceof Schema3 ? { schema: f } : f])
    );
    this.known = Object.keys(this.fields);
    this.requiredKeys = this.known.filter((k) => this.fields[k].required);
    this.fieldMap = new Map(Object.entries(this.fields));
  }
  options;
  fields;
  known;
  requiredKeys;
  fieldMap;
  check(node, cx, path3, fallback) {
    if (!node || node.kind !== "map") return typeError(cx, node, path3, fallback, this.describe());
    const contextOf = this.options.context;
    if (!contextOf) return this.checkFields(node, cx, path3);
    cx.where.push(() => contextOf(node));
    try {
      return this.checkFields(node, cx, []);
    } finally {
      cx.where.pop();
    }
  }
  checkFields(node, cx, path3) {
    let ok = true;
    const known = this.known;
    for (const p of node.pairs) {
      const name = p.name;
      const spec = name !== void 0 ? this.fieldMap.get(name) : void 0;
      if (spec) {
        if (!under(path3, name, (q) => spec.schema.check(p.value, cx, q, p.key.offset))) ok = false;
        continue;
      }
      if (this.options.allowUnknown) continue;
      if (this.options.extra) {
        const keyName = name ?? (p.key.kind === "scalar" ? String(p.key.value) : "?");
        const extra = this.options.extra;
        if (!under(path3, `${keyName} (key)`, (q) => extra.key.check(p.key, cx, q, p.key.offset))) ok = false;
        if (!under(path3, keyName, (q) => extra.value.check(p.value, cx, q, p.key.offset))) ok = false;
        continue;
      }
      ok = false;
      reportUnknownKey(cx, p, path3, known, this.options.rejected);
    }
    for (const name of this.requiredKeys) {
      if (!node.byKey.has(name)) {
        ok = false;
        report(cx, node.offset, "required", `${keyLabel(path3, name)} is required`, `Add \`${name}:\` here.`);
      }
    }
    for (const group of this.options.exclusive ?? []) {
      const present = group.filter((k) => node.byKey.has(k));
      if (present.length > 1) {
        ok = false;
        const second = node.byKey.get(present[1]);
        report(
          cx,
          second.key.offset,
          "exclusive",
          `${present.map((k) => `\`${k}\``).join(" and ")} cannot be set together`,
          `Keep only one of ${group.map((k) => `\`${k}\``).join(", ")}.`
        );
      }
    }
    for (const group of this.options.atLeastOne ?? []) {
      if (!group.some((k) => node.byKey.has(k))) {
        ok = false;
        const names = group.map((k) => `\`${k}\``);
        const what = names.length === 2 ? `${names[0]} or ${names[1]}` : `one of ${names.join(", ")}`;
        report(
          cx,
          node.offset,
          "required",
          `${what} is required${formatPath(path3) ? ` in \`${formatPath(path3)}\`` : ""}`,
          `Add ${what}.`
        );
      }
    }
    if (this.options.refine && !this.options.refine(node, cx, path3)) ok = false;
    return ok;
  }
  describe() {
    return "a mapping";
  }
  toJSONSchema() {
    const properties = {};
    const required2 = [];
    for (const [k, spec] of Object.entries(this.fields)) {
      properties[k] = spec.schema.toJSONSchema();
      if (spec.required) required2.push(k);
    }
    const out = { type: "object", properties };
    if (required2.length) out.required = required2;
    if (this.options.extra) out.additionalProperties = this.options.extra.value.toJSONSchema();
    else if (!this.options.allowUnknown) out.additionalProperties = false;
    const not = [];
    for (const group of this.options.exclusive ?? []) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) not.push({ required: [group[i], group[j]] });
      }
    }
    const allOf = not.map((n) => ({ not: n }));
    for (const group of this.options.atLeastOne ?? []) allOf.push({ anyOf: group.map((k) => ({ required: [k] })) });
    if (allOf.length) out.allOf = allOf;
    return this.withDoc(out);
  }
  /** The same object with more fields or options (voluptuous `Schema.extend`): later wins. */
  extend(fields, options = {}) {
    const merged = { ...this.fields, ...fields };
    return new _ObjectSchema(merged, { ...this.options, ...options });
  }
};
function keyLabel(path3, name) {
  return `\`${formatPath([...path3, name])}\``;
}
function reportUnknownKey(cx, p, path3, known, rejected) {
  const name = p.name;
  if (name === void 0) {
    report(cx, p.key.offset, "type", `key ${describeNode(p.key)} in ${label(path3)} must be a string`, "Quote the key.");
    return;
  }
  const why = rejected?.[name];
  if (why) {
    report(cx, p.key.offset, "unknown-key", `${keyLabel(path3, name)} is not allowed here`, why);
    return;
  }
  const suggestion = didYouMean(name, known);
  const hint = suggestion ?? (known.length ? `Allowed keys here: ${known.slice().sort().map((k) => `\`${k}\``).join(", ")}.` : void 0);
  report(cx, p.key.offset, "unknown-key", `unknown key ${keyLabel(path3, name)}`, hint);
}
var object = (fields, options) => new ObjectSchema(fields, options);
var required = (schema) => ({ schema, required: true });
var UnionSchema = class extends Schema3 {
  constructor(branches, options = {}) {
    super();
    this.branches = branches;
    this.options = options;
  }
  branches;
  options;
  check(node, cx, path3, fallback) {
    const picked = this.options.pick?.(node);
    if (picked !== void 0) return this.branches[picked].check(node, cx, path3, fallback);
    let best;
    for (const branch of this.branches) {
      const scratch = { ...cx, diagnostics: [], where: [...cx.where] };
      if (branch.check(node, scratch, path3, fallback)) return true;
      if (!best || scratch.diagnostics.length < best.length) best = scratch.diagnostics;
    }
    const allScalar = this.branches.every((b) => b instanceof ScalarSchema || b instanceof EnumSchema);
    if (allScalar || !best?.length) {
      return typeError(cx, node, path3, fallback, this.describe());
    }
    cx.diagnostics.push(...best);
    return false;
  }
  describe() {
    return this.options.describe ?? this.branches.map((b) => b.describe()).join(" or ");
  }
  toJSONSchema() {
    return this.withDoc({ anyOf: this.branches.map((b) => b.toJSONSchema()) });
  }
};
var union = (branches, options) => new UnionSchema(branches, options);

// src/config/settings.ts
var FILE_KINDS = [
  "nodepool",
  "nodepool-builder",
  "cluster",
  "pod-template",
  "inventory",
  "known-hosts",
  "playbook"
];
var DEFAULT_SETTINGS = {
  paths: {
    nodepool: "nodepool/nodepool.yaml",
    nodepoolBuilder: "nodepool/nodepool-builder.yaml",
    dibAnsible: "nodepool/dib-ansible",
    inventory: "nodepool/dib-ansible/inventory.yaml",
    knownHosts: "nodepool/dib-ansible/known_hosts",
    cluster: "cluster.yaml",
    podTemplates: "dispatch/pod-templates"
  },
  explicit: /* @__PURE__ */ new Set(),
  required: /* @__PURE__ */ new Set(),
  softwareFactory: {
    namespace: "sf",
    providersSecret: "nodepool-providers-secrets",
    builderSshKeySecret: "nodepool-builder-ssh-key",
    launcherDeployment: "nodepool-launcher",
    builderStatefulSet: "nodepool-builder"
  },
  dispatch: {
    tektonNamespace: "tekton-pipelines",
    tektonConfigMap: "config-defaults",
    addonName: "dispatch",
    podTemplateKey: "default-pod-template"
  },
  nodepool: { env: {} }
};
var SETTINGS_FILE = ".pool-reconciler.yaml";
var PATH_KEYS = {
  nodepool: "nodepool",
  "nodepool-builder": "nodepoolBuilder",
  "dib-ansible": "dibAnsible",
  inventory: "inventory",
  "known-hosts": "knownHosts",
  cluster: "cluster",
  "pod-templates": "podTemplates"
};
var k8sName = str();
var settingsSchema = object({
  paths: object(
    Object.fromEntries(Object.keys(PATH_KEYS).map((k) => [k, str().doc(`Path of ${k}, relative to the repo root`)]))
  ),
  required: list(oneOf(...Object.keys(PATH_KEYS))).doc("Files that must exist; a missing one is an error"),
  "software-factory": object({
    namespace: k8sName.doc("Namespace of the Software Factory deployment (default sf)"),
    "providers-secret": k8sName,
    "builder-ssh-key-secret": k8sName,
    "launcher-deployment": k8sName,
    "builder-statefulset": k8sName
  }),
  dispatch: object({
    "tekton-namespace": k8sName.doc("Namespace of Tekton's config-defaults ConfigMap (default tekton-pipelines)"),
    "tekton-configmap": k8sName,
    "addon-name": str(),
    "pod-template-key": str().doc("Data key of per-repository pod-template ConfigMaps (default default-pod-template)")
  }),
  nodepool: object({
    env: dict(str(), str()).doc("NODEPOOL_* variables substituted for %(NAME) before Nodepool files are parsed")
  }),
  "fail-on-warnings": bool()
});
function settingsFrom(doc) {
  const s = structuredClone({ ...DEFAULT_SETTINGS, explicit: void 0, required: void 0 });
  s.explicit = /* @__PURE__ */ new Set();
  s.required = /* @__PURE__ */ new Set();
  if (!doc || typeof doc !== "object") return s;
  const d = doc;
  const paths = d.paths ?? {};
  for (const [k, field] of Object.entries(PATH_KEYS)) {
    const v = paths[k];
    if (typeof v === "string") {
      s.paths[field] = v.replace(/\\/g, "/").replace(/\/+$/, "");
      s.explicit.add(field);
    }
  }
  const req = doc.required;
  if (Array.isArray(req)) {
    for (const k of req) if (typeof k === "string" && PATH_KEYS[k]) s.required.add(PATH_KEYS[k]);
  }
  const pick = (target, from, keys) => {
    for (const [k, field] of Object.entries(keys)) {
      const v = from?.[k];
      if (typeof v === "string" && v) target[field] = v;
    }
  };
  pick(s.softwareFactory, d["software-factory"], {
    namespace: "namespace",
    "providers-secret": "providersSecret",
    "builder-ssh-key-secret": "builderSshKeySecret",
    "launcher-deployment": "launcherDeployment",
    "builder-statefulset": "builderStatefulSet"
  });
  pick(s.dispatch, d.dispatch, {
    "tekton-namespace": "tektonNamespace",
    "tekton-configmap": "tektonConfigMap",
    "addon-name": "addonName",
    "pod-template-key": "podTemplateKey"
  });
  const env = d.nodepool?.env;
  if (env && typeof env === "object") {
    for (const [k, v] of Object.entries(env)) if (typeof v === "string") s.nodepool.env[k] = v;
  }
  return s;
}

// src/config/repo.ts
var MAX_FILE_BYTES = 32 * 1024 * 1024;
function fileDiagnostic(file, rule, message, hint) {
  return { rule, severity: "error", file, line: 0, column: 0, message, ...hint ? { hint } : {} };
}
function readRepoText(root, relPath) {
  const shown = relPath;
  if (path.isAbsolute(relPath) || relPath.split(/[\\/]/).includes("..")) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(
        shown,
        "repo/path-escape",
        `path ${JSON.stringify(relPath)} leaves the config repo`,
        "Use a path relative to the repo root, without `..`."
      )
    };
  }
  const abs = path.join(root, relPath);
  let real;
  try {
    real = realpathSync(abs);
  } catch {
    return { ok: false, diagnostic: fileDiagnostic(shown, "repo/missing", `${shown} does not exist`) };
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(
        shown,
        "repo/path-escape",
        `${shown} is a symbolic link that leads outside the config repo`,
        "Replace the link with the file itself: nothing outside the repo is read."
      )
    };
  }
  const st = statSync(real);
  if (!st.isFile()) {
    return { ok: false, diagnostic: fileDiagnostic(shown, "repo/not-a-file", `${shown} is not a regular file`) };
  }
  if (st.size > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(
        shown,
        "repo/too-large",
        `${shown} is ${(st.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`,
        "A configuration file this large is almost certainly a mistake."
      )
    };
  }
  return decodeText(shown, readFileSync(real));
}
function decodeText(file, bytes) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let offset = 0;
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
        offset = end;
      } catch {
        if (end - offset > 4) break;
      }
    }
    const before = Buffer.from(bytes.subarray(0, offset)).toString("utf8");
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return {
      ok: false,
      diagnostic: {
        rule: "yaml/encoding",
        severity: "error",
        file,
        line,
        column,
        message: `${file} is not valid UTF-8 (bad byte at line ${line}, column ${column})`,
        hint: "Save the file as UTF-8."
      }
    };
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    const before = text.slice(0, nul);
    const line = before.split("\n").length;
    const column = nul - before.lastIndexOf("\n");
    return {
      ok: false,
      diagnostic: {
        rule: "yaml/encoding",
        severity: "error",
        file,
        line,
        column,
        message: `${file} contains a NUL byte at line ${line}, column ${column}`,
        hint: "The file looks binary; YAML files are text."
      }
    };
  }
  return { ok: true, text };
}
function exists(root, rel) {
  try {
    const st = lstatSync(path.join(root, rel));
    if (st.isSymbolicLink()) {
      const t = statSync(path.join(root, rel));
      return t.isDirectory() ? "dir" : "file";
    }
    return st.isDirectory() ? "dir" : "file";
  } catch {
    return "none";
  }
}
function loadRepo(root) {
  const diagnostics = [];
  const notices = [];
  let settings = settingsFrom(void 0);
  let settingsSource;
  if (exists(root, SETTINGS_FILE) === "file") {
    const read = readRepoText(root, SETTINGS_FILE);
    if (!read.ok) diagnostics.push(read.diagnostic);
    else {
      settingsSource = makeSource(SETTINGS_FILE, read.text);
      const parsed = parseYaml(settingsSource);
      diagnostics.push(...parsed.diagnostics);
      const doc = parsed.documents[0]?.root ?? null;
      if (doc) {
        const cx = { source: settingsSource, diagnostics, rulePrefix: "settings", where: [] };
        settingsSchema.check(doc, cx, [], 0);
        settings = settingsFrom(toJS(doc));
      }
    }
  }
  const files = [];
  const single = [
    ["nodepool", "nodepool"],
    ["nodepool-builder", "nodepoolBuilder"],
    ["inventory", "inventory"],
    ["known-hosts", "knownHosts"],
    ["cluster", "cluster"]
  ];
  for (const [kind, key] of single) {
    const rel = settings.paths[key];
    const state = exists(root, rel);
    if (state === "none") {
      if (settings.explicit.has(key) || settings.required.has(key)) {
        diagnostics.push(fileDiagnostic(
          rel,
          "repo/missing",
          `${rel} does not exist`,
          settings.explicit.has(key) ? `${SETTINGS_FILE} names it; create it or fix the path.` : `${SETTINGS_FILE} requires it.`
        ));
      } else notices.push(`${rel} not found: its checks are skipped`);
      continue;
    }
    const read = readRepoText(root, rel);
    if (!read.ok) diagnostics.push(read.diagnostic);
    else files.push({ kind, source: makeSource(rel, read.text) });
  }
  const dirs = [
    ["pod-template", "podTemplates"],
    ["playbook", "dibAnsible"]
  ];
  for (const [kind, key] of dirs) {
    const rel = settings.paths[key];
    if (exists(root, rel) !== "dir") {
      if (settings.explicit.has(key) || settings.required.has(key)) {
        diagnostics.push(fileDiagnostic(rel, "repo/missing", `${rel}/ does not exist`));
      } else if (kind === "pod-template") notices.push(`${rel}/ not found: no per-repository pod templates`);
      continue;
    }
    const dirCheck = readRepoDir(root, rel);
    if (!dirCheck.ok) {
      diagnostics.push(dirCheck.diagnostic);
      continue;
    }
    for (const name of dirCheck.names) {
      if (!/\.ya?ml$/.test(name)) continue;
      const fileRel = `${rel}/${name}`;
      if (kind === "playbook" && fileRel === settings.paths.inventory) continue;
      const read = readRepoText(root, fileRel);
      if (!read.ok) diagnostics.push(read.diagnostic);
      else files.push({ kind, source: makeSource(fileRel, read.text) });
    }
  }
  if (!files.some((f) => f.kind === "nodepool" || f.kind === "nodepool-builder" || f.kind === "cluster")) {
    diagnostics.push(fileDiagnostic(
      ".",
      "repo/empty",
      `no configuration found: none of ${settings.paths.nodepool}, ${settings.paths.nodepoolBuilder} or ${settings.paths.cluster} exists`,
      `Point the tool at the config repo's root, or set the paths in ${SETTINGS_FILE}.`
    ));
  }
  return { root, settings, settingsSource, files, diagnostics, notices };
}
function readRepoDir(root, rel) {
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes("..")) {
    return { ok: false, diagnostic: fileDiagnostic(rel, "repo/path-escape", `path ${JSON.stringify(rel)} leaves the config repo`) };
  }
  const real = realpathSync(path.join(root, rel));
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return { ok: false, diagnostic: fileDiagnostic(rel, "repo/path-escape", `${rel} is a symbolic link that leads outside the config repo`) };
  }
  return { ok: true, names: readdirSync(real).sort() };
}
function kindFromPath(p, settings = DEFAULT_SETTINGS) {
  const norm = p.replace(/\\/g, "/");
  const base = norm.split("/").pop() ?? "";
  if (norm.endsWith(settings.paths.nodepoolBuilder) || base === "nodepool-builder.yaml") return "nodepool-builder";
  if (norm.endsWith(settings.paths.nodepool) || base === "nodepool.yaml") return "nodepool";
  if (base === "inventory.yaml" || base === "inventory.yml") return "inventory";
  if (base === "known_hosts") return "known-hosts";
  if (base === "cluster.yaml" || base === "cluster.yml") return "cluster";
  if (norm.includes("/pod-templates/") || norm.startsWith("pod-templates/")) return "pod-template";
  if (norm.includes("/dib-ansible/")) return "playbook";
  return void 0;
}
function loadSingleFile(filePath, kind, shownAs = filePath) {
  let bytes;
  try {
    const st = statSync(filePath);
    if (!st.isFile()) return { diagnostics: [fileDiagnostic(shownAs, "repo/not-a-file", `${shownAs} is not a regular file`)] };
    if (st.size > MAX_FILE_BYTES) {
      return { diagnostics: [fileDiagnostic(shownAs, "repo/too-large", `${shownAs} is ${(st.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`)] };
    }
    bytes = readFileSync(filePath);
  } catch {
    return { diagnostics: [fileDiagnostic(shownAs, "repo/missing", `${shownAs} does not exist`)] };
  }
  const decoded = decodeText(shownAs, bytes);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  return { file: { kind, source: makeSource(shownAs, decoded.text) }, diagnostics: [] };
}

// src/validate/nodepool-schema.ts
var named = (what) => (m) => {
  const n = m.byKey.get("name");
  const v = n ? scalarKeyString(n.value) ?? (n.value.kind === "scalar" ? String(n.value.value) : void 0) : void 0;
  return v !== void 0 ? `${what} ${JSON.stringify(v)}` : void 0;
};
var tenantName = (m) => {
  const n = m.byKey.get("tenant-name")?.value;
  return n?.kind === "scalar" ? `tenant ${JSON.stringify(String(n.value))}` : void 0;
};
var strList = () => list(str());
var intMap = () => dict(str(), int());
var commonProvider = {
  name: required(str()),
  driver: str(),
  "max-concurrency": int(),
  priority: int()
};
var commonPool = {
  "max-servers": int(),
  "node-attributes": dict(),
  priority: int()
};
var providerOpts = { context: named("provider") };
var poolOpts = { context: named("pool") };
var labelOpts = { context: named("label") };
var imageOpts = (what) => ({ context: named(what) });
var openstackLabel = object(
  {
    name: required(str()),
    diskimage: str(),
    "cloud-image": str(),
    "min-ram": int(),
    "flavor-name": str(),
    "key-name": str(),
    "console-log": bool(),
    "boot-from-volume": bool(),
    "volume-size": int(),
    "instance-properties": dict(),
    "dynamic-instance-properties": dict(),
    userdata: str(),
    networks: strList(),
    "host-key-checking": bool()
  },
  {
    ...labelOpts,
    exclusive: [["diskimage", "cloud-image"]],
    atLeastOne: [
      ["min-ram", "flavor-name"],
      ["diskimage", "cloud-image"]
    ]
  }
);
var openstackPool = object(
  {
    ...commonPool,
    name: str(),
    networks: strList(),
    "auto-floating-ip": bool(),
    "host-key-checking": bool(),
    "ignore-provider-quota": bool(),
    "max-cores": int(),
    "max-ram": int(),
    "max-volumes": int(),
    "max-volume-gb": int(),
    "availability-zones": strList(),
    "security-groups": strList(),
    labels: list(openstackLabel)
  },
  poolOpts
);
var openstackProvider = object(
  {
    ...commonProvider,
    cloud: required(str()),
    "region-name": str(),
    "nodepool-id": str(),
    "image-name-format": str(),
    "post-upload-hook": str(),
    "boot-timeout": int(),
    "image-upload-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "port-cleanup-interval": int(),
    rate: coerceFloat(),
    "clean-floating-ips": bool(),
    pools: list(openstackPool),
    diskimages: list(
      object(
        {
          name: str(),
          pause: bool(),
          meta: dict(),
          "config-drive": bool(),
          "connection-type": str(),
          "connection-port": int()
        },
        imageOpts("diskimage")
      )
    ),
    "cloud-images": list(
      object(
        {
          name: str(),
          "config-drive": bool(),
          "connection-type": str(),
          "connection-port": int(),
          username: str(),
          "python-path": str(),
          "shell-type": str(),
          "image-id": str(),
          "image-name": str()
        },
        { ...imageOpts("cloud-image"), exclusive: [["image-id", "image-name"]] }
      )
    )
  },
  providerOpts
);
var connection = {
  "connection-type": str(),
  "connection-port": int(),
  "python-path": str(),
  "shell-type": str()
};
var awsProvider = object(
  {
    ...commonProvider,
    pools: required(
      list(
        object(
          {
            ...commonPool,
            name: required(str()),
            labels: required(
              list(
                object(
                  {
                    name: required(str()),
                    "key-name": required(str()),
                    "cloud-image": str(),
                    diskimage: str(),
                    "instance-type": str(),
                    fleet: object({
                      "instance-types": required(list()),
                      "allocation-strategy": required(
                        oneOf("prioritized", "price-capacity-optimized", "capacity-optimized", "diversified", "lowest-price")
                      )
                    }),
                    "ebs-optimized": bool(),
                    "volume-type": str(),
                    "volume-size": int(),
                    iops: int(),
                    throughput: int(),
                    userdata: str(),
                    "iam-instance-profile": object(
                      { name: str(), arn: str() },
                      { exclusive: [["name", "arn"]], atLeastOne: [["name", "arn"]] }
                    ),
                    tags: dict(),
                    "dynamic-tags": dict(),
                    "use-spot": bool(),
                    imdsv2: oneOf(null, "required", "optional"),
                    "dedicated-host": bool()
                  },
                  {
                    ...labelOpts,
                    exclusive: [
                      ["cloud-image", "diskimage"],
                      ["instance-type", "fleet"]
                    ]
                  }
                )
              )
            ),
            "security-group-id": str(),
            "subnet-id": str(),
            "public-ip-address": bool(),
            "public-ipv4": bool(),
            "public-ipv6": bool(),
            "host-key-checking": bool(),
            "max-cores": int(),
            "max-ram": int(),
            "max-resources": intMap(),
            "availability-zone": str()
          },
          {
            ...poolOpts,
            rejected: {
              "use-internal-ip": "Nodepool documents `use-internal-ip` for aws pools and its loader reads it, but `nodepool config-validate` rejects it; remove it."
            }
          }
        )
      )
    ),
    "region-name": required(str()),
    rate: number(),
    "profile-name": str(),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "image-import-timeout": int(),
    "max-servers": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap(),
    "object-storage": object({ "bucket-name": required(str()) }),
    "image-format": oneOf("ova", "vhd", "vhdx", "vmdk", "raw"),
    "post-upload-hook": str(),
    "cloud-images": list(
      object(
        {
          name: required(str()),
          username: required(str()),
          "image-id": str(),
          "image-filters": list(
            object({ Name: str(), name: str(), Values: strList(), values: strList() })
          ),
          ...connection
        },
        {
          ...imageOpts("cloud-image"),
          exclusive: [["image-id", "image-filters"]],
          atLeastOne: [["image-id", "image-filters"]]
        }
      )
    ),
    diskimages: list(
      object(
        {
          name: required(str()),
          username: str(),
          pause: bool(),
          ...connection,
          architecture: str(),
          "ena-support": bool(),
          "volume-size": int(),
          "volume-type": str(),
          "import-method": oneOf("snapshot", "ebs-direct", "image"),
          "imds-support": oneOf("v2.0", null),
          iops: int(),
          throughput: int(),
          tags: dict()
        },
        imageOpts("diskimage")
      )
    )
  },
  {
    ...providerOpts,
    rejected: Object.fromEntries(
      ["host-key-checking", "use-internal-ip", "public-ipv4", "public-ipv6"].map((k) => [
        k,
        `Nodepool's loader reads \`${k}\` on an aws provider, but \`nodepool config-validate\` rejects it there; set it on each pool instead${k === "use-internal-ip" ? " (where it is rejected too: remove it)" : ""}.`
      ])
    )
  }
);
var ipBools = {
  ipv4: bool(),
  ipv6: bool(),
  "public-ipv4": bool(),
  "public-ipv6": bool(),
  "use-internal-ip": bool(),
  "host-key-checking": bool()
};
var galleryImage = () => object({ "gallery-name": required(str()), name: required(str()), version: str() });
var azureImageSources = ["image-reference", "image-id", "image-filter", "community-gallery-image", "shared-gallery-image"];
var azureProvider = object(
  {
    ...commonProvider,
    pools: required(
      list(
        object(
          {
            ...commonPool,
            name: required(str()),
            labels: required(
              list(
                object(
                  {
                    name: required(str()),
                    "hardware-profile": required(object({ "vm-size": required(str()) })),
                    "cloud-image": str(),
                    diskimage: str(),
                    tags: dict(),
                    "dynamic-tags": dict(),
                    "user-data": str(),
                    "custom-data": str(),
                    "volume-size": int()
                  },
                  labelOpts
                )
              )
            ),
            ...ipBools
          },
          poolOpts
        )
      )
    ),
    location: str(),
    "resource-group": str(),
    "resource-group-location": str(),
    "auth-path": str(),
    "subnet-id": str(),
    network: union([str(), object({ "resource-group": str(), network: str(), subnet: str() })], {
      pick: (n) => n?.kind === "map" ? 1 : 0
    }),
    ...ipBools,
    "post-upload-hook": str(),
    rate: coerceFloat(),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "zuul-public-key": str(),
    "cloud-images": list(
      object(
        {
          name: required(str()),
          username: str(),
          password: str(),
          "generate-password": bool(),
          key: str(),
          "image-reference": object({
            sku: required(str()),
            publisher: required(str()),
            version: required(str()),
            offer: required(str())
          }),
          "image-id": str(),
          "image-filter": object({ location: str(), name: str(), tags: dict() }),
          "community-gallery-image": galleryImage(),
          "shared-gallery-image": galleryImage(),
          ...connection
        },
        { ...imageOpts("cloud-image"), exclusive: [azureImageSources], atLeastOne: [azureImageSources] }
      )
    ),
    diskimages: list(
      object(
        { name: required(str()), username: str(), key: str(), pause: bool(), ...connection, tags: dict() },
        imageOpts("diskimage")
      )
    )
  },
  providerOpts
);
var gceProvider = object(
  {
    ...commonProvider,
    pools: required(
      list(
        object(
          {
            ...commonPool,
            name: required(str()),
            labels: required(
              list(
                object(
                  {
                    name: required(str()),
                    "cloud-image": required(str()),
                    "instance-type": required(str()),
                    "volume-type": str(),
                    "volume-size": int()
                  },
                  labelOpts
                )
              )
            ),
            "use-internal-ip": bool()
          },
          poolOpts
        )
      )
    ),
    region: str(),
    project: str(),
    zone: str(),
    "cloud-images": list(
      object(
        {
          name: str(),
          "connection-type": str(),
          "connection-port": int(),
          "shell-type": str(),
          "image-id": str(),
          "image-project": str(),
          "image-family": str(),
          username: str(),
          key: str(),
          "python-path": str()
        },
        imageOpts("cloud-image")
      )
    ),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "rate-limit": number()
  },
  {
    ...providerOpts,
    rejected: { rate: "The gce driver has no `rate`; `nodepool config-validate` rejects it. Use `rate-limit`." }
  }
);
var ibmImageSources = ["image-href", "image-id", "image-name", "image-filter"];
var ibmvpcProvider = object(
  {
    ...commonProvider,
    pools: required(
      list(
        object(
          {
            ...commonPool,
            name: required(match(/[^_]+/, "a name that does not start with `_` (IBM Cloud names cannot contain underscores)")),
            labels: required(
              list(
                object(
                  {
                    name: required(str()),
                    profile: required(str()),
                    "cloud-image": str(),
                    diskimage: str(),
                    "user-data": str()
                  },
                  labelOpts
                )
              )
            ),
            zone: str(),
            subnet: str(),
            "public-ipv4": bool(),
            "use-internal-ip": bool(),
            "host-key-checking": bool()
          },
          poolOpts
        )
      )
    ),
    vpc: str(),
    region: str(),
    zone: str(),
    subnet: str(),
    quota: object({ instances: int(), cores: int(), ram: int() }),
    "public-ipv4": bool(),
    "use-internal-ip": bool(),
    "host-key-checking": bool(),
    "post-upload-hook": str(),
    rate: coerceFloat(),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "credentials-file": str(),
    "object-storage": object({ "instance-name": required(str()), endpoint: str(), "bucket-name": str() }),
    "cloud-images": list(
      object(
        {
          name: required(str()),
          username: str(),
          keys: strList(),
          "image-href": str(),
          "image-id": str(),
          "image-name": str(),
          "image-filter": object({
            "operating-system": object({
              architecture: str(),
              "dedicated-host-only": bool(),
              "display-name": str(),
              family: str(),
              href: str(),
              name: str(),
              vendor: str(),
              version: str()
            }),
            "owner-type": str(),
            status: str()
          })
        },
        { ...imageOpts("cloud-image"), exclusive: [ibmImageSources], atLeastOne: [ibmImageSources] }
      )
    ),
    diskimages: list(
      object(
        { name: required(str()), "operating-system": required(str()), pause: bool(), ...connection },
        imageOpts("diskimage")
      )
    )
  },
  providerOpts
);
var podResources = {
  cpu: int(),
  memory: int(),
  storage: int(),
  "cpu-limit": int(),
  "memory-limit": int(),
  "storage-limit": int(),
  gpu: float(),
  "gpu-resource": str()
};
var podCommon = {
  "image-pull": str(),
  "python-path": str(),
  "shell-type": str(),
  ...podResources,
  env: list(object({ name: required(str()), value: required(str()) })),
  "node-selector": dict(),
  privileged: bool(),
  "scheduler-name": str(),
  volumes: list(),
  "volume-mounts": list(),
  labels: dict(),
  "dynamic-labels": dict(),
  annotations: dict(),
  "extra-resources": intMap()
};
var specLabelKeys = { labels: dict(), "dynamic-labels": dict(), annotations: dict() };
var hasSpec = (n) => n?.kind === "map" && n.byKey.has("spec") ? 1 : 0;
var specHint = "A label with `spec` gives the whole pod spec: it takes only `name`, `type`, `spec`, `labels`, `dynamic-labels` and `annotations`; move the other settings into the spec.";
var kubernetesLabel = union(
  [
    object({ name: required(str()), type: required(str()), image: str(), ...podCommon }, labelOpts),
    object(
      { name: required(str()), type: required(str()), spec: required(dict()), ...specLabelKeys },
      { ...labelOpts, rejected: Object.fromEntries(Object.keys({ image: 1, ...podCommon }).map((k) => [k, specHint])) }
    )
  ],
  { pick: hasSpec }
);
var openshiftLabel = union(
  [
    object(
      { name: required(str()), type: required(str()), image: str(), "image-pull-secrets": list(), ...podCommon },
      labelOpts
    ),
    object(
      { name: required(str()), type: required(str()), spec: required(dict()), ...specLabelKeys },
      {
        ...labelOpts,
        rejected: Object.fromEntries(Object.keys({ image: 1, "image-pull-secrets": 1, ...podCommon }).map((k) => [k, specHint]))
      }
    )
  ],
  { pick: hasSpec }
);
var openshiftpodsLabel = union(
  [
    object(
      { name: required(str()), image: required(str()), "image-pull-secrets": list(), ...podCommon },
      {
        ...labelOpts,
        rejected: { type: "The openshiftpods driver always makes pods: `type` is not allowed (it is for kubernetes and openshift labels)." }
      }
    ),
    object(
      { name: required(str()), spec: required(dict()), ...specLabelKeys },
      {
        ...labelOpts,
        rejected: Object.fromEntries(Object.keys({ image: 1, "image-pull-secrets": 1, type: 1, ...podCommon }).map((k) => [k, specHint]))
      }
    )
  ],
  { pick: hasSpec }
);
var k8sPool = (label3) => object(
  {
    ...commonPool,
    name: required(str()),
    labels: required(list(label3)),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap(),
    "default-label-cpu": int(),
    "default-label-memory": int(),
    "default-label-storage": int(),
    "default-label-cpu-limit": int(),
    "default-label-memory-limit": int(),
    "default-label-storage-limit": int(),
    "default-label-extra-resources": intMap()
  },
  {
    ...poolOpts,
    rejected: {
      "default-label-extra_resources": "Nodepool's loader reads `default-label-extra_resources` (with an underscore) but `config-validate` rejects it, and accepts `default-label-extra-resources` which the loader ignores. There is no working spelling: set `extra-resources` on each label."
    }
  }
);
var kubernetesProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(kubernetesLabel))),
    context: str(),
    "launch-retries": int(),
    "max-servers": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap()
  },
  providerOpts
);
var openshiftProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(openshiftLabel))),
    context: required(str()),
    "launch-retries": int(),
    "max-projects": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap()
  },
  {
    ...providerOpts,
    rejected: {
      "max-servers": "The openshift driver limits projects, not servers: use `max-projects` (`config-validate` rejects `max-servers` here although the docs mention it)."
    }
  }
);
var openshiftpodsProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(openshiftpodsLabel))),
    context: required(str()),
    "launch-retries": int(),
    "max-pods": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap()
  },
  {
    ...providerOpts,
    rejected: {
      "max-servers": "`config-validate` rejects `max-servers` on an openshiftpods provider; use `max-pods` (or limit each pool with its own `max-servers`).",
      "max-projects": "`config-validate` rejects `max-projects` on an openshiftpods provider; use `max-pods`."
    }
  }
);
var strOrList = () => union([str(), list(str())], { pick: (n) => n?.kind === "seq" ? 1 : 0, describe: "a string or a list of strings" });
var staticProvider = object(
  {
    ...commonProvider,
    pools: list(
      object(
        {
          ...commonPool,
          name: str(),
          nodes: list(
            object(
              {
                name: required(str()),
                labels: required(strOrList()),
                username: str(),
                timeout: int(),
                "host-key-checking": bool(),
                "host-key": strOrList(),
                "connection-port": int(),
                "connection-type": str(),
                "shell-type": str(),
                "max-parallel-jobs": int(),
                "python-path": str()
              },
              {
                context: named("node"),
                rejected: { "ssh-port": "`ssh-port` is the old spelling: `config-validate` rejects it. Use `connection-port`." }
              }
            )
          )
        },
        poolOpts
      )
    )
  },
  providerOpts
);
var metastaticProvider = object(
  {
    ...commonProvider,
    pools: required(
      list(
        object(
          {
            ...commonPool,
            name: required(str()),
            labels: required(
              list(
                object(
                  {
                    name: required(str()),
                    "backing-label": required(str()),
                    "max-parallel-jobs": int(),
                    "grace-time": int(),
                    "min-retention-time": int(),
                    "max-age": int(),
                    "host-key-checking": bool()
                  },
                  labelOpts
                )
              )
            ),
            "max-servers": int(),
            "host-key-checking": bool()
          },
          poolOpts
        )
      )
    ),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int()
  },
  providerOpts
);
var testProvider = object(
  { ...commonProvider, pools: list(object({ ...commonPool, name: str(), labels: strList() }, poolOpts)) },
  providerOpts
);
var exampleProvider = object(
  {
    ...commonProvider,
    pools: required(list(object({ ...commonPool, name: str(), labels: list() }, poolOpts))),
    region: required(str()),
    project: required(str())
  },
  providerOpts
);
var DRIVERS = {
  openstack: openstackProvider,
  fake: openstackProvider,
  aws: awsProvider,
  azure: azureProvider,
  gce: gceProvider,
  ibmvpc: ibmvpcProvider,
  kubernetes: kubernetesProvider,
  openshift: openshiftProvider,
  openshiftpods: openshiftpodsProvider,
  static: staticProvider,
  metastatic: metastaticProvider,
  test: testProvider,
  example: exampleProvider
};
function providerDriver(provider) {
  const nameNode = provider.byKey.get("name")?.value;
  const name = nameNode?.kind === "scalar" ? String(nameNode.value) : "";
  const driverPair = provider.byKey.get("driver");
  if (name.startsWith("fake")) return { driver: "fake", forcedFake: true, driverNode: driverPair?.value };
  if (!driverPair) return { driver: "openstack", forcedFake: false };
  const v = driverPair.value;
  return { driver: v.kind === "scalar" ? String(v.value) : "?", forcedFake: false, driverNode: v };
}
var ProviderSchema = class extends Schema3 {
  check(node, cx, path3, fallback) {
    if (!node || node.kind !== "map") {
      report(cx, node ? node.offset : fallback, "type", `\`${path3.join(".")}\` must be a mapping (a provider)`);
      return false;
    }
    const { driver, forcedFake, driverNode } = providerDriver(node);
    const schema = DRIVERS[driver];
    if (!schema) {
      const where = node.byKey.get("name");
      const nm = where?.value.kind === "scalar" ? ` "${String(where.value.value)}"` : "";
      report(
        cx,
        driverNode?.offset ?? node.offset,
        "unknown-driver",
        `provider${nm}: unknown driver ${JSON.stringify(driver)}`,
        `Nodepool's drivers: ${Object.keys(DRIVERS).filter((d) => d !== "fake").join(", ")}.`
      );
      return false;
    }
    const before = cx.diagnostics.length;
    const ok = schema.check(node, cx, path3, fallback);
    if (forcedFake && driver === "fake") {
      const declared = driverNode?.kind === "scalar" ? String(driverNode.value) : "openstack";
      if (declared !== "openstack" && declared !== "fake") {
        for (const d of cx.diagnostics.slice(before)) {
          d.hint = `${d.hint ? d.hint + " " : ""}Nodepool uses its fake (OpenStack) driver for any provider whose name starts with "fake", whatever \`driver: ${declared}\` says: rename the provider.`;
        }
      }
    }
    return ok;
  }
  describe() {
    return "a provider";
  }
  toJSONSchema() {
    return {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string" }, driver: { enum: Object.keys(DRIVERS).filter((d) => d !== "fake") } },
      allOf: Object.entries(DRIVERS).filter(([d]) => d !== "fake").map(([d, s]) => ({
        if: d === "openstack" ? { not: { required: ["driver"] } } : { properties: { driver: { const: d } }, required: ["driver"] },
        then: s.toJSONSchema()
      }))
    };
  }
};
var diskimageSchema = object(
  {
    name: required(str()),
    abstract: bool(),
    "dib-cmd": str(),
    pause: bool(),
    elements: strList(),
    formats: strList(),
    "keep-formats": strList(),
    "delete-after-upload": bool(),
    parent: str(),
    release: union([str(), int()], { describe: 'a string or an integer (quote it: "9.1")' }),
    "rebuild-age": int(),
    "env-vars": dict(str(), str()),
    username: str(),
    "python-path": str(),
    "build-timeout": int(),
    metadata: dict()
  },
  {
    context: named("diskimage"),
    rejected: {
      "shell-type": "The builder reads `shell-type` on a diskimage, but `config-validate` rejects it; set it on the provider's diskimage or cloud-image instead."
    }
  }
);
var nodepoolSchema = object({
  webapp: object({ port: int(), listen_address: str() }),
  "elements-dir": str(),
  "images-dir": str(),
  "build-log-dir": str(),
  "build-log-retention": int(),
  "zookeeper-servers": list(object({ host: str(), port: int(), chroot: str() })),
  "zookeeper-tls": object({ cert: str(), key: str(), ca: str() }),
  "zookeeper-timeout": float(),
  providers: list(new ProviderSchema()),
  labels: list(object({ name: str(), "min-ready": int(), "max-ready-age": int() }, { context: named("label") })),
  diskimages: list(diskimageSchema),
  "max-hold-age": int(),
  "tenant-resource-limits": list(
    object(
      { "tenant-name": required(str()), "max-cores": int(), "max-ram": int(), "max-servers": int() },
      { context: tenantName, extra: { key: str(), value: int() } }
    )
  )
});

// src/validate/nodepool.ts
var PLACEHOLDER = /%\((NODEPOOL_[A-Za-z0-9_]*)\)/g;
function substituteNodepoolEnv(text, env) {
  const replacements = [];
  const unset = [];
  let out = "";
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1];
    const value = env[name];
    if (value === void 0) {
      unset.push({ name, offset: m.index });
      continue;
    }
    out += text.slice(last, m.index) + value;
    replacements.push({ start: m.index, end: m.index + m[0].length, length: value.length });
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  return { text: replacements.length ? out : text, replacements, unset };
}
var SF_BASE_KEYS = {
  webapp: "sf-operator's base config sets `webapp` (port 8006, used by the readiness probe and the gateway)",
  "zookeeper-servers": "sf-operator's base config sets `zookeeper-servers` to the deployment's own ZooKeeper",
  "zookeeper-tls": "sf-operator's base config sets `zookeeper-tls` to the deployment's client certificates",
  "images-dir": "sf-operator's base config sets `images-dir` to /var/lib/nodepool/dib",
  "build-log-dir": "sf-operator's base config sets `build-log-dir` to /var/lib/nodepool/builds/logs"
};
var DIB_ANSIBLE = "/usr/local/bin/dib-ansible";
function validateNodepool(file, options = {}) {
  const source = file.source;
  const sf = options.softwareFactory ?? true;
  const diagnostics = [];
  const model = { file: source.path, labels: [], providers: [], diskimages: [], data: null };
  const pos = (offset) => positionOf(source, offset);
  const push = (offset, rule, message, hint, severity = "error") => {
    const p = pos(offset);
    diagnostics.push({ rule, severity, file: source.path, line: p.line, column: p.column, message, ...hint ? { hint } : {} });
  };
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter(([k]) => k.startsWith("NODEPOOL_")));
  const sub = substituteNodepoolEnv(source.text, env);
  for (const u of sub.unset) {
    push(
      u.offset,
      "nodepool/env-unset",
      `%(${u.name}) is not substituted: the environment variable ${u.name} is not set`,
      `Nodepool replaces %(${u.name}) with the value of ${u.name} from its environment before parsing; set it (the CLI and action read NODEPOOL_* variables, or \`nodepool.env\` in .pool-reconciler.yaml).`
    );
  }
  const parsed = parseYaml(source, { text: sub.text, offsetMap: offsetMapFor(sub.replacements) });
  diagnostics.push(...parsed.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { diagnostics, model };
  const docs = parsed.documents;
  if (docs.length > 1) {
    const second = findDocumentMarker(source, docs[0].explicitStart ? 1 : 0);
    push(
      second,
      sf ? "nodepool/sf-multiple-documents" : "nodepool/multiple-documents",
      `${source.path} holds ${docs.length} YAML documents; Nodepool reads exactly one`,
      sf ? "sf-operator appends this file to its base config: a second document breaks the merged file. Remove the `---` separators." : "Remove the `---` separators."
    );
    return { diagnostics, model };
  }
  if (sf && docs[0]?.explicitStart) {
    push(
      findDocumentMarker(source, 0),
      "nodepool/sf-document-start",
      "the file starts with a `---` document marker",
      "sf-operator appends this file after its base config, which starts its own document: this `---` starts a second document and the merged file no longer loads. Remove it."
    );
  }
  const root = docs[0]?.root ?? null;
  if (!root || root.kind !== "map") {
    push(
      root?.offset ?? 0,
      "nodepool/type",
      root ? `the top level of ${source.path} must be a mapping, not ${root.kind === "seq" ? "a list" : "a scalar"}` : `${source.path} is empty`,
      root ? "Start with `labels:`, `providers:` or `diskimages:`." : "Nodepool (and sf-operator's config-check) reject an empty file: add `labels: []`, or delete the file."
    );
    return { diagnostics, model };
  }
  const cx = { source, diagnostics, rulePrefix: "nodepool", where: [] };
  nodepoolSchema.check(root, cx, [], 0);
  if (sf) {
    for (const p of root.pairs) {
      const why = p.name !== void 0 ? SF_BASE_KEYS[p.name] : void 0;
      if (why) push(
        p.key.offset,
        "nodepool/sf-base-key",
        `\`${p.name}\` must not be set in a Software Factory config repo`,
        `${why}; the user file is appended to it, so this would silently override it. Remove it.`
      );
    }
  }
  crossReferences(root, push, model, pos);
  if (sf && file.kind === "nodepool-builder") dibAnsibleChecks(root, push, options.dibAnsible);
  model.data = toJS(root);
  return { diagnostics, model };
}
function findDocumentMarker(source, n) {
  let count = 0;
  for (const m of source.text.matchAll(/^---(?=\s|$)/gm)) {
    if (count++ === n) return m.index;
  }
  return 0;
}
var isMap = (n) => n?.kind === "map";
var seqItems = (n) => n?.kind === "seq" ? n.items : [];
var get = (m, key) => m.byKey.get(key)?.value;
var strOf = (n) => n?.kind === "scalar" && n.tag !== "null" && typeof n.value !== "object" ? String(n.value) : void 0;
var maps = (n) => seqItems(n).filter(isMap);
function crossReferences(root, push, model, at) {
  const topLabels = /* @__PURE__ */ new Set();
  for (const l of maps(get(root, "labels"))) {
    const name = strOf(get(l, "name"));
    if (name === void 0) {
      push(
        l.offset,
        "nodepool/label-name-required",
        "a top-level label has no `name`",
        "Nodepool's config-validate crashes on this (KeyError: 'name'). Add `name:`."
      );
      continue;
    }
    topLabels.add(name);
    const p = at(l.offset);
    model.labels.push({ name, line: p.line, column: p.column });
  }
  const diskimages = /* @__PURE__ */ new Map();
  const firstSeen = /* @__PURE__ */ new Map();
  for (const d of maps(get(root, "diskimages"))) {
    const nameNode = get(d, "name");
    const name = strOf(nameNode);
    if (name === void 0) continue;
    const first = firstSeen.get(name);
    if (first) {
      const a = at(first.offset);
      push(
        nameNode.offset,
        "nodepool/duplicate-diskimage",
        `diskimage "${name}" is already defined at line ${a.line}`,
        "Diskimage names must be unique; rename or remove one."
      );
    } else firstSeen.set(name, nameNode);
    diskimages.set(name, d);
  }
  model.diskimages = [...diskimages.keys()];
  for (const [name, d] of diskimages) {
    const parentNode = get(d, "parent");
    const parent = strOf(parentNode);
    if (parent !== void 0 && !diskimages.has(parent)) {
      push(
        parentNode.offset,
        "nodepool/missing-parent",
        `diskimage "${name}" has a parent "${parent}" that is not defined`,
        hintFor(parent, [...diskimages.keys()], "Define the parent diskimage, or fix the name.")
      );
    }
  }
  for (const [name, d] of diskimages) {
    const seen = /* @__PURE__ */ new Set([name]);
    let cur = strOf(get(d, "parent"));
    while (cur !== void 0 && diskimages.has(cur)) {
      if (seen.has(cur)) {
        if (cur === name) {
          const parentNode = get(d, "parent");
          push(
            parentNode.offset,
            "nodepool/parent-cycle",
            cur === strOf(get(d, "parent")) && seen.size === 1 ? `diskimage "${name}" is its own parent` : `diskimage "${name}" is part of a parent cycle: ${[...seen, cur].join(" \u2192 ")}`,
            "Nodepool's loader recurses forever on a parent cycle (config-validate does not notice). Break the cycle."
          );
        }
        break;
      }
      seen.add(cur);
      cur = strOf(get(diskimages.get(cur), "parent"));
    }
  }
  for (const z of maps(get(root, "zookeeper-servers"))) {
    if (!z.byKey.has("host")) {
      push(
        z.offset,
        "nodepool/zookeeper-host",
        "a zookeeper server has no `host`",
        "config-validate accepts this, but Nodepool fails to start (KeyError: 'host'). Add `host:`."
      );
    }
  }
  for (const provider of maps(get(root, "providers"))) checkProvider(provider, topLabels, diskimages, push, model, at);
}
function hintFor(word, candidates, fallback) {
  const close = candidates.find((c) => c.toLowerCase() === word.toLowerCase() || levenshteinSmall(c, word));
  return close ? `Did you mean \`${close}\`?` : fallback;
}
function levenshteinSmall(a, b) {
  if (Math.abs(a.length - b.length) > 2) return false;
  let diff = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) diff++;
  return diff <= 2;
}
function checkProvider(provider, topLabels, diskimages, push, model, at) {
  const name = strOf(get(provider, "name"));
  if (name === void 0) return;
  const { driver } = providerDriver(provider);
  const where = `provider "${name}"`;
  const p = at(provider.offset);
  const positions = {};
  for (const k of ["cloud", "region-name", "context"]) {
    const n = get(provider, k);
    if (n) positions[k] = at(n.offset);
  }
  model.providers.push({
    name,
    driver,
    cloud: strOf(get(provider, "cloud")),
    regionName: strOf(get(provider, "region-name")),
    context: strOf(get(provider, "context")),
    line: p.line,
    column: p.column,
    positions
  });
  const providerDiskimages = /* @__PURE__ */ new Map();
  for (const d of maps(get(provider, "diskimages"))) {
    const dn = strOf(get(d, "name"));
    if (dn !== void 0) providerDiskimages.set(dn, d);
  }
  const cloudImages = /* @__PURE__ */ new Set();
  for (const c of maps(get(provider, "cloud-images"))) {
    const cn = strOf(get(c, "name"));
    if (cn !== void 0) cloudImages.add(cn);
  }
  if (driver === "openstack" || driver === "aws" || driver === "azure" || driver === "ibmvpc") {
    for (const d of maps(get(provider, "diskimages"))) {
      const nameNode = get(d, "name");
      const dn = strOf(nameNode);
      if (dn !== void 0 && !diskimages.has(dn)) {
        push(
          nameNode.offset,
          "nodepool/undefined-diskimage",
          `${where}: diskimage "${dn}" is not defined in the top-level \`diskimages\` list`,
          hintFor(dn, [...diskimages.keys()], `Add \`- name: ${dn}\` to \`diskimages:\` in this file: the launcher only reads its own file.`)
        );
      }
    }
  }
  const pools = maps(get(provider, "pools"));
  for (const pool of pools) {
    const poolName = strOf(get(pool, "name"));
    const poolWhere = `${where}, pool ${poolName !== void 0 ? `"${poolName}"` : `#${pools.indexOf(pool) + 1}`}`;
    if (poolName === void 0 && !pool.byKey.has("name") && (driver === "openstack" || driver === "fake" || driver === "static")) {
      push(
        pool.offset,
        "nodepool/pool-name-required",
        `${poolWhere}: the pool has no \`name\``,
        "config-validate accepts this, but Nodepool fails to load the config (KeyError: 'name'). Add `name:`."
      );
    }
    if ((driver === "azure" || driver === "ibmvpc") && !pool.byKey.has("max-servers")) {
      push(
        pool.offset,
        "nodepool/max-servers-required",
        `${poolWhere}: \`max-servers\` is required for the ${driver} driver`,
        "config-validate accepts this, but Nodepool fails to load the config (KeyError: 'max-servers'). Add `max-servers:`."
      );
    }
    if (driver === "ibmvpc") {
      for (const k of ["zone", "subnet"]) {
        if (!pool.byKey.has(k) && !provider.byKey.has(k)) {
          push(
            pool.offset,
            "nodepool/ibmvpc-zone-subnet",
            `${poolWhere}: \`${k}\` is set neither on the pool nor on the provider`,
            `Nodepool's ibmvpc driver needs a ${k} to launch servers; set \`${k}:\` on the pool or the provider.`
          );
        }
      }
    }
    const offered = [];
    if (driver === "static") {
      for (const n of maps(get(pool, "nodes"))) {
        const labels = get(n, "labels");
        if (labels?.kind === "scalar" && typeof labels.value === "string") {
          for (const l of labels.value.split(/\s+/).filter(Boolean)) offered.push({ name: l, node: labels });
        } else for (const item of seqItems(labels)) {
          const l = strOf(item);
          if (l !== void 0) offered.push({ name: l, node: item });
        }
      }
    } else if (driver === "test") {
      for (const item of seqItems(get(pool, "labels"))) {
        const l = strOf(item);
        if (l !== void 0) offered.push({ name: l, node: item });
      }
    } else if (driver !== "example") {
      for (const l of maps(get(pool, "labels"))) {
        const nameNode = get(l, "name");
        const ln = strOf(nameNode);
        if (ln !== void 0) offered.push({ name: ln, node: nameNode, label: l });
      }
    }
    for (const o of offered) {
      const labelWhere = `${poolWhere}, label "${o.name}"`;
      if (!topLabels.has(o.name)) {
        push(
          o.node.offset,
          "nodepool/undefined-label",
          `${poolWhere}: label "${o.name}" is not in the top-level \`labels\` list`,
          hintFor(o.name, [...topLabels], `Add \`- name: ${o.name}\` to \`labels:\`${driver === "openstack" ? "" : " (config-validate checks this only for openstack providers, but the launcher fails to load the config without it)"}.`)
        );
      }
      const l = o.label;
      if (!l) continue;
      const diNode = get(l, "diskimage");
      const di = strOf(diNode);
      if (di !== void 0) {
        if (driver === "openstack" && !diskimages.has(di)) {
          push(
            diNode.offset,
            "nodepool/undefined-diskimage",
            `${labelWhere}: diskimage "${di}" is not defined in the top-level \`diskimages\` list`,
            hintFor(di, [...diskimages.keys()], `Add \`- name: ${di}\` to \`diskimages:\`.`)
          );
        }
        if ((driver === "aws" || driver === "azure" || driver === "ibmvpc") && !providerDiskimages.has(di)) {
          push(
            diNode.offset,
            "nodepool/undefined-diskimage",
            `${labelWhere}: diskimage "${di}" is not in the provider's \`diskimages\``,
            hintFor(di, [...providerDiskimages.keys()], `Add \`- name: ${di}\` to this provider's \`diskimages:\`.`)
          );
        }
      }
      const ciNode = get(l, "cloud-image");
      const ci = strOf(ciNode);
      if (ci !== void 0 && ["openstack", "fake", "aws", "azure", "gce", "ibmvpc"].includes(driver) && !cloudImages.has(ci)) {
        push(
          ciNode.offset,
          "nodepool/undefined-cloud-image",
          `${labelWhere}: cloud-image "${ci}" does not exist in the provider's \`cloud-images\``,
          hintFor(ci, [...cloudImages], `Add \`- name: ${ci}\` to this provider's \`cloud-images:\`; config-validate does not check this, but the launcher fails to load.`)
        );
      }
      if (driver === "aws") awsLabelChecks(l, pool, providerDiskimages, labelWhere, push);
    }
    if (driver === "metastatic") metastaticChecks(pool, poolWhere, push);
  }
}
function awsLabelChecks(label3, pool, providerDiskimages, where, push) {
  const di = strOf(get(label3, "diskimage"));
  const d = di !== void 0 ? providerDiskimages.get(di) : void 0;
  if (d && strOf(get(d, "imds-support")) === "v2.0" && strOf(get(d, "import-method")) === "image") {
    const n = get(d, "import-method");
    push(
      n.offset,
      "nodepool/aws-imdsv2-import",
      `diskimage "${di}": IMDSv2 requires the \`snapshot\` or \`ebs-direct\` import method`,
      "config-validate accepts this, but the builder fails (\"IMDSv2 requires 'snapshot' or 'ebs-direct' import method\"). Use `import-method: snapshot`."
    );
  }
  const dh = get(label3, "dedicated-host");
  if (dh?.kind === "scalar" && dh.value === true) {
    const spot = get(label3, "use-spot");
    if (spot?.kind === "scalar" && spot.value === true) {
      push(
        spot.offset,
        "nodepool/aws-dedicated-host",
        `${where}: \`dedicated-host\` cannot be combined with \`use-spot\``,
        "Nodepool rejects this at load time. Remove one of them."
      );
    }
    if (!pool.byKey.has("availability-zone")) {
      push(
        dh.offset,
        "nodepool/aws-dedicated-host",
        `${where}: \`dedicated-host\` needs the pool's \`availability-zone\``,
        "Nodepool rejects this at load time. Set `availability-zone:` on the pool."
      );
    }
  }
}
function metastaticChecks(pool, where, push) {
  const keys = ["max-parallel-jobs", "grace-time", "min-retention-time", "max-age"];
  const defaults = { "max-parallel-jobs": 1, "grace-time": 60, "min-retention-time": 0, "max-age": null };
  const byBacking = /* @__PURE__ */ new Map();
  for (const l of maps(get(pool, "labels"))) {
    const name = strOf(get(l, "name")) ?? "?";
    const backing = strOf(get(l, "backing-label"));
    const settingsOf = (k) => {
      const n = get(l, k);
      return n?.kind === "scalar" ? n.value : defaults[k];
    };
    const maxAge = settingsOf("max-age");
    const minRet = settingsOf("min-retention-time");
    if (typeof maxAge === "number" && typeof minRet === "number" && maxAge < minRet) {
      push(
        get(l, "max-age").offset,
        "nodepool/metastatic-max-age",
        `${where}, label "${name}": \`max-age\` (${maxAge}) is less than \`min-retention-time\` (${minRet})`,
        "Nodepool rejects this at load time. Raise `max-age` or lower `min-retention-time`."
      );
    }
    if (backing === void 0) continue;
    const settings = JSON.stringify(keys.map((k) => settingsOf(k)));
    const first = byBacking.get(backing);
    if (!first) byBacking.set(backing, { label: name, settings });
    else if (first.settings !== settings) {
      const differing = keys.filter((k, i) => JSON.stringify(JSON.parse(first.settings)[i]) !== JSON.stringify(settingsOf(k)));
      const at = get(l, differing[0] ?? "backing-label") ?? l;
      push(
        at.offset,
        "nodepool/metastatic-backing-label",
        `${where}, label "${name}": backing label "${backing}" is also used by label "${first.label}" with different ${differing.map((k) => `\`${k}\``).join(", ")}`,
        'Nodepool requires every label sharing a backing label to have identical settings ("Multiple label definitions for the same backing label must be identical").'
      );
    }
  }
}
function dibAnsibleChecks(root, push, dib) {
  for (const d of maps(get(root, "diskimages"))) {
    const name = strOf(get(d, "name")) ?? "?";
    const cmdNode = get(d, "dib-cmd");
    const cmd = strOf(cmdNode);
    if (cmd === void 0) continue;
    const parts = cmd.trim().split(/\s+/);
    if (parts[0] !== DIB_ANSIBLE) continue;
    const where = `diskimage "${name}"`;
    const playbook = parts[1];
    if (!playbook) {
      push(
        cmdNode.offset,
        "nodepool/dib-playbook",
        `${where}: \`dib-cmd\` names no playbook`,
        `Write \`dib-cmd: ${DIB_ANSIBLE} <playbook>.yaml\` with a playbook from nodepool/dib-ansible/.`
      );
    } else if (playbook.startsWith("/") || playbook.split("/").includes("..")) {
      push(
        cmdNode.offset,
        "nodepool/dib-playbook-path",
        `${where}: playbook path ${JSON.stringify(playbook)} leaves the config repo's dib-ansible directory`,
        "Name a playbook in nodepool/dib-ansible/ by its file name."
      );
    } else if (dib && !dib.playbooks.includes(playbook)) {
      push(
        cmdNode.offset,
        "nodepool/dib-playbook",
        `${where}: playbook ${dib.dir}/${playbook} does not exist`,
        hintFor(playbook, [...dib.playbooks], `dib-ansible runs the playbook from ${dib.dir}/ in the config repo; add it there.`)
      );
    }
    if (dib && !dib.inventory) {
      push(
        cmdNode.offset,
        "nodepool/dib-inventory",
        `${where}: ${dib.dir}/inventory.yaml does not exist`,
        "dib-ansible exits with an error when the inventory of image-builders is missing; add it."
      );
    }
    for (const f of seqItems(get(d, "formats"))) {
      const v = strOf(f);
      if (v !== void 0 && v !== "raw" && v !== "qcow2") {
        push(
          f.offset,
          "nodepool/dib-format",
          `${where}: format "${v}" is not supported by dib-ansible`,
          "sf-operator's dib-ansible builds only `raw` and `qcow2` images."
        );
      }
    }
  }
}

// src/config/embedded.ts
var ChunkMap = class _ChunkMap {
  constructor(c, fallback) {
    this.c = c;
    this.fallback = fallback;
  }
  c;
  fallback;
  static find(starts, x) {
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || x < starts[0]) return -1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  toOuter(o) {
    const { inner, outer, len } = this.c;
    if (inner.length === 0) return this.fallback;
    const i = _ChunkMap.find(inner, o);
    if (i < 0) return outer[0];
    const d = o - inner[i];
    return outer[i] + Math.min(d, len[i]);
  }
  toInner(o) {
    const { inner, outer, len } = this.c;
    if (inner.length === 0) return 0;
    const i = _ChunkMap.find(outer, o);
    if (i < 0) return inner[0];
    const d = o - outer[i];
    return inner[i] + Math.min(d, len[i]);
  }
};
function pushChunk(c, inner, outer, len) {
  const n = c.inner.length - 1;
  if (n >= 0 && c.inner[n] + c.len[n] === inner && c.outer[n] + c.len[n] === outer) {
    c.len[n] += len;
    return;
  }
  c.inner.push(inner);
  c.outer.push(outer);
  c.len.push(len);
}
function lineAt(text, start) {
  const nl = text.indexOf("\n", start);
  if (nl === -1) return { end: text.length, next: text.length + 1 };
  const end = nl > start && text[nl - 1] === "\r" ? nl - 1 : nl;
  return { end, next: nl + 1 };
}
function literalChunks(text, value, contentStart, indent) {
  const chunks = { inner: [], outer: [], len: [] };
  let exact = true;
  let innerPos = 0;
  let lineStart = contentStart;
  const lines = value.split("\n");
  for (let k = 0; k < lines.length; k++) {
    const piece = lines[k];
    const isLast = k === lines.length - 1;
    if (lineStart > text.length) {
      pushChunk(chunks, innerPos, text.length, 0);
      innerPos += piece.length + (isLast ? 0 : 1);
      continue;
    }
    const { end, next } = lineAt(text, lineStart);
    const outerStart = Math.min(lineStart + indent, end);
    if (piece.length > 0 && text.slice(outerStart, outerStart + piece.length) !== piece) exact = false;
    pushChunk(chunks, innerPos, outerStart, piece.length + (isLast ? 0 : 1));
    innerPos += piece.length + (isLast ? 0 : 1);
    lineStart = next;
  }
  return { chunks, exact };
}
function foldedChunks(text, value, contentStart, indent) {
  const chunks = { inner: [], outer: [], len: [] };
  let cur = 0;
  let lineStart = contentStart;
  while (cur < value.length && lineStart <= text.length) {
    const { end, next } = lineAt(text, lineStart);
    const line = text.slice(lineStart, end);
    const lead = line.length - line.trimStart().length;
    if (line.trim() !== "" && lead < indent) break;
    const piece = line.length > indent ? line.slice(indent) : "";
    if (piece !== "") {
      const idx = value.indexOf(piece, cur);
      if (idx < 0 || value.slice(cur, idx).trim() !== "") return { chunks, exact: false };
      pushChunk(chunks, idx, lineStart + indent, piece.length);
      cur = idx + piece.length;
    }
    lineStart = next;
  }
  return { chunks, exact: cur >= value.trimEnd().length };
}
var SIMPLE_ESCAPES = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "	",
  "	": "	",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1B",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\x85",
  _: "\xA0",
  L: "\u2028",
  P: "\u2029"
};
var HEX_ESCAPES = { x: 2, u: 4, U: 8 };
function flowChunks(text, start, style, want) {
  const chunks = { inner: [], outer: [], len: [] };
  let out = "";
  const emit = (s, from, width) => {
    for (let k = 0; k < s.length; k++) pushChunk(chunks, out.length + k, from + Math.min(k, width - 1), 1);
    out += s;
  };
  let pendingSpace = [];
  const flushSpace = () => {
    for (const [ch, at] of pendingSpace) emit(ch, at, 1);
    pendingSpace = [];
  };
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (style === 3 && ch === '"') {
      flushSpace();
      break;
    }
    if (style === 2 && ch === "'") {
      flushSpace();
      if (text[i + 1] === "'") {
        emit("'", i, 2);
        i += 2;
        continue;
      }
      break;
    }
    if (style === 1 && out.length + pendingSpace.length >= want) break;
    if (ch === " " || ch === "	") {
      pendingSpace.push([ch, i]);
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      const breakAt = i;
      pendingSpace = [];
      let breaks = 0;
      while (i < text.length && (text[i] === "\r" || text[i] === "\n" || text[i] === " " || text[i] === "	")) {
        if (text[i] === "\n") breaks++;
        else if (text[i] === "\r" && text[i + 1] !== "\n") breaks++;
        i++;
      }
      if (breaks <= 1) emit(" ", breakAt, 1);
      else for (let b = 0; b < breaks - 1; b++) emit("\n", breakAt, 1);
      continue;
    }
    if (style === 3 && ch === "\\") {
      flushSpace();
      const e = text[i + 1];
      if (e === "\n" || e === "\r") {
        i += e === "\r" && text[i + 2] === "\n" ? 3 : 2;
        while (i < text.length && (text[i] === " " || text[i] === "	")) i++;
        continue;
      }
      if (e !== void 0 && SIMPLE_ESCAPES[e] !== void 0) {
        emit(SIMPLE_ESCAPES[e], i, 2);
        i += 2;
        continue;
      }
      const width = e !== void 0 ? HEX_ESCAPES[e] : void 0;
      if (width !== void 0) {
        const hex = text.slice(i + 2, i + 2 + width);
        const code = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(code) || code > 1114111) return { out: "\0invalid", chunks };
        emit(String.fromCodePoint(code), i, 2 + width);
        i += 2 + width;
        continue;
      }
      return { out: "\0invalid", chunks };
    }
    flushSpace();
    emit(ch, i, 1);
    i++;
  }
  if (style === 1) flushSpace();
  return { out, chunks };
}
function embeddedMap(scalar, container) {
  const parent = container.map;
  const text = container.text;
  const local = (o) => parent ? parent.toInner(o) : o;
  const value = typeof scalar.value === "string" ? scalar.value : String(scalar.value);
  const start = local(scalar.offset);
  const contentStart = local(scalar.contentOffset);
  let chunks;
  let exact = false;
  if (scalar.style === 4) {
    const r = literalChunks(text, value, contentStart, Math.max(0, scalar.indent));
    chunks = r.chunks;
    exact = r.exact;
  } else if (scalar.style === 5) {
    const r = foldedChunks(text, value, contentStart, Math.max(0, scalar.indent));
    chunks = r.chunks;
    exact = r.exact;
  } else if (scalar.style === 1 || scalar.style === 2 || scalar.style === 3) {
    const r = flowChunks(text, contentStart, scalar.style, value.length);
    if (r.out === value) {
      chunks = r.chunks;
      exact = true;
    }
  }
  if (!exact || !chunks || chunks.inner.length === 0 && value.length > 0) {
    chunks = { inner: [], outer: [], len: [] };
    exact = false;
  }
  const cm = new ChunkMap(chunks, start);
  const outerFallback = parent ? parent.toOriginal(start) : start;
  return {
    exact,
    toOriginal(o) {
      if (!exact) return outerFallback;
      const x = cm.toOuter(o);
      return parent ? parent.toOriginal(x) : x;
    },
    toInner(o) {
      if (!exact) return 0;
      return cm.toInner(local(o));
    }
  };
}
function parseEmbeddedYaml(source, scalar, container) {
  const text = typeof scalar.value === "string" ? scalar.value : String(scalar.value);
  const map = embeddedMap(scalar, container ?? { text: source.text });
  const parsed = parseYaml(source, { text, offsetMap: map });
  return { text, map, parsed };
}

// src/validate/k8s-rules.ts
var TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
var TOLERATION_OPERATORS = ["Equal", "Exists"];
var HARD_EFFECTS = ["NoSchedule", "NoExecute"];
var QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
var QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
var QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
var QUALIFIED_NAME_MAX = 63;
var LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
var LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
var LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
var LABEL_VALUE_MAX = 63;
var DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
var DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
var DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
var DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
var DNS1123_SUBDOMAIN_MAX = 253;
var DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
var DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
function emptyError() {
  return "must be non-empty";
}
function maxLenError(n) {
  return `must be no more than ${n} characters`;
}
function regexError(msg, fmt, ...examples) {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += " or ";
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}
function byteLength(s) {
  return Buffer.byteLength(s, "utf8");
}
function isDNS1123Subdomain(value) {
  const errs = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
  return errs;
}
function isDNS1123Label(value) {
  const errs = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
  return errs;
}
function isQualifiedName(value) {
  const errs = [];
  const parts = value.split("/");
  let name;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  }
  return errs;
}
function isValidLabelValue(value) {
  const errs = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
  return errs;
}
function quote(s) {
  return JSON.stringify(s);
}
function formatBadValue(v) {
  if (v === void 0 || v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
function fieldError(field, part, type, badValue, detail) {
  const body = type === "Required value" ? type : `${type}: ${formatBadValue(badValue)}`;
  const message = `${field}: ${body}${detail ? `: ${detail}` : ""}`;
  const e = { field, part, type, detail, message };
  if (type !== "Required value") e.badValue = badValue;
  return e;
}
function join(path3, child) {
  if (!child) return path3;
  return path3 ? `${path3}.${child}` : child;
}
function notSupported(field, part, value, allowed) {
  return fieldError(field, part, "Unsupported value", value, `supported values: ${allowed.map(quote).join(", ")}`);
}
function validateLabelName(key, field, part = "key") {
  return isQualifiedName(key).map((m) => fieldError(field, part, "Invalid value", key, m));
}
function validateLabel(key, value, path3 = "metadata.labels") {
  return [
    ...validateLabelName(key, path3, "key"),
    ...isValidLabelValue(value).map((m) => fieldError(path3, "value", "Invalid value", value, m))
  ];
}
function validateTaintEffect(effect, allowEmpty, field) {
  if (!allowEmpty && effect.length === 0) return [fieldError(field, "effect", "Required value", void 0, "")];
  if (TAINT_EFFECTS.includes(effect)) return [];
  return [notSupported(field, "effect", effect, TAINT_EFFECTS)];
}
function validateTaint(taint, path3) {
  const errs = [];
  errs.push(...validateLabelName(taint.key, join(path3, "key")));
  const value = taint.value ?? "";
  const valueErrs = isValidLabelValue(value);
  if (valueErrs.length) errs.push(fieldError(join(path3, "value"), "value", "Invalid value", value, valueErrs.join(";")));
  errs.push(...validateTaintEffect(taint.effect, false, join(path3, "effect")));
  return errs;
}
function duplicateTaints(taints) {
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  taints.forEach((t, i) => {
    const id = `${t.effect}\0${t.key}`;
    const first = seen.get(id);
    if (first !== void 0) out.push({ index: i, first });
    else seen.set(id, i);
  });
  return out;
}
function isSet(v) {
  return v !== void 0 && v !== null;
}
function validateToleration(t, path3) {
  const errs = [];
  const key = t.key ?? "";
  const operator = t.operator ?? "";
  const value = t.value ?? "";
  const effect = t.effect ?? "";
  if (key.length > 0) errs.push(...validateLabelName(key, join(path3, "key")));
  if (key.length === 0 && operator !== "Exists") {
    errs.push(fieldError(
      join(path3, "operator"),
      "operator",
      "Invalid value",
      operator,
      'operator must be Exists when `key` is empty, which means "match all values and all keys"'
    ));
  }
  if (isSet(t.tolerationSeconds) && effect !== "NoExecute") {
    errs.push(fieldError(
      join(path3, "effect"),
      "effect",
      "Invalid value",
      effect,
      "effect must be 'NoExecute' when `tolerationSeconds` is set"
    ));
  }
  switch (operator) {
    case "Equal":
    case "": {
      const valueErrs = isValidLabelValue(value);
      if (valueErrs.length) errs.push(fieldError(join(path3, "operator"), "value", "Invalid value", value, valueErrs.join(";")));
      break;
    }
    case "Exists":
      if (value.length > 0) {
        const shown = { key, operator, value, effect };
        if (isSet(t.tolerationSeconds)) shown.tolerationSeconds = t.tolerationSeconds;
        errs.push(fieldError(
          join(path3, "operator"),
          "value",
          "Invalid value",
          shown,
          "value must be empty when `operator` is 'Exists'"
        ));
      }
      break;
    default:
      errs.push(notSupported(join(path3, "operator"), "operator", operator, TOLERATION_OPERATORS));
  }
  if (effect.length > 0) errs.push(...validateTaintEffect(effect, true, join(path3, "effect")));
  return errs;
}
function tolerates(t, taint) {
  const effect = t.effect ?? "";
  if (effect !== "" && effect !== taint.effect) return false;
  const key = t.key ?? "";
  if (key !== "" && key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "Exists":
      return true;
    case "Equal":
    case "":
      return (t.value ?? "") === (taint.value ?? "");
    default:
      return false;
  }
}
function taintToString(t) {
  const v = t.value ?? "";
  return `${t.key}${v ? `=${v}` : ""}:${t.effect}`;
}
function tolerationToString(t) {
  const key = t.key ?? "";
  const op = t.operator || "Equal";
  const effect = t.effect ? `:${t.effect}` : " (any effect)";
  if (op === "Exists") return `${key || "*"} Exists${effect}`;
  return `${key}=${t.value ?? ""}${effect}`;
}

// src/validate/k8s-yaml.ts
function posOf(source, offset) {
  const p = positionOf(source, offset);
  return { file: source.path, line: p.line, column: p.column };
}
function formatPos(p, from) {
  return p.file === from ? `line ${p.line}, column ${p.column}` : `${p.file}:${p.line}:${p.column}`;
}
function isNull(node) {
  return node === null || node.kind === "scalar" && node.tag === "null";
}
function label2(path3) {
  const p = formatPath(path3);
  return p ? `\`${p}\`` : "the document";
}
var K8sString = class extends Schema3 {
  constructor(collectionHint) {
    super();
    this.collectionHint = collectionHint;
  }
  collectionHint;
  check(node, cx, path3, fallback) {
    if (isNull(node)) return true;
    if (node.kind === "scalar" && node.tag === "str") return true;
    const hint = node.kind === "scalar" ? "Quote the value to make it a string." : this.collectionHint;
    report(cx, node ? node.offset : fallback, "type", `${label2(path3)} must be a string, not ${describeNode(node)}`, hint);
    return false;
  }
  describe() {
    return "a string";
  }
  toJSONSchema() {
    return this.withDoc({ type: ["string", "null"] });
  }
};
var K8sInt = class extends Schema3 {
  constructor(min, max) {
    super();
    this.min = min;
    this.max = max;
  }
  min;
  max;
  check(node, cx, path3, fallback) {
    if (isNull(node)) return true;
    if (!node || node.kind !== "scalar" || node.tag !== "int") {
      let hint;
      if (node?.kind === "scalar" && node.tag === "str" && /^\s*-?\d+\s*$/.test(node.value)) {
        hint = `Remove the quotes: ${node.value.trim()}`;
      }
      report(cx, node ? node.offset : fallback, "type", `${label2(path3)} must be an integer, not ${describeNode(node)}`, hint);
      return false;
    }
    const v = node.value;
    if (v < this.min || v > this.max) {
      const range = this.max >= Number.MAX_SAFE_INTEGER ? `at least ${this.min}` : `between ${this.min} and ${this.max}`;
      report(cx, node.offset, "value", `${label2(path3)} must be ${range}, not ${v}`);
      return false;
    }
    return true;
  }
  describe() {
    return "an integer";
  }
  toJSONSchema() {
    const s = { type: ["integer", "null"], minimum: this.min };
    if (this.max < Number.MAX_SAFE_INTEGER) s.maximum = this.max;
    return this.withDoc(s);
  }
};
var K8sBool = class extends Schema3 {
  check(node, cx, path3, fallback) {
    if (isNull(node)) return true;
    if (node.kind === "scalar" && node.tag === "bool") return true;
    const hint = node?.kind === "scalar" && node.tag === "str" && /^(true|false)$/i.test(node.value) ? "Remove the quotes." : void 0;
    report(cx, node ? node.offset : fallback, "type", `${label2(path3)} must be a boolean (true or false), not ${describeNode(node)}`, hint);
    return false;
  }
  describe() {
    return "a boolean";
  }
  toJSONSchema() {
    return this.withDoc({ type: ["boolean", "null"] });
  }
};
var Nullable = class extends Schema3 {
  constructor(inner) {
    super();
    this.inner = inner;
  }
  inner;
  check(node, cx, path3, fallback) {
    if (isNull(node)) return true;
    return this.inner.check(node, cx, path3, fallback);
  }
  describe() {
    return this.inner.describe();
  }
  toJSONSchema() {
    return this.withDoc({ anyOf: [this.inner.toJSONSchema(), { type: "null" }] });
  }
};
var kstr = (collectionHint) => new K8sString(collectionHint);
var kint = (min = -(2 ** 31), max = 2 ** 31 - 1) => new K8sInt(min, max);
var kint64 = (min = Number.MIN_SAFE_INTEGER) => new K8sInt(min, Number.MAX_SAFE_INTEGER);
var kbool = () => new K8sBool();
var nullable = (inner) => new Nullable(inner);
function strOf2(node) {
  if (node === void 0 || isNull(node)) return "";
  if (node.kind === "scalar" && node.tag === "str") return node.value;
  return void 0;
}
var tolerationSchema = object(
  {
    key: kstr().doc("Taint key to tolerate; empty (with operator Exists) tolerates every taint"),
    operator: kstr().doc("Equal (default) or Exists"),
    value: kstr().doc("Taint value, with operator Equal"),
    effect: kstr().doc("NoSchedule, PreferNoSchedule or NoExecute; empty: every effect"),
    tolerationSeconds: kint64().doc("With effect NoExecute: how long the pod stays once tainted")
  }
);
function reportFieldErrors(cx, errors, rule, offsetOf, severity = "error") {
  for (const e of errors) {
    let hint;
    if (e.type === "Unsupported value" && typeof e.badValue === "string") {
      const allowed = e.part === "operator" ? TOLERATION_OPERATORS : TAINT_EFFECTS;
      hint = didYouMean(e.badValue, allowed);
      if (hint && allowed.includes(e.badValue.charAt(0).toUpperCase() + e.badValue.slice(1))) {
        hint += " Kubernetes compares these case-sensitively.";
      }
    } else if (e.detail.startsWith("operator must be Exists")) {
      hint = "Set a `key`, or write `operator: Exists` to tolerate every taint.";
    } else if (e.detail.startsWith("value must be empty")) {
      hint = "Remove `value`, or use `operator: Equal`.";
    } else if (e.detail.startsWith("effect must be 'NoExecute'")) {
      hint = "Remove `tolerationSeconds`, or set `effect: NoExecute`.";
    }
    report(cx, offsetOf(e.part), rule, e.message, hint, severity);
  }
}
function readTolerations(node, cx, path3, fallback) {
  if (isNull(node)) return [];
  if (!list(null).check(node, cx, path3, fallback)) return [];
  const out = [];
  node.items.forEach((item, i) => {
    const itemPath = [...path3, i];
    const before = cx.diagnostics.length;
    tolerationSchema.check(item, cx, itemPath, node.offset);
    if (item.kind !== "map") return;
    let typed = true;
    const t = {};
    const fields = {};
    const offsets = {};
    for (const f of ["key", "operator", "value", "effect"]) {
      const p = item.byKey.get(f);
      if (!p) continue;
      const v = strOf2(p.value);
      if (v !== void 0) t[f] = v;
      else typed = false;
      fields[f] = posOf(cx.source, p.value.offset);
      offsets[f] = isNull(p.value) ? p.key.offset : p.value.offset;
    }
    const ts = item.byKey.get("tolerationSeconds");
    if (ts) {
      fields.tolerationSeconds = posOf(cx.source, ts.value.offset);
      offsets.tolerationSeconds = ts.key.offset;
      if (ts.value.kind === "scalar" && ts.value.tag === "int") t.tolerationSeconds = ts.value.value;
      else if (!isNull(ts.value)) typed = false;
    }
    const shownPath = formatPath(itemPath);
    if (typed) {
      const errs = validateToleration(t, shownPath);
      reportFieldErrors(cx, errs, "invalid-toleration", (part) => offsets[part] ?? item.offset);
    }
    out.push({ toleration: t, pos: posOf(cx.source, item.offset), fields, path: shownPath, valid: cx.diagnostics.length === before });
  });
  return out;
}
function readLabelMap(node, cx, path3, fallback, rule) {
  if (isNull(node)) return [];
  if (!node || node.kind !== "map") {
    report(cx, node ? node.offset : fallback, "type", `${label2(path3)} must be a mapping of strings, not ${describeNode(node)}`);
    return [];
  }
  const out = [];
  for (const p of node.pairs) {
    const key = p.name;
    if (key === void 0) {
      report(cx, p.key.offset, "type", `key ${describeNode(p.key)} in ${label2(path3)} must be a string`, "Quote the key.");
      continue;
    }
    const value = strOf2(p.value);
    if (value === void 0) {
      report(
        cx,
        p.value.offset,
        "type",
        `${label2([...path3, key])} must be a string, not ${describeNode(p.value)}`,
        p.value.kind === "scalar" ? "Quote the value to make it a string." : void 0
      );
      continue;
    }
    const shown = formatPath(path3);
    const errs = validateLabel(key, value, shown);
    reportFieldErrors(cx, errs, rule, (part) => part === "value" && !isNull(p.value) ? p.value.offset : p.key.offset);
    out.push({ key, value, pos: posOf(cx.source, p.key.offset) });
  }
  return out;
}
function dig(node, ...keys) {
  let cur = node;
  for (const k of keys) {
    if (!cur || cur.kind !== "map") return void 0;
    const p = cur.byKey.get(k);
    if (!p) return void 0;
    cur = p.value;
  }
  return cur;
}
function asMap(node) {
  return node && node.kind === "map" ? node : void 0;
}

// src/validate/pod-template.ts
var POD_TEMPLATE_RULE_PREFIX = "pod-template";
var nodeSelectorRequirement = object({
  key: required(kstr()),
  operator: required(oneOf("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")),
  values: list(kstr())
});
var nodeSelectorTerm = object({
  matchExpressions: list(nodeSelectorRequirement),
  matchFields: list(nodeSelectorRequirement)
});
var affinitySchema = object({
  nodeAffinity: object({
    requiredDuringSchedulingIgnoredDuringExecution: object({ nodeSelectorTerms: required(list(nodeSelectorTerm)) }),
    preferredDuringSchedulingIgnoredDuringExecution: list(
      object({ weight: required(kint(1, 100)), preference: required(nodeSelectorTerm) })
    )
  }),
  podAffinity: dict(),
  podAntiAffinity: dict()
});
var podSecurityContextSchema = object({
  runAsUser: kint64(),
  runAsGroup: kint64(),
  runAsNonRoot: kbool(),
  fsGroup: kint64(),
  fsGroupChangePolicy: oneOf("OnRootMismatch", "Always"),
  supplementalGroups: list(kint64()),
  supplementalGroupsPolicy: oneOf("Merge", "Strict"),
  seLinuxOptions: dict(),
  seLinuxChangePolicy: kstr(),
  seccompProfile: dict(),
  appArmorProfile: dict(),
  sysctls: list(object({ name: required(kstr()), value: required(kstr()) })),
  windowsOptions: dict()
});
var podTemplateFields = {
  nodeSelector: dict(null, kstr()).doc("Node labels the pods must have"),
  env: list(object({ name: required(kstr()), value: kstr(), valueFrom: dict() })),
  tolerations: list(tolerationSchema).doc("Taints the pods tolerate"),
  affinity: affinitySchema,
  securityContext: podSecurityContextSchema,
  volumes: list(object({ name: required(kstr()) }, { allowUnknown: true })),
  runtimeClassName: kstr(),
  automountServiceAccountToken: kbool(),
  dnsPolicy: oneOf("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"),
  dnsConfig: object({
    nameservers: list(kstr()),
    searches: list(kstr()),
    options: list(object({ name: kstr(), value: kstr() }))
  }),
  enableServiceLinks: kbool(),
  priorityClassName: kstr(),
  schedulerName: kstr(),
  imagePullSecrets: list(object({ name: kstr() })),
  hostAliases: list(object({ ip: kstr(), hostnames: list(kstr()) })),
  hostNetwork: kbool(),
  topologySpreadConstraints: list(dict())
};
var rejectedPodTemplateKeys = {
  spec: "A pod template holds the pod fields directly (`tolerations:`, `nodeSelector:`, ...), not under `spec:`.",
  containers: "A Tekton pod template cannot set containers; steps come from the Task.",
  metadata: "A Tekton pod template has no metadata; labels and annotations come from the PipelineRun.",
  serviceAccountName: "Set the service account on the PipelineRun or TaskRun, not in the pod template."
};
var podTemplateSchema = object(podTemplateFields, { rejected: rejectedPodTemplateKeys });
var podTemplateCheckSchema = object(
  { ...podTemplateFields, tolerations: anything(), nodeSelector: anything() },
  { rejected: rejectedPodTemplateKeys }
);
function readNodeAffinity(node) {
  const terms = dig(node, "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
  if (!terms || terms.kind !== "seq") return void 0;
  const out = [];
  for (const term of terms.items) {
    const exprs = dig(term, "matchExpressions");
    const reqs = [];
    if (exprs && exprs.kind === "seq") {
      for (const e of exprs.items) {
        const key = strOf2(dig(e, "key"));
        const operator = strOf2(dig(e, "operator"));
        const valuesNode = dig(e, "values");
        const values = valuesNode && valuesNode.kind === "seq" ? valuesNode.items.map((v) => strOf2(v) ?? "") : [];
        if (key !== void 0 && operator !== void 0) reqs.push({ key, operator, values });
      }
    }
    if (reqs.length > 0) out.push(reqs);
  }
  return out;
}
function checkPodSpec(node, cx, path3, fallback) {
  const pos = posOf(cx.source, node ? node.offset : fallback);
  if (isNull(node)) return { data: {}, tolerations: [], nodeSelector: [], pos };
  if (!podTemplateCheckSchema.check(node, cx, path3, fallback) && node.kind !== "map") return void 0;
  const map = node;
  const tolPair = map.byKey.get("tolerations");
  const tolerations = tolPair ? readTolerations(tolPair.value, cx, [...path3, "tolerations"], tolPair.key.offset) : [];
  const selPair = map.byKey.get("nodeSelector");
  const nodeSelector = selPair ? readLabelMap(selPair.value, cx, [...path3, "nodeSelector"], selPair.key.offset, "invalid-node-selector") : [];
  const model = {
    data: toJS(map) ?? {},
    tolerations,
    nodeSelector,
    pos
  };
  if (tolPair) model.tolerationsPos = posOf(cx.source, tolPair.key.offset);
  const affinity = readNodeAffinity(dig(map, "affinity"));
  if (affinity) model.requiredNodeAffinity = affinity;
  return model;
}
function checkEmbeddedPodTemplate(scalar, cx, container) {
  if (scalar.kind !== "scalar") return { raw: "" };
  const embedded = parseEmbeddedYaml(cx.source, scalar, container);
  cx.diagnostics.push(...embedded.parsed.diagnostics);
  const docs = embedded.parsed.documents;
  if (docs.length === 0 && embedded.parsed.diagnostics.some((d) => d.severity === "error")) return { raw: embedded.text };
  if (docs.length > 1) {
    const second = docs[1].root;
    report(
      cx,
      second ? second.offset : scalar.offset,
      "multiple-documents",
      "the pod template holds more than one YAML document; Tekton reads only one",
      "Remove the `---` separators."
    );
  }
  const root = docs[0]?.root ?? null;
  if (isNull(root)) {
    report(
      cx,
      scalar.offset,
      "empty-template",
      "the pod template is empty: the pods get no tolerations or node selector",
      "Write the pod template (for example `tolerations:`), or remove it.",
      "warning"
    );
  }
  const template = checkPodSpec(root, cx, [], scalar.offset);
  return template ? { raw: embedded.text, template } : { raw: embedded.text };
}
var configMapSchema = object({
  apiVersion: required(oneOf("v1")),
  kind: required(oneOf("ConfigMap")),
  metadata: required(
    object(
      {
        name: required(kstr()),
        namespace: kstr(),
        labels: anything(),
        annotations: dict(null, kstr())
      },
      { allowUnknown: true }
    )
  ),
  data: dict(null, anything()),
  binaryData: dict(),
  immutable: kbool()
});
function validatePodTemplate(file, settings) {
  const source = file.source;
  const diagnostics = [];
  const dataKey = settings.dispatch.podTemplateKey;
  const cx = { source, diagnostics, rulePrefix: POD_TEMPLATE_RULE_PREFIX, where: [] };
  const model = { file: source.path, pos: { file: source.path, line: 1, column: 1 }, dataKey };
  const parsed = parseYaml(source);
  diagnostics.push(...parsed.diagnostics);
  const docs = parsed.documents.filter((d) => d.root !== null && !isNull(d.root));
  if (docs.length === 0) {
    if (!parsed.diagnostics.some((d) => d.severity === "error")) {
      diagnostics.push({
        rule: "pod-template/empty",
        severity: "error",
        file: source.path,
        line: 1,
        column: 1,
        message: `${source.path} holds no ConfigMap`,
        hint: "Write a v1 ConfigMap whose data key holds the pod template, or remove the file."
      });
    }
    return { diagnostics, model };
  }
  if (docs.length > 1) {
    report(
      cx,
      docs[1].root.offset,
      "multiple-documents",
      "one pod-template ConfigMap per file: the other documents are not read",
      "Move each ConfigMap to its own file."
    );
  }
  const root = docs[0].root;
  model.pos = posOf(source, root.offset);
  configMapSchema.check(root, cx, [], 0);
  const map = asMap(root);
  if (!map) return { diagnostics, model };
  const nameNode = dig(map, "metadata", "name");
  const name = strOf2(nameNode);
  if (name !== void 0 && nameNode) {
    model.name = name;
    for (const m of isDNS1123Subdomain(name)) {
      report(cx, nameNode.offset, "invalid-name", `metadata.name: Invalid value: ${JSON.stringify(name)}: ${m}`);
    }
  }
  const nsNode = dig(map, "metadata", "namespace");
  const namespace = nsNode ? strOf2(nsNode) : void 0;
  if (namespace !== void 0 && nsNode && namespace !== "") {
    model.namespace = namespace;
    for (const m of isDNS1123Label(namespace)) {
      report(
        cx,
        nsNode.offset,
        "invalid-namespace",
        `metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${m}`,
        "It must be the namespace of the Dispatch Repository that uses this pod template."
      );
    }
  }
  const labelsPair = asMap(dig(map, "metadata"))?.byKey.get("labels");
  if (labelsPair) readLabelMap(labelsPair.value, cx, ["metadata", "labels"], labelsPair.key.offset, "invalid-label");
  const dataPair = map.byKey.get("data");
  const data = asMap(dataPair?.value);
  const entry = data?.byKey.get(dataKey);
  if (!entry) {
    if (dataPair && !data && !isNull(dataPair.value)) return { diagnostics, model };
    const keys = data ? data.pairs.map((p) => p.name).filter((k) => k !== void 0) : [];
    const suggestion = didYouMean(dataKey, keys);
    const others = keys.length ? ` (it has ${keys.map((k) => `\`${k}\``).join(", ")})` : "";
    report(
      cx,
      dataPair ? dataPair.key.offset : map.offset,
      "missing-data-key",
      `the ConfigMap has no data key \`${dataKey}\`${others}: the Repository's podTemplateFrom reads that key`,
      suggestion ?? `Put the pod template under \`data.${dataKey}\`, or set \`dispatch: {pod-template-key: ...}\` in .pool-reconciler.yaml to the key your Repositories use.`
    );
    return { diagnostics, model };
  }
  model.rawPos = posOf(source, entry.key.offset);
  const value = entry.value;
  if (!(value.kind === "scalar" && value.tag === "str")) {
    report(
      cx,
      value.offset,
      "type",
      `\`data.${dataKey}\` must be a string holding the pod template, not ${value.kind === "map" ? "a mapping" : value.kind === "seq" ? "a list" : "a non-string value"}`,
      `ConfigMap data values are strings: write \`${dataKey}: |\` and indent the pod template under it.`
    );
    return { diagnostics, model };
  }
  cx.where.push(`pod template \`data.${dataKey}\``);
  const checked = checkEmbeddedPodTemplate(value, cx);
  cx.where.pop();
  model.raw = checked.raw;
  if (checked.template) model.template = checked.template;
  return { diagnostics, model };
}

// src/validate/cluster.ts
var CLUSTER_RULE_PREFIX = "cluster";
var NODE_POOL_LABEL = "konvoy.mesosphere.com/node_pool";
var KONVOY_API_VERSIONS = ["konvoy.mesosphere.io/v1beta1", "konvoy.mesosphere.io/v1beta2"];
var AUTOSCALING_PROVIDERS = ["aws", "azure"];
var AUTOSCALING_DEFAULTS = { minSize: 1, maxSize: 10 };
var DISPATCH_COMPONENTS = [
  ["dispatch"],
  ["argo-cd", "controller"],
  ["argo-cd", "server"],
  ["argo-cd", "repoServer"],
  ["tekton-dashboard"],
  ["tekton"]
];
function emptyClusterModel(file = "cluster.yaml") {
  return { file, hasProvisioner: false, hasConfiguration: false, provisionerPools: [], pools: [] };
}
function poolNodeLabels(pool) {
  const out = { [NODE_POOL_LABEL]: pool.name };
  for (const l of pool.labels) if (l.valid) out[l.key] = l.value;
  return out;
}
var metadataSchema = object(
  { name: kstr(), namespace: kstr(), creationTimestamp: anything(), labels: dict(), annotations: dict() },
  { allowUnknown: true }
);
var documentSchema = object({
  apiVersion: required(oneOf(...KONVOY_API_VERSIONS)),
  kind: required(oneOf("ClusterProvisioner", "ClusterConfiguration")),
  metadata: required(metadataSchema),
  spec: anything()
});
var poolContext = (what) => (map) => {
  const name = strOf2(map.byKey.get("name")?.value);
  return name ? `${what} "${name}"` : void 0;
};
var machineSchema = object({
  type: kstr().doc("Instance type (aws m5.2xlarge, azure Standard_D8s_v3, ...)"),
  imageID: kstr(),
  imageName: kstr(),
  rootVolumeSize: kint64(0).doc("GiB (default 80)"),
  rootVolumeType: kstr(),
  rootVolumeIOPS: kint(0),
  imagefsVolumeEnabled: kbool(),
  imagefsVolumeSize: kint64(0).doc("GiB (default 160)"),
  imagefsVolumeType: kstr(),
  imagefsVolumeDevice: kstr(),
  aws: dict(),
  azure: dict(),
  gcp: dict(),
  vsphere: dict()
});
var machinePoolSchema = object(
  {
    name: required(kstr().doc("Unique name of the node pool")),
    indexType: oneOf("named", "positional").doc("named (v1beta2 default) or positional (deprecated, v1beta1 default)"),
    controlPlane: kbool(),
    bastion: kbool(),
    count: required(kint(0).doc("Number of machines")),
    machine: nullable(machineSchema),
    autoscaling: nullable(object({ minSize: kint(0), maxSize: kint(0) }))
  },
  { context: poolContext("provisioner node pool") }
);
var provisionerSpecSchema = object({
  provider: oneOf("aws", "azure", "gcp", "vsphere", "docker", "none"),
  aws: dict(),
  azure: dict(),
  gcp: dict(),
  vsphere: dict(),
  docker: dict(),
  nodePools: nullable(list(machinePoolSchema)),
  sshCredentials: object({ user: kstr(), publicKeyFile: kstr(), privateKeyFile: kstr() }),
  version: kstr()
});
var nodeLabelSchema = object({ key: required(kstr()), value: kstr() });
var nodeTaintSchema = object({ key: required(kstr()), value: kstr(), effect: kstr() });
var nodePoolSchema = object(
  {
    name: required(kstr()),
    labels: nullable(list(nodeLabelSchema)),
    taints: nullable(list(nodeTaintSchema)),
    gpu: dict(),
    operatingSystem: object({ assumeDistribution: oneOf("CentOS", "RedHat", "Ubuntu", "Debian") })
  },
  { context: poolContext("node pool") }
);
var addonConfigSchema = object(
  {
    name: required(kstr()),
    enabled: required(kbool()),
    values: kstr("Konvoy takes the values as a YAML string: write `values: |` and indent the values under it.").doc(
      "Helm values as a YAML string (`values: |`)"
    )
  },
  { context: poolContext("addon") }
);
var addonsSchema = object({
  configRepository: kstr(),
  configVersion: kstr(),
  addonRepository: object({ image: kstr() }),
  helmRepository: object({ image: kstr() }),
  addonsList: nullable(list(addonConfigSchema))
});
var configurationSpecSchema = object({
  kubernetes: dict(),
  autoProvisioning: dict(),
  containerNetworking: dict(),
  containerRuntime: dict(),
  imageRegistries: list(dict()),
  osPackages: dict(),
  ntp: dict(),
  nodePools: nullable(list(nodePoolSchema)),
  addons: nullable(union([list(addonsSchema), addonsSchema], { pick: (n) => n?.kind === "map" ? 1 : 0 })),
  version: kstr(),
  loggingOptions: dict()
});
function seqItems2(node) {
  return node && node.kind === "seq" ? node.items : [];
}
function boolOf(node) {
  return !!node && node.kind === "scalar" && node.tag === "bool" && node.value === true;
}
function intOf(node) {
  return node && node.kind === "scalar" && node.tag === "int" ? node.value : void 0;
}
function offsetAt(cx, pos) {
  return cx.source.lineStarts[pos.line - 1] + pos.column - 1;
}
function offsetOfPart(item, part) {
  const p = item.byKey.get(part);
  if (!p) return item.offset;
  return isNull(p.value) ? p.key.offset : p.value.offset;
}
function reportK8s(cx, errs, rule, item) {
  for (const e of errs) {
    let hint;
    if (e.type === "Unsupported value" && typeof e.badValue === "string") {
      hint = didYouMean(e.badValue, ["NoSchedule", "PreferNoSchedule", "NoExecute"]);
    } else if (e.type === "Required value" && e.part === "effect") {
      hint = "Add `effect: NoSchedule`, `PreferNoSchedule` or `NoExecute`.";
    }
    report(cx, offsetOfPart(item, e.part || "key"), rule, e.message, hint);
  }
}
function validateCluster(file, settings) {
  const source = file.source;
  const diagnostics = [];
  const cx = { source, diagnostics, rulePrefix: CLUSTER_RULE_PREFIX, where: [] };
  const model = {
    file: source.path,
    hasProvisioner: false,
    hasConfiguration: false,
    provisionerPools: [],
    pools: []
  };
  const parsed = parseYaml(source);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === "error")) return { diagnostics, model };
  let provisioner;
  let configuration;
  for (const d of parsed.documents) {
    const root = d.root;
    if (isNull(root)) continue;
    if (root.kind !== "map") {
      report(cx, root.offset, "type", "each document of cluster.yaml must be a mapping (`kind: ClusterConfiguration`, ...)");
      continue;
    }
    documentSchema.check(root, cx, [], root.offset);
    const kind = strOf2(root.byKey.get("kind")?.value);
    if (kind !== "ClusterProvisioner" && kind !== "ClusterConfiguration") continue;
    const apiVersion = strOf2(root.byKey.get("apiVersion")?.value);
    const doc = { root, kind };
    if (apiVersion && KONVOY_API_VERSIONS.includes(apiVersion)) doc.apiVersion = apiVersion;
    const spec = root.byKey.get("spec")?.value;
    if (spec && !isNull(spec)) {
      if (spec.kind !== "map") report(cx, spec.offset, "type", `\`spec\` of the ${kind} must be a mapping`);
      else doc.spec = spec;
    }
    const previous = kind === "ClusterProvisioner" ? provisioner : configuration;
    if (previous) {
      const at = posOf(source, previous.root.offset);
      report(
        cx,
        root.offset,
        "duplicate-document",
        `a second ${kind} document (the first is at line ${at.line}): Konvoy reads one`,
        "Merge the two documents into one."
      );
      continue;
    }
    if (kind === "ClusterProvisioner") provisioner = doc;
    else configuration = doc;
  }
  model.hasProvisioner = provisioner !== void 0;
  model.hasConfiguration = configuration !== void 0;
  if (!configuration) {
    diagnostics.push({
      rule: "cluster/no-configuration",
      severity: "error",
      file: source.path,
      line: 1,
      column: 1,
      message: "cluster.yaml has no `kind: ClusterConfiguration` document; Konvoy requires one",
      hint: "Add a document with `kind: ClusterConfiguration`, `apiVersion: konvoy.mesosphere.io/v1beta2`, `metadata` and `spec`."
    });
  }
  if (provisioner?.apiVersion && configuration?.apiVersion && provisioner.apiVersion !== configuration.apiVersion) {
    report(
      cx,
      configuration.root.byKey.get("apiVersion").value.offset,
      "api-version-mismatch",
      `the ClusterConfiguration is ${configuration.apiVersion} but the ClusterProvisioner is ${provisioner.apiVersion}`,
      "Use the same apiVersion in both documents.",
      "warning"
    );
  }
  model.apiVersion = configuration?.apiVersion ?? provisioner?.apiVersion;
  if (provisioner?.spec) readProvisioner(provisioner, cx, model);
  if (configuration?.spec) readConfiguration(configuration, cx, model, settings);
  if (provisioner?.spec && configuration?.spec) matchPools(provisioner, configuration, cx, model);
  checkSharedTaints(cx, model);
  return { diagnostics, model };
}
function readProvisioner(doc, cx, model) {
  const spec = doc.spec;
  provisionerSpecSchema.check(spec, cx, ["spec"], spec.offset);
  const providerNode = spec.byKey.get("provider")?.value;
  const provider = strOf2(providerNode) || "aws";
  model.provider = provider;
  if (provider === "vsphere" && doc.apiVersion === "konvoy.mesosphere.io/v1beta1" && providerNode) {
    report(
      cx,
      providerNode.offset,
      "value",
      "provider `vsphere` needs apiVersion konvoy.mesosphere.io/v1beta2",
      "Change apiVersion to konvoy.mesosphere.io/v1beta2."
    );
  }
  const v1beta1 = doc.apiVersion === "konvoy.mesosphere.io/v1beta1";
  const poolsNode = spec.byKey.get("nodePools")?.value;
  const seen = /* @__PURE__ */ new Map();
  let controlPlane;
  let bastion;
  seqItems2(poolsNode).forEach((item, index) => {
    if (item.kind !== "map") return;
    const nameNode = item.byKey.get("name")?.value;
    const name = strOf2(nameNode);
    if (!name || !nameNode) return;
    const pos = posOf(cx.source, nameNode.offset);
    const indexNode = item.byKey.get("indexType")?.value;
    const indexText = strOf2(indexNode);
    const explicit = indexText === "named" || indexText === "positional";
    const pool = {
      name,
      pos,
      index,
      indexType: explicit ? indexText : v1beta1 ? "positional" : "named",
      indexTypeExplicit: explicit,
      controlPlane: boolOf(item.byKey.get("controlPlane")?.value),
      bastion: boolOf(item.byKey.get("bastion")?.value)
    };
    const count = intOf(item.byKey.get("count")?.value);
    if (count !== void 0) pool.count = count;
    const machine = asMap(item.byKey.get("machine")?.value);
    if (machine) pool.machine = toJS(machine);
    const first = seen.get(name);
    if (first) {
      report(
        cx,
        nameNode.offset,
        "duplicate-pool",
        `node pool "${name}" is defined twice in ClusterProvisioner.spec.nodePools (first at ${formatPos(first, cx.source.path)})`,
        "Node pool names must be unique; rename or remove one."
      );
      return;
    }
    seen.set(name, pos);
    if (pool.indexType === "positional") {
      report(
        cx,
        indexNode && explicit ? indexNode.offset : nameNode.offset,
        "positional-index",
        explicit ? `node pool "${name}" uses indexType positional, which is deprecated: removing a pool shifts the pools after it and Konvoy recreates their machines` : `node pool "${name}" has no indexType and apiVersion v1beta1 defaults to positional, which is deprecated: removing a pool shifts the pools after it`,
        "Set `indexType: named` (the v1beta2 default).",
        "warning"
      );
    }
    if (pool.controlPlane) {
      if (controlPlane) {
        report(
          cx,
          item.byKey.get("controlPlane").value.offset,
          "multiple-control-plane",
          `node pool "${name}" is a second control-plane pool (the first is "${controlPlane.name}" at ${formatPos(controlPlane.pos, cx.source.path)}); Konvoy allows one`,
          "Keep `controlPlane: true` on one pool only."
        );
      } else controlPlane = pool;
      if (count === 0) {
        report(
          cx,
          item.byKey.get("count").value.offset,
          "empty-control-plane",
          `control-plane pool "${name}" has count 0: the cluster has no control plane`,
          "Use 3 (highly available) or 1."
        );
      } else if (count !== void 0 && count % 2 === 0) {
        report(
          cx,
          item.byKey.get("count").value.offset,
          "even-control-plane",
          `control-plane pool "${name}" has an even count (${count}): etcd needs a majority, so ${count} nodes tolerate no more failures than ${count - 1}`,
          `Use an odd count: ${count - 1} or ${count + 1} (3 is highly available).`,
          "warning"
        );
      }
    }
    if (pool.bastion) {
      if (bastion) {
        report(
          cx,
          item.byKey.get("bastion").value.offset,
          "multiple-bastion",
          `node pool "${name}" is a second bastion pool (the first is "${bastion.name}" at ${formatPos(bastion.pos, cx.source.path)}); Konvoy allows one`,
          "Keep `bastion: true` on one pool only."
        );
      } else bastion = pool;
    }
    const autoscalingPair = item.byKey.get("autoscaling");
    const autoscaling = asMap(autoscalingPair?.value);
    if (autoscalingPair && autoscaling) {
      const minNode = autoscaling.byKey.get("minSize")?.value;
      const maxNode = autoscaling.byKey.get("maxSize")?.value;
      const minSize = intOf(minNode) ?? AUTOSCALING_DEFAULTS.minSize;
      const maxSize = intOf(maxNode) ?? AUTOSCALING_DEFAULTS.maxSize;
      pool.autoscaling = { minSize, maxSize };
      if (minSize > maxSize) {
        report(
          cx,
          (minNode ?? maxNode ?? autoscaling).offset,
          "autoscaling-range",
          `node pool "${name}": autoscaling minSize ${minSize}${minNode ? "" : " (the default)"} is greater than maxSize ${maxSize}${maxNode ? "" : " (the default)"}`,
          "Make minSize <= maxSize."
        );
      }
      if (pool.controlPlane || pool.bastion) {
        report(
          cx,
          autoscalingPair.key.offset,
          "autoscaling-not-allowed",
          `node pool "${name}" is a ${pool.controlPlane ? "control-plane" : "bastion"} pool: Konvoy does not autoscale those`,
          "Remove `autoscaling` from this pool."
        );
      }
      if (!AUTOSCALING_PROVIDERS.includes(provider)) {
        report(
          cx,
          autoscalingPair.key.offset,
          "autoscaling-provider",
          `node pool "${name}": autoscaling is supported only with the aws and azure providers, not ${provider}`,
          "Remove `autoscaling`, or set `count` to the size you need."
        );
      }
    }
    model.provisionerPools.push(pool);
  });
  if (poolsNode && poolsNode.kind === "seq" && poolsNode.items.length > 0 && !controlPlane) {
    report(
      cx,
      poolsNode.offset,
      "no-control-plane",
      "ClusterProvisioner.spec.nodePools has no control-plane pool; Konvoy requires one",
      "Add a pool with `controlPlane: true` (count 3 for high availability)."
    );
  }
}
function readConfiguration(doc, cx, model, settings) {
  const spec = doc.spec;
  configurationSpecSchema.check(spec, cx, ["spec"], spec.offset);
  const poolsNode = spec.byKey.get("nodePools")?.value;
  const seen = /* @__PURE__ */ new Map();
  seqItems2(poolsNode).forEach((item, index) => {
    if (item.kind !== "map") return;
    const nameNode = item.byKey.get("name")?.value;
    const name = strOf2(nameNode);
    if (!name || !nameNode) return;
    const pool = { name, pos: posOf(cx.source, nameNode.offset), labels: [], taints: [] };
    const first = seen.get(name);
    if (first) {
      report(
        cx,
        nameNode.offset,
        "duplicate-pool",
        `node pool "${name}" is defined twice in ClusterConfiguration.spec.nodePools (first at ${formatPos(first, cx.source.path)})`,
        "Merge the two entries: Konvoy applies one set of labels and taints per pool."
      );
      return;
    }
    seen.set(name, pool.pos);
    const base = `spec.nodePools[${index}]`;
    const labelKeys = /* @__PURE__ */ new Map();
    seqItems2(item.byKey.get("labels")?.value).forEach((l, i) => {
      if (l.kind !== "map") return;
      const keyPair = l.byKey.get("key");
      const key = strOf2(keyPair?.value);
      const value = strOf2(l.byKey.get("value")?.value);
      if (!keyPair || key === void 0 || value === void 0) return;
      const errs = validateLabel(key, value, `${base}.labels[${i}]`);
      reportK8s(cx, errs, "invalid-label", l);
      const entry = { key, value, pos: posOf(cx.source, l.offset), valid: errs.length === 0 };
      const dup = labelKeys.get(key);
      if (dup) {
        report(
          cx,
          keyPair.value.offset,
          "duplicate-label",
          `node pool "${name}": label \`${key}\` is set twice (first at ${formatPos(dup, cx.source.path)}); a node has one value per key`,
          "Remove one of the two."
        );
        entry.valid = false;
      } else labelKeys.set(key, entry.pos);
      if (key === NODE_POOL_LABEL && value !== name) {
        report(
          cx,
          offsetOfPart(l, "value"),
          "node-pool-label",
          `node pool "${name}": label \`${NODE_POOL_LABEL}\` is "${value}", but Konvoy labels every node of the pool with the pool's name`,
          `Set it to "${name}", or remove it (Konvoy adds it).`,
          "warning"
        );
      }
      pool.labels.push(entry);
    });
    const taints = [];
    seqItems2(item.byKey.get("taints")?.value).forEach((t, i) => {
      if (t.kind !== "map") return;
      const key = strOf2(t.byKey.get("key")?.value);
      const value = strOf2(t.byKey.get("value")?.value);
      const effect = strOf2(t.byKey.get("effect")?.value);
      if (!t.byKey.has("key") || key === void 0 || value === void 0 || effect === void 0) return;
      const taint = { key, value, effect, pos: posOf(cx.source, t.offset), valid: true };
      const errs = validateTaint(taint, `${base}.taints[${i}]`);
      reportK8s(cx, errs, "invalid-taint", t);
      taint.valid = errs.length === 0;
      taints.push({ taint, item: t });
    });
    const dups = duplicateTaints(taints.map((t) => t.taint));
    for (const d of dups) {
      const { taint, item: t } = taints[d.index];
      const first2 = taints[d.first].taint;
      report(
        cx,
        t.offset,
        "duplicate-taint",
        `node pool "${name}": taint ${taintToString(taint)} repeats key \`${taint.key}\` with effect ${taint.effect} (first at ${formatPos(first2.pos, cx.source.path)}): taints must be unique by key and effect pair`,
        "Keep one taint per key and effect."
      );
      taint.valid = false;
    }
    pool.taints = taints.map((t) => t.taint);
    model.pools.push(pool);
  });
  readAddons(spec, cx, model, settings);
}
function matchPools(provisioner, configuration, cx, model) {
  const provList = provisioner.spec.byKey.get("nodePools");
  const confList = configuration.spec.byKey.get("nodePools");
  if (!provList || provList.value.kind !== "seq") return;
  const byName = new Map(model.pools.map((p) => [p.name, p]));
  const provByName = new Map(model.provisionerPools.map((p) => [p.name, p]));
  const confWhere = confList ? posOf(cx.source, confList.key.offset) : posOf(cx.source, configuration.spec.offset);
  const provWhere = posOf(cx.source, provList.key.offset);
  for (const p of model.provisionerPools) {
    const conf = byName.get(p.name);
    if (conf) {
      conf.provisioner = p;
      continue;
    }
    report(
      cx,
      offsetAt(cx, p.pos),
      "pool-mismatch",
      `node pool "${p.name}" is in ClusterProvisioner.spec.nodePools (${formatPos(p.pos, cx.source.path)}) but not in ClusterConfiguration.spec.nodePools (${formatPos(confWhere, cx.source.path)}): Konvoy refuses the file`,
      `Add \`- name: ${p.name}\` to ClusterConfiguration.spec.nodePools, or remove the pool from the ClusterProvisioner.`
    );
  }
  for (const c of model.pools) {
    if (provByName.has(c.name)) continue;
    report(
      cx,
      offsetAt(cx, c.pos),
      "pool-mismatch",
      `node pool "${c.name}" is in ClusterConfiguration.spec.nodePools (${formatPos(c.pos, cx.source.path)}) but not in ClusterProvisioner.spec.nodePools (${formatPos(provWhere, cx.source.path)}): Konvoy refuses the file`,
      didYouMean(c.name, [...provByName.keys()]) ?? `Add the pool to ClusterProvisioner.spec.nodePools, or remove this entry.`
    );
  }
}
function checkSharedTaints(cx, model) {
  const seen = /* @__PURE__ */ new Map();
  for (const pool of model.pools) {
    for (const taint of pool.taints) {
      if (!taint.valid) continue;
      const id = `${taint.key}\0${taint.value}\0${taint.effect}`;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, { pool, taint });
        continue;
      }
      if (first.pool === pool) continue;
      report(
        cx,
        offsetAt(cx, taint.pos),
        "shared-taint",
        `node pools "${first.pool.name}" (${formatPos(first.taint.pos, cx.source.path)}) and "${pool.name}" have the same taint ${taintToString(taint)}: a toleration meant for one pool also admits pods to the other`,
        `Make the taint unique to its pool, e.g. \`${NODE_POOL_LABEL}=${pool.name}:${taint.effect}\`.`,
        "warning"
      );
    }
  }
}
function readAddons(spec, cx, model, settings) {
  const addonsNode = spec.byKey.get("addons")?.value;
  if (!addonsNode || isNull(addonsNode)) return;
  const groups = addonsNode.kind === "map" ? [addonsNode] : addonsNode.kind === "seq" ? addonsNode.items : [];
  const addonName = settings.dispatch.addonName;
  for (const group of groups) {
    for (const addon of seqItems2(dig(group, "addonsList"))) {
      if (addon.kind !== "map") continue;
      const nameNode = addon.byKey.get("name")?.value;
      const name = strOf2(nameNode);
      const valuesNode = addon.byKey.get("values")?.value;
      const isDispatch = name === addonName && !!nameNode;
      let values;
      if (valuesNode && valuesNode.kind === "scalar" && valuesNode.tag === "str") {
        values = parseValues(valuesNode, cx, name ?? "?");
      }
      if (!isDispatch) continue;
      if (model.dispatch) {
        report(
          cx,
          nameNode.offset,
          "duplicate-addon",
          `addon "${name}" is listed twice (first at ${formatPos(model.dispatch.pos, cx.source.path)}); only the first is checked`,
          "Keep one entry per addon.",
          "warning"
        );
        continue;
      }
      const enabledNode = addon.byKey.get("enabled")?.value;
      const dispatch = {
        name,
        enabled: boolOf(enabledNode),
        pos: posOf(cx.source, nameNode.offset),
        components: []
      };
      model.dispatch = dispatch;
      if (!values) continue;
      dispatch.valuesRaw = values.text;
      dispatch.values = toJS(values.root) ?? {};
      readDispatchValues(values, cx, dispatch);
    }
  }
}
function parseValues(scalar, cx, addon) {
  const embedded = parseEmbeddedYaml(cx.source, scalar);
  cx.diagnostics.push(...embedded.parsed.diagnostics);
  const docs = embedded.parsed.documents;
  if (docs.length === 0) {
    if (embedded.parsed.diagnostics.some((d) => d.severity === "error")) return void 0;
    return { root: emptyMap(scalar.offset), text: embedded.text, map: embedded.map };
  }
  if (docs.length > 1) {
    const second = docs.find((d, i) => i > 0 && d.root)?.root;
    report(
      cx,
      second ? second.offset : scalar.offset,
      "values-type",
      `the values of addon "${addon}" hold more than one YAML document; Helm reads one`,
      "Remove the `---` separators."
    );
  }
  const root = docs[0].root;
  if (isNull(root)) return { root: emptyMap(scalar.offset), text: embedded.text, map: embedded.map };
  if (root.kind !== "map") {
    report(
      cx,
      root.offset,
      "values-type",
      `the values of addon "${addon}" must be YAML for a mapping of Helm values, not ${root.kind === "seq" ? "a list" : "a single value"}`,
      "Write the values as `key: value` lines under `values: |`."
    );
    return void 0;
  }
  return { root, text: embedded.text, map: embedded.map };
}
function emptyMap(offset) {
  return { kind: "map", offset, size: 1, pairs: [], byKey: /* @__PURE__ */ new Map() };
}
function readDispatchValues(values, cx, dispatch) {
  const root = values.root;
  for (const misplaced of ["tolerations", "nodeSelector"]) {
    const p = root.byKey.get(misplaced);
    if (p) {
      report(
        cx,
        p.key.offset,
        "misplaced-placement",
        `addon "${dispatch.name}": a top-level \`${misplaced}\` in the values is ignored; the chart reads it per component`,
        `Put it under ${DISPATCH_COMPONENTS.map((c) => `\`${c.join(".")}.${misplaced}\``).join(", ")}.`,
        "warning"
      );
    }
  }
  for (const path3 of DISPATCH_COMPONENTS) {
    const node = dig(root, ...path3);
    if (!node || isNull(node)) continue;
    const name = path3.join(".");
    if (node.kind !== "map") {
      report(cx, node.offset, "type", `\`${name}\` in the values of addon "${dispatch.name}" must be a mapping`);
      continue;
    }
    const component = { name, pos: posOf(cx.source, node.offset), tolerations: [], nodeSelector: [] };
    const tol = node.byKey.get("tolerations");
    if (tol) {
      component.tolerations = readTolerations(tol.value, cx, [...path3, "tolerations"], tol.key.offset);
      component.tolerationsPos = posOf(cx.source, tol.key.offset);
    }
    const sel = node.byKey.get("nodeSelector");
    if (sel) component.nodeSelector = readLabelMap(sel.value, cx, [...path3, "nodeSelector"], sel.key.offset, "invalid-node-selector");
    dispatch.components.push(component);
  }
  const pair = asMap(dig(root, "tekton", "configs"))?.byKey.get("defaultPodTemplate");
  if (!pair || isNull(pair.value)) return;
  const value = pair.value;
  if (!(value.kind === "scalar" && value.tag === "str")) {
    report(
      cx,
      value.offset,
      "type",
      `\`tekton.configs.defaultPodTemplate\` must be a string holding the pod template, not ${value.kind === "map" ? "a mapping" : value.kind === "seq" ? "a list" : "a non-string value"}`,
      "Write `defaultPodTemplate: |` and indent the pod template under it: the chart copies the string into config-defaults."
    );
    return;
  }
  const pcx = {
    source: cx.source,
    diagnostics: cx.diagnostics,
    rulePrefix: POD_TEMPLATE_RULE_PREFIX,
    where: ["`tekton.configs.defaultPodTemplate`"]
  };
  const checked = checkEmbeddedPodTemplate(value, pcx, { text: values.text, map: values.map });
  dispatch.defaultPodTemplate = { raw: checked.raw, pos: posOf(cx.source, value.offset) };
  if (checked.template) dispatch.defaultPodTemplate.template = checked.template;
}

// src/validate/dispatch.ts
var SYSTEM_TAINT_PREFIXES = ["node.kubernetes.io/", "node-role.kubernetes.io/", "node.cloudprovider.kubernetes.io/"];
var SYSTEM_TAINT_KEYS = /* @__PURE__ */ new Set([
  "ToBeDeletedByClusterAutoscaler",
  "DeletionCandidateOfClusterAutoscaler",
  "CriticalAddonsOnly",
  "nvidia.com/gpu"
]);
var SYSTEM_LABEL_PREFIXES = [
  "kubernetes.io/",
  "node.kubernetes.io/",
  "topology.kubernetes.io/",
  "beta.kubernetes.io/",
  "failure-domain.beta.kubernetes.io/",
  "node-role.kubernetes.io/"
];
function isSystemTaintKey(key) {
  return SYSTEM_TAINT_KEYS.has(key) || SYSTEM_TAINT_PREFIXES.some((p) => key.startsWith(p));
}
function isSystemLabelKey(key) {
  return SYSTEM_LABEL_PREFIXES.some((p) => key.startsWith(p));
}
function diag(rule, severity, pos, message, hint) {
  return { rule, severity, file: pos.file, line: pos.line, column: pos.column, message, ...hint ? { hint } : {} };
}
function selectorMatches(selector, labels) {
  return selector.every((s) => labels[s.key] === s.value);
}
function requirementMatches(r, labels) {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case "In":
      return has && r.values.includes(labels[r.key]);
    case "NotIn":
      return !has || !r.values.includes(labels[r.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || r.values.length !== 1) return false;
      const a = Number(labels[r.key]);
      const b = Number(r.values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}
function admits(s, labels) {
  if (!selectorMatches(s.nodeSelector, labels)) return false;
  if (s.requiredNodeAffinity && s.requiredNodeAffinity.length > 0) {
    return s.requiredNodeAffinity.some((term) => term.every((r) => requirementMatches(r, labels)));
  }
  return true;
}
function selects(s) {
  return s.nodeSelector.length > 0 || (s.requiredNodeAffinity?.length ?? 0) > 0;
}
function validTolerations(s) {
  return s.tolerations.filter((t) => t.valid).map((t) => t.toleration);
}
function subjectsOf(cluster, podTemplates) {
  const out = [];
  const dispatch = cluster.dispatch;
  if (dispatch && dispatch.enabled) {
    const t = dispatch.defaultPodTemplate?.template;
    if (t) {
      const s = {
        what: "the Tekton default pod template (`tekton.configs.defaultPodTemplate`)",
        kind: "default",
        tolerations: t.tolerations,
        nodeSelector: t.nodeSelector,
        pos: t.pos
      };
      if (t.tolerationsPos) s.tolerationsPos = t.tolerationsPos;
      if (t.requiredNodeAffinity) s.requiredNodeAffinity = t.requiredNodeAffinity;
      out.push(s);
    }
    for (const c of dispatch.components) {
      const s = {
        what: `Dispatch component \`${c.name}\``,
        kind: "component",
        tolerations: c.tolerations,
        nodeSelector: c.nodeSelector,
        pos: c.pos
      };
      if (c.tolerationsPos) s.tolerationsPos = c.tolerationsPos;
      out.push(s);
    }
  }
  for (const p of podTemplates) {
    const t = p.template;
    if (!t) continue;
    const s = {
      what: `pod template ${p.name ? `"${p.name}"` : p.file}`,
      kind: "repository",
      tolerations: t.tolerations,
      nodeSelector: t.nodeSelector,
      pos: t.pos
    };
    if (t.tolerationsPos) s.tolerationsPos = t.tolerationsPos;
    if (t.requiredNodeAffinity) s.requiredNodeAffinity = t.requiredNodeAffinity;
    out.push(s);
  }
  return out;
}
function checkTargeting(s, pools, out) {
  const tolerations = validTolerations(s);
  for (const pool of pools) {
    const hard = pool.taints.filter((t) => t.valid && HARD_EFFECTS.includes(t.effect));
    if (hard.length === 0) continue;
    const labels = poolNodeLabels(pool);
    if (!admits(s, labels)) continue;
    const bySelector = selects(s);
    const tolerated = hard.filter((t) => tolerations.some((tol) => tolerates(tol, t)));
    if (!bySelector && tolerated.length === 0) continue;
    const missing = hard.filter((t) => !tolerated.includes(t));
    if (missing.length === 0) continue;
    const how = bySelector ? s.nodeSelector.length > 0 ? `by nodeSelector ${s.nodeSelector.map((e) => `${e.key}=${e.value}`).join(", ")}` : "by its required node affinity" : `by tolerating ${tolerated.map(taintToString).join(", ")}`;
    const list2 = missing.map((t) => `${taintToString(t)} (${formatPos(t.pos)})`).join(", ");
    const noExecute = missing.some((t) => t.effect === "NoExecute");
    const consequence = noExecute ? "its pods are never scheduled on the pool, and are evicted from it" : "its pods are never scheduled on the pool";
    const severity = s.kind === "component" && !bySelector ? "warning" : "error";
    const at = bySelector && s.nodeSelector.length > 0 && !s.tolerationsPos ? s.nodeSelector[0].pos : s.tolerationsPos ?? s.pos;
    out.push(
      diag(
        "dispatch/untolerated-taint",
        severity,
        at,
        `${s.what} targets node pool "${pool.name}" ${how} but does not tolerate its taint${missing.length > 1 ? "s" : ""} ${list2}: ${consequence}`,
        `Add a toleration for each: ${missing.map((t) => `{key: ${t.key}, operator: Equal, value: ${t.value || '""'}, effect: ${t.effect}}`).join(", ")}.`
      )
    );
  }
}
function describeDifference(t, taint) {
  const parts = [];
  const key = t.key ?? "";
  if (key !== "" && key !== taint.key) parts.push(`\`${key}\` vs the pool's \`${taint.key}\``);
  const effect = t.effect ?? "";
  if (effect !== "" && effect !== taint.effect) parts.push(`effect ${effect} vs the pool's ${taint.effect}`);
  const op = t.operator ?? "";
  if ((op === "" || op === "Equal") && (t.value ?? "") !== taint.value) {
    parts.push(`value ${JSON.stringify(t.value ?? "")} vs the pool's ${JSON.stringify(taint.value)}`);
  }
  return parts.join("; ");
}
function closeness(t, taint) {
  let d = t.key ? editDistance(t.key, taint.key) : 0;
  if (t.effect && t.effect !== taint.effect) d += 2;
  if ((t.operator ?? "") !== "Exists" && (t.value ?? "") !== taint.value) d += editDistance(t.value ?? "", taint.value);
  return d;
}
function checkUnused(s, taints, out) {
  for (const entry of s.tolerations) {
    if (!entry.valid) continue;
    const t = entry.toleration;
    const key = t.key ?? "";
    if (key === "") continue;
    if (isSystemTaintKey(key)) continue;
    if (taints.some(({ taint }) => tolerates(t, taint))) continue;
    let best;
    let bestScore = Infinity;
    for (const c of taints) {
      const score = closeness(t, c.taint);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    const shown = tolerationToString(t);
    let message;
    let hint;
    if (best) {
      const diff = describeDifference(t, best.taint);
      message = `${s.what}: toleration ${shown} (${entry.path}) tolerates no taint of any node pool; the closest is ${taintToString(best.taint)} of pool "${best.pool.name}" (${formatPos(best.taint.pos)})${diff ? `: ${diff}` : ""}`;
      hint = `To tolerate it: {key: ${best.taint.key}, operator: Equal, value: ${best.taint.value || '""'}, effect: ${best.taint.effect}}.`;
    } else {
      message = `${s.what}: toleration ${shown} (${entry.path}) tolerates no taint of any node pool (no pool in cluster.yaml has taints)`;
      hint = "Remove it, or taint the pool it is meant for.";
    }
    out.push(diag("dispatch/unused-toleration", "warning", entry.pos, message, hint));
  }
}
function checkSelectorTargets(s, pools, out) {
  if (s.nodeSelector.length === 0 || pools.length === 0) return;
  const known = /* @__PURE__ */ new Set([NODE_POOL_LABEL]);
  for (const p of pools) for (const l of p.labels) if (l.valid) known.add(l.key);
  if (s.nodeSelector.some((e) => !known.has(e.key) || isSystemLabelKey(e.key))) return;
  if (pools.some((p) => selectorMatches(s.nodeSelector, poolNodeLabels(p)))) return;
  const wanted = s.nodeSelector.map((e) => `${e.key}=${e.value}`).join(", ");
  const poolSel = s.nodeSelector.find((e) => e.key === NODE_POOL_LABEL);
  let hint = "Select labels that one of the pools has.";
  if (poolSel) {
    let best = "";
    let bestScore = Infinity;
    for (const p of pools) {
      const d = editDistance(poolSel.value, p.name);
      if (d < bestScore) {
        bestScore = d;
        best = p.name;
      }
    }
    if (best) hint = `Did you mean \`${NODE_POOL_LABEL}: ${best}\`?`;
  }
  out.push(diag(
    "dispatch/unmatched-node-selector",
    "error",
    s.nodeSelector[0].pos,
    `${s.what}: nodeSelector ${wanted} matches no node pool of cluster.yaml: its pods stay pending`,
    hint
  ));
}
function checkDuplicateTemplates(podTemplates, out) {
  const seen = /* @__PURE__ */ new Map();
  for (const p of podTemplates) {
    if (!p.name) continue;
    const id = `${p.namespace ?? ""}/${p.name}`;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, p);
      continue;
    }
    out.push(diag(
      "dispatch/duplicate-pod-template",
      "error",
      p.pos,
      `ConfigMap "${p.name}"${p.namespace ? ` in namespace ${p.namespace}` : ""} is also defined in ${first.file}: one would overwrite the other`,
      "Give each pod-template ConfigMap its own name."
    ));
  }
}
function checkDispatch(cluster, podTemplates) {
  const out = [];
  const subjects = subjectsOf(cluster, podTemplates);
  const pools = cluster.pools;
  const taints = pools.flatMap((pool) => pool.taints.filter((t) => t.valid).map((taint) => ({ pool, taint })));
  for (const s of subjects) {
    checkTargeting(s, pools, out);
    if (cluster.hasConfiguration && pools.length > 0) checkUnused(s, taints, out);
    checkSelectorTargets(s, pools, out);
  }
  checkDuplicateTemplates(podTemplates, out);
  return out;
}

// src/ssh/known-hosts.ts
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
var DEFAULT_SSH_PORT = 22;
var KNOWN_KEY_TYPES = /* @__PURE__ */ new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "ssh-ed448"
]);
var BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
function parseKnownHosts(text) {
  const entries = [];
  const problems = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i].trim();
    if (raw === "" || raw.startsWith("#")) continue;
    const fields = raw.split(/[ \t]+/);
    let marker;
    if (fields[0].startsWith("@")) {
      const m = fields.shift();
      if (m === "@revoked") marker = "revoked";
      else if (m === "@cert-authority") marker = "cert-authority";
      else {
        problems.push({ line: lineNo, message: `unknown marker ${m} (expected @revoked or @cert-authority)` });
        continue;
      }
    }
    if (fields.length < 3) {
      problems.push({ line: lineNo, message: 'expected "hostnames keytype key [comment]"' });
      continue;
    }
    const [hostsField, keyType, keyText, ...rest] = fields;
    if (!KNOWN_KEY_TYPES.has(keyType)) {
      problems.push({ line: lineNo, message: `unsupported key type ${quoteShort(keyType)}` });
      continue;
    }
    if (!BASE64_RE.test(keyText)) {
      problems.push({ line: lineNo, message: "the key is not valid base64" });
      continue;
    }
    const key = Buffer.from(keyText, "base64");
    const embedded = keyTypeOfBlob(key);
    if (embedded !== keyType) {
      problems.push({
        line: lineNo,
        message: embedded === void 0 ? `the key is not an SSH public key blob` : `key type ${keyType} does not match the key itself (${embedded})`
      });
      continue;
    }
    const hosts = parseHostsField(hostsField);
    if (typeof hosts === "string") {
      problems.push({ line: lineNo, message: hosts });
      continue;
    }
    const entry = { line: lineNo, hostsField, hosts, keyType, key };
    if (marker) entry.marker = marker;
    if (rest.length > 0) entry.comment = rest.join(" ");
    entries.push(entry);
  }
  return { entries, problems };
}
function parseHostsField(field) {
  if (field.startsWith("|")) {
    const m = /^\|1\|([A-Za-z0-9+/]+={0,2})\|([A-Za-z0-9+/]+={0,2})$/.exec(field);
    if (!m) return "malformed hashed host name (expected |1|salt|hash)";
    const salt = Buffer.from(m[1], "base64");
    const hash = Buffer.from(m[2], "base64");
    if (salt.length !== 20 || hash.length !== 20) return "malformed hashed host name (salt and hash must be 20 bytes)";
    return [{ kind: "hashed", salt, hash, text: field }];
  }
  const out = [];
  for (const part of field.split(",")) {
    if (part === "") continue;
    const negated = part.startsWith("!");
    const pattern = (negated ? part.slice(1) : part).toLowerCase();
    if (pattern === "") return "empty host pattern";
    out.push({ kind: "pattern", pattern, negated });
  }
  if (out.length === 0) return "no host names";
  return out;
}
function knownHostsName(host, port = DEFAULT_SSH_PORT) {
  const h = host.toLowerCase();
  return port === DEFAULT_SSH_PORT ? h : `[${h}]:${port}`;
}
function matchPattern(name, pattern) {
  let n = 0;
  let p = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === name[n])) {
      n++;
      p++;
    } else if (p < pattern.length && pattern[p] === "*") {
      starP = p++;
      starN = n;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
function entryMatchesName(entry, name) {
  let matched = false;
  for (const h of entry.hosts) {
    if (h.kind === "hashed") {
      const mac = createHmac("sha1", h.salt).update(name).digest();
      if (mac.length === h.hash.length && timingSafeEqual(mac, h.hash)) matched = true;
    } else if (matchPattern(name, h.pattern)) {
      if (h.negated) return false;
      matched = true;
    }
  }
  return matched;
}
function keyTypeOfBlob(blob) {
  if (blob.length < 4) return void 0;
  const len = (blob[0] << 24 >>> 0) + (blob[1] << 16) + (blob[2] << 8) + blob[3];
  if (len === 0 || len > 64 || 4 + len > blob.length) return void 0;
  const s = Buffer.from(blob.subarray(4, 4 + len)).toString("latin1");
  return /^[\x21-\x7e]+$/.test(s) ? s : void 0;
}
function pinnedKeysFor(knownHosts, host, port = DEFAULT_SSH_PORT) {
  const name = knownHostsName(host, port);
  return knownHosts.entries.filter((e) => e.marker === void 0 && entryMatchesName(e, name));
}
function quoteShort(s) {
  const t = s.length > 40 ? s.slice(0, 40) + "\u2026" : s;
  return JSON.stringify(t);
}

// src/validate/inventory.ts
var INVENTORY_RULE_PREFIX = "inventory";
var groupSchema = object(
  { hosts: anything(), children: anything(), vars: anything() },
  {
    rejected: {
      host: "Ansible reads `hosts:` (plural); with `host:` the hosts are skipped.",
      groups: "Subgroups go under `children:`.",
      var: "Group variables go under `vars:`."
    }
  }
);
function expandHostPattern(pattern) {
  const m = /^(.*?)\[([^\]]*)\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, head, range, tail] = m;
  const parts = range.split(":");
  if (parts.length < 2 || parts.length > 3) return { error: `host range [${range}] must be [start:end] or [start:end:step]` };
  const [beg, end, stepText] = parts;
  const step = stepText === void 0 || stepText === "" ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) return { error: `host range [${range}] has a bad step` };
  const tails = expandHostPattern(tail);
  if (!Array.isArray(tails)) return tails;
  const names = [];
  if (/^[0-9]*$/.test(beg) && /^[0-9]+$/.test(end)) {
    const from = beg === "" ? 0 : Number(beg);
    const to = Number(end);
    if (from > to) return { error: `host range [${range}] starts after it ends` };
    if ((to - from) / step > 1e4) return { error: `host range [${range}] is too large` };
    const width = beg.length > 1 && beg.startsWith("0") ? beg.length : 0;
    for (let i = from; i <= to; i += step) {
      const n = width ? String(i).padStart(width, "0") : String(i);
      for (const t of tails) names.push(head + n + t);
    }
    return names;
  }
  if (/^[a-zA-Z]?$/.test(beg) && /^[a-zA-Z]$/.test(end)) {
    const from = (beg || "a").charCodeAt(0);
    const to = end.charCodeAt(0);
    if (from > to) return { error: `host range [${range}] starts after it ends` };
    for (let c = from; c <= to; c += step) for (const t of tails) names.push(head + String.fromCharCode(c) + t);
    return names;
  }
  return { error: `host range [${range}] must be numeric ([01:10]) or alphabetic ([a:f])` };
}
var HOSTNAME_RE = /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
var IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIPv6(s) {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(":")) return false;
  const dbl = s.split("::").length - 1;
  if (dbl > 1) return false;
  const groups = s.split(":").filter((g) => g !== "");
  if (!groups.every((g, i) => /^[0-9A-Fa-f]{1,4}$/.test(g) || i === groups.length - 1 && IPV4_RE.test(g))) return false;
  const width = groups.length + (IPV4_RE.test(groups[groups.length - 1] ?? "") ? 1 : 0);
  return dbl === 1 ? width < 8 : width === 8;
}
function addressProblem(address) {
  if (address.trim() === "") return { message: "is empty", hint: "Set `ansible_host` to the image-builder's host name or IP address." };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    return { message: `${JSON.stringify(address)} is a URL, not a host`, hint: "Give only the host name or IP address, without `ssh://` or any path." };
  }
  if (address.endsWith("/")) {
    return { message: `${JSON.stringify(address)} ends with "/"`, hint: `Remove the trailing "/": ${JSON.stringify(address.replace(/\/+$/, ""))}.` };
  }
  if (/\s/.test(address)) return { message: `${JSON.stringify(address)} contains white space`, hint: "Give one host name or IP address." };
  if (address.includes("@")) {
    return { message: `${JSON.stringify(address)} contains a user ("user@host")`, hint: "Put the user in `ansible_user` and only the host in `ansible_host`." };
  }
  if (address.includes("/")) return { message: `${JSON.stringify(address)} contains "/"`, hint: "Give only the host name or IP address." };
  const hostPort = /^([^:]+):(\d+)$/.exec(address);
  if (hostPort) {
    return { message: `${JSON.stringify(address)} includes a port`, hint: `Set \`ansible_host: ${hostPort[1]}\` and \`ansible_port: ${hostPort[2]}\`.` };
  }
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (IPV4_RE.test(bare) || isIPv6(bare) || HOSTNAME_RE.test(address)) return void 0;
  return { message: `${JSON.stringify(address)} is not a host name or IP address`, hint: 'Host names use letters, digits, "-" and "."; check for typos.' };
}
function isTemplated(node) {
  return !!node && node.kind === "scalar" && typeof node.value === "string" && node.value.includes("{{");
}
var InventoryReader = class {
  constructor(cx) {
    this.cx = cx;
    this.group("all");
  }
  cx;
  groups = /* @__PURE__ */ new Map();
  hosts = /* @__PURE__ */ new Map();
  group(name) {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, vars: /* @__PURE__ */ new Map(), hosts: /* @__PURE__ */ new Set(), children: /* @__PURE__ */ new Set(), parents: /* @__PURE__ */ new Set() };
      this.groups.set(name, g);
    }
    return g;
  }
  readGroup(name, node, parent, depth) {
    const g = this.group(name);
    if (parent && parent !== name) {
      this.group(parent).children.add(name);
      g.parents.add(parent);
    }
    if (isNull(node)) return;
    if (depth > 100) return;
    const cx = this.cx;
    if (node.kind !== "map") {
      report(
        cx,
        node.offset,
        "type",
        `group "${name}" must be a mapping (with \`hosts\`, \`children\`, \`vars\`), not ${node.kind === "seq" ? "a list" : "a single value"}`,
        "Ansible skips it, so its hosts are not image-builders."
      );
      return;
    }
    cx.where.push(`group "${name}"`);
    try {
      groupSchema.check(node, cx, [], node.offset);
    } finally {
      cx.where.pop();
    }
    const map = node;
    const vars = map.byKey.get("vars");
    if (vars && !isNull(vars.value)) {
      if (vars.value.kind !== "map") {
        report(cx, vars.value.offset, "type", `\`vars\` of group "${name}" must be a mapping of variables`);
      } else {
        for (const p of vars.value.pairs) if (p.name !== void 0) g.vars.set(p.name, { node: p.value, keyOffset: p.key.offset });
      }
    }
    const hosts = map.byKey.get("hosts");
    if (hosts && !isNull(hosts.value)) {
      if (hosts.value.kind !== "map") {
        report(
          cx,
          hosts.value.offset,
          "type",
          `\`hosts\` of group "${name}" must be a mapping of host names (each with its variables), not ${hosts.value.kind === "seq" ? "a list" : "a single value"}`,
          hosts.value.kind === "seq" ? "Write each host as a key: `hosts: {builder1: {ansible_host: ...}}`." : void 0
        );
      } else {
        for (const p of hosts.value.pairs) {
          const pattern = p.key.kind === "scalar" && p.key.value !== null ? String(p.key.value) : void 0;
          if (pattern === void 0) {
            report(cx, p.key.offset, "type", `a host name in group "${name}" must be a string`);
            continue;
          }
          const names = expandHostPattern(pattern);
          if (!Array.isArray(names)) {
            report(cx, p.key.offset, "value", `host ${JSON.stringify(pattern)}: ${names.error}`);
            continue;
          }
          let hostVars;
          if (!isNull(p.value)) {
            if (p.value.kind !== "map") {
              report(
                cx,
                p.value.offset,
                "type",
                `host "${pattern}" must have a mapping of variables (or nothing), not ${p.value.kind === "seq" ? "a list" : "a single value"}`,
                "Write `ansible_host: ...` under the host name."
              );
            } else hostVars = p.value;
          }
          for (const hn of names) {
            let h = this.hosts.get(hn);
            if (!h) {
              h = { name: hn, vars: /* @__PURE__ */ new Map(), groups: /* @__PURE__ */ new Set(), offset: p.key.offset };
              this.hosts.set(hn, h);
            }
            h.groups.add(name);
            g.hosts.add(hn);
            if (hostVars) {
              for (const v of hostVars.pairs) if (v.name !== void 0) h.vars.set(v.name, { node: v.value, keyOffset: v.key.offset });
            }
          }
        }
      }
    }
    const children = map.byKey.get("children");
    if (children && !isNull(children.value)) {
      if (children.value.kind !== "map") {
        report(cx, children.value.offset, "type", `\`children\` of group "${name}" must be a mapping of group names`);
      } else {
        for (const p of children.value.pairs) {
          if (p.name === void 0) continue;
          this.readGroup(p.name, p.value, name, depth + 1);
        }
      }
    }
  }
  /** Depth of each group below `all` (longest path), and the groups in loops. */
  depths() {
    const depth = /* @__PURE__ */ new Map();
    const loops = [];
    const visiting = /* @__PURE__ */ new Set();
    const visit = (name) => {
      if (name === "all") return 0;
      const known = depth.get(name);
      if (known !== void 0) return known;
      if (visiting.has(name)) {
        loops.push(name);
        return 1;
      }
      visiting.add(name);
      const g = this.groups.get(name);
      let d = 1;
      for (const p of g.parents) d = Math.max(d, visit(p) + 1);
      visiting.delete(name);
      depth.set(name, d);
      return d;
    };
    for (const name of this.groups.keys()) visit(name);
    return { depth, loops };
  }
  /** All groups a host is in, with ancestors (not `all`). */
  ancestry(host) {
    const out = /* @__PURE__ */ new Set();
    const stack = [...host.groups];
    while (stack.length) {
      const n = stack.pop();
      if (n === "all" || out.has(n)) continue;
      out.add(n);
      for (const p of this.groups.get(n)?.parents ?? []) stack.push(p);
    }
    return out;
  }
  /** A host's variables, with Ansible's precedence: all < shallower groups < deeper groups < host. */
  varsOf(host, depth) {
    const groups = [...this.ancestry(host)];
    const priority = (g) => {
      const v = this.groups.get(g)?.vars.get("ansible_group_priority")?.node;
      return v && v.kind === "scalar" && v.tag === "int" ? v.value : 1;
    };
    groups.sort((a, b) => depth.get(a) - depth.get(b) || priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0));
    const out = new Map(this.groups.get("all").vars);
    for (const g of groups) for (const [k, v] of this.groups.get(g).vars) out.set(k, v);
    for (const [k, v] of host.vars) out.set(k, v);
    return out;
  }
  /** Hosts of a group, including those of its children. */
  hostsOfGroup(name) {
    if (name === "all") return new Set(this.hosts.keys());
    const out = /* @__PURE__ */ new Set();
    const seen = /* @__PURE__ */ new Set();
    const stack = [name];
    while (stack.length) {
      const n = stack.pop();
      if (seen.has(n)) continue;
      seen.add(n);
      const g = this.groups.get(n);
      if (!g) continue;
      for (const h of g.hosts) out.add(h);
      for (const c of g.children) stack.push(c);
    }
    if (name === "ungrouped") {
      for (const h of this.hosts.values()) if ([...h.groups].every((x) => x === "all" || x === "ungrouped")) out.add(h.name);
    }
    return out;
  }
};
function firstVar(vars, ...names) {
  for (const n of names) {
    const def = vars.get(n);
    if (def) return { name: n, def };
  }
  return void 0;
}
function scalarText(node) {
  if (node === null || node.kind !== "scalar") return void 0;
  if (node.value === null) return "";
  if (typeof node.value === "string" || typeof node.value === "number") return String(node.value);
  return void 0;
}
function globToRegExp(glob) {
  let re = "";
  for (const ch of glob) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
var IMPLICIT_LOCALHOST = /* @__PURE__ */ new Set(["localhost", "127.0.0.1", "::1"]);
function matchHostPattern(pattern, inv) {
  const terms = pattern.includes(",") ? pattern.split(",") : isIPv6(pattern.trim()) ? [pattern] : pattern.split(":");
  let result = /* @__PURE__ */ new Set();
  const one = (term) => {
    const t = term.trim().replace(/\[[-0-9:]*\]$/, "");
    if (t === "all" || t === "*") return new Set(inv.hostNames);
    const out = /* @__PURE__ */ new Set();
    if (t.startsWith("~")) {
      let re;
      try {
        re = new RegExp(t.slice(1));
      } catch {
        return out;
      }
      for (const g of inv.groupNames) if (re.test(g)) for (const h of inv.hostsOfGroup(g)) out.add(h);
      for (const h of inv.hostNames) if (re.test(h)) out.add(h);
      return out;
    }
    if (inv.groupNames.includes(t)) for (const h of inv.hostsOfGroup(t)) out.add(h);
    if (inv.hostNames.includes(t)) out.add(t);
    if (out.size === 0 && /[*?]/.test(t)) {
      const re = globToRegExp(t);
      for (const g of inv.groupNames) if (re.test(g)) for (const h of inv.hostsOfGroup(g)) out.add(h);
      for (const h of inv.hostNames) if (re.test(h)) out.add(h);
    }
    if (out.size === 0 && IMPLICIT_LOCALHOST.has(t)) out.add(t);
    return out;
  };
  const ordered = [...terms.filter((x) => !/^\s*[!&]/.test(x)), ...terms.filter((x) => /^\s*&/.test(x)), ...terms.filter((x) => /^\s*!/.test(x))];
  for (const raw of ordered) {
    const term = raw.trim();
    if (term === "") continue;
    if (term.startsWith("&")) {
      const keep = one(term.slice(1));
      result = new Set([...result].filter((h) => keep.has(h)));
    } else if (term.startsWith("!")) {
      const drop = one(term.slice(1));
      result = new Set([...result].filter((h) => !drop.has(h)));
    } else {
      for (const h of one(term)) result.add(h);
    }
  }
  return result;
}
function checkPlaybook(file, reader, inventoryPath, diagnostics) {
  const parsed = parseYaml(file.source);
  diagnostics.push(...parsed.diagnostics);
  const root = parsed.documents[0]?.root ?? null;
  if (!root || root.kind !== "seq") return;
  const cx = { source: file.source, diagnostics, rulePrefix: INVENTORY_RULE_PREFIX, where: [] };
  const hostNames = [...reader.hosts.keys()];
  const groupNames = [...reader.groups.keys()];
  const inv = { hostNames, groupNames, hostsOfGroup: (g) => reader.hostsOfGroup(g) };
  for (const play of root.items) {
    if (play.kind !== "map") continue;
    const pair = play.byKey.get("hosts");
    if (!pair) continue;
    const node = pair.value;
    const patterns = [];
    if (node.kind === "scalar" && node.value !== null) patterns.push({ text: String(node.value), offset: node.offset });
    else if (node.kind === "seq") {
      for (const item of node.items) if (item.kind === "scalar" && item.value !== null) patterns.push({ text: String(item.value), offset: item.offset });
    }
    if (patterns.some((p) => p.text.includes("{{"))) continue;
    const matched = /* @__PURE__ */ new Set();
    for (const p of patterns) for (const h of matchHostPattern(p.text, inv)) matched.add(h);
    if (matched.size > 0) continue;
    const shown = patterns.map((p) => p.text).join(", ");
    const candidates = [...groupNames.filter((g) => g !== "all" && g !== "ungrouped"), ...hostNames];
    let closest;
    let best = Infinity;
    for (const c of candidates) {
      const d = levenshtein(shown, c);
      if (d < best) {
        best = d;
        closest = c;
      }
    }
    report(
      cx,
      patterns[0]?.offset ?? node.offset,
      "no-matching-hosts",
      `\`hosts: ${shown}\` matches no host of ${inventoryPath}: ansible-playbook skips the play and the image is not built`,
      closest && best <= Math.max(2, Math.floor(shown.length / 3)) ? `Did you mean \`${closest}\`?` : hostNames.length ? `The inventory has ${candidates.map((c) => `\`${c}\``).join(", ")}.` : "Add the image-builder to the inventory."
    );
  }
}
function levenshtein(a, b) {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
function validateInventory(file, playbooks, knownHosts) {
  const source = file.source;
  const diagnostics = [];
  const cx = { source, diagnostics, rulePrefix: INVENTORY_RULE_PREFIX, where: [] };
  const parsed = parseYaml(source);
  diagnostics.push(...parsed.diagnostics);
  const reader = new InventoryReader(cx);
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === "error")) return { diagnostics, hosts: [] };
  const root = parsed.documents[0]?.root ?? null;
  if (!isNull(root)) {
    if (root.kind !== "map") {
      report(
        cx,
        root.offset,
        "type",
        "the inventory must be a mapping of groups (`all:`, `ungrouped:`, ...)",
        "Start with `all:` and put the image-builders under `hosts:`."
      );
    } else {
      for (const p of root.pairs) {
        if (p.name === void 0) {
          report(cx, p.key.offset, "type", "a group name must be a string");
          continue;
        }
        reader.readGroup(p.name, p.value, p.name === "all" ? void 0 : "all", 0);
      }
    }
  }
  const { depth, loops } = reader.depths();
  for (const g of new Set(loops)) {
    diagnostics.push({
      rule: "inventory/group-loop",
      severity: "error",
      file: source.path,
      line: 1,
      column: 1,
      message: `group "${g}" is its own ancestor through \`children\`: Ansible refuses the inventory`,
      hint: "Remove one of the `children` links."
    });
  }
  const hosts = [];
  for (const h of reader.hosts.values()) {
    const vars = reader.varsOf(h, depth);
    const pos = posOf(source, h.offset);
    const host = {
      name: h.name,
      address: h.name,
      file: source.path,
      line: pos.line,
      column: pos.column,
      groups: [...reader.ancestry(h)].sort(),
      valid: true
    };
    const before = diagnostics.length;
    const addr = firstVar(vars, "ansible_host", "ansible_ssh_host");
    if (addr) {
      const node = addr.def.node;
      const at = node && !isNull(node) ? node.offset : addr.def.keyOffset;
      const text = scalarText(node);
      if (isTemplated(node)) {
        host.address = String(node.value);
      } else if (text === void 0) {
        report(cx, at, "bad-address", `host "${h.name}": \`${addr.name}\` must be a host name or IP address, not a ${node?.kind === "map" ? "mapping" : node?.kind === "seq" ? "list" : "boolean"}`);
      } else if (text.trim() === "") {
        report(
          cx,
          at,
          "no-address",
          `host "${h.name}" has an empty \`${addr.name}\`: there is nothing to connect to`,
          "Set it to the image-builder's host name or IP address."
        );
      } else {
        host.address = text;
        const problem = addressProblem(text);
        if (problem) report(cx, at, "bad-address", `host "${h.name}": \`${addr.name}\` ${problem.message}`, problem.hint);
      }
    } else {
      const problem = addressProblem(h.name);
      if (problem) {
        report(
          cx,
          h.offset,
          "no-address",
          `host "${h.name}" has no \`ansible_host\`, and its name is not a host name or IP address`,
          "Add `ansible_host:` with the image-builder's host name or IP address."
        );
      } else if (!h.name.includes(".") && !IPV4_RE.test(h.name) && !isIPv6(h.name) && h.name !== "localhost") {
        report(
          cx,
          h.offset,
          "implicit-address",
          `host "${h.name}" has no \`ansible_host\`: Ansible connects to "${h.name}" itself, which must resolve from the nodepool-builder pod`,
          "Set `ansible_host` to the image-builder's fully qualified name or IP address.",
          "warning"
        );
      }
    }
    const port = firstVar(vars, "ansible_port", "ansible_ssh_port");
    if (port && !isNull(port.def.node) && !isTemplated(port.def.node)) {
      const node = port.def.node;
      let value;
      if (node.kind === "scalar" && node.tag === "int") value = node.value;
      else if (node.kind === "scalar" && node.tag === "str" && /^\s*\d+\s*$/.test(node.value)) value = Number(node.value);
      if (value === void 0 || !Number.isInteger(value) || value < 1 || value > 65535) {
        report(
          cx,
          node.offset,
          "bad-port",
          `host "${h.name}": \`${port.name}\` must be a TCP port (1 to 65535), not ${node.kind === "scalar" ? JSON.stringify(node.value) : "a " + node.kind}`,
          "SSH listens on 22 unless configured otherwise."
        );
      } else host.port = value;
    }
    const user = firstVar(vars, "ansible_user", "ansible_ssh_user", "ansible_ssh_user_name");
    if (user && !isNull(user.def.node) && !isTemplated(user.def.node)) {
      const node = user.def.node;
      const text = node.kind === "scalar" && node.tag === "str" ? node.value : void 0;
      if (text === void 0 || text.trim() === "" || /[\s@:/]/.test(text)) {
        report(
          cx,
          node.offset,
          "bad-user",
          `host "${h.name}": \`${user.name}\` must be a user name, not ${node.kind === "scalar" ? JSON.stringify(node.value) : "a " + node.kind}`,
          "sf-operator's image-builders use `ansible_user: nodepool`."
        );
      } else host.user = text;
    }
    host.valid = diagnostics.length === before || diagnostics.slice(before).every((d) => d.severity !== "error");
    hosts.push(host);
  }
  if (reader.hosts.size === 0 && !parsed.diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push({
      rule: "inventory/no-hosts",
      severity: "error",
      file: source.path,
      line: root ? posOf(source, root.offset).line : 1,
      column: root ? posOf(source, root.offset).column : 1,
      message: "the inventory has no hosts: dib-ansible has no image-builder to run the build playbooks on",
      hint: "Add the image-builders: `all: {hosts: {image-builder: {ansible_host: ..., ansible_user: nodepool}}}`."
    });
  }
  for (const pb of playbooks) checkPlaybook(pb, reader, source.path, diagnostics);
  const kh = knownHosts ? parseKnownHosts(knownHosts.source.text) : void 0;
  if (knownHosts && kh) {
    for (const p of kh.problems) {
      diagnostics.push({
        rule: "known-hosts/invalid-line",
        severity: "warning",
        file: knownHosts.source.path,
        line: p.line,
        column: 1,
        message: `${knownHosts.source.path} line ${p.line}: ${p.message}; ssh skips this line`,
        hint: "Fix or remove the line."
      });
    }
  }
  for (const host of hosts) {
    if (!host.valid || host.address.includes("{{")) continue;
    const port = host.port ?? DEFAULT_SSH_PORT;
    if (kh && pinnedKeysFor(kh, host.address, port).length > 0) continue;
    const name = port === DEFAULT_SSH_PORT ? host.address : `[${host.address}]:${port}`;
    diagnostics.push({
      rule: "inventory/host-key-not-pinned",
      severity: "warning",
      file: source.path,
      line: host.line,
      column: host.column,
      message: knownHosts ? `image-builder "${host.name}" (${name}) has no pinned host key in ${knownHosts.source.path}: the SSH check will refuse it` : `image-builder "${host.name}" (${name}) has no pinned host key: there is no known_hosts file, so the SSH check will refuse it`,
      hint: `Add its key: \`ssh-keyscan ${port === DEFAULT_SSH_PORT ? "" : `-p ${port} `}-t ed25519 ${host.address}\`, checked against the host itself, to ${knownHosts?.source.path ?? "nodepool/dib-ansible/known_hosts"}.`
    });
  }
  return { diagnostics, hosts };
}

// src/validate/index.ts
function nodepoolEnv(settings, options) {
  return { ...settings.nodepool.env, ...options.env };
}
function validateFiles(files, options = {}, settings = DEFAULT_SETTINGS) {
  const result = { diagnostics: [], notices: [], sources: /* @__PURE__ */ new Map(), podTemplates: [] };
  for (const file of files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, files, settings, options, result);
  }
  crossChecks(result);
  sortDiagnostics(result.diagnostics);
  return result;
}
function validateOne(file, all, settings, options, result) {
  switch (file.kind) {
    case "nodepool":
    case "nodepool-builder": {
      const dibDir = settings.paths.dibAnsible;
      const playbooks = all.filter((f) => f.kind === "playbook" && f.source.path.startsWith(dibDir + "/")).map((f) => f.source.path.slice(dibDir.length + 1));
      const inventory = all.find((f) => f.kind === "inventory")?.source.path;
      const v = validateNodepool(file, {
        softwareFactory: !options.standalone,
        env: nodepoolEnv(settings, options),
        // Without the repo around it (a single file), the dib-ansible checks cannot see the playbooks.
        dibAnsible: all.length > 1 || file.kind !== "nodepool-builder" ? { dir: dibDir, playbooks, inventory } : void 0
      });
      result.diagnostics.push(...v.diagnostics);
      if (file.kind === "nodepool") result.nodepool = v.model;
      else result.nodepoolBuilder = v.model;
      break;
    }
    case "cluster": {
      const v = validateCluster(file, settings);
      result.diagnostics.push(...v.diagnostics);
      result.cluster = v.model;
      break;
    }
    case "pod-template": {
      const v = validatePodTemplate(file, settings);
      result.diagnostics.push(...v.diagnostics);
      result.podTemplates.push(v.model);
      break;
    }
    case "inventory": {
      const playbooks = all.filter((f) => f.kind === "playbook");
      const knownHosts = all.find((f) => f.kind === "known-hosts");
      const v = validateInventory(file, playbooks, knownHosts);
      result.diagnostics.push(...v.diagnostics);
      result.inventoryHosts = v.hosts;
      break;
    }
    case "playbook":
      if (!all.some((f) => f.kind === "inventory")) result.diagnostics.push(...parseYaml(file.source).diagnostics);
      break;
    case "known-hosts":
      break;
  }
}
function crossChecks(result) {
  if (result.cluster || result.podTemplates.length) {
    result.diagnostics.push(...checkDispatch(result.cluster ?? emptyClusterModel(), result.podTemplates));
  }
}
function validateRepo(repo, options = {}) {
  const result = {
    diagnostics: [...repo.diagnostics],
    notices: [...repo.notices],
    sources: /* @__PURE__ */ new Map(),
    podTemplates: []
  };
  if (repo.settingsSource) result.sources.set(repo.settingsSource.path, repo.settingsSource);
  for (const file of repo.files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, repo.files, repo.settings, options, result);
  }
  crossChecks(result);
  sortDiagnostics(result.diagnostics);
  return result;
}

// src/run.ts
var UsageError = class extends Error {
};
function prefixed(prefix, p) {
  if (prefix === "." || prefix === "") return p;
  return path2.posix.join(prefix.replace(/\\/g, "/"), p);
}
function runValidate(req) {
  const diagnostics = [];
  const notices = [];
  const sources = /* @__PURE__ */ new Map();
  const repos = [];
  const singles = [];
  const paths = req.paths.length ? req.paths : ["."];
  for (const p of paths) {
    let isDir;
    try {
      isDir = statSync2(p).isDirectory();
    } catch {
      diagnostics.push({ rule: "repo/missing", severity: "error", file: p, line: 0, column: 0, message: `${p} does not exist` });
      continue;
    }
    if (isDir) {
      const repo = loadRepo(p);
      const result = validateRepo(repo, { env: req.env, standalone: req.standalone });
      repos.push({ path: p, result });
      for (const d of result.diagnostics) diagnostics.push({ ...d, file: prefixed(p, d.file) });
      for (const n of result.notices) notices.push(p === "." ? n : `${p}: ${n}`);
      for (const [k, v] of result.sources) sources.set(prefixed(p, k), v);
      continue;
    }
    const kind = req.kind ?? kindFromPath(p);
    if (!kind) {
      throw new UsageError(
        `cannot tell what kind of file ${p} is: give --kind (nodepool, nodepool-builder, cluster, pod-template, inventory)`
      );
    }
    const loaded = loadSingleFile(p, kind, p.replace(/\\/g, "/"));
    diagnostics.push(...loaded.diagnostics);
    if (loaded.file) singles.push(loaded.file);
  }
  if (singles.length) {
    const result = validateFiles(singles, { env: req.env, standalone: req.standalone });
    diagnostics.push(...result.diagnostics);
    for (const [k, v] of result.sources) sources.set(k, v);
  }
  sortDiagnostics(diagnostics);
  const { errors, warnings } = countBySeverity(diagnostics);
  return { diagnostics, notices, sources, errors, warnings, repos };
}

// src/report/diagnostics.ts
var ANSI = {
  red: "\x1B[31m",
  yellow: "\x1B[33m",
  cyan: "\x1B[36m",
  bold: "\x1B[1m",
  dim: "\x1B[2m",
  reset: "\x1B[0m"
};
function paint(style, code, s) {
  return style.color ? ANSI[code] + s + ANSI.reset : s;
}
function formatDiagnosticText(d, sources, style = { color: false }) {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const sev = paint(style, d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "cyan", `${d.severity}[${d.rule}]`);
  const lines = [`${paint(style, "bold", where)}: ${sev} ${d.message}`];
  const src = sources.get(d.file);
  if (src && d.line > 0) {
    const text = lineText(src, d.line).replace(/\t/g, " ");
    if (text.length <= 300) {
      const gutter = String(d.line).padStart(5) + " | ";
      lines.push(paint(style, "dim", gutter) + text);
      lines.push(" ".repeat(gutter.length + Math.max(0, d.column - 1)) + paint(style, "red", "^"));
    }
  }
  if (d.hint) lines.push(`      ${paint(style, "cyan", "hint:")} ${d.hint}`);
  return lines.join("\n");
}
function formatDiagnosticsText(diags, sources, style = { color: false }) {
  const parts = diags.map((d) => formatDiagnosticText(d, sources, style));
  const { errors, warnings } = countBySeverity(diags);
  parts.push(summaryLine(errors, warnings));
  return parts.join("\n\n") + "\n";
}
function summaryLine(errors, warnings) {
  if (errors === 0 && warnings === 0) return "valid: no errors, no warnings";
  const plural2 = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${errors ? "invalid" : "valid"}: ${plural2(errors, "error")}, ${plural2(warnings, "warning")}`;
}

// src/version.ts
var VERSION = "0.1.0";

// src/cli.ts
var EXIT = { ok: 0, findings: 1, usage: 2, cluster: 3 };
var HELP = {
  main: `pool-reconciler ${VERSION}: keep Nodepool and Konvoy/Dispatch node pools in line with a config repo

Usage: pool-reconciler <command> [options]

Commands:
  validate [PATH...]   check the config repo (or single files) and report every problem

Options:
  -h, --help           show help (also: pool-reconciler <command> --help)
  --version            print the version

Exit codes: 0 clean, 1 findings, 2 usage or config error, 3 cluster or network error.
`,
  validate: `Usage: pool-reconciler validate [options] [PATH...]

Check a config repo directory (default: .) or single files. A file's kind comes from its path
(nodepool/nodepool.yaml, nodepool/nodepool-builder.yaml, cluster.yaml, dispatch/pod-templates/*.yaml,
nodepool/dib-ansible/inventory.yaml) or from --kind.

Options:
  --kind KIND          kind of single files: ${FILE_KINDS.filter((k) => k !== "playbook" && k !== "known-hosts").join(", ")}
  --format FORMAT      text (default) or json
  --strict             warnings fail too (exit 1)
  --standalone         read Nodepool files as plain Nodepool configs, not sf-operator user files
  -h, --help           show this help

Environment: NODEPOOL_* variables are substituted for %(NODEPOOL_*) as Nodepool does. NO_COLOR turns colours off.
Exit codes: 0 valid, 1 errors (or warnings with --strict), 2 usage error.
`
};
var defaultIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env
};
async function main(argv, io = defaultIo) {
  const [command, ...rest] = argv;
  try {
    if (!command || command === "-h" || command === "--help" || command === "help") {
      io.stdout(HELP.main);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === "--version") {
      io.stdout(VERSION + "\n");
      return EXIT.ok;
    }
    switch (command) {
      case "validate":
        return validateCommand(rest, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; see pool-reconciler --help`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`pool-reconciler: ${err.message}
`);
      return EXIT.usage;
    }
    io.stderr(`pool-reconciler: unexpected failure: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}
`);
    return EXIT.usage;
  }
}
function parse(args, options) {
  try {
    return parseArgs({ args, options: { help: { type: "boolean", short: "h" }, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
function validateCommand(args, io) {
  const { values, positionals } = parse(args, {
    kind: { type: "string" },
    format: { type: "string", default: "text" },
    strict: { type: "boolean", default: false },
    standalone: { type: "boolean", default: false }
  });
  if (values.help) {
    io.stdout(HELP.validate);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
  const kind = values.kind;
  if (kind !== void 0 && !FILE_KINDS.includes(kind)) {
    throw new UsageError(`--kind must be one of ${FILE_KINDS.join(", ")}, not ${JSON.stringify(kind)}`);
  }
  const outcome = runValidate({
    paths: positionals,
    kind,
    env: io.env,
    standalone: values.standalone
  });
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        { version: 1, valid: outcome.errors === 0, errors: outcome.errors, warnings: outcome.warnings, diagnostics: outcome.diagnostics, notices: outcome.notices },
        null,
        2
      ) + "\n"
    );
  } else {
    for (const n of outcome.notices) io.stderr(`note: ${n}
`);
    const color = io.isTTY && !io.env.NO_COLOR;
    io.stdout(formatDiagnosticsText(outcome.diagnostics, outcome.sources, { color }));
  }
  const failed = outcome.errors > 0 || values.strict && outcome.warnings > 0;
  return failed ? EXIT.findings : EXIT.ok;
}

// src/cli-main.ts
process.exitCode = await main(process.argv.slice(2));
