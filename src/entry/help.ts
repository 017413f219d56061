/** The command line's help texts, one per command. */
import { FILE_KINDS } from '../config/settings.js';
import { VERSION } from '../core/version.js';

export const HELP = {
  main: `pool-reconciler ${VERSION}: keep Nodepool and Konvoy/Dispatch node pools in line with a config repo

Usage: pool-reconciler <command> [options]

Commands:
  validate [PATH...]   check the config repo (or single files) and report every problem
  plan [REPO]          read the cluster and show what apply would change
  apply [REPO]         apply the config-update (locked, in order, verified) and report each step
  sandbox [REPO]       start a local sandbox cluster to try the tool on (--demo: plan, apply, plan)
  check-ssh [REPO]     check that the Nodepool builder's SSH key reaches every image-builder
  schema               write the JSON Schemas of every file kind (for editors) to schemas/
  targets [REPO]       list the clusters the repo feeds (targets: in .pool-reconciler.yaml), and which
                       a change touches (--changed-since REV), e.g. as a GitHub Actions matrix

Options:
  -h, --help           show help (also: pool-reconciler <command> --help)
  --version            print the version

Exit codes (as terraform plan -detailed-exitcode: 0 nothing to do, 2 changes, anything else an error):
  0 clean, 1 findings, 2 changes (plan --exit-code), 3 cluster or network error, 4 usage or config error.
Colours on a terminal only; NO_COLOR or TERM=dumb turn them off, FORCE_COLOR on.
`,
  validate: `Usage: pool-reconciler validate [options] [PATH...]

Check a config repo directory (default: .) or single files. A file's kind comes from its path
(nodepool/nodepool.yaml, nodepool/nodepool-builder.yaml, cluster.yaml, dispatch/pod-templates/*.yaml,
nodepool/dib-ansible/inventory.yaml, zuul.yaml, zuul.d/*.yaml) or from --kind. Zuul's config (zuul.yaml,
zuul.d/, .zuul.yaml or .zuul.d/, as Zuul looks for it) is read as Zuul reads it, and the labels its
nodesets and jobs ask for are checked against the Nodepool pools.

Options:
  --kind KIND          kind of single files: ${FILE_KINDS.filter((k) => k !== 'playbook' && k !== 'known-hosts').join(', ')}
  --format FORMAT      text (default), json, markdown, sarif (SARIF 2.1.0 for code scanning), github
                       (workflow command annotations) or zuul (zuul_return file comments); sarif and
                       github paths are relative to GITHUB_WORKSPACE when set, else to the current
                       directory; zuul paths are relative to the config repo; json is the envelope of
                       schemas/output/output.schema.json
  --strict             warnings fail too (exit 1); also --fail-on-warnings, as the action's input
  --standalone         read Nodepool files as plain Nodepool configs, not sf-operator user files
                       (overrides nodepool.flavor in .pool-reconciler.yaml)
  --base REF           the pull request's base (read with git), e.g. origin/main: a label the change
                       removes from Nodepool while Zuul's nodesets still use it is an error naming the jobs
  --target NAME        check only this target's view (default: every target's of a repo with targets:;
                       a finding only some targets have names them)
  --clouds-yaml FILE   check openstack providers' cloud and region-name against this clouds.yaml
  --kube-config FILE   check kubernetes/openshift providers' context against this kube.config (the
                       provider secret; the cluster's kubeconfig is plan's --kubeconfig)
  --aws-config FILE    the aws.config provider secret (checked to parse)
  -h, --help           show this help

Runs on Node 20 and later (plan, apply, sandbox and check-ssh need 22.19).
Environment: NODEPOOL_* variables are substituted for %(NODEPOOL_*) as Nodepool does. NO_COLOR turns colours off.
Exit codes: 0 valid, 1 errors (or warnings with --strict), 4 usage or config error (no config file where
pointed, a path that does not exist, .pool-reconciler.yaml wrong).
`,
  plan: `Usage: pool-reconciler plan [options] [REPO]

Validate the config repo (default: .), read the cluster (reads only) and show what apply would change:
Secret nodepool-providers-secrets (key names only, never values), the Nodepool rollouts and config refresh,
Tekton's config-defaults, the per-repository pod-template ConfigMaps, and each Konvoy pool's node labels and
taints. Fields others own are left alone and not shown.

Options:
  --kubeconfig FILE    the cluster (default: KUBECONFIG, whose files are merged as kubectl does,
                       ~/.kube/config, or in-cluster)
  --context NAME       the kubeconfig's context to use (default: the target's context, else its
                       current-context)
  --target NAME        the target (targets: in .pool-reconciler.yaml) to plan: its overrides of the settings,
                       its pools, its context (required when the repo declares targets)
  --clouds-yaml FILE   provider secret clouds.yaml (only the keys given are managed)
  --kube-config FILE   provider secret kube.config (Nodepool's kubernetes/openshift providers' contexts;
                       not the cluster: that is --kubeconfig)
  --aws-config FILE    provider secret aws.config
  --commit REF         the config repo commit for generate-config.sh (default: the HEAD of REPO's own git
                       repository; refused when REPO is not its root)
  --base REF           the pull request's base (read with git), e.g. origin/main: before the first apply (no
                       deployed state recorded in the cluster) the Nodepool config is compared with this
                       commit's; a label the change removes while Zuul's nodesets use it is an error
  --nodepool-api-url URL  Nodepool's API (https://<fqdn>/nodepool/api): the plan says what the change does to
                       the running Nodepool (its node-list, request-list, label-list, image-list and
                       dib-image-list: nodes of removed labels, pools and providers by state, open requests,
                       max-servers below the nodes held, diskimages removed while labels boot from them,
                       labels without a ready upload, providers failing to launch)
  --api-timeout SECONDS   per request to Nodepool's API (default 30)
  --format FORMAT      text (default), json (schemas/output/output.schema.json: apply --plan takes it),
                       markdown, sarif, github or zuul (the last three: the findings and the headline)
  --exit-code          exit 2 when there are changes (terraform's -detailed-exitcode, kubectl diff)
  -v, --verbose        show every step, unchanged ones too
  -h, --help           show this help

The plan's header names the context and server it ran against.
Exit codes: 0 planned (no changes, or changes without --exit-code), 1 validation errors, 2 changes with
--exit-code, 3 cluster or network error, 4 usage or config error (a kubeconfig missing or malformed included).
`,
  apply: `Usage: pool-reconciler apply [options] [REPO]

Plan, then apply the config-update in order: take the lock (a Lease in the Software Factory namespace), write the
managed keys of Secret nodepool-providers-secrets, roll out the Nodepool launcher and builder when it changed,
refresh Nodepool's config (generate-config.sh in both pods), write Tekton's config-defaults and the pod-template
ConfigMaps, set each Konvoy pool's node labels and taints (other taints stay), then verify.

Options:
  --kubeconfig FILE       the cluster (default: KUBECONFIG, ~/.kube/config, or in-cluster)
  --context NAME          the kubeconfig's context to use (default: the target's context, else its
                          current-context)
  --target NAME           the target to apply (required when the repo declares targets); a plan reviewed
                          for another target is refused
  --clouds-yaml FILE      provider secret clouds.yaml (only the keys given are managed)
  --kube-config FILE      provider secret kube.config (not the cluster: that is --kubeconfig)
  --aws-config FILE       provider secret aws.config
  --commit REF            the config repo commit for generate-config.sh (default: the HEAD of REPO's own
                          git repository; refused when REPO is not its root or has uncommitted changes)
  --plan FILE             the reviewed plan: the file \`plan --format json\` writes, as written (or the
                          action's plan output); refuse to apply if the plan changed since
  --skip-plan-check       apply without comparing with a reviewed plan
  --allow-unmounted-secret-keys
                          add a provider key no Nodepool container mounts yet (it takes effect after the
                          next \`sf-operator deploy\`) without failing the apply
  --nodepool-api-url URL  verify that Nodepool lists every label nodepool.yaml's pools offer (its /label-list)
  --rollout-timeout SECS  wait for the launcher and builder rollouts (default 600)
  --verify-timeout SECS   wait for Nodepool to list the labels (default 300)
  --lock-timeout SECS     wait for another apply's lock (default 300)
  --format FORMAT         text (default), json, markdown, sarif, github or zuul (the last three: the findings
                          and the headline)
  -h, --help              show this help

One of --plan or --skip-plan-check is required. Exit codes: 0 applied (and verified), 1 validation errors, a
failed step or a changed plan (what was applied and what was not is listed), 3 cluster or network error, 4 usage
or config error.
`,
  sandbox: `Usage: pool-reconciler sandbox [--kubeconfig FILE | --demo] [REPO]

Start a SANDBOX: a local stand-in for a Kubernetes API server (not a real cluster) on 127.0.0.1, seeded for the
config repo (default: .) with what a Software Factory + Konvoy/Dispatch cluster has before a first config-update:
sf-operator's Nodepool launcher and builder, Tekton's config-defaults, and the nodes of each Konvoy pool. It
speaks HTTPS with a CA of its own and wants a bearer token, like a real API server: its kubeconfig carries both,
and works with kubectl too.

Options:
  --kubeconfig FILE   write a kubeconfig for the sandbox to FILE and run until stopped (Ctrl-C); it prints
                      the plan, apply and kubectl commands to try in another terminal
  --demo              run plan, apply, then plan again against a fresh sandbox, and stop
  --clouds-yaml FILE, --kube-config FILE, --aws-config FILE   provider secrets for the demo
  -h, --help          show this help
`,
  'check-ssh': `Usage: pool-reconciler check-ssh --builder-ssh-key FILE [options] [REPO]

Connect to every image-builder of nodepool/dib-ansible/inventory.yaml (default REPO: .) with the Nodepool
builder's private key, verify its host key against nodepool/dib-ansible/known_hosts, and run \`hostname\` and
\`python3 --version\` (Ansible needs Python). All hosts are checked in parallel.

Options:
  --builder-ssh-key FILE   the builder's private key (sf-operator's Secret nodepool-builder-ssh-key, key priv)
  --kubeconfig FILE        without --builder-ssh-key: read that Secret from the cluster
  --context NAME           the kubeconfig's context to use (default: the target's context, else its
                           current-context)
  --target NAME            the target whose settings name the builder key's Secret (required when the
                           repo declares targets)
  --accept-new             an unknown host key is reported with the known_hosts line to commit, not a failure
  --connect-timeout SECS   per-host connection timeout (default 10)
  --timeout SECS           per-host overall timeout (default 30)
  --format FORMAT          text (default), json, markdown, sarif, github or zuul (failed hosts as findings on
                           the inventory)
  -h, --help               show this help

Exit codes: 0 every host reachable, 1 a host failed, 3 cluster error (reading the key), 4 usage or key error.
`,
  targets: `Usage: pool-reconciler targets [options] [REPO]

List the clusters the config repo (default: .) feeds: \`targets:\` in .pool-reconciler.yaml, in the order of
promotion (the first is applied first), each with the GitHub environment and kubeconfig context it names. A repo
without targets has one, \`default\`. With --changed-since, say which targets a change touches: those whose
cluster would get something else than from that commit (settings, Nodepool files, their pools' labels and
taints, pod templates, the Dispatch placement), or that it does not have.

Options:
  --changed-since REV  compare each target's view of the repo with REV's (read with git), e.g. the pull
                       request's base
  --format FORMAT      text (default), json ({"targets": [...]}) or matrix (the touched targets as a GitHub
                       Actions strategy.matrix: {"include": [{"target", "order", "environment", "context"}]})
  -h, --help           show this help

Exit codes: 0 listed, 4 usage or config error.
`,
} as const;
