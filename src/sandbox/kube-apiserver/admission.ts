// Admission in the loopback API server's write path: the tests' in-process hooks, and the validating webhooks of
// ValidatingWebhookConfigurations (clientConfig.url), called over HTTPS as the real server calls them.

import { randomUUID } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { type KubeObject, metaOf } from './objects.js';
import { type Obj, clone, isObj } from './patch.js';
import { type ResourceDef, resourceByName } from './resources.js';
import { StatusError, goQuote, internalError, makeStatus } from './status.js';
import type { WriteAdmission } from './store.js';

/**
 * An admission webhook in the request path: called for every create, update and patch (dry runs too, as the API
 * server calls webhooks that declare no side effects), after validation; a denial is answered as the API server
 * answers a webhook's: `admission webhook "<name>" denied the request: <message>`, the webhook's code (default 400).
 */
export type AdmissionHook = (request: {
  operation: 'CREATE' | 'UPDATE';
  resource: string;
  namespace?: string;
  name: string;
  object: KubeObject;
  oldObject?: KubeObject;
  dryRun: boolean;
}) => { webhook: string; message: string; code?: number } | undefined;

/** Thrown from the store's commit() when webhooks must be called first (async): the request is dispatched again with the verdict. */
export class AdmissionNeeded extends Error {
  constructor(
    readonly webhooks: Obj[],
    readonly request: { res: ResourceDef; operation: 'CREATE' | 'UPDATE'; object: KubeObject; oldObject: KubeObject | undefined; dryRun: boolean },
  ) {
    super('admission needed');
  }
}

export class AdmissionControl implements WriteAdmission {
  private readonly hooks: AdmissionHook[] = [];
  /** Set while a request that needed admission is dispatched again with the webhooks' verdict on `judged`. */
  private admitted: { error?: StatusError; judged: KubeObject } | undefined;

  /** `list` reads the store (the ValidatingWebhookConfigurations). */
  constructor(private readonly list: (res: ResourceDef) => KubeObject[]) {}

