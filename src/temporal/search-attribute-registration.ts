/**
 * Registers the rotation's search attributes (workflows/search-attributes.ts is the one list)
 * on a Temporal namespace: as `start-dev` flags for a server we launch, or through the
 * operator service for a server someone else runs.
 */
import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
// Not re-exported from the package root; it maps the SDK's type names to the proto enum.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { ROTATION_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';

type IndexedValueType = NonNullable<ReturnType<typeof encodeSearchAttributeIndexedValueType>>;

/** The spelling `temporal server start-dev --search-attribute NAME=TYPE` accepts. */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** gRPC ALREADY_EXISTS: another process registered the attribute between our list and add. */
const GRPC_ALREADY_EXISTS = 6;

export function searchAttributeCliArgs(): string[] {
  return ROTATION_SEARCH_ATTRIBUTES.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${CLI_TYPE_NAMES[key.type]}`,
  ]);
}

/** Custom search attribute names registered on the namespace. */
export async function listCustomSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const response = await connection.operatorService.listSearchAttributes({ namespace });
  return Object.keys(response.customAttributes ?? {});
}

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = new Set(await listCustomSearchAttributes(connection, namespace));
  const missing = ROTATION_SEARCH_ATTRIBUTES.filter((key) => !existing.has(key.name));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, indexedValueType(key.type)]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}

function indexedValueType(type: SearchAttributeType): IndexedValueType {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new Error(`No Temporal indexed value type for search attribute type ${type}`);
  return encoded;
}

function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === GRPC_ALREADY_EXISTS;
}
