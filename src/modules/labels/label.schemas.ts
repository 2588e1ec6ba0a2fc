import { Readable } from 'node:stream';
import { z } from 'zod';

/** One PDF stays a size a label printer's spooler and a browser take without trouble. */
export const MAX_LABELS_PER_REQUEST = 1000;

export const ZLabelParams = z.object({ trackingNo: z.string().describe('S10 tracking number, e.g. EA123456785CN') });

export const ZLabelBatch = z.strictObject({
  trackingNos: z
    .array(z.string())
    .describe(`S10 tracking numbers, at most ${MAX_LABELS_PER_REQUEST}; one page each, in this order; a number given twice is printed once`),
});
export type TLabelBatch = z.infer<typeof ZLabelBatch>;

/** One number that cannot be printed, in `error.details` of a 400. */
export const ZLabelProblem = z.object({ index: z.number(), trackingNo: z.string(), message: z.string() });
export type TLabelProblem = z.infer<typeof ZLabelProblem>;

/** The PDF is written while it is sent; Fastify passes streams through without a serializer. */
export const ZPdfStream = z
  .custom<Readable>((v) => v instanceof Readable)
  .meta({ type: 'string', format: 'binary', description: 'application/pdf: 100 × 150 mm pages, one label per page' });
