import { eventEnvelopes, events, type EventName, type EventPayload, type ResultChecking } from '../contract/api.js';

type Listener = (event: EventName, payload: unknown) => void;

/** Events from main to whoever listens (Electron windows, browser-mode event streams), validated like results. */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly checking: ResultChecking = 'by-construction') {}

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const envelope = this.checking === 'by-construction' ? eventEnvelopes[event] : undefined;
    const checked = envelope ? (envelope.parse(payload), payload) : events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
