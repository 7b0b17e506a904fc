// The local stack's command (scripts/local-stack.sh runs it after setting up the engines):
//   bash scripts/local-stack.sh [--once] [--work-dir DIR] [--trino-version V]
// Starts PostgreSQL, the S3 emulator, the Hive Metastore and Trino (coordinator + 2 workers) on 127.0.0.1
// with the quickstart's configuration as the library renders it, loads the quickstart's sample data
// (hive.samples.nation, iceberg.iceberg_samples.orders) into the warehouse bucket, runs a demo query, prints how
// to connect, and stays up until interrupted. The JVMs start with a workstation's launch options (fast-start.ts).
import * as path from 'path';
import { DEMO_QUERY, SAMPLE_TABLES, TRY_SQL, listObjects, loadSampleData, runCli } from './demo';
import { LocalStack, toolchainFromEnvironment } from './local-stack';
import { QUICKSTART_MAX_WORKERS, QUICKSTART_TRINO_VERSION } from './quickstart-settings';
import { StageFailedError, StageRunner, messageOf } from './stages';
import { ensureAotCache } from './trino-aot-cache';

// --trino-version is scripts/local-stack.sh's (it sets LOCAL_STACK_TRINO_VERSION before setup).
const USAGE = `Usage: scripts/local-stack.sh [--once] [--work-dir DIR] [--trino-version V]
  --once             run the sample data load and the demo query, then stop everything and exit (0 when it all worked)
  --work-dir DIR     where configuration, data and logs go (emptied first; default .local/local-stack)
  --trino-version V  another Trino release the library renders (476 to 483; default: the quickstart's)`;

interface Arguments {
  readonly once: boolean;
  readonly workDir: string;
}

function parseArguments(argv: string[], repoRoot: string): Arguments {
  let once = false;
  let workDir = path.join(repoRoot, '.local', 'local-stack');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--once') {
      once = true;
    } else if (arg === '--work-dir' && argv[i + 1]) {
      workDir = path.resolve(process.env.LOCAL_STACK_CALLER_DIR ?? process.cwd(), argv[++i]);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument: ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return { once, workDir };
}

async function main(): Promise<number> {
  // The checkout: scripts/local-stack.sh says where (compiled into lib/local it would be two levels up).
  const repoRoot = process.env.LOCAL_STACK_ROOT ?? path.resolve(__dirname, '..', '..');
  const args = parseArguments(process.argv.slice(2), repoRoot);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const toolchain = toolchainFromEnvironment(repoRoot);
  const version = toolchain.trinoVersion ?? QUICKSTART_TRINO_VERSION;
  const chosen = version === QUICKSTART_TRINO_VERSION ? "the quickstart's release" : 'LOCAL_STACK_TRINO_VERSION';
  print(`Local stack: Trino ${version.version} (${chosen}, assembled from Maven Central's jars; the library renders 476 to 483), ` +
    `coordinator + ${QUICKSTART_MAX_WORKERS} workers, Hive Metastore, PostgreSQL, S3 emulator, all on 127.0.0.1`);
  const stages = new StageRunner(6, print);
  // The JVMs' workstation launch options (fast-start.ts); LOCAL_STACK_FAST_START=0 starts them exactly as rendered.
  const fastStart = process.env.LOCAL_STACK_FAST_START !== '0';
  if (fastStart) {
    // The AOT cache of the fast start: recorded once per server and JDK (a setup step, before the stages).
    const aot = await ensureAotCache(toolchain, print);
    if (aot.outcome === 'unavailable') print(`[setup] Trino starts without an AOT cache: ${aot.reason}`);
  } else {
    print('[setup] LOCAL_STACK_FAST_START=0: the JVMs start with the rendered options only (no C1-only, no AOT cache)');
  }

  let stack: LocalStack | undefined;
  let stopping = false;
  let interrupted: () => void = () => undefined;
  const interruption = new Promise<string>((resolve) => {
    interrupted = () => resolve('interrupted');
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    print(`\n${signal}: stopping`);
    interrupted();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  const stop = async () => {
    stopping = true;
    if (!stack) return;
    const stopStarted = Date.now();
    const names: string[] = [];
    await stack.stop((name) => names.push(name));
    print(`stopped ${names.join(', ')} in ${((Date.now() - stopStarted) / 1000).toFixed(1)}s: nothing of the stack is left running`);
  };

  try {
    const abort = new AbortController();
    const starting = LocalStack.start({
      toolchain, workDir: args.workDir, usualPorts: true, stages, abort: abort.signal, fastStart,
    });
    // A signal during start-up aborts it: the current stage ends, and LocalStack.start stops what it started.
    const first = await Promise.race([starting, interruption]);
    if (first === 'interrupted') {
      abort.abort();
      const stopStarted = Date.now();
      await starting.catch(() => undefined);
      print(`stopped every process in ${((Date.now() - stopStarted) / 1000).toFixed(1)}s`);
      return 130;
    }
    stack = first as LocalStack;
    const running = stack;

    let demoResult = '';
    await stages.run('sample data and demo query', async () => {
      const rows = await loadSampleData(running);
      const objects = await listObjects(running, 'warehouse/');
      demoResult = await runCli(running, DEMO_QUERY);
      return `the quickstart's sample data, ${rows} TPC-H rows: ${SAMPLE_TABLES.join(', ')} ` +
        `(${objects.length} objects under ${running.plan.warehouseLocation}/)`;
    }, path.join(running.logDir, 'coordinator.log'));

    print('\nDemo query (Iceberg and Hive tables in S3 through the metastore, TPC-H from the generator), run with the CLI:\n' +
      `${indent(DEMO_QUERY)}\n\n${demoResult.trimEnd()}\n`);
    print(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s. Connect:`);
    print(`  CLI:      ${running.cliCommand}`);
    print(`  JDBC:     ${running.jdbcUrl} (driver: io.trino:trino-jdbc from Maven Central)`);
    print(`  Web UI:   ${running.plan.coordinatorUrl}/ui/ (user: trino, no password)`);
    print('  Catalogs: hive, iceberg (warehouse s3://' + `${running.plan.warehouseBucket}), tpch`);
    print(`  Try:      ${TRY_SQL.join('\n            ')}`);
    print(`  Files:    ${args.workDir} (configuration rendered by the library under trino/*/etc, logs under logs/)`);

    if (args.once) {
      print(`--once: started the stack, loaded the sample data and ran the demo query; stopping ${running.processes.all.length} processes.`);
      await stop();
      return 0;
    }
    print('Up until Ctrl-C.');
    const watch = Promise.race(running.processes.all.map((p) => p.exited.then(() => p)));
    const outcome = await Promise.race([interruption, watch]);
    if (outcome !== 'interrupted') {
      const died = outcome as { spec: { name: string; logFile: string }; describeExit(): string };
      print(`${died.spec.name} ${died.describeExit()} (log: ${died.spec.logFile}); stopping the rest`);
      await stop();
      return 1;
    }
    await stop();
    return 130;
  } catch (error) {
    if (!(error instanceof StageFailedError)) print(`failed: ${messageOf(error)}`);
    else print(`Stopped: stage "${error.stage}" failed: ${error.reason}${error.logFile ? ` (log: ${error.logFile})` : ''}`);
    await stop();
    return 1;
  }
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
