import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ManagedProcess, ProcessSet } from '../processes';
import { waitUntil } from '../stages';
import { runLogged } from './run';

/** A login role to create, with its password (sent through psql's standard input, never a command line). */
export interface PostgresUser {
  readonly name: string;
  readonly password: string;
}

/** A database to create, owned by `owner` along with its schema public. */
export interface PostgresDatabase {
  readonly name: string;
  readonly owner: string;
}

export interface PostgresOptions {
  /** PostgreSQL's bin directory (initdb, postgres, psql, pg_isready): see newestPostgresBin. */
  readonly bin: string;
  /** The cluster's data directory: created here (mode 0700); it must not exist yet. Also the socket's directory. */
  readonly dataDir: string;
  /** The TCP port on 127.0.0.1. */
  readonly port: number;
  /** initdb's and the server's output. */
  readonly logFile: string;
  /**
   * The process's name in the ProcessSet.
   *
   * @default 'postgresql'
   */
  readonly name?: string;
  /** Created once the server accepts connections, before `databases`. */
  readonly users?: PostgresUser[];
  /** Created once the server accepts connections, after `users`. */
  readonly databases?: PostgresDatabase[];
  /** @default 60 s */
  readonly timeoutMs?: number;
  /** Ends the wait for the server at once. */
  readonly abort?: AbortSignal;
}

/** A running PostgreSQL cluster of its own. */
export interface PostgresServer {
  /** The server's process (a new one after start()). */
  readonly process: ManagedProcess;
  readonly port: number;
  /** The data directory, which is also where the Unix socket is. */
  readonly dataDir: string;
  /** The server's version, e.g. `15.14`. */
  readonly version: string;
  /**
   * Runs SQL as the superuser `postgres` through the Unix socket (trusted: only the directory's owner and root
   * reach it), with ON_ERROR_STOP; returns psql's unaligned, tuples-only output, trimmed (`a|b` per row).
   * A failing statement throws with psql's message.
   */
  sql(statements: string, database?: string): string;
  /** Stops the server (its fast shutdown: open connections are ended), as a database outage would. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same data directory and port; resolves once it accepts connections. */
  start(): Promise<void>;
}

/**
 * Starts a PostgreSQL cluster of its own on 127.0.0.1:`port`: initdb, then the server in the set, then the
 * users and databases asked for. Local (socket) connections are trusted, TCP connections need a password
 * (scram-sha-256). As root, initdb and postgres run as the postgres system user (both refuse root).
 * Durability is traded for speed (initdb --no-sync, fsync=off): the cluster is thrown away after the run.
 */
export async function startPostgres(processes: ProcessSet, options: PostgresOptions): Promise<PostgresServer> {
  const { bin, dataDir, port, logFile } = options;
  fs.mkdirSync(dataDir, { mode: 0o700 });
  const asRoot = process.getuid?.() === 0;
  const asPostgres = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dataDir, uid, gid);
  }
  const [initCommand, initArgs] = asPostgres(path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync']);
  runLogged(initCommand, initArgs, logFile);
  const [command, args] = asPostgres(path.join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
  let postgres = processes.start({ name: options.name ?? 'postgresql', command, args, logFile, stopSignal: 'SIGINT' });
  const ready = (what: string) => waitUntil(what, async () => {
    try {
      execFileSync(path.join(bin, 'pg_isready'), ['-q', '-h', dataDir, '-p', String(port)]);
      return true;
    } catch {
      return false;
    }
  }, { timeoutMs: options.timeoutMs ?? 60_000, process: postgres, abort: options.abort });
  await ready('PostgreSQL accepting connections');

  const sql = (statements: string, database?: string): string => {
    try {
      return execFileSync(path.join(bin, 'psql'),
        ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', dataDir, '-p', String(port), '-U', 'postgres', '-d', database ?? 'postgres'],
        { input: statements, stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      throw new Error(`psql${database ? ` (${database})` : ''}: ${stderr || (error as Error).message}`);
    }
  };
  const setup = [
    ...(options.users ?? []).map((user) => `CREATE USER ${identifier(user.name)} PASSWORD ${literal(user.password)};`),
    ...(options.databases ?? []).flatMap((db) => [
      `CREATE DATABASE ${identifier(db.name)} OWNER ${identifier(db.owner)};`,
      `\\c ${identifier(db.name)}`,
      `ALTER SCHEMA public OWNER TO ${identifier(db.owner)};`,
    ]),
  ];
  if (setup.length > 0) sql(setup.join('\n'));
  const version = /\(PostgreSQL\) (\S+)/.exec(execFileSync(path.join(bin, 'postgres'), ['--version']).toString())?.[1] ?? 'unknown';
  return {
    get process() {
      return postgres;
    },
    port,
    dataDir,
    version,
    sql,
    stop: () => postgres.stop(),
    start: async () => {
      postgres = processes.replace(postgres, postgres.spec);
      await ready('PostgreSQL accepting connections again');
    },
  };
}

/** The bin directory of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout). */
export function newestPostgresBin(root = '/usr/lib/postgresql'): string {
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b)) : [];
  return versions.length > 0 ? path.join(root, versions[versions.length - 1], 'bin') : path.join(root, 'bin');
}

/** An SQL identifier, quoted only when it needs to be (so `hive` stays `hive`, as unquoted SQL would fold it). */
export function identifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** An SQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
