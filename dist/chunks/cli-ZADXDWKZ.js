import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  EXIT,
  applyVerdict,
  formatDiagnosticsText,
  planVerdict,
  summaryLine,
  validateVerdict,
  workflowCommand
} from "./chunk-GRODSIWO.js";
import {
  configRepoCommit
} from "./chunk-G3X4BJQB.js";
import {
  UsageError,
  runValidate
} from "./chunk-VPFCTF52.js";
import {
  SECRET_KEYS,
  SECRET_KEY_INPUTS
} from "./chunk-HWQPOCSR.js";
import {
  DRIVERS,
  FILE_KINDS,
  KONVOY_API_VERSIONS,
  clusterJSONSchema,
  countBySeverity,
  didYouMean,
  isInputPseudoFile,
  nodepoolSchema,
  podTemplateSchema,
  settingsSchema,
  underRepo
} from "./chunk-AQOFPA3E.js";
import "./chunk-6WSOQ634.js";
import "./chunk-4755524P.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-HKAMYXGY.js";
import {
  terminalText
} from "./chunk-KXSQEQKG.js";
import "./chunk-5FJFGSKV.js";
import "./chunk-DT2EZEFJ.js";

// src/entry/cli.ts
import path2 from "node:path";
import { readFileSync, writeFileSync as writeFileSync2 } from "node:fs";

// src/report/sarif.ts
import { createHash } from "node:crypto";

