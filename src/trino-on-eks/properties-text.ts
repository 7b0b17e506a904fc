import { PropertiesFile } from '../trino/properties-file';

/**
 * The `key=value` lines of properties as PropertiesFile writes them (sorted, escaped), without the header:
 * what goes into the chart's list-of-lines keys (`additionalConfigProperties`, ...) so that a property
 * reaches the pod spelled exactly as in the rendered file.
 */
export function propertyLines(properties: Record<string, string>): string[] {
  return PropertiesFile.render(properties).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}
