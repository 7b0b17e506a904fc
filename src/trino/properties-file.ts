import { propError } from '../private/validation';

/** First line of every file the library renders, so whoever finds it knows where it came from. */
export const RENDERED_HEADER = '# Rendered by cdk-trino-on-eks: change the CDK app, not this file.';

/**
 * Writes Trino's `.properties` files (config, node, catalog, exchange manager, access control).
 *
 * Decisions:
 * - **Keys are sorted** (by UTF-16 code unit, like `Array.prototype.sort`). The same properties then give
 *   the same bytes however they were assembled, so a Helm values diff or a ConfigMap checksum changes only
 *   when a value changes, and golden tests do not depend on the order features were switched on.
 * - **Escaping follows `java.util.Properties.load`**, which Trino (airlift) uses to read these files from
 *   an ISO-8859-1 stream: a backslash, every character outside printable ASCII (as a backslash, u and four hex digits; surrogate pairs
 *   as two escapes) and the line-breaking controls (`\t \n \r \f`) are escaped in keys and values; in keys
 *   also `=`, `:`, spaces, and a leading `#`/`!` (they would end the key or start a comment). In values `=`
 *   and `:` are left as they are: `load()` splits at the first unescaped separator only, so
 *   `s3.endpoint=http://127.0.0.1:9000` and `${ENV:NAME}` stay readable and load unchanged.
 *   A leading space in a value is escaped (`load()` would drop it).
 */
export class PropertiesFile {
  /**
   * The file content: the header line, then `key=value` lines sorted by key, ending with a newline.
   *
   * @param properties the properties to write; keys must not be empty
   */
  public static render(properties: Record<string, string>): string {
    const lines = Object.keys(properties).sort().map((key) => {
      if (key === '') {
        throw propError('PropertiesFile', 'properties', key, 'must not contain an empty key');
      }
      return `${escapeKey(key)}=${escapeValue(properties[key])}`;
    });
    return [RENDERED_HEADER, ...lines, ''].join('\n');
  }

  private constructor() {}
}

function escapeKey(key: string): string {
  let escaped = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === '=' || c === ':' || c === ' ' || ((c === '#' || c === '!') && i === 0)) {
      escaped += `\\${c}`;
    } else {
      escaped += escapeCommon(c);
    }
  }
  return escaped;
}

function escapeValue(value: string): string {
  let escaped = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    escaped += c === ' ' && i === 0 ? '\\ ' : escapeCommon(c);
  }
  return escaped;
}

function escapeCommon(c: string): string {
  switch (c) {
    case '\\': return '\\\\';
    case '\t': return '\\t';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\f': return '\\f';
    default: {
      const code = c.charCodeAt(0);
      return code < 0x20 || code > 0x7e ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
    }
  }
}
