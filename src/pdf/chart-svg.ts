// ECharts options drawn into a PDF as vectors: ECharts renders them to SVG on the server (no DOM, no
// canvas), and svg-to-pdfkit draws the SVG into the pdfkit page, its text in the fonts we give it.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import SVGtoPDF from 'svg-to-pdfkit';

// The chart types and components the weekly report's charts use. A page has no pointer, but the
// options name a tooltip, and ECharts warns of every option whose component is not registered.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** SVG pixels to PDF points, as svg-to-pdfkit reads them (96 px to the inch, 72 pt). */
const PT_PER_PX = 72 / 96;

/**
 * The chart of `option` as an SVG document, `width` × `height` pixels, drawn at once (animation
 * off). The chart is disposed of before returning, so nothing is kept between documents.
 */
export function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The pdfkit names of registered fonts that the SVG's text is set in, whatever family it names. */
export interface SvgFonts {
  regular: string;
  bold: string;
}

/**
 * Draws `option` as a chart `width` × `height` points with its top left at (x, y). Every text of the
 * chart is set in `fonts` (ECharts names sans-serif, which would be Helvetica, without Chinese).
 */
export function drawChart(doc: PDFKit.PDFDocument, option: Record<string, unknown>, x: number, y: number, width: number, height: number, fonts: SvgFonts): void {
  const svg = chartSvg(option, Math.round(width / PT_PER_PX), Math.round(height / PT_PER_PX));
  doc.save();
  SVGtoPDF(doc, withoutTextOutlines(svg), x, y, {
    width,
    height,
    fontCallback: (_family, bold) => (bold ? fonts.bold : fonts.regular),
    warningCallback: (warning) => {
      throw new Error(`svg-to-pdfkit cannot draw the chart: ${warning}`);
    },
  });
  doc.restore();
}

/**
 * ECharts gives its value labels a white outline painted under the glyphs (`paint-order="stroke"`),
 * to part a label from a line behind it. svg-to-pdfkit knows no paint-order: it would stroke over the
 * glyphs and thin them, and a second text for the outline would be read twice by anyone who copies
 * or searches the page. So such labels lose their outline; on a white page they read the same.
 */
export function withoutTextOutlines(svg: string): string {
  return svg.replace(/<text\b[^>]*\bpaint-order="stroke"[^>]*>/g, (tag) => tag.replace(/ (?:stroke(?:-[a-z]+)?|paint-order)="[^"]*"/g, ''));
}
