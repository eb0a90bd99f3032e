/** `attempts` of a RequestResult when the layer keeps no records: shared, so frozen. */
import type { AttemptRecord } from './types';

export const NO_RECORDS = Object.freeze([]) as unknown as AttemptRecord[];
