import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toFieldErrors } from '../errors/field-errors.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads `source` (the environment by default) into a validated, typed config object.
 * Unknown variables are ignored (the environment is full of them); a wrong value throws a ConfigError
 * whose message names each offending variable.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  source: Record<string, string | undefined> = process.env,
): T {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    // An empty value means "not set", as in most .env tooling.
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(schema, plain, { enableImplicitConversion: true, excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(toFieldErrors(errors).map((e) => `${e.field}: ${e.message}`));
  }
  return config;
}

/** For main.ts: print the problem plainly and stop, instead of a stack trace. */
export function loadConfigOrExit<T extends object>(schema: new () => T, service: string): T {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${service}] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
