/**
 * KWOK's configuration for the tier, written here (not copied): stages that make a managed node Ready with the node
 * IP and port of KWOK's own kubelet endpoint (the API server dials it for exec), and a pod bound to such a node
 * Running and Ready after a short delay (so that a rollout goes through its real intermediate states) unless it
 * carries NEVER_READY_LABEL (then Running, never Ready), and deleted once it is being deleted; and a ClusterExec that runs `pods/exec` of the Software Factory namespace's pods as a
 * local command with each container's environment.
 */

export interface ExecContainer {
  /** Container name (`launcher`, `nodepool-builder`); empty: any other container. */
  name: string;
  /** Its working directory and environment. */
  workDir: string;
  env: Record<string, string>;
}

const q = (s: string): string => JSON.stringify(s);

/**
 * A pod carrying this label is never made ready: KWOK runs it (phase Running, containers started) with its Ready
 * and ContainersReady conditions False, as a container whose readiness probe never passes. Nothing in the fixture
 * sets it; the weather of test/cluster/support/weather.ts puts it on chosen new pods.
 */
export const NEVER_READY_LABEL = 'weather.pool-reconciler.test/never-ready';

export function kwokConfigYaml(options: { execNamespaces: string[]; containers: ExecContainer[]; podReadyDelayMs?: number }): string {
  const delay = options.podReadyDelayMs ?? 500;
  const execs = options.containers
    .map((c) => `  - ${c.name ? `containers: [${q(c.name)}]\n    ` : ''}local:
      workDir: ${q(c.workDir)}
      envs:
${Object.entries(c.env).map(([k, v]) => `      - name: ${q(k)}\n        value: ${q(v)}`).join('\n')}`)
    .join('\n');
  return `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  enableDebuggingHandlers: true
  enableProfilingHandler: false
  enableContentionProfiling: false
  podPlayStageParallelism: 8
  nodePlayStageParallelism: 8
  nodeLeaseParallelism: 4
  podsOnNodeSyncParallelism: 2
  enablePodsOnNodeSyncListPager: true
  enablePodsOnNodeSyncStreamWatch: false
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-becomes-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.phase'
      operator: 'NotIn'
      values: ['Running']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $now | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      - address: {{ NodeIP | Quote }}
        type: InternalIP
      - address: {{ .metadata.name | Quote }}
        type: Hostname
      daemonEndpoints:
        kubeletEndpoint:
          Port: {{ NodePort }}
      allocatable:
        cpu: "64"
        memory: 256Gi
        pods: "250"
      capacity:
        cpu: "64"
        memory: 256Gi
        pods: "250"
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: {{ printf "kwok-%s" Version | Quote }}
        containerRuntimeVersion: {{ printf "kwok-%s" Version | Quote }}
        kernelVersion: "kwok"
        kubeProxyVersion: "kwok"
        osImage: "kwok"
        bootID: ""
        machineID: ""
        systemUUID: ""
      phase: Running
---
${runningStage('pod-becomes-ready', true, delay)}${runningStage('pod-runs-never-ready', false, delay)}apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-goes-away
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'Exists'
  delay:
    durationMilliseconds: ${Math.round(delay / 2)}
  next:
    delete: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: software-factory
spec:
  selector:
    matchNamespaces: [${options.execNamespaces.map(q).join(', ')}]
  execs:
${execs}
`;
}

/**
 * The stage that runs a pending pod: Ready (its containers ready), or, for a pod labelled NEVER_READY_LABEL, running
 * with its containers never ready (a launcher whose new pod never becomes ready).
 */
function runningStage(name: string, ready: boolean, delay: number): string {
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${name}
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.metadata.labels[${q(NEVER_READY_LABEL)}]'
      operator: '${ready ? 'DoesNotExist' : 'Exists'}'
  delay:
    durationMilliseconds: ${delay}
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - type: Initialized
        status: "True"
        lastTransitionTime: {{ $now | Quote }}
      - type: PodScheduled
        status: "True"
        lastTransitionTime: {{ $now | Quote }}
      - type: ContainersReady
        status: "${ready ? 'True' : 'False'}"${ready ? '' : '\n        reason: ContainersNotReady'}
        lastTransitionTime: {{ $now | Quote }}
      - type: Ready
        status: "${ready ? 'True' : 'False'}"${ready ? '' : '\n        reason: ContainersNotReady'}
        lastTransitionTime: {{ $now | Quote }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        imageID: ""
        ready: ${ready}
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      {{ with NodeIPWith .spec.nodeName }}
      hostIP: {{ . | Quote }}
      hostIPs:
      - ip: {{ . | Quote }}
      {{ end }}
      {{ with PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      podIP: {{ . | Quote }}
      podIPs:
      - ip: {{ . | Quote }}
      {{ end }}
      phase: Running
      startTime: {{ $now | Quote }}
---
`;
}
