// node --test tests/contract/specs/
// Checks okta-users.mjs on a small fixture, checks the committed Okta specs, and, when Okta's
// original files are on this machine, that regenerating them gives the committed bytes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { TARGETS, neutraliseExampleRefs } from './okta-users.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, 'okta-users.mjs');
const load = (file) => yaml.load(fs.readFileSync(file, 'utf8'));
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'okta-users-test-'));
const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

// Resolves a local JSON pointer ("#/a/b~1c"), independently of the script's own helper.
function resolve(doc, ref) {
  assert.match(ref, /^#\//, `only local references are expected, got ${ref}`);
  return ref.slice(2).split('/').reduce((node, raw) => {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    return node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? node[key] : undefined;
  }, doc);
}

// Every string `$ref` in value, with where it sits.
function refsIn(value, at = '', out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => refsIn(v, `${at}/${i}`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (k === '$ref' && typeof v === 'string') out.push([here, v]);
      else refsIn(v, here, out);
    }
  }
  return out;
}

// Every path lockdesk calls, with an inline response so the fixture stays small.
const fixturePaths = Object.entries(TARGETS.users.keep).map(([p, methods]) =>
  `  ${p}:\n` + methods.map((m) => `    ${m}: {responses: {'200': {description: OK}}}\n`).join('')).join('');

const FIXTURE = `openapi: 3.0.3
info: {title: fixture, version: '1'}
servers: [{url: 'https://{yourOktaDomain}'}]
tags: [{name: User}]
paths:
${fixturePaths.replace(`  /api/v1/users:\n    get: {responses: {'200': {description: OK}}}\n`, `  /api/v1/users:
    post: {responses: {'200': {description: created}}}
    get:
      security: [{apiToken: []}]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
              examples:
                plain: {$ref: '#/components/examples/UserExample'}
  /api/v1/groups:
    get: {responses: {'200': {$ref: '#/components/responses/Unused'}}}
`)}components:
  schemas:
    User:
      type: object
      properties:
        profile: {$ref: '#/components/schemas/Profile'}
        example: {$ref: '#/components/schemas/Profile'}
        $ref: {type: string}
      example:
        profile:
          allOf: [{$ref: '#/definitions/base'}]
    Profile: {type: object, properties: {login: {type: string}}}
    Unreferenced: {type: string}
  examples:
    UserExample:
      summary: a user
      value: {id: 00u1, schema: {$ref: '#/definitions/custom'}}
  responses:
    Unused: {description: not kept}
  securitySchemes:
    apiToken: {type: apiKey, in: header, name: Authorization}
    other: {type: http, scheme: basic}
`;

test('fixture: only $ref keys inside example values are renamed; the rest is trimmed to the closure', () => {
  const dir = tmp();
  const input = path.join(dir, 'fixture.yaml');
  fs.writeFileSync(input, FIXTURE);
  const r = run(input, '--out-dir', dir, '--expect-renamed', '2', '--commit', '0'.repeat(40));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /renamed 2 \$ref keys inside example values/);
  const out = load(path.join(dir, 'okta-users.yaml'));
  const user = out.components.schemas.User;

  // The two example $refs are renamed ...
  assert.deepEqual(user.example.profile.allOf, [{ 'x-ref': '#/definitions/base' }]);
  assert.deepEqual(out.components.examples.UserExample.value.schema, { 'x-ref': '#/definitions/custom' });
  // ... real references stay, including an Example Object given by reference and a property
  // named `example`, and a schema property named `$ref` is left alone.
  assert.deepEqual(user.properties.profile, { $ref: '#/components/schemas/Profile' });
  assert.deepEqual(user.properties.example, { $ref: '#/components/schemas/Profile' });
  assert.deepEqual(user.properties.$ref, { type: 'string' });
  const content = out.paths['/api/v1/users'].get.responses['200'].content['application/json'];
  assert.deepEqual(content.schema, { $ref: '#/components/schemas/User' });
  assert.deepEqual(content.examples.plain, { $ref: '#/components/examples/UserExample' });

  // Trimmed: other paths and methods, unreferenced components and tags are gone.
  assert.deepEqual(Object.keys(out.paths), Object.keys(TARGETS.users.keep));
  assert.deepEqual(Object.keys(out.paths['/api/v1/users']), ['get']);
  assert.deepEqual(Object.keys(out.components.schemas), ['User', 'Profile']);
  assert.deepEqual(Object.keys(out.components.securitySchemes), ['apiToken']);
  assert.equal(out.components.responses, undefined);
  assert.equal(out.tags, undefined);
  assert.deepEqual(Object.keys(out), ['openapi', 'info', 'x-trimmed-from', 'servers', 'paths', 'components']);
  const from = out['x-trimmed-from'];
  assert.equal(from.commit, '0'.repeat(40));
  assert.equal(from.sha256, crypto.createHash('sha256').update(FIXTURE).digest('hex'));
  assert.equal(from['renamed-example-refs'].length, 2);

  // Deterministic, and a wrong count of renamed keys fails.
  const first = fs.readFileSync(path.join(dir, 'okta-users.yaml'));
  assert.equal(run(input, '--out-dir', dir, '--expect-renamed', '2', '--commit', '0'.repeat(40)).status, 0);
  assert.ok(first.equals(fs.readFileSync(path.join(dir, 'okta-users.yaml'))), 'output differs between two runs');
  const wrong = run(input, '--out-dir', dir);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, new RegExp(`renamed 2 \\$ref keys inside example values, expected ${TARGETS.users.expectRenamed}`));
  fs.rmSync(dir, { recursive: true });
});

