import { useEffect, useRef } from 'react';
import { type EChartsCoreOption, echarts } from '../lib/echarts';

export interface ChartClick {
  dataIndex: number;
  name: string;
  seriesIndex: number;
}

interface ChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Read by screen readers; the numbers themselves are also in a table next to the chart. */
  label: string;
  onClick?: (params: ChartClick) => void;
}

/** An ECharts canvas that follows its container's width. */
export function Chart({ option, height, label, onClick }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => clickHandler.current?.({ dataIndex: p.dataIndex, name: p.name, seriesIndex: p.seriesIndex ?? 0 }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={label} style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }} />;
}