// src/core/rules.ts
var SCHEMA_RULES = (area, what) => ({
  [`${area}/unknown-key`]: ["error", "Unknown key", `A key that ${what} does not accept: the reader rejects the whole file, or ignores the setting silently.`, "Fix the spelling (the finding suggests the closest key) or remove the key."],
  [`${area}/required`]: ["error", "Required key missing", `A key that ${what} needs is absent.`, "Add the key named in the finding."],
  [`${area}/type`]: ["error", "Wrong type", `A value of the wrong type (a list where a mapping is expected, a string where a number is) for ${what}.`, "Write the value with the type the finding names."],
  [`${area}/value`]: ["error", "Invalid value", `A value outside what ${what} accepts (an unknown choice, a number out of range).`, "Use one of the values the finding lists."],
  [`${area}/pattern`]: ["error", "Malformed value", `A string that does not have the form ${what} expects.`, "Write the value in the form the finding gives."],
  [`${area}/exclusive`]: ["error", "Mutually exclusive keys", `Two keys of which ${what} accepts only one.`, "Keep one of the two keys."]
});
var ENTRIES = {
  "repo/missing": ["error", "File missing", "A file or directory named in `.pool-reconciler.yaml`, listed under `required:` or given on the command line does not exist.", "Create the file, fix the path in `.pool-reconciler.yaml`, or remove it from `required:`."],
  "repo/not-found": ["error", "Path not found", "A path given on the command line or as `config-path` does not exist: there is nothing to check there.", "Check the path (and the working directory)."],
  "repo/not-a-file": ["error", "Not a regular file", "A config path names a directory, a device or something else that is not a regular file.", "Point the path at a file."],
  "repo/too-large": ["error", "File too large", "A config file is larger than the limit: no real config is that large, and reading it would cost minutes.", "Split or trim the file; check it is the file you meant."],
  "repo/path-escape": ["error", "Path leaves the repository", "A config path is absolute, climbs out with `..`, or is a symbolic link to a place outside the config repository.", "Keep every config file inside the repository; replace the link by the file."],
  "repo/empty": ["error", "No config files", "None of the files pool-reconciler reads exists: the directory is probably not the config repository.", "Run it on the config repository, or set the paths in `.pool-reconciler.yaml`."],
  ...SCHEMA_RULES("settings", "`.pool-reconciler.yaml`"),
  "yaml/syntax": ["error", "YAML syntax error", "The file is not well-formed YAML.", "Fix the YAML at the position given (indentation, a missing colon, an unclosed quote)."],
  "yaml/encoding": ["error", "Not UTF-8 text", "The file has bytes that are not UTF-8, or NUL bytes.", "Save the file as UTF-8 text."],
  "yaml/duplicate-key": ["warning", "Duplicate key", "A mapping has the same key twice: PyYAML keeps the last value without a word, so the first is silently lost.", "Remove one of the two keys (the finding names both positions)."],
  "yaml/construct": ["error", "Value cannot be constructed", "PyYAML cannot build a value here (an unhashable key, a bad timestamp, an unknown construct).", "Write a plain scalar, list or mapping."],
  "yaml/merge": ["error", "Invalid merge key", "A `<<` merge key whose value is not a mapping or a list of mappings.", "Merge an anchored mapping: `<<: *anchor`."],
  "yaml/undefined-alias": ["error", "Undefined alias", "An alias (`*name`) refers to no anchor defined before it.", "Define the anchor (`&name`) before its first use, or fix the name."],
  "yaml/recursive-alias": ["error", "Recursive alias", "An anchor refers to itself: the reader would never finish.", "Break the cycle."],
  "yaml/duplicate-anchor": ["error", "Duplicate anchor", "An anchor name defined twice in one document: PyYAML, and so Nodepool, refuses the file.", "Rename one anchor and its aliases."],
  "yaml/unknown-tag": ["error", "Unknown tag", "A `!tag` that the safe loader of Nodepool and Ansible refuses.", "Remove the tag."],
  "yaml/too-deep": ["error", "Nesting too deep", "The document nests deeper than any config needs; readers run out of stack.", "Flatten the structure."],
  "yaml/too-large": ["error", "Too much to expand", "Aliases expand to more nodes than the limit (an alias bomb).", "Use fewer nested aliases."],
  ...SCHEMA_RULES("nodepool", "Nodepool"),
  "nodepool/exclusive": ["error", "Mutually exclusive keys", "Two keys that Nodepool accepts only one of (e.g. `cloud-image` and `diskimage`).", "Keep one of the two keys."],
  "nodepool/unknown-driver": ["error", "Unknown driver", "A provider names a driver Nodepool does not have.", "Use one of the drivers the finding lists."],
  "nodepool/multiple-documents": ["error", "More than one document", "Nodepool reads only the first YAML document of its file.", "Merge the documents into one."],
  "nodepool/env-unset": ["error", "Environment variable not set", "A `%(NODEPOOL_*)` placeholder whose variable is not in the environment: Nodepool fails to load the file.", "Set the variable in the run environment or under `nodepool: {env: \u2026}` in `.pool-reconciler.yaml`."],
  "nodepool/undefined-label": ["error", "Undefined label", "A pool offers a label that is not in the top-level `labels:` list: the launcher refuses the config.", "Add the label to `labels:` or fix its name."],
  "nodepool/undefined-diskimage": ["error", "Undefined diskimage", "A provider or label names a diskimage that no `diskimages:` entry defines.", "Define the diskimage or fix its name."],
  "nodepool/undefined-cloud-image": ["error", "Undefined cloud-image", "A pool label names a `cloud-image` that the provider does not define.", "Add it to the provider's `cloud-images:` or fix its name."],
  "nodepool/duplicate-diskimage": ["error", "Duplicate diskimage", "Two diskimages with one name: Nodepool keeps one.", "Rename or remove one of them."],
  "nodepool/missing-parent": ["error", "Missing parent diskimage", "A diskimage `parent:` names no diskimage.", "Fix the parent's name or define it."],
  "nodepool/parent-cycle": ["error", "Diskimage parent cycle", "Diskimages whose `parent:` chain loops.", "Break the loop."],
  "nodepool/abstract-diskimage": ["error", "Abstract diskimage used", "A provider or label names a diskimage marked `abstract: true`: it is only a parent and is never built, so Nodepool fails to load the config.", "Name a diskimage that has it as its `parent`, or remove `abstract: true`."],
  "nodepool/label-name-required": ["error", "Label without name", "A label entry has no `name`.", "Give each label a name."],
  "nodepool/pool-name-required": ["error", "Pool without name", "A pool has no `name`.", "Give each pool a name."],
  "nodepool/max-servers-required": ["error", "max-servers required", "Drivers such as azure and ibmvpc need `max-servers` on each pool: the launcher fails without it.", "Add `max-servers` to the pool."],
  "nodepool/metastatic-backing-label": ["error", "Metastatic backing label", "A metastatic label's `backing-label` is not a label of another provider.", "Name a label that another provider offers."],
  "nodepool/metastatic-max-age": ["error", "Metastatic max-age", "A metastatic label's `max-age` is not compatible with its backing node's lifetime.", "Fix `max-age` as the finding says."],
  "nodepool/aws-imdsv2-import": ["error", "IMDSv2 with image import", "An aws image imported with `import-method: image` cannot require IMDSv2.", "Use `import-method: snapshot` or drop `imdsv2`."],
  "nodepool/aws-dedicated-host": ["error", "aws dedicated host", "A pool with `dedicated-host` also uses spot instances, or has no availability zone.", "Remove `use-spot`, or set the pool's `availability-zone`."],
  "nodepool/ibmvpc-zone-subnet": ["error", "ibmvpc zone and subnet", "An ibmvpc pool has no `zone`/`subnet`, neither on the pool nor on the provider.", "Set them on the pool or the provider."],
  "nodepool/zookeeper-host": ["error", "ZooKeeper server without host", "A `zookeeper-servers` entry has no `host`.", "Add the host."],
  "nodepool/sf-base-key": ["error", "Key owned by Software Factory", "Under the software-factory flavor, sf-operator's base config already sets this key and appending it breaks the launcher.", "Remove the key from the user config, or set `nodepool.flavor: standalone` in `.pool-reconciler.yaml` if this is a plain Nodepool deployment."],
  "nodepool/sf-document-start": ["error", "Leading document marker", "Under the software-factory flavor, the file is appended to sf-operator's base config: a leading `---` starts a second document that Nodepool ignores.", "Remove the `---`, or set `nodepool.flavor: standalone`."],
  "nodepool/sf-multiple-documents": ["error", "Second document", "Under the software-factory flavor, a second document in the appended file is ignored by Nodepool.", "Merge the documents, or set `nodepool.flavor: standalone`."],
  "nodepool/dib-playbook": ["error", "dib-ansible playbook missing", "A `dib-cmd` runs a dib-ansible playbook that is not in the repository.", "Add the playbook to the dib-ansible directory or fix its name."],
  "nodepool/dib-playbook-path": ["error", "Playbook outside dib-ansible", "A `dib-cmd` playbook path leaves the dib-ansible directory.", "Keep playbooks in the dib-ansible directory."],
  "nodepool/dib-inventory": ["error", "dib-ansible inventory missing", "dib-ansible diskimages need the image-builder inventory, and it is missing.", "Add the inventory file."],
  "nodepool/dib-format": ["error", "Unsupported image format", "dib-ansible builds only `raw` and `qcow2` images.", "Use `raw` or `qcow2` in `formats:`."],
  ...SCHEMA_RULES("cluster", "Konvoy"),
  "cluster/no-configuration": ["warning", "No ClusterConfiguration", "`cluster.yaml` has no `ClusterConfiguration` document: no node-pool labels or taints are managed.", "Add the document, or ignore if the cluster has no pool settings."],
  "cluster/duplicate-document": ["error", "Duplicate document", "Two `ClusterProvisioner` or two `ClusterConfiguration` documents: Konvoy reads one.", "Merge them."],
  "cluster/api-version-mismatch": ["error", "apiVersion mismatch", "The two documents of `cluster.yaml` have different apiVersions.", "Use one apiVersion for both."],
  "cluster/duplicate-pool": ["error", "Duplicate node pool", "Two node pools with one name.", "Rename or remove one."],
  "cluster/pool-mismatch": ["error", "Pool not provisioned", "A `ClusterConfiguration` node pool names no `ClusterProvisioner` pool: its labels and taints reach no node.", "Fix the pool's name, or add the pool to the ClusterProvisioner."],
  "cluster/positional-index": ["warning", "Positional index", "Konvoy's `positional` machine indexing is deprecated.", "Use named machines."],
  "cluster/multiple-control-plane": ["error", "Several control planes", "More than one pool is marked `controlPlane: true`.", "Mark exactly one pool."],
  "cluster/no-control-plane": ["error", "No control plane", "No provisioner pool is marked `controlPlane: true`.", "Mark the control-plane pool."],
  "cluster/empty-control-plane": ["error", "Empty control plane", "The control-plane pool has a count of 0.", "Give it 1, 3 or 5 machines."],
  "cluster/even-control-plane": ["warning", "Even control plane", "An even number of control-plane machines gains no fault tolerance for etcd.", "Use an odd count."],
  "cluster/multiple-bastion": ["error", "Several bastion pools", "More than one pool is marked `bastion: true`.", "Keep one bastion pool."],
  "cluster/autoscaling-range": ["error", "Autoscaling range", "`minSize` is above `maxSize`, or `count` is outside the range.", "Fix the bounds."],
  "cluster/autoscaling-not-allowed": ["error", "Autoscaling not allowed", "Autoscaling on the control-plane or bastion pool.", "Remove `autoscaling` from that pool."],
  "cluster/autoscaling-provider": ["error", "Autoscaling provider", "Konvoy autoscales only on aws and azure.", "Remove `autoscaling` or use a supported provider."],
  "cluster/duplicate-label": ["error", "Duplicate label", "A node pool sets one label twice.", "Keep one."],
  "cluster/node-pool-label": ["error", "Node-pool label overridden", "A pool sets `konvoy.mesosphere.com/node_pool` to another value than its name; Konvoy labels each node with the pool's name.", "Remove the label."],
  "cluster/invalid-label": ["error", "Invalid label", "A label key or value the API server rejects.", "Follow the rule the finding quotes from Kubernetes."],
  "cluster/invalid-taint": ["error", "Invalid taint", "A taint key, value or effect the API server rejects.", "Follow the rule the finding quotes from Kubernetes."],
  "cluster/duplicate-taint": ["error", "Duplicate taint", "Two taints with the same key and effect on one pool.", "Keep one."],
  "cluster/shared-taint": ["warning", "Taint shared by pools", "The same taint on two pools: a toleration meant for one also admits pods on the other.", "Make each pool's taint unique."],
  "cluster/invalid-toleration": ["error", "Invalid toleration", "A toleration in the Dispatch addon's values the API server rejects.", "Follow the rule the finding quotes from Kubernetes."],
  "cluster/invalid-node-selector": ["error", "Invalid node selector", "A node selector in the Dispatch addon's values the API server rejects.", "Follow the rule the finding quotes."],
  "cluster/duplicate-addon": ["warning", "Duplicate addon", "An addon listed twice in one addon repository.", "Keep one."],
  "cluster/values-type": ["error", "Addon values not a mapping", "An addon's `values` is not YAML for a mapping of Helm values.", "Write the values as a YAML block string of a mapping."],
  "cluster/misplaced-placement": ["warning", "Misplaced placement", "Tolerations or node selectors at a level of the Dispatch values that nothing reads.", "Move them where the finding says."],
  "cluster/error": ["error", "Cluster error", "The cluster could not be read or written (unreachable, forbidden, a missing namespace).", "Follow the finding's hint (the RBAC rule to add, the object to create)."],
  ...SCHEMA_RULES("pod-template", "a Tekton pod template"),
  "pod-template/empty": ["error", "Empty ConfigMap", "A pod-template file holds no ConfigMap.", "Write the ConfigMap or delete the file."],
  "pod-template/empty-template": ["warning", "Empty pod template", "The pod template is empty: the pods get no tolerations or node selector.", "Add the tolerations the Dispatch pool needs."],
  "pod-template/missing-data-key": ["error", "Template key missing", "The ConfigMap has no data key holding the pod template.", "Add the configured key (`dispatch.pod-template-key`), or configure the key the ConfigMap uses."],
  "pod-template/other-data-key": ["warning", "Other data key", "The ConfigMap's only data key is not the configured pod-template key: fine if its Repositories read that key.", "Set `dispatch.pod-template-key` in `.pool-reconciler.yaml` to the key the Repositories read, or rename the key."],
  "pod-template/multiple-documents": ["error", "Several documents", "A pod-template file holds more than one document.", "One ConfigMap per file."],
  "pod-template/invalid-name": ["error", "Invalid name", "The ConfigMap's name is not a DNS-1123 subdomain.", "Use lower-case letters, digits, `-` and `.`."],
  "pod-template/invalid-namespace": ["error", "Invalid namespace", "The namespace is not a DNS-1123 label.", "Use lower-case letters, digits and `-`."],
  "pod-template/invalid-label": ["error", "Invalid label", "A label the API server rejects.", "Follow the rule the finding quotes."],
  "pod-template/invalid-toleration": ["error", "Invalid toleration", "A toleration the API server rejects.", "Follow the rule the finding quotes."],
  "pod-template/invalid-node-selector": ["error", "Invalid node selector", "A node selector the API server rejects.", "Follow the rule the finding quotes."],
  "dispatch/untolerated-taint": ["error", "Taint not tolerated", "A pod template that targets a tainted pool does not tolerate all its NoSchedule/NoExecute taints: its pods never schedule there.", "Add the toleration the finding gives."],
  "dispatch/unused-toleration": ["warning", "Toleration matches no taint", "A toleration that tolerates no taint of any pool (often a typo: `node-pool` for `node_pool`).", "Fix it to the closest taint the finding names, or remove it."],
  "dispatch/unmatched-node-selector": ["warning", "Node selector matches no pool", "A node selector that no node pool's labels satisfy.", "Fix it to a pool's label."],
  "dispatch/duplicate-pod-template": ["error", "Duplicate pod template", "Two files define the same ConfigMap.", "Keep one."],
  ...SCHEMA_RULES("inventory", "an Ansible YAML inventory"),
  "inventory/no-hosts": ["error", "No hosts", "The inventory lists no image-builder host.", "Add the image-builders."],
  "inventory/no-address": ["error", "Host without address", "A host has no `ansible_host` and its name is not an address.", "Set `ansible_host`."],
  "inventory/implicit-address": ["notice", "Address from the name", "A host without `ansible_host`: Ansible connects to its name.", "Set `ansible_host` to make the address explicit."],
  "inventory/bad-address": ["error", "Bad address", "`ansible_host` is a URL or not a host name or address.", "Write a bare host name or IP address."],
  "inventory/bad-port": ["error", "Bad port", "`ansible_port` is not a port number.", "Use 1\u201365535."],
  "inventory/bad-user": ["error", "Bad user", "`ansible_user` is not a user name.", "Write a plain user name."],
  "inventory/group-loop": ["error", "Group loop", "Groups whose `children` contain each other.", "Break the loop."],
  "inventory/no-matching-hosts": ["error", "Playbook matches no host", "A playbook's `hosts:` pattern matches no inventory host.", "Fix the pattern or add the host."],
  "inventory/host-key-not-pinned": ["warning", "Host key not pinned", "An image-builder has no key in `known_hosts`: the SSH check cannot tell it from an impostor.", "Pin its key (run `check-ssh --accept-new` once, review, commit the line)."],
  "inventory/too-many-hosts": ["error", "Too many hosts", "The inventory names more image-builders than the SSH check is bounded to.", "Split the inventory, or check that it is the file you meant."],
  "known-hosts/invalid-line": ["warning", "Invalid known_hosts line", "A `known_hosts` line that cannot be read.", "Fix or remove the line."],
  "known-hosts/too-many-lines": ["error", "known_hosts too long", "`known_hosts` has more lines than the check is bounded to.", "Keep only the image-builders' pinned keys."],
  "known-hosts/too-much-hashing": ["error", "Too much hashing", "Hashed `known_hosts` lines times inventory hosts exceed the bounded number of lookups (each hashed line costs one HMAC per host and salt).", "Use fewer hashed lines (pin plain host names), or fewer hosts."],
  "secrets/syntax": ["error", "Secret does not parse", "A provider secret input is not well-formed YAML (reported by line, never quoted).", "Fix the secret's value."],
  "secrets/not-a-mapping": ["error", "Secret not a mapping", "A provider secret input is not a YAML mapping.", "Give the whole file as the secret."],
  "secrets/no-clouds": ["error", "No clouds", "`clouds.yaml` has no `clouds:` mapping.", "Give the whole clouds.yaml."],
  "secrets/no-contexts": ["error", "No contexts", "`kube.config` defines no context.", "Give a kubeconfig with the contexts the providers name."],
  "secrets/unknown-cloud": ["error", "Unknown cloud", "An openstack provider's `cloud` is not in `clouds.yaml`.", "Add the cloud or fix the name."],
  "secrets/unknown-region": ["error", "Unknown region", "A provider's `region-name` is not a region of its cloud.", "Fix the region."],
  "secrets/unknown-context": ["error", "Unknown context", "A kubernetes/openshift provider's `context` is not in `kube.config`.", "Add the context or fix the name."],
  "plan/pod-template-namespace": ["error", "Pod-template namespace", "A pod-template ConfigMap without a namespace, or in one the cluster does not have.", "Set `metadata.namespace` to the Dispatch repository's namespace."],
  "ssh/failed": ["error", "SSH check failed", "The builder key could not be checked against an image-builder.", "Read the finding's message."],
  "ssh/invalid-host": ["error", "Invalid host", "An image-builder address that cannot be connected to.", "Fix `ansible_host`."],
  "ssh/connection-refused": ["error", "Connection refused", "Nothing listens on the image-builder's SSH port.", "Check `ansible_port` and that sshd runs."],
  "ssh/host-not-found": ["error", "Host not found", "The image-builder's name does not resolve.", "Fix the name or DNS."],
  "ssh/unreachable": ["error", "Unreachable", "No route to the image-builder.", "Check the network path."],
  "ssh/connection-reset": ["error", "Connection reset", "The image-builder closed the connection.", "Check sshd's logs and limits."],
  "ssh/timeout": ["error", "Timed out", "The image-builder did not answer in time.", "Check firewalls, or raise the timeout."],
  "ssh/host-key-unknown": ["error", "Host key unknown", "The image-builder has no pinned key.", "Pin its key in `known_hosts` after checking it out of band."],
  "ssh/host-key-mismatch": ["error", "Host key mismatch", "The image-builder's key is not the one pinned: a rebuilt machine, or someone in between.", "Check the fingerprint out of band, then replace its line."],
  "ssh/permission-denied": ["error", "Permission denied", "The image-builder does not accept the builder's key.", "Add the public key to the user's `authorized_keys`."],
  "ssh/hostname-failed": ["error", "`hostname` failed", "Logged in, but `hostname` failed.", "Check the user's shell."],
  "ssh/python-missing": ["error", "python3 missing", "The image-builder has no `python3`: Ansible cannot run there.", "Install python3."],
  "ssh/python-failed": ["error", "python3 failed", "`python3 --version` failed.", "Check the python3 installation."],
  "ssh/ssh-error": ["error", "SSH error", "Another SSH protocol error.", "Read the finding's message."]
};
var RULES = new Map(
  Object.entries(ENTRIES).map(([id, [severity, title, description, help]]) => [id, { id, severity, title, description, help }])
);
function ruleOf(id) {
  const known = RULES.get(id);
  if (known) return known;
  const slash = id.indexOf("/");
  const name = (slash > 0 ? id.slice(slash + 1) : id).replace(/[-_]+/g, " ");
  const title = name.charAt(0).toUpperCase() + name.slice(1);
  return { id, severity: "error", title, description: title, help: "" };
}

