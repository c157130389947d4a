/**
 * The two JSON files the world map reads, typed as what they are before they are checked: the
 * bundler inlines them, and worldGeo.ts states the shape it relies on.
 */
declare module 'world-atlas/countries-110m.json' {
  const topology: unknown;
  export default topology;
}

declare module 'i18n-iso-countries/codes.json' {
  const rows: unknown;
  export default rows;
}
