/** What an endpoint answers, before it is written in the format the client asked for. */

export type Format = 'json' | 'xml';

export interface Reply {
  status: number;
  /** An object is serialised as JSON or XML by `Accept`; a string is sent as plain text. */
  body: Record<string, unknown> | string;
  rootName?: string;
}

/** The root element each answer has in XML (and in the old JSON, which wraps the body in it). */
export const XML_ROOTS = {
  login: 'DM2ContentIndexing_CheckCredentialResp',
  jobStats: 'Api_VirtualAppJobDetailsResp',
  groups: 'App_GetVirtualAppResp',
  whoAmI: 'App_WhoAmIResp',
  job: 'JobManager_JobListResponse',
  generic: 'CVGui_GenericResp',
} as const;

/** A CommServe answers XML only when asked for it. */
export function formatFor(accept: string | undefined): Format {
  return /xml/i.test(accept ?? '') ? 'xml' : 'json';
}

/** The error object a CommServe sends for a request it refuses (as JSON, or as attributes in XML). */
export function commvaultError(status: number, errorCode: number, errorMessage: string): Reply {
  return { status, body: { errorCode, errorMessage }, rootName: XML_ROOTS.generic };
}

export const UNAUTHORIZED: Reply = { status: 401, body: 'Unauthorized' };
export const NOT_FOUND: Reply = { status: 404, body: '404 - Not Found' };
export const METHOD_NOT_ALLOWED: Reply = { status: 405, body: 'Method Not Allowed' };
