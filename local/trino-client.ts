// A minimal client of Trino's REST protocol (develop/client-protocol.html): POST /v1/statement, then
// follow nextUri until the query is finished. Enough to load data, wait for workers and run checks
// without another dependency.

/** A query result: column names and rows (values as Trino's JSON gives them). */
export interface QueryResult {
  readonly queryId: string;
  readonly columns: string[];
  readonly rows: unknown[][];
  /** Rows changed by INSERT / CTAS / UPDATE / DELETE, when Trino reports it. */
  readonly updateCount?: number;
}

interface StatementResponse {
  id: string;
  nextUri?: string;
  columns?: Array<{ name: string }>;
  data?: unknown[][];
  updateCount?: number;
  error?: { message: string; errorName?: string; errorType?: string; failureInfo?: FailureInfo };
}

/** The client protocol's exception chain of a failed query. */
interface FailureInfo {
  readonly message?: string;
  readonly cause?: FailureInfo;
}

/** The messages of a failure's causes, outermost first (e.g. S3's "Access Denied" under a Hive commit error). */
function causesOf(failure: FailureInfo | undefined): string[] {
  const causes: string[] = [];
  for (let cause = failure?.cause; cause !== undefined && causes.length < 10; cause = cause.cause) {
    if (cause.message) causes.push(cause.message);
  }
  return causes;
}

/** A query that Trino answered with an error. */
export class QueryFailedError extends Error {
  constructor(public readonly sql: string, public readonly errorName: string, message: string, public readonly causes: string[] = []) {
    super(`${errorName}: ${message}${causes.length > 0 ? ` (caused by: ${causes.join('; caused by: ')})` : ''}`);
  }
}

/** The session a client's queries run in. */
export interface TrinoSession {
  readonly user?: string;
  /** Default catalog and schema for unqualified table names, e.g. `tpch` and `tiny`. */
  readonly catalog?: string;
  readonly schema?: string;
  /** Session properties (`X-Trino-Session`), e.g. `{ spill_enabled: 'false' }`. */
  readonly properties?: Record<string, string>;
}

export class TrinoClient {
  constructor(private readonly serverUrl: string, private readonly session: TrinoSession = {}) {}

  /** Runs one statement to completion. */
  public async query(sql: string, timeoutMs = 10 * 60 * 1000): Promise<QueryResult> {
    const deadline = Date.now() + timeoutMs;
    let response = await this.request(`${this.serverUrl}/v1/statement`, 'POST', sql);
    const rows: unknown[][] = [];
    let columns: string[] = [];
    let updateCount: number | undefined;
    for (;;) {
      if (response.error) {
        throw new QueryFailedError(sql, response.error.errorName ?? 'QUERY_FAILED', response.error.message, causesOf(response.error.failureInfo));
      }
      if (response.columns) columns = response.columns.map((column) => column.name);
      if (response.data) rows.push(...response.data);
      if (response.updateCount !== undefined) updateCount = response.updateCount;
      if (!response.nextUri) break;
      if (Date.now() > deadline) {
        await fetch(response.nextUri, { method: 'DELETE', headers: this.headers() }).catch(() => undefined);
        throw new Error(`query ${response.id} did not finish within ${Math.round(timeoutMs / 1000)} s: ${sql}`);
      }
      response = await this.request(response.nextUri, 'GET');
    }
    return { queryId: response.id, columns, rows, updateCount };
  }

  /** `GET /v1/info`: true once the server has finished starting. */
  public async isStarted(): Promise<boolean> {
    try {
      const info = await fetch(`${this.serverUrl}/v1/info`, { headers: this.headers() });
      if (!info.ok) return false;
      const body = await info.json() as { starting?: boolean };
      return body.starting === false;
    } catch {
      return false;
    }
  }

  /** What the coordinator knows about a query (`GET /v1/query/{id}`: state, stats such as `spilledDataSize`). */
  public async queryInfo(queryId: string): Promise<any> {
    const response = await fetch(`${this.serverUrl}/v1/query/${encodeURIComponent(queryId)}`, { headers: this.headers() });
    if (!response.ok) throw new Error(`GET /v1/query/${queryId}: HTTP ${response.status}`);
    return response.json();
  }

  /** A client for the same server in another session. */
  public withSession(session: TrinoSession): TrinoClient {
    return new TrinoClient(this.serverUrl, { ...this.session, ...session });
  }

  private headers(): Record<string, string> {
    return {
      'X-Trino-User': this.session.user ?? 'trino',
      'X-Trino-Source': 'cdk-trino-on-eks-local-stack',
      ...(this.session.catalog ? { 'X-Trino-Catalog': this.session.catalog } : {}),
      ...(this.session.schema ? { 'X-Trino-Schema': this.session.schema } : {}),
      ...(this.session.properties && Object.keys(this.session.properties).length > 0
        ? { 'X-Trino-Session': Object.entries(this.session.properties).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(',') }
        : {}),
    };
  }

  private async request(url: string, method: string, body?: string): Promise<StatementResponse> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(url, { method, body, headers: this.headers() });
      // 502/503/504 are the protocol's "try again" answers.
      if ([502, 503, 504].includes(response.status) && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        continue;
      }
      if (!response.ok) {
        throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
      }
      return await response.json() as StatementResponse;
    }
  }
}
