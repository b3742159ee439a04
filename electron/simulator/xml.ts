/** Serialises a response object the way Commvault's XML looks: scalars as attributes, objects as elements. */

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

function element(name: string, value: Record<string, unknown>, out: string[], indent: string): void {
  const attributes: string[] = [];
  const children: [string, Record<string, unknown>][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined || inner === null) continue;
    if (Array.isArray(inner)) {
      for (const item of inner) {
        if (typeof item === 'object' && item !== null) children.push([key, item as Record<string, unknown>]);
        else attributes.push(` ${key}="${escape(String(item))}"`);
      }
    } else if (typeof inner === 'object') {
      children.push([key, inner as Record<string, unknown>]);
    } else {
      attributes.push(` ${key}="${escape(String(inner))}"`);
    }
  }
  if (children.length === 0) {
    out.push(`${indent}<${name}${attributes.join('')} />`);
    return;
  }
  out.push(`${indent}<${name}${attributes.join('')}>`);
  for (const [childName, child] of children) element(childName, child, out, `${indent}  `);
  out.push(`${indent}</${name}>`);
}

export function toXml(rootName: string, body: Record<string, unknown>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'];
  element(rootName, body, out, '');
  return out.join('\n');
}
