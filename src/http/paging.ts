import { z } from 'zod';

/** Rows per page of the keyset-paged lists, unless the caller asks for another size. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The `limit` query parameter of every paged list: a whole number from 1 to MAX_PAGE_SIZE. */
export const ZPageLimit = z
  .string()
  .regex(/^\d{1,6}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .describe(`rows per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`)
  .transform(Number)
  .pipe(z.number().int().min(1, `must be from 1 to ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `must be from 1 to ${MAX_PAGE_SIZE}`))
  .default(DEFAULT_PAGE_SIZE);
