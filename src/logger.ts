/**
 * A small structured logger: one JSON line per event on stderr, so a node's logs can be shipped and searched.
 * Callers pass identifiers and counts, never secrets or patient data.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | bigint | boolean | null | undefined>;

/** What every component that logs receives (passed in, never imported as a singleton). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger that writes JSON lines to stderr at or above `level` (default `CADUCEUS_LOG_LEVEL` or `info`). */
export function createLogger(
  options: { level?: LogLevel; bindings?: LogFields; write?: (line: string) => void } = {},
): Logger {
  const level = options.level ?? (process.env.CADUCEUS_LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const threshold = order[level] ?? order.info;
  const bindings = options.bindings ?? {};
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (order[at] < threshold) return;
    const entry = { time: new Date().toISOString(), level: at, msg: message, ...bindings, ...fields };
    write(JSON.stringify(entry, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ level, bindings: { ...bindings, ...fields }, write }),
  };
}

/** A logger that drops everything (tests, quiet embedding). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
