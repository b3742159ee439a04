import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTML_ERROR_PAGE, errorShapeBody, type Fault } from './faults.js';
import { XML_ROOTS, commvaultError, type Format, type Reply } from './reply.js';
import { sendNotFoundPage, sendReply, sendText, serialise, streamPieces } from './respond.js';

/**
 * Sends the response a fault puts in place of the endpoint's answer. False for faults that only reshape or pace
 * the real answer: the caller then sends that. `answer` is the endpoint's own reply, for faults that damage it.
 */
export async function sendFaultResponse(
  fault: Fault,
  format: Format,
  req: IncomingMessage,
  res: ServerResponse,
  answer: () => Reply,
): Promise<boolean> {
  const shape = errorShapeBody(fault.type);
  if (shape) {
    sendReply(res, { status: 200, body: shape, rootName: XML_ROOTS.generic }, format);
    return true;
  }
  switch (fault.type) {
    case 'http-500':
      sendReply(res, commvaultError(500, 500, 'Internal server error while processing the request.'), format);
      return true;
    case 'html':
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HTML_ERROR_PAGE);
      return true;
    case 'not-found':
      sendNotFoundPage(res);
      return true;
    case 'forbidden':
      sendReply(res, commvaultError(403, 403, 'User does not have permission to perform this operation.'), format);
      return true;
    case 'unauthorized':
      sendText(res, 401, 'Unauthorized');
      return true;
    case 'answer':
      res.writeHead(200, { 'content-type': fault.contentType ?? `application/${format}; charset=utf-8` });
      res.end(fault.body ?? '');
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'malformed':
      res.writeHead(200, { 'content-type': `application/${format}` });
      res.end(malformedBody(format));
      return true;
    case 'truncated': {
      const text = serialise(answer(), format);
      // Chunked and ended cleanly: the HTTP framing is fine, the document is cut in half.
      res.writeHead(200, { 'content-type': `application/${format}; charset=utf-8` });
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return true;
    }
    case 'huge':
      await streamHuge(res, format, (fault.sizeMb ?? 300) * 1024 * 1024);
      return true;
    default:
      return false;
  }
}

function malformedBody(format: Format): string {
  return format === 'json'
    ? '{"job": [{"jobId": 2416,, "replicationId": 22, "phase": [{"phase": 15 "status": 0}]}]}'
    : `<${XML_ROOTS.jobStats}><job jobId="2416"><phase phase="15" status=0 /></job></${XML_ROOTS.jobStats}>`;
}

/** A body far larger than any client should accept, streamed without a length so the cap is hit mid-stream. */
async function streamHuge(res: ServerResponse, format: Format, bytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': `application/${format}` });
  const entry =
    format === 'json'
      ? '{"jobId":1,"replicationId":1,"phase":[{"phase":7,"status":0,"startTime":{"time":1},"endTime":{"time":2}}]},'
      : '<job jobId="1" replicationId="1"><phase phase="7" status="0"><startTime time="1"/><endTime time="2"/></phase></job>';
  const chunk = entry.repeat(Math.ceil(65536 / entry.length));
  function* pieces(): Generator<string> {
    yield format === 'json' ? '{"job":[' : `<${XML_ROOTS.jobStats}>`;
    for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
    yield format === 'json' ? `${entry.slice(0, -1)}]}` : `</${XML_ROOTS.jobStats}>`;
  }
  await streamPieces(res, pieces());
}
