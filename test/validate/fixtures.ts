/** A small valid cluster.yaml (Konvoy v1beta2, aws, a tainted `dispatch` pool, the Dispatch addon) that tests break on purpose. */
export const BASE = `kind: ClusterProvisioner
apiVersion: konvoy.mesosphere.io/v1beta2
metadata:
  name: ci
spec:
  provider: aws
  nodePools:
    - name: control-plane
      controlPlane: true
      count: 3
    - name: worker
      count: 4
      machine:
        type: m5.2xlarge
        rootVolumeSize: 80
    - name: dispatch
      count: 2
      autoscaling:
        minSize: 1
        maxSize: 5
---
kind: ClusterConfiguration
apiVersion: konvoy.mesosphere.io/v1beta2
metadata:
  name: ci
spec:
  nodePools:
    - name: control-plane
    - name: worker
      labels:
        - key: ci.example.org/workload
          value: general
    - name: dispatch
      labels:
        - key: konvoy.mesosphere.com/node_pool
          value: dispatch
      taints:
        - key: konvoy.mesosphere.com/node_pool
          value: dispatch
          effect: NoExecute
  addons:
    - configRepository: https://github.com/mesosphere/kubeaddons-dispatch
      configVersion: stable-1.20-1.4.6
      addonsList:
        - name: dispatch
          enabled: true
          values: |
            argo-cd:
              server:
                tolerations:
                - key: konvoy.mesosphere.com/node_pool
                  operator: Equal
                  value: dispatch
                  effect: NoExecute
            tekton:
              configs:
                defaultPodTemplate: |
                  nodeSelector:
                    konvoy.mesosphere.com/node_pool: dispatch
                  tolerations:
                  - key: konvoy.mesosphere.com/node_pool
                    operator: Equal
                    value: dispatch
                    effect: NoExecute
`;
