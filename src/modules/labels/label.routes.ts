import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiContext, type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { loadedOnFirstCall } from '../../load-on-first-call.js';
import type { LabelData } from '../../pdf/label-pdf.js';
import type { LabelDataDeps } from './label-data.service.js';
import { ZLabelBatch, ZLabelParams, ZPdfStream } from './label.schemas.js';
import { prepareLabel, prepareLabels } from './prepare-labels.js';
import { langOfRequest } from '../../http/error-handler.js';
import type { Lang } from '../../i18n/lang.js';

const PDF = 'application/pdf';

const labelDeps = (ctx: ApiContext, req: FastifyRequest): LabelDataDeps => ({
  db: ctx.db,
  scope: scopeOf(req),
  unitName: (code) => ctx.sites.name(code),
  timeZone: ctx.config.timeZone,
  trackingUrlBase: ctx.config.publicUrl,
});

const renderLabels = loadedOnFirstCall(() => import('../../pdf/label-pdf.js'), (m) => m.renderLabels);

export const labelRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/items/:trackingNo/label.pdf',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getItemLabel',
        tags: ['labels', 'items'],
        summary: "The item's shipping label: one 100 × 150 mm page",
        description: '400 for a malformed number, 404 for an unknown item, 409 for an item with no destination address.',
        params: ZLabelParams,
        response: { 200: { description: 'the label', content: { [PDF]: { schema: ZPdfStream } } }, ...errorAnswers('not_found', 'conflict') },
      },
    },
    async (req, reply) => {
      const label = await prepareLabel(labelDeps(ctx, req), req.params.trackingNo);
      return sendPdf(reply, req.log, [label], `label-${label.trackingNo}.pdf`, langOfRequest(req));
    },
  );

  app.post(
    '/labels',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'printLabels',
        tags: ['labels'],
        summary: 'Shipping labels of up to 1,000 items in one PDF, one 100 × 150 mm page each',
        description:
          'Every number is checked before anything is printed: if any is malformed, unknown or has no destination, the answer is ' +
          '400 with details [{index, trackingNo, message}] naming each, and no PDF. A number given twice is printed once; ' +
          'X-Label-Count gives the number of pages.',
        body: ZLabelBatch,
        response: { 200: { description: 'the labels, in the order asked', content: { [PDF]: { schema: ZPdfStream } } } },
      },
    },
    async (req, reply) => {
      const labels = await prepareLabels(labelDeps(ctx, req), req.body.trackingNos);
      return sendPdf(reply, req.log, labels, `labels-${labels[0]!.trackingNo}-${labels.length}.pdf`, langOfRequest(req));
    },
  );
};

/**
 * Sends the PDF while it is drawn: the headers go first, pages follow as they are made. Everything
 * that can be refused has been checked by now, so a failure past this point is a fault, logged, and
 * the answer is cut short rather than sent whole and wrong.
 */
function sendPdf(reply: FastifyReply, log: FastifyBaseLogger, labels: readonly LabelData[], filename: string, lang: Lang) {
  const pdf = new PassThrough();
  renderLabels(labels, pdf, lang).catch((err: unknown) => {
    log.error({ err }, 'label PDF failed while streaming');
    pdf.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', PDF)
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('x-label-count', String(labels.length))
    .send(pdf);
}

