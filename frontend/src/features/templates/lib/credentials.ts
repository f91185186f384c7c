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

/** How the credential step names a node: its title when it has one, else its id. */
export function nodeLabel(document: FlowDocument, nodeId: string): string {
  const title = document.nodes.find((node) => node.id === nodeId)?.title?.trim();
  return title || nodeId;
}
