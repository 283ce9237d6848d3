// stateOf(): reads an object's K/V state through the admin SQL API.
import { query, sqlString } from "./admin-api.js";
import { decodeStateValue } from "./decode-value.js";
import type { StateReader } from "./types.js";

/** `adminUrl` may be a function: in a cluster, any running node's admin API answers. */
export function stateReader(
  adminUrl: string | (() => string),
  service: string,
  key: string,
): StateReader {
  const admin = typeof adminUrl === "string" ? () => adminUrl : adminUrl;
  // Unscoped instances only (scope IS NULL); scoped objects are a server 1.7 feature we don't use.
  const where = `service_name = ${sqlString(service)} AND service_key = ${sqlString(key)} AND scope IS NULL`;
  return {
    async get<T = unknown>(k: string): Promise<T | undefined> {
      const rows = await query(
        admin(),
        `SELECT value FROM state WHERE ${where} AND key = ${sqlString(k)}`,
      );
      const value = rows[0]?.value;
      return typeof value === "string" ? (decodeStateValue(value) as T) : undefined;
    },
    async keys(): Promise<string[]> {
      const rows = await query(admin(), `SELECT key FROM state WHERE ${where} ORDER BY key`);
      return rows.map((row) => String(row.key));
    },
  };
}
