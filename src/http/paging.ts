import { z } from 'zod';

/** Rows per page of the keyset-paged lists, unless the caller asks for another size. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The `limit` query parameter of every paged list: a whole number from 1 to MAX_PAGE_SIZE. */
export const ZPageLimit = z
  .string()
  .describe(`rows per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`)
  // Refinements rather than .regex/.min/.max: only a refinement's issue carries the parameters of its message.
  .refine((v) => /^\d{1,6}$/.test(v), { message: 'schema.pageSizeWhole', params: { max: MAX_PAGE_SIZE }, abort: true })
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, { message: 'schema.pageSize', params: { max: MAX_PAGE_SIZE } })
  .default(DEFAULT_PAGE_SIZE);
