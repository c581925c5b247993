#!/usr/bin/env node
// Builds the Okta specs the contract layer feeds to Prism from Okta's published OpenAPI files.
//
//   node tests/contract/specs/okta-users.mjs MANAGEMENT_MINIMAL_YAML [--oauth OAUTH_MINIMAL_YAML]
//        [--out-dir DIR] [--expect-renamed N] [--commit SHA]
//
// Writes DIR/okta-users.yaml (and DIR/okta-oauth-token.yaml with --oauth); DIR defaults to the
// directory of this script. Steps, for each input:
//   1. Every `$ref` key that sits inside an example value (a schema/media type/parameter/header
//      `example`, the `value` of an Example Object, or a JSON Schema `examples` array) is renamed to
//      `x-ref`. Such a key is data, not a reference; Prism resolves it anyway and stops with
//      MissingPointerError on Okta's `#/definitions/base`. Real references (including an Example
//      Object that is itself a `$ref`, and a schema property that happens to be named `$ref`) stay.
//      On the pinned management-minimal.yaml that is 13 keys: 11 point at nothing (10 at
//      `#/definitions/...`, 1 at the absent `#/components/examples/LogDeviceObject`) and 2 resolve
//      (an `example` written where `examples` was meant); all 13 are example data, so all are
//      renamed. The script fails unless exactly --expect-renamed keys were renamed in the
//      management file (default: the count on the pinned upstream file; the oauth file must have
//      its pinned count, 0), so an upstream change is noticed rather than silently absorbed.
//   2. Only the paths/operations lockdesk calls are kept, plus the transitive closure of the
//      `#/components/...` items they reference (and the security schemes they name).
//   3. A top-level `x-trimmed-from` records the source and what was changed.
// Same input gives byte-identical output: nothing depends on time, and source order is kept.
// Only js-yaml (in tests/contract/node_modules, via Prism) and node built-ins are used.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const UPSTREAM = {
  repo: 'https://github.com/okta/okta-management-openapi-spec',
  commit: 'fdda229e82940cf5af4611ad673ca6a27974e31b',
  license: 'Apache-2.0',
};

// What lockdesk calls. Path templates are spelled exactly as in the upstream files.
export const TARGETS = {
  users: {
    upstreamPath: 'dist/current/management-minimal.yaml',
    sha256: '291293032a071bc368f139fea20442cc72e30fe1adfcff3b9753a2b9ddfece52',
    expectRenamed: 13,
    output: 'okta-users.yaml',
    keep: {
      '/api/v1/users': ['get'],
      '/api/v1/users/{id}': ['get', 'delete'],
      '/api/v1/users/{id}/lifecycle/activate': ['post'],
      '/api/v1/users/{id}/lifecycle/deactivate': ['post'],
      '/api/v1/users/{id}/lifecycle/reactivate': ['post'],
      '/api/v1/users/{id}/lifecycle/suspend': ['post'],
      '/api/v1/users/{id}/lifecycle/unsuspend': ['post'],
      '/api/v1/users/{id}/lifecycle/unlock': ['post'],
      '/api/v1/users/{id}/lifecycle/reset_factors': ['post'],
      '/api/v1/users/{userId}/sessions': ['delete'],
    },
  },
  oauth: {
    upstreamPath: 'dist/current/oauth-minimal.yaml',
    sha256: '515a2b2a5de3448ae06e661c427b7e987bd066db426563e88c4f2838e2550fb4',
    expectRenamed: 0,
    output: 'okta-oauth-token.yaml',
    keep: { '/oauth2/v1/token': ['post'] },
  },
};

const KEPT_TOP_LEVEL = ['openapi', 'info', 'servers', 'security', 'paths', 'components'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const COMPONENT_KINDS = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers',
  'securitySchemes', 'links', 'callbacks'];
// Keys whose value is a map from names (chosen by the spec's authors) to OpenAPI/JSON Schema
// objects: a key inside such a map is never a keyword, even if it reads `example` or `$ref`.
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'paths', 'webhooks',
  'x-webhooks', 'schemas', 'responses', 'parameters', 'requestBodies', 'headers',
  'securitySchemes', 'links', 'callbacks', 'content', 'encoding', 'variables']);

export const pointer = (segments) => segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

// Renames `$ref` to `x-ref` everywhere inside an example value, keeping key order.
function neutraliseData(value, at, renamed) {
  if (Array.isArray(value)) return value.map((v, i) => neutraliseData(v, at.concat(i), renamed));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref') {
      if (Object.prototype.hasOwnProperty.call(value, 'x-ref')) throw new Error(`${pointer(at)} has both $ref and x-ref`);
      renamed.push({ at: pointer(at.concat(k)), ref: v });
      out['x-ref'] = neutraliseData(v, at.concat('x-ref'), renamed);
    } else {
      out[k] = neutraliseData(v, at.concat(k), renamed);
    }
  }
  return out;
}

