/**
 * The parts of Apache ECharts the app uses, registered once. This module is only ever loaded
 * by dynamic import (Chart.tsx), so none of it weighs on the first screen. A screen needing
 * another chart type or component adds it to `use` here.
 */
import { BarChart, GraphChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, PieChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, CanvasRenderer]);

export { echarts };
