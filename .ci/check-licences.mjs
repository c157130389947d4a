// Fails when a runtime dependency has a licence outside the allowlist or is on the banned list.
// (npm audit cannot be used here: the advisory endpoint is unreachable, so it would always fail.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import semver from 'semver';

const ALLOWED = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'Apache-2.0']);
// Reviewed permissive licences of transitive dependencies that have no MIT/ISC/BSD/Apache release.
// Data packages (no code) may be public-domain dedicated; code may not.
const REVIEWED = new Map([
  ['graceful-fs', 'BlueOak-1.0.0'],
  ['@ip-location-db/geo-whois-asn-country-mmdb', 'CC0-1.0'],
]);

const tree = JSON.parse(execFileSync('npm', ['query', '.prod'], { encoding: 'utf8' }));
const banned = readFileSync(new URL('./banned.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.replace(/#.*/, '').trim())
  .filter(Boolean)
  .map((l) => {
    const at = l.lastIndexOf('@');
    return at > 0 ? { name: l.slice(0, at), range: l.slice(at + 1) } : { name: l, range: '*' };
  });

const problems = [];
for (const pkg of tree) {
  const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
  const options = (licence ?? '').replace(/[()]/g, '').split(/\s+OR\s+/);
  const ok = options.some((l) => ALLOWED.has(l)) || REVIEWED.get(pkg.name) === licence;
  if (!ok) problems.push(`${pkg.name}@${pkg.version}: licence ${licence ?? 'missing'} is not allowed`);
  for (const b of banned) {
    if (b.name === pkg.name && semver.satisfies(pkg.version, b.range)) problems.push(`${pkg.name}@${pkg.version}: banned (${b.range})`);
  }
}
console.log(`checked ${tree.length} runtime packages`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