// src/report/paths.ts
var DRIVE = /^[A-Za-z]:\//;
function isAbsolute(p) {
  return p.startsWith("/") || DRIVE.test(p);
}
function normalizeSlashes(p) {
  const forward = p.replace(/\\/g, "/");
  const abs = isAbsolute(forward);
  const drive = DRIVE.test(forward) ? forward.slice(0, 2) : "";
  const rest = drive ? forward.slice(2) : forward;
  const out = [];
  for (const seg of rest.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length && out[out.length - 1] !== "..") out.pop();
    else if (seg === ".." && abs) continue;
    else out.push(seg);
  }
  const joined = out.join("/");
  if (!abs) return joined || ".";
  return `${drive}/${joined}`;
}
function samePrefix(root, file) {
  if (DRIVE.test(root) && DRIVE.test(file)) {
    return root.slice(0, 1).toLowerCase() === file.slice(0, 1).toLowerCase() && file.slice(1).startsWith(root.slice(1));
  }
  return file.startsWith(root);
}
function repoPath(file, repoRoot) {
  const f = normalizeSlashes(file);
  if (!isAbsolute(f)) return { relative: f };
  if (repoRoot !== void 0) {
    const root = normalizeSlashes(repoRoot);
    if (isAbsolute(root)) {
      const prefix = root.endsWith("/") ? root : root + "/";
      if (samePrefix(prefix, f)) return { relative: f.slice(prefix.length) || "." };
    }
  }
  return { absolute: f };
}

// src/report/sarif.ts
var SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
var TOOL_NAME = "pool-reconciler";
var FINGERPRINT_KEY = "poolReconcilerFinding/v1";
function sarifLevel(severity) {
  return severity === "error" ? "error" : severity === "warning" ? "warning" : "note";
}
var LEVEL_RANK = { note: 0, warning: 1, error: 2 };
function encodePath(p) {
  return p.split("/").map((seg, i) => i === 0 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)).join("/");
}
function artifactLocation(file, repoRoot) {
  const where = repoPath(file, repoRoot);
  if ("relative" in where) return { uri: encodePath(where.relative.replace(/^\.\//, "")), uriBaseId: "%SRCROOT%" };
  const abs = where.absolute;
  return { uri: "file://" + (abs.startsWith("/") ? "" : "/") + encodePath(abs) };
}
function fingerprintMessage(message) {
  return message.replace(/\bline \d+, column \d+/g, "line _, column _").replace(/:\d+:\d+\b/g, ":_:_");
}
function sha256(text2) {
  return createHash("sha256").update(text2).digest("hex");
}
function toSarif(diagnostics, options) {
  const levels = /* @__PURE__ */ new Map();
  for (const d of diagnostics) {
    const level = sarifLevel(d.severity);
    const seen = levels.get(d.rule);
    if (!seen || LEVEL_RANK[level] > LEVEL_RANK[seen]) levels.set(d.rule, level);
  }
  const ruleIds = [...levels.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const helpUri = options.ruleHelpUri?.(id);
    const area = id.includes("/") ? id.slice(0, id.indexOf("/")) : void 0;
    const rule = ruleOf(id);
    return {
      id,
      shortDescription: { text: options.ruleDescriptions?.[id] ?? rule.title },
      fullDescription: { text: rule.description },
      ...rule.help ? { help: { text: rule.help } } : {},
      ...helpUri ? { helpUri } : {},
      defaultConfiguration: { level: levels.get(id) },
      ...area ? { properties: { tags: [area] } } : {}
    };
  });
  const occurrences = /* @__PURE__ */ new Map();
  const results = diagnostics.map((d) => {
    const location = artifactLocation(d.file, options.repoRoot);
    const identity = `${d.rule}\0${location.uri}\0${fingerprintMessage(d.message)}`;
    const n = occurrences.get(identity) ?? 0;
    occurrences.set(identity, n + 1);
    const region = d.line > 0 ? { region: { startLine: d.line, ...d.column > 0 ? { startColumn: d.column } : {} } } : {};
    return {
      ruleId: d.rule,
      ruleIndex: ruleIndex.get(d.rule),
      level: sarifLevel(d.severity),
      message: { text: d.hint ? `${d.message}
Hint: ${d.hint}` : d.message },
      locations: [{ physicalLocation: { artifactLocation: location, ...region } }],
      partialFingerprints: { [FINGERPRINT_KEY]: `${sha256(identity).slice(0, 32)}:${n + 1}` }
    };
  });
  const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(options.toolVersion);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.toolVersion,
            ...semver ? { semanticVersion: options.toolVersion } : {},
            ...options.informationUri ? { informationUri: options.informationUri } : {},
            rules
          }
        },
        columnKind: "utf16CodeUnits",
        results
      }
    ]
  };
}

