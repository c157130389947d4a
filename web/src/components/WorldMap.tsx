import { useEffect, useRef, useState } from 'preact/hooks';
import type { CountryValue, WorldMapLabels } from './worldMapChart.js';

/**
 * Countries shaded by a figure. The chart code and the country shapes are a chunk of their own,
 * loaded when a map is first shown. The map is a picture of the table that goes with it, which
 * carries the same figures for screen readers and keyboards.
 */
export function WorldMap(props: { values: readonly CountryValue[]; labels: WorldMapLabels; description: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<import('echarts/core').EChartsType | undefined>(undefined);
  const module = useRef<typeof import('./worldMapChart.js') | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | undefined;
    import('./worldMapChart.js')
      .then((m) => {
        if (gone || !element.current) return;
        module.current = m;
        chart.current = m.createWorldMap(element.current);
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(element.current);
        setReady(true);
      })
      .catch(() => {
        if (!gone) setFailed(true);
      });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (ready && chart.current && module.current) module.current.renderWorldMap(chart.current, props.values, props.labels);
  }, [ready, props.values, props.labels]);

  return (
    <div class="world-map" role="img" aria-label={props.description}>
      <div ref={element} class="world-map__canvas" />
      {failed ? <p class="world-map__error">—</p> : null}
    </div>
  );
}