// Walks the document structure. mode: 'node' (an object whose keys are keywords), 'names' (a map
// of names to nodes), 'exampleMap' (names to Example Objects), 'exampleObject'.
function neutralise(value, at, mode, renamed) {
  if (Array.isArray(value)) return value.map((v, i) => neutralise(v, at.concat(i), mode === 'names' ? 'node' : mode, renamed));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    const here = at.concat(k);
    if (mode === 'names') out[k] = neutralise(v, here, 'node', renamed);
    else if (mode === 'exampleMap') out[k] = neutralise(v, here, 'exampleObject', renamed);
    else if (mode === 'exampleObject') out[k] = k === 'value' ? neutraliseData(v, here, renamed) : v;
    else if (k === 'example') out[k] = neutraliseData(v, here, renamed);
    else if (k === 'examples') {
      out[k] = Array.isArray(v) ? neutraliseData(v, here, renamed) : neutralise(v, here, 'exampleMap', renamed);
    } else if (k.startsWith('x-') && k !== 'x-webhooks') out[k] = v; // vendor extension: opaque
    else out[k] = neutralise(v, here, NAME_MAPS.has(k) && !Array.isArray(v) ? 'names' : 'node', renamed);
  }
  return out;
}

export function neutraliseExampleRefs(doc) {
  const renamed = [];
  const out = neutralise(doc, [], 'node', renamed);
  return { doc: out, renamed };
}

// Every `$ref` string reachable from value (ignores a schema property that happens to be named
// `$ref`, whose value is an object).
export function collectRefs(value, into = []) {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.push(v);
      else collectRefs(v, into);
    }
  }
  return into;
}

export function resolvePointer(doc, ref) {
  if (!ref.startsWith('#')) return undefined;
  let node = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) return undefined;
    node = node[seg];
  }
  return node;
}

// Security schemes are named, not referenced: collect the names in security requirements.
function securityNames(value, into) {
  if (Array.isArray(value)) for (const v of value) securityNames(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'security' && Array.isArray(v)) for (const req of v) for (const name of Object.keys(req ?? {})) into.add(name);
      else if (!k.startsWith('x-')) securityNames(v, into);
    }
  }
  return into;
}

function trim(doc, keep) {
  const paths = {};
  for (const [p, methods] of Object.entries(keep)) {
    const item = doc.paths?.[p];
    if (!item) throw new Error(`path ${p} is not in the spec`);
    const kept = {};
    for (const [k, v] of Object.entries(item)) {
      if (!METHODS.includes(k) || methods.includes(k)) kept[k] = v;
    }
    for (const m of methods) if (!kept[m]) throw new Error(`${m.toUpperCase()} ${p} is not in the spec`);
    paths[p] = kept;
  }

  // Closure over #/components/<kind>/<name>, including discriminator mappings.
  const wanted = new Map(COMPONENT_KINDS.map((k) => [k, new Set()]));
  const queue = [];
  const want = (kind, name, from) => {
    if (!wanted.has(kind)) throw new Error(`unsupported reference into components/${kind} (from ${from})`);
    if (!doc.components?.[kind] || !Object.prototype.hasOwnProperty.call(doc.components[kind], name)) {
      throw new Error(`#/components/${kind}/${name} is missing (referenced from ${from})`);
    }
    if (!wanted.get(kind).has(name)) { wanted.get(kind).add(name); queue.push([kind, name]); }
  };
  const visit = (value, from) => {
    for (const ref of collectRefs(value)) {
      const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
      if (!m) throw new Error(`unsupported $ref ${ref} (from ${from})`);
      want(m[1], decodeURIComponent(m[2]).replace(/~1/g, '/').replace(/~0/g, '~'), from);
    }
    (function mappings(v) {
      if (Array.isArray(v)) v.forEach(mappings);
      else if (v !== null && typeof v === 'object') {
        for (const [k, w] of Object.entries(v)) {
          if (k === 'discriminator' && w && typeof w.mapping === 'object') {
            for (const target of Object.values(w.mapping)) {
              const m = /^#\/components\/schemas\/([^/]+)$/.exec(target);
              want('schemas', m ? m[1] : target, `${from} (discriminator mapping)`);
            }
          }
          mappings(w);
        }
      }
    })(value);
    for (const name of securityNames(value, new Set())) want('securitySchemes', name, `${from} (security)`);
  };
  visit(paths, 'paths');
  if (doc.security) visit({ security: doc.security }, 'security');
  while (queue.length) {
    const [kind, name] = queue.shift();
    visit(doc.components[kind][name], `#/components/${kind}/${name}`);
  }

  const components = {};
  for (const kind of Object.keys(doc.components ?? {})) {
    if (!wanted.has(kind) || wanted.get(kind).size === 0) continue;
    components[kind] = {};
    for (const name of Object.keys(doc.components[kind])) {
      if (wanted.get(kind).has(name)) components[kind][name] = doc.components[kind][name];
    }
  }
  const counts = Object.fromEntries(Object.entries(components).map(([k, v]) => [k, Object.keys(v).length]));
  return { paths, components, counts };
}

