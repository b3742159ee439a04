import {
  checkJobStatsFilter,
  filterFieldMessage,
  parseFilterField,
  type JobStatsFilter,
  type JobStatsFilterField,
} from '../contract/model.js';
import { CommvaultError } from './errors.js';

/**
 * The contract's filter rule, applied before anything is sent: a bad id is the caller's mistake (`invalid-input`),
 * not something to ask the CommServe about.
 */
export function checkedFilter(filter: JobStatsFilter): JobStatsFilter {
  const checked = checkJobStatsFilter(filter);
  if ('message' in checked) throw new CommvaultError('invalid-input', checked.message);
  return checked.filter;
}

/** One id a path is built from: required, and an id by the same rule as the filter field it matches. */
export function checkedId(field: JobStatsFilterField, value: number): number {
  const checked = parseFilterField(field, value);
  if ('message' in checked || checked.id === undefined) {
    throw new CommvaultError('invalid-input', filterFieldMessage(field));
  }
  return checked.id;
}
