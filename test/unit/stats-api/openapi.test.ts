import { expect } from 'chai';
import { createApp, type AppDeps } from '../../../api/app.js';
import { buildOpenApiDocument } from '../../../api/openapi/document.js';
import { registeredRoutes, toOpenApiPath } from '../../helpers/routes.js';
import { loadConfig } from '../../../shared/config.js';
import { silentLog } from '../../helpers/services.js';

/** Registering routes touches no connection, so the app is built around inert dependencies. */
function appForRoutes() {
  const inert = {} as unknown as AppDeps;
  return createApp({ ...inert, config: loadConfig({ NODE_ENV: 'test' }), log: silentLog });
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const routes = registeredRoutes(appForRoutes());

  it('when the app is built then every registered route and method is in the document', () => {
    expect(routes.length).to.be.greaterThan(20);
    const missing = routes
      .filter((r) => {
        const item = doc.paths[toOpenApiPath(r.path)];
        // A catch-all (the ingest 405) answers methods that are not operations; its path must exist.
        return r.method === 'all' ? item === undefined : item?.[r.method] === undefined;
      })
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).to.deep.equal([]);
  });

  it('when the document is read then it lists no operation the app does not serve', () => {
    const served = new Set(routes.map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
    const extra: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) if (HTTP_METHODS.includes(method) && !served.has(`${method} ${path}`)) extra.push(`${method} ${path}`);
    }
    expect(extra).to.deep.equal([]);
  });

  it('when the document is generated then it is OpenAPI 3.1 and every $ref resolves', () => {
    expect(doc.openapi).to.equal('3.1.0');
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).to.be.greaterThan(20);
    for (const ref of refs) {
      const name = /#\/components\/schemas\/([^"]+)"/.exec(ref)?.[1];
      expect(name, ref).to.be.a('string');
      expect(doc.components.schemas, ref).to.have.property(name!);
    }
    expect(JSON.stringify(doc)).to.not.contain('"$schema"');
  });

  it('when stats operations are documented then their parameters come from the zod query schemas', () => {
    const pages = doc.paths['/v1/stats/pages']?.get as { parameters: { name: string; in: string; required: boolean; description?: string }[] };
    const query = pages.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.required]);
    // Every parameter has a default: a bare request covers the last 7 local days.
    expect(query).to.deep.equal([
      ['from', false],
      ['to', false],
      ['includeBots', false],
      ['limit', false],
    ]);
    const described = Object.fromEntries(pages.parameters.map((p) => [p.name, p.description ?? '']));
    expect(described.to).to.contain('Default: today in the project time zone');
    expect(described.from).to.contain('last 7 local days');
    expect(described.includeBots).to.contain('`1`');
    const overview = doc.paths['/v1/stats/overview']?.get as { parameters: { name: string; in: string }[] };
    expect(overview.parameters.map((p) => p.name)).to.not.include('limit');
    const totals = (doc.components.schemas.StatsOverview as { properties: Record<string, { required?: string[] }> }).properties.totals;
    expect(totals?.required).to.include.members(['visitors', 'conversionValue', 'otherCurrencies', 'playRate', 'avgWatchSeconds']);
  });

  it('when the ingest body is documented then every event type is a component reached from the events array', () => {
    const schemas = doc.components.schemas;
    for (const name of ['ImpressionEvent', 'WidgetOpenEvent', 'PageViewEvent', 'VideoPlayEvent', 'VideoProgressEvent', 'VideoTimeEvent', 'ClickEvent', 'ConversionEvent', 'FormSubmitEvent', 'CustomEvent']) {
      expect(schemas, name).to.have.property(name);
    }
    const click = schemas.ClickEvent as { properties: Record<string, unknown>; required: string[] };
    expect(click.properties.target).to.deep.equal({ type: 'string', enum: ['cta', 'detail', 'choice'] });
    expect(click.required).to.include.members(['id', 'type', 'ts', 'visitorId', 'sessionId', 'videoId', 'slotId', 'target']);
    expect(JSON.stringify(schemas.IngestRequest)).to.contain('#/components/schemas/ConversionEvent');
  });
});