// src/report/github.ts
var COMMAND = { error: "error", warning: "warning", notice: "notice" };
function githubAnnotation(d, options = {}) {
  const where = repoPath(d.file, options.repoRoot);
  const props = [["file", "relative" in where ? where.relative : where.absolute]];
  if (d.line > 0) {
    props.push(["line", String(d.line)]);
    if (d.column > 0) props.push(["col", String(d.column)]);
  }
  props.push(["title", d.rule]);
  const message = d.hint ? `${d.message}
Hint: ${d.hint}` : d.message;
  return workflowCommand(COMMAND[d.severity], props, message);
}
function formatGithubAnnotations(diags, options = {}) {
  const lines = diags.map((d) => githubAnnotation(d, options));
  const { errors, warnings } = countBySeverity(diags);
  lines.push(summaryLine(errors, warnings));
  return lines.join("\n") + "\n";
}

// src/report/zuul.ts
var LEVEL = { error: "error", warning: "warning", notice: "info" };
function text(d) {
  return `${d.severity}[${d.rule}] ${d.message}${d.hint ? `
Hint: ${d.hint}` : ""}`;
}
function toZuulReturn(diags, options) {
  const comments = /* @__PURE__ */ new Map();
  const warnings = [];
  for (const d of diags) {
    if (isInputPseudoFile(d.file)) {
      warnings.push(`${d.file.slice("input:".length)}${d.line > 0 ? ` line ${d.line}` : ""}: ${text(d)}`);
      continue;
    }
    const where = repoPath(d.file, options.repoRoot);
    const file = "relative" in where ? where.relative : where.absolute;
    if (d.line <= 0 || !("relative" in where)) {
      warnings.push(`${file}: ${text(d)}`);
      continue;
    }
    const list = comments.get(file) ?? [];
    list.push({ line: d.line, message: text(d), level: LEVEL[d.severity] });
    comments.set(file, list);
  }
  warnings.push(...options.warnings ?? []);
  return { zuul: { file_comments: Object.fromEntries(comments), ...warnings.length ? { warnings } : {} } };
}
function formatZuulReturn(diags, options) {
  return JSON.stringify(toZuulReturn(diags, options), null, 2) + "\n";
}

// src/entry/schema.ts
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

// src/entry/args.ts
import { parseArgs } from "node:util";
var HELP_OPTION = { help: { type: "boolean", short: "h" } };
function optionNames(options) {
  return Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...o.short ? [`-${o.short}`] : []]);
}
function parseCommand(command, args, options) {
  const all = { ...options, ...HELP_OPTION };
  try {
    const { values, positionals } = parseArgs({ args, options: all, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (err) {
    throw new UsageError(argumentMessage(command, err, all));
  }
}
function argumentMessage(command, err, options) {
  const e = err;
  const text2 = e.message ?? String(err);
  const see = `see pool-reconciler ${command} --help`;
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const given = /'(-[^']*)'/.exec(text2)?.[1] ?? "";
    const name = given.split("=")[0];
    const hint = didYouMean(name, optionNames(options));
    return `${command}: unknown option ${name}. ${hint ? `${hint} ` : ""}(${see})`;
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return `${command}: ${text2.replace(/^Option /, "option ")} (${see})`;
  }
  return `${command}: ${text2} (${see})`;
}
function oneOf(value, allowed, option) {
  const found = allowed.find((a) => a === value);
  if (found !== void 0) return found;
  const hint = didYouMean(value, allowed);
  const list = `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}`;
  throw new UsageError(`${option} must be ${list}, not ${JSON.stringify(value)}${hint ? `. ${hint}` : ""}`);
}
function seconds(value, name, fallbackSeconds) {
  if (value === void 0) return fallbackSeconds * 1e3;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return Math.round(n * 1e3);
}
function commandOf(given, commands) {
  const found = commands.find((c) => c === given);
  if (found !== void 0) return found;
  const hint = didYouMean(given, commands);
  throw new UsageError(`unknown command ${JSON.stringify(given)}.${hint ? ` ${hint}` : ""} See pool-reconciler --help`);
}

