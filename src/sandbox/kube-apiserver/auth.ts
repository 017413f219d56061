// Who calls the loopback API server and what they may do: bearer tokens, the RBAC allow rules, the tests' forbidden
// rules on top of them, and the SelfSubjectAccessReview that asks the same question.

import { type KubeObject, groupResourceOf } from './objects.js';
import { clone, isObj } from './patch.js';
import type { ResourceDef } from './resources.js';
import { badRequest, forbidden, goQuote, invalid, unauthorized } from './status.js';

export interface ForbiddenRule {
  verb?: string | string[];
  /** Resource plural, or `resource/subresource` (e.g. `pods/exec`). */
  resource?: string;
  group?: string;
  namespace?: string;
  name?: string;
  user?: string;
}

/** An RBAC PolicyRule (rbac.authorization.k8s.io/v1), optionally limited to namespaces and a user. */
export interface RbacRule {
  verbs: string[];
  /** `''` for core; `*` for any. */
  apiGroups: string[];
  /** Plural, or `resource/subresource` (`pods/exec`); `*` for any. */
  resources: string[];
  resourceNames?: string[];
  /** Where the rule holds (a Role's namespace); absent: everywhere (a ClusterRole bound cluster-wide). */
  namespaces?: string[];
  user?: string;
}

/** What a request asks to do, as the authorizer sees it. */
export interface RequestAttributes {
  verb: string;
  res: ResourceDef;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export class Authorizer {
  /** RBAC allow rules; undefined: everything not forbidden is allowed. */
  rbac: RbacRule[] | undefined;

  /** `tokens`: bearer token → user name. */
  constructor(
    private readonly tokens: Map<string, string>,
    private readonly forbiddenRules: ForbiddenRule[],
    rbac: RbacRule[] | undefined,
  ) {
    this.rbac = rbac;
  }

  /** Adds a rule answering 403; returns a remover. */
  forbid(rule: ForbiddenRule): () => void {
    this.forbiddenRules.push(rule);
    return () => {
      const i = this.forbiddenRules.indexOf(rule);
      if (i >= 0) this.forbiddenRules.splice(i, 1);
    };
  }

  /** The user of an Authorization header's bearer token; 401 for none or an unknown one. */
  authenticate(authorization: string | undefined): string {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    const user = m ? this.tokens.get(m[1].trim()) : undefined;
    if (user === undefined) throw unauthorized();
    return user;
  }

  /** Throws the API server's 403 unless the user may do what the request asks. */
  authorize(user: string, attrs: RequestAttributes): void {
    const resource = attrs.subresource ? `${attrs.res.plural}/${attrs.subresource}` : attrs.res.plural;
    if (this.allowed(user, attrs.verb, attrs.res.group, resource, attrs.namespace, attrs.name)) return;
    const where = attrs.namespace ? `in the namespace ${goQuote(attrs.namespace)}` : 'at the cluster scope';
    const reason = `User ${goQuote(user)} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.res.group)} ${where}`;
    throw forbidden(groupResourceOf(attrs.res), attrs.name ?? '', reason);
  }

  /** POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews: the authorizer's answer for the caller. */
  selfSubjectAccessReview(user: string, body: string): KubeObject {
    let review: unknown;
    try {
      review = JSON.parse(body);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
    const spec = isObj(review) && isObj(review.spec) ? review.spec : {};
    const ra = isObj(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
    if (!ra) {
      throw invalid({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' }, '', [
        { type: 'Invalid', field: 'spec.resourceAttributes', value: 'null', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' },
      ]);
    }
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    const resource = str(ra.subresource) ? `${str(ra.resource)}/${str(ra.subresource)}` : str(ra.resource);
    const ns = str(ra.namespace) || undefined;
    const allowed = this.allowed(user, str(ra.verb), str(ra.group), resource, ns, str(ra.name) || undefined);
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null as unknown as string },
      spec: clone(spec),
      status: allowed ? { allowed: true, reason: 'RBAC: allowed by the stand-in\'s rules' } : { allowed: false },
    };
  }

  /** Whether a request would be allowed: the RBAC rules, then the forbidden rules. */
  private allowed(user: string, verb: string, group: string, resource: string, namespace: string | undefined, name: string | undefined): boolean {
    if (!this.allowedByRbac(user, verb, group, resource, namespace, name)) return false;
    return !this.forbiddenRules.some((r) => {
      const verbs = r.verb === undefined ? undefined : Array.isArray(r.verb) ? r.verb : [r.verb];
      return (verbs === undefined || verbs.includes(verb)) && (r.resource === undefined || r.resource === resource) &&
        (r.group === undefined || r.group === group) && (r.namespace === undefined || r.namespace === namespace) &&
        (r.name === undefined || r.name === name) && (r.user === undefined || r.user === user);
    });
  }

  /** Whether the RBAC rules (when set) grant the request. */
  private allowedByRbac(user: string, verb: string, group: string, resource: string, namespace: string | undefined, name: string | undefined): boolean {
    if (!this.rbac) return true;
    return this.rbac.some((r) =>
      (r.user === undefined || r.user === user) &&
      (r.verbs.includes('*') || r.verbs.includes(verb)) &&
      (r.apiGroups.includes('*') || r.apiGroups.includes(group)) &&
      (r.resources.includes('*') || r.resources.includes(resource)) &&
      (r.namespaces === undefined || (namespace !== undefined && r.namespaces.includes(namespace))) &&
      (r.resourceNames === undefined || r.resourceNames.length === 0 || (name !== undefined && r.resourceNames.includes(name))));
  }
}
