import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import { format, init, registerMap, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { worldGeo } from './worldGeo.js';

/**
 * The ECharts side of the world map, loaded on demand with the country shapes: the map series,
 * its colour scale and the shapes registered once under one name.
 */

use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

const MAP_NAME = 'world';
let registered = false;

export interface CountryValue {
  /** ISO 3166-1 alpha-2. */
  country: string;
  value: number;
}

export interface WorldMapLabels {
  /** The figure's name in the tooltip ("Sessions"). */
  metric: string;
  /** A country's name in the reader's language. */
  countryName(code: string): string;
  formatNumber(n: number): string;
}

export function createWorldMap(element: HTMLElement): EChartsType {
  if (!registered) {
    // The GeoJSON types of ECharts and of the geojson package describe the same format.
    registerMap(MAP_NAME, worldGeo() as unknown as Parameters<typeof registerMap>[1]);
    registered = true;
  }
  return init(element, undefined, { renderer: 'canvas' });
}

export function renderWorldMap(chart: EChartsType, values: readonly CountryValue[], labels: WorldMapLabels): void {
  const max = values.reduce((m, v) => Math.max(m, v.value), 0);
  chart.setOption(
    {
      tooltip: {
        trigger: 'item',
        // The text is assembled here, so it is escaped here: ECharts shows a formatter's string as HTML.
        formatter: (p: { name: string; value?: unknown }) => {
          const value = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : 0;
          return `${format.encodeHTML(labels.countryName(p.name))}<br>${format.encodeHTML(labels.metric)}: ${format.encodeHTML(labels.formatNumber(value))}`;
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: Math.max(max, 1),
        calculable: false,
        orient: 'horizontal',
        left: 8,
        bottom: 4,
        itemWidth: 10,
        itemHeight: 120,
        text: [labels.formatNumber(max), labels.formatNumber(0)],
        textStyle: { color: '#4b5563', fontSize: 11 },
        inRange: { color: ['#dbeafe', '#1d4ed8'] },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          roam: false,
          top: 8,
          bottom: 36,
          left: 'center',
          selectedMode: false,
          itemStyle: { areaColor: '#eef1f5', borderColor: '#ffffff', borderWidth: 0.6 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#f59e0b' } },
          data: values.map((v) => ({ name: v.country, value: v.value })),
        },
      ],
    },
    { notMerge: true },
  );
}