// src/validate/json-schema.ts
var SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
var SCHEMA_BASE_URI = "https://pool-reconciler.dev/schemas/";
var SCHEMA_FILES = [
  "nodepool.schema.json",
  "nodepool-builder.schema.json",
  "cluster.schema.json",
  "pod-template.schema.json",
  "pod-template-spec.schema.json",
  "pool-reconciler.schema.json"
];
function header(file, title, description) {
  return { $schema: SCHEMA_DIALECT, $id: SCHEMA_BASE_URI + file, title, description };
}
function withHeader(file, title, description, body) {
  const out = header(file, title, description);
  for (const [k, v] of Object.entries(body)) if (!(k in out)) out[k] = v;
  return out;
}
function objectAt(s, ...keys) {
  let cur = s;
  for (const k of keys) {
    if (!cur || typeof cur !== "object") throw new Error(`schema generation: no ${keys.join(".")}`);
    cur = cur[k];
  }
  if (!cur || typeof cur !== "object" || Array.isArray(cur)) throw new Error(`schema generation: no ${keys.join(".")}`);
  return cur;
}
var NODEPOOL_TOP_LEVEL_DOCS = {
  webapp: "The launcher's web app (with nodepool.flavor software-factory, the default, sf-operator sets it and the repository file must not; standalone Nodepool sets it here)",
  "elements-dir": "Directory of diskimage-builder elements",
  "images-dir": "Where the builder keeps images (with nodepool.flavor software-factory, the default, sf-operator sets it and the repository file must not; standalone Nodepool sets it here)",
  "build-log-dir": "Where the builder writes build logs (with nodepool.flavor software-factory, the default, sf-operator sets it and the repository file must not; standalone Nodepool sets it here)",
  "build-log-retention": "Number of build logs kept per image",
  "zookeeper-servers": "ZooKeeper hosts (with nodepool.flavor software-factory, the default, sf-operator sets them and the repository file must not; standalone Nodepool sets them here)",
  "zookeeper-tls": "ZooKeeper TLS files (with nodepool.flavor software-factory, the default, sf-operator sets them and the repository file must not; standalone Nodepool sets them here)",
  "zookeeper-timeout": "ZooKeeper session timeout in seconds (a float: write 10.0)",
  providers: "Clouds and clusters Nodepool launches nodes in; `driver:` selects the keys allowed (default openstack)",
  labels: "Every label any pool provides must be listed here",
  diskimages: "Images the builder builds (in Software Factory: `dib-cmd: /usr/local/bin/dib-ansible <playbook>.yaml`)",
  "max-hold-age": "Maximum seconds a held node is kept",
  "tenant-resource-limits": "Per-tenant quota (max-cores, max-ram, max-servers)"
};
function providerJSONSchema() {
  const defs = {};
  const drivers = Object.keys(DRIVERS).filter((d) => d !== "fake");
  for (const d of drivers) defs[`provider-${d}`] = DRIVERS[d].toJSONSchema();
  const ref = (d) => ({ $ref: `#/$defs/provider-${d === "fake" ? "openstack" : d}` });
  const byDriver = [
    // No `driver:`, or openstack or fake: the OpenStack schema.
    { if: { properties: { driver: { enum: ["openstack", "fake"] } } }, then: ref("openstack") },
    ...drivers.filter((d) => d !== "openstack").map((d) => ({ if: { properties: { driver: { const: d } }, required: ["driver"] }, then: ref(d) }))
  ];
  const provider = {
    description: "A provider; `driver:` (default openstack) selects the keys allowed",
    type: "object",
    required: ["name"],
    properties: { name: { type: "string" }, driver: { type: "string" } },
    if: { properties: { name: { type: "string", pattern: "^fake" } }, required: ["name"] },
    then: ref("fake"),
    else: {
      properties: { driver: { enum: Object.keys(DRIVERS) } },
      allOf: byDriver
    }
  };
  return { provider, defs };
}
function nodepoolJSONSchema(file, title, description) {
  const body = nodepoolSchema.toJSONSchema();
  const properties = objectAt(body, "properties");
  for (const [k, v] of Object.entries(properties)) {
    const doc = NODEPOOL_TOP_LEVEL_DOCS[k];
    if (doc && !v.description) properties[k] = { description: doc, ...v };
  }
  const { provider, defs } = providerJSONSchema();
  const providers = objectAt(properties, "providers");
  properties.providers = { ...providers, items: provider };
  return withHeader(file, title, description, { ...body, $defs: defs });
}
function clusterDocumentJSONSchema() {
  const generated = clusterJSONSchema();
  const [provisioner, configuration] = generated.oneOf ?? [];
  const provisionerSpec = objectAt(provisioner, "properties", "spec");
  const configurationSpec = objectAt(configuration, "properties", "spec");
  const document = objectAt(provisioner);
  const properties = { ...objectAt(document, "properties") };
  properties.apiVersion = { description: "Konvoy API version", enum: [...KONVOY_API_VERSIONS] };
  properties.kind = {
    description: "ClusterProvisioner (the machines) or ClusterConfiguration (Kubernetes, node pools, addons)",
    enum: ["ClusterProvisioner", "ClusterConfiguration"]
  };
  properties.spec = { type: "object" };
  const onKind = (kind, spec) => ({
    if: { properties: { kind: { const: kind } }, required: ["kind"] },
    then: { properties: { spec: { $ref: `#/$defs/${spec}` } } }
  });
  return {
    type: "object",
    required: document.required,
    properties,
    additionalProperties: false,
    allOf: [onKind("ClusterProvisioner", "provisionerSpec"), onKind("ClusterConfiguration", "configurationSpec")],
    $defs: { provisionerSpec, configurationSpec }
  };
}
var DNS1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
var DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
function podTemplateSpecJSONSchema() {
  return {
    ...podTemplateSchema.toJSONSchema(),
    // An empty template is allowed (with a warning from `validate`).
    type: ["object", "null"]
  };
}
function configMapJSONSchema() {
  return {
    type: "object",
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      apiVersion: { const: "v1" },
      kind: { const: "ConfigMap" },
      metadata: {
        type: "object",
        required: ["name"],
        properties: {
          name: {
            description: "The name the Repository's podTemplateFrom names (a DNS-1123 subdomain)",
            type: "string",
            maxLength: 253,
            pattern: DNS1123_SUBDOMAIN
          },
          namespace: {
            description: "The namespace of the Dispatch Repository that uses this pod template",
            type: ["string", "null"],
            maxLength: 63,
            anyOf: [{ type: "null" }, { const: "" }, { pattern: DNS1123_LABEL }]
          },
          labels: { type: ["object", "null"], additionalProperties: { type: ["string", "null"] } },
          annotations: { type: ["object", "null"], additionalProperties: { type: ["string", "null"] } }
        }
      },
      data: {
        description: "The pod template is the value of one key (`default-pod-template`, or `dispatch.pod-template-key` of .pool-reconciler.yaml), as a YAML string: `key: |`",
        type: ["object", "null"],
        additionalProperties: {
          type: "string",
          contentMediaType: "application/yaml",
          contentSchema: { $ref: "#/$defs/podTemplateSpec" }
        }
      },
      binaryData: { type: ["object", "null"], additionalProperties: { type: "string", contentEncoding: "base64" } },
      immutable: { type: ["boolean", "null"] }
    },
    additionalProperties: false,
    $defs: { podTemplateSpec: podTemplateSpecJSONSchema() }
  };
}
function generateSchemas() {
  return {
    "nodepool.schema.json": nodepoolJSONSchema(
      "nodepool.schema.json",
      "Nodepool launcher configuration (nodepool/nodepool.yaml)",
      "Labels, providers and pools of Zuul Nodepool, key for key as `nodepool config-validate` checks them. In a Software Factory user file, webapp, zookeeper-*, images-dir and build-log-dir are set by sf-operator."
    ),
    "nodepool-builder.schema.json": nodepoolJSONSchema(
      "nodepool-builder.schema.json",
      "Nodepool builder configuration (nodepool/nodepool-builder.yaml)",
      "Diskimages and the providers they are uploaded to; the builder reads the same schema as the launcher."
    ),
    "cluster.schema.json": withHeader(
      "cluster.schema.json",
      "Konvoy cluster.yaml document",
      "One document of cluster.yaml: a ClusterProvisioner (machine pools) or a ClusterConfiguration (node pools with labels and taints, addons). Editors apply it to each document of the file.",
      clusterDocumentJSONSchema()
    ),
    "pod-template.schema.json": withHeader(
      "pod-template.schema.json",
      "Dispatch pod-template ConfigMap (dispatch/pod-templates/*.yaml)",
      "A v1 ConfigMap whose data key holds the pod template (tolerations, nodeSelector, ...) of one Dispatch repository, as a YAML string.",
      configMapJSONSchema()
    ),
    "pod-template-spec.schema.json": withHeader(
      "pod-template-spec.schema.json",
      "Tekton pod template",
      "The pod template itself: the YAML inside a pod-template ConfigMap data key, or tekton.configs.defaultPodTemplate of the Dispatch addon values.",
      podTemplateSpecJSONSchema()
    ),
    "pool-reconciler.schema.json": withHeader(
      "pool-reconciler.schema.json",
      "pool-reconciler settings (.pool-reconciler.yaml)",
      "Optional settings at the config repo root: paths of the files, required files, namespaces and object names. Every key has a default.",
      settingsSchema.toJSONSchema()
    )
  };
}
function schemaText(schema) {
  return JSON.stringify(schema, null, 2) + "\n";
}

// src/entry/schema.ts
var SCHEMA_HELP = `Usage: pool-reconciler schema [--out DIR] [--stdout NAME]

Write the JSON Schemas (draft 2020-12) of every config repo file kind, for editors (the YAML language server's
\`# yaml-language-server: $schema=...\` line) and JSON Schema validators:

${SCHEMA_FILES.map((f) => `  ${f}`).join("\n")}

Options:
  --out DIR        directory to write them to (default: schemas, relative to the current directory)
  --stdout NAME    print one schema instead (NAME: ${SCHEMA_FILES.map((f) => f.replace(/\.schema\.json$/, "")).join(", ")})
  -h, --help       show this help

Exit codes: 0 written, 2 usage error or a file could not be written.
`;
function schemaFileOf(name) {
  const wanted = name.endsWith(".json") ? name : `${name}.schema.json`;
  const file = SCHEMA_FILES.find((f) => f === wanted);
  if (file === void 0) {
    const names = SCHEMA_FILES.map((f) => f.replace(/\.schema\.json$/, ""));
    const hint = didYouMean(name.replace(/\.schema\.json$/, ""), names);
    throw new UsageError(`--stdout: no schema ${JSON.stringify(name)}; one of ${names.join(", ")}${hint ? `. ${hint}` : ""}`);
  }
  return file;
}
function schemaCommand(args, io) {
  const { values, positionals } = parseCommand("schema", args, { out: { type: "string" }, stdout: { type: "string" } });
  if (positionals.length) throw new UsageError(`schema takes no arguments, not ${JSON.stringify(positionals[0])}; see pool-reconciler schema --help`);
  if (values.help) {
    io.stdout(SCHEMA_HELP);
    return 0;
  }
  if (values.out !== void 0 && values.stdout !== void 0) throw new UsageError("give --out or --stdout, not both");
  const schemas = generateSchemas();
  if (values.stdout !== void 0) {
    io.stdout(schemaText(schemas[schemaFileOf(values.stdout)]));
    return 0;
  }
  const out = values.out ?? "schemas";
  if (out === "") throw new UsageError("--out needs a directory");
  try {
    mkdirSync(out, { recursive: true });
    for (const file of SCHEMA_FILES) {
      const target = path.join(out, file);
      writeFileSync(target, schemaText(schemas[file]));
      io.stdout(`wrote ${target.replace(/\\/g, "/")}
`);
    }
  } catch (err) {
    const code = err.code;
    io.stderr(`pool-reconciler: cannot write the schemas to ${out}${code ? ` (${code})` : ""}
`);
    return 2;
  }
  return 0;
}

// src/core/version.ts
var VERSION = "0.1.0";

