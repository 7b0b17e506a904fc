import { PropertiesFile } from '../trino/properties-file';

/**
 * The `key=value` lines of properties as PropertiesFile writes them (sorted, escaped), without the header:
 * what goes into the chart's list-of-lines keys (`additionalConfigProperties`, ...) so that a property
 * reaches the pod spelled exactly as in the rendered file.
 */
export function propertyLines(properties: Record<string, string>): string[] {
  return PropertiesFile.render(properties).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Reads a properties file the way `java.util.Properties.load` does for the files Trino is given (comments,
 * `=`/`:` separators, backslash escapes; continuation lines are not used by the library or the chart).
 * Used to compare rendered files by meaning, whatever the order of their lines.
 */
export function parseProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    let i = 0;
    let key = '';
    while (i < line.length && !'=: \t\f'.includes(line[i])) {
      if (line[i] === '\\' && i + 1 < line.length) {
        const [c, next] = unescape(line, i);
        key += c;
        i = next;
      } else {
        key += line[i++];
      }
    }
    while (i < line.length && ' \t\f'.includes(line[i])) i++;
    if (i < line.length && '=:'.includes(line[i])) i++;
    while (i < line.length && ' \t\f'.includes(line[i])) i++;
    let value = '';
    while (i < line.length) {
      if (line[i] === '\\' && i + 1 < line.length) {
        const [c, next] = unescape(line, i);
        value += c;
        i = next;
      } else {
        value += line[i++];
      }
    }
    properties[key] = value;
  }
  return properties;
}

function unescape(line: string, at: number): [string, number] {
  const c = line[at + 1];
  switch (c) {
    case 't': return ['\t', at + 2];
    case 'n': return ['\n', at + 2];
    case 'r': return ['\r', at + 2];
    case 'f': return ['\f', at + 2];
    case 'u': return [String.fromCharCode(parseInt(line.slice(at + 2, at + 6), 16)), at + 6];
    default: return [c, at + 2];
  }
}
