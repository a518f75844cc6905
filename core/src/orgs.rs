//! The org directory: a forest of organisations (docs/config.md#orgs).
//!
//! Ids are interned once at build: a decision works on dense [`OrgId`]
//! indexes and flat arrays. Every walk over the tree is iterative, so a
//! 100,000-level chain neither overflows the stack at build nor at query.

use crate::error::Problem;
use crate::id_hash::{id_map, IdMap};

/// An org known to an engine, by its index in the directory (the order of
/// the config's `orgs` list). Resolve one with [`crate::Engine::org`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgId(pub(crate) u32);

impl OrgId {
    /// The index of the org in the config's `orgs` list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

const NO_PARENT: u32 = u32::MAX;

/// One org of a config: its id, its parent and its settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgSpec {
    /// The org's id, unique in the directory, not empty.
    pub id: String,
    /// The parent org's id; `None` for the root of a community.
    pub parent: Option<String>,
    /// Whether leads may be handed over along the edges to this org's children.
    pub handover: bool,
    /// Whether orgs below this one may transfer leads by cross silo when this
    /// org is their nearest common ancestor.
    pub cross_silo: bool,
}

impl OrgSpec {
    /// A root org with both settings off.
    pub fn new(id: impl Into<String>) -> Self {
        OrgSpec {
            id: id.into(),
            ..OrgSpec::default()
        }
    }

    /// Sets the parent org.
    #[must_use]
    pub fn parent(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    /// Sets the `handover` setting.
    #[must_use]
    pub fn handover(mut self, enabled: bool) -> Self {
        self.handover = enabled;
        self
    }

    /// Sets the `cross_silo` setting.
    #[must_use]
    pub fn cross_silo(mut self, enabled: bool) -> Self {
        self.cross_silo = enabled;
        self
    }
}

/// How two orgs stand to each other in the forest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same org.
    Same,
    /// Joined by one parent↔child edge; `parent` is the upper end.
    Edge {
        /// The parent end of the edge.
        parent: OrgId,
    },
    /// In one community but not joined by an edge; `ancestor` is their
    /// nearest common ancestor (possibly one of the two).
    Distant {
        /// The nearest common ancestor.
        ancestor: OrgId,
    },
    /// In different communities (trees).
    Unrelated,
}

/// The org forest, frozen.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgDirectory {
    ids: Vec<Box<str>>,
    index: IdMap<Box<str>, u32>,
    parent: Vec<u32>,
    depth: Vec<u32>,
    root: Vec<u32>,
    handover: Vec<bool>,
    cross_silo: Vec<bool>,
    /// Children of org `i` are `children[child_start[i]..child_start[i + 1]]`,
    /// in directory order.
    child_start: Vec<u32>,
    children: Vec<u32>,
}

impl OrgDirectory {
    /// Validates `specs` (each paired with its index in the source list, for
    /// problem paths) and builds the directory, or adds to `problems`.
    pub(crate) fn build(specs: &[Option<OrgSpec>], problems: &mut Vec<Problem>) -> Option<Self> {
        let before = problems.len();
        if specs.len() >= NO_PARENT as usize {
            problems.push(Problem {
                path: "orgs".into(),
                message: format!("at most {} orgs are supported", NO_PARENT - 1),
            });
            return None;
        }
        let mut index: IdMap<Box<str>, u32> = id_map(specs.len());
        for (i, spec) in specs.iter().enumerate() {
            let Some(spec) = spec else { continue };
            if spec.id.is_empty() {
                problems.push(problem(i, "id", "org id must not be empty".into()));
            } else if let Some(first) = index.get(spec.id.as_str()) {
                problems.push(problem(
                    i,
                    "id",
                    format!("duplicate org id `{}` (first at orgs[{first}])", spec.id),
                ));
            } else {
                index.insert(spec.id.as_str().into(), i as u32);
            }
        }

        let mut parent = vec![NO_PARENT; specs.len()];
        for (i, spec) in specs.iter().enumerate() {
            let Some(spec) = spec else { continue };
            let Some(parent_id) = spec.parent.as_deref() else {
                continue;
            };
            if parent_id == spec.id {
                problems.push(problem(
                    i,
                    "parent",
                    format!("org `{parent_id}` is its own parent"),
                ));
            } else if let (Some(&p), Some(slot)) = (index.get(parent_id), parent.get_mut(i)) {
                *slot = p;
            } else {
                problems.push(problem(i, "parent", format!("unknown parent org `{parent_id}`")));
            }
        }
        report_cycles(&parent, specs, problems);
        if problems.len() > before {
            return None;
        }

        let ids: Vec<Box<str>> = specs
            .iter()
            .map(|s| s.as_ref().map_or_else(Box::default, |s| s.id.as_str().into()))
            .collect();
        let (depth, root) = depths_and_roots(&parent);
        let (child_start, children) = child_lists(&parent);
        Some(OrgDirectory {
            ids,
            index,
            depth,
            root,
            handover: specs
                .iter()
                .map(|s| s.as_ref().is_some_and(|s| s.handover))
                .collect(),
            cross_silo: specs
                .iter()
                .map(|s| s.as_ref().is_some_and(|s| s.cross_silo))
                .collect(),
            parent,
            child_start,
            children,
        })
    }

