/**
 * `rpc-balancer export-config`: a variant (a pool's own strategy, `--strategy`, or `--variant`
 * from a variants file) written as a gRPC service config, an Envoy cluster and route, or nginx
 * config; what the target cannot express goes to stderr, one note a line, never dropped.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isStrategyName } from '../../engine/registry';
import { STRATEGY_NAMES } from '../../engine/types';
import { EXPORT_FORMATS, exportConfig, parseVariants, poolVariant, type ExportFormat, type Variant } from '../../config-export';
import { readJsonFile } from '../../pools/json-file';
import type { PoolConfig } from '../../pools/types';
import { writeFileAtomically } from '../../report';
import { UsageError } from '../exit-codes';
import { action, readPool } from '../shared';
import { sayError } from '../terminal';

interface Flags {
  pool?: string;
  variant?: string;
  variants?: string;
  strategy?: string;
  format?: string;
  hashHeader?: string;
  listen?: string;
  output?: string;
}

export function registerExportConfig(program: Command): void {
  program
    .command('export-config')
    .description('write a variant as the real system\'s config: a gRPC service config, an Envoy cluster and route, or an nginx upstream')
    .option('--pool <file>', 'pool file (endpoints, weights, zones, priorities)')
    .option('--variants <file>', 'variants file: a JSON list of {name, strategy, strategyOptions, outlierDetection, policy}')
    .option('--variant <name>', 'the variant of --variants to export')
    .option('--strategy <name>', 'export this strategy with its defaults instead (default: the pool\'s own)')
    .option('--format <format>', EXPORT_FORMATS.join(', '))
    .option('--hash-header <name>', 'request header holding the hash key (hash strategies)', 'x-hash-key')
    .option('--listen <port>', 'nginx: port or host:port the server block listens on', '8080')
    .option('-o, --output <file>', 'write the config to this file (default: stdout)')
    .action(action(async (flags: Flags) => {
      if (!flags.pool) throw new UsageError('--pool: required (the pool whose endpoints the config names)');
      if (!flags.format) throw new UsageError(`--format: required, one of ${EXPORT_FORMATS.join(', ')}`);
      if (!(EXPORT_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`);
      const pool = readPool(flags.pool);
      const variant = chooseVariant(flags, pool);
      let result;
      try {
        result = exportConfig(pool, variant, flags.format as ExportFormat, { hashHeader: flags.hashHeader, listen: flags.listen });
      } catch (e) {
        const path = (e as { path?: string }).path;
        if (path === 'hashHeader' || path === 'listen') throw new UsageError(`--${path === 'hashHeader' ? 'hash-header' : 'listen'}: ${(e as { problem: string }).problem}`);
        throw e;
      }
      for (const note of result.notes) sayError(`note: ${note}`);
      if (flags.output) {
        await writeFileAtomically(resolve(flags.output), [result.text]);
        sayError(`wrote ${flags.output}`);
      } else process.stdout.write(result.text);
    }));
}

function chooseVariant(flags: Flags, pool: PoolConfig): Variant {
  if (flags.variant !== undefined || flags.variants !== undefined) {
    if (flags.strategy !== undefined) throw new UsageError('--strategy: give either --strategy or --variant with --variants, not both');
    if (flags.variants === undefined) throw new UsageError('--variants: required with --variant (the file the variant is in)');
    const variants = parseVariants(readJsonFile(resolve(flags.variants)), flags.variants);
    if (flags.variant === undefined) {
      if (variants.length === 1) return variants[0];
      throw new UsageError(`--variant: required, the file has ${variants.length} variants: ${variants.map((v) => v.name).join(', ')}`);
    }
    const found = variants.find((v) => v.name === flags.variant);
    if (!found) throw new UsageError(`--variant: no variant ${JSON.stringify(flags.variant)} in ${flags.variants} (it has ${variants.map((v) => v.name).join(', ')})`);
    return found;
  }
  if (flags.strategy !== undefined && !isStrategyName(flags.strategy)) {
    throw new UsageError(`--strategy: expected one of ${STRATEGY_NAMES.join(', ')}, got ${JSON.stringify(flags.strategy)}`);
  }
  return poolVariant(pool, flags.strategy as Variant['strategy'] | undefined);
}
