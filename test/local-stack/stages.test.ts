import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StageFailedError, StageRunner, firstError } from '../../local/stages';

function logWith(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stages-')), 'node.log');
  fs.writeFileSync(file, text);
  return file;
}

describe('StageRunner', () => {
  test('numbers the stages and prints each one\'s time', async () => {
    const lines: string[] = [];
    const stages = new StageRunner(2, (line) => lines.push(line));
    await stages.run('postgresql', async () => 'on 127.0.0.1:5433');
    await stages.run('metastore', async () => undefined);
    expect(lines[0]).toBe('[1/2] postgresql ...');
    expect(lines[1]).toMatch(/^\[1\/2\] postgresql ready in \d+\.\ds: on 127\.0\.0\.1:5433$/);
    expect(lines[3]).toMatch(/^\[2\/2\] metastore ready in \d+\.\ds$/);
  });

  test('a failing stage names itself, the reason and its log, shows the log\'s last lines, and rethrows', async () => {
    const log = logWith('starting\nsomething broke\n');
    const lines: string[] = [];
    const stages = new StageRunner(3, (line) => lines.push(line));
    const run = stages.run('metastore', async () => {
      throw new Error('port 9083 not open');
    }, log);
    await expect(run).rejects.toThrow(StageFailedError);
    await expect(run).rejects.toMatchObject({ stage: 'metastore', reason: 'port 9083 not open', logFile: log });
    expect(lines).toContain(`    log: ${log}`);
    expect(lines.some((line) => /^\[1\/3\] metastore FAILED after \d+\.\ds: port 9083 not open$/.test(line))).toBe(true);
    expect(lines.join('\n')).toContain('    | something broke');
  });
});

describe('firstError', () => {
  test('finds Trino\'s numbered configuration error', () => {
    const log = logWith([
      '2026-11-25T15:44:09.209Z\tINFO\tmain\tio.trino.server.PluginManager\t-- Loading plugin --',
      '2026-11-25T15:44:10.209Z\tERROR\tmain\tio.trino.server.Server\tConfiguration is invalid',
      '==========', '', 'Errors:', '', "1) Configuration property 'hive.no-such-property' was not used", '',
    ].join('\n'));
    expect(firstError(log)).toBe("Configuration property 'hive.no-such-property' was not used");
  });

  test('else the first ERROR line, and nothing for a clean or missing log', () => {
    expect(firstError(logWith('a\n2026-11-25T15:44:10Z ERROR main x: boom\n'))).toBe('main x: boom');
    expect(firstError(logWith('all good\n'))).toBeUndefined();
    expect(firstError('/nonexistent/log')).toBeUndefined();
  });
});
