import { useEffect, useMemo, useState } from 'preact/hooks';
import { Chart } from './Chart';

/**
 * Countries shaded by a figure (ISO 3166-1 alpha-2 codes). The map series and the country shapes
 * are a chunk of their own, loaded when a map is first shown; the numbers are also in a hidden
 * table, and the table that goes with the map shows them to everyone.
 */

export interface CountryValue {
  /** ISO 3166-1 alpha-2. */
  country: string;
  value: number;
}

export interface WorldMapLabels {
  /** The figure's name ("Sessions"). */
  metric: string;
  /** "Country" as a column heading. */
  country: string;
  /** A country's name in the reader's language. */
  countryName(code: string): string;
  formatNumber(n: number): string;
}

let setup: Promise<unknown> | undefined;
let ready = false;

function loadMap(): Promise<unknown> {
  setup ??= import('./worldMapSetup').then(() => void (ready = true));
  return setup;
}

export function worldMapOption(values: readonly CountryValue[], labels: WorldMapLabels) {
  const max = values.reduce((m, v) => Math.max(m, v.value), 0);
  return {
    tooltip: {
      trigger: 'item',
      // Plain text: the chart draws tooltips on its canvas.
      formatter: (p: { name?: string; value?: unknown }) => {
        const value = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : 0;
        return `${labels.countryName(p.name ?? '')}\n${labels.metric}: ${labels.formatNumber(value)}`;
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
      textStyle: { fontSize: 11 },
      inRange: { color: ['#dbeafe', '#1d4ed8'] },
    },
    series: [
      {
        type: 'map',
        map: 'world',
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
  };
}

export function WorldMap({ values, labels, description }: { values: readonly CountryValue[]; labels: WorldMapLabels; description: string }) {
  const [loaded, setLoaded] = useState(ready);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!loaded) {
      loadMap().then(
        () => setLoaded(true),
        () => setFailed(true),
      );
    }
  }, [loaded]);
  const option = useMemo(() => worldMapOption(values, labels), [values, labels]);
  // About half as high as wide, as the map is, within what suits a phone and a desktop.
  const height = Math.round(Math.min(420, Math.max(200, window.innerWidth * 0.42)));
  if (failed) return null;
  if (!loaded) return <div class="world-map-placeholder" style={{ height: `${height}px` }} aria-hidden="true" />;
  return (
    <Chart
      option={option}
      label={description}
      height={height}
      class="world-map"
      table={{ caption: description, columns: [labels.country, labels.metric], rows: values.map((v) => [labels.countryName(v.country), labels.formatNumber(v.value)]) }}
    />
  );
}