// src/entry/help.ts
var HELP = {
  main: `pool-reconciler ${VERSION}: keep Nodepool and Konvoy/Dispatch node pools in line with a config repo

Usage: pool-reconciler <command> [options]

Commands:
  validate [PATH...]   check the config repo (or single files) and report every problem
  plan [REPO]          read the cluster and show what apply would change
  apply [REPO]         apply the config-update (locked, in order, verified) and report each step
  sandbox [REPO]       start a local sandbox cluster to try the tool on (--demo: plan, apply, plan)
  check-ssh [REPO]     check that the Nodepool builder's SSH key reaches every image-builder
  schema               write the JSON Schemas of every file kind (for editors) to schemas/

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
  --format FORMAT      text (default), json, sarif (SARIF 2.1.0 for code scanning), github
                       (workflow command annotations) or zuul (zuul_return file comments); sarif and
                       github paths are relative to GITHUB_WORKSPACE when set, else to the current
                       directory; zuul paths are relative to the config repo
  --strict             warnings fail too (exit 1); also --fail-on-warnings, as the action's input
  --standalone         read Nodepool files as plain Nodepool configs, not sf-operator user files
                       (overrides nodepool.flavor in .pool-reconciler.yaml)
  --clouds-yaml FILE   check openstack providers' cloud and region-name against this clouds.yaml
  --kube-config FILE   check kubernetes/openshift providers' context against this kube.config
  --aws-config FILE    the aws.config provider secret (checked to parse)
  -h, --help           show this help

Environment: NODEPOOL_* variables are substituted for %(NODEPOOL_*) as Nodepool does. NO_COLOR turns colours off.
Exit codes: 0 valid, 1 errors (or warnings with --strict), 2 usage or config error (no config file where
pointed, a path that does not exist, .pool-reconciler.yaml wrong).
`,
  plan: `Usage: pool-reconciler plan [options] [REPO]

Validate the config repo (default: .), read the cluster (reads only) and show what apply would change:
Secret nodepool-providers-secrets (key names only, never values), the Nodepool rollouts and config refresh,
Tekton's config-defaults, the per-repository pod-template ConfigMaps, and each Konvoy pool's node labels and
taints. Fields others own are left alone and not shown.

Options:
  --kubeconfig FILE    the cluster (default: KUBECONFIG, ~/.kube/config, or in-cluster)
  --clouds-yaml FILE   provider secret clouds.yaml (only the keys given are managed)
  --kube-config FILE   provider secret kube.config
  --aws-config FILE    provider secret aws.config
  --commit REF         the config repo commit for generate-config.sh (default: the HEAD of REPO's own git
                       repository; refused when REPO is not its root)
  --base REF           before the first apply (no deployed state recorded in the cluster), compare the Nodepool
                       config with this commit's (read with git), e.g. origin/main
  --format FORMAT      text (default), json (schemas/output/plan-output.schema.json: apply --plan takes it),
                       markdown, sarif, github or zuul (the last three: the findings only)
  --exit-code          exit 1 when there are changes
  -v, --verbose        show every step, unchanged ones too
  -h, --help           show this help

Exit codes: 0 planned (no changes, or changes without --exit-code), 1 validation errors (or changes with
--exit-code), 2 usage or config error, 3 cluster or network error.
`,
  apply: `Usage: pool-reconciler apply [options] [REPO]

Plan, then apply the config-update in order: take the lock (a Lease in the Software Factory namespace), write the
managed keys of Secret nodepool-providers-secrets, roll out the Nodepool launcher and builder when it changed,
refresh Nodepool's config (generate-config.sh in both pods), write Tekton's config-defaults and the pod-template
ConfigMaps, set each Konvoy pool's node labels and taints (other taints stay), then verify.

Options:
  --kubeconfig FILE       the cluster (default: KUBECONFIG, ~/.kube/config, or in-cluster)
  --clouds-yaml FILE      provider secret clouds.yaml (only the keys given are managed)
  --kube-config FILE      provider secret kube.config
  --aws-config FILE       provider secret aws.config
  --commit REF            the config repo commit for generate-config.sh (default: the HEAD of REPO's own
                          git repository; refused when REPO is not its root or has uncommitted changes)
  --plan FILE             the reviewed plan: the file \`plan --format json\` writes, as written (or the
                          action's plan output); refuse to apply if the plan changed since
  --skip-plan-check       apply without comparing with a reviewed plan
  --allow-unmounted-secret-keys
                          add a provider key no Nodepool container mounts yet (it takes effect after the
                          next \`sf-operator deploy\`) without failing the apply
  --nodepool-api-url URL  verify that Nodepool lists every label of nodepool.yaml (its /label-list)
  --rollout-timeout SECS  wait for the launcher and builder rollouts (default 600)
  --verify-timeout SECS   wait for Nodepool to list the labels (default 300)
  --lock-timeout SECS     wait for another apply's lock (default 300)
  --format FORMAT         text (default), json, markdown, sarif, github or zuul (the last three: the findings only)
  -h, --help              show this help

One of --plan or --skip-plan-check is required. Exit codes: 0 applied (and verified), 1 validation errors, a
failed step or a changed plan (what was applied and what was not is listed), 2 usage or config error, 3 cluster
or network error.
`,
  sandbox: `Usage: pool-reconciler sandbox [--kubeconfig FILE | --demo] [REPO]

Start a SANDBOX: a local stand-in for a Kubernetes API server (not a real cluster) on 127.0.0.1, seeded for the
config repo (default: .) with what a Software Factory + Konvoy/Dispatch cluster has before a first config-update:
sf-operator's Nodepool launcher and builder, Tekton's config-defaults, and the nodes of each Konvoy pool. It
speaks HTTPS with a CA of its own and wants a bearer token, like a real API server: its kubeconfig carries both,
and works with kubectl too.

Options:
  --kubeconfig FILE   write a kubeconfig for the sandbox to FILE and run until stopped (Ctrl-C); then try
                      npx pool-reconciler plan --kubeconfig FILE REPO, and
                      kubectl --kubeconfig FILE get nodes --show-labels
  --demo              run plan, apply, then plan again against a fresh sandbox, and stop
  --clouds-yaml FILE, --kube-config FILE, --aws-config FILE   provider secrets for the demo
  -h, --help          show this help
`,
  "check-ssh": `Usage: pool-reconciler check-ssh --builder-ssh-key FILE [options] [REPO]

Connect to every image-builder of nodepool/dib-ansible/inventory.yaml (default REPO: .) with the Nodepool
builder's private key, verify its host key against nodepool/dib-ansible/known_hosts, and run \`hostname\` and
\`python3 --version\` (Ansible needs Python). All hosts are checked in parallel.

Options:
  --builder-ssh-key FILE   the builder's private key (sf-operator's Secret nodepool-builder-ssh-key, key priv)
  --kubeconfig FILE        without --builder-ssh-key: read that Secret from the cluster
  --accept-new             an unknown host key is reported with the known_hosts line to commit, not a failure
  --connect-timeout SECS   per-host connection timeout (default 10)
  --timeout SECS           per-host overall timeout (default 30)
  --format FORMAT          text (default), json, sarif, github or zuul (failed hosts as findings on the inventory)
  -h, --help               show this help

Exit codes: 0 every host reachable, 1 a host failed, 2 usage or key error, 3 cluster error (reading the key).
`
};