test('fixture: a path lockdesk needs that is missing from the spec fails', () => {
  const dir = tmp();
  const input = path.join(dir, 'fixture.yaml');
  fs.writeFileSync(input, FIXTURE.replace(/  \/api\/v1\/users\/\{userId\}\/sessions:\n.*\n/, ''));
  const r = run(input, '--out-dir', dir, '--expect-renamed', '2');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /path \/api\/v1\/users\/\{userId\}\/sessions is not in the spec/);
  fs.rmSync(dir, { recursive: true });
});

for (const target of Object.values(TARGETS)) {
  test(`committed ${target.output}: has every operation lockdesk calls, and every $ref resolves`, () => {
    const doc = load(path.join(here, target.output));
    for (const [p, methods] of Object.entries(target.keep)) {
      assert.ok(doc.paths[p], `${p} is missing`);
      for (const m of methods) assert.ok(doc.paths[p][m], `${m.toUpperCase()} ${p} is missing`);
    }
    assert.deepEqual(Object.keys(doc.paths).sort(), Object.keys(target.keep).sort(), 'unexpected extra paths');
    const refs = refsIn(doc);
    assert.ok(refs.length > 10, `only ${refs.length} $refs: is this the trimmed Okta spec?`);
    for (const [at, ref] of refs) assert.notEqual(resolve(doc, ref), undefined, `${at}: ${ref} points at nothing`);
    assert.equal(neutraliseExampleRefs(doc).renamed.length, 0, 'a $ref is still inside an example value');
    // Security schemes are named, not referenced: every name in a requirement must be defined.
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item)) {
        for (const requirement of op.security ?? []) {
          for (const scheme of Object.keys(requirement)) {
            assert.ok(doc.components.securitySchemes?.[scheme], `${m.toUpperCase()} ${p}: security scheme ${scheme} is missing`);
          }
        }
      }
    }
    const from = doc['x-trimmed-from'];
    assert.equal(from.sha256, target.sha256);
    assert.equal(from.path, target.upstreamPath);
  });
}

// The originals are not in the repository (3.4 MB); a clean clone skips this check.
const managementOriginal = process.env.OKTA_SPEC_ORIGINAL || '/work/shared/specs/okta/management-minimal.yaml';
const oauthOriginal = process.env.OKTA_OAUTH_SPEC_ORIGINAL || path.join(path.dirname(managementOriginal), 'oauth-minimal.yaml');
const originalsPresent = fs.existsSync(managementOriginal) && fs.existsSync(oauthOriginal);

test('regenerating from Okta\'s original files gives the committed bytes', {
  skip: originalsPresent ? false
    : `Okta's original specs are not here (${managementOriginal}, ${oauthOriginal}); set OKTA_SPEC_ORIGINAL ` +
      '(and OKTA_OAUTH_SPEC_ORIGINAL) to check that the committed files regenerate byte for byte',
}, () => {
  for (const [file, target] of [[managementOriginal, TARGETS.users], [oauthOriginal, TARGETS.oauth]]) {
    const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    assert.equal(sha, target.sha256, `${file} is not the pinned ${target.upstreamPath}`);
  }
  const dir = tmp();
  const r = run(managementOriginal, '--oauth', oauthOriginal, '--out-dir', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`renamed ${TARGETS.users.expectRenamed} \\$ref keys inside example values \\(11 of them point at nothing\\)`));
  for (const target of Object.values(TARGETS)) {
    const fresh = fs.readFileSync(path.join(dir, target.output));
    const committed = fs.readFileSync(path.join(here, target.output));
    assert.ok(fresh.equals(committed), `${target.output} differs from what okta-users.mjs generates; regenerate it`);
  }
  fs.rmSync(dir, { recursive: true });
});