export function build(input, target, { expectRenamed = target.expectRenamed, commit = UPSTREAM.commit } = {}) {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  // CORE_SCHEMA: keep unquoted dates such as 2013-07-02T21:36:25.344Z as the strings they are in JSON.
  const original = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  const { doc, renamed } = neutraliseExampleRefs(original);
  // A renamed key "dangles" if what it names does not exist: those are what make Prism stop.
  for (const r of renamed) r.dangling = typeof r.ref !== 'string' || resolvePointer(original, r.ref) === undefined;
  if (renamed.length !== expectRenamed) {
    const list = renamed.map((r) => `  ${r.at} -> ${r.ref}`).join('\n');
    throw new Error(`renamed ${renamed.length} $ref keys inside example values, expected ${expectRenamed}` +
      `${list ? ':\n' + list : ''}\n(check them, then pass --expect-renamed ${renamed.length})`);
  }
  const { paths, components, counts } = trim(doc, target.keep);
  const dangling = renamed.filter((r) => r.dangling).length;
  const keptRenamed = JSON.stringify({ paths, components }).includes('"x-ref"');
  const keptPaths = Object.entries(target.keep).map(([p, ms]) => `${ms.map((m) => m.toUpperCase()).join(', ')} ${p}`);
  const trimmedFrom = {
    repository: UPSTREAM.repo,
    commit,
    path: target.upstreamPath,
    release: original.info?.version ?? null,
    license: UPSTREAM.license,
    sha256,
    size: bytes.length,
    generator: 'tests/contract/specs/okta-users.mjs',
    changes: [
      renamed.length
        ? `renamed the ${renamed.length} $ref keys that sit inside example values to x-ref (listed in renamed-example-refs): ` +
          `they are example data, not references, but Prism resolves them anyway, and ${dangling} of them point at nothing ` +
          `(MissingPointerError); ${keptRenamed ? 'some are' : 'none is'} inside the part kept here`
        : 'no $ref key sits inside an example value; nothing renamed',
      `kept only these operations (other methods of the same path items dropped): ${keptPaths.join('; ')}`,
      `kept the components they reference, transitively, and nothing else: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`,
      `dropped every other path and the top-level ${Object.keys(doc).filter((k) => !KEPT_TOP_LEVEL.includes(k)).join(', ')}`,
      'everything kept is otherwise unchanged (re-serialised by js-yaml)',
    ],
  };
  if (renamed.length) trimmedFrom['renamed-example-refs'] = renamed.map((r) => `${r.at} (${r.dangling ? 'points at nothing' : 'resolves'}: ${r.ref})`);
  const out = {};
  for (const key of ['openapi', 'info']) if (key in doc) out[key] = doc[key];
  // KEPT_TOP_LEVEL order: openapi, info, x-trimmed-from, servers, security, paths, components.
  out['x-trimmed-from'] = trimmedFrom;
  for (const key of ['servers', 'security']) if (key in doc) out[key] = doc[key];
  out.paths = paths;
  out.components = components;
  const yamlText = yaml.dump(out, { lineWidth: -1, noRefs: true, sortKeys: false });
  return { yamlText, renamed, dangling, counts, sha256, knownInput: sha256 === target.sha256 };
}

function main(argv) {
  const args = { inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--oauth') args.oauth = value();
    else if (a === '--out-dir') args.outDir = value();
    else if (a === '--expect-renamed') args.expectRenamed = Number(value());
    else if (a === '--commit') args.commit = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.inputs.push(a);
  }
  if (args.inputs.length !== 1) {
    throw new Error('usage: okta-users.mjs MANAGEMENT_MINIMAL_YAML [--oauth OAUTH_MINIMAL_YAML] [--out-dir DIR] [--expect-renamed N] [--commit SHA]');
  }
  if (args.expectRenamed !== undefined && !Number.isInteger(args.expectRenamed)) throw new Error('--expect-renamed needs an integer');
  const outDir = args.outDir ?? path.dirname(fileURLToPath(import.meta.url));
  const jobs = [['users', args.inputs[0], args.expectRenamed]];
  if (args.oauth) jobs.push(['oauth', args.oauth, undefined]);
  for (const [name, input, expectRenamed] of jobs) {
    const target = TARGETS[name];
    const r = build(fs.readFileSync(input), target, { expectRenamed, commit: args.commit });
    if (!r.knownInput) {
      console.error(`okta-users: warning: ${input} has sha256 ${r.sha256}, not the pinned ${target.upstreamPath} ` +
        `(${target.sha256}); x-trimmed-from names commit ${args.commit ?? UPSTREAM.commit} (override with --commit)`);
    }
    const outFile = path.join(outDir, target.output);
    fs.writeFileSync(outFile, r.yamlText);
    console.log(`okta-users: ${input}: renamed ${r.renamed.length} $ref keys inside example values ` +
      `(${r.dangling} of them point at nothing)`);
    for (const x of r.renamed) console.log(`  ${x.at} -> ${x.ref}${x.dangling ? ' (missing)' : ''}`);
    console.log(`okta-users: wrote ${outFile} (${Buffer.byteLength(r.yamlText)} bytes; ` +
      `${Object.entries(r.counts).map(([k, n]) => `${n} ${k}`).join(', ')})`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try { main(process.argv.slice(2)); } catch (e) { console.error(`okta-users: ${e.message}`); process.exit(1); }
}
