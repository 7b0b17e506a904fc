import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { BAD_INPUT_CASES, BadInputCase, CONSTRUCTS } from './bad-input-cases';
import { newStack } from '../fixtures/clusters';

/** The generated table, and the variable that rewrites it instead of comparing. */
const DOC = join(__dirname, '..', '..', 'docs', 'bad-input.md');
const UPDATE_VARIABLE = 'UPDATE_BAD_INPUT_DOC';
const REGENERATE = `${UPDATE_VARIABLE}=1 npx jest test/bad-input`;

/** What a message must never show: an unresolved token, which means nothing to the user. */
const UNRESOLVED = /\$\{Token\[|Token\[TOKEN\.|#\{Token|-1\.8881545897087\d*e\+289/;

/** What one attempt did: the error, and what the refused call left in the stack. */
interface Refusal {
  readonly error?: unknown;
  readonly message?: string;
  /** The construct's id is still a child of the stack. */
  readonly constructLeft: boolean;
  /** Constructs the refused call added to the stack (the case's own fixtures not counted). */
  readonly nodesAdded: number;
}

/** Each case is attempted once, in its own app: the per-case tests and the rendered table share the outcome. */
const refusals = new Map<BadInputCase, Refusal>();

function refusalOf(c: BadInputCase): Refusal {
  const known = refusals.get(c);
  if (known) return known;
  const stack = newStack();
  const refusedCall = c.attempt(stack);
  const before = stack.node.findAll().length;
  let error: unknown;
  try {
    refusedCall();
  } catch (e) {
    error = e;
  }
  const refusal: Refusal = {
    error,
    message: error instanceof Error ? error.message : undefined,
    constructLeft: c.constructId !== undefined && stack.node.tryFindChild(c.constructId) !== undefined,
    nodesAdded: stack.node.findAll().length - before,
  };
  refusals.set(c, refusal);
  return refusal;
}

function nameOf(c: BadInputCase): string {
  return `${c.construct} ${c.prop}: ${c.badValue}`;
}

/** The message a case was refused with; a case that was accepted (or threw something else) is a failure saying so. */
function messageOf(c: BadInputCase): string {
  const refusal = refusalOf(c);
  if (refusal.message === undefined) {
    throw new Error(refusal.error === undefined
      ? `${nameOf(c)} was accepted, but must be refused with ${c.message}`
      : `${nameOf(c)} threw ${String(refusal.error)} instead of an Error with ${c.message}`);
  }
  return refusal.message;
}

describe('the cases', () => {
  test('cover every construct, at least 60 refusals in all', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(60);
    const covered = new Set(BAD_INPUT_CASES.filter((c) => c.constructId !== undefined).map((c) => c.construct));
    expect([...covered].sort()).toEqual([...CONSTRUCTS].sort());
  });

  test('have unique names (construct, prop and bad value)', () => {
    const names = BAD_INPUT_CASES.map(nameOf);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  test('expect messages anchored at their start, so that the construct and the prop must be the ones named', () => {
    expect(BAD_INPUT_CASES.filter((c) => !c.message.source.startsWith('^')).map(nameOf)).toEqual([]);
  });
});

describe('every bad input is refused at synth, with a message naming the prop, the value and what is allowed', () => {
  test.each(BAD_INPUT_CASES.map((c) => [nameOf(c), c] as const))('%s', (_name, c) => {
    const message = messageOf(c);
    expect(message).toMatch(c.message);
    // The prop's own name (its last segment, without an index) appears in the message.
    expect(message).toContain(c.prop.split('.').pop()!.replace(/\[\d+\]$/, ''));
    expect(message).not.toMatch(UNRESOLVED);
    const refusal = refusalOf(c);
    // Nothing is half-created: the construct is not in the tree, and the refused call added nothing anywhere.
    if (c.constructId !== undefined) expect(refusal.constructLeft).toBe(false);
    expect(refusal.nodesAdded).toBe(0);
  });
});

describe(`docs/bad-input.md (regenerate with ${REGENERATE})`, () => {
  test('is the table the cases render, with the messages actually thrown', () => {
    const rendered = renderDoc(BAD_INPUT_CASES, messageOf);
    if (process.env[UPDATE_VARIABLE] === '1') {
      writeFileSync(DOC, rendered);
      return;
    }
    if (!existsSync(DOC)) {
      throw new Error(`docs/bad-input.md does not exist: generate it with \`${REGENERATE}\` and commit it`);
    }
    const committed = readFileSync(DOC, 'utf-8');
    if (committed !== rendered) {
      throw new Error('docs/bad-input.md is out of date with test/bad-input/bad-input-cases.ts and the messages thrown ' +
        `(${firstDifference(committed, rendered)}): regenerate it with \`${REGENERATE}\`, review the diff and commit it`);
    }
  });
});

/** The Markdown page: what it is, the counts, then one table per construct or class in the order of the cases. */
function renderDoc(cases: BadInputCase[], message: (c: BadInputCase) => string): string {
  const groups = new Map<string, BadInputCase[]>();
  for (const c of cases) groups.set(c.construct, [...(groups.get(c.construct) ?? []), c]);
  const lines = [
    '# Bad input the constructs refuse',
    '',
    '<!-- Generated by test/bad-input/bad-input.test.ts from test/bad-input/bad-input-cases.ts: do not edit by hand. -->',
    '',
    'Every row is a test. The construct or class was given the bad value, and refused it while the app was synthesized,',
    'before anything was deployed; a construct refuses before it joins the construct tree, so nothing of it is left',
    'half-created. The message is the one actually thrown, word for word.',
    '',
    'The file is generated by `test/bad-input/bad-input.test.ts` from the cases in `test/bad-input/bad-input-cases.ts`,',
    'and that test fails when this file differs from what the cases and the messages render. After adding a case or',
    'changing a message, regenerate it and commit the result:',
    '',
    '```sh',
    REGENERATE,
    '```',
    '',
    '## Count',
    '',
    '| Construct or class | Kind | Refused inputs |',
    '| --- | --- | ---: |',
    ...[...groups].map(([construct, of]) =>
      `| [${construct}](#${construct.toLowerCase()}) | ${of[0].constructId !== undefined ? 'construct' : 'class'} | ${of.length} |`),
    `| **Total** | | **${cases.length}** |`,
  ];
  for (const [construct, of] of groups) {
    lines.push('', `## ${construct}`, '', '| Prop | Bad value | Message |', '| --- | --- | --- |');
    for (const c of of) {
      lines.push(`| ${codeSpan(c.prop)} | ${cell(c.badValue)} | ${codeSpan(message(c))} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Table cell text: one line, `|` escaped (GitHub's tables split cells on it, even inside code spans). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** Text as a code span, so that `<bucket>`, `*` and `_` show as written. */
function codeSpan(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const padding = fence.length > 1 ? ' ' : '';
  return `${fence}${padding}${cell(text)}${padding}${fence}`;
}

function firstDifference(committed: string, rendered: string): string {
  const was = committed.split('\n');
  const now = rendered.split('\n');
  const line = now.findIndex((text, i) => text !== was[i]);
  const at = line === -1 ? now.length : line;
  return `first difference at line ${at + 1}: the file has ${JSON.stringify(was[at] ?? '(end of file)')}, ` +
    `the cases render ${JSON.stringify(now[at] ?? '(end of file)')}`;
}
