/** Nest injection token for the running {@link DatabaseRuntime}. */
export const DATABASE_RUNTIME = Symbol('DATABASE_RUNTIME');