// src/entry/cli.ts
var defaultIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env
};
var COMMANDS = ["validate", "plan", "apply", "sandbox", "check-ssh", "schema"];
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
    switch (commandOf(command, COMMANDS)) {
      case "validate":
        return validateCommand(rest, io);
      case "plan":
        return await planCommand(rest, io);
      case "apply":
        return await applyCommand(rest, io);
      case "sandbox":
        return await sandboxCommand(rest, io);
      case "check-ssh":
        return await checkSshCommand(rest, io);
      case "schema":
        return schemaCommand(rest, io);
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
var SECRET_FILE_OPTIONS = {
  "clouds-yaml": { type: "string" },
  "kube-config": { type: "string" },
  "aws-config": { type: "string" }
};
function secretFiles(values) {
  const out = {};
  for (const key of SECRET_KEYS) {
    const option = SECRET_KEY_INPUTS[key];
    const file = values[option];
    if (file !== void 0) out[key] = readSecretFile(file, `--${option}`);
  }
  return Object.keys(out).length ? out : void 0;
}
function readSecretFile(file, option) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${option}: cannot read ${file}`);
  }
}
function oneRepo(positionals, command) {
  if (positionals.length > 1) throw new UsageError(`${command} takes one config repo directory, not ${positionals.length}: ${positionals.join(" ")}`);
  return positionals[0] ?? ".";
}
var NO_COMMIT = "working-tree";
function commitFor(repo, given, forApply, io) {
  if (given !== void 0) return given;
  const c = configRepoCommit(repo, { requireClean: forApply });
  if (c.ok) return c.commit;
  if (forApply) throw new UsageError(c.reason);
  io.stderr(`note: ${terminalText(c.reason.replace(/: give --commit$/, ""))}: the plan names \`${NO_COMMIT}\` as the commit for generate-config.sh; apply needs --commit there
`);
  return NO_COMMIT;
}
var colorFor = (io) => io.isTTY && !io.env.NO_COLOR;
function underRepoFindings(repoPath2, diags, sources) {
  return {
    diagnostics: diags.map((d) => ({ ...d, file: underRepo(repoPath2, d.file) })),
    sources: new Map([...sources].map(([k, v]) => [underRepo(repoPath2, k), v]))
  };
}
function writeFindings(format, diags, io, repoPath2, notes = []) {
  const diagnostics = diags.map((d) => isInputPseudoFile(d.file) ? d : { ...d, file: path2.resolve(d.file) });
  if (format === "zuul") {
    io.stdout(formatZuulReturn(diagnostics, { repoRoot: path2.resolve(repoPath2), warnings: notes }));
    return;
  }
  const repoRoot = path2.resolve(io.env.GITHUB_WORKSPACE || ".");
  if (format === "sarif") io.stdout(JSON.stringify(toSarif(diagnostics, { toolVersion: VERSION, repoRoot }), null, 2) + "\n");
  else io.stdout(formatGithubAnnotations(diagnostics, { repoRoot }));
}
function clusterDiagnostics(errors) {
  return errors.map((e) => ({ rule: "cluster/error", severity: "error", file: "input:kubeconfig", line: 0, column: 0, message: e.message, ...e.hint ? { hint: e.hint } : {} }));
}
var VALIDATE_OPTIONS = {
  kind: { type: "string" },
  format: { type: "string", default: "text" },
  strict: { type: "boolean", default: false },
  "fail-on-warnings": { type: "boolean", default: false },
  standalone: { type: "boolean", default: false },
  ...SECRET_FILE_OPTIONS
};
function validateCommand(args, io) {
  const { values, positionals } = parseCommand("validate", args, VALIDATE_OPTIONS);
  if (values.help) {
    io.stdout(HELP.validate);
    return EXIT.ok;
  }
  const format = oneOf(values.format, ["text", "json", "sarif", "github", "zuul"], "--format");
  const kind = values.kind === void 0 ? void 0 : oneOf(values.kind, FILE_KINDS, "--kind");
  const standalone = values.standalone ? true : void 0;
  const outcome = runValidate({ paths: positionals, kind, env: io.env, standalone, secrets: secretFiles(values) });
  if (format === "json") {
    const { diagnostics, notices, files, errors, warnings } = outcome;
    io.stdout(JSON.stringify({ version: 1, valid: errors === 0, errors, warnings, files, diagnostics, notices }, null, 2) + "\n");
  } else if (format === "text") {
    for (const n of outcome.notices) io.stderr(`note: ${terminalText(n)}
`);
    if (outcome.files.length) io.stdout(`checked ${outcome.files.length} file${outcome.files.length === 1 ? "" : "s"}: ${outcome.files.join(", ")}
`);
    io.stdout(formatDiagnosticsText(outcome.diagnostics, outcome.sources, { color: colorFor(io) }));
  } else {
    if (format === "github") for (const n of outcome.notices) io.stderr(`note: ${terminalText(n)}
`);
    writeFindings(format, outcome.diagnostics, io, positionals.length === 1 ? positionals[0] : ".");
  }
  return validateVerdict({ ...outcome, failOnWarnings: values.strict || values["fail-on-warnings"] }).exitCode;
}
var PLAN_OPTIONS = {
  kubeconfig: { type: "string" },
  ...SECRET_FILE_OPTIONS,
  commit: { type: "string" },
  format: { type: "string", default: "text" },
  "exit-code": { type: "boolean", default: false },
  verbose: { type: "boolean", short: "v", default: false }
};
async function planCommand(args, io) {
  const { values, positionals } = parseCommand("plan", args, { ...PLAN_OPTIONS, base: { type: "string" } });
  if (values.help) {
    io.stdout(HELP.plan);
    return EXIT.ok;
  }
  const format = oneOf(values.format, ["text", "json", "markdown", "sarif", "github", "zuul"], "--format");
  const repoPath2 = oneRepo(positionals, "plan");
  const kubeconfigFile = values.kubeconfig;
  if (kubeconfigFile !== void 0) readSecretFile(kubeconfigFile, "--kubeconfig");
  const { runPlan } = await import("./plan-IGMORISD.js");
  const { planHeadline, renderPlanJson, renderPlanMarkdown, renderPlanText } = await import("./plan-FY52QS53.js");
  const outcome = await runPlan({
    repoPath: repoPath2,
    kubeconfigFile,
    secrets: secretFiles(values),
    commit: commitFor(repoPath2, values.commit, false, io),
    env: io.env,
    ...values.base !== void 0 ? { base: values.base } : {}
  });
  const color = colorFor(io);
  const validation = outcome.validation;
  const { errors, warnings } = countBySeverity(validation.diagnostics);
  const files = [...validation.sources.keys()].sort();
  if (format === "json") {
    const body = {
      version: 1,
      validation: { valid: errors === 0, errors, warnings, files, diagnostics: validation.diagnostics },
      errors: outcome.errors,
      plan: outcome.plan ? JSON.parse(renderPlanJson(outcome.plan)) : null
    };
    io.stdout(JSON.stringify(body, null, 2) + "\n");
  } else if (format === "sarif" || format === "github" || format === "zuul") {
    const { diagnostics } = underRepoFindings(repoPath2, validation.diagnostics, validation.sources);
    if (format === "zuul") {
      const notes = [...outcome.errors.map((e) => `cluster: ${e.message}${e.hint ? ` (${e.hint})` : ""}`), ...outcome.plan ? [`pool-reconciler plan: ${planHeadline(outcome.plan)}`] : []];
      writeFindings(format, diagnostics, io, repoPath2, notes);
    } else {
      writeFindings(format, [...diagnostics, ...clusterDiagnostics(outcome.errors)], io, repoPath2);
      if (format === "github" && outcome.plan) io.stdout(`::notice title=pool-reconciler plan::${planHeadline(outcome.plan)}
`);
    }
  } else {
    if (validation.diagnostics.length) {
      const { diagnostics, sources } = underRepoFindings(repoPath2, validation.diagnostics, validation.sources);
      io.stdout(formatDiagnosticsText(diagnostics, sources, { color }) + "\n");
    }
    for (const e of outcome.errors) io.stderr(`pool-reconciler: ${e.message}${e.hint ? `
  hint: ${e.hint}` : ""}
`);
    if (outcome.plan) {
      io.stdout(format === "markdown" ? renderPlanMarkdown(outcome.plan) : renderPlanText(outcome.plan, { color, verbose: values.verbose }));
    }
  }
  return planVerdict({ errors, warnings, diagnostics: validation.diagnostics, clusterErrors: outcome.errors, changes: outcome.plan?.changes, failOnChanges: values["exit-code"] }).exitCode;
}
var CHECK_SSH_OPTIONS = {
  "builder-ssh-key": { type: "string" },
  kubeconfig: { type: "string" },
  "accept-new": { type: "boolean", default: false },
  "connect-timeout": { type: "string" },
  timeout: { type: "string" },
  format: { type: "string", default: "text" }
};
async function builderKey(values, repoPath2, io) {
  const keyFile = values["builder-ssh-key"];
  if (keyFile !== void 0) return readSecretFile(keyFile, "--builder-ssh-key");
  const kubeconfigFile = values.kubeconfig;
  if (kubeconfigFile === void 0) {
    throw new UsageError("check-ssh needs --builder-ssh-key FILE (the Nodepool builder's private key), or --kubeconfig FILE to read it from the cluster");
  }
  readSecretFile(kubeconfigFile, "--kubeconfig");
  const { builderKeyFromCluster } = await import("./check-ssh-NELQ7LFT.js");
  const { ClusterError } = await import("./client-JTIAYDRL.js");
  try {
    return await builderKeyFromCluster(repoPath2, { file: kubeconfigFile, env: io.env });
  } catch (err) {
    if (!(err instanceof ClusterError)) throw err;
    io.stderr(`pool-reconciler: ${err.message}${err.hint ? `
  hint: ${err.hint}` : ""}
`);
    return { exitCode: EXIT.cluster };
  }
}
async function checkSshCommand(args, io) {
  const { values, positionals } = parseCommand("check-ssh", args, CHECK_SSH_OPTIONS);
  if (values.help) {
    io.stdout(HELP["check-ssh"]);
    return EXIT.ok;
  }
  const format = oneOf(values.format, ["text", "json", "sarif", "github", "zuul"], "--format");
  const repoPath2 = oneRepo(positionals, "check-ssh");
  const privateKey = await builderKey(values, repoPath2, io);
  if (typeof privateKey !== "string") return privateKey.exitCode;
  const { runCheckSsh } = await import("./check-ssh-NELQ7LFT.js");
  const { SshKeyError } = await import("./keys-BVESXKOL.js");
  const { renderSshTable } = await import("./ssh-Y2PDBWQF.js");
  const connectTimeoutMs = seconds(values["connect-timeout"], "connect-timeout", 10);
  const timeoutMs = seconds(values.timeout, "timeout", 30);
  if (format === "text") io.stderr(`checking the image-builders in parallel (connect timeout ${connectTimeoutMs / 1e3} s, ${timeoutMs / 1e3} s per host)...
`);
  let outcome;
  try {
    outcome = await runCheckSsh({ repoPath: repoPath2, privateKey, acceptNew: values["accept-new"], connectTimeoutMs, timeoutMs });
  } catch (err) {
    if (err instanceof SshKeyError) throw new UsageError(`--builder-ssh-key: ${err.message}`);
    throw err;
  }
  const report = outcome.report;
  if (outcome.skipped || !report) {
    const skipped = outcome.skipped ?? "no image-builder to check";
    if (format === "json") io.stdout(JSON.stringify({ version: 1, skipped }, null, 2) + "\n");
    else io.stderr(`note: ${terminalText(skipped)}
`);
    return EXIT.ok;
  }
  if (format === "sarif" || format === "github" || format === "zuul") {
    const failed = report.results.filter((r) => r.status === "failed").map((r) => ({
      rule: `ssh/${r.failure ?? "failed"}`,
      severity: "error",
      file: underRepo(repoPath2, r.file ?? "nodepool/dib-ansible/inventory.yaml"),
      line: r.line ?? 0,
      column: r.column ?? 0,
      message: `image-builder ${r.name} (${r.user}@${r.address}:${r.port}): ${r.cause ?? "failed"}`
    }));
    const inventory = outcome.diagnostics.map((d) => ({ ...d, file: underRepo(repoPath2, d.file) }));
    writeFindings(format, [...inventory, ...failed], io, repoPath2);
  } else if (format === "json") {
    io.stdout(JSON.stringify({ version: 1, ...report, inventoryErrors: outcome.diagnostics }, null, 2) + "\n");
  } else {
    if (outcome.diagnostics.length) io.stdout(formatDiagnosticsText(outcome.diagnostics, outcome.sources, { color: colorFor(io) }) + "\n");
    io.stdout(renderSshTable(report, "text", { showPublicKey: true }) + "\n");
  }
  return report.ok && outcome.diagnostics.length === 0 ? EXIT.ok : EXIT.findings;
}
var APPLY_OPTIONS = {
  kubeconfig: { type: "string" },
  ...SECRET_FILE_OPTIONS,
  commit: { type: "string" },
  plan: { type: "string" },
  "skip-plan-check": { type: "boolean", default: false },
  "allow-unmounted-secret-keys": { type: "boolean", default: false },
  "nodepool-api-url": { type: "string" },
  "rollout-timeout": { type: "string" },
  "verify-timeout": { type: "string" },
  "lock-timeout": { type: "string" },
  format: { type: "string", default: "text" }
};
async function applyCommand(args, io) {
  const { values, positionals } = parseCommand("apply", args, APPLY_OPTIONS);
  if (values.help) {
    io.stdout(HELP.apply);
    return EXIT.ok;
  }
  const format = oneOf(values.format, ["text", "json", "markdown", "sarif", "github", "zuul"], "--format");
  const repoPath2 = oneRepo(positionals, "apply");
  const planFile = values.plan;
  if (planFile === void 0 && !values["skip-plan-check"]) {
    throw new UsageError("apply needs the reviewed plan (--plan FILE, the file `plan --format json` writes) or --skip-plan-check");
  }
  const kubeconfigFile = values.kubeconfig;
  if (kubeconfigFile !== void 0) readSecretFile(kubeconfigFile, "--kubeconfig");
  const reviewedPlan = planFile !== void 0 ? readSecretFile(planFile, "--plan") : void 0;
  const apiUrl = values["nodepool-api-url"];
  const { runApply } = await import("./apply-GMJFDHZC.js");
  const { renderApplyMarkdown, renderApplyText } = await import("./apply-4352UPCT.js");
  const color = colorFor(io);
  const outcome = await runApply({
    repoPath: repoPath2,
    kubeconfigFile,
    secrets: secretFiles(values),
    commit: commitFor(repoPath2, values.commit, true, io),
    env: io.env,
    reviewedPlan,
    reviewedPlanHash: reviewedPlan,
    skipPlanCheck: values["skip-plan-check"],
    allowUnmountedSecretKeys: values["allow-unmounted-secret-keys"],
    rolloutTimeoutMs: seconds(values["rollout-timeout"], "rollout-timeout", 600),
    lockWaitMs: seconds(values["lock-timeout"], "lock-timeout", 300),
    ...apiUrl ? { verify: { nodepoolApiUrl: apiUrl, timeoutMs: seconds(values["verify-timeout"], "verify-timeout", 300) } } : {},
    onProgress: format === "text" ? (line) => io.stderr(line + "\n") : void 0
  });
  const validation = outcome.validation;
  const { errors } = countBySeverity(validation.diagnostics);
  if (format === "json") {
    io.stdout(JSON.stringify({ version: 1, ...outcome, validation: { valid: errors === 0, diagnostics: validation.diagnostics } }, null, 2) + "\n");
  } else if (format === "sarif" || format === "github" || format === "zuul") {
    const { diagnostics } = underRepoFindings(repoPath2, validation.diagnostics, validation.sources);
    writeFindings(format, [...diagnostics, ...clusterDiagnostics(outcome.errors)], io, repoPath2);
  } else {
    if (validation.diagnostics.length) {
      const { diagnostics, sources } = underRepoFindings(repoPath2, validation.diagnostics, validation.sources);
      io.stdout(formatDiagnosticsText(diagnostics, sources, { color }) + "\n");
    }
    io.stdout(format === "markdown" ? renderApplyMarkdown(outcome) : renderApplyText(outcome, { color }));
  }
  return applyVerdict({ outcome }).exitCode;
}
var SANDBOX_OPTIONS = {
  kubeconfig: { type: "string" },
  demo: { type: "boolean", default: false },
  ...SECRET_FILE_OPTIONS
};
async function sandboxCommand(args, io) {
  const { values, positionals } = parseCommand("sandbox", args, SANDBOX_OPTIONS);
  if (values.help) {
    io.stdout(HELP.sandbox);
    return EXIT.ok;
  }
  const repoPath2 = oneRepo(positionals, "sandbox");
  const kubeconfigFile = values.kubeconfig;
  if (!values.demo && kubeconfigFile === void 0) throw new UsageError("sandbox needs --kubeconfig FILE (where to write its kubeconfig) or --demo");
  const { startSandbox, SANDBOX_BANNER } = await import("./sandbox-S64MZSAE.js");
  const sandbox = await startSandbox(repoPath2);
  io.stdout(`${SANDBOX_BANNER}, at ${sandbox.url}
Seeded for ${repoPath2}:
${sandbox.seeded.map((l) => `  - ${l}`).join("\n")}

`);
  if (kubeconfigFile !== void 0 && !values.demo) {
    writeFileSync2(kubeconfigFile, sandbox.kubeconfig, { mode: 384 });
    io.stdout(
      `Kubeconfig written to ${kubeconfigFile} (HTTPS with the sandbox's own CA, and a bearer token). Try, in another terminal:
  npx pool-reconciler plan --kubeconfig ${kubeconfigFile} ${repoPath2}
  npx pool-reconciler apply --skip-plan-check --kubeconfig ${kubeconfigFile} ${repoPath2}
  kubectl --kubeconfig ${kubeconfigFile} get nodes --show-labels
Stop with Ctrl-C.
`
    );
    await new Promise((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await sandbox.close();
    return EXIT.ok;
  }
  try {
    return await sandboxDemo(repoPath2, sandbox.kubeconfig, secretFiles(values), io);
  } finally {
    await sandbox.close();
  }
}
async function sandboxDemo(repoPath2, kubeconfig, secrets, io) {
  const { runPlan } = await import("./plan-IGMORISD.js");
  const { runApply } = await import("./apply-GMJFDHZC.js");
  const { renderPlanText } = await import("./plan-FY52QS53.js");
  const { applyHeadline, renderApplyText } = await import("./apply-4352UPCT.js");
  const color = colorFor(io);
  const own = configRepoCommit(repoPath2);
  const common = { repoPath: repoPath2, kubeconfig, kubeconfigName: "the sandbox kubeconfig", secrets, commit: own.ok ? own.commit : NO_COMMIT, env: {} };
  io.stdout("== 1. plan: what apply would change ==\n\n");
  const first = await runPlan(common);
  if (!first.plan) {
    if (first.validation.diagnostics.length) io.stdout(formatDiagnosticsText(first.validation.diagnostics, first.validation.sources, { color }));
    for (const e of first.errors) io.stderr(`pool-reconciler: ${e.message}
`);
    return first.errors.length ? EXIT.cluster : EXIT.findings;
  }
  io.stdout(renderPlanText(first.plan, { color }) + "\n");
  io.stdout("== 2. apply: the config-update, step by step ==\n\n");
  const applied = await runApply({ ...common, reviewedPlan: JSON.stringify(first.plan), reviewedPlanHash: first.plan.hash, rolloutTimeoutMs: 6e4, onProgress: (l) => io.stdout(`  ${l}
`) });
  if (!applied.ok) {
    io.stdout(renderApplyText(applied, { color }) + "\n");
    return EXIT.findings;
  }
  io.stdout(`
Apply ${applyHeadline(applied)}

`);
  io.stdout("== 3. plan again: nothing is left to do ==\n\n");
  const second = await runPlan(common);
  if (!second.plan) return EXIT.cluster;
  io.stdout(renderPlanText(second.plan, { color }) + "\n");
  io.stdout(second.plan.changes === 0 ? "The sandbox matches the config repo.\n" : `Unexpected: ${second.plan.changes} change(s) left.
`);
  return second.plan.changes === 0 ? EXIT.ok : EXIT.findings;
}
export {
  EXIT,
  main
};
