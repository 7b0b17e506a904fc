/**
 * Merges `overrides` into `base` (neither is changed): objects are merged key by key, arrays and
 * scalars replace what was there, and `null` removes the key. This is the escape hatch's rule.
 */
export function deepMerge(base: Record<string, any>, overrides: Record<string, any> | undefined): Record<string, any> {
  if (overrides === undefined) return base;
  const merged: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) {
      delete merged[key];
    } else if (isPlainObject(value) && isPlainObject(merged[key])) {
      merged[key] = deepMerge(merged[key], value);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
