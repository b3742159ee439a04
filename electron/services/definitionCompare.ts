import type { HandlerSlice } from '../contract/api.js';
import { compareDefinitions, type DefinitionComparison } from '../contract/definitionDiff.js';
import type { DataSource } from '../contract/exports.js';
import type { RunService } from './runs.js';

/** Compare's "what was tested": the DR groups' definitions two runs (or fetches) hold, field by field. */
export class DefinitionCompareService {
  constructor(private readonly runs: Pick<RunService, 'resolve'>) {}

  handlers(): HandlerSlice<'compare:definitions'> {
    return { 'compare:definitions': ({ left, right }) => this.compare(left, right) };
  }

  async compare(left: DataSource, right: DataSource): Promise<DefinitionComparison> {
    const [a, b] = await Promise.all([this.runs.resolve(left), this.runs.resolve(right)]);
    return compareDefinitions(a.content.readiness, b.content.readiness);
  }
}
