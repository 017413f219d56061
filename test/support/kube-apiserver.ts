/**
 * The loopback Kubernetes API server used by the tests. It lives in src/sandbox/ because `pool-reconciler sandbox`
 * ships the same server for people to try the tool on.
 */
export * from '../../src/sandbox/kube-apiserver.js';
