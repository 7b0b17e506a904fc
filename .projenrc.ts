import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-trino-on-eks',
  description:
    'AWS CDK constructs for production Trino on Amazon EKS: Karpenter node pools, a Hive Metastore on private RDS, least-privilege S3 access, graceful worker shutdown, cdk-nag clean.',
  author: 'cdk-trino-on-eks developers',
  authorAddress: 'cdk-trino-on-eks@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-trino-on-eks/cdk-trino-on-eks.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'aws-cdk', 'trino', 'eks', 'karpenter', 'hive-metastore', 'data-lake'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // Users of projen construct libraries expect the dev tsconfig at the top level; eslint then
  // reads that one file instead of looking for a tsconfig.json next to each test.
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'local', 'build-tools', 'projenrc'],
    fileExtensions: ['.ts', '.tsx'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  // The peer minimum, which the library is also built and tested on: the newest aws-cdk-lib that
  // every registry our build machines reach serves whole (npm, PyPI, the Go module proxy, and the
  // Maven Central metadata the Java package resolves its peer range from).
  cdkVersion: '2.263.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',

  devDeps: [
    // The Go package's go.mod names the versions installed here, and the Go module proxy our build
    // machines reach serves the modules aws-cdk-lib 2.263.0 was released with, not newer ones.
    '@aws-cdk/cloud-assembly-schema@54.11.0',
    '@aws-cdk/asset-node-proxy-agent-v6@2.1.2',
    'cdk-nag@^3.0.2',
    'kubernetes-models@^5.1.0',
    '@kubernetes-models/karpenter@^2.0.0',
    '@kubernetes-models/keda@^2.0.0',
    '@aws-cdk/lambda-layer-kubectl-v35@^2.2.2',
  ],

  publishToPypi: {
    distName: 'cdk-trino-on-eks',
    module: 'cdk_trino_on_eks',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdktrinoeks',
    mavenGroupId: 'io.github.cdktrinoeks',
    mavenArtifactId: 'cdk-trino-on-eks',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-trino-on-eks/cdk-trino-on-eks-go',
  },

  jestOptions: {
    jestConfig: {
      // The local-engine suites have their own runner (see test/local).
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/local/'],
      // The quickstart's props import the package by name; the tests run them on the source tree.
      moduleNameMapper: { '^cdk-trino-on-eks$': '<rootDir>/src/index.ts' },
      // Suites synthesize whole EKS stacks and run four nag packs over them: on a 2-core build machine
      // that is busy with other work a single synthesis can take longer than Jest's 5 s default.
      testTimeout: 300_000,
      // Jest's default leaves one core to itself (one worker on a 2-core build machine, which then runs the
      // suites in band); its own process is idle while workers run, so every core gets a worker.
      maxWorkers: '100%',
      // A temporary directory per run for the cdk.outXXXXXX synthesis directories, removed at the end (see the files).
      globalSetup: '<rootDir>/test/synth-output/setup.ts',
      globalTeardown: '<rootDir>/test/synth-output/teardown.ts',
    },
  },

  // .jsii.tabl.json: jsii-rosetta's translation cache, written by scripts/compile-samples.sh.
  gitignore: ['cdk.out/', '/.local/', '/test-reports/', '/docker/hive-metastore/target/', '/.jsii.tabl.json'],
});

// Dotfiles are outside **/*.ts; eslint type-checks .projenrc.ts through this config too.
project.tsconfigDev.addInclude('.projenrc.ts');
// The examples import the published package by name; scripts/examples-synth.sh compiles them against it.
project.tsconfigDev.addExclude('examples');
// ...except the quickstart's props, which the local stack runs too: there the package is the source tree.
project.tsconfigDev.file.addOverride('compilerOptions.paths', { 'cdk-trino-on-eks': ['./src/index.ts'] });

// ts-jest transpiles each file on its own (isolatedModules, set in the dev tsconfig), so the tests' types are
// checked once here, over src/ and test/ together.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check the sources and the tests (tsc --noEmit over the dev tsconfig)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

// The local runtime (local/: the local stack, its benchmark, the engines in local/engines/), the e2e harness
// (test/local/) and the metastore's real-engine test (test/metastore-engine/) are not jsii and not in the npm
// package. scripts/local-setup.sh and scripts/metastore-local-test.sh compile them with this config into
// .local/local-stack-build (apart from lib/, which jsii owns); the typecheck task checks them with the tests.
new JsonFile(project, 'local/tsconfig.json', {
  allowComments: true,
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: {
      rootDir: '..',
      outDir: '../.local/local-stack-build/out',
      // The quickstart's props (examples/quickstart) import the package by name: here it is the source tree.
      paths: { 'cdk-trino-on-eks': ['../src/index.ts'] },
      declaration: false,
      inlineSourceMap: false,
      inlineSources: false,
    },
    include: [],
    files: ['main.ts', 'benchmark.ts', '../test/local/e2e.ts', '../test/metastore-engine/metastore-engine.ts', '../test/drills/drills.ts'],
  },
});

// Every template the tests synthesize is written to test-reports/templates by the
// shared quality gate; cfn-lint then checks them all in one run.
const cfnLint = project.addTask('lint:cfn', {
  description: 'Run cfn-lint over every CloudFormation template the tests synthesized',
  exec: 'bash scripts/cfn-lint.sh',
});
// Stale templates from an earlier run must not be linted (or hide a missing one).
project.testTask.prependExec('rm -rf test-reports/templates');
project.testTask.spawn(typecheck);
project.testTask.spawn(cfnLint);

// docs/benchmarks.md: the local stack's lab notes (the README keeps a summary), like local/ not for the package.
for (const pattern of ['/examples/', '/scripts/', '/.ci/', '/.local/', '/local/', 'cdk.out/', '/tsconfig.dev.json', '/docker/hive-metastore/target/', '/docs/benchmarks.md']) {
  project.addPackageIgnore(pattern);
}

project.synth();
