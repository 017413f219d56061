/**
 * Once per test run (vitest.config.ts's globalSetup): build the bundle from the sources as they are now, and give its
 * package directory to the tests that run the built action and CLI as processes (test/support/bundle.ts). A build
 * that fails stops the run here, with esbuild's message, before any test runs a bundle.
 */
import type { TestProject } from 'vitest/node';
import { buildFreshPackage } from './bundle.js';

export default function setup(project: TestProject): () => void {
  const pkg = buildFreshPackage();
  project.provide('builtPackage', pkg.dir);
  return () => pkg.cleanup();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The package directory holding this run's build of the sources (dist/index.js, dist/cli.js). */
    builtPackage: string;
  }
}
