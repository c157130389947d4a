import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useId, useRef } from 'preact/hooks';
import { HiddenTable, type ChartTable } from './chart/DataTableFallback';
import { CHART_COLORS, FONT_FAMILY, TEXT_COLOR } from './chart/theme';

export type { ChartTable } from './chart/DataTableFallback';

export interface ChartProps {
  /** An ECharts option; colours, font and animation defaults are added. */
  option: EChartsCoreOption;
  /** The same numbers as a table, read by screen readers instead of the canvas. */
  table: ChartTable;
  /** What the chart shows, in a few words. */
  label: string;
  height?: number;
  class?: string;
  /** Called with the clicked data item's `name` (a slice, a bar, a node). */
  onItemClick?: (name: string) => void;
  /** `low` (sparklines): drawn after the screen's main charts, a task later. */
  priority?: 'high' | 'low';
}

/** Loads the chart library once, on the first chart shown. */
let library: Promise<typeof import('./chart/echarts')> | undefined;
function loadLibrary() {
  library ??= import('./chart/echarts');
  return library;
}

/**
 * Starts loading the chart library now, while a screen's data is still on its way; screens
 * with charts call it when they mount, so the charts draw as soon as the figures arrive.
 */
export function preloadCharts(): void {
  void loadLibrary();
}

/** Lets the browser paint (and the first-rank charts draw) before the next one is set up. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Adds the app's colours and font, and draws tooltips on the canvas (`richText`): the default
 * HTML tooltip would put series and item names, which can be attacker-controlled, into markup.
 */
function withDefaults(option: EChartsCoreOption): EChartsCoreOption {
  const tooltip = option.tooltip;
  const textTooltip = (t: unknown) => (t !== null && typeof t === 'object' ? { ...t, renderMode: 'richText' } : t);
  return {
    color: CHART_COLORS,
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT_COLOR },
    animationDuration: 300,
    ...option,
    ...(tooltip === undefined ? {} : { tooltip: Array.isArray(tooltip) ? tooltip.map(textTooltip) : textTooltip(tooltip) }),
  };
}

/**
 * An Apache ECharts chart, drawn on a canvas once the library has loaded, resized with its box.
 * The canvas is hidden from assistive technology; its numbers are in a visually hidden table.
 */
export function Chart({ option, table, label, height = 280, class: className, onItemClick, priority = 'high' }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  const latest = useRef(option);
  latest.current = option;
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  const tableId = useId();

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadLibrary().then(async ({ echarts }) => {
      if (priority === 'low') await nextTask();
      const element = box.current;
      if (disposed || !element) return;
      const instance = echarts.init(element, undefined, { renderer: 'canvas' });
      instance.setOption(withDefaults(latest.current));
      instance.on('click', (params) => {
        const name = (params as { name?: unknown }).name;
        if (typeof name === 'string') clickRef.current?.(name);
      });
      chart.current = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(element);
    });
    // The chart is set up once; later options arrive through the effect below.
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(withDefaults(option), { notMerge: true });
  }, [option]);

  return (
    <figure class={`chart ${className ?? ''}`} aria-label={label}>
      <div ref={box} class="chart-canvas" style={{ height: `${height}px` }} aria-hidden="true" />
      <HiddenTable table={table} id={tableId} />
    </figure>
  );
}
