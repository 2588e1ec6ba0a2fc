import { z } from 'zod';

/** The token rides in the path as a wildcard: a signed token is longer than a route parameter may be. */
export const ZTokenParams = z.object({ '*': z.string().min(1).max(4096).describe('the token of the citizen link /r/<token>') });

export const ZProgramQuery = z.object({
  program: z.string().min(1).max(64).optional().describe('the program the page expects; a token of another program is refused (invitation_other_program)'),
});

export const ZTrackingQuery = z.object({ phone4: z.string().regex(/^\d{4}$/, 'schema.phone4') });

export const ZPublicTracking = z.object({
  trackingNo: z.string(),
  programName: z.string(),
  status: z.string(),
  recipient: z.object({ name: z.string(), phone: z.string() }).describe('masked'),
  destination: z.string().nullable().describe('the county, not the street address'),
  events: z.array(
    z.object({
      code: z.string(),
      at: z.string().describe('local time (SONGDA_TZ), ISO 8601 with offset'),
      siteName: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export type TPublicTracking = z.infer<typeof ZPublicTracking>;
