// The map series and the continuous colour scale, by their own modules: imported through the
// `echarts/charts` index they would be split into the chunk every chart loads.
import 'echarts/lib/chart/map';
import 'echarts/lib/component/visualMapContinuous';
import { registerMap } from 'echarts/core';
import { worldGeo } from './worldGeo';

/**
 * Adds the map series, its colour scale and the country shapes (as the map `world`) to the
 * ECharts every chart uses. Imported only dynamically, by WorldMap, so the atlas and the map
 * code are a chunk of their own that no other screen loads.
 */
// The GeoJSON types of ECharts and of the geojson package describe the same format.
registerMap('world', worldGeo() as unknown as Parameters<typeof registerMap>[1]);
