import type { FlowDocument } from '../types';

/** The document with `credential` set on each chosen node; the input is not changed. */
export function withCredentials(document: FlowDocument, choices: Record<string, string>): FlowDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      const credential = choices[node.id];
      return credential ? { ...node, credential } : node;
    }),
  };
}
