"""Pure graph functions over a FlowDocument: order, successors, cycles, reachability.

Edges that name a node the document does not have are ignored here; `validate()` reports them.
"""

from __future__ import annotations

import heapq

from backend.engine.document import FlowDocument


def _adjacency(doc: FlowDocument) -> dict[str, list[str]]:
    """Targets of every node, in edge order, without duplicates and without dangling edges."""
    adjacency: dict[str, list[str]] = {node.id: [] for node in doc.nodes}
    for edge in doc.edges:
        targets = adjacency.get(edge.source)
        if targets is not None and edge.target in adjacency and edge.target not in targets:
            targets.append(edge.target)
    return adjacency


def topological_order(doc: FlowDocument) -> list[str]:
    """Node ids so that every edge points forward; ties go to the node listed first in the document.

    The tie rule makes the order, and so the decider's choices, stable across saves that only
    move nodes on the canvas. Nodes on a cycle (and everything after one) are left out; a valid
    document has no cycle.
    """
    position = {node.id: index for index, node in enumerate(doc.nodes)}
    adjacency = _adjacency(doc)
    indegree = dict.fromkeys(adjacency, 0)
    for targets in adjacency.values():
        for target in targets:
            indegree[target] += 1
    ready = [(position[node_id], node_id) for node_id, degree in indegree.items() if degree == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, node_id = heapq.heappop(ready)
        order.append(node_id)
        for target in adjacency[node_id]:
            indegree[target] -= 1
            if indegree[target] == 0:
                heapq.heappush(ready, (position[target], target))
    return order


def find_cycle(doc: FlowDocument) -> list[str] | None:
    """The first cycle found, as a closed path (`["a", "b", "a"]`), or None when there is none.

    The search starts from nodes in document order and follows edges in document order, so the
    same document always reports the same cycle.
    """
    adjacency = _adjacency(doc)
    done: set[str] = set()
    for start in adjacency:
        if start in done:
            continue
        # Iterative DFS: `path` is the current chain, `on_path` makes the back-edge test O(1).
        path = [start]
        on_path = {start}
        branches = [iter(adjacency[start])]
        while branches:
            target = next(branches[-1], None)
            if target is None:
                branches.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
            elif target in on_path:
                return [*path[path.index(target) :], target]
            elif target not in done:
                path.append(target)
                on_path.add(target)
                branches.append(iter(adjacency[target]))
    return None


def reachable_from(doc: FlowDocument, node_id: str) -> set[str]:
    """Every node a run could reach from `node_id` through any port, `node_id` included."""
    adjacency = _adjacency(doc)
    if node_id not in adjacency:
        return set()
    seen = {node_id}
    stack = [node_id]
    while stack:
        for target in adjacency[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def successors(doc: FlowDocument, node_id: str, port: str | None = None) -> list[str]:
    """Targets of the edges leaving `node_id` through `port` (every port when None), in edge order."""
    node_ids = {node.id for node in doc.nodes}
    targets: list[str] = []
    for edge in doc.outgoing(node_id, port):
        if edge.target in node_ids and edge.target not in targets:
            targets.append(edge.target)
    return targets


def predecessors(doc: FlowDocument, node_id: str) -> list[str]:
    """Sources of the edges leading into `node_id`, in edge order."""
    node_ids = {node.id for node in doc.nodes}
    sources: list[str] = []
    for edge in doc.incoming(node_id):
        if edge.source in node_ids and edge.source not in sources:
            sources.append(edge.source)
    return sources