  /** Registers an in-process hook; returns an unregister. */
  add(hook: AdmissionHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /** Asks the in-process hooks in the order registered; the first denial stops the write. */
  review(res: ResourceDef, obj: KubeObject, old: KubeObject | undefined, dryRun: boolean): void {
    if (this.admitted) return; // the hooks judged this request in its first run
    const meta = metaOf(obj);
    const name = meta.name ?? '';
    for (const hook of this.hooks) {
      const denial = hook({ operation: old ? 'UPDATE' : 'CREATE', resource: res.plural, namespace: meta.namespace, name, object: clone(obj), ...(old ? { oldObject: clone(old) } : {}), dryRun });
      if (denial) {
        const code = denial.code ?? 400;
        throw new StatusError(makeStatus('Failure', code, code === 400 ? 'BadRequest' : '', `admission webhook ${goQuote(denial.webhook)} denied the request: ${denial.message}`));
      }
    }
  }

  /** Throws AdmissionNeeded when webhooks must judge the write, or their verdict once they have. */
  webhooks(res: ResourceDef, obj: KubeObject, old: KubeObject | undefined, dryRun: boolean): void {
    const webhooks = this.matching(res, old ? 'UPDATE' : 'CREATE', obj, old);
    if (webhooks.length > 0) {
      if (!this.admitted) throw new AdmissionNeeded(webhooks, { res, operation: old ? 'UPDATE' : 'CREATE', object: obj, oldObject: old, dryRun });
      if (this.admitted.error) throw this.admitted.error;
      // What the webhooks were sent is what is stored: the run again must not draw a new name, uid or time.
      const meta = metaOf(obj);
      const judged = this.admitted.judged.metadata ?? {};
      for (const key of ['name', 'uid', 'creationTimestamp'] as const) if (judged[key] !== undefined) meta[key] = judged[key];
    }
  }

  /** Runs a request again, the webhooks' verdict on `judged` (undefined: allowed) standing for their calls. */
  withVerdict<T>(verdict: StatusError | undefined, judged: KubeObject, run: () => T): T {
    this.admitted = { judged, ...(verdict ? { error: verdict } : {}) };
    try {
      return run();
    } finally {
      this.admitted = undefined;
    }
  }

  private matching(res: ResourceDef, operation: 'CREATE' | 'UPDATE', obj: KubeObject, old: KubeObject | undefined): Obj[] {
    const out: Obj[] = [];
    const labelsOf = (o: KubeObject | undefined): Record<string, string> => (o?.metadata?.labels ?? {}) as Record<string, string>;
    for (const cfg of this.list(resourceByName('validatingwebhookconfigurations') as ResourceDef)) {
      for (const w of Array.isArray(cfg.webhooks) ? (cfg.webhooks as Obj[]) : []) {
        const rules = Array.isArray(w.rules) ? (w.rules as Obj[]) : [];
        const has = (list: unknown, v: string): boolean => Array.isArray(list) && (list.includes('*') || list.includes(v));
        const ruled = rules.some((r) => has(r.apiGroups, res.group) && has(r.apiVersions, res.version) && has(r.operations, operation) && has(r.resources, res.plural)
          && (r.scope === undefined || r.scope === '*' || r.scope === (res.namespaced ? 'Namespaced' : 'Cluster')));
        const sel = isObj(w.objectSelector) && isObj(w.objectSelector.matchLabels) ? (w.objectSelector.matchLabels as Record<string, string>) : {};
        const selected = (o: KubeObject | undefined): boolean => !!o && Object.entries(sel).every(([k, v]) => labelsOf(o)[k] === v);
        if (ruled && (selected(obj) || selected(old))) out.push(w);
      }
    }
    return out;
  }

  /** Calls each webhook; resolves to the Status error that stops the request, or undefined when all allow it. */
  async callWebhooks(need: AdmissionNeeded, user: string): Promise<StatusError | undefined> {
    for (const w of need.webhooks) {
      const name = String(w.name ?? '');
      const cc = isObj(w.clientConfig) ? w.clientConfig : {};
      const timeout = typeof w.timeoutSeconds === 'number' ? w.timeoutSeconds : 10;
      const url = `${String(cc.url ?? '')}?timeout=${timeout}s`;
      let answer: Obj;
      try {
        answer = await postJson(url, admissionReview(need, user), typeof cc.caBundle === 'string' ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined, timeout * 1000);
      } catch (err) {
        if (w.failurePolicy === 'Ignore') continue;
        const u = new URL(String(cc.url ?? ''));
        const code = (err as { code?: string }).code;
        const why = code === 'ECONNREFUSED' ? `dial tcp ${u.hostname}:${u.port || '443'}: connect: connection refused` : err instanceof Error ? err.message : String(err);
        return internalError(`failed calling webhook ${goQuote(name)}: failed to call webhook: Post ${goQuote(url)}: ${why}`);
      }
      const response = isObj(answer.response) ? answer.response : {};
      if (response.allowed !== true) {
        const st = isObj(response.status) ? response.status : {};
        const code = typeof st.code === 'number' && st.code > 0 ? st.code : 400;
        const msg = `admission webhook ${goQuote(name)} denied the request${typeof st.message === 'string' && st.message ? `: ${st.message}` : ' without explanation'}`;
        return new StatusError(makeStatus('Failure', code, typeof st.reason === 'string' ? st.reason : '', msg));
      }
    }
    return undefined;
  }
}

/** The AdmissionReview a webhook is sent (a fresh uid for each call). */
function admissionReview(need: AdmissionNeeded, user: string): Obj {
  const { res, operation, object, oldObject, dryRun } = need.request;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind: { group: res.group, version: res.version, kind: res.kind },
      resource: { group: res.group, version: res.version, resource: res.plural },
      requestKind: { group: res.group, version: res.version, kind: res.kind },
      requestResource: { group: res.group, version: res.version, resource: res.plural },
      name: object.metadata?.name,
      ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
      operation,
      userInfo: { username: user },
      object,
      oldObject: oldObject ?? null,
      dryRun,
      options: { apiVersion: 'meta.k8s.io/v1', kind: operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions' },
    },
  };
}

function postJson(url: string, body: unknown, ca: string | undefined, timeoutMs: number): Promise<Obj> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = httpsRequest(url, { method: 'POST', ...(ca ? { ca } : {}), headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('context deadline exceeded')));
    req.on('error', reject);
    req.end(text);
  });
}
