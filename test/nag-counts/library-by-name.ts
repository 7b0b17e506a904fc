// The examples import the library by its package name, `cdk-trino-on-eks`: resolve that name to the sources (as
// Jest's moduleNameMapper does), so that they are checked against src/ and not a packaged build. Imported first.
import Module from 'module';

const SOURCES = require.resolve('../../src');
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = (request, ...rest) => request === 'cdk-trino-on-eks' ? SOURCES : resolveFilename(request, ...rest);
