/**
 * deploy/kubernetes against the Kubernetes API types (npm `kubernetes-types`): every YAML document
 * is written as a typed TypeScript literal (`const doc0: Job = {...}`, the type chosen by
 * apiVersion and kind) and `tsc --noEmit` checks it, so a misspelt or misplaced field is an excess
 * property error. A copy with one field misspelt is checked in the same tsc run and must fail,
 * so the check is known to bite. Then what the types cannot say: Indexed, completions =
 * parallelism = the shard count in `--shard`, the index in the command and the output file.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import type { Job } from 'kubernetes-types/batch/v1';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'deploy', 'kubernetes');
const TYPES = join(ROOT, 'node_modules', 'kubernetes-types');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** apiVersion/kind -> the module and type that describe it. */
const TYPE_OF: Record<string, [string, string]> = {
  'v1/ConfigMap': ['core/v1', 'ConfigMap'],
  'v1/PersistentVolumeClaim': ['core/v1', 'PersistentVolumeClaim'],
  'batch/v1/Job': ['batch/v1', 'Job'],
};

interface Doc {
  file: string;
  doc: { apiVersion: string; kind: string; [k: string]: unknown };
}

function readDocs(): Doc[] {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
  return files.flatMap((file) => (loadAll(readFileSync(join(DIR, file), 'utf8')) as Doc['doc'][]).filter(Boolean).map((doc) => ({ file, doc })));
}

/** A TypeScript file declaring each doc as a typed literal. */
function typedSource(docs: Doc[]): string {
  const imports = new Map<string, Set<string>>();
  const decls = docs.map(({ file, doc }, i) => {
    const t = TYPE_OF[`${doc.apiVersion}/${doc.kind}`];
    assert.ok(t, `${file}: no Kubernetes type mapped for ${doc.apiVersion} ${doc.kind}`);
    (imports.get(t[0]) ?? imports.set(t[0], new Set()).get(t[0])!).add(t[1]);
    return `// ${file} ${doc.kind} ${String((doc.metadata as { name?: string })?.name)}\nexport const doc${i}: ${t[1]} = ${JSON.stringify(doc, null, 2)};\n`;
  });
  const head = [...imports].map(([mod, names]) => `import type { ${[...names].join(', ')} } from ${JSON.stringify(join(TYPES, mod))};`);
  return `${head.join('\n')}\n\n${decls.join('\n')}`;
}

/** tsc over `files` (strict, excess property checks on); its error output, '' when clean. */
async function tsc(dir: string, files: string[]): Promise<string> {
  // No @types and no lib checking: only the manifests are checked, in a few seconds, not twenty.
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['es2022'], target: 'es2022', module: 'commonjs', moduleResolution: 'node' };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    return '';
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? String(e);
  }
}

describe('deploy/kubernetes manifests', function () {
  this.timeout(60_000);
  const docs = readDocs();
  const jobs = docs.filter((d) => d.doc.kind === 'Job').map((d) => d.doc as unknown as Job & { kind: 'Job' });
  const shards = jobs.find((j) => j.spec?.completionMode === 'Indexed');

  it('every document type-checks against kubernetes-types; a misspelt field does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rpcb-k8s-'));
    try {
      const good = join(dir, 'manifests.ts');
      writeFileSync(good, typedSource(docs));
      // The same Job with `completionMode` misspelt, as a user's typo would be.
      const { completionMode, ...spec } = shards!.spec!;
      const bad = join(dir, 'misspelt.ts');
      writeFileSync(bad, typedSource([{ file: 'misspelt', doc: { ...shards!, spec: { ...spec, completionMod: completionMode } } as unknown as Doc['doc'] }]));
      const out = await tsc(dir, [good, bad]);
      const errors = out.split('\n').filter((l) => l.includes('error TS'));
      assert.deepEqual(errors.filter((l) => l.includes('manifests.ts')), [], out);
      assert.ok(errors.some((l) => l.includes('misspelt.ts') && l.includes('completionMod')), `tsc did not catch the misspelt field:\n${out}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the shards Job is Indexed, runs every shard at once, and each pod runs its index of N', () => {
    assert.ok(shards, 'no Job with completionMode: Indexed');
    const spec = shards.spec!;
    const n = spec.completions!;
    assert.ok(n >= 2, `completions ${n}`);
    assert.equal(spec.parallelism, n, 'parallelism must equal completions: a shard waiting for a slot misses the start');
    const [container] = spec.template.spec!.containers;
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    const flag = (name: string): string | undefined => argv[argv.indexOf(name) + 1];
    assert.equal(argv.slice(0, 2).join(' '), 'rpc-balancer run');
    assert.equal(flag('--shard'), `$(JOB_COMPLETION_INDEX)/${n}`);
    assert.match(flag('--json') ?? '', /\$\(JOB_COMPLETION_INDEX\)/, 'each shard needs its own output file');
    assert.equal(flag('--start-at'), '$(START_AT)');
    // Defined in the container, so Kubernetes expands $(START_AT); the placeholder is what the README's sed replaces.
    assert.equal(container.env?.find((e) => e.name === 'START_AT')?.value, '__START_AT__');
    const mounts = container.volumeMounts!.map((m) => m.mountPath);
    assert.ok(flag('--json')!.startsWith(`${mounts.find((m) => flag('--json')!.startsWith(m))}/`), 'the result goes to a mounted volume');
    assert.ok(flag('--pool')!.startsWith('/config/'));
    assert.equal(spec.template.spec!.restartPolicy, 'Never');
  });

  it('the merge Job reads the shards\' files from the same volume and writes the merge', () => {
    const merge = jobs.find((j) => j !== shards);
    assert.ok(merge, 'no merge Job');
    const claim = (j: Job): string | undefined => j.spec!.template.spec!.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    assert.equal(claim(merge), claim(shards!));
    const cmd = (merge.spec!.template.spec!.containers[0].command ?? []).join(' ');
    assert.match(cmd, /rpc-balancer merge \/results\/shard-\*\.json -o \/results\/all\.json/);
    const pvc = docs.find((d) => d.doc.kind === 'PersistentVolumeClaim')!.doc as unknown as { metadata: { name: string }; spec: { accessModes: string[] } };
    assert.equal(pvc.metadata.name, claim(merge));
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany'], 'shards on several nodes write to it');
  });
});
