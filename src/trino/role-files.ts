import { renderJvmConfig } from './jvm-config';
import { PropertiesFile } from './properties-file';

/**
 * One role's configuration as data, the model every edge serialises from: each `.properties` file as its
 * properties, `jvm.config` as its options, and the other documents (the access rules, JSON) as text. The chart
 * values map properties to chart keys and the local stack writes files, both from this, so nothing the library
 * renders is ever parsed back.
 */
export interface RoleFiles {
  /** `.properties` files by path relative to the configuration directory (`config.properties`, `catalog/<name>.properties`, …). */
  readonly properties: Record<string, Record<string, string>>;
  /** The options of `jvm.config`, one per line. */
  readonly jvmOptions: string[];
  /** Other files by path (`access-control/rules.json`, …), as written. */
  readonly documents: Record<string, string>;
}

/** The files as written to disk: path → content. */
export function renderRoleFiles(files: RoleFiles): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [path, properties] of Object.entries(files.properties)) {
    rendered[path] = PropertiesFile.render(properties);
    if (path === 'config.properties') rendered['jvm.config'] = renderJvmConfig(files.jvmOptions);
  }
  return { ...rendered, ...files.documents };
}
