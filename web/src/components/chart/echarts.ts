/**
 * The parts of Apache ECharts the app uses, registered once. This module is only ever loaded
 * by dynamic import (Chart.tsx), so none of it weighs on the first screen. A screen needing
 * another chart type or component adds it here. Each part is imported by its own module, not
 * through the `echarts/charts` or `echarts/components` index: through an index, the bundler
 * would also put parts that only one screen loads (the world map) into this shared chunk.
 */
import 'echarts/lib/chart/line';
import 'echarts/lib/chart/bar';
import 'echarts/lib/chart/pie';
import 'echarts/lib/chart/graph';
import 'echarts/lib/component/grid';
import 'echarts/lib/component/tooltip';
import 'echarts/lib/component/legend';
import 'echarts/lib/component/dataset';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([CanvasRenderer]);

export { echarts };
