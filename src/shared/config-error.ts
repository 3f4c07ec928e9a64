/**
 * A configuration value or file the service cannot run with. Thrown at start, printed as one line that
 * names the variable and the bad entry, so an operator can fix it without reading a stack trace.
 * (src/config/config.ts still declares its own class of the same name; the wiring step re-exports this one.)
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
