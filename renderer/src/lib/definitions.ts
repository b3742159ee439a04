import { marked } from 'marked';
import evidenceDoc from '../../../docs/evidence.md?raw';

/** docs/evidence.md as HTML, made once: the in-app view of the one written definition of every figure. */
export const definitionsHtml: string = marked.parse(evidenceDoc, { async: false });
