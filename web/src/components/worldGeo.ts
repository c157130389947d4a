import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import atlas from 'world-atlas/countries-110m.json';
import codes from 'i18n-iso-countries/codes.json';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * The world's country shapes for the locations map. The atlas names countries by their ISO
 * 3166-1 numeric id; every location figure carries the alpha-2 code, so each shape is renamed to
 * its alpha-2 code here and the map matches figures to shapes by that name. This module (and the
 * atlas with it) is only ever imported dynamically, so it stays out of the first screen's code.
 */

export type CountryShape = Feature<Geometry, { name: string }>;
export type WorldGeo = FeatureCollection<Geometry, { name: string }>;

/** Shapes the atlas leaves without a numeric id that still have an alpha-2 code of their own. */
const CODE_BY_ATLAS_NAME: Readonly<Record<string, string>> = { Kosovo: 'XK' };
/** Left off the map: nobody visits from there, and it would take a fifth of the map's height. */
const LEFT_OFF = new Set(['AQ']);

/** [alpha-2, alpha-3, numeric, ISO 3166-2 name] rows of the ISO table. */
type CodeRow = readonly [string, string, string, ...string[]];

let built: WorldGeo | undefined;

/** The country shapes keyed by alpha-2 code; shapes with no code of their own are dropped. */
export function worldGeo(): WorldGeo {
  built ??= build();
  return built;
}

function build(): WorldGeo {
  const alpha2ByNumeric = new Map((codes as readonly CodeRow[]).map((row) => [row[2], row[0]]));
  const topology = atlas as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const shapes = feature(topology, topology.objects.countries).features;
  const features: CountryShape[] = [];
  for (const shape of shapes) {
    const numeric = shape.id === undefined ? undefined : String(shape.id);
    const code = (numeric === undefined ? undefined : alpha2ByNumeric.get(numeric)) ?? CODE_BY_ATLAS_NAME[shape.properties.name];
    if (code === undefined || LEFT_OFF.has(code)) continue;
    features.push({ type: 'Feature', id: code, geometry: unwrapped(shape.geometry), properties: { name: code } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * A flat map draws a ring that crosses the 180th meridian (eastern Russia, Fiji) as a line across
 * the whole world; continuing its longitudes past 180 instead draws it whole, just off the edge.
 */
function unwrapped(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map(unwrapRing) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapRing)) };
  return geometry;
}

function unwrapRing(ring: Position[]): Position[] {
  let shift = 0;
  let previous: number | undefined;
  return ring.map(([lon = 0, lat = 0]) => {
    if (previous !== undefined) {
      if (lon + shift - previous > 180) shift -= 360;
      else if (previous - (lon + shift) > 180) shift += 360;
    }
    previous = lon + shift;
    return [previous, lat];
  });
}
