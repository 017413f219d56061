/** GitHub-facing pieces: the event's mode, secret masking and redaction, the pull-request comment (its layout is report/comment.ts). */
export * from './api.js';
export * from './comment.js';
export * from './event.js';
export * from '../../core/redact.js';
