import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../system.ts';
import { prepareFixture } from './fixture.ts';
import { deduplicated, summaryTable, type Finding } from './findings.ts';
import { startHostileSystem, type HostileSystem } from './hostileSystem.ts';
import {
  documentsOf,
  fronts,
  operationsIn,
  undocumentedGaps,
  type OpenApiDocument,
} from './openApi.ts';
import { parametersOf } from './parameters.ts';
import { buildRequest, lateWrites, probeParameter, sampleFault, type Probe } from './probe.ts';
import { operationOf, samples as allSamples, type Front } from './samples.ts';

/**
 * Every parameter of every route of the three public fronts, given hostile values one at a
 * time: NUL, half a surrogate pair, very long text, control characters, numbers and dates past
 * what is stored, impossible dates, the wrong JSON type, forged cursors and tokens, nothing at
 * all. Every answer is a clear 4xx problem or an acceptance, never a fault of ours; what must
 * be refused is; and a refused request writes nothing.
 *
 * HOSTILE_DEPLOYMENTS=embedded runs one deployment; HOSTILE_RUNS sets the random values per
 * parameter (besides one canonical value of each class). The faults found are printed as a
 * table and written to $TMPDIR/hostile-input-<deployment>.json.
 */
const deployments = (process.env.HOSTILE_DEPLOYMENTS?.split(',') ?? [
  'embedded',
  'scale',
]) as Deployment[];
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10);
const PROBE_TIMEOUT_MS = 20 * 60_000;

describe.each(deployments)('hostile input to the public fronts (%s)', (deployment) => {
  const samples = Object.fromEntries(
    Object.entries(allSamples).filter(
      ([, sample]) => sample.deployments?.includes(deployment) ?? true,
    ),
  );
  let system: HostileSystem;
  let probe: Probe;
  let documents: Record<Front, OpenApiDocument>;
  const invalidSamples = new Set<string>();
  let started = Date.now();

  beforeAll(async () => {
    started = Date.now();
    system = await startHostileSystem(deployment);
    const fx = await prepareFixture(system);
    probe = { fx, findings: [], refused: new Map(), sent: 0, observed: new Map() };
    documents = await documentsOf(system, fx.operator);
  }, 300_000);

  afterAll(async () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    if (probe) {
      const title = `${deployment}: ${probe.sent} requests in ${seconds} s`;
      console.log(summaryTable(title, probe.findings));
      const report = join(tmpdir(), `hostile-input-${deployment}.json`);
      const observed = Object.fromEntries(
        [...probe.observed].map(([key, statuses]) => [key, [...statuses].sort()]),
      );
      const faults = deduplicated(probe.findings);
      await writeFile(report, JSON.stringify({ seconds, faults, observed }, null, 2));
    }
    await system?.close();
  });

  const faultsOf = (key: string): Finding[] =>
    probe.findings.filter((finding) => finding.operation === key);

  it('has a sample for every operation the documents name, with every parameter they name', async () => {
    const keys = Object.keys(samples);
    const missing = fronts.flatMap((front) =>
      operationsIn(documents[front]).filter(
        (operation) =>
          !keys.some((key) => operationOf(key) === operation && samples[key]!.front === front),
      ),
    );
    const documented = new Set(fronts.flatMap((front) => operationsIn(documents[front])));
    const stale = keys.filter((key) => !documented.has(operationOf(key)));
    const gaps: string[] = [];
    for (const operation of documented) {
      const variants = keys.filter((key) => operationOf(key) === operation);
      const lacking = await Promise.all(
        variants.map(async (key) =>
          undocumentedGaps(
            documents[samples[key]!.front],
            operation,
            await samples[key]!.build(probe.fx),
          ),
        ),
      );
      const inNone = lacking.reduce(
        (all, some) => all.filter((gap) => some.includes(gap)),
        lacking[0] ?? [],
      );
      gaps.push(...inNone.map((gap) => `${operation} ${gap}`));
    }
    expect({ missing, stale, gaps }).toEqual({ missing: [], stale: [], gaps: [] });
  });

  it('accepts every sample as it stands', async () => {
    const refused: string[] = [];
    for (const [key, sample] of Object.entries(samples)) {
      const fault = await sampleFault(probe, key, sample);
      if (!fault) continue;
      invalidSamples.add(key);
      refused.push(`${key}: ${fault.status} ${fault.detail}`);
      probe.findings.push({
        operation: key,
        parameter: '(sample)',
        valueClass: 'none',
        fault: 'sample not accepted',
        status: fault.status,
        example: '(the valid sample)',
        detail: fault.detail,
      });
    }
    expect(refused).toEqual([]);
  });

  for (const [key, sample] of Object.entries(samples)) {
    it(
      `answers hostile values in ${key} with clear refusals that write nothing`,
      async () => {
        expect(invalidSamples.has(key), 'its valid sample is refused').toBe(false);
        const parameters = parametersOf(await buildRequest(probe.fx, key, sample));
        for (const parameter of parameters) {
          await probeParameter(probe, key, sample, parameter, RUNS);
        }
        if ((await lateWrites(probe, key)) > 0) {
          probe.findings.push({
            operation: key,
            parameter: '(after the run)',
            valueClass: 'none',
            fault: 'wrote after refusing',
            status: null,
            example: '(refused requests of this operation)',
            detail: 'events under their correlation ids once the system came to rest',
          });
        }
        const faults = deduplicated(faultsOf(key)).map(
          (f) =>
            `${f.parameter} ${f.valueClass}: ${f.fault} (${f.status ?? '-'}) e.g. ${f.example}`,
        );
        expect(faults).toEqual([]);
      },
      PROBE_TIMEOUT_MS,
    );
  }
});
