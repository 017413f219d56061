/**
 * The commands the banners offer (the sandbox's, `npm run cluster`'s): built for the way the tool was started, and
 * quoted for a shell. That each runs as printed is tested where the banners are started as a user starts them:
 * test/entry/readme-commands.test.ts (the README's sandbox block) and test/cluster/banner.test.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invocationOf, tryCommands } from '../../src/entry/try-commands.js';

describe('the commands offered', () => {
  it('are those of the way the tool was started', () => {
    expect(invocationOf('/x/node_modules/.bin/pool-reconciler', '/x')).toBe('npx pool-reconciler');
    expect(invocationOf('/usr/local/bin/pool-reconciler', '/home/u')).toBe('pool-reconciler');
    expect(invocationOf('/home/u/pool-reconciler.js', '/home/u')).toBe('node pool-reconciler.js');
    expect(invocationOf('/opt/pool reconciler/cli.js', '/home/u')).toBe("node '/opt/pool reconciler/cli.js'");
  });

  it('quote what a shell would split, and give --commit to plan and apply alike when the repo has no commit of its own', () => {
    const [plan, toFile, apply] = tryCommands({ invocation: 'npx pool-reconciler', kubeconfig: '/tmp/my dir/k', repo: path.join('examples', 'config-repo') });
    expect(plan).toBe("npx pool-reconciler plan --commit example --kubeconfig '/tmp/my dir/k' examples/config-repo");
    expect(toFile).toBe("npx pool-reconciler plan --format json --commit example --kubeconfig '/tmp/my dir/k' examples/config-repo > '/tmp/my dir/k.plan.json'");
    expect(apply).toBe("npx pool-reconciler apply --plan '/tmp/my dir/k.plan.json' --commit example --kubeconfig '/tmp/my dir/k' examples/config-repo");
  });
});
