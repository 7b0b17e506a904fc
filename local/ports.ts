// Who holds a TCP port on this machine: the local stack names the process when one of its usual ports is taken.
import { execFileSync } from 'child_process';
import * as fs from 'fs';

/** A process listening on a port: its pid and command line. */
export interface PortHolder {
  readonly pid: number;
  readonly command: string;
}

/**
 * The inodes of the sockets listening on `port` (any address), from a /proc/net/tcp-style table: the `local_address`
 * column is ADDRESS:PORT in hex, state 0A is LISTEN, and the tenth column is the socket's inode.
 */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const localPort = parseInt(fields[1].split(':').pop() ?? '', 16);
    if (localPort === port && fields[3] === '0A') inodes.push(fields[9]);
  }
  return inodes;
}

/**
 * The processes listening on `port`, found through /proc: the listening sockets' inodes, then the processes whose
 * file descriptors point at them. Processes of other users stay hidden unless this one runs as root.
 */
export function portHolders(port: number, proc = '/proc'): PortHolder[] {
  const inodes = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    try {
      for (const inode of listeningInodes(fs.readFileSync(`${proc}/${table}`, 'utf8'), port)) inodes.add(inode);
    } catch {
      // No such table (no IPv6), or no /proc (not Linux).
    }
  }
  if (inodes.size === 0) return [];
  const holders: PortHolder[] = [];
  let pids: string[] = [];
  try {
    pids = fs.readdirSync(proc).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`${proc}/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    const holds = fds.some((fd) => {
      try {
        const target = fs.readlinkSync(`${proc}/${pid}/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (holds) holders.push({ pid: Number(pid), command: commandLine(`${proc}/${pid}/cmdline`) });
  }
  return holders;
}

function commandLine(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return '?';
  }
}

/**
 * Who holds `port`, for a message: "pid 1234 (python3 -m http.server 8080)"; else what `ss -ltnp` says; else that
 * the process is not visible to this user.
 */
export function describePortHolder(port: number): string {
  const holders = portHolders(port);
  if (holders.length > 0) return holders.map((h) => `pid ${h.pid} (${h.command})`).join(', ');
  try {
    const ss = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const users = /users:\(\((.*)\)\)/.exec(ss)?.[1];
    if (users) return `${users} (ss -ltnp)`;
  } catch {
    // No ss.
  }
  return `a process this user cannot see (run \`sudo ss -ltnp 'sport = :${port}'\` to name it)`;
}
