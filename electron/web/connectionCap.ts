import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Tracked {
  /** It has presented the session secret (or a valid one-time link): it is the page's. */
  trusted: boolean;
  /** Requests on it being answered now. */
  answering: number;
}

export interface ConnectionCap {
  /** The page showed the secret on this connection: it is never closed to make room. */
  trust(socket: Socket): void;
}

/**
 * At most `limit` connections at once, without letting anyone who lacks the secret shut the page out. Node's own
 * `maxConnections` refuses the newcomer, so any local process holding `limit` idle sockets locked the page out
 * (and the timeouts only free them after tens of seconds, for the holder to take again). Here a newcomer over the
 * limit makes room instead: the oldest connection that has not shown the secret is closed, one being answered
 * only when no idle one is left (a slow body must not be a shield). Only when every connection is the page's own
 * is the newcomer refused.
 */
export function capConnections(server: Server, limit: number): ConnectionCap {
  // A Map keeps insertion order: the first entries are the oldest connections.
  const open = new Map<Socket, Tracked>();

  server.on('connection', (socket: Socket) => {
    open.set(socket, { trusted: false, answering: 0 });
    socket.once('close', () => open.delete(socket));
    if (open.size <= limit) return;
    const victim =
      oldest(open, (t) => !t.trusted && t.answering === 0, socket) ?? oldest(open, (t) => !t.trusted, socket) ?? socket;
    // Out of the count at once: its 'close' comes later, and the next newcomer must not count it.
    open.delete(victim);
    victim.destroy();
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const tracked = open.get(req.socket);
    if (!tracked) return;
    tracked.answering++;
    res.once('close', () => tracked.answering--);
  });

  return {
    trust(socket) {
      const tracked = open.get(socket);
      if (tracked) tracked.trusted = true;
    },
  };
}

function oldest(open: Map<Socket, Tracked>, matches: (t: Tracked) => boolean, except: Socket): Socket | undefined {
  for (const [socket, tracked] of open) if (socket !== except && matches(tracked)) return socket;
  return undefined;
}
