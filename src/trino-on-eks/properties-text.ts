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
    const [key, keyEnd] = readEscaped(line, 0, '=: \t\f');
    let i = keyEnd;
    while (i < line.length && ' \t\f'.includes(line[i])) i++;
    if (i < line.length && '=:'.includes(line[i])) i++;
    while (i < line.length && ' \t\f'.includes(line[i])) i++;
    const [value] = readEscaped(line, i, '');
    properties[key] = value;
  }
  return properties;
}

/** The text from `start` up to the first unescaped character in `stop` (or the line's end), escapes resolved; and where it ends. */
function readEscaped(line: string, start: number, stop: string): [string, number] {
  let text = '';
  let i = start;
  while (i < line.length && !stop.includes(line[i])) {
    if (line[i] === '\\' && i + 1 < line.length) {
      const [c, next] = unescape(line, i);
      text += c;
      i = next;
    } else {
      text += line[i++];
    }
  }
  return [text, i];
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