    pub(crate) fn get(&self, id: &str) -> Option<OrgId> {
        self.index.get(id).map(|&i| OrgId(i))
    }

    pub(crate) fn id(&self, org: OrgId) -> &str {
        self.ids.get(org.index()).map_or("", |s| s)
    }

    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    pub(crate) fn parent(&self, org: OrgId) -> Option<OrgId> {
        match self.parent.get(org.index()) {
            Some(&p) if p != NO_PARENT => Some(OrgId(p)),
            _ => None,
        }
    }

    pub(crate) fn handover_enabled(&self, org: OrgId) -> bool {
        self.handover.get(org.index()).copied().unwrap_or(false)
    }

    pub(crate) fn cross_silo_enabled(&self, org: OrgId) -> bool {
        self.cross_silo.get(org.index()).copied().unwrap_or(false)
    }

    pub(crate) fn children(&self, org: OrgId) -> &[u32] {
        let start = self.child_start.get(org.index()).copied().unwrap_or(0) as usize;
        let end = self.child_start.get(org.index() + 1).copied().unwrap_or(0) as usize;
        self.children.get(start..end).unwrap_or(&[])
    }

    fn depth(&self, org: OrgId) -> u32 {
        self.depth.get(org.index()).copied().unwrap_or(0)
    }

    fn root(&self, org: OrgId) -> u32 {
        self.root.get(org.index()).copied().unwrap_or(NO_PARENT)
    }

    /// Whether `org` is `top` or below it. Costs O(depth of `org` below
    /// `top`), nothing for orgs of other trees.
    pub(crate) fn is_within(&self, org: OrgId, top: OrgId) -> bool {
        if self.root(org) != self.root(top) {
            return false;
        }
        let mut at = org;
        while self.depth(at) > self.depth(top) {
            match self.parent(at) {
                Some(parent) => at = parent,
                None => return false,
            }
        }
        at == top
    }

    /// How `a` and `b` stand to each other. Costs O(depth) only for pairs in
    /// one community that are not joined by an edge.
    pub(crate) fn relation(&self, a: OrgId, b: OrgId) -> Relation {
        if a == b {
            return Relation::Same;
        }
        if self.root(a) != self.root(b) {
            return Relation::Unrelated;
        }
        if self.parent(a) == Some(b) {
            return Relation::Edge { parent: b };
        }
        if self.parent(b) == Some(a) {
            return Relation::Edge { parent: a };
        }
        let (mut x, mut y) = (a, b);
        while self.depth(x) > self.depth(y) {
            x = self.parent(x).unwrap_or(x);
        }
        while self.depth(y) > self.depth(x) {
            y = self.parent(y).unwrap_or(y);
        }
        while x != y {
            match (self.parent(x), self.parent(y)) {
                (Some(px), Some(py)) => {
                    x = px;
                    y = py;
                }
                // Unreachable for one root; answer conservatively.
                _ => return Relation::Unrelated,
            }
        }
        Relation::Distant { ancestor: x }
    }

    /// Every org in the subtree of `top` (including `top`), skipping the
    /// subtree of `skip`, appended to `out`. Iterative.
    pub(crate) fn collect_subtree(&self, top: OrgId, skip: Option<OrgId>, out: &mut Vec<OrgId>) {
        let mut stack = vec![top];
        while let Some(org) = stack.pop() {
            if Some(org) == skip {
                continue;
            }
            out.push(org);
            stack.extend(self.children(org).iter().map(|&c| OrgId(c)));
        }
    }
}

