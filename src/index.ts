/** Public API of kge. */
export { pipeline } from './pipeline/pipeline.js';
export type { RunOptions } from './pipeline/pipeline.js';
export { resolveConfig, setByPath, getByPath } from './pipeline/config.js';
export { CONFIG_SCHEMA } from './pipeline/config-schema.js';
export type * from './pipeline/types.js';
export { Registry } from './registry.js';
export type { ParamSpec, RegistryEntry } from './registry.js';
export { KgeError, ConfigError, DataError } from './errors.js';
export { tf } from './compute/tf.js';
export { initBackend } from './compute/backend.js';
export * from './losses/index.js';
export * from './data/index.js';
export * from './sampling/index.js';
export * from './evaluation/index.js';
export * from './models/index.js';
export * from './training/index.js';
export { sweep } from './sweep/index.js';
