import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ProcessSet, ProcessSpec } from '../processes';
import { messageOf } from '../stages';

/** Runs a short command to completion, its output appended to a log; a failure names the command. */
export function runLogged(command: string, args: string[], logFile: string): void {
  const log = fs.openSync(logFile, 'a');
  try {
    execFileSync(command, args, { stdio: ['ignore', log, log] });
  } catch (error) {
    throw new Error(`${path.basename(args.find((a) => a.includes('/')) ?? command)} failed: ${messageOf(error).split('\n')[0]}`);
  } finally {
    fs.closeSync(log);
  }
}

/**
 * Runs a command to its end as one of the set's processes (its own process group, output to its log), so that
 * stopping the set also stops it when the caller gives up; resolves with its exit code (null when killed by a
 * signal, 127 when it could not be started).
 */
export async function runToExit(processes: ProcessSet, spec: ProcessSpec): Promise<number | null> {
  return processes.start(spec).exited;
}
