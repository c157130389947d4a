/**
 * Where a request came from, as far as the web process can tell from its address. Only this
 * travels on; the address itself never leaves the request (docs/architecture.md, "Places").
 */
export interface Place {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  /** The first subdivision's English name (a state, a region); city databases only. */
  region: string | null;
  /** The city's English name; city databases only. */
  city: string | null;
  /** Rounded to 2 decimals (about 1 km): a city's centre, never a person's position. */
  latitude: number | null;
  longitude: number | null;
}

export const NO_PLACE: Readonly<Place> = Object.freeze({ country: null, region: null, city: null, latitude: null, longitude: null });
