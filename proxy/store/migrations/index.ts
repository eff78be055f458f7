/** The schema of each backend, as numbered migrations applied once each, in order. */
export { MIGRATIONS } from './sqlite';
export { POSTGRES_MIGRATIONS } from './postgres';