fn problem(index: usize, field: &str, message: String) -> Problem {
    Problem {
        path: format!("orgs[{index}].{field}"),
        message,
    }
}

/// Finds every cycle of parent links (self-parents are reported earlier and
/// never linked) and reports each once, at its member with the lowest index.
fn report_cycles(parent: &[u32], specs: &[Option<OrgSpec>], problems: &mut Vec<Problem>) {
    const UNSEEN: u32 = u32::MAX;
    // The walk that first reached each org; a walk meeting its own mark again
    // has closed a cycle.
    let mut walk_of = vec![UNSEEN; parent.len()];
    for start in 0..parent.len() {
        if walk_of.get(start) != Some(&UNSEEN) {
            continue;
        }
        let mut at = start as u32;
        loop {
            match walk_of.get_mut(at as usize) {
                Some(mark) if *mark == UNSEEN => *mark = start as u32,
                Some(mark) if *mark == start as u32 => {
                    report_cycle(at, parent, specs, problems);
                    break;
                }
                _ => break,
            }
            match parent.get(at as usize) {
                Some(&p) if p != NO_PARENT => at = p,
                _ => break,
            }
        }
    }
}

fn report_cycle(entry: u32, parent: &[u32], specs: &[Option<OrgSpec>], problems: &mut Vec<Problem>) {
    let mut members = vec![entry];
    let mut at = parent.get(entry as usize).copied().unwrap_or(entry);
    while at != entry && members.len() <= parent.len() {
        members.push(at);
        at = parent.get(at as usize).copied().unwrap_or(entry);
    }
    let lowest = members.iter().copied().min().unwrap_or(entry);
    let id_of = |i: u32| {
        specs
            .get(i as usize)
            .and_then(|s| s.as_ref())
            .map_or("?", |s| s.id.as_str())
    };
    // Name the cycle starting from its lowest member, following parent links.
    let start = members.iter().position(|&m| m == lowest).unwrap_or(0);
    let mut chain: Vec<&str> = members
        .iter()
        .cycle()
        .skip(start)
        .take(members.len())
        .map(|&m| id_of(m))
        .collect();
    chain.push(id_of(lowest));
    problems.push(problem(
        lowest as usize,
        "parent",
        format!("parent links form a cycle: {}", chain.join(" -> ")),
    ));
}

/// Depth and community root of every org, parents resolved before children
/// by an explicit stack.
fn depths_and_roots(parent: &[u32]) -> (Vec<u32>, Vec<u32>) {
    const UNKNOWN: u32 = u32::MAX;
    let mut depth = vec![UNKNOWN; parent.len()];
    let mut root = vec![UNKNOWN; parent.len()];
    let mut pending = Vec::new();
    for start in 0..parent.len() as u32 {
        let mut at = start;
        while depth.get(at as usize) == Some(&UNKNOWN) {
            pending.push(at);
            match parent.get(at as usize) {
                Some(&p) if p != NO_PARENT => at = p,
                _ => break,
            }
        }
        while let Some(org) = pending.pop() {
            let (d, r) = match parent.get(org as usize) {
                Some(&p) if p != NO_PARENT => (
                    depth.get(p as usize).map_or(0, |d| d.saturating_add(1)),
                    root.get(p as usize).copied().unwrap_or(org),
                ),
                _ => (0, org),
            };
            if let (Some(ds), Some(rs)) = (depth.get_mut(org as usize), root.get_mut(org as usize)) {
                *ds = d;
                *rs = r;
            }
        }
    }
    (depth, root)
}

/// Children lists in compressed form: one offsets array, one flat list.
fn child_lists(parent: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut count = vec![0u32; parent.len() + 1];
    for &p in parent {
        if let Some(c) = count.get_mut(p as usize) {
            *c += 1;
        }
    }
    let mut start = Vec::with_capacity(parent.len() + 1);
    let mut total = 0u32;
    for c in count.iter().take(parent.len()) {
        start.push(total);
        total += c;
    }
    start.push(total);
    let mut next = start.clone();
    let mut children = vec![0u32; total as usize];
    for (child, &p) in parent.iter().enumerate() {
        if let Some(slot) = next.get_mut(p as usize) {
            if let Some(c) = children.get_mut(*slot as usize) {
                *c = child as u32;
            }
            *slot += 1;
        }
    }
    (start, children)
}
