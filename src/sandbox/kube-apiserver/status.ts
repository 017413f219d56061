// Status bodies as the Kubernetes API server writes them (apimachinery api/errors, meta/v1 types,
// util/validation/field). Property order follows the Go struct order so the JSON text matches too.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** A Status to answer with, thrown through the request pipeline. */
export class StatusError extends Error {
  readonly status: Status;
  readonly headers: Record<string, string>;
  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? 'status error');
    this.status = status;
    this.headers = headers;
  }
  get code(): number {
    return this.status.code ?? 500;
  }
}

export interface GroupResource {
  group: string;
  resource: string;
}

export interface GroupKind {
  group: string;
  kind: string;
}

/** Go's %q for the strings that occur here (close enough: JSON escaping). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export function groupKindString(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

function cleanDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) {
    out.causes = d.causes.map((c) => {
      const cause: StatusCause = {};
      if (c.reason) cause.reason = c.reason;
      if (c.message) cause.message = c.message;
      if (c.field) cause.field = c.field;
      return cause;
    });
  }
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

/** Builds a Status with Go's omitempty rules (a non-nil empty details is written as `{}`). */
export function makeStatus(
  status: 'Success' | 'Failure',
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status };
  if (message) s.message = message;
  if (reason) s.reason = reason;
  if (details) s.details = cleanDetails(details);
  if (code) s.code = code;
  return s;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    makeStatus('Failure', 404, 'NotFound', `${groupResourceString(gr)} ${goQuote(name)} not found`, {
      name,
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

export function pathNotFound(): StatusError {
  return new StatusError(makeStatus('Failure', 404, 'NotFound', 'the server could not find the requested resource', {}));
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    makeStatus('Failure', 409, 'AlreadyExists', `${groupResourceString(gr)} ${goQuote(name)} already exists`, {
      name,
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

/** apiserver storage's OptimisticLockErrorMsg. */
export const OPTIMISTIC_LOCK_MSG =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, err: string = OPTIMISTIC_LOCK_MSG): StatusError {
  return new StatusError(
    makeStatus(
      'Failure',
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${groupResourceString(gr)} ${goQuote(name)}: ${err}`,
      { name, group: gr.group, kind: gr.resource },
    ),
  );
}

export function badRequest(message: string): StatusError {
  return new StatusError(makeStatus('Failure', 400, 'BadRequest', message));
}

export function unauthorized(): StatusError {
  return new StatusError(makeStatus('Failure', 401, 'Unauthorized', 'Unauthorized'));
}

export function forbidden(gr: GroupResource, name: string, err: string): StatusError {
  const what = groupResourceString(gr);
  const message = name ? `${what} ${goQuote(name)} is forbidden: ${err}` : `${what} is forbidden: ${err}`;
  return new StatusError(makeStatus('Failure', 403, 'Forbidden', message, { name, group: gr.group, kind: gr.resource }));
}

export function methodNotAllowed(): StatusError {
  return new StatusError(
    makeStatus('Failure', 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  );
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  return new StatusError(
    makeStatus(
      'Failure',
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    ),
  );
}

export function internalError(err: string): StatusError {
  return new StatusError(
    makeStatus('Failure', 500, 'InternalError', `Internal error occurred: ${err}`, { causes: [{ message: err }] }),
  );
}

export const PATCH_REJECTED_MESSAGE = 'the server rejected our request due to an error in our request';

/** What a JSON patch that does not apply gets from a v1.36 apiserver: 422, generic message, empty details. */
export function patchRejected(): StatusError {
  return new StatusError(makeStatus('Failure', 422, 'Invalid', PATCH_REJECTED_MESSAGE, {}));
}

/** A v1.36 apiserver's answer to a patch of a built-in resource with a Content-Type it does not take. */
export function unsupportedPatchMediaType(): StatusError {
  return new StatusError(makeStatus('Failure', 415, 'UnsupportedMediaType', '415: Unsupported Media Type', {}));
}

/** A precondition Conflict of a DELETE: upstream names the Kind there (`ConfigMap "x"`), not the resource. */
export function preconditionConflict(gr: GroupResource, gk: GroupKind, name: string, err: string): StatusError {
  return new StatusError(
    makeStatus('Failure', 409, 'Conflict', `Operation cannot be fulfilled on ${groupKindString(gk)} ${goQuote(name)}: ${err}`, {
      name,
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

// ---- field errors (k8s.io/apimachinery/pkg/util/validation/field) ----

export type FieldErrorType = 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'Forbidden' | 'TooLong';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The bad value already rendered as Go's field.Error would print it (e.g. goQuote(s)). */
  value?: string;
  detail?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
};

const CAUSE_TYPE: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  Duplicate: 'FieldValueDuplicate',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
};

export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const valueless = e.type === 'Required' || e.type === 'Forbidden' || e.type === 'TooLong';
  if (!valueless) s += `: ${e.value ?? 'null'}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** field.NotSupported's detail. */
export function supportedValues(values: string[]): string {
  return 'supported values: ' + values.map(goQuote).join(', ');
}

/** errors.NewInvalid: `Kind "name" is invalid: <aggregate>` with one cause per field error. */
export function invalid(gk: GroupKind, name: string, errs: FieldError[]): StatusError {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const m = fieldErrorString(e);
    if (!seen.has(m)) {
      seen.add(m);
      msgs.push(m);
    }
  }
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  let message = head;
  if (msgs.length === 1) message = `${head}: ${msgs[0]}`;
  else if (msgs.length > 1) message = `${head}: [${msgs.join(', ')}]`;
  return new StatusError(
    makeStatus('Failure', 422, 'Invalid', message, {
      name,
      group: gk.group,
      kind: gk.kind,
      causes: errs.map((e) => ({ reason: CAUSE_TYPE[e.type], message: fieldErrorBody(e), field: e.field })),
    }),
  );
}

/** Default body for an injected fault with only a status code (NewGenericServerResponse's wording). */
export function genericStatus(code: number, message?: string): Status {
  switch (code) {
    case 400:
      return makeStatus('Failure', 400, 'BadRequest', message ?? 'the server rejected our request for an unknown reason');
    case 401:
      return makeStatus('Failure', 401, 'Unauthorized', message ?? 'Unauthorized');
    case 403:
      return makeStatus('Failure', 403, 'Forbidden', message ?? 'forbidden');
    case 404:
      return makeStatus('Failure', 404, 'NotFound', message ?? 'the server could not find the requested resource', {});
    case 409:
      return makeStatus('Failure', 409, 'Conflict', message ?? 'the server reported a conflict');
    case 429:
      return makeStatus('Failure', 429, 'TooManyRequests', message ?? 'Too many requests, please try again later.', {
        retryAfterSeconds: 1,
      });
    case 500:
      return makeStatus('Failure', 500, 'InternalError', `Internal error occurred: ${message ?? 'injected fault'}`, {
        causes: [{ message: message ?? 'injected fault' }],
      });
    case 503:
      return makeStatus('Failure', 503, 'ServiceUnavailable', message ?? 'the server is currently unable to handle the request');
    case 504:
      return makeStatus(
        'Failure',
        504,
        'Timeout',
        message ?? 'the server was unable to return a response in the time allotted, but may still be processing the request',
      );
    default:
      return makeStatus(
        'Failure',
        code,
        '',
        message ?? `the server responded with the status code ${code} but did not return more information`,
      );
  }
}
