/** The CLI's `schema` command and `validate --format sarif|github`. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { generateSchemas, SCHEMA_FILES, schemaText } from '../../src/validate/json-schema.js';
import { copyExampleRepo, EXAMPLE_REPO, lineContaining } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { REPO_ROOT } from '../support/shared.js';
import { cli } from '../support/cli.js';


let copy: RepoCopy | undefined;
let tmp: string | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('pool-reconciler schema', () => {
  it('writes every schema to --out, as generated', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-schemas-'));
    const out = path.join(tmp, 'nested', 'schemas');
    const r = await cli(['schema', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...SCHEMA_FILES].sort());
    const generated = generateSchemas();
    for (const f of SCHEMA_FILES) {
      expect(readFileSync(path.join(out, f), 'utf8')).toBe(schemaText(generated[f]));
      expect(r.stdout).toContain(`wrote ${out.replace(/\\/g, '/')}/${f}`);
    }
  });

  it('--stdout NAME prints one schema (by short name or file name)', async () => {
    const byName = await cli(['schema', '--stdout', 'cluster']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(schemaText(generateSchemas()['cluster.schema.json']));
    expect(byName.stdout).toBe(readFileSync(path.join(REPO_ROOT, 'schemas', 'cluster.schema.json'), 'utf8'));
    const byFile = await cli(['schema', '--stdout', 'pool-reconciler.schema.json']);
    expect(JSON.parse(byFile.stdout).title).toMatch(/\.pool-reconciler\.yaml/);
  });

  it('refuses an unknown schema, stray arguments and unknown options with exit 4', async () => {
    const unknown = await cli(['schema', '--stdout', 'nodepools']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('no schema "nodepools"');
    expect(unknown.stderr).toContain('nodepool-builder');
    expect((await cli(['schema', 'extra'])).code).toBe(4);
    expect((await cli(['schema', '--bogus'])).code).toBe(4);
    expect((await cli(['schema', '--out', 'x', '--stdout', 'cluster'])).code).toBe(4);
  });

  it('reports a directory it cannot write with exit 4', async () => {
    const r = await cli(['schema', '--out', path.join(EXAMPLE_REPO, 'cluster.yaml', 'sub')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/cannot write the schemas/);
  });

  it('has --help, and is listed in the main help', async () => {
    const help = await cli(['schema', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pool-reconciler schema');
    for (const f of SCHEMA_FILES) expect(help.stdout).toContain(f);
    expect((await cli(['--help'])).stdout).toMatch(/\n {2}schema +write the JSON Schemas/);
  });
});

describe('pool-reconciler validate --format sarif|github', () => {
  it('lists the formats in its help and refuses others', async () => {
    expect((await cli(['validate', '--help'])).stdout).toMatch(/--format FORMAT +text \(default\), json, markdown, sarif .*, github\s+\(workflow command annotations\) or zuul/);
    const bad = await cli(['validate', '--format', 'xml', EXAMPLE_REPO]);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('--format must be text, json, markdown, sarif, github or zuul, not "xml"');
  });

  it('sarif: an empty result list for the clean example repo', async () => {
    const r = await cli(['validate', '--format', 'sarif', EXAMPLE_REPO]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.name).toBe('pool-reconciler');
    expect(log.runs[0].results).toEqual([]);
  });

  it('sarif: findings with URIs relative to GITHUB_WORKSPACE, and exit 1 on errors', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const line = lineContaining(copy.read('nodepool/nodepool.yaml'), 'max-server: 20');
    const r = await cli(['validate', '--format', 'sarif', copy.dir], { GITHUB_WORKSPACE: path.dirname(copy.dir) });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout).runs[0].results[0];
    expect(result).toMatchObject({
      ruleId: 'nodepool/unknown-key',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `${path.basename(copy.dir)}/nodepool/nodepool.yaml`, uriBaseId: '%SRCROOT%' },
            region: { startLine: line, startColumn: 9 },
          },
        },
      ],
    });
    expect(result.message.text).toContain('Hint: Did you mean `max-servers`?');
  });

  it('sarif: without GITHUB_WORKSPACE, paths are relative to the current directory', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const rel = path.relative(process.cwd(), copy.dir);
    const r = await cli(['validate', '--format', 'sarif', rel]);
    const uri = JSON.parse(r.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    if (rel.startsWith('..')) expect(uri.uri).toMatch(/^file:\/\/\/.*\/nodepool\/nodepool\.yaml$/);
    else expect(uri).toEqual({ uri: `${rel.replace(/\\/g, '/')}/nodepool/nodepool.yaml`, uriBaseId: '%SRCROOT%' });
    const inRepo = await cli(['validate', '--format', 'sarif', 'examples/config-repo'], {});
    expect(inRepo.code).toBe(0);
  });

  it('github: one workflow command per finding, then the summary; notes go to stderr', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    copy.remove('nodepool/nodepool-builder.yaml');
    const line = lineContaining(copy.read('nodepool/nodepool.yaml'), 'max-server: 20');
    const r = await cli(['validate', '--format', 'github', copy.dir], { GITHUB_WORKSPACE: copy.dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `::error file=nodepool/nodepool.yaml,line=${line},col=9,title=nodepool/unknown-key::provider "vexxhost-ca-ymq-1", pool "main": unknown key \`max-server\`%0AHint: Did you mean \`max-servers\`?`,
    );
    expect(lines.at(-1)).toMatch(/^invalid: 1 error/);
    expect(r.stderr).toMatch(/^note: /m);
    const clean = await cli(['validate', '--format', 'github', EXAMPLE_REPO]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('valid: no errors, no warnings\n');
  });

  it('--strict applies to sarif and github as to text', async () => {
    copy = copyExampleRepo();
    copy.write('cluster.yaml', copy.read('cluster.yaml').replace('kind: ClusterProvisioner\n', 'kind: ClusterProvisioner\nkind: ClusterProvisioner\n'));
    const lenient = await cli(['validate', '--format', 'github', copy.dir], { GITHUB_WORKSPACE: copy.dir });
    expect(lenient.stdout).toMatch(/^::warning file=cluster.yaml,line=\d+,col=\d+,title=yaml\/duplicate-key::/m);
    expect(lenient.code).toBe(0);
    expect((await cli(['validate', '--format', 'github', '--strict', copy.dir])).code).toBe(1);
    expect((await cli(['validate', '--format', 'sarif', '--strict', copy.dir])).code).toBe(1);
  });
});

describe('editor and pre-commit integration', () => {
  it('the README\'s yaml-language-server lines name committed schemas, and validate accepts files that carry them', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const named = [...readme.matchAll(/# yaml-language-server: \$schema=\S+\/schemas\/([\w.-]+\.schema\.json)/g)].map((m) => m[1]);
    expect(new Set(named)).toEqual(new Set(SCHEMA_FILES.filter((f) => f !== 'pod-template-spec.schema.json')));
    copy = copyExampleRepo();
    for (const [file, schema] of [
      ['nodepool/nodepool.yaml', 'nodepool'],
      ['nodepool/nodepool-builder.yaml', 'nodepool-builder'],
      ['cluster.yaml', 'cluster'],
      ['dispatch/pod-templates/app.yaml', 'pod-template'],
      ['.pool-reconciler.yaml', 'pool-reconciler'],
    ]) {
      copy.write(file, `# yaml-language-server: $schema=https://raw.githubusercontent.com/your-org/pool-reconciler/v0/schemas/${schema}.schema.json\n` + copy.read(file));
    }
    const r = await cli(['validate', copy.dir]);
    expect(r.stdout).toContain('valid: no errors, no warnings');
    expect(r.code).toBe(0);
  });

  it('.pre-commit-hooks.yaml runs the package\'s command on changes to the config repo\'s files', () => {
    const hooks = loadYaml(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const hook = hooks.find((h) => h.id === 'pool-reconciler-validate')!;
    expect(hook).toMatchObject({ language: 'node', entry: 'pool-reconciler validate', pass_filenames: false });
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(String(hook.entry).split(' ')[0]);
    const files = new RegExp(String(hook.files));
    const p = DEFAULT_SETTINGS.paths;
    for (const f of [p.nodepool, p.nodepoolBuilder, `${p.dibAnsible}/centos-9.yaml`, p.knownHosts, p.cluster, 'cluster.yml', `${p.podTemplates}/app.yaml`, '.pool-reconciler.yaml']) {
      expect(files.test(f), f).toBe(true);
    }
    for (const f of ['README.md', 'docs/cluster.yaml', '.github/workflows/ci.yaml']) expect(files.test(f), f).toBe(false);
  });
});
