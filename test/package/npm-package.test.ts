import { execFileSync } from 'child_process';
import { join } from 'path';

// What `npm publish` would upload (run after the compile, as the build does): the compiled library, its jsii
// assembly, the metastore image's build context and the package's own documents; none of the local runtime
// (local/: the local stack, its benchmark, the S3 emulator's launcher), the tests, the scripts or the examples.
describe('the npm package', () => {
  let files: string[];
  beforeAll(() => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: join(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    files = (JSON.parse(output)[0].files as { path: string }[]).map((file) => file.path);
  });

  test('carries the compiled library, its jsii assembly and the metastore image', () => {
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'docker/hive-metastore/Dockerfile',
    ]));
  });

  test('carries no local stack, benchmark, test, script, example or source file', () => {
    const unwanted = files.filter((file) =>
      /^(local|lib\/local|test|scripts|examples|src|\.local|\.ci)\//.test(file) || /benchmark|local-stack|moto_server|e2e/.test(file));
    expect(unwanted).toEqual([]);
  });
});
