/**
 * Errors a user can act on. `where` names the place (file:line, config key, registry) so the
 * message always says what went wrong and where to look.
 */
export class KgeError extends Error {
  constructor(message: string, readonly where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'KgeError';
  }
}

/** A config value or component argument is missing, unknown or out of range. */
export class ConfigError extends KgeError {
  constructor(message: string, where?: string) {
    super(message, where);
    this.name = 'ConfigError';
  }
}

/** A data file or dataset is missing or malformed. */
export class DataError extends KgeError {
  constructor(message: string, where?: string) {
    super(message, where);
    this.name = 'DataError';
  }
}
