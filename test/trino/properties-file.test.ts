import { PropertiesFile } from '../../src/trino';

const HEADER = '# Rendered by cdk-trino-on-eks: change the CDK app, not this file.';

describe('PropertiesFile', () => {
  test('writes a header, then key=value lines sorted by key, ending with a newline', () => {
    expect(PropertiesFile.render({ 'b.key': '2', 'a.key': '1', 'coordinator': 'true' }))
      .toBe(`${HEADER}\na.key=1\nb.key=2\ncoordinator=true\n`);
  });

  test('gives the same bytes whatever order the properties were added in', () => {
    expect(PropertiesFile.render({ x: '1', y: '2' })).toBe(PropertiesFile.render({ y: '2', x: '1' }));
  });

  test('leaves ":" and "=" in values readable (Properties.load splits at the first separator only)', () => {
    expect(PropertiesFile.render({ 's3.endpoint': 'http://127.0.0.1:9000', 'secret': '${ENV:SECRET}', 'eq': 'a=b' }))
      .toBe(`${HEADER}\neq=a=b\ns3.endpoint=http://127.0.0.1:9000\nsecret=\${ENV:SECRET}\n`);
  });

  test('escapes separators, spaces and a leading comment character in keys', () => {
    expect(PropertiesFile.render({ 'a=b': '1', 'c:d': '2', 'e f': '3', '#g': '4', '!h': '5' }))
      .toBe(`${HEADER}\n\\!h=5\n\\#g=4\na\\=b=1\nc\\:d=2\ne\\ f=3\n`);
  });

  test('escapes backslashes, line breaks, tabs and a leading space in values', () => {
    expect(PropertiesFile.render({ k: ' C:\\dir\tx\ny\r\f' })).toBe(`${HEADER}\nk=\\ C:\\\\dir\\tx\\ny\\r\\f\n`);
  });

  test('escapes characters outside printable ASCII as \\uXXXX (Trino reads ISO-8859-1)', () => {
    expect(PropertiesFile.render({ name: 'café ✓ 😀' })).toBe(`${HEADER}\nname=caf\\u00E9 \\u2713 \\uD83D\\uDE00\n`);
  });

  test('refuses an empty key', () => {
    expect(() => PropertiesFile.render({ '': 'x' })).toThrow('PropertiesFile: properties ("") must not contain an empty key');
  });
});
