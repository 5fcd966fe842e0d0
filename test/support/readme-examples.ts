import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The operations the README tells a newcomer to paste into Sandbox: one document, several named operations. */
export interface ReadmeExamples {
  /** The whole ```graphql block under the heading ("Try it in Sandbox" by default). */
  document: string;
  /** Its operation names, in order. */
  operationNames: string[];
}

export function readmeExamples(
  heading = 'Try it in Sandbox',
  readmePath = join(__dirname, '..', '..', 'README.md'),
): ReadmeExamples {
  const readme = readFileSync(readmePath, 'utf8');
  const block = new RegExp(`## ${heading}\\n[\\s\\S]*?\`\`\`graphql\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
  if (!block) throw new Error(`README.md has no \`\`\`graphql block under "## ${heading}"`);
  return { document: block, operationNames: [...block.matchAll(/^(query|mutation) (\w+)/gm)].map((m) => m[2]!) };
}

/** One named operation of the README's examples, as its own document (braces counted, so one-liners work too). */
export function readmeOperation(name: string, examples: ReadmeExamples = readmeExamples()): string {
  const start = new RegExp(`^(query|mutation) ${name}\\b`, 'm').exec(examples.document)?.index;
  if (start === undefined) throw new Error(`README.md has no example operation named ${name}`);
  let depth = 0;
  for (let i = examples.document.indexOf('{', start); i < examples.document.length; i++) {
    const char = examples.document[i];
    if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return examples.document.slice(start, i + 1);
  }
  throw new Error(`README.md's example ${name} has unbalanced braces`);
}
