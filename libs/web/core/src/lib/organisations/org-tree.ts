import type { OrganisationDto, OrganisationKind } from '@dahe/shared/contracts';

/** One organisation in the tree province → supervising units → schools. */
export interface OrgTreeNode {
  readonly org: OrganisationDto;
  readonly depth: number;
  readonly children: readonly OrgTreeNode[];
}

/** A node as a table row: indented by `depth`, with what the row needs to expand and collapse. */
export interface OrgTreeRow {
  readonly org: OrganisationDto;
  readonly depth: number;
  readonly childCount: number;
  readonly expanded: boolean;
}

const KIND_ORDER: Readonly<Record<OrganisationKind, number>> = { province: 0, supervisor: 1, school: 2 };

const collator = new Intl.Collator('zh-CN');

function byKindThenName(a: OrganisationDto, b: OrganisationDto): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(a.name, b.name);
}

/**
 * Pure: the flat list `GET /api/organisations` answers → a tree. Roots are the organisations whose
 * parent is not in the list (the province; for a supervising unit, the province is its ancestor and
 * still the root). Siblings are ordered by kind, then by name (pinyin order in Chinese).
 */
export function buildOrgTree(orgs: readonly OrganisationDto[]): OrgTreeNode[] {
  const ids = new Set(orgs.map((org) => org.id));
  const childrenOf = new Map<string, OrganisationDto[]>();
  const roots: OrganisationDto[] = [];
  for (const org of orgs) {
    if (org.parentId && ids.has(org.parentId) && org.parentId !== org.id) {
      const siblings = childrenOf.get(org.parentId) ?? [];
      siblings.push(org);
      childrenOf.set(org.parentId, siblings);
    } else {
      roots.push(org);
    }
  }
  const seen = new Set<string>();
  const build = (org: OrganisationDto, depth: number): OrgTreeNode => {
    seen.add(org.id);
    const children = (childrenOf.get(org.id) ?? [])
      .filter((child) => !seen.has(child.id)) // a cycle in bad data must not hang the page
      .sort(byKindThenName)
      .map((child) => build(child, depth + 1));
    return { org, depth, children };
  };
  return roots.sort(byKindThenName).map((root) => build(root, 0));
}

/** Pure: the tree as rows, children under their parent; collapsed nodes hide their subtree. */
export function flattenOrgTree(nodes: readonly OrgTreeNode[], collapsed: ReadonlySet<string> = new Set()): OrgTreeRow[] {
  const rows: OrgTreeRow[] = [];
  const visit = (node: OrgTreeNode) => {
    const expanded = !collapsed.has(node.org.id);
    rows.push({ org: node.org, depth: node.depth, childCount: node.children.length, expanded });
    if (expanded) node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return rows;
}

/**
 * Pure: the tree cut down to the nodes matching `query` (name, city or credit code, case-insensitive),
 * each with the ancestors that lead to it; a matching node keeps its whole subtree.
 */
export function filterOrgTree(nodes: readonly OrgTreeNode[], query: string): OrgTreeNode[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...nodes];
  const matches = (org: OrganisationDto) =>
    [org.name, org.city ?? '', org.creditCode ?? ''].some((text) => text.toLowerCase().includes(needle));
  const prune = (node: OrgTreeNode): OrgTreeNode | undefined => {
    if (matches(node.org)) return node;
    const children = node.children.map(prune).filter((child): child is OrgTreeNode => child !== undefined);
    return children.length > 0 ? { ...node, children } : undefined;
  };
  return nodes.map(prune).filter((node): node is OrgTreeNode => node !== undefined);
}

/** Pure: `rootId` and everything below it, in tree order, with each one's depth below the root. */
export function subtreeOf(orgs: readonly OrganisationDto[], rootId: string): { org: OrganisationDto; depth: number }[] {
  const find = (nodes: readonly OrgTreeNode[]): OrgTreeNode | undefined => {
    for (const node of nodes) {
      if (node.org.id === rootId) return node;
      const below = find(node.children);
      if (below) return below;
    }
    return undefined;
  };
  const root = find(buildOrgTree(orgs));
  if (!root) return [];
  const out: { org: OrganisationDto; depth: number }[] = [];
  const visit = (node: OrgTreeNode, depth: number) => {
    out.push({ org: node.org, depth });
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(root, 0);
  return out;
}

/** Pure: how many organisations of each kind. */
export function countOrgKinds(orgs: readonly OrganisationDto[]): Record<OrganisationKind, number> {
  const counts: Record<OrganisationKind, number> = { province: 0, supervisor: 0, school: 0 };
  for (const org of orgs) counts[org.kind]++;
  return counts;
}

/** Pure: the organisations a new one of `kind` may be created under (a unit under the province, a school under a unit). */
export function parentsFor(orgs: readonly OrganisationDto[], kind: 'supervisor' | 'school'): OrganisationDto[] {
  const parentKind: OrganisationKind = kind === 'supervisor' ? 'province' : 'supervisor';
  return orgs.filter((org) => org.kind === parentKind).sort(byKindThenName);
}
