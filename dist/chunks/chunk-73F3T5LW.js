import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  Redactor,
  maskSecrets
} from "./chunk-D6EJZIL4.js";
import {
  UsageError
} from "./chunk-IIGMQPN6.js";
import {
  SECRET_KEYS,
  SECRET_KEY_INPUTS
} from "./chunk-WZA4P62A.js";
import {
  getInput,
  setSecret
} from "./chunk-BD53BYTN.js";

// src/entry/action-inputs.ts
var SECRET_INPUTS = ["github-token", "kubeconfig", "clouds-yaml", "kube-config", "aws-config", "builder-ssh-key"];
function booleanInput(name, fallback) {
  const v = getInput(name).trim();
  if (v === "") return fallback;
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new UsageError(`input ${name}: ${JSON.stringify(v)} is not a boolean (true or false)`);
}
function secondsInput(name, fallback) {
  const v = getInput(name).trim();
  if (v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`input ${name}: ${JSON.stringify(v)} is not a positive number of seconds`);
  return n;
}
function listInput(name, fallback) {
  const v = getInput(name).trim();
  if (v === "") return fallback;
  const items = v.split(/[\s,]+/).filter(Boolean);
  for (const e of items) {
    if (!/^[a-z_]+$/.test(e)) throw new UsageError(`input ${name}: ${JSON.stringify(e)} is not an event name (push, workflow_dispatch, ...)`);
    if (e === "pull_request" || e === "pull_request_target") throw new UsageError(`input ${name}: apply never runs from a ${e} event; remove it`);
  }
  return items;
}
function optional(name) {
  const v = getInput(name, { trimWhitespace: false });
  return v.trim() === "" ? void 0 : v;
}
var masked;
function maskSecretInputs() {
  if (masked) return masked;
  const secrets = Object.fromEntries(SECRET_INPUTS.map((n) => [n, optional(n)]));
  maskSecrets(Object.values(secrets), (s) => setSecret(s));
  masked = secrets;
  return secrets;
}
function readInputs() {
  const secrets = maskSecretInputs();
  const redactor = new Redactor();
  for (const v of Object.values(secrets)) if (v) redactor.add(v);
  const comment = getInput("comment").trim() || "update";
  if (!["update", "new", "off"].includes(comment)) {
    throw new UsageError(`input comment: ${JSON.stringify(comment)} must be update, new or off`);
  }
  const configPath = getInput("config-path").trim() || ".";
  const providerSecrets = {};
  for (const key of SECRET_KEYS) {
    const value = secrets[SECRET_KEY_INPUTS[key]];
    if (value) providerSecrets[key] = value;
  }
  return {
    modeInput: getInput("mode").trim(),
    configPath,
    githubToken: secrets["github-token"],
    kubeconfig: secrets.kubeconfig,
    providerSecrets,
    builderSshKey: secrets["builder-ssh-key"],
    nodepoolApiUrl: optional("nodepool-api-url")?.trim(),
    comment,
    target: getInput("target").trim() || (configPath === "." ? "default" : configPath),
    failOnWarnings: booleanInput("fail-on-warnings", false),
    standalone: getInput("standalone").trim() === "" ? void 0 : booleanInput("standalone", false),
    acceptNewHostKeys: booleanInput("accept-new-host-keys", false),
    timeouts: {
      rolloutSeconds: secondsInput("rollout-timeout", 600),
      sshConnectSeconds: secondsInput("ssh-connect-timeout", 10),
      sshSeconds: secondsInput("ssh-timeout", 30),
      verifySeconds: secondsInput("verify-timeout", 300)
    },
    skipPlanCheck: booleanInput("skip-plan-check", false),
    allowUnmountedSecretKeys: booleanInput("allow-unmounted-secret-keys", false),
    reviewedPlan: optional("reviewed-plan"),
    applyEvents: listInput("apply-events", ["push", "workflow_dispatch"]),
    allowPullRequestTarget: booleanInput("allow-pull-request-target", false),
    planWorkflow: optional("plan-workflow")?.trim(),
    redactor
  };
}

export {
  SECRET_INPUTS,
  maskSecretInputs,
  readInputs
};
