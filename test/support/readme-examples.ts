import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The operations the README tells a newcomer to paste into Sandbox: one document, several named operations. */
export interface ReadmeExamples {
  /** The whole ```graphql block under "Try it in Sandbox". */
  document: string;
  /** Its operation names, in order. */
  operationNames: string[];
}

export function readmeExamples(readmePath = join(__dirname, '..', '..', 'README.md')): ReadmeExamples {
  const readme = readFileSync(readmePath, 'utf8');
  const block = /## Try it in Sandbox[\s\S]*?```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```graphql block under "## Try it in Sandbox"');
  return { document: block, operationNames: [...block.matchAll(/^(query|mutation) (\w+)/gm)].map((m) => m[2]!) };
}
